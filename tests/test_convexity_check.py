"""The setup's convexity check of P (csrc/convexity.c): a non-convex objective is refused with
the number of negative eigenvalues, a convex one (singular included) is accepted. Orders up to
128 take the dense route, larger ones the sparse route; both must count the same inertia."""
import numpy as np
import pytest
import scipy.sparse as sp

import minix


def _with_eigenvalues(eigs, seed, bandwidth=None):
    """Symmetric P = Q diag(eigs) Q' (dense), or, with a bandwidth, a banded matrix whose
    negative eigenvalues are counted with numpy (sparse structure for the sparse route)."""
    rng = np.random.default_rng(seed)
    n = len(eigs)
    if bandwidth is None:
        Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
        P = (Q * eigs) @ Q.T
        return (P + P.T) / 2
    P = np.diag(np.asarray(eigs, dtype=float))
    for k in range(1, bandwidth + 1):
        off = 0.3 * rng.standard_normal(n - k)
        P += np.diag(off, k) + np.diag(off, -k)
    return P


def _box_problem(n):
    """min 1/2 x'Px + q'x over the box -1 <= x <= 1: bounded whatever P is."""
    A = sp.vstack([sp.identity(n), -sp.identity(n)], format="csc")
    b = np.ones(2 * n)
    q = np.linspace(-1.0, 1.0, n)
    return q, A, b, [minix.NonNeg(2 * n)]


@pytest.mark.parametrize("n", [3, 40, 128, 129, 300])
@pytest.mark.parametrize("negatives", [1, 5])
def test_indefinite_P_is_refused_with_its_count_of_negative_eigenvalues(n, negatives):
    eigs = np.linspace(1.0, 10.0, n)
    eigs[:min(negatives, n)] = -np.linspace(1.0, 2.0, min(negatives, n))
    P = _with_eigenvalues(eigs, seed=n)
    q, A, b, cones = _box_problem(n)
    with pytest.raises(ValueError, match=rf"has {min(negatives, n)} negative pivots"):
        minix.solve(sp.triu(sp.csc_matrix(P), format="csc"), q, A, b, cones)


@pytest.mark.parametrize("n", [60, 200])
def test_banded_indefinite_P_counts_agree_with_its_eigenvalues(n):
    """A sparse (banded) P on both routes: the count is the inertia numpy finds."""
    eigs = np.full(n, 2.0)
    eigs[::17] = -0.5
    P = _with_eigenvalues(eigs, seed=7, bandwidth=2)
    expected = int(np.sum(np.linalg.eigvalsh(P) < 0))
    assert expected > 0
    q, A, b, cones = _box_problem(n)
    with pytest.raises(ValueError, match=rf"has {expected} negative pivots"):
        minix.solve(sp.triu(sp.csc_matrix(P), format="csc"), q, A, b, cones)


@pytest.mark.parametrize("n", [5, 100, 250])
def test_singular_convex_P_is_accepted_and_solved(n):
    """P = B B' of rank n/2 (zero eigenvalues, no negative ones): accepted; the answer is the
    box QP's optimum, checked through its KKT conditions."""
    rng = np.random.default_rng(n)
    B = rng.standard_normal((n, max(1, n // 2)))
    P = B @ B.T
    q, A, b, cones = _box_problem(n)
    res = minix.solve(sp.triu(sp.csc_matrix(P), format="csc"), q, A, b, cones)
    assert res.status == minix.Status.SOLVED
    x, z = res.x, res.z
    assert np.all(np.abs(x) <= 1 + 1e-7)
    assert np.linalg.norm(P @ x + q + A.T @ z, np.inf) <= 1e-6 * max(1.0, np.abs(P).max())
    assert np.all(z >= -1e-9)
    assert abs(z @ (b - A @ x)) <= 1e-6 * max(1.0, abs(x @ P @ x / 2 + q @ x))


@pytest.mark.parametrize("coupled", [30, 200])
@pytest.mark.parametrize("diag_negatives", [0, 3])
def test_coupled_block_and_diagonal_columns_count_together(coupled, diag_negatives):
    """Only the columns coupled by off-diagonal entries are factored (dense route up to 128 of
    them, sparse above); the others are 1x1 pivots. The columns are interleaved, so that the
    coupled block is renumbered, and the count must still be the inertia numpy finds."""
    n = coupled + 150
    rng = np.random.default_rng(coupled + diag_negatives)
    eigs = np.full(coupled, 2.0)
    eigs[::23] = -0.5
    block = _with_eigenvalues(eigs, seed=3, bandwidth=2)
    cols = np.sort(rng.choice(n, coupled, replace=False))
    P = np.diag(rng.uniform(0.5, 2.0, n))
    P[np.ix_(cols, cols)] = block
    loose = np.setdiff1d(np.arange(n), cols)
    P[loose[:diag_negatives], loose[:diag_negatives]] = -1.0
    P[loose[-5:], loose[-5:]] = 0.0  # empty columns: singular, not negative
    expected = int(np.sum(np.linalg.eigvalsh(P) < -1e-12))
    assert expected == int(np.sum(np.linalg.eigvalsh(block) < 0)) + diag_negatives
    q, A, b, cones = _box_problem(n)
    with pytest.raises(ValueError, match=rf"has {expected} negative pivots"):
        minix.solve(sp.triu(sp.csc_matrix(P), format="csc"), q, A, b, cones)


def test_convex_P_with_a_coupled_block_and_empty_columns_is_accepted():
    n = 300
    rng = np.random.default_rng(5)
    cols = np.sort(rng.choice(n, 40, replace=False))
    B = rng.standard_normal((40, 20))
    P = np.diag(rng.uniform(0.0, 2.0, n))
    P[np.ix_(cols, cols)] = B @ B.T
    loose = np.setdiff1d(np.arange(n), cols)[:10]
    P[loose, loose] = 0.0  # empty columns
    assert np.linalg.eigvalsh(P).min() > -1e-12
    q, A, b, cones = _box_problem(n)
    res = minix.solve(sp.triu(sp.csc_matrix(P), format="csc"), q, A, b, cones)
    assert res.status == minix.Status.SOLVED
    assert np.linalg.norm(P @ res.x + q + A.T @ res.z, np.inf) <= 1e-6 * max(1.0, np.abs(P).max())
