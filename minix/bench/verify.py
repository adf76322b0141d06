"""Independent verification of a returned point (x, s, z) of a canonical conic problem

    minimize ½xᵀPx + qᵀx  subject to  Ax + s = b, s ∈ K        (dual: Px + q + Aᵀz = 0, z ∈ K*)

from the data alone: no solver status, no solver-reported residual is trusted. This module
computes measures; it does not run solvers.

Measures (all ∞-norms, dimensionless):

    pres   = ‖Ax + s − b‖ / (1 + max(‖b‖, ‖Ax‖, ‖s‖))
    dres   = ‖Px + q + Aᵀz‖ / (1 + max(‖q‖, ‖Px‖, ‖Aᵀz‖))
    gap    = |xᵀPx + qᵀx + bᵀz| / (1 + min(|pobj|, |dobj|)),
             pobj = ½xᵀPx + qᵀx,  dobj = −½xᵀPx − bᵀz      (objective constant excluded)
    compl  = |sᵀz| / (1 + min(|pobj|, |dobj|))
             (the objective gap equals sᵀz + rdᵀx − rpᵀz, so residuals within tolerance
             can cancel a complementarity far above it: Netlib sc205 met gap 1e-8 with
             sᵀz 3e-6 relative and an objective 1e-6 off)
    s_cone = dist(s, K)  / (1 + max(‖b‖, ‖Ax‖, ‖s‖))        (a violation of s is a primal one)
    z_cone = dist(z, K*) / (1 + ‖z‖)

dist(v, K) is the largest, over the cone blocks, Euclidean distance of the block to its
cone: exact for Zero/NonNeg/SOC/PSD, an upper bound (a nearby point of the cone found in
closed form) for Exp and Pow, so a point is never accepted because of a loose estimate.

Certificates (scale-free ratios):

    pinf = max(‖Aᵀz‖, dist(z, K*)) / (−bᵀz)          needs bᵀz < 0
           (any feasible x then has ‖x‖₁ ≥ 1/pinf — the smaller, the stronger)
    dinf = max(‖Px‖, dist(−Ax, K)) / (−qᵀx)          needs qᵀx < 0
           (x is an unbounded direction up to that relative error; the s that goes with
           it is the projection of −Ax onto K, so a solver's own s is not needed)

    Both also need the vector to be a ray to working accuracy:
    pray = violation / (‖z‖·max(1, ‖A‖)) ≤ 1e-5, dray = violation / (‖x‖·max(1, ‖A‖, ‖P‖))
    ≤ 1e-5 (max-abs norms). With a large b or q the ratio alone passes short vectors that
    are no ray at all (Netlib dfl001, ‖q‖ = 4e7).

Verdict rule (``verify``), with ``tol`` the tolerance the solver was asked for and
``slack`` (default 10) allowing for solvers measuring on equilibrated data:

    solved             pres, dres, gap, compl, s_cone, z_cone all ≤ slack·tol, and, if a reference
                       objective is given, obj_err ≤ max(slack·tol, 1e-6) with
                       obj_err = |pobj + c − ref| / (1 + max(|ref|, |ref − c|)), c the
                       objective constant (references are trusted to about 1e-6;
                       data/README.md)
    wrong_objective    the point passes every residual test but misses the reference
    primal_infeasible  pinf ≤ slack·tol_infeas and pray ≤ 1e-5
    dual_infeasible    dinf ≤ slack·tol_infeas and dray ≤ 1e-5
    unverified         a point was returned but passes none of the above
    no_solution        no point (or a non-finite one) to check
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Optional, Sequence

import numpy as np
import scipy.sparse as sp

from ..cones import PSD, SOC, Cone, Exp, NonNeg, Pow, Zero

DEFAULT_SLACK = 10.0
REFERENCE_FLOOR = 1e-6
RAY_TOL = 1e-5

VERDICTS = ("solved", "primal_infeasible", "dual_infeasible", "wrong_objective",
            "unverified", "no_solution")


# ----------------------------------------------------------------------------------------
# Cone distances


def _soc_dist(v: np.ndarray) -> float:
    t, r = v[0], float(np.linalg.norm(v[1:]))
    if r <= t:
        return 0.0
    if r <= -t:
        return float(np.linalg.norm(v))
    return (r - t) / math.sqrt(2.0)


def _exp_dist(V: np.ndarray) -> np.ndarray:
    """Upper bounds on the distance of each row (x, y, z) of V to the exponential cone
    cl{y·exp(x/y) ≤ z, y > 0}: the smallest distance to a few explicit cone points."""
    x, y, z = V[:, 0], V[:, 1], V[:, 2]
    k = V.shape[0]
    best = np.linalg.norm(V, axis=1)                 # the origin
    # (min(x, 0), 0, max(z, 0)): the y = 0 face of the closure
    d = np.sqrt(np.maximum(x, 0) ** 2 + y ** 2 + np.maximum(-z, 0) ** 2)
    best = np.minimum(best, d)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        yp = np.maximum(y, 0.0)
        pos = yp > 0
        # raise z to y·exp(x/y) (y clipped at 0)
        ez = np.full(k, np.inf)
        ez[pos] = yp[pos] * np.exp(x[pos] / yp[pos])
        d = np.sqrt((yp - y) ** 2 + np.maximum(ez - z, 0.0) ** 2)
        best = np.minimum(best, np.where(np.isfinite(d), d, np.inf))
        # lower x to y·log(z/y)
        ok = pos & (z > 0)
        xl = np.full(k, np.nan)
        xl[ok] = yp[ok] * np.log(z[ok] / yp[ok])
        d = np.where(ok, np.sqrt((yp - y) ** 2 + np.maximum(x - xl, 0.0) ** 2), np.inf)
        best = np.minimum(best, np.where(np.isfinite(d), d, np.inf))
    return best


def _pow_dist(V: np.ndarray, alpha: float) -> np.ndarray:
    """Upper bounds on the distance of each row (x, y, z) to the power cone
    {x^α y^(1−α) ≥ |z|, x, y ≥ 0}: shrink |z|, or grow x and y together."""
    x, y, z = V[:, 0], V[:, 1], V[:, 2]
    xp, yp, az = np.maximum(x, 0), np.maximum(y, 0), np.abs(z)
    g = xp ** alpha * yp ** (1 - alpha)
    base = np.sqrt((xp - x) ** 2 + (yp - y) ** 2)
    d_clip = np.sqrt(base ** 2 + np.maximum(az - g, 0.0) ** 2)
    # grow both: find t in [0, |z|] with (x+t)^α (y+t)^(1−α) = |z| (monotone, bisection)
    lo, hi = np.zeros_like(az), np.where(g >= az, 0.0, az)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        f = (xp + mid) ** alpha * (yp + mid) ** (1 - alpha)
        under = f < az
        lo = np.where(under, mid, lo)
        hi = np.where(under, hi, mid)
    t = hi
    d_grow = np.sqrt((xp + t - x) ** 2 + (yp + t - y) ** 2)
    return np.minimum(np.minimum(d_clip, d_grow), np.linalg.norm(V, axis=1))


def _svec_to_mat(v: np.ndarray, n: int) -> np.ndarray:
    """svec (upper triangle, column-major, off-diagonals × √2) → symmetric matrix."""
    M = np.zeros((n, n))
    iu = np.triu_indices(n)
    # column-major upper triangle: order by column, then row
    order = np.lexsort((iu[0], iu[1]))
    rows, cols = iu[0][order], iu[1][order]
    vals = v.astype(float).copy()
    off = rows != cols
    vals[off] /= math.sqrt(2.0)
    M[rows, cols] = vals
    M[cols, rows] = vals
    return M


def _psd_dist(v: np.ndarray, n: int) -> float:
    lam = np.linalg.eigvalsh(_svec_to_mat(v, n))
    return float(np.linalg.norm(np.minimum(lam, 0.0)))


def cone_distance(v: np.ndarray, cones: Sequence[Cone], dual: bool = False) -> float:
    """Largest per-block distance of v to K (or to K* with dual=True). Exact for
    Zero/NonNeg/SOC/PSD, an upper bound for Exp/Pow. 0.0 for an empty cone list."""
    v = np.asarray(v, dtype=float)
    worst = 0.0
    i = 0
    exp_rows, exp_dual_rows = [], []
    pow_rows = {}
    for c in cones:
        k = c.size
        blk = v[i:i + k]
        i += k
        if k == 0:
            continue
        if isinstance(c, Zero):
            if not dual:
                worst = max(worst, float(np.max(np.abs(blk))))
        elif isinstance(c, NonNeg):
            worst = max(worst, float(np.max(np.maximum(-blk, 0.0))))
        elif isinstance(c, SOC):
            worst = max(worst, _soc_dist(blk))
        elif isinstance(c, Exp):
            if dual:
                # (u, v, w) ∈ K*exp  ⇔  (−v, −u, e·w) ∈ Kexp; the inverse map shrinks
                # distances, so the bound carries over.
                exp_dual_rows.append([-blk[1], -blk[0], math.e * blk[2]])
            else:
                exp_rows.append(blk)
        elif isinstance(c, Pow):
            a = c.alpha
            if dual:
                # (u, v, w) ∈ K*pow(α)  ⇔  (u/α, v/(1−α), w) ∈ Kpow(α)
                pow_rows.setdefault(a, []).append([blk[0] / a, blk[1] / (1 - a), blk[2]])
            else:
                pow_rows.setdefault(a, []).append(blk)
        elif isinstance(c, PSD):
            worst = max(worst, _psd_dist(blk, c.dim))
        else:
            raise TypeError(f"unknown cone {c!r}")
    if i != v.size:
        raise ValueError(f"cones cover {i} entries, vector has {v.size}")
    rows = exp_rows + exp_dual_rows
    if rows:
        worst = max(worst, float(np.max(_exp_dist(np.array(rows, dtype=float)))))
    for a, rws in pow_rows.items():
        worst = max(worst, float(np.max(_pow_dist(np.array(rws, dtype=float), a))))
    return worst


# ----------------------------------------------------------------------------------------
# Verification


@dataclass
class Verification:
    """Measures of one point and the verdict drawn from them (see module docstring)."""

    verdict: str
    pres: float = math.inf
    dres: float = math.inf
    gap: float = math.inf
    compl: float = math.inf
    s_cone: float = math.inf
    z_cone: float = math.inf
    pinf: float = math.inf
    dinf: float = math.inf
    pray: float = math.inf   # certificate's own violation relative to its size and the data's
    dray: float = math.inf
    pobj: float = math.nan           # ½xᵀPx + qᵀx (no constant)
    dobj: float = math.nan           # −½xᵀPx − bᵀz
    obj_err: Optional[float] = None  # |pobj + const − ref| / (1 + |ref|) if a reference
    tol_used: float = math.nan       # the threshold the verdict used (slack · tol)
    notes: list = field(default_factory=list)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["notes"] = "; ".join(self.notes)
        return d


def full_symmetric(P, n: int) -> sp.csr_matrix:
    """P given as its upper triangle or in full → the full symmetric matrix (CSR)."""
    if P is None:
        return sp.csr_matrix((n, n))
    P = sp.csr_matrix(P, dtype=float)
    if sp.tril(P, -1).nnz == 0:  # upper triangle (or diagonal)
        return (P + sp.triu(P, 1).T).tocsr()
    return P


def _inf(v) -> float:
    return float(np.max(np.abs(v))) if np.size(v) else 0.0


def _max_abs(M) -> float:
    return float(abs(M).max()) if M.nnz else 0.0


def _good(v) -> bool:
    return v is not None and np.all(np.isfinite(np.asarray(v, dtype=float)))


def measures(P, q, A, b, cones, x, s, z) -> dict:
    """Residual, gap and cone measures of (x, s, z), and the certificate ratios.

    Any of x, s, z may be None (the measures needing it are then inf). s defaults to
    b − Ax when missing. P may be the upper triangle or the full matrix.
    """
    q = np.asarray(q, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    n = q.size
    A = sp.csr_matrix(A, dtype=float)
    Pf = full_symmetric(P, n)
    out = dict(pres=math.inf, dres=math.inf, gap=math.inf, compl=math.inf, s_cone=math.inf,
               z_cone=math.inf, pinf=math.inf, dinf=math.inf, pray=math.inf, dray=math.inf,
               pobj=math.nan,
               dobj=math.nan)
    xg = _good(x)
    zg = _good(z)
    if xg:
        x = np.asarray(x, dtype=float).ravel()
        Px = Pf @ x
        Ax = A @ x
        xPx = float(x @ Px)
        qx = float(q @ x)
        out["pobj"] = 0.5 * xPx + qx
        if not _good(s):
            s = b - Ax
        s = np.asarray(s, dtype=float).ravel()
        pnorm = 1.0 + max(_inf(b), _inf(Ax), _inf(s))
        out["pres"] = _inf(Ax + s - b) / pnorm
        out["s_cone"] = cone_distance(s, cones) / pnorm
        if qx < 0:
            viol = max(_inf(Px), cone_distance(-Ax, cones))
            out["dinf"] = viol / (-qx)
            out["dray"] = viol / (_inf(x) * max(1.0, _max_abs(A), _max_abs(Pf)))
    if zg:
        z = np.asarray(z, dtype=float).ravel()
        Atz = A.T @ z
        bz = float(b @ z)
        zdist = cone_distance(z, cones, dual=True)
        out["z_cone"] = zdist / (1.0 + _inf(z))
        if bz < 0:
            viol = max(_inf(Atz), zdist)
            out["pinf"] = viol / (-bz)
            out["pray"] = viol / (_inf(z) * max(1.0, _max_abs(A)))
    if xg and zg:
        out["dobj"] = -0.5 * xPx - bz
        out["dres"] = _inf(Px + q + Atz) / (1.0 + max(_inf(q), _inf(Px), _inf(Atz)))
        objscale = 1.0 + min(abs(out["pobj"]), abs(out["dobj"]))
        out["gap"] = abs(xPx + qx + bz) / objscale
        out["compl"] = abs(float(s @ z)) / objscale
    return out


def verify(P, q, A, b, cones, x, s, z, tol: float = 1e-8, slack: float = DEFAULT_SLACK,
           tol_infeas: Optional[float] = None, reference: Optional[float] = None,
           constant: float = 0.0) -> Verification:
    """Measure (x, s, z) against the data and decide what it proves (module docstring).

    ``reference`` is the optimal objective *including* ``constant`` (pass the constant
    that the reference includes, 0.0 if it excludes it).
    """
    m = measures(P, q, A, b, cones, x, s, z)
    thr = slack * tol
    thr_inf = slack * (tol if tol_infeas is None else tol_infeas)
    v = Verification(verdict="no_solution", tol_used=thr, **m)
    if not (_good(x) or _good(z)):
        v.notes.append("no finite x or z returned")
        return v
    if reference is not None and math.isfinite(v.pobj):
        # relative to the larger of the reference and its constant-free part, which is
        # what the solver's own (relative) gap is measured against: a constant that
        # cancels most of the objective (LISWET*) must not tighten the test
        scale = max(abs(reference), abs(reference - constant))
        v.obj_err = abs(v.pobj + constant - reference) / (1.0 + scale)
    checks = dict(pres=v.pres, dres=v.dres, gap=v.gap, compl=v.compl, s_cone=v.s_cone,
                  z_cone=v.z_cone)
    if all(val <= thr for val in checks.values()):
        if v.obj_err is not None and v.obj_err > max(thr, REFERENCE_FLOOR):
            v.verdict = "wrong_objective"
            v.notes.append(f"objective {v.pobj + constant:.10g} vs reference {reference:.10g}")
        else:
            v.verdict = "solved"
        return v
    if v.pinf <= thr_inf and v.pray <= RAY_TOL:
        v.verdict = "primal_infeasible"
    elif v.dinf <= thr_inf and v.dray <= RAY_TOL:
        v.verdict = "dual_infeasible"
    else:
        v.verdict = "unverified"
        failed = [k for k, val in checks.items() if not val <= thr]
        v.notes.append("above tolerance: " + ", ".join(failed))
    return v


def verify_problem(prob, x, s, z, **kw) -> Verification:
    """``verify`` on a minix.Problem."""
    return verify(prob.P, prob.q, prob.A, prob.b, prob.cones, x, s, z, **kw)
