"""Unit tests of the sparse LDL^T kernel (csrc/ldl.c) through the cffi binding.

Each pathology gets its own case: solves on random quasi-definite [[H, B'], [B, -G]]
matrices checked against numpy/scipy residuals, several right-hand sides, refactorization,
dynamic regularization, invalid patterns (-2), non-finite values (-3), and no allocation
in ldl_factor / ldl_solve. The ordering (AMD) is not tested here.
"""
import zlib

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from minix._minix_cffi import ffi, lib

INT = np.int64


def _ptr(ctype, a):
    return ffi.cast(ctype, ffi.from_buffer(a)) if a is not None else ffi.NULL


class Factor:
    """Owns one LdlFactor built from the upper triangle of a symmetric scipy matrix."""

    def __init__(self, K_upper, perm=None, max_rhs=1):
        K = sp.csc_matrix(K_upper)
        K.sort_indices()
        self.n = K.shape[0]
        self.Kp = K.indptr.astype(INT)
        self.Ki = K.indices.astype(INT)
        self.Kx = K.data.astype(float)
        self.perm = None if perm is None else np.asarray(perm, dtype=INT)
        self.rc, self.f = setup(self.n, self.Kp, self.Ki, self.perm, max_rhs)

    def factor(self, Kx=None, signs=None, eps=0.0, delta=0.0):
        Kx = self.Kx if Kx is None else np.ascontiguousarray(Kx, dtype=float)
        s = None if signs is None else np.ascontiguousarray(signs, dtype=float)
        return lib.ldl_factor(self.f, _ptr("double *", Kx), _ptr("double *", s), eps, delta)

    def solve(self, b):
        # column-major n x nrhs == C-contiguous nrhs x n
        xt = np.array(np.asarray(b, dtype=float).T, order="C")
        nrhs = 1 if xt.ndim == 1 else xt.shape[0]
        lib.ldl_solve(self.f, _ptr("double *", xt), nrhs)
        return xt.T

    def close(self):
        lib.ldl_free(self.f)
        self.f = ffi.NULL


def setup(n, Kp, Ki, perm=None, max_rhs=1):
    out = ffi.new("LdlFactor **")
    rc = lib.ldl_setup(out, n, _ptr("int64_t *", Kp), _ptr("int64_t *", Ki),
                       _ptr("int64_t *", perm), max_rhs)
    return rc, out[0]


def quasidef(rng, nh, ng, density=0.05, dense_rows=0, empty_cols=0, diag_only=False):
    """[[H + I, B'], [B, -(G + I)]] with H, G positive semidefinite: quasi-definite."""
    if diag_only:
        d = np.concatenate([rng.uniform(1, 2, nh), -rng.uniform(1, 2, ng)])
        return sp.diags(d).tocsc(), np.sign(d)
    R = sp.random(nh, nh, density=density, random_state=rng)
    H = R @ R.T + sp.eye(nh)
    S = sp.random(ng, ng, density=density / 4, random_state=rng)
    G = S @ S.T + sp.eye(ng)
    B = sp.random(ng, nh, density=density, random_state=rng, format="lil")
    for r in rng.choice(ng, size=min(dense_rows, ng), replace=False) if ng else []:
        B[r, :] = rng.standard_normal(nh)
    B = B.tocsc()
    if empty_cols and nh:
        keep = np.ones(nh)
        keep[rng.choice(nh, size=min(empty_cols, nh), replace=False)] = 0.0
        B = B @ sp.diags(keep)
    K = sp.bmat([[H, B.T], [B, -G]], format="csc")
    signs = np.concatenate([np.ones(nh), -np.ones(ng)])
    return K, signs


def upper(K):
    U = sp.triu(K, format="csc")
    # keep explicit zeros on the diagonal so every diagonal entry is in the pattern
    n = K.shape[0]
    U = (U + sp.csc_matrix((np.full(n, 1e-300), (np.arange(n), np.arange(n))), shape=(n, n)))
    U = U.tocsc()
    U.sort_indices()
    return U


