"""The KKT system through the cffi test hooks: assembled values against a dense numpy
assembly, SOC scaling blocks against the defining properties of Nesterov-Todd scaling, the
sparse SOC expansion against the dense block, refined solves against the unregularized
matrix, and no allocation during a solve."""
import numpy as np
import pytest
import scipy.sparse as sp

import minix
from minix._minix_cffi import ffi, lib


def _f(a):
    return ffi.cast("minix_float *", ffi.from_buffer(a))


def _i(a):
    return ffi.cast("minix_int *", ffi.from_buffer(a))


def problem(soc_big=9):
    """P (4x4 PD), A with a Zero(2), NonNeg(3), SOC(3) (dense block) and SOC(soc_big)."""
    rng = np.random.default_rng(11)
    n = 4
    cones = [minix.Zero(2), minix.NonNeg(3), minix.SOC(3), minix.SOC(soc_big)]
    m = sum(c.size for c in cones)
    M = rng.standard_normal((n, n))
    P = sp.csc_matrix(M @ M.T + np.eye(n))
    # dense enough that no row is a singleton (bound rows are eliminated; tested separately)
    A = np.where(rng.random((m, n)) < 0.7, rng.standard_normal((m, n)), 0.0)
    A[np.arange(m), np.arange(m) % n] = 1.0
    A[np.arange(m), (np.arange(m) + 1) % n] = -1.0
    return P, rng.standard_normal(n), sp.csc_matrix(A), rng.standard_normal(m), cones


def interior_point(cones, rng):
    s, z = [], []
    for c in cones:
        if isinstance(c, minix.Zero):
            s.append(np.zeros(c.size))
            z.append(rng.standard_normal(c.size))
        elif isinstance(c, minix.NonNeg):
            s.append(rng.uniform(0.1, 3, c.size))
            z.append(rng.uniform(0.1, 3, c.size))
        else:
            for v in (s, z):
                tail = rng.standard_normal(c.size - 1)
                v.append(np.concatenate([[np.linalg.norm(tail) + rng.uniform(0.1, 1)], tail]))
    return np.concatenate(s), np.concatenate(z)


def assembled(solver):
    ptr = solver._core._ptr
    N, nnz = lib.minix_test_kkt_dim(ptr), lib.minix_test_kkt_nnz(ptr)
    Kp, Ki, Kx = np.zeros(N + 1, np.int64), np.zeros(nnz, np.int64), np.zeros(nnz)
    lib.minix_test_kkt_get(ptr, _i(Kp), _i(Ki), _f(Kx))
    U = sp.csc_matrix((Kx, Ki, Kp), shape=(N, N))
    assert sp.tril(U, -1).nnz == 0, "KKT must be stored as its upper triangle"
    w = np.zeros(N)
    lib.minix_test_kkt_shift(ptr, _f(w))
    return (U + sp.triu(U, 1).T).toarray(), lib.minix_test_kkt_delta(ptr), w


