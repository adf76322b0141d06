"""Unit tests of the supernodal LDL^T backend (csrc/ldl_supernodal.c) through the cffi binding.

The backend is forced with ldl_setup_method(..., LDL_METHOD_SUPERNODAL [| flags]) and checked
against scipy residuals and against the simplicial backend on the same matrix: random
quasi-definite matrices of many shapes (1x1, diagonal, dense rows, dense blocks wider than the
kernels' blocking, block-diagonal, arrow), several right-hand sides, refactorization, dynamic
regularization counts and inertia, non-finite values (-3), no allocation in factor / solve,
the auto rule, and both dense kernels (portable SSE2 and AVX2+FMA where the CPU has it) with
and without relaxed amalgamation.
"""
import zlib

import numpy as np
import pytest
import scipy.sparse as sp

from minix._minix_cffi import ffi, lib
from test_ldl import INT, _ptr, quasidef, relres, upper

AUTO, SIMPLICIAL, SUPERNODAL = 0, 1, 2
PORTABLE, NO_RELAX = 256, 512
VARIANTS = [SUPERNODAL, SUPERNODAL | PORTABLE, SUPERNODAL | NO_RELAX]
VARIANT_IDS = ["fast", "portable", "norelax"]


class Factor:
    """One LdlFactor with an explicit backend, built from the upper triangle of K."""

    def __init__(self, K_upper, perm=None, max_rhs=1, method=SUPERNODAL):
        K = sp.csc_matrix(K_upper)
        K.sort_indices()
        self.n = K.shape[0]
        self.Kp = K.indptr.astype(INT)
        self.Ki = K.indices.astype(INT)
        self.Kx = K.data.astype(float)
        self.perm = None if perm is None else np.asarray(perm, dtype=INT)
        out = ffi.new("LdlFactor **")
        self.rc = lib.ldl_setup_method(out, self.n, _ptr("int64_t *", self.Kp),
                                       _ptr("int64_t *", self.Ki),
                                       _ptr("int64_t *", self.perm), max_rhs, method)
        self.f = out[0]

    def factor(self, Kx=None, signs=None, eps=0.0, delta=0.0):
        Kx = self.Kx if Kx is None else np.ascontiguousarray(Kx, dtype=float)
        s = None if signs is None else np.ascontiguousarray(signs, dtype=float)
        return lib.ldl_factor(self.f, _ptr("double *", Kx), _ptr("double *", s), eps, delta)

    def solve(self, b):
        xt = np.array(np.asarray(b, dtype=float).T, order="C")
        nrhs = 1 if xt.ndim == 1 else xt.shape[0]
        lib.ldl_solve(self.f, _ptr("double *", xt), nrhs)
        return xt.T

    def close(self):
        lib.ldl_free(self.f)
        self.f = ffi.NULL


def dense_blocks(rng, sizes, couple=0, neg_frac=0.3):
    """Block-diagonal quasi-definite matrix of dense blocks, plus `couple` dense rows/columns
    (negative definite part) linking every block: an arrow whose blocks become wide
    supernodes that update the coupling rows with deep products."""
    blocks, signs = [], []
    for m in sizes:
        G = rng.standard_normal((m, m))
        H = G @ G.T / m + np.eye(m)
        blocks.append(H)
        signs.append(np.ones(m))
    H = sp.block_diag(blocks, format="csc")
    nh = H.shape[0]
    if couple:
        B = sp.csc_matrix(rng.standard_normal((couple, nh)) * (rng.random((couple, nh)) < 0.5))
        G = sp.eye(couple) * 2.0
        K = sp.bmat([[H, B.T], [B, -G]], format="csc")
        signs.append(-np.ones(couple))
    else:
        K = H
    return K, np.concatenate(signs)


CASES = [
    dict(nh=1, ng=0),
    dict(nh=0, ng=1),
    dict(nh=5, ng=3, diag_only=True),
    dict(nh=30, ng=20, density=0.1),
    dict(nh=60, ng=40, density=0.05, empty_cols=10),
    dict(nh=80, ng=50, density=0.03, dense_rows=2),
    dict(nh=40, ng=13, density=0.6),
    dict(nh=200, ng=150, density=0.01, dense_rows=3, empty_cols=20),
    dict(nh=300, ng=200, density=0.08),
    dict(nh=1200, ng=900, density=0.002, dense_rows=2),
]