def relres(K, x, b):
    r = K @ x - b
    return np.linalg.norm(r) / (spla.norm(K) * np.linalg.norm(x) + np.linalg.norm(b))


def orderings(rng, K):
    from scipy.sparse.csgraph import reverse_cuthill_mckee
    n = K.shape[0]
    yield None
    yield rng.permutation(n)
    yield np.asarray(reverse_cuthill_mckee(sp.csr_matrix(K), symmetric_mode=True))


CASES = [
    dict(nh=1, ng=0),
    dict(nh=0, ng=1),
    dict(nh=5, ng=3, diag_only=True),
    dict(nh=30, ng=20, density=0.1),
    dict(nh=60, ng=40, density=0.05, empty_cols=10),
    dict(nh=80, ng=50, density=0.03, dense_rows=2),
    dict(nh=40, ng=13, density=0.6),
    dict(nh=200, ng=150, density=0.01, dense_rows=3, empty_cols=20),
    dict(nh=1200, ng=900, density=0.002, dense_rows=2),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}{v}" for k, v in c.items()))
def test_solve_random_quasidefinite(case):
    rng = np.random.default_rng(zlib.crc32(repr(case).encode()))
    K, signs = quasidef(rng, **case)
    n = K.shape[0]
    for perm in orderings(rng, K):
        F = Factor(upper(K), perm)
        assert F.rc == 0
        assert F.factor(signs=signs, eps=1e-13, delta=1e-7) == 0
        assert F.f.reg_count == 0
        assert F.f.positive_pivots == case["nh"]
        b = rng.standard_normal(n)
        x = F.solve(b)
        assert relres(K, x, b) <= 1e-10
        F.close()


def test_nnz_l_matches_dense_factor():
    # fill of L from the symbolic phase equals the structural fill of a dense elimination
    rng = np.random.default_rng(3)
    K, signs = quasidef(rng, 25, 15, density=0.08)
    perm = rng.permutation(K.shape[0])
    F = Factor(upper(K), perm)
    Kp = K[perm][:, perm].toarray() != 0
    n = K.shape[0]
    fill = Kp.copy()
    for k in range(n):
        rows = np.nonzero(fill[k + 1:, k])[0] + k + 1
        fill[np.ix_(rows, rows)] = True
    assert F.f.nnz_l == int(np.tril(fill, -1).sum())
    F.close()


def test_multiple_rhs_and_chunking():
    rng = np.random.default_rng(7)
    K, signs = quasidef(rng, 300, 200, density=0.01, dense_rows=1)
    n = K.shape[0]
    for max_rhs in (1, 3, 8):
        F = Factor(upper(K), rng.permutation(n), max_rhs=max_rhs)
        assert F.factor(signs=signs) == 0
        B = rng.standard_normal((n, 7))
        X = F.solve(B)
        for r in range(7):
            assert relres(K, X[:, r], B[:, r]) <= 1e-10
            # each column gets the operations of a solve on its own, bit for bit (the
            # refinement of two right-hand sides side by side relies on it)
            assert np.array_equal(X[:, r], F.solve(B[:, r]))
        F.close()


