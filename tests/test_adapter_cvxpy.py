"""The CVXPY adapter (minix/adapters/cvxpy.py) on representative models, against Clarabel.

Each model is solved through CVXPY with solver="MINIX" and solver="CLARABEL"; the objective,
the primal values and the duals of every constraint must agree. The models have unique primal
and dual solutions (strictly convex or nondegenerate by construction), so the comparison is
meaningful at interior-point accuracy. CVXPY's own conformance suite is in conformance/cvxpy.
"""
from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import numpy as np
import pytest

cp = pytest.importorskip("cvxpy")
pytest.importorskip("clarabel")

import minix  # noqa: E402  (registers MINIX)
from minix.adapters.cvxpy import MINIX, parse_solver_opts  # noqa: E402

RTOL_OBJ = 1e-6
ATOL_X = 2e-5
ATOL_DUAL = 2e-5


# ------------------------------------------------------------------------------------ models

def constrained_least_squares(m=30, n=10, seed=0, bounds_attr=False):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((m, n))
    b = A @ rng.uniform(-0.5, 1.5, n) + 0.1 * rng.standard_normal(m)
    if bounds_attr:
        x = cp.Variable(n, bounds=[0.0, 1.0])
        cons = [cp.sum(x) == 0.6 * n]
    else:
        x = cp.Variable(n)
        cons = [x >= 0, x <= 1, cp.sum(x) == 0.6 * n]
    return cp.Problem(cp.Minimize(cp.sum_squares(A @ x - b)), cons), x


def portfolio(n=20, k=4, seed=1, gamma=2.0):
    rng = np.random.default_rng(seed)
    mu = np.abs(rng.standard_normal(n)) * 0.1
    F = rng.standard_normal((n, k)) * 0.3
    d = rng.uniform(0.0, 0.1, n)
    w = cp.Variable(n)
    f = F.T @ w
    risk = cp.sum_squares(f) + cp.sum(cp.multiply(d, cp.square(w)))
    cons = [cp.sum(w) == 1, w >= 0, w <= 0.3]
    return cp.Problem(cp.Maximize(mu @ w - gamma * risk), cons), w


def lasso(m=40, n=15, seed=2, lam=2.0):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((m, n))
    xt = np.where(rng.random(n) < 0.4, rng.standard_normal(n), 0.0)
    b = A @ xt + 0.05 * rng.standard_normal(m)
    x = cp.Variable(n)
    return cp.Problem(cp.Minimize(cp.sum_squares(A @ x - b) + lam * cp.norm1(x))), x


def svm(m=40, n=5, seed=3, C=1.0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, n))
    y = np.sign(X @ rng.standard_normal(n) + 0.3 * rng.standard_normal(m))
    beta, v = cp.Variable(n), cp.Variable()
    loss = cp.sum(cp.pos(1 - cp.multiply(y, X @ beta - v)))
    return cp.Problem(cp.Minimize(0.5 * cp.sum_squares(beta) + C * loss)), beta