def _orderings(rng, n):
    yield None
    yield rng.permutation(n)


@pytest.mark.parametrize("method", VARIANTS, ids=VARIANT_IDS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}{v}" for k, v in c.items()))
def test_solve_random_quasidefinite(case, method):
    rng = np.random.default_rng(zlib.crc32(repr(case).encode()))
    K, signs = quasidef(rng, **case)
    n = K.shape[0]
    for perm in _orderings(rng, n):
        F = Factor(upper(K), perm, max_rhs=3, method=method)
        S = Factor(upper(K), perm, max_rhs=3, method=SIMPLICIAL)
        assert F.rc == 0 and S.rc == 0
        assert F.f.method == SUPERNODAL and S.f.method == SIMPLICIAL
        assert F.f.nnz_l == S.f.nnz_l
        assert F.factor(signs=signs, eps=1e-13, delta=1e-7) == 0
        assert S.factor(signs=signs, eps=1e-13, delta=1e-7) == 0
        assert F.f.reg_count == 0
        assert F.f.positive_pivots == case["nh"]
        B = rng.standard_normal((n, 3))
        X = F.solve(B)
        for r in range(3):
            assert relres(K, X[:, r], B[:, r]) <= 1e-12
        Xs = S.solve(B)
        assert np.allclose(X, Xs, rtol=1e-8, atol=1e-10 * max(1.0, np.abs(Xs).max()))
        F.close()
        S.close()


@pytest.mark.parametrize("method", VARIANTS, ids=VARIANT_IDS)
@pytest.mark.parametrize("sizes,couple", [
    ([250], 0),            # one supernode wider than the panel / depth blocking
    ([7, 130, 1, 40], 0),  # independent dense blocks
    ([250, 210], 30),      # arrow: deep descendant updates into the coupling rows
    ([20] * 15, 12),
])
def test_dense_blocks_and_arrows(sizes, couple, method):
    rng = np.random.default_rng(len(sizes) * 1000 + couple)
    K, signs = dense_blocks(rng, sizes, couple)
    n = K.shape[0]
    for perm in _orderings(rng, n):
        F = Factor(upper(K), perm, max_rhs=2, method=method)
        assert F.rc == 0
        assert F.factor(signs=signs, eps=1e-13, delta=1e-7) == 0
        assert F.f.reg_count == 0
        assert F.f.positive_pivots == sum(sizes)
        B = rng.standard_normal((n, 2))
        X = F.solve(B)
        for r in range(2):
            assert relres(K, X[:, r], B[:, r]) <= 1e-12
        F.close()


def test_multiple_rhs_and_chunking():
    rng = np.random.default_rng(7)
    K, signs = quasidef(rng, 300, 200, density=0.02, dense_rows=1)
    n = K.shape[0]
    for max_rhs in (1, 3, 8):
        F = Factor(upper(K), rng.permutation(n), max_rhs=max_rhs)
        assert F.factor(signs=signs) == 0
        B = rng.standard_normal((n, 7))
        X = F.solve(B)
        for r in range(7):
            assert relres(K, X[:, r], B[:, r]) <= 1e-12
            # each column gets the operations of a solve on its own, bit for bit (the
            # refinement of two right-hand sides side by side relies on it)
            assert np.array_equal(X[:, r], F.solve(B[:, r]))
        F.close()


def test_refactor_new_values_same_pattern():
    rng = np.random.default_rng(11)
    nh = 250
    K, signs = quasidef(rng, nh, 150, density=0.03)
    U = upper(K)
    F = Factor(U, rng.permutation(K.shape[0]))
    b = rng.standard_normal(K.shape[0])
    col = np.repeat(np.arange(U.shape[1]), np.diff(U.indptr))
    row = U.indices
    for scale in (1.0, 3.0, 0.25, 1.0):
        U2 = U.copy()
        U2.data = U2.data * np.where((row >= nh) & (col >= nh), scale, 1.0)
        U2.data += np.where((row == col) & (row < nh), scale, 0.0)
        assert F.factor(U2.data, signs) == 0
        K2 = U2 + sp.triu(U2, 1).T
        assert relres(K2, F.solve(b), b) <= 1e-12
    F.close()


