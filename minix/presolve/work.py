"""Presolve's working form, and its construction from the user's canonical or box data.

    minimize   1/2 x'Px + q'x + constant
    subject to l <= A x <= u        linear rows (Zero/NonNeg cones, or a box QP's rows)
               b_C - C x in K_C     conic rows (SOC, Exp, Pow, PSD), never reduced
               lb <= x <= ub

Reductions (one per file in this package) act on a Work and record their undo on a
PostsolveStack; emit.py turns a Work back into canonical data for the C core. This module
also maps a WorkSolution of the *initial* Work back to the user's terms.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import List, Optional

import numpy as np
import scipy.sparse as sp

from ..cones import NonNeg, Zero
from ..postsolve.solution import DUAL_CERT, PRIMAL_CERT, WorkSolution
from ..status import Status

# NonNeg rows with b at or above this are "no bound" (Clarabel's presolve uses 1e20 too).
INFINITE_BOUND = 1e20


@dataclass
class Work:
    P: Optional[sp.csc_matrix]   # n x n upper triangle, or None
    q: np.ndarray
    constant: float
    A: sp.csc_matrix             # m x n linear rows
    l: np.ndarray
    u: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    C: sp.csc_matrix             # mc x n conic rows
    bc: np.ndarray
    cones: List                  # cones of the conic rows, in order

    @property
    def n(self) -> int:
        return int(self.q.shape[0])

    @property
    def m(self) -> int:
        return int(self.l.shape[0])

    def drop_rows(self, keep: np.ndarray) -> "Work":
        return replace(self, A=self.A[keep], l=self.l[keep], u=self.u[keep])

    def drop_cols(self, keep: np.ndarray) -> "Work":
        P = None
        if self.P is not None:
            P = self.P[keep][:, keep].tocsc()
        return replace(self, P=P, q=self.q[keep], A=self.A[:, keep], C=self.C[:, keep],
                       lb=self.lb[keep], ub=self.ub[keep])


class Decided(Exception):
    """A reduction settled the problem (infeasible / unbounded): the status and a
    certificate in the terms of the Work the reduction was applied to."""

    def __init__(self, status: Status, certificate: WorkSolution, reason: str):
        super().__init__(reason)
        self.status = status
        self.certificate = certificate
        self.reason = reason


def _csc(M) -> sp.csc_matrix:
    M = sp.csc_matrix(M, dtype=np.float64)
    if M.nnz and not np.all(M.data != 0):
        M = M.copy()
        M.eliminate_zeros()
    return M


class CanonicalMap:
    """Rows of the user's canonical problem, split into linear (Zero/NonNeg) and conic rows."""

    def __init__(self, A, b, cones):
        m = A.shape[0]
        kinds = np.empty(m, np.int8)  # 0 zero, 1 nonneg, 2 other
        k = 0
        for c in cones:
            kinds[k:k + c.size] = 0 if isinstance(c, Zero) else 1 if isinstance(c, NonNeg) else 2
            k += c.size
        self.kinds = kinds
        self.lin = np.flatnonzero(kinds < 2)
        self.con = np.flatnonzero(kinds == 2)
        self.A, self.b, self.cones = A, b, list(cones)

    def work(self, P, q, constant=0.0) -> Work:
        A, b, kinds = self.A, self.b, self.kinds
        n = A.shape[1]
        bl = b[self.lin]
        zero = kinds[self.lin] == 0
        u = np.where(~zero & (bl >= INFINITE_BOUND), np.inf, bl)
        l = np.where(zero, bl, -np.inf)
        Ar = A.tocsr()
        return Work(P=P, q=np.asarray(q, float).copy(), constant=float(constant),
                    A=_csc(Ar[self.lin]), l=l, u=u, lb=np.full(n, -np.inf),
                    ub=np.full(n, np.inf), C=_csc(Ar[self.con]), bc=b[self.con].copy(),
                    cones=[c for c in self.cones if not isinstance(c, (Zero, NonNeg))])

    def solution(self, sol: WorkSolution):
        """(x, s, z) of the user's canonical problem from a WorkSolution of the initial Work.
        s = b - Ax on linear rows (0 on Zero rows; -Ax for a ray, 0 for a Farkas certificate)."""
        m = self.A.shape[0]
        z = np.zeros(m)
        s = np.zeros(m)
        z[self.lin] = sol.yu + sol.yl
        z[self.con] = sol.zc
        s[self.con] = sol.sc
        if sol.kind != PRIMAL_CERT:
            Ax = self.A[self.lin] @ sol.x if self.lin.size < m else self.A @ sol.x
            base = 0.0 if sol.kind == DUAL_CERT else self.b[self.lin]
            s_lin = base - Ax
            s_lin[self.kinds[self.lin] == 0] = 0.0
            s[self.lin] = s_lin
        x = sol.x
        if sol.kind == PRIMAL_CERT:  # the core's convention: NaN for what a certificate lacks
            x, s = np.full_like(x, np.nan), np.full(m, np.nan)
        elif sol.kind == DUAL_CERT:
            z = np.full(m, np.nan)
        return x, s, z


def box_work(P, q, A, l, u, lb, ub, constant=0.0) -> Work:
    n = q.shape[0]
    return Work(P=P, q=np.asarray(q, float).copy(), constant=float(constant), A=_csc(A),
                l=np.asarray(l, float).copy(), u=np.asarray(u, float).copy(),
                lb=np.asarray(lb, float).copy(), ub=np.asarray(ub, float).copy(),
                C=sp.csc_matrix((0, n)), bc=np.zeros(0), cones=[])


# Feasibility slack for decisions taken in presolve (empty rows, crossing bounds), relative to
# max(1, |bound|): within it a row or bound is taken as satisfied, beyond it as infeasible.
FEAS_TOL = 1e-9


def row_counts(A: sp.csc_matrix) -> np.ndarray:
    return np.bincount(A.indices, minlength=A.shape[0])
