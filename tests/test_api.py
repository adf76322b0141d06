"""The Python API contract: settings and statuses mirror the C core, bad input raises a
clear error naming the problem, the GIL is released during a solve, the log can be routed
to a Python stream, and Ctrl-C returns Interrupted with the best iterate."""
import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import fields

import numpy as np
import pytest
import scipy.sparse as sp

import minix
from minix._minix_cffi import ffi, lib


def lp():
    q = np.array([-1.0, -2.0])
    A = sp.csc_matrix(np.array([[1.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]))
    return None, q, A, np.array([1.0, 0.0, 0.0]), [minix.NonNeg(3)]


def test_settings_mirror_c_defaults():
    st = ffi.new("MinixSettings *")
    lib.minix_settings_default(st)
    c_fields = [name for name, _ in ffi.typeof("MinixSettings").fields]
    py = minix.Settings()
    assert [f.name for f in fields(minix.Settings)] == c_fields
    for name in c_fields:
        c_val, py_val = getattr(st, name), getattr(py, name)
        if isinstance(py_val, bool):
            assert bool(c_val) == py_val, name
        elif isinstance(py_val, int):
            assert c_val == py_val, name
        else:
            assert c_val == pytest.approx(py_val, rel=1e-15), name


def test_status_enum_matches_c():
    for status in minix.Status:
        assert getattr(lib, "MINIX_" + status.name) == status.value
    assert lib.MINIX_STATUS__COUNT == len(minix.Status)
    for status in minix.Status:
        assert ffi.string(lib.minix_status_str(status.value)).decode() != "Unknown"


def test_cone_kinds_match_c():
    assert (minix.Zero(1).kind, minix.NonNeg(1).kind, minix.SOC(1).kind, minix.Exp().kind,
            minix.Pow(0.5).kind, minix.PSD(1).kind) == (lib.MINIX_CONE_ZERO, lib.MINIX_CONE_NONNEG,
                                                       lib.MINIX_CONE_SOC, lib.MINIX_CONE_EXP,
                                                       lib.MINIX_CONE_POW, lib.MINIX_CONE_PSD)


def test_cone_specs_are_what_the_core_reads():
    """Each cone carries its MinixConeSpec triple (kind, dim, alpha): Exp and Pow with
    dim 3, PSD with its order (the core counts its svec rows)."""
    cones = [minix.Zero(2), minix.NonNeg(3), minix.SOC(4), minix.Exp(), minix.Pow(0.3),
             minix.PSD(3)]
    assert [c.spec for c in cones] == [(lib.MINIX_CONE_ZERO, 2, 0.0), (lib.MINIX_CONE_NONNEG, 3, 0.0),
                                       (lib.MINIX_CONE_SOC, 4, 0.0), (lib.MINIX_CONE_EXP, 3, 0.0),
                                       (lib.MINIX_CONE_POW, 3, 0.3), (lib.MINIX_CONE_PSD, 3, 0.0)]


def test_results_are_copies_that_outlive_the_next_solve():
    """x, s and z come out of the core in one copy (with the info): each its own slice,
    unchanged by a later solve of the same Solver with new data."""
    P, q, A, b, cones = lp()
    solver = minix.Solver(P, q, A, b, cones)
    first = solver.solve()
    x, s, z, obj = first.x.copy(), first.s.copy(), first.z.copy(), first.obj_val
    assert (first.x.shape, first.s.shape, first.z.shape) == ((2,), (3,), (3,))
    solver.update(q=np.array([-2.0, -1.0]))
    second = solver.solve()
    assert second.status == minix.Status.SOLVED and first.status == minix.Status.SOLVED
    np.testing.assert_array_equal(first.x, x)
    np.testing.assert_array_equal(first.s, s)
    np.testing.assert_array_equal(first.z, z)
    assert first.obj_val == obj and first.info["iterations"] == first.iterations
    np.testing.assert_allclose(x, [0.0, 1.0], atol=1e-7)
    np.testing.assert_allclose(second.x, [1.0, 0.0], atol=1e-7)
    np.testing.assert_allclose(first.s, b - A @ first.x, atol=1e-7)


def test_phase_timings_are_seconds_within_the_solve():
    """The loop's phase timers count a cheap tick (the TSC on x86) and are turned into
    seconds at the end of the solve: each phase is non-negative, they add up to no more than
    the solve, and the factorizations and KKT solves take some of it."""
    rng = np.random.default_rng(3)
    n, m = 60, 90
    A = sp.random(m, n, density=0.2, random_state=rng, format="csc") + sp.eye(m, n, format="csc")
    P = sp.diags(rng.uniform(0.5, 2.0, n), format="csc")
    b = rng.uniform(0.5, 1.5, m)
    res = minix.solve(P, rng.standard_normal(n), A.tocsc(), b, [minix.NonNeg(m)])
    assert res.status == minix.Status.SOLVED
    T = res.info["timings"]
    loop = ("residuals", "scaling", "kkt_update", "factor", "kkt_solve", "step", "termination")
    assert all(T[k] >= 0.0 for k in loop)
    assert T["solve"] == res.solve_time
    assert sum(T[k] for k in loop) <= T["solve"] * 1.001
    assert T["factor"] > 0.0 and T["kkt_solve"] > 0.0


def test_version_matches_core():
    assert minix.__version__ == ffi.string(lib.minix_version()).decode()


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(q=np.array([np.nan, 1.0])), r"q\[0\] is not finite"),
    (lambda d: d.update(b=np.array([1.0, np.inf, 0.0])), r"b\[1\] is not finite"),
    (lambda d: d.update(b=np.ones(4)), "b has length 4, expected 3"),
    (lambda d: d.update(A=sp.csc_matrix(np.ones((3, 3)))), "A has 3 columns"),
    (lambda d: d.update(A=sp.csc_matrix(np.array([[1.0, np.nan], [0, 1], [1, 0]]))), "non-finite"),
    (lambda d: d.update(cones=[minix.NonNeg(2)]), "cone sizes add up to 2"),
    (lambda d: d.update(P=sp.csc_matrix(np.array([[2.0, 1.0], [0.0, 2.0]]))), None),
    (lambda d: d.update(P=sp.csc_matrix(np.array([[1.0, 2.0], [3.0, 1.0]]))), "not symmetric"),
    (lambda d: d.update(P=sp.csc_matrix(np.array([[1.0, 0.0], [2.0, 1.0]]))), "lower triangle"),
    (lambda d: d.update(P=np.eye(3)), "P has shape"),
    (lambda d: d.update(P=np.array([[1.0, 0.0], [0.0, -1.0]])), "not positive semidefinite"),
    (lambda d: d.update(cones=[minix.Exp()]), "exponential cones are not supported yet"),
])
def test_invalid_input_is_reported(mutate, message):
    P, q, A, b, cones = lp()
    data = dict(P=P, q=q, A=A, b=b, cones=cones)
    mutate(data)
    if message is None:  # an upper triangle is valid input
        minix.solve(**data)
        return
    with pytest.raises(ValueError, match=message):
        minix.solve(**data)