@pytest.mark.parametrize("method", [b"simplicial", b"supernodal"])
@pytest.mark.parametrize("max_rhs", [1, 2])
def test_solve_into_matches_the_in_place_solve_and_keeps_b(method, max_rhs):
    """ldl_solve_into(b -> x) gives ldl_solve's solutions bit for bit and leaves b alone."""
    rng = np.random.default_rng(17)
    K, signs = quasidef(rng, 120, 80, density=0.03, dense_rows=1)
    n = K.shape[0]
    F = Factor(upper(K))
    lib.ldl_free(F.f)
    out = ffi.new("LdlFactor **")
    perm = rng.permutation(n).astype(INT)
    assert lib.ldl_setup_method(out, n, _ptr("int64_t *", F.Kp), _ptr("int64_t *", F.Ki),
                                _ptr("int64_t *", perm), max_rhs,
                                lib.ldl_method_from_name(method)) == 0
    F.f = out[0]
    assert F.factor(signs=signs) == 0
    for nrhs in (1, 2, 3):
        B = rng.standard_normal((nrhs, n))  # C order (nrhs, n) is column-major n x nrhs
        kept = B.copy()
        X = np.full_like(B, np.nan)
        lib.ldl_solve_into(F.f, _ptr("double *", B), _ptr("double *", X), nrhs)
        assert np.array_equal(B, kept)
        Y = B.copy()
        lib.ldl_solve(F.f, _ptr("double *", Y), nrhs)
        assert np.array_equal(X, Y)
        assert max(relres(K, X[r], B[r]) for r in range(nrhs)) <= 1e-10
    F.close()


def test_refactor_new_values_same_pattern():
    rng = np.random.default_rng(11)
    K, signs = quasidef(rng, 150, 100, density=0.02)
    U = upper(K)
    F = Factor(U, rng.permutation(K.shape[0]))
    b = rng.standard_normal(K.shape[0])
    for scale in (1.0, 3.0, 0.25):
        U2 = U.copy()
        nh = 150
        # rescale the (2,2) block and shift the (1,1) diagonal: still quasi-definite
        col = np.repeat(np.arange(U2.shape[1]), np.diff(U2.indptr))
        row = U2.indices
        U2.data = U2.data * np.where((row >= nh) & (col >= nh), scale, 1.0)
        U2.data += np.where((row == col) & (row < nh), scale, 0.0)
        assert F.factor(U2.data, signs) == 0
        K2 = U2 + sp.triu(U2, 1).T
        assert relres(K2, F.solve(b), b) <= 1e-10
    F.close()


def test_dynamic_regularization_zero_pivot():
    # K = [[0, 1], [1, 0]]: first pivot is exactly zero; expected +1, replaced by +delta
    U = sp.csc_matrix(np.array([[0.0, 1.0], [0.0, 0.0]]))
    Kp = np.array([0, 1, 3], dtype=INT)
    Ki = np.array([0, 0, 1], dtype=INT)
    Kx = np.array([0.0, 1.0, 0.0])
    rc, f = setup(2, Kp, Ki)
    assert rc == 0
    assert lib.ldl_factor(f, _ptr("double *", Kx), _ptr("double *", np.array([1.0, -1.0])),
                          1e-12, 1e-6) == 0
    assert f.reg_count == 1
    assert f.positive_pivots == 1
    assert f.D[0] == 1e-6 and f.D[1] == pytest.approx(-1e6)
    lib.ldl_free(f)
    del U


def test_dynamic_regularization_wrong_sign():
    # node 3 is decoupled with a negative diagonal where a positive pivot is expected:
    # exactly one replacement, and the solve is that of the matrix with K33 = delta
    rng = np.random.default_rng(5)
    K, signs = quasidef(rng, 20, 10, density=0.1)
    K = K.tolil()
    K[3, :] = 0.0
    K[:, 3] = 0.0
    K[3, 3] = -5.0
    K = K.tocsc()
    K.eliminate_zeros()
    F = Factor(upper(K), rng.permutation(30))
    assert F.factor(signs=signs, eps=1e-10, delta=1e-4) == 0
    assert F.f.reg_count == 1
    assert F.f.positive_pivots == 20
    b = rng.standard_normal(30)
    Kreg = K.tolil()
    Kreg[3, 3] = 1e-4
    assert relres(Kreg.tocsc(), F.solve(b), b) <= 1e-10
    # without signs nothing is replaced and the inertia shows the negative pivot
    assert F.factor() == 0
    assert F.f.reg_count == 0
    assert F.f.positive_pivots == 19
    F.close()


