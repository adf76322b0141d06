"""Independent checks of a solver's answer, computed from x, s, z and the data only.

Never reads the solver's own residuals: primal/dual residuals, duality gap, cone membership
of s and z, and infeasibility certificates.
"""
import numpy as np
import scipy.sparse as sp

import minix


def _full_P(P, n):
    if P is None:
        return sp.csc_matrix((n, n))
    P = sp.csc_matrix(P)
    if (sp.tril(P, -1)).nnz == 0:  # upper triangle given
        P = P + sp.triu(P, 1).T
    return P


def cone_distance(v, cones, dual=False):
    """Largest violation of v in K (dual=False) or K* (dual=True; all our cones are self-dual
    except Zero, whose dual is the free cone)."""
    worst, k = 0.0, 0
    for c in cones:
        seg = v[k:k + c.size]
        k += c.size
        if isinstance(c, minix.Zero):
            if not dual and seg.size:
                worst = max(worst, float(np.abs(seg).max()))
        elif isinstance(c, minix.NonNeg):
            if seg.size:
                worst = max(worst, float(max(0.0, -seg.min())))
        elif isinstance(c, minix.SOC):
            worst = max(worst, float(max(0.0, np.linalg.norm(seg[1:]) - seg[0])))
        else:
            raise NotImplementedError(type(c))
    return worst


def optimality(P, q, A, b, cones, x, s, z):
    """Relative residuals and gap of a claimed optimal (x, s, z)."""
    n = q.size
    Pf = _full_P(P, n)
    A = sp.csc_matrix(A)
    Px, Ax, Atz = Pf @ x, A @ x, A.T @ z
    pres = np.abs(Ax + s - b).max(initial=0) / (1 + max(np.abs(b).max(initial=0), np.abs(Ax).max(initial=0)))
    dres = np.abs(Px + q + Atz).max(initial=0) / (1 + max(np.abs(q).max(initial=0), np.abs(Px).max(initial=0),
                                                          np.abs(Atz).max(initial=0)))
    pobj = 0.5 * x @ Px + q @ x
    dobj = -0.5 * x @ Px - b @ z
    gap = abs(pobj - dobj) / (1 + min(abs(pobj), abs(dobj)))
    return dict(pres=pres, dres=dres, gap=gap, s_cone=cone_distance(s, cones),
                z_cone=cone_distance(z, cones, dual=True), pobj=pobj, dobj=dobj)


def assert_optimal(P, q, A, b, cones, res, tol=1e-7):
    assert res.status == minix.Status.SOLVED, res.status
    m = optimality(P, q, A, b, cones, res.x, res.s, res.z)
    for key in ("pres", "dres", "gap"):
        assert m[key] <= tol, (key, m)
    assert m["s_cone"] <= tol * (1 + np.abs(res.s).max(initial=0)), m
    assert m["z_cone"] <= tol * (1 + np.abs(res.z).max(initial=0)), m
    return m


def assert_primal_infeasible(A, b, cones, z, tol=1e-7):
    """z certifies infeasibility: A'z = 0, b'z < 0, z in K*, and z is a ray to working
    accuracy (|A'z| <= 1e-5 |A| |z|: a large b must not make a short z a certificate)."""
    A = sp.csc_matrix(A)
    bz = float(b @ z)
    assert bz < 0, bz
    Anorm = max(1.0, np.abs(A).max())
    assert np.abs(A.T @ z).max(initial=0) <= 1e-5 * Anorm * np.abs(z).max(), "not a ray"
    assert np.abs(A.T @ z).max(initial=0) <= tol * abs(bz) * Anorm, np.abs(A.T @ z).max()
    assert cone_distance(z, cones, dual=True) <= tol * abs(bz)


def assert_dual_infeasible(P, q, A, cones, x, s, tol=1e-7):
    """x certifies unboundedness: Px = 0, Ax + s = 0, s in K, q'x < 0, and x is a ray to
    working accuracy (a large q must not make a short x a certificate)."""
    n = q.size
    qx = float(q @ x)
    Mnorm = max(1.0, np.abs(A).max(), abs(_full_P(P, n)).max() if _full_P(P, n).nnz else 0.0)
    assert np.abs(sp.csc_matrix(A) @ x + s).max(initial=0) <= 1e-5 * Mnorm * np.abs(x).max(), "not a ray"
    assert qx < 0, qx
    assert np.abs(_full_P(P, n) @ x).max(initial=0) <= tol * abs(qx)
    assert np.abs(sp.csc_matrix(A) @ x + s).max(initial=0) <= tol * abs(qx)
    assert cone_distance(s, cones) <= tol * abs(qx)


def box_as_conic(A, l, u, lb, ub, y, yb):
    """The constraints l <= Ax <= u, lb <= x <= ub of a box problem as NonNeg rows G x + s = h
    (upper sides, lower sides, upper bounds, lower bounds; infinite sides dropped),
    and its OSQP-signed duals (y > 0: upper side, y < 0: lower side) as z on those rows. Built
    here, not by minix.io, so that optimality() and assert_primal_infeasible() judge a box
    answer with their relative measures independently of the reader's conversion."""
    n = A.shape[1]
    G, h, z = [], [], []
    for M, lo, hi, d in ((sp.csr_matrix(A), l, u, y), (sp.eye(n, format="csr"), lb, ub, yb)):
        up, dn = np.isfinite(hi), np.isfinite(lo)
        assert not (d[~up] > 0).any() and not (d[~dn] < 0).any(), "dual on an infinite side"
        G += [M[up], -M[dn]]
        h += [hi[up], -lo[dn]]
        z += [np.maximum(d[up], 0.0), -np.minimum(d[dn], 0.0)]
    h = np.concatenate(h)
    return sp.vstack(G, format="csc"), h, [minix.NonNeg(h.size)], np.concatenate(z)