@pytest.mark.parametrize("soc_dense_max", [4, 100])
def test_kkt_values_match_dense_assembly(soc_dense_max):
    P, q, A, b, cones = problem()
    S = minix.Solver(P, q, A, b, cones, equilibrate_enable=False, soc_dense_max_dim=soc_dense_max,
                     presolve_enable=False)
    s, z = interior_point(cones, np.random.default_rng(2))
    assert lib.minix_test_kkt_update(S._core._ptr, _f(s), _f(z)) == 0
    K, delta, w = assembled(S)
    n, m = 4, A.shape[0]
    nm = n + m
    # the static shift: full on x columns and Zero rows, a small part on inequality-cone rows
    zero_row = np.concatenate([np.full(c.size, isinstance(c, minix.Zero)) for c in cones])
    assert delta > 0 and np.all(w[:n] == 1.0) and np.all(w[n:nm][zero_row] == -1.0)
    assert np.all((w[n:nm][~zero_row] < 0) & (w[n:nm][~zero_row] > -1e-2))
    extra = K.shape[0] - nm
    assert extra == (2 if soc_dense_max < 9 else 0)
    # eliminate the extra rows of a sparse SOC: their Schur complement must give the dense block
    if extra:
        K11, K12, K22 = K[:nm, :nm], K[:nm, nm:], K[nm:, nm:]
        K = K11 - K12 @ np.linalg.solve(K22, K12.T)
        assert np.allclose(np.diag(K22), [-1.0, 1.0])
    else:
        K = K[:nm, :nm]
    np.testing.assert_allclose(K[:n, :n], P.toarray() + delta * np.eye(n), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(K[n:, :n], A.toarray(), rtol=1e-13, atol=1e-13)
    H = -K[n:, n:] + delta * np.diag(w[n:nm])  # K22 = -(H + delta |w|)
    k = 0
    for c in cones:
        blk = H[k:k + c.size, k:k + c.size]
        sc, zc = s[k:k + c.size], z[k:k + c.size]
        off = H[k:k + c.size].copy()
        off[:, k:k + c.size] = 0
        assert np.abs(off).max() < 1e-12, "cone blocks must not couple"
        if isinstance(c, minix.Zero):
            assert np.abs(blk).max() < 1e-14
        elif isinstance(c, minix.NonNeg):
            np.testing.assert_allclose(blk, np.diag(sc / zc), rtol=1e-12)
        else:
            # Nesterov-Todd scaling H = W^2: symmetric positive definite, H z = s, H J H = c J
            J = np.diag(np.concatenate([[1.0], -np.ones(c.size - 1)]))
            np.testing.assert_allclose(blk, blk.T, atol=1e-10)
            assert np.linalg.eigvalsh(blk).min() > 0
            np.testing.assert_allclose(blk @ zc, sc, rtol=1e-9, atol=1e-9)
            HJH = blk @ J @ blk
            ratio = HJH[0, 0] / J[0, 0]
            np.testing.assert_allclose(HJH, ratio * J, rtol=1e-8, atol=1e-8 * abs(ratio))
        k += c.size


def test_sparse_soc_expansion_is_quasidefinite():
    """The extra rows keep the negative block negative definite: LDL' with known signs
    needs no pivot replacement."""
    P, q, A, b, cones = problem(soc_big=40)
    S = minix.Solver(P, q, A, b, cones, equilibrate_enable=False, presolve_enable=False)
    rng = np.random.default_rng(9)
    for _ in range(20):
        s, z = interior_point(cones, rng)
        assert lib.minix_test_kkt_update(S._core._ptr, _f(s), _f(z)) == 0
        K, _, _ = assembled(S)
        nm = 4 + A.shape[0]
        neg = K[4:, 4:]
        # reorder so the +1 extra row sits with the positive block; the rest must be ND
        idx = [i for i in range(neg.shape[0]) if i != neg.shape[0] - 1]
        assert np.linalg.eigvalsh(neg[np.ix_(idx, idx)]).max() < 0
        assert K.shape[0] == nm + 2


def test_refined_solve_matches_unregularized_system():
    P, q, A, b, cones = problem()
    S = minix.Solver(P, q, A, b, cones, equilibrate_enable=False, presolve_enable=False)
    s, z = interior_point(cones, np.random.default_rng(5))
    lib.minix_test_kkt_update(S._core._ptr, _f(s), _f(z))
    K, delta, w = assembled(S)
    nm = 4 + A.shape[0]
    K0 = K.copy()
    K0[np.arange(nm), np.arange(nm)] -= delta * w[:nm]
    rhs = np.random.default_rng(6).standard_normal(nm)
    full_rhs = np.concatenate([rhs, np.zeros(K.shape[0] - nm)])
    expected = np.linalg.solve(K0, full_rhs)[:nm]
    sol = np.zeros(nm)
    lib.minix_test_kkt_solve(S._core._ptr, _f(rhs), _f(sol))
    np.testing.assert_allclose(sol, expected, rtol=1e-9, atol=1e-10)


def test_solve_allocates_nothing():
    P, q, A, b, cones = problem(soc_big=12)
    S = minix.Solver(P, q, A, b, cones, presolve_enable=False)
    S.solve()
    before = lib.minix_alloc_count()
    S.update(q=q * 1.1)
    res = S.solve()
    assert lib.minix_alloc_count() == before
    assert res.status in (minix.Status.SOLVED, minix.Status.PRIMAL_INFEASIBLE, minix.Status.DUAL_INFEASIBLE)


def test_bound_rows_are_eliminated_exactly():
    """NonNeg rows with one entry (variable bounds) leave the KKT: the reduced matrix is the
    Schur complement of the full one, and solves agree with the full system."""
    rng = np.random.default_rng(21)
    n = 6
    M = rng.standard_normal((n, n))
    P = sp.csc_matrix(M @ M.T)
    dense_rows = sp.csc_matrix(rng.standard_normal((3, n)))
    bounds = sp.vstack([sp.identity(n), -2.0 * sp.identity(n)])  # two bound rows per variable
    A = sp.vstack([dense_rows, bounds]).tocsc()
    m = A.shape[0]
    cones = [minix.Zero(1), minix.NonNeg(m - 1)]
    S = minix.Solver(P, rng.standard_normal(n), A, rng.standard_normal(m), cones,
                     equilibrate_enable=False, presolve_enable=False)
    ptr = S._core._ptr
    zcol = np.zeros(m, np.int64)
    lib.minix_test_kkt_zcol(ptr, _i(zcol))
    assert np.array_equal(zcol < 0, np.r_[np.zeros(3, bool), np.ones(2 * n, bool)])
    s = np.r_[0.0, rng.uniform(0.1, 2, m - 1)]
    z = np.r_[0.3, rng.uniform(0.1, 2, m - 1)]
    lib.minix_test_kkt_update(ptr, _f(s), _f(z))
    K, delta, w = assembled(S)
    H = np.r_[0.0, s[1:] / z[1:]]
    full = np.block([[P.toarray(), A.T.toarray()], [A.toarray(), -np.diag(H)]])
    keep = np.r_[np.arange(n), n + np.flatnonzero(zcol >= 0)]
    drop = n + np.flatnonzero(zcol < 0)
    schur = full[np.ix_(keep, keep)] - full[np.ix_(keep, drop)] @ np.linalg.solve(
        full[np.ix_(drop, drop)], full[np.ix_(drop, keep)])
    order = np.argsort(np.r_[np.arange(n), zcol[zcol >= 0]])
    expected = schur[np.ix_(order, order)]
    np.testing.assert_allclose(K, expected + delta * np.diag(w), rtol=1e-12, atol=1e-12)
    rhs = rng.standard_normal(n + m)
    sol = np.zeros(n + m)
    lib.minix_test_kkt_solve(ptr, _f(rhs), _f(sol))
    np.testing.assert_allclose(sol, np.linalg.solve(full, rhs), rtol=1e-9, atol=1e-10)
