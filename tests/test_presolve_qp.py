"""minix.solve_qp (box form) with and without presolve, checked through the KKT conditions of
the user's problem computed here: l <= Ax <= u, lb <= x <= ub, Px + q + A'y + y_bounds = 0,
y > 0 only on active upper sides, y < 0 only on active lower sides (OSQP convention)."""
import numpy as np
import pytest
import scipy.sparse as sp

import minix


def full(P, n):
    if P is None:
        return sp.csc_matrix((n, n))
    P = sp.csc_matrix(P)
    return P + sp.triu(P, 1).T if sp.tril(P, -1).nnz == 0 else P


def box_kkt(P, q, A, l, u, lb, ub, x, y, yb):
    """Largest violation of the box KKT conditions, relative to the data's size."""
    n = q.size
    A = sp.csc_matrix(A)
    Ax, Px = A @ x, full(P, n) @ x
    scale = 1 + max(np.abs(q).max(initial=0), np.abs(Px).max(initial=0), np.abs(Ax).max(initial=0))
    viol = [np.abs(Px + q + A.T @ y + yb).max(initial=0) / scale]
    for v, lo, hi, d in ((Ax, l, u, y), (x, lb, ub, yb)):
        viol.append(np.maximum(lo - v, 0).max(initial=0) / scale)
        viol.append(np.maximum(v - hi, 0).max(initial=0) / scale)
        dp, dm = np.maximum(d, 0), np.minimum(d, 0)
        assert np.all(dp[np.isposinf(hi)] == 0) and np.all(dm[np.isneginf(lo)] == 0)
        viol.append(np.abs(dp * np.where(np.isfinite(hi), hi - v, 0)).max(initial=0) / scale)
        viol.append(np.abs(dm * np.where(np.isfinite(lo), v - lo, 0)).max(initial=0) / scale)
    return max(viol)


def check_both(P, q, A, l, u, lb=None, ub=None, tol=1e-6):
    n = q.size
    lb_ = np.full(n, -np.inf) if lb is None else lb
    ub_ = np.full(n, np.inf) if ub is None else ub
    out = []
    for pre in (False, True):
        r = minix.solve_qp(P, q, A, l, u, lb, ub, presolve_enable=pre)
        assert r.status == minix.Status.SOLVED, (pre, r.status)
        assert box_kkt(P, q, A, l, u, lb_, ub_, r.x, r.y, r.y_bounds) <= tol, pre
        out.append(r)
    assert out[1].obj_val == pytest.approx(out[0].obj_val, rel=1e-7, abs=1e-7)
    return out


def test_small_qp_every_reduction():
    # rows: free row, singleton ranged row, singleton equality, a real ranged row, an empty row
    P = sp.csc_matrix(np.array([[2.0, 0.5, 0, 0], [0.5, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]]))
    q = np.array([-1.0, -1.0, 1.0, -2.0])
    A = sp.csc_matrix(np.array([[1.0, 1, 1, 1], [0, 2, 0, 0], [0, 0, 1, 0], [1, -1, 0, 1],
                                [0, 0, 0, 0]]))
    l = np.array([-np.inf, -1.0, 0.5, -1.0, -1.0])
    u = np.array([np.inf, 1.0, 0.5, 1.0, 1.0])
    lb = np.array([-np.inf, 0.0, -np.inf, 0.0])
    ub = np.array([np.inf, np.inf, np.inf, 3.0])
    r0, r1 = check_both(P, q, A, l, u, lb, ub)
    red = r1.info["presolve"]["reductions"]
    for key in ("free_rows", "singleton_rows", "fixed_vars", "empty_rows"):
        assert red.get(key, 0) >= 1, red
    np.testing.assert_allclose(r1.x, r0.x, atol=1e-6)
    assert r1.y[0] == 0.0 and r1.y[4] == 0.0


def test_random_box_qps_agree():
    rng = np.random.default_rng(3)
    for trial in range(5):
        n, m = 12, 9
        M = rng.standard_normal((n, n))
        P = sp.csc_matrix(M @ M.T * (trial % 2))  # LPs and QPs
        q = rng.standard_normal(n)
        A = sp.random(m, n, density=0.3, random_state=trial, format="csc")
        A = sp.vstack([A, sp.eye(n, format="csc")[: n // 2] * 2.0], format="csc")  # singleton rows
        x0 = rng.uniform(-1, 1, n)
        Ax = A @ x0
        l = Ax - rng.uniform(0, 1, A.shape[0])
        u = Ax + rng.uniform(0, 1, A.shape[0])
        l[::4] = -np.inf
        u[1::4] = np.inf
        u[2::5] = l[2::5] = Ax[2::5]  # equalities
        lb, ub = x0 - 1, x0 + 1
        ub[::3] = np.inf
        lb[n - 1] = ub[n - 1] = x0[n - 1]  # a fixed variable
        check_both(P, q, A, l, u, lb, ub)


def test_bounds_crossing_and_infeasible_row_statuses():
    q = np.array([1.0, 1.0])
    A = sp.csc_matrix(np.array([[1.0, 1.0]]))
    r = minix.solve_qp(None, q, A, [0.0], [1.0], lb=[0.0, 2.0], ub=[1.0, 1.0], presolve_enable=True)
    assert r.status == minix.Status.PRIMAL_INFEASIBLE and r.iterations == 0
    # Farkas: A'y + y_bounds = 0 and the support function is negative
    assert np.abs(A.T @ r.y + r.y_bounds).max() == 0
    r = minix.solve_qp(None, q, A, [3.0], [1.0], presolve_enable=True)
    assert r.status == minix.Status.PRIMAL_INFEASIBLE


def test_empty_column_unbounded_box():
    q = np.array([1.0, -1.0])
    A = sp.csc_matrix(np.array([[1.0, 0.0]]))
    r = minix.solve_qp(None, q, A, [0.0], [1.0], lb=[-np.inf, 0.0], presolve_enable=True)
    assert r.status == minix.Status.DUAL_INFEASIBLE
    np.testing.assert_allclose(r.x, [0.0, 1.0])


def test_bad_bounds_rejected():
    with pytest.raises(ValueError, match="not a valid bound"):
        minix.solve_qp(None, np.ones(1), sp.csc_matrix(np.ones((1, 1))), [np.inf], [np.inf], presolve_enable=True)
