"""Reduction: empty columns (no entry in the linear or conic rows, no off-diagonal in P) are
solved in closed form: x_j minimizes 1/2 P_jj x^2 + q_j x over [lb_j, ub_j]. If that is
unbounded below (P_jj = 0, q_j != 0, the bound on the descent side infinite) the problem is
dual infeasible: the ray x = -sign(q_j) e_j is the certificate."""
from __future__ import annotations

import numpy as np

from ..postsolve.fixed_vars import EmptyColsRecord
from ..postsolve.solution import DUAL_CERT, WorkSolution
from ..status import Status
from .work import Decided, Work


def _p_parts(P, n):
    """Diagonal of the upper triangle P and, per index, how many off-diagonal entries touch it."""
    if P is None or P.nnz == 0:
        return np.zeros(n), np.zeros(n, np.int64)
    cols = np.repeat(np.arange(n), np.diff(P.indptr))
    rows = P.indices
    off = rows != cols
    diag = np.zeros(n)
    np.add.at(diag, cols[~off], P.data[~off])
    touch = np.bincount(rows[off], minlength=n) + np.bincount(cols[off], minlength=n)
    return diag, touch


class EmptyCols:
    name = "empty_cols"

    def apply(self, w: Work):
        n = w.n
        empty = (np.diff(w.A.indptr) == 0) & (np.diff(w.C.indptr) == 0)
        if not empty.any():
            return w, None
        diag, touch = _p_parts(w.P, n)
        empty &= touch == 0
        if not empty.any():
            return w, None
        cols = np.flatnonzero(empty)
        d, q, lo, hi = np.maximum(diag[cols], 0.0), w.q[cols], w.lb[cols], w.ub[cols]
        ray = np.where((d == 0) & (q > 0) & np.isneginf(lo), -1.0,
                       np.where((d == 0) & (q < 0) & np.isposinf(hi), 1.0, 0.0))
        if ray.any():
            cert = WorkSolution.zeros(DUAL_CERT, n, w.m, w.C.shape[0])
            cert.x[cols] = ray
            j = int(cols[np.flatnonzero(ray)[0]])
            raise Decided(Status.DUAL_INFEASIBLE, cert, f"variable {j} is unbounded")
        with np.errstate(divide="ignore", invalid="ignore"):
            free_min = np.where(d > 0, -q / np.where(d > 0, d, 1.0),
                                np.where(q > 0, -np.inf, np.where(q < 0, np.inf, 0.0)))
        v = np.clip(free_min, lo, hi)
        v = np.where(np.isfinite(v), v, 0.0)  # only reached when both bounds are infinite and q = 0
        keep = np.flatnonzero(~empty)
        w.constant = w.constant + float(0.5 * d @ (v * v) + q @ v)
        rec = EmptyColsRecord(n_before=n, keep=keep, cols=cols, values=v, pdiag=d, q=q.copy())
        return w.drop_cols(keep), rec