def _lp_like(rng, n, m, zero_p, zero_g, density=0.05):
    """[[diag(p), A'], [A, -diag(g)]] with zeros on both diagonals: pivots that are exactly
    zero (replaced) and pivots of the wrong sign once earlier ones were replaced."""
    p = rng.uniform(1, 2, n)
    p[rng.choice(n, zero_p, replace=False)] = 0.0
    g = rng.uniform(1, 2, m)
    g[rng.choice(m, zero_g, replace=False)] = 0.0
    A = sp.random(m, n, density=density, random_state=rng)
    K = sp.bmat([[sp.diags(p), A.T], [A, -sp.diags(g)]], format="csc")
    return K, np.concatenate([np.ones(n), -np.ones(m)])


@pytest.mark.parametrize("method", VARIANTS, ids=VARIANT_IDS)
def test_dynamic_regularization_counts_match_simplicial(method):
    rng = np.random.default_rng(17)
    for n, m, zp, zg in [(40, 30, 10, 10), (200, 120, 80, 60), (400, 300, 400, 0)]:
        K, signs = _lp_like(rng, n, m, zp, zg)
        perm = rng.permutation(n + m)
        for eps, delta in [(1e-13, 1e-7), (1e-8, 1e-6), (-np.inf, 1.0)]:
            F = Factor(upper(K), perm, method=method)
            S = Factor(upper(K), perm, method=SIMPLICIAL)
            rc = S.factor(signs=signs, eps=eps, delta=delta)
            assert F.factor(signs=signs, eps=eps, delta=delta) == rc
            if rc:
                # eps = -inf keeps the exact zero pivots: both fail the same way
                assert eps == -np.inf and rc == -3
                F.close()
                S.close()
                continue
            assert F.f.reg_count == S.f.reg_count
            assert F.f.positive_pivots == S.f.positive_pivots
            if eps > 0:
                assert S.f.reg_count > 0
            # (the regularized systems are too ill-conditioned to compare solutions)
            # without signs nothing is replaced: same inertia as the simplicial factor
            K2 = K + sp.diags(np.concatenate([np.full(n, 1e-3), -np.full(m, 1e-3)]))
            Kx2 = upper(K2).data
            assert F.factor(Kx2) == 0 and S.factor(Kx2) == 0
            assert F.f.reg_count == 0
            assert F.f.positive_pivots == S.f.positive_pivots
            F.close()
            S.close()


def test_dynamic_regularization_zero_pivot():
    # K = [[0, 1], [1, 0]]: first pivot exactly zero; expected +1, replaced by +delta
    Kp = np.array([0, 1, 3], dtype=INT)
    Ki = np.array([0, 0, 1], dtype=INT)
    Kx = np.array([0.0, 1.0, 0.0])
    out = ffi.new("LdlFactor **")
    assert lib.ldl_setup_method(out, 2, _ptr("int64_t *", Kp), _ptr("int64_t *", Ki),
                                ffi.NULL, 1, SUPERNODAL) == 0
    f = out[0]
    assert lib.ldl_factor(f, _ptr("double *", Kx), _ptr("double *", np.array([1.0, -1.0])),
                          1e-12, 1e-6) == 0
    assert f.reg_count == 1 and f.positive_pivots == 1
    assert list(f.perm[0:2]) == [0, 1]
    assert f.D[0] == 1e-6 and f.D[1] == pytest.approx(-1e6)
    lib.ldl_free(f)