def test_unknown_setting_is_a_type_error():
    with pytest.raises(TypeError, match="max_iters"):
        minix.solve(*lp(), max_iters=5)


def test_invalid_setting_value_names_the_field():
    with pytest.raises(minix.MinixError, match="max_step_fraction"):
        minix.solve(*lp(), max_step_fraction=2.0)


def test_update_settings_refuses_setup_only_fields():
    solver = minix.Solver(*lp())
    solver.update_settings(max_iter=50, tol_feas=1e-9)
    with pytest.raises(minix.MinixError, match="fixed at setup"):
        solver.update_settings(soc_dense_max_dim=10)


def test_log_goes_to_python_stream():
    buf = io.StringIO()
    res = minix.solve(*lp(), verbose=True, stream=buf)
    text = buf.getvalue()
    assert res.status == minix.Status.SOLVED
    assert "iter    pcost" in text and "terminated with status = Solved" in text


def _slow_problem(n=20000, seed=0):
    """A sparse box-constrained QP (tridiagonal P) that takes a few hundred milliseconds."""
    rng = np.random.default_rng(seed)
    band = sp.diags([rng.standard_normal(n - k) for k in range(3)], [0, 1, 2], format="csc")
    A = sp.vstack([band, sp.identity(n), -sp.identity(n)]).tocsc()  # banded: little fill
    P = sp.diags([np.full(n - 1, -1.0), np.full(n, 2.5), np.full(n - 1, -1.0)], [-1, 0, 1], format="csc")
    return P, rng.standard_normal(n), A, np.ones(3 * n), [minix.NonNeg(3 * n)]


def test_gil_released_during_solve():
    """While one thread solves, another keeps running Python code."""
    data = _slow_problem()
    ticks = []  # presolve is off below so that the solve itself is what runs in C
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    start = time.perf_counter()
    minix.solve(*data, presolve_enable=False)
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    during = [x for x in ticks if start < x < start + elapsed]
    assert elapsed < 0.05 or len(during) >= 3


def test_ctrl_c_returns_interrupted():
    code = textwrap.dedent(f"""
        import os, signal, sys, threading, time
        sys.path.insert(0, {os.path.dirname(__file__)!r})
        import minix
        from test_api import _slow_problem
        P, q, A, b, cones = _slow_problem(n=2000)

        class Log:
            # the first iteration line arms the signal, so it lands inside the C solve
            armed = False
            def write(self, text):
                if not self.armed and text.lstrip().startswith("1 "):
                    self.armed = True
                    os.kill(os.getpid(), signal.SIGINT)

        res = minix.solve(P, q, A, b, cones, max_iter=100000, tol_feas=0, tol_gap_abs=0,
                          tol_gap_rel=0, verbose=True, stream=Log(), presolve_enable=False)
        print(res.status.name, res.iterations, bool(res.x.size and all(map(lambda v: v == v, res.x))))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    status, iterations, finite = out.stdout.split()
    assert status == "INTERRUPTED"
    assert finite == "True"  # the best iterate comes back
