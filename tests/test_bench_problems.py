"""Tests of the benchmark's instance handling (minix/bench/problems.py) and of the peer
runners' data conversions (minix/bench/peers.py): every runner must hand back canonical
x, s, z that the independent verifier accepts, whatever form the solver wanted."""
import math

import numpy as np
import pytest
import scipy.sparse as sp

from conftest import data_path
from minix.bench import peers, problems, verify
from minix.cones import PSD, SOC, Exp, NonNeg, Pow, Zero
from minix.problem import Problem

SQ2 = math.sqrt(2.0)


def test_discover_filter_size_reference_expected():
    maros = data_path("maros")
    insts = problems.discover([maros], pattern="^HS2", max_size=100)
    names = [i.name for i in insts]
    assert names == sorted(names, key=str.lower) and "HS21" in names
    assert all(n.upper().startswith("HS2") for n in names)
    hs21 = next(i for i in insts if i.name == "HS21")
    assert hs21.reference == pytest.approx(-99.96, abs=1e-6) and hs21.reference_has_constant
    assert hs21.expected == "solved" and hs21.size == 2 + 3
    assert problems.discover([maros], pattern="^AUG2D$", max_size=1000) == []
    netlib = data_path("netlib")
    afiro = problems.discover([netlib], pattern="^afiro$")[0]
    assert afiro.reference == pytest.approx(-464.753142857, rel=1e-9)
    assert not afiro.reference_has_constant  # Netlib references exclude z0
    inf = problems.discover([netlib / "infeasible"], pattern="box1")[0]
    assert inf.expected == "primal_infeasible" and inf.reference is None


def test_fallback_reader_matches_minix_io():
    pytest.importorskip("minix.io")
    for rel in (("maros", "PRIMALC1.mat"), ("maros", "HS21.mat"),
                ("netlib", "feasible", "afiro.mat"), ("netlib", "infeasible", "lpi_box1.mat")):
        path = data_path(*rel)
        a = problems.load_problem(path)        # minix.io + rounded-1e20 rows dropped
        b = problems.read_mat_fallback(path)
        assert a.cones == b.cones and a.constant == b.constant
        assert np.abs(a.b).max() < 1e19
        # same rows up to order within a cone block: compare sorted row data
        key = lambda p: sorted(zip(np.round(p.b, 12), np.round(  # noqa: E731
            np.asarray(abs(p.A).sum(axis=1)).ravel(), 9)))
        assert key(a) == key(b)


