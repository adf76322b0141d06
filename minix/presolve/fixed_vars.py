"""Reduction: fixed variables (lb = ub, to round-off) are substituted out of the objective,
the linear and the conic rows; the variable and its two bound rows leave the KKT system.
Bounds crossed beyond the feasibility slack make the problem primal infeasible (certificate:
+1 on the upper bound, -1 on the lower)."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..postsolve.fixed_vars import FixedVarsRecord
from ..postsolve.solution import PRIMAL_CERT, WorkSolution
from ..status import Status
from .equalities import SNAP_TOL
from .work import FEAS_TOL, Decided, Work


def full_rows(P, cols, vfull):
    """Rows ``cols`` of the symmetric matrix whose upper triangle is P (CSR), and that matrix
    times vfull, without forming it: rows = P[cols, :] + P[:, cols]' - diagonal once."""
    d = P.diagonal()
    k = cols.size
    rows = (P[cols, :] + P[:, cols].T - sp.csr_matrix((d[cols], (np.arange(k), cols)),
                                                        shape=(k, P.shape[0]))).tocsr()
    Pv = P @ vfull + P.T @ vfull - d * vfull
    return rows, Pv


class FixedVars:
    name = "fixed_vars"

    def apply(self, w: Work):
        lb, ub = w.lb, w.ub
        both = np.isfinite(lb) & np.isfinite(ub)
        if not both.any():
            return w, None
        gap = np.where(both, ub - lb, np.inf)
        scale = np.maximum(1.0, np.maximum(np.abs(np.where(both, lb, 0)), np.abs(np.where(both, ub, 0))))
        crossed = gap < -FEAS_TOL * scale
        if crossed.any():
            j = int(np.flatnonzero(crossed)[0])
            cert = WorkSolution.zeros(PRIMAL_CERT, w.n, w.m, w.C.shape[0])
            cert.bu[j], cert.bl[j] = 1.0, -1.0
            raise Decided(Status.PRIMAL_INFEASIBLE, cert, f"variable {j}: lower bound above upper bound")
        fixed = np.abs(gap) <= SNAP_TOL * scale
        if not fixed.any():
            return w, None
        cols = np.flatnonzero(fixed)
        keep = np.flatnonzero(~fixed)
        v = np.where(lb[cols] == ub[cols], lb[cols], 0.5 * (lb[cols] + ub[cols]))
        vfull = np.zeros(w.n)
        vfull[cols] = v

        q = w.q
        constant = w.constant + float(q[cols] @ v)
        P_rows = None
        if w.P is not None and w.P.nnz:
            P_rows, Pv = full_rows(w.P, cols, vfull)
            q = q + Pv
            constant += 0.5 * float(v @ Pv[cols])
        A_cols, C_cols = w.A[:, cols], w.C[:, cols]
        Av, Cv = A_cols @ v, C_cols @ v
        rec = FixedVarsRecord(n_before=w.n, keep=keep, cols=cols, values=v, q=w.q[cols].copy(),
                              P_rows=P_rows, A_cols=A_cols, C_cols=C_cols)
        w.q = q
        w.constant = constant
        w.l = w.l - Av
        w.u = w.u - Av
        w.bc = w.bc - Cv
        return w.drop_cols(keep), rec
