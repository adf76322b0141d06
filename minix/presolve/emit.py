"""Emit a Work as canonical data for the C core, and map the core's (x, s, z) back.

Rows, in this order: Zero [equality rows (l = u), fixed variables x_j = lb_j], NonNeg
[upper sides  a x + s = u, lower sides  -a x + s = -l, upper bounds  x_j + s = ub_j, lower
bounds  -x_j + s = -lb_j], then the conic rows with their cones. Infinite sides emit nothing.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..cones import NonNeg, Zero
from ..postsolve.solution import WorkSolution
from ..problem import Problem
from .work import Work


class Emission:
    def __init__(self, w: Work):
        n, m = w.n, w.m
        fl, fu = np.isfinite(w.l), np.isfinite(w.u)
        eq = fl & fu & (w.l == w.u)
        fix = np.isfinite(w.lb) & (w.lb == w.ub)
        self.eq = np.flatnonzero(eq)
        self.fix = np.flatnonzero(fix)
        self.up = np.flatnonzero(fu & ~eq)
        self.lo = np.flatnonzero(fl & ~eq)
        self.ub = np.flatnonzero(np.isfinite(w.ub) & ~fix)
        self.lb = np.flatnonzero(np.isfinite(w.lb) & ~fix)
        self.n, self.m, self.mc = n, m, w.C.shape[0]

        Ar = w.A.tocsr()

        def unit(idx, sign):
            k = idx.size
            return sp.csr_matrix((np.full(k, float(sign)), (np.arange(k), idx)), shape=(k, n))

        A = sp.vstack([Ar[self.eq], unit(self.fix, 1), Ar[self.up], -Ar[self.lo],
                       unit(self.ub, 1), unit(self.lb, -1), w.C.tocsr()], format="csc")
        A.sort_indices()
        A.indptr = A.indptr.astype(np.int64)
        A.indices = A.indices.astype(np.int64)
        b = np.concatenate([w.u[self.eq], w.lb[self.fix], w.u[self.up], -w.l[self.lo],
                            w.ub[self.ub], -w.lb[self.lb], w.bc]) + 0.0
        nz = self.eq.size + self.fix.size
        nn = self.up.size + self.lo.size + self.ub.size + self.lb.size
        cones = ([Zero(nz)] if nz else []) + ([NonNeg(nn)] if nn else []) + list(w.cones)
        P = w.P
        if P is not None:
            P = sp.csc_matrix(P)
            P.sort_indices()
            P.indptr = P.indptr.astype(np.int64)
            P.indices = P.indices.astype(np.int64)
        self.problem = Problem(P=P, q=w.q.copy(), A=A, b=b, cones=cones, constant=w.constant)
        cuts = np.cumsum([0, self.eq.size, self.fix.size, self.up.size, self.lo.size,
                          self.ub.size, self.lb.size, self.mc])
        self._cuts = cuts

    def solution(self, kind: str, x, s, z) -> WorkSolution:
        """The core's answer for the emitted problem as a WorkSolution of the Work."""
        c = self._cuts
        sol = WorkSolution.zeros(kind, self.n, self.m, self.mc)
        sol.x = np.asarray(x, float).copy()
        ze, zf, zu, zl, zub, zlb, zc = (z[c[k]:c[k + 1]] for k in range(7))
        sol.yu[self.eq] = np.maximum(ze, 0.0)
        sol.yl[self.eq] = np.minimum(ze, 0.0)
        sol.yu[self.up] = zu
        sol.yl[self.lo] = -zl
        sol.bu[self.fix] = np.maximum(zf, 0.0)
        sol.bl[self.fix] = np.minimum(zf, 0.0)
        sol.bu[self.ub] = zub
        sol.bl[self.lb] = -zlb
        sol.zc = np.asarray(zc, float).copy()
        sol.sc = np.asarray(s[c[6]:c[7]], float).copy()
        return sol