def test_nonfinite_values_return_minus3():
    rng = np.random.default_rng(9)
    K, signs = quasidef(rng, 20, 10, density=0.1)
    F = Factor(upper(K))
    for bad in (np.nan, np.inf):
        Kx = F.Kx.copy()
        Kx[len(Kx) // 2] = bad
        assert F.factor(Kx, signs) == -3
    assert F.factor(signs=signs) == 0
    F.close()


def _bad(Kp, Ki, n, perm=None):
    rc, f = setup(n, np.array(Kp, dtype=INT), np.array(Ki, dtype=INT),
                  None if perm is None else np.array(perm, dtype=INT))
    assert f == ffi.NULL
    return rc


def test_invalid_patterns_return_minus2():
    # reference: valid 3x3 upper triangle
    assert setup(3, np.array([0, 1, 3, 5], dtype=INT), np.array([0, 0, 1, 1, 2], dtype=INT))[0] == 0
    assert _bad([0, 1, 3, 5], [0, 1, 0, 1, 2], 3) == -2      # unsorted rows
    assert _bad([0, 1, 3, 5], [0, 1, 1, 2, 2], 3) == -2      # duplicate row
    assert _bad([0, 1, 3, 5], [0, 0, 1, 1, 7], 3) == -2      # row out of range
    assert _bad([0, 1, 3, 5], [0, 0, 1, -1, 2], 3) == -2     # negative row
    assert _bad([0, 1, 3, 5], [0, 0, 2, 1, 2], 3) == -2      # entry below the diagonal
    assert _bad([0, 1, 2, 4], [0, 0, 1, 2], 3) == -2         # missing diagonal (1,1)
    assert _bad([0, 1, 1, 3], [0, 1, 2], 3) == -2            # empty column
    assert _bad([1, 1, 3, 5], [0, 0, 1, 1, 2], 3) == -2      # Kp[0] != 0
    assert _bad([0, 3, 1, 5], [0, 0, 1, 1, 2], 3) == -2      # Kp decreasing
    ok = ([0, 1, 3, 5], [0, 0, 1, 1, 2], 3)
    assert _bad(*ok, perm=[0, 1, 1]) == -2                   # repeated index
    assert _bad(*ok, perm=[0, 1, 3]) == -2                   # out of range
    assert _bad(*ok, perm=[0, -1, 2]) == -2
    assert _bad([0], [], -1) == -2                           # negative n
    out = ffi.new("LdlFactor **")
    assert lib.ldl_setup(out, 1, ffi.NULL, ffi.NULL, ffi.NULL, 1) == -2
    assert lib.ldl_setup(ffi.NULL, 0, ffi.NULL, ffi.NULL, ffi.NULL, 1) == -2


def test_empty_matrix_and_free_null():
    rc, f = setup(0, np.array([0], dtype=INT), np.array([], dtype=INT))
    assert rc == 0
    assert lib.ldl_factor(f, ffi.NULL, ffi.NULL, 0.0, 0.0) == 0
    lib.ldl_solve(f, ffi.NULL, 1)
    lib.ldl_free(f)
    lib.ldl_free(ffi.NULL)


def test_no_allocation_in_factor_and_solve():
    rng = np.random.default_rng(13)
    K, signs = quasidef(rng, 200, 100, density=0.02, dense_rows=1)
    n = K.shape[0]
    F = Factor(upper(K), rng.permutation(n), max_rhs=4)
    Kx, s = F.Kx.copy(), signs.copy()
    B = rng.standard_normal((6, n))  # C order (6, n) is column-major n x 6
    kx, sp_, bp = _ptr("double *", Kx), _ptr("double *", s), _ptr("double *", B)
    before = lib.minix_alloc_count()
    for _ in range(3):
        assert lib.ldl_factor(F.f, kx, sp_, 1e-13, 1e-7) == 0
        lib.ldl_solve(F.f, bp, 1)
        lib.ldl_solve(F.f, bp, 6)
    assert lib.minix_alloc_count() == before
    F.close()