def robust_lp(m=15, n=6, seed=4):
    """min c'x s.t. a_i'x + ||P_i x|| <= b_i (ellipsoidal uncertainty), ||x||_inf <= 10."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((m, n))
    b = rng.uniform(1.0, 2.0, m)
    c = -A.T @ rng.uniform(0.1, 1.0, m)  # keeps the LP bounded
    Ps = [0.2 * rng.standard_normal((n, n)) for _ in range(m)]
    x = cp.Variable(n)
    cons = [A[i] @ x + cp.norm(Ps[i] @ x, 2) <= b[i] for i in range(m)]
    cons += [cp.abs(x) <= 10]
    return cp.Problem(cp.Minimize(c @ x), cons), x


MODELS = {
    "constrained_least_squares": constrained_least_squares,
    "constrained_least_squares_bounds": lambda: constrained_least_squares(bounds_attr=True),
    "portfolio": portfolio,
    "lasso": lasso,
    "svm": svm,
    "robust_lp": robust_lp,
}


def _solve(prob, solver, **kw):
    prob.solve(solver=solver, **kw)
    return (prob.status, prob.value,
            [v.value.copy() for v in prob.variables()],
            [_dual_copy(c.dual_value) for c in prob.constraints])


def _dual_copy(d):
    if isinstance(d, (list, tuple)):
        return [np.array(v, dtype=float) for v in d]
    return np.array(d, dtype=float)


def _assert_close(a, b, atol, what):
    if isinstance(a, list):
        for u, v in zip(a, b):
            _assert_close(u, v, atol, what)
        return
    scale = max(1.0, float(np.max(np.abs(b))) if np.size(b) else 1.0)
    np.testing.assert_allclose(a, b, rtol=0, atol=atol * scale, err_msg=what)


CASES = [(name, "MINIX") for name in sorted(MODELS)] + [
    # bounds handed over as data (opt-in; see MINIX.BOUNDED_VARIABLES)
    ("constrained_least_squares_bounds", "bounds"), ("portfolio", "bounds")]


def _minix(route):
    return MINIX(bounded_variables=True) if route == "bounds" else route


@pytest.mark.parametrize("name, route", CASES)
def test_model_matches_clarabel(name, route):
    prob, _ = MODELS[name]()
    st_c, val_c, xs_c, ys_c = _solve(prob, "CLARABEL")
    for v in prob.variables():
        v.value = None
    st_m, val_m, xs_m, ys_m = _solve(prob, _minix(route))
    assert st_c == st_m == cp.OPTIMAL
    assert prob.solver_stats.solver_name == "MINIX"
    assert val_m == pytest.approx(val_c, rel=RTOL_OBJ, abs=1e-7)
    for k, (u, v) in enumerate(zip(xs_m, xs_c)):
        _assert_close(u, v, ATOL_X, f"{name}: variable {k}")
    for k, (u, v) in enumerate(zip(ys_m, ys_c)):
        _assert_close(u, v, ATOL_DUAL, f"{name}: dual of constraint {k} ({prob.constraints[k]})")


def test_bounds_reach_the_solver_as_bounds():
    prob, x = constrained_least_squares(bounds_attr=True)
    data, _, _ = prob.get_problem_data(MINIX(bounded_variables=True))
    assert data["dims"].nonneg == 0
    assert data["lower_bounds"] is not None and data["upper_bounds"] is not None


def test_bound_kinds():
    """Fixed (lb == ub), one-sided, nonneg/nonpos attributes, and infinite entries."""
    x = cp.Variable(4, bounds=[np.array([1.0, -np.inf, 0.0, -2.0]), np.array([1.0, 3.0, np.inf, 2.0])])
    y = cp.Variable(2, nonneg=True)
    w = cp.Variable(nonpos=True)
    # nondegenerate: every active bound has a nonzero multiplier
    obj = cp.Minimize(cp.sum_squares(x - np.array([0.0, 5.0, -1.0, 0.5])) + cp.sum(y) - 2 * w
                      + cp.square(w + 1.5))
    prob = cp.Problem(obj, [cp.sum(x) + y[0] >= 4])
    _, val_c, xs_c, ys_c = _solve(prob, "CLARABEL")
    st, val_m, xs_m, ys_m = _solve(prob, MINIX(bounded_variables=True))
    assert st == cp.OPTIMAL
    assert val_m == pytest.approx(val_c, rel=RTOL_OBJ)
    for u, v in zip(xs_m, xs_c):
        _assert_close(u, v, ATOL_X, "bound kinds")
    _assert_close(ys_m, ys_c, ATOL_DUAL, "bound kinds dual")
    np.testing.assert_allclose(x.value[0], 1.0, atol=1e-8)


@pytest.mark.parametrize("route", ["MINIX", "bounds"])
def test_infeasible_bounds(route):
    x = cp.Variable(2, bounds=[0, 1])
    prob = cp.Problem(cp.Minimize(cp.sum(x)), [cp.sum(x) >= 3])
    prob.solve(solver=_minix(route))
    assert prob.status == cp.INFEASIBLE
    y = prob.constraints[0].dual_value  # ray: the bound rows' duals are not reported
    assert y is not None and y > 0


def test_unbounded():
    x = cp.Variable(2)
    prob = cp.Problem(cp.Minimize(x[0] + x[1]), [x[0] >= x[1] - 1])
    prob.solve(solver="MINIX")
    assert prob.status == cp.UNBOUNDED and prob.value == -np.inf
    assert x.value is None


# ----------------------------------------------------------------------- warm re-solves (DPP)

def _param_portfolio(n=15, seed=5):
    rng = np.random.default_rng(seed)
    mu = cp.Parameter(n)
    gamma = cp.Parameter(nonneg=True)
    cap = cp.Parameter(n, nonneg=True)
    F = rng.standard_normal((n, 3)) * 0.3
    w = cp.Variable(n)
    prob = cp.Problem(cp.Maximize(mu @ w - gamma * cp.sum_squares(F.T @ w) - 0.05 * cp.sum_squares(w)),
                      [cp.sum(w) == 1, w >= 0, w <= cap])
    return prob, w, mu, gamma, cap, rng


def test_parameter_resolve_reuses_the_solver():
    prob, w, mu, gamma, cap, rng = _param_portfolio()
    n = w.size
    mu.value, gamma.value, cap.value = np.abs(rng.standard_normal(n)) * 0.1, 1.0, np.full(n, 0.4)
    prob.solve(solver="MINIX")
    first = prob._solver_cache["MINIX"].solver
    for k in range(3):
        mu.value = np.abs(rng.standard_normal(n)) * 0.1
        gamma.value = [0.0, 3.0, 0.5][k]   # 0.0: explicit zeros keep the pattern of P
        cap.value = rng.uniform(0.2, 0.5, n)
        prob.solve(solver="MINIX", warm_start=True)
        assert prob._solver_cache["MINIX"].solver is first, "warm re-solve set up a new solver"
        assert prob.status == cp.OPTIMAL
        wm, val_m, duals_m = w.value.copy(), prob.value, [c.dual_value for c in prob.constraints]
        prob.solve(solver="CLARABEL")
        assert val_m == pytest.approx(prob.value, rel=RTOL_OBJ, abs=1e-8)
        _assert_close(wm, w.value, ATOL_X, f"re-solve {k}")
        for u, c in zip(duals_m, prob.constraints):
            _assert_close(_dual_copy(u), _dual_copy(c.dual_value), 1e-4, f"re-solve {k} dual")
        prob.solve(solver="MINIX", warm_start=True)  # CLARABEL replaced the cache: rebuilt
        first = prob._solver_cache["MINIX"].solver


def test_resolve_without_warm_start_sets_up_afresh():
    prob, w, mu, gamma, cap, rng = _param_portfolio()
    n = w.size
    mu.value, gamma.value, cap.value = np.full(n, 0.1), 1.0, np.full(n, 0.4)
    prob.solve(solver="MINIX")
    first = prob._solver_cache["MINIX"].solver
    prob.solve(solver="MINIX", warm_start=False)
    assert prob._solver_cache["MINIX"].solver is not first


def test_parametric_bounds_resolve():
    lo = cp.Parameter(3)
    x = cp.Variable(3, bounds=[lo, 5.0])
    prob = cp.Problem(cp.Minimize(cp.sum_squares(x - np.array([0.0, 1.0, 2.0]))))
    solver = MINIX(bounded_variables=True)
    for k, v in enumerate(([0.5, 0.5, 0.5], [-1.0, 2.0, 3.0], [1.0, 0.5, 1.0])):
        lo.value = np.array(v)
        prob.solve(solver=solver, warm_start=True)
        if k == 0:
            first = prob._solver_cache["MINIX"].solver
        assert prob._solver_cache["MINIX"].solver is first
        np.testing.assert_allclose(x.value, np.maximum(v, [0.0, 1.0, 2.0]), atol=1e-6)


def test_structure_change_falls_back_to_new_setup():
    # Same Problem object, a new parameter value that changes the rows handed over: a bound
    # that becomes fixed (lb == ub) turns two NonNeg rows into one Zero row.
    lo = cp.Parameter()
    x = cp.Variable(bounds=[lo, 2.0])
    prob = cp.Problem(cp.Minimize(cp.square(x - 5)))
    solver = MINIX(bounded_variables=True)
    lo.value = 0.0
    prob.solve(solver=solver, warm_start=True)
    first = prob._solver_cache["MINIX"].solver
    lo.value = 2.0
    prob.solve(solver=solver, warm_start=True)
    assert prob._solver_cache["MINIX"].solver is not first
    assert x.value == pytest.approx(2.0, abs=1e-7)


def test_resolve_when_presolve_reduced_the_problem():
    # x[0] == p is a singleton equality row: presolve removes it, so the cached minix.Solver
    # cannot be updated in place; the adapter must notice and set up afresh, with right answers.
    p = cp.Parameter()
    x = cp.Variable(3)
    prob = cp.Problem(cp.Minimize(cp.sum_squares(x - np.array([1.0, 2.0, 3.0]))),
                      [x[0] == p, cp.sum(x) <= 3])  # active, nondegenerate
    for val in (0.5, -1.0, 2.0):
        p.value = val
        prob.solve(solver="MINIX", warm_start=True)
        mv, mx = prob.value, x.value.copy()
        prob.solve(solver="CLARABEL")
        assert mv == pytest.approx(prob.value, rel=1e-6)
        np.testing.assert_allclose(mx, x.value, atol=1e-5)


# --------------------------------------------------------------------------- options, stats

def test_option_mapping():
    st, extra = parse_solver_opts(True, {"max_iters": 7, "eps": 1e-6, "tol_feas": 1e-9,
                                         "use_quad_obj": True, "accept_unknown": True})
    assert st.max_iter == 7 and st.verbose
    assert st.tol_gap_abs == st.tol_gap_rel == st.tol_infeas_abs == 1e-6
    assert st.tol_feas == 1e-9  # a native name wins over the alias
    assert extra == {"accept_unknown": True}
    st, _ = parse_solver_opts(False, {"eps_abs": 1e-5, "eps_rel": 1e-4, "time_limit": 2.5})
    assert (st.tol_gap_abs, st.tol_gap_rel, st.tol_feas, st.time_limit) == (1e-5, 1e-4, 1e-4, 2.5)
    with pytest.raises(TypeError, match="unrecognized solver setting 'bogus'"):
        parse_solver_opts(False, {"bogus": 1})
    with pytest.raises(TypeError, match="max_iter"):
        parse_solver_opts(False, {"max_iter": 2.5})


def test_iteration_limit_is_user_limit():
    prob, x = lasso()
    with pytest.warns(UserWarning, match="inaccurate"):
        prob.solve(solver="MINIX", max_iters=2)
    assert prob.status == cp.USER_LIMIT
    assert x.value is not None and prob.solver_stats.num_iters == 2


@pytest.mark.parametrize("status, usable, accept, expected", [
    (minix.Status.MAX_ITERATIONS, True, False, cp.USER_LIMIT),
    (minix.Status.MAX_TIME, True, False, cp.USER_LIMIT),
    (minix.Status.MAX_ITERATIONS, False, False, cp.SOLVER_ERROR),
    (minix.Status.INSUFFICIENT_PROGRESS, True, False, cp.SOLVER_ERROR),
    (minix.Status.INSUFFICIENT_PROGRESS, True, True, cp.OPTIMAL_INACCURATE),
    (minix.Status.INSUFFICIENT_PROGRESS, False, True, cp.SOLVER_ERROR),
    (minix.Status.NUMERICAL_ERROR, True, True, cp.SOLVER_ERROR),
    (minix.Status.INTERRUPTED, True, False, cp.SOLVER_ERROR),
    (minix.Status.ALMOST_SOLVED, True, False, cp.OPTIMAL_INACCURATE),
    (minix.Status.ALMOST_PRIMAL_INFEASIBLE, True, False, cp.INFEASIBLE_INACCURATE),
    (minix.Status.ALMOST_DUAL_INFEASIBLE, True, False, cp.UNBOUNDED_INACCURATE),
])
def test_status_map(status, usable, accept, expected):
    prob = cp.Problem(cp.Minimize(cp.Variable()), [cp.Variable() >= 0])
    solver = MINIX()
    data, inv = solver.apply(prob.get_problem_data(solver)[0]["param_prob"])
    n, m = data["c"].size, data["b"].size
    val = 1.0 if usable else np.nan
    res = minix.Result(status=status, x=np.full(n, val), s=np.zeros(m), z=np.full(m, val),
                       obj_val=0.0, obj_val_dual=0.0, iterations=3, setup_time=0.0,
                       solve_time=0.0, info={})
    from types import SimpleNamespace
    sol = solver.invert(SimpleNamespace(result=res, m=m, accept_unknown=accept), inv)
    assert sol.status == expected


def test_stats_and_verbose_log(capsys):
    prob, _ = svm()
    prob.solve(solver="MINIX", verbose=True)
    out = capsys.readouterr().out
    st = prob.solver_stats
    assert st.solver_name == "MINIX" and st.num_iters == st.extra_stats["iterations"]
    assert st.solve_time > 0 and st.setup_time >= 0
    assert "Minix v" in out and "terminated with status" in out  # the log, on sys.stdout


def test_instance_route():
    prob, x = lasso()
    prob.solve(solver=MINIX())
    assert prob.status == cp.OPTIMAL and prob.solver_stats.solver_name == "MINIX"


# ------------------------------------------------------------------------------ registration

def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.parametrize("order", ["import minix, cvxpy", "import cvxpy, minix"])
def test_registration_either_import_order(order):
    out = _run(f"""
        {order}
        import cvxpy as cp
        x = cp.Variable()
        p = cp.Problem(cp.Minimize(cp.square(x - 1)))
        p.solve(solver="MINIX")
        print(p.solver_stats.solver_name, round(float(x.value), 6), "MINIX" in cp.installed_solvers())
    """)
    assert out.split() == ["MINIX", "1.0", "True"]


def test_import_minix_does_not_import_cvxpy():
    out = _run("""
        import sys, minix
        print("cvxpy" in sys.modules)
    """)
    assert out.strip() == "False"
