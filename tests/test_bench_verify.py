"""Tests of the benchmark harness pieces that need no solver: the independent verifier
(minix/bench/verify.py) on hand-made points with known measures, cone distances against
exact values, the report (shifted geometric means, ratios, CSV) on fake results, and the
runner's subprocess handling (timeout kill, crash) with stand-in workers."""
import math
import os
import subprocess
import sys
import time

import numpy as np
import pytest
import scipy.sparse as sp

from minix.bench import report, runner, verify
from minix.bench.problems import Instance
from minix.cones import PSD, SOC, Exp, NonNeg, Pow, Zero

SQ2 = math.sqrt(2.0)


# ----------------------------------------------------------------------------------------
# Small problems with known solutions


def simplex_lp():
    """min x1 + x2  s.t.  x1 + x2 = 1 (Zero row), x >= 0 (rows -x + s = 0, NonNeg).
    Optimum 1 on the whole simplex; dual z = (-1, 0, 0) (q + Aᵀz = 0, bᵀz = -1)."""
    A = sp.csc_matrix(np.array([[1.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]))
    b = np.array([1.0, 0.0, 0.0])
    q = np.array([1.0, 1.0])
    return None, q, A, b, [Zero(1), NonNeg(2)]


def test_correct_solution_measures_zero():
    P, q, A, b, K = simplex_lp()
    x = np.array([0.5, 0.5])
    s = np.array([0.0, 0.5, 0.5])
    z = np.array([-1.0, 0.0, 0.0])
    v = verify.verify(P, q, A, b, K, x, s, z, tol=1e-8, reference=1.0)
    assert v.verdict == "solved"
    assert v.pres == 0.0 and v.dres == 0.0 and v.gap == 0.0
    assert v.s_cone == 0.0 and v.z_cone == 0.0
    assert v.pobj == 1.0 and v.dobj == 1.0 and v.obj_err == 0.0


def test_slightly_wrong_primal_point():
    P, q, A, b, K = simplex_lp()
    x = np.array([0.5, 0.5 + 1e-6])  # s left as for the exact point
    s = np.array([0.0, 0.5, 0.5])
    z = np.array([-1.0, 0.0, 0.0])
    v = verify.verify(P, q, A, b, K, x, s, z, tol=1e-8)
    # Ax + s - b = (1e-6, 0, -1e-6); normaliser 1 + max(‖b‖=1, ‖Ax‖=1+1e-6, ‖s‖=0.5)
    assert v.pres == pytest.approx(1e-6 / (2 + 1e-6), rel=1e-9)
    assert v.dres == 0.0
    # gap = |qᵀx + bᵀz| / (1 + min(|pobj|, |dobj|)) = 1e-6 / 2
    assert v.gap == pytest.approx(1e-6 / 2, rel=1e-6)
    assert v.verdict == "unverified" and "pres" in v.notes[0]
    # the same point passes a looser requested tolerance (threshold = 10 · tol)
    assert verify.verify(P, q, A, b, K, x, s, z, tol=1e-6).verdict == "solved"


def test_complementarity_hidden_by_the_objective_gap():
    """Residuals within tolerance can cancel complementarity in the objective gap
    (gap = s'z + rd'x - rp'z): the point below has gap 0 and dres 5e-8, yet s'z is 5e-5 of
    the objective, and the objective is that far from the optimum."""
    A = sp.csc_matrix(np.array([[1.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]))
    b = np.array([1e6, 0.0, 0.0])
    q = np.array([1e-3, 1e-3])
    K = [Zero(1), NonNeg(2)]
    x = np.array([5e5, 5e5])
    s = np.array([0.0, 5e5, 5e5])
    z = np.array([-1e-3, 5e-8, 5e-8])
    v = verify.verify(None, q, A, b, K, x, s, z, tol=1e-8)
    assert v.gap == 0.0 and v.pres == 0.0 and v.dres <= 1e-7
    assert v.compl == pytest.approx(5e-8 * 1e6 / (1.0 + 1e3), rel=1e-9)
    assert v.verdict == "unverified" and "compl" in v.notes[0]
    z_opt = np.array([-1e-3, 0.0, 0.0])
    assert verify.verify(None, q, A, b, K, x, s, z_opt, tol=1e-8).verdict == "solved"


def test_wrong_dual_cone():
    """z = (-2, -1, -1) satisfies Px + q + Aᵀz = 0 but z ∉ K* (negative on NonNeg)."""
    P, q, A, b, K = simplex_lp()
    x = np.array([0.5, 0.5])
    s = np.array([0.0, 0.5, 0.5])
    z = np.array([-2.0, -1.0, -1.0])
    v = verify.verify(P, q, A, b, K, x, s, z)
    assert v.dres == 0.0
    assert v.z_cone == pytest.approx(1.0 / 3.0)          # dist 1 / (1 + ‖z‖ = 2)
    assert v.gap == pytest.approx(1.0 / 2.0)             # |1 - 2| / (1 + min(1, 2))
    assert v.verdict == "unverified"


def test_zero_cone_slack_counts_as_violation():
    P, q, A, b, K = simplex_lp()
    x = np.array([0.5, 0.5])
    s = np.array([0.25, 0.5, 0.5])          # s must be 0 on the Zero block
    z = np.array([-1.0, 0.0, 0.0])
    v = verify.verify(P, q, A, b, K, x, s, z)
    assert v.s_cone == pytest.approx(0.25 / 2.0)  # 0.25 / (1 + max(‖b‖, ‖Ax‖, ‖s‖) = 2)
    assert v.pres == pytest.approx(0.25 / 2.0)   # and Ax + s - b = (0.25, 0, 0)
    assert v.verdict == "unverified"


def test_reference_objective_mismatch():
    P, q, A, b, K = simplex_lp()
    x, s, z = np.array([0.5, 0.5]), np.array([0.0, 0.5, 0.5]), np.array([-1.0, 0, 0])
    v = verify.verify(P, q, A, b, K, x, s, z, reference=1.5)
    assert v.verdict == "wrong_objective"
    assert v.obj_err == pytest.approx(0.5 / 2.5)
    # the constant is added before comparing
    v = verify.verify(P, q, A, b, K, x, s, z, reference=1.5, constant=0.5)
    assert v.verdict == "solved"
    # a constant cancelling most of the objective does not tighten the test: the error is
    # relative to the constant-free part too. Costs × 1000: pobj = 1000, constant -990,
    # file objective 10, reference off by 1e-4 → 1e-4 / (1 + 1000), not 1e-4 / 11
    v = verify.verify(P, 1000 * q, A, b, K, x, s, 1000 * z, reference=10 + 1e-4,
                      constant=-990.0)
    assert v.obj_err == pytest.approx(1e-4 / 1001, rel=1e-6) and v.verdict == "solved"


def test_unconstrained_qp_and_upper_vs_full_P():
    """min ½·(2x1² + 2x1x2 + 2x2²) - 2x1 - 4x2: optimum x = (0, 2), objective -4."""
    full = sp.csc_matrix(np.array([[2.0, 1.0], [1.0, 2.0]]))
    upper = sp.triu(full, format="csc")
    q = np.array([-2.0, -4.0])
    A = sp.csc_matrix((0, 2))
    b = np.zeros(0)
    x = np.array([0.0, 2.0])
    for P in (full, upper):
        v = verify.verify(P, q, A, b, [], x, np.zeros(0), np.zeros(0), reference=-4.0)
        assert v.verdict == "solved"
        assert v.pobj == pytest.approx(-4.0) and v.dobj == pytest.approx(-4.0)
        assert v.dres == 0.0


def test_soc_solution_and_violation():
    """min t s.t. (t, 1) ∈ SOC: rows s = b - Ax with A = [-1; 0], b = (0, 1).
    Optimum t = 1, dual z = (1, -1) on the boundary of SOC (self-dual)."""
    A = sp.csc_matrix(np.array([[-1.0], [0.0]]))
    b = np.array([0.0, 1.0])
    q = np.array([1.0])
    K = [SOC(2)]
    v = verify.verify(None, q, A, b, K, np.array([1.0]), np.array([1.0, 1.0]),
                      np.array([1.0, -1.0]), reference=1.0)
    assert v.verdict == "solved" and v.gap == 0.0 and v.s_cone == 0.0
    # t = 0.9: s = (0.9, 1) is outside; distance (‖x‖ - t)/√2 = 0.1/√2
    v = verify.verify(None, q, A, b, K, np.array([0.9]), np.array([0.9, 1.0]),
                      np.array([1.0, -1.0]))
    assert v.s_cone == pytest.approx((0.1 / SQ2) / 2.0)
    assert v.verdict == "unverified"


def test_primal_infeasibility_certificate():
    """x >= 0 and x1 + x2 = -1 is infeasible; z = (1, 1, 1): Aᵀz = 0, bᵀz = -1, z ∈ K*."""
    A = sp.csc_matrix(np.array([[1.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]))
    b = np.array([-1.0, 0.0, 0.0])
    q = np.array([1.0, 0.0])
    K = [Zero(1), NonNeg(2)]
    v = verify.verify(None, q, A, b, K, None, None, np.array([1.0, 1.0, 1.0]))
    assert v.pinf == 0.0 and v.verdict == "primal_infeasible"
    # a z with a negative NonNeg entry is no certificate: dist 0.5 / (-bᵀz = 1)
    v = verify.verify(None, q, A, b, K, None, None, np.array([1.0, 1.0, -0.5]))
    assert v.pinf == pytest.approx(1.5)  # ‖Aᵀz‖ = 1.5 dominates the 0.5 cone distance
    assert v.verdict == "unverified"
    # scaled certificate: same ratio
    v = verify.verify(None, q, A, b, K, None, None, np.array([1e-3, 1e-3, 1e-3]))
    assert v.verdict == "primal_infeasible"


def test_dual_infeasibility_certificate():
    """min -x1 s.t. x >= 0 (A = -I, b = 0) is unbounded along x = (1, 0)."""
    A = sp.csc_matrix(-np.eye(2))
    b = np.zeros(2)
    q = np.array([-1.0, 0.0])
    K = [NonNeg(2)]
    x = np.array([1.0, 0.0])
    v = verify.verify(sp.csc_matrix(np.diag([0.0, 1.0])), q, A, b, K, x, None, None)
    assert v.dinf == 0.0 and v.verdict == "dual_infeasible"
    # with P = diag(1, 0) the direction is not one of recession: ‖Px‖/(-qᵀx) = 1
    v = verify.verify(sp.csc_matrix(np.diag([1.0, 0.0])), q, A, b, K, x, None, None)
    assert v.dinf == pytest.approx(1.0) and v.verdict == "unverified"
    # a direction leaving the cone: -Ax = (1, -0.5) is 0.5 away from NonNeg
    v = verify.verify(None, q, A, b, K, np.array([1.0, -0.5]), None, None)
    assert v.dinf == pytest.approx(0.5) and v.verdict == "unverified"


def test_certificate_must_be_a_ray():
    """A large q lets a short x pass the ratio test without being a ray: x = (1e-8, 0) for
    min -1e9 x1 s.t. x1 <= 1 has q'x = -10 and |Ax + s| = 1e-8 (s = 0), ratio 1e-9, but
    its violation is the whole of |x|: no certificate (Netlib dfl001's false "unbounded")."""
    A = sp.csc_matrix(np.array([[1.0], [-1.0]]))
    b = np.array([1.0, 0.0])
    q = np.array([-1e9])
    K = [NonNeg(2)]
    x = np.array([1e-8])
    v = verify.verify(None, q, A, b, K, x, np.zeros(2), None)
    assert v.dinf <= 1e-8 and v.dray == pytest.approx(1.0)
    assert v.verdict == "unverified"
    # the same holds on the primal side with a large b
    v = verify.verify(None, np.zeros(1), A, np.array([-1e9, 0.0]), K, None, None,
                      np.array([1e-8, 0.0]))
    assert v.pinf <= 1e-8 and v.pray == pytest.approx(1.0) and v.verdict == "unverified"


def test_no_solution_and_nan():
    P, q, A, b, K = simplex_lp()
    assert verify.verify(P, q, A, b, K, None, None, None).verdict == "no_solution"
    v = verify.verify(P, q, A, b, K, np.array([np.nan, 1.0]), None, None)
    assert v.verdict == "no_solution"


# ----------------------------------------------------------------------------------------
# Cone distances


def test_distance_zero_nonneg_soc_psd():
    K = [Zero(2), NonNeg(2), SOC(3), PSD(2)]
    # PSD block: [[1, 0], [0, -2]] → svec (1, 0, -2); distance 2
    v = np.array([0.0, 0.0, 1.0, 0.0, 5.0, 3.0, 4.0, 1.0, 0.0, -2.0])
    assert verify.cone_distance(v, K) == pytest.approx(2.0)
    v[9] = 1.0
    assert verify.cone_distance(v, K) == 0.0
    v[1] = -0.3  # Zero block
    assert verify.cone_distance(v, K) == pytest.approx(0.3)
    assert verify.cone_distance(v, K, dual=True) == 0.0  # Zero* is free
    # SOC (3, 3, 4): ‖(3,4)‖ = 5 > 3 → (5 - 3)/√2;  (-6, 3, 4): the origin, distance √61
    assert verify.cone_distance(np.array([3.0, 3.0, 4.0]), [SOC(3)]) == pytest.approx(2 / SQ2)
    assert verify.cone_distance(np.array([-6.0, 3.0, 4.0]), [SOC(3)]) == \
        pytest.approx(math.sqrt(61.0))


def test_psd_svec_convention():
    """svec is the upper triangle, column-major, off-diagonals × √2 (DESIGN.md §1)."""
    M = np.array([[4.0, 1.0, 2.0], [1.0, 5.0, 3.0], [2.0, 3.0, 6.0]])
    v = np.array([4.0, SQ2 * 1.0, 5.0, SQ2 * 2.0, SQ2 * 3.0, 6.0])
    np.testing.assert_allclose(verify._svec_to_mat(v, 3), M)
    # eigenvalues of [[1, 2], [2, 1]] are 3 and -1: distance 1 to the PSD cone
    assert verify.cone_distance(np.array([1.0, 2 * SQ2, 1.0]), [PSD(2)]) == pytest.approx(1.0)


def _exp_boundary(x, y):
    """Boundary point of Exp and its outward unit normal (gradient of y e^{x/y} - z)."""
    e = math.exp(x / y)
    p = np.array([x, y, y * e])
    g = np.array([e, e * (1 - x / y), -1.0])
    return p, g / np.linalg.norm(g)


def test_exp_distance_exact_on_normals():
    """For a convex set, boundary point + t·(outward normal) is at distance exactly t:
    the bound must be ≥ t (it is an upper bound of the true distance... and close)."""
    for x, y in [(0.0, 1.0), (-2.0, 1.0), (1.0, 0.5), (3.0, 2.0), (-0.5, 3.0)]:
        p, nrm = _exp_boundary(x, y)
        assert verify.cone_distance(p, [Exp()]) <= 1e-12 * (1 + abs(p).max())
        inside = p + np.array([0.0, 0.0, 1.0])
        assert verify.cone_distance(inside, [Exp()]) == 0.0
        for t in (1e-8, 1e-4):
            d = verify.cone_distance(p + t * nrm, [Exp()])
            assert t * (1 - 1e-6) <= d <= 3 * t, (x, y, t, d)
    assert verify.cone_distance(np.array([-1.0, 0.0, 2.0]), [Exp()]) == 0.0  # y = 0 face
    assert verify.cone_distance(np.array([1.0, 0.0, 2.0]), [Exp()]) == pytest.approx(1.0)


def test_exp_dual_cone():
    # (u, v, w) ∈ K*: u < 0, -u e^{v/u} <= e·w.  (-1, 0, 1/e) is on the boundary.
    assert verify.cone_distance(np.array([-1.0, 0.0, 1 / math.e]), [Exp()], dual=True) \
        <= 1e-12
    assert verify.cone_distance(np.array([-1.0, 0.0, 1.0]), [Exp()], dual=True) == 0.0
    assert verify.cone_distance(np.array([1.0, 0.0, 1.0]), [Exp()], dual=True) > 0.5
    # Exp is not self-dual: (0, 1, 1)... is in K (y e^0 = 1 ≤ 1) and also in K*, but
    # (1, 1, e) ∈ K is not in K* (u > 0)
    assert verify.cone_distance(np.array([1.0, 1.0, math.e]), [Exp()]) <= 1e-12
    assert verify.cone_distance(np.array([1.0, 1.0, math.e]), [Exp()], dual=True) > 0.5


def test_pow_distance_and_dual():
    a = 0.3
    K = [Pow(a)]
    x, y = 2.0, 0.5
    g = x ** a * y ** (1 - a)
    p = np.array([x, y, g])
    assert verify.cone_distance(p, K) <= 1e-12
    assert verify.cone_distance(np.array([x, y, -0.5 * g]), K) == 0.0
    grad = np.array([-a * x ** (a - 1) * y ** (1 - a), -(1 - a) * x ** a * y ** (-a), 1.0])
    nrm = grad / np.linalg.norm(grad)
    for t in (1e-8, 1e-4):
        d = verify.cone_distance(p + t * nrm, K)
        assert t * (1 - 1e-6) <= d <= 3 * t
    assert verify.cone_distance(np.array([-1.0, 1.0, 0.0]), K) == pytest.approx(1.0)
    # dual: (u/α)^α (v/(1-α))^(1-α) >= |w|;  (α, 1-α, 1) is on its boundary
    assert verify.cone_distance(np.array([a, 1 - a, 1.0]), K, dual=True) <= 1e-9
    assert verify.cone_distance(np.array([a, 1 - a, 1.5]), K, dual=True) > 1e-3


# ----------------------------------------------------------------------------------------
# Report on fake results


def _rec(problem, solver, time_, verdict="solved", status="SOLVED", iters=10,
         expected="solved"):
    return {"problem": problem, "solver": solver, "time": time_, "verdict": verdict,
            "status": status, "iterations": iters, "expected": expected,
            "time_limit": 10.0}


def fake_results():
    return [
        _rec("p1", "a", 0.09), _rec("p1", "b", 0.18, iters=20),
        _rec("p2", "a", 0.99), _rec("p2", "b", 0.99 / 4, iters=5),
        # b fails p3 (counts as the 10 s limit); its claim is not verified
        _rec("p3", "a", 1.0), _rec("p3", "b", 0.5, verdict="unverified", iters=50),
        _rec("p4", "a", None, verdict="no_solution", status="TIMEOUT", iters=None),
        _rec("p4", "b", None, verdict="no_solution", status="UNSUPPORTED", iters=None),
    ]


def test_shifted_geomean_known_values():
    assert report.shifted_geomean([0.09, 0.99]) == pytest.approx(math.sqrt(0.1) - 0.01)
    assert report.shifted_geomean([0.0]) == pytest.approx(0.0)
    assert report.geomean([2.0, 8.0]) == pytest.approx(4.0)


def test_summary_on_fake_results():
    rows = {r["solver"]: r for r in report.summarize(fake_results(), baseline="a")}
    a, b = rows["a"], rows["b"]
    assert (a["runs"], a["verified"], a["claimed"], a["timeouts"]) == (4, 3, 3, 1)
    assert (b["runs"], b["skipped"], b["verified"], b["claimed_unverified"]) == (3, 1, 2, 1)
    # a: times 0.09, 0.99, 1.0 and the 10 s limit for p4
    expect_a = math.exp((math.log(0.1) + math.log(1.0) + math.log(1.01) + math.log(10.01))
                        / 4) - 0.01
    assert a["sgm_time"] == pytest.approx(expect_a)
    # b vs a on p1 (×2) and p2 (×1/4): geomean sqrt(2 · 0.25)
    assert b["ratio"] == pytest.approx(math.sqrt(0.5)) and b["ratio_n"] == 2
    assert b["iter_ratio"] == pytest.approx(math.sqrt(2.0 * 0.5))
    assert a["ratio"] == 1.0
    assert a["median_iter"] == 10
    text = report.format_summary(list(rows.values()), baseline="a")
    assert "0.707 (2)" in text and "(+1 skipped)" in text


def test_summary_ratio_over_the_largest_instances():
    """The largest-instances ratio covers the LARGEST biggest problems by n + m, of those
    where both runs verified."""
    res = []
    for k in range(12):
        ra, rb = _rec(f"p{k}", "a", 1.0), _rec(f"p{k}", "b", 0.5 if k >= 2 else 4.0)
        for r in (ra, rb):
            r["n"], r["m"] = k, k  # p2..p11 are the ten largest
        res += [ra, rb]
    res[-1]["verdict"] = "unverified"  # b fails p11, the largest: not in either ratio
    rows = {r["solver"]: r for r in report.summarize(res, baseline="a")}
    assert rows["b"]["ratio_large"] == pytest.approx(0.5) and rows["b"]["ratio_large_n"] == 9
    assert rows["b"]["ratio"] == pytest.approx(math.exp((2 * math.log(4) + 9 * math.log(0.5)) / 11))
    assert "0.500 (9)" in report.format_summary(list(rows.values()), baseline="a")


def test_csv_roundtrip_and_ratios(tmp_path):
    res = fake_results()
    report.add_ratios(res, "a")
    assert res[1]["ratio"] == pytest.approx(2.0) and res[5]["ratio"] is None
    path = tmp_path / "r.csv"
    report.write_csv(res, str(path))
    back = report.read_csv(str(path))
    assert len(back) == len(res)
    assert back[1]["time"] == pytest.approx(0.18) and back[1]["verified"] is True
    assert back[5]["verified"] is False and back[6]["time"] is None
    assert back[0]["iterations"] == 10
    rows = report.summarize(back, baseline="a")
    assert rows[1]["ratio"] == pytest.approx(math.sqrt(0.5))


def test_verified_needs_claim_check_and_expected_outcome():
    pinf = "PRIMAL_INFEASIBLE"
    assert report.is_verified({"verdict": "primal_infeasible", "status": pinf,
                               "expected": "primal_infeasible"})
    assert not report.is_verified({"verdict": "dual_infeasible", "status": "DUAL_INFEASIBLE",
                                   "expected": "primal_infeasible"})
    assert report.is_verified({"verdict": "dual_infeasible",
                               "status": "ALMOST_DUAL_INFEASIBLE", "expected": None})
    assert not report.is_verified({"verdict": "wrong_objective", "status": "SOLVED",
                                   "expected": None})
    # an accurate point the solver did not claim (iteration limit) does not count,
    # nor does a claim the point contradicts
    assert not report.is_verified({"verdict": "solved", "status": "MAX_ITERATIONS",
                                   "expected": "solved"})
    assert not report.is_verified({"verdict": "solved", "status": pinf, "expected": None})


def test_performance_profile(tmp_path):
    prof = report.profile_data(fake_results())
    assert prof["a"] == [1.0, 1.0, 4.0, math.inf]
    assert prof["b"] == [1.0, 2.0, math.inf, math.inf]
    pytest.importorskip("matplotlib")
    out = tmp_path / "p.png"
    assert report.plot_profile(fake_results(), str(out)) is None
    assert out.stat().st_size > 1000


# ----------------------------------------------------------------------------------------
# Runner: subprocess, timeout kill, crash


def _inst(tmp_path):
    return Instance(path=str(tmp_path / "none.mat"), name="fake")


def test_runner_kills_a_sleeping_worker(tmp_path):
    """The worker sleeps (and has a child that sleeps); both die at the deadline."""
    pidfile = tmp_path / "child.pid"
    code = ("import subprocess, sys, time; "
            "p = subprocess.Popen(['sleep', '60']); "
            f"open({str(pidfile)!r}, 'w').write(str(p.pid)); time.sleep(60)")
    cfg = runner.BenchConfig(solvers=["x"], time_limit=0.5, grace=0.4)
    t0 = time.perf_counter()
    rec = runner.run_one(_inst(tmp_path), "x", cfg, command=[sys.executable, "-c", code])
    elapsed = time.perf_counter() - t0
    assert rec["status"] == "TIMEOUT" and rec["verdict"] == "no_solution"
    assert 0.9 <= elapsed < 5.0
    child = int(pidfile.read_text())
    for _ in range(50):  # the orphan is reaped by init shortly after the kill
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        with open(f"/proc/{child}/stat") as f:
            if f.read().split()[2] == "Z":
                break
        time.sleep(0.05)
    else:
        pytest.fail("the worker's child survived the timeout kill")


def test_worker_repeats_a_solve_within_its_budget():
    from minix.bench import worker

    class Runner:
        def __init__(self, t):
            self.t, self.calls = t, 0

        def solve(self, prob, st):
            self.calls += 1
            return type("Out", (), {"wall_time": self.t})()

    fast = Runner(0.1)
    assert worker.repeat_times(fast, None, None, 0.1, 5, 1.0) == [0.1] * 5
    slow = Runner(0.6)  # a second run fits in 1 s, a third would not
    assert worker.repeat_times(slow, None, None, 0.6, 5, 1.0) == [0.6, 0.6]
    once = Runner(0.1)
    assert worker.repeat_times(once, None, None, 0.1, 1, 1.0) == [0.1] and once.calls == 0

    class Flaky(Runner):
        def solve(self, prob, st):
            if self.calls == 1:
                raise RuntimeError("second repeat fails")
            return super().solve(prob, st)

    assert worker.repeat_times(Flaky(0.1), None, None, 0.1, 5, 1.0) == [0.1, 0.1]


def test_runner_reports_a_crash(tmp_path):
    cfg = runner.BenchConfig(solvers=["x"], time_limit=5, grace=5)
    rec = runner.run_one(_inst(tmp_path), "x", cfg, command=[
        sys.executable, "-c", "import os, sys; print('boom'); sys.stdout.flush(); os.abort()"])
    assert rec["status"] == "CRASH"
    assert "signal" in rec["message"] and "boom" in rec["message"]


def test_runner_runs_the_real_worker(tmp_path):
    """End to end through `python -m minix.bench.worker` on a tiny Maros-format file."""
    pytest.importorskip("clarabel")
    import scipy.io as sio
    # HS21-like: min 0.01 x1² + x2² - 100  s.t.  10 x1 - x2 >= 10, 2 <= x1 <= 50,
    # -50 <= x2 <= 50;  optimum x = (2, 0), objective -99.96
    f = tmp_path / "TINY.mat"
    sio.savemat(f, {"P": sp.csc_matrix(np.diag([0.02, 2.0])), "q": np.zeros((2, 1)),
                    "r": np.array([[-100.0]]),
                    "A": sp.csc_matrix(np.array([[10.0, -1.0], [1, 0], [0, 1]])),
                    "l": np.array([[10.0], [2.0], [-50.0]]),
                    "u": np.array([[1e20], [50.0], [50.0]]),
                    "n": np.array([[2]]), "m": np.array([[3]])})
    inst = Instance(path=str(f), name="TINY", reference=-99.96, expected="solved")
    cfg = runner.BenchConfig(solvers=["clarabel"], time_limit=10, grace=20)
    rec = runner.run_one(inst, "clarabel", cfg)
    assert rec["status"] == "SOLVED", rec
    assert rec["verdict"] == "solved" and report.is_verified(rec)
    assert rec["obj"] == pytest.approx(-99.96, abs=1e-6)
    assert rec["iterations"] > 0 and rec["time"] > 0 and rec["process_time"] >= rec["time"]