@pytest.mark.parametrize("method", VARIANTS, ids=VARIANT_IDS)
def test_nonfinite_values_return_minus3(method):
    rng = np.random.default_rng(9)
    K, signs = quasidef(rng, 120, 60, density=0.1)
    F = Factor(upper(K), method=method)
    for bad in (np.nan, np.inf, -np.inf):
        for where in (0, len(F.Kx) // 2, len(F.Kx) - 1):
            Kx = F.Kx.copy()
            Kx[where] = bad
            assert F.factor(Kx, signs) == -3
    assert F.factor(signs=signs) == 0
    b = rng.standard_normal(K.shape[0])
    assert relres(K, F.solve(b), b) <= 1e-12
    F.close()


def test_empty_matrix_invalid_method_and_patterns():
    out = ffi.new("LdlFactor **")
    Kp = np.array([0], dtype=INT)
    assert lib.ldl_setup_method(out, 0, _ptr("int64_t *", Kp), ffi.NULL, ffi.NULL, 1,
                                SUPERNODAL) == 0
    f = out[0]
    assert lib.ldl_factor(f, ffi.NULL, ffi.NULL, 0.0, 0.0) == 0
    lib.ldl_solve(f, ffi.NULL, 1)
    lib.ldl_free(f)
    Kp = np.array([0, 1, 3, 5], dtype=INT)
    Ki = np.array([0, 0, 1, 1, 2], dtype=INT)
    for bad_method in (3, -1, 7, 1024):
        assert lib.ldl_setup_method(out, 3, _ptr("int64_t *", Kp), _ptr("int64_t *", Ki),
                                    ffi.NULL, 1, bad_method) == -2
        assert out[0] == ffi.NULL
    Ki_bad = np.array([0, 1, 0, 1, 2], dtype=INT)  # unsorted rows
    assert lib.ldl_setup_method(out, 3, _ptr("int64_t *", Kp), _ptr("int64_t *", Ki_bad),
                                ffi.NULL, 1, SUPERNODAL) == -2


def test_method_names():
    assert lib.ldl_method_from_name(b"auto") == AUTO
    assert lib.ldl_method_from_name(b"simplicial") == SIMPLICIAL
    assert lib.ldl_method_from_name(b"supernodal") == SUPERNODAL
    for bad in (b"", b"Auto", b"qdldl", b"supernodal "):
        assert lib.ldl_method_from_name(bad) == -1
    assert lib.ldl_method_from_name(ffi.NULL) == -1
    assert ffi.string(lib.ldl_method_name(ffi.NULL)) == b"none"
    K, _ = quasidef(np.random.default_rng(1), 10, 5, density=0.3)
    for m, name in ((SIMPLICIAL, b"simplicial"), (SUPERNODAL, b"supernodal")):
        F = Factor(upper(K), method=m)
        assert ffi.string(lib.ldl_method_name(F.f)) == name
        F.close()


def test_auto_rule_picks_by_size():
    rng = np.random.default_rng(21)
    K, _ = quasidef(rng, 30, 20, density=0.1)
    F = Factor(upper(K), method=AUTO)
    assert F.rc == 0 and F.f.method == SIMPLICIAL
    F.close()
    K, signs = dense_blocks(rng, [700], 0)
    F = Factor(upper(K), method=AUTO)
    assert F.rc == 0 and F.f.method == SUPERNODAL
    assert F.factor(signs=signs) == 0
    b = rng.standard_normal(K.shape[0])
    assert relres(K, F.solve(b), b) <= 1e-12
    F.close()


@pytest.mark.parametrize("method", VARIANTS, ids=VARIANT_IDS)
def test_no_allocation_in_factor_and_solve(method):
    rng = np.random.default_rng(13)
    K, signs = quasidef(rng, 300, 150, density=0.04, dense_rows=2)
    n = K.shape[0]
    F = Factor(upper(K), rng.permutation(n), max_rhs=4, method=method)
    Kx, s = F.Kx.copy(), signs.copy()
    B = rng.standard_normal((6, n))
    kx, sp_, bp = _ptr("double *", Kx), _ptr("double *", s), _ptr("double *", B)
    before = lib.minix_alloc_count()
    for _ in range(3):
        assert lib.ldl_factor(F.f, kx, sp_, 1e-13, 1e-7) == 0
        lib.ldl_solve(F.f, bp, 1)
        lib.ldl_solve(F.f, bp, 6)
    assert lib.minix_alloc_count() == before
    F.close()
