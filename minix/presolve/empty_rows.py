"""Reduction: empty linear rows (no nonzero). 0 in [l, u] (within the feasibility slack): drop
the row, dual 0. Otherwise the problem is primal infeasible: the certificate is the row's
dual on its violated side (Farkas: A'y = 0 since the row is empty here; postsolve of fixed
variables adds the bound duals that make A'y = 0 hold in the original problem too)."""
from __future__ import annotations

import numpy as np

from ..postsolve.rows import DropRowsRecord
from ..postsolve.solution import PRIMAL_CERT, WorkSolution
from ..status import Status
from .work import FEAS_TOL, Decided, Work, row_counts


class EmptyRows:
    name = "empty_rows"

    def apply(self, w: Work):
        empty = row_counts(w.A) == 0
        if not empty.any():
            return w, None
        l, u = w.l, w.u
        bad_lo = empty & (l > FEAS_TOL * np.maximum(1.0, np.abs(l)))
        bad_up = empty & (u < -FEAS_TOL * np.maximum(1.0, np.abs(u)))
        if bad_lo.any() or bad_up.any():
            cert = WorkSolution.zeros(PRIMAL_CERT, w.n, w.m, w.C.shape[0])
            r = int(np.flatnonzero(bad_lo | bad_up)[0])
            if bad_lo[r]:
                cert.yl[r] = -1.0
            else:
                cert.yu[r] = 1.0
            raise Decided(Status.PRIMAL_INFEASIBLE, cert, f"empty row {r} cannot hold")
        keep = np.flatnonzero(~empty)
        return w.drop_rows(keep), DropRowsRecord(self.name, w.m, keep)
