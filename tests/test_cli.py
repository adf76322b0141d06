"""End-to-end tests of the `minix` command line (minix/cli.py) through subprocesses:
`minix solve` on tiny files with known answers (solved, infeasible, unbounded, limit,
unreadable → their exit codes) and `minix bench` on a folder of them (CSV, summary)."""
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.io as sio
import scipy.sparse as sp

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def _has_solve() -> bool:
    try:
        import minix
        return callable(getattr(minix, "solve", None))
    except Exception:
        return False


needs_solve = pytest.mark.skipif(not _has_solve(),
                                 reason="minix.solve is not available (core not built)")


def run_cli(*args, timeout=60):
    env = dict(os.environ)  # the minix that the tests import: installed, or PYTHONPATH's
    return subprocess.run([sys.executable, "-m", "minix.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=str(REPO))


def write_maros(path, P, q, r, A, l, u):
    """A Maros-Meszaros style .mat file: min ½xᵀPx + qᵀx + r s.t. l <= Ax <= u."""
    A = sp.csc_matrix(np.asarray(A, dtype=float))
    sio.savemat(path, {"P": sp.csc_matrix(np.asarray(P, dtype=float)),
                       "q": np.asarray(q, dtype=float).reshape(-1, 1),
                       "r": np.array([[float(r)]]), "A": A,
                       "l": np.asarray(l, dtype=float).reshape(-1, 1),
                       "u": np.asarray(u, dtype=float).reshape(-1, 1),
                       "n": np.array([[A.shape[1]]]), "m": np.array([[A.shape[0]]])})


@pytest.fixture
def tiny(tmp_path):
    """Three tiny instances with known outcomes."""
    d = tmp_path / "tiny"
    d.mkdir()
    # HS21: min 0.01 x1² + x2² - 100  s.t.  10 x1 - x2 >= 10, 2 <= x1 <= 50,
    # -50 <= x2 <= 50.  Optimum x = (2, 0), objective -99.96 (Maros-Meszaros HS21).
    write_maros(d / "HS21T.mat", np.diag([0.02, 2.0]), [0, 0], -100.0,
                [[10, -1], [1, 0], [0, 1]], [10, 2, -50], [1e20, 50, 50])
    # infeasible: x1 + x2 <= -1 with x >= 0
    write_maros(d / "INFEAS.mat", np.zeros((2, 2)), [1, 1], 0.0,
                [[1, 1], [1, 0], [0, 1]], [-1e20, 0, 0], [-1, 1e20, 1e20])
    # unbounded: min -x1 - x2 s.t. x1 - x2 = 0, x >= 0
    write_maros(d / "UNBND.mat", np.zeros((2, 2)), [-1, -1], 0.0,
                [[1, -1], [1, 0], [0, 1]], [0, 0, 0], [0, 1e20, 1e20])
    return d


def test_help_lists_exit_codes(capsys):
    """Argument handling runs in-process (fast); solving goes through subprocesses below."""
    from minix import cli
    with pytest.raises(SystemExit) as e:
        cli.main(["solve", "--help"])
    assert e.value.code == 0
    text = capsys.readouterr().out
    for line in ("0  solved", "4  primal infeasible", "5  dual infeasible",
                 "6  stopped", "8  input error"):
        assert line in text
    with pytest.raises(SystemExit) as e:
        cli.main(["bench", "--help"])
    text = capsys.readouterr().out
    assert "--time-limit" in text and "--baseline" in text
    with pytest.raises(SystemExit) as e:
        cli.main([])
    assert e.value.code == 2  # no command: usage error


def test_unreadable_file_exit_code(tmp_path, capsys):
    from minix import cli
    assert cli.main(["solve", str(tmp_path / "missing.mps")]) == 8
    assert "missing.mps" in capsys.readouterr().err
    bad = tmp_path / "bad.mat"
    bad.write_text("not a mat file")
    assert cli.main(["solve", str(bad), "--quiet"]) == 8


@needs_solve
def test_solve_known_qp_and_json(tiny, tmp_path):
    out = tmp_path / "sol.json"
    r = run_cli("solve", str(tiny / "HS21T.mat"), "--output", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "iter" in r.stdout  # the verbose iteration log
    assert "status:      SOLVED" in r.stdout
    assert "-99.96" in r.stdout and "verified:    solved" in r.stdout
    doc = json.loads(out.read_text())
    assert doc["status"] == "SOLVED"
    assert doc["objective"] == pytest.approx(-99.96, abs=1e-6)
    assert doc["x"] == pytest.approx([2.0, 0.0], abs=1e-6)
    assert doc["verification"]["pres"] < 1e-7


@needs_solve
def test_solve_mps_maximisation_with_constant():
    """examples/lp_small.mps maximises 3x + 2y - z + 10; known optimum 19."""
    r = run_cli("solve", str(EXAMPLES / "lp_small.mps"), "--quiet", "--tol", "1e-9")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "maximize" in r.stdout
    obj = float(r.stdout.split("objective:")[1].split()[0])
    assert obj == pytest.approx(19.0, abs=1e-6)
    assert "iter " not in r.stdout  # --quiet: no log


@needs_solve
def test_solve_infeasible_unbounded_and_limit_exit_codes(tiny):
    r = run_cli("solve", str(tiny / "INFEAS.mat"), "--quiet")
    assert r.returncode == 4, r.stdout + r.stderr
    assert "PRIMAL_INFEASIBLE" in r.stdout and "verified:    primal_infeasible" in r.stdout
    r = run_cli("solve", str(tiny / "UNBND.mat"), "--quiet")
    assert r.returncode == 5, r.stdout + r.stderr
    assert "verified:    dual_infeasible" in r.stdout
    r = run_cli("solve", str(tiny / "HS21T.mat"), "--quiet", "--max-iter", "1")
    assert r.returncode == 6, r.stdout + r.stderr
    assert "MAX_ITERATIONS" in r.stdout


def test_bench_unknown_solver_and_empty_selection(tiny, capsys):
    from minix import cli
    assert cli.main(["bench", str(tiny), "--solvers", "nosuch"]) == 2
    assert cli.main(["bench", str(tiny), "--filter", "^zzz$"]) == 2
    assert cli.main(["bench", str(tiny / "nothere")]) == 2
    assert cli.main(["bench", str(tiny), "--list"]) == 0
    assert "HS21T" in capsys.readouterr().out


@needs_solve
def test_bench_end_to_end(tiny, tmp_path):
    pytest.importorskip("clarabel")
    out = tmp_path / "res.csv"
    r = run_cli("bench", str(tiny), "--solvers", "minix,clarabel",
                "--filter", "HS21T|INFEAS", "--time-limit", "10", "--out", str(out),
                "--table", timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "[   1/4]" in r.stdout and "[   4/4]" in r.stdout
    rows = list(csv.DictReader(open(out)))
    assert len(rows) == 4
    by = {(x["problem"], x["solver"]): x for x in rows}
    for s in ("minix", "clarabel"):
        assert by[("HS21T", s)]["verdict"] == "solved"
        assert by[("HS21T", s)]["verified"] == "True"
        assert float(by[("HS21T", s)]["obj"]) == pytest.approx(-99.96, abs=1e-6)
        # a tiny solve is repeated (the default 5 times) and timed by the median
        assert int(by[("HS21T", s)]["runs"]) == 5 and float(by[("HS21T", s)]["time_first"]) > 0
        # no expected outcome for files outside the data collections: a verified
        # infeasibility certificate counts
        assert by[("INFEAS", s)]["verdict"] == "primal_infeasible"
        assert by[("INFEAS", s)]["verified"] == "True"
    assert float(by[("HS21T", "clarabel")]["ratio"]) == pytest.approx(1.0)
    summary = r.stdout.split("SGM time")[1]
    assert "minix" in summary and "clarabel" in summary
