"""Reduction: equality detection. Rows whose sides agree to round-off become l = u (emitted as
Zero rows, one KKT row instead of two NonNeg rows); sides crossed beyond the feasibility slack
make the problem primal infeasible (certificate: +1 on the upper side, -1 on the lower)."""
from __future__ import annotations

import numpy as np

from ..postsolve.equalities import EqualitiesRecord
from ..postsolve.solution import PRIMAL_CERT, WorkSolution
from ..status import Status
from .work import FEAS_TOL, Decided, Work

SNAP_TOL = 1e-13


class Equalities:
    name = "equalities"

    def apply(self, w: Work):
        both = np.isfinite(w.l) & np.isfinite(w.u)
        if not both.any():
            return w, None
        gap = np.where(both, w.u - w.l, np.inf)
        scale = np.maximum(1.0, np.maximum(np.abs(np.where(both, w.l, 0)), np.abs(np.where(both, w.u, 0))))
        crossed = gap < -FEAS_TOL * scale
        if crossed.any():
            r = int(np.flatnonzero(crossed)[0])
            cert = WorkSolution.zeros(PRIMAL_CERT, w.n, w.m, w.C.shape[0])
            cert.yu[r], cert.yl[r] = 1.0, -1.0
            raise Decided(Status.PRIMAL_INFEASIBLE, cert, f"row {r}: lower side above upper side")
        snap = (gap != 0) & (np.abs(gap) <= SNAP_TOL * scale)
        if not snap.any():
            return w, None
        rows = np.flatnonzero(snap)
        l, u = w.l.copy(), w.u.copy()
        mid = 0.5 * (l[rows] + u[rows])
        l[rows] = mid
        u[rows] = mid
        w.l, w.u = l, u
        return w, EqualitiesRecord(rows)
