"""Presolve on every instance in ../shared/data: each is solved with and without presolve, both
answers must satisfy the KKT conditions of the ORIGINAL problem, computed from the data by
tests/checks.py, and the objectives must agree (infeasible instances: see below).

- Maros-Meszaros QPs: canonical path (minix.solve_problem), x, s, z checked on the problem.
- Netlib LPs: box path (minix.solve_qp, where presolve always runs), x, y, y_bounds checked on
  constraint rows built by checks.box_as_conic; the infeasible set must be reported
  PRIMAL_INFEASIBLE both ways and the presolved run's Farkas certificate must hold.

Tolerances: KKT 1e-7 as in test_netlib.py and test_hard_endgames.py (worst seen on Maros:
1e-8); objectives 1e-6 relative, the level at which the reference objectives of both sets
count as agreeing (worst seen: 2e-7 QSHARE1B, 4e-7 lotfi). Sizes and times of presolve on
the Maros set: bench/presolve.py.
"""
import os

import numpy as np
import pytest

import minix
import minix.io as mio
from checks import assert_optimal, assert_primal_infeasible, box_as_conic, optimality
from conftest import DATA_DIR, data_path

TIME_LIMIT = 60  # seconds per solve: a stalled solve fails instead of hanging CI
KKT_TOL, OBJ_TOL = 1e-7, 1e-6

# Pairs of solves taking over ~3 s here run only with MINIX_SLOW_TESTS=1 (CI time stays bounded).
SLOW = {"BOYD1", "BOYD2", "CONT-200", "CONT-201", "CONT-300", "CVXQP1_L", "CVXQP2_L", "CVXQP3_L",
        "d2q06c", "dfl001", "greenbea", "greenbeb", "ken_13", "maros_r7", "nug12", "nug15",
        "pds_06", "pds_10", "pilot", "pilot87", "qap12", "qap15", "stocfor3"}

# Strict: the baseline (presolve off) fails its status or KKT check, so there is nothing to
# compare; a core fix turns the test red until the entry goes.
BASELINE_FAILS = {
    "VALUES": "rejected: P is not PSD (non-convex)",
    "pilot87": "ALMOST_SOLVED in box form (170-190 iterations), as at 438d7bf",
    "lpi_cplex2": "ALMOST_SOLVED (issue 3)",
}
# Strict: the baseline succeeds and the core fails on the reduced problem, which is still
# correct: numerical sensitivity of the core, not a presolve error. Empty at present (lpi_pang,
# whose reduced LP HiGHS confirms infeasible, was here until the core's gap test changed).
PRESOLVED_FAILS: dict = {}


def _names(*sub):
    folder = DATA_DIR.joinpath(*sub)
    if not folder.exists():
        return ["<data missing>"]  # the test's data_path call skips, or fails under CI
    params = []
    for name in sorted(p.stem for p in folder.glob("*.mat")):
        marks = []
        if name in BASELINE_FAILS:
            marks.append(pytest.mark.xfail(strict=True, reason="baseline fails: " + BASELINE_FAILS[name]))
        if name in PRESOLVED_FAILS:
            marks.append(pytest.mark.xfail(strict=True, reason="core on the reduced problem: "
                                           + PRESOLVED_FAILS[name]))
        if name in SLOW:
            marks.append(pytest.mark.skipif(os.environ.get("MINIX_SLOW_TESTS") != "1",
                                            reason="slow instance; set MINIX_SLOW_TESTS=1"))
        params.append(pytest.param(name, marks=marks))
    return params


def _same_objective(obj, ref):
    assert abs(obj - ref) <= OBJ_TOL * max(1.0, abs(ref)), (obj, ref)


@pytest.mark.parametrize("name", _names("maros"))
def test_maros_with_and_without_presolve(name):
    prob = mio.read(data_path("maros", f"{name}.mat"))
    r0 = minix.solve_problem(prob, presolve_enable=False, time_limit=TIME_LIMIT)
    assert_optimal(prob.P, prob.q, prob.A, prob.b, prob.cones, r0, tol=KKT_TOL)  # baseline
    r1 = minix.solve_problem(prob, presolve_enable=True, time_limit=TIME_LIMIT)
    m = assert_optimal(prob.P, prob.q, prob.A, prob.b, prob.cones, r1, tol=KKT_TOL)
    _same_objective(r1.obj_val, r0.obj_val)
    _same_objective(m["pobj"] + prob.constant, r0.obj_val)
    if "presolve" in r1.info:
        assert r1.info["kkt_dim"] <= r0.info["kkt_dim"]


def _solve_box(box, pre):
    return minix.solve_qp(box.P, box.q, box.A, box.l, box.u, box.lb, box.ub,
                          presolve_enable=pre, time_limit=TIME_LIMIT)


def _assert_box_optimal(box, r, label):
    assert r.status == minix.Status.SOLVED, (label, r.status)
    G, h, cones, z = box_as_conic(box.A, box.l, box.u, box.lb, box.ub, r.y, r.y_bounds)
    s = np.maximum(h - G @ r.x, 0.0)  # a slack in the cone: bound violations show in pres
    m = optimality(box.P, box.q, G, h, cones, r.x, s, z)
    for key in ("pres", "dres", "gap"):
        assert m[key] <= KKT_TOL, (label, key, m)
    return m


@pytest.mark.parametrize("name", _names("netlib", "feasible"))
def test_netlib_feasible_with_and_without_presolve(name):
    box = mio.read(data_path("netlib", "feasible", f"{name}.mat"), form="box")
    r0 = _solve_box(box, False)
    _assert_box_optimal(box, r0, "baseline")
    r1 = _solve_box(box, True)
    m = _assert_box_optimal(box, r1, "presolved")
    _same_objective(r1.obj_val, r0.obj_val)
    _same_objective(m["pobj"], r0.obj_val)


@pytest.mark.parametrize("name", _names("netlib", "infeasible"))
def test_netlib_infeasible_with_and_without_presolve(name):
    box = mio.read(data_path("netlib", "infeasible", f"{name}.mat"), form="box")
    r0 = _solve_box(box, False)
    assert r0.status == minix.Status.PRIMAL_INFEASIBLE, f"baseline {r0.status}"
    r1 = _solve_box(box, True)
    assert r1.status == minix.Status.PRIMAL_INFEASIBLE, r1.status
    G, h, cones, z = box_as_conic(box.A, box.l, box.u, box.lb, box.ub, r1.y, r1.y_bounds)
    assert_primal_infeasible(G, h, cones, z, tol=1e-6)  # the tolerance of test_netlib.py