def test_drop_infinite_rows_keeps_other_cones():
    A = sp.csc_matrix(np.arange(1.0, 9.0).reshape(4, 2))
    prob = Problem(P=None, q=np.ones(2), A=A, b=np.array([0.0, 9.99e19, 1.0, 2.0]),
                   cones=[Zero(1), NonNeg(2), SOC(1)],
                   meta={"row_source": np.arange(4)})
    out = problems.drop_infinite_rows(prob)
    assert out.cones == [Zero(1), NonNeg(1), SOC(1)]
    np.testing.assert_array_equal(out.b, [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(out.meta["row_source"], [0, 2, 3])
    assert out.meta["bench_dropped_infinite_rows"] == 1
    assert problems.drop_infinite_rows(out) is out


def bounded_qp():
    """min ½(x1² + x2²) - x1 - 3x2  s.t.  x1 + x2 = 1 (Zero), x2 <= 0.75, -x1 <= 0,
    2 x2 <= 4 (a looser duplicate bound), x1 - x2 <= 5.
    Optimum x = (0.25, 0.75): the bound x2 <= 0.75 is active."""
    A = sp.csc_matrix(np.array([[1.0, 1.0], [0.0, 1.0], [-1.0, 0.0], [0.0, 2.0],
                                [1.0, -1.0]]))
    return Problem(P=sp.csc_matrix(np.eye(2)), q=np.array([-1.0, -3.0]), A=A,
                   b=np.array([1.0, 0.75, 0.0, 4.0, 5.0]), cones=[Zero(1), NonNeg(4)])


def _check(name, prob, ref, tol=1e-8):
    r = peers.get_runner(name)
    if r.available():
        pytest.skip(r.available())
    out = r.solve(prob, peers.SolveSettings(tol=tol, time_limit=10))
    assert out.status == "SOLVED", (name, out.raw_status)
    v = verify.verify_problem(prob, out.x, out.s, out.z, tol=tol, slack=100,
                              reference=ref)
    assert v.verdict == "solved", (name, v)
    assert out.wall_time > 0 and out.iterations >= 0
    return out


@pytest.mark.parametrize("name", ["clarabel", "piqp", "osqp", "scs", "minix"])
def test_qp_runners_return_canonical_duals(name):
    out = _check(name, bounded_qp(), ref=0.5 * (0.25**2 + 0.75**2) - 0.25 - 2.25,
                 tol=1e-7 if name in ("osqp", "scs") else 1e-8)
    np.testing.assert_allclose(out.x, [0.25, 0.75], atol=1e-4)
    if name == "piqp":
        # rows 1, 2, 3 became variable bounds; the tight one carries the multiplier
        assert out.z[1] > 0.1 and abs(out.z[3]) < 1e-6


def conic_problem():
    """min t - u + w - y  over x = (t, u, w, y) with
         (t, 1, 1) ∈ SOC                       → t >= √2
         (u, 1, e) ∈ Exp:  e^u <= e            → u <= 1
         [[w, 1], [1, w]] ⪰ 0 (svec (w, √2, w)) → w >= 1
         (1, 1, y) ∈ Pow(0.5):  |y| <= 1       → y <= 1
    each active at the optimum with a nonzero multiplier; optimum √2 - 1 + 1 - 1 = √2 - 1."""
    # variables: x = (t, u, w, y)
    rows, b, cones = [], [], []
    def row(coefs, rhs):
        r = np.zeros(4)
        for j, c in coefs:
            r[j] = c
        rows.append(r)
        b.append(rhs)
    # SOC: s = (t, 1, 1)  → A row -t, b = 0; rows with b = 1
    row([(0, -1.0)], 0.0); row([], 1.0); row([], 1.0)
    cones.append(SOC(3))
    # Exp: s = (u, 1, e)
    row([(1, -1.0)], 0.0); row([], 1.0); row([], math.e)
    cones.append(Exp())
    # PSD(2): svec (w, √2·1, w)
    row([(2, -1.0)], 0.0); row([], SQ2); row([(2, -1.0)], 0.0)
    cones.append(PSD(2))
    # Pow(0.5): s = (1, 1, y): |y| <= 1
    row([], 1.0); row([], 1.0); row([(3, -1.0)], 0.0)
    cones.append(Pow(0.5))
    A = sp.csc_matrix(np.array(rows))
    return Problem(P=None, q=np.array([1.0, -1.0, 1.0, -1.0]), A=A, b=np.array(b),
                   cones=cones)


@pytest.mark.parametrize("name", ["clarabel", "scs"])
def test_conic_runners_map_cone_orders(name):
    out = _check(name, conic_problem(), ref=SQ2 - 1.0, tol=1e-7)
    np.testing.assert_allclose(out.x, [SQ2, 1.0, 1.0, 1.0], atol=1e-3)


def test_ecos_exponential_cone_order():
    """ECOS's exponential cone swaps the last two entries; drop PSD and Pow (unsupported)."""
    prob = conic_problem()
    keep = np.arange(6)
    prob = Problem(P=None, q=np.array([1.0, -1.0]), A=sp.csc_matrix(prob.A)[keep][:, :2],
                   b=prob.b[keep], cones=prob.cones[:2])
    _check("ecos", prob, ref=SQ2 - 1.0)
    assert peers.get_runner("ecos").unsupported(conic_problem()) is not None
    assert peers.get_runner("ecos").unsupported(bounded_qp()) is not None  # P ≠ 0
