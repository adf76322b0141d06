"""Small LP / QP / SOCP problems with known optima, duals and certificates.

Every answer is checked by tests/checks.py from x, s, z, never by the solver's report.
"""
import io
import math

import numpy as np
import pytest
import scipy.sparse as sp

import minix
from checks import assert_dual_infeasible, assert_optimal, assert_primal_infeasible


def lp_data():
    """max x1 + 2 x2 s.t. x1 + x2 <= 1, x >= 0: optimum x = (0, 1), value -2 as a min;
    duals: z = (2, 1, 0) (the bound on x1 is active with multiplier 1)."""
    q = np.array([-1.0, -2.0])
    A = sp.csc_matrix(np.array([[1.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]))
    b = np.array([1.0, 0.0, 0.0])
    return None, q, A, b, [minix.NonNeg(3)]


def test_lp_optimum_and_duals():
    P, q, A, b, cones = lp_data()
    res = minix.solve(P, q, A, b, cones)
    assert_optimal(P, q, A, b, cones, res)
    assert res.obj_val == pytest.approx(-2.0, abs=1e-7)
    np.testing.assert_allclose(res.x, [0.0, 1.0], atol=1e-7)
    np.testing.assert_allclose(res.z, [2.0, 1.0, 0.0], atol=1e-7)


def test_qp_equality_known_solution():
    """min 1/2 ||x||^2 - x1 - x2 s.t. x1 + x2 = 1: x = (1/2, 1/2), z = 1/2, value -3/4."""
    P = sp.identity(2, format="csc")
    q = np.array([-1.0, -1.0])
    A = sp.csc_matrix(np.array([[1.0, 1.0]]))
    b = np.array([1.0])
    cones = [minix.Zero(1)]
    res = minix.solve(P, q, A, b, cones)
    assert_optimal(P, q, A, b, cones, res)
    np.testing.assert_allclose(res.x, [0.5, 0.5], atol=1e-8)
    np.testing.assert_allclose(res.z, [0.5], atol=1e-8)
    assert res.obj_val == pytest.approx(-0.75, abs=1e-8)


def test_qp_full_and_upper_P_agree():
    rng = np.random.default_rng(0)
    M = rng.standard_normal((6, 6))
    Pfull = sp.csc_matrix(M @ M.T)
    q = rng.standard_normal(6)
    A = sp.csc_matrix(np.vstack([np.ones((1, 6)), -np.eye(6)]))
    b = np.concatenate([[1.0], np.zeros(6)])
    cones = [minix.Zero(1), minix.NonNeg(6)]
    r1 = minix.solve(Pfull, q, A, b, cones)
    r2 = minix.solve(sp.triu(Pfull, format="csc"), q, A, b, cones)
    assert_optimal(Pfull, q, A, b, cones, r1)
    np.testing.assert_allclose(r1.x, r2.x, atol=1e-9)


def socp_data():
    """min x0 + x1 s.t. ||(x0, x1)|| <= 1: x = -(1, 1)/sqrt 2, value -sqrt 2, z = (sqrt 2, -1, -1)."""
    q = np.array([1.0, 1.0])
    A = sp.csc_matrix(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    b = np.array([1.0, 0.0, 0.0])
    return None, q, A, b, [minix.SOC(3)]


def test_socp_optimum_and_duals():
    P, q, A, b, cones = socp_data()
    res = minix.solve(P, q, A, b, cones)
    assert_optimal(P, q, A, b, cones, res)
    r = 1 / math.sqrt(2)
    np.testing.assert_allclose(res.x, [-r, -r], atol=1e-7)
    np.testing.assert_allclose(res.z, [math.sqrt(2), -1.0, -1.0], atol=1e-7)
    assert res.obj_val == pytest.approx(-math.sqrt(2), abs=1e-8)


@pytest.mark.parametrize("dense_max", [1, 100])
def test_large_soc_sparse_expansion_matches_dense(dense_max):
    """min c'x s.t. ||x - x0|| <= 1 (SOC of dimension 31): x = x0 - c/||c||."""
    rng = np.random.default_rng(3)
    n = 30
    c = rng.standard_normal(n)
    x0 = rng.standard_normal(n)
    A = sp.vstack([sp.csc_matrix((1, n)), -sp.identity(n)]).tocsc()
    b = np.concatenate([[1.0], -x0])
    cones = [minix.SOC(n + 1)]
    res = minix.solve(None, c, A, b, cones, soc_dense_max_dim=dense_max)
    assert_optimal(None, c, A, b, cones, res)
    np.testing.assert_allclose(res.x, x0 - c / np.linalg.norm(c), atol=1e-7)
    sparse_count = 1 if dense_max < n + 1 else 0
    assert res.info["kkt_dim"] == n + (n + 1) + 2 * sparse_count


def test_socp_mixed_cones_against_clarabel():
    clarabel = pytest.importorskip("clarabel")
    rng = np.random.default_rng(7)
    n = 12
    blocks = [minix.Zero(2), minix.NonNeg(5), minix.SOC(4), minix.SOC(7), minix.NonNeg(3)]
    m = sum(c.size for c in blocks)
    A = sp.random(m, n, density=0.5, random_state=1, format="csc")
    x_feas = rng.standard_normal(n)
    s_feas = np.concatenate([np.zeros(2), np.ones(5), [3, 0.1, 0.2, 0.3], [5] + [0.5] * 6, np.ones(3)])
    b = A @ x_feas + s_feas
    M = rng.standard_normal((n, n))
    P = sp.csc_matrix(M @ M.T)
    q = rng.standard_normal(n)
    res = minix.solve(P, q, A, b, blocks)
    assert_optimal(P, q, A, b, blocks, res)
    cl_cones = [clarabel.ZeroConeT(2), clarabel.NonnegativeConeT(5), clarabel.SecondOrderConeT(4),
                clarabel.SecondOrderConeT(7), clarabel.NonnegativeConeT(3)]
    st = clarabel.DefaultSettings()
    st.verbose = False
    sol = clarabel.DefaultSolver(sp.triu(P, format="csc"), q, A, b, cl_cones, st).solve()
    assert res.obj_val == pytest.approx(sol.obj_val, rel=1e-7, abs=1e-7)


def test_primal_infeasible_lp_certificate():
    """x >= 1 and x <= 0."""
    q = np.array([1.0])
    A = sp.csc_matrix(np.array([[-1.0], [1.0]]))
    b = np.array([-1.0, 0.0])
    cones = [minix.NonNeg(2)]
    res = minix.solve(None, q, A, b, cones)
    assert res.status == minix.Status.PRIMAL_INFEASIBLE
    assert_primal_infeasible(A, b, cones, res.z)
    assert np.all(np.isnan(res.x))


def test_dual_infeasible_lp_certificate():
    """min -x1 - x2 s.t. x1 - x2 = 0, x >= 0: unbounded along (1, 1)."""
    q = np.array([-1.0, -1.0])
    A = sp.csc_matrix(np.array([[1.0, -1.0], [-1.0, 0.0], [0.0, -1.0]]))
    b = np.zeros(3)
    cones = [minix.Zero(1), minix.NonNeg(2)]
    res = minix.solve(None, q, A, b, cones)
    assert res.status == minix.Status.DUAL_INFEASIBLE
    assert_dual_infeasible(None, q, A, cones, res.x, res.s)


def test_primal_and_dual_infeasible_reports_primal():
    """min -x1 s.t. x2 = -0.1, x2 >= 0: no feasible point, and a ray (1, 0) that would improve
    one. The solver finds the ray first; "unbounded" would mislead, so it checks primal
    feasibility (q = 0) and reports primal infeasibility with its certificate."""
    q = np.array([-1.0, 0.0])
    A = sp.csc_matrix(np.array([[0.0, 1.0], [0.0, -1.0]]))
    b = np.array([-0.1, 0.0])
    cones = [minix.Zero(1), minix.NonNeg(1)]
    log = io.StringIO()
    res = minix.solve(None, q, A, b, cones, verbose=True, stream=log)
    assert "checking primal feasibility" in log.getvalue()  # the ray came first
    assert res.status == minix.Status.PRIMAL_INFEASIBLE
    assert_primal_infeasible(A, b, cones, res.z)
    # both runs counted once: one factorization per iteration and one to start each run
    assert res.info["factorizations"] == res.iterations + 2
    # a genuinely unbounded problem keeps its ray (the feasibility run finds a point)
    log = io.StringIO()
    res = minix.solve(None, q, A, np.array([0.1, 0.0]), cones, verbose=True, stream=log)
    assert "checking primal feasibility" in log.getvalue()
    assert res.status == minix.Status.DUAL_INFEASIBLE
    assert_dual_infeasible(None, q, A, cones, res.x, res.s)
    assert np.all(np.isnan(res.z))
    assert res.info["factorizations"] == res.iterations + 2


def test_dual_infeasible_qp_certificate():
    """min 1/2 x1^2 - x2 s.t. x2 >= 0: unbounded in x2 (P x = 0 along (0, 1))."""
    P = sp.csc_matrix(np.diag([1.0, 0.0]))
    q = np.array([0.0, -1.0])
    A = sp.csc_matrix(np.array([[0.0, -1.0]]))
    b = np.zeros(1)
    cones = [minix.NonNeg(1)]
    res = minix.solve(P, q, A, b, cones)
    assert res.status == minix.Status.DUAL_INFEASIBLE
    assert_dual_infeasible(P, q, A, cones, res.x, res.s)


def test_primal_infeasible_socp_certificate():
    """||(x, y)|| <= 1 and x >= 2."""
    q = np.array([0.0, 1.0])
    A = sp.csc_matrix(np.array([[0.0, 0.0], [-1.0, 0.0], [0.0, -1.0], [-1.0, 0.0]]))
    b = np.array([1.0, 0.0, 0.0, -2.0])
    cones = [minix.SOC(3), minix.NonNeg(1)]
    res = minix.solve(None, q, A, b, cones)
    assert res.status == minix.Status.PRIMAL_INFEASIBLE
    assert_primal_infeasible(A, b, cones, res.z)


def test_max_iter_and_best_iterate():
    P, q, A, b, cones = lp_data()
    res = minix.solve(P, q, A, b, cones, max_iter=2)
    assert res.status == minix.Status.MAX_ITERATIONS
    assert res.iterations == 2
    assert np.all(np.isfinite(res.x))


def test_lp_updates_across_the_cost_scaling():
    """LPs are solved without the equilibration's cost factor and QPs with it (csrc
    minix_core.c, minix_solve): a solver whose q is updated, or whose all-zero P becomes a
    real one, must answer as a fresh solver does. q is large so that the cost factor is far
    from 1."""
    rng = np.random.default_rng(11)
    n, k = 10, 6
    A = sp.vstack([sp.random(k, n, density=0.5, random_state=4), sp.identity(n),
                   -sp.identity(n)], format="csc")  # random rows and a box: bounded
    m = k + 2 * n
    b = np.abs(rng.standard_normal(m)) + 1.0
    cones = [minix.NonNeg(m)]
    q = 300.0 * rng.standard_normal(n)
    P0 = sp.csc_matrix((np.zeros(n), (np.arange(n), np.arange(n))), shape=(n, n))
    solver = minix.Solver(P0, q, A, b, cones)
    assert_optimal(None, q, A, b, cones, solver.solve())
    q2 = 500.0 * rng.standard_normal(n)
    solver.update(q=q2)
    r_up = solver.solve()
    assert_optimal(None, q2, A, b, cones, r_up)
    np.testing.assert_allclose(r_up.obj_val, minix.solve(None, q2, A, b, cones).obj_val,
                               rtol=1e-7)
    P2 = sp.csc_matrix((np.linspace(1.0, 2.0, n), (np.arange(n), np.arange(n))), shape=(n, n))
    solver.update(P=P2)
    r_qp = solver.solve()
    assert_optimal(P2, q2, A, b, cones, r_qp)
    np.testing.assert_allclose(r_qp.x, minix.solve(P2, q2, A, b, cones).x, atol=1e-6)


def test_update_and_resolve_matches_fresh_solve():
    rng = np.random.default_rng(5)
    n, m = 8, 12
    A = (sp.random(m, n, density=0.6, random_state=2, format="csc")
         + sp.vstack([sp.identity(n), sp.csc_matrix((m - n, n))])).tocsc()
    M = rng.standard_normal((n, n))
    P = sp.triu(sp.csc_matrix(M @ M.T + np.eye(n)), format="csc")
    q = rng.standard_normal(n)
    b = np.abs(rng.standard_normal(m)) + 1
    cones = [minix.NonNeg(m)]
    solver = minix.Solver(P, q, A, b, cones)
    solver.solve()
    q2, b2 = rng.standard_normal(n), np.abs(rng.standard_normal(m)) + 0.5
    P2 = P.copy()
    P2.data = P2.data * 1.5
    A2 = A.copy()
    A2.data = A2.data * 0.7
    solver.update(q=q2, b=b2, P=P2, A=A2.data)
    r_up = solver.solve()
    r_new = minix.solve(P2, q2, A2, b2, cones)
    assert_optimal(P2, q2, A2, b2, cones, r_up)
    np.testing.assert_allclose(r_up.x, r_new.x, atol=1e-7)
    with pytest.raises(ValueError, match="sparsity pattern"):
        solver.update(A=sp.eye(m, n, format="csc"))


def test_warm_start_from_solution_is_fast():
    P, q, A, b, cones = socp_data()
    solver = minix.Solver(P, q, A, b, cones)
    r = solver.solve()
    solver.warm_start(r.x, r.s + 1e-3, r.z + 1e-3)
    r2 = solver.solve()
    assert r2.status == minix.Status.SOLVED
    np.testing.assert_allclose(r2.x, r.x, atol=1e-7)


def test_empty_problem_dimensions():
    """No constraints: min 1/2 x'x + q'x has x = -q."""
    q = np.array([1.0, -2.0])
    res = minix.solve(sp.identity(2, format="csc"), q, sp.csc_matrix((0, 2)), np.zeros(0), [])
    assert res.status == minix.Status.SOLVED
    np.testing.assert_allclose(res.x, -q, atol=1e-8)
