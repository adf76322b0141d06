"""Undo of fixed variables (lb = ub) substituted out, and of empty columns solved in closed form.

x_j gets its value back (0 in a certificate: the ray does not move fixed variables), and the
bound dual absorbs the reduced cost r_j = -(Px + q + A'y + C'zc)_j, split by sign between the
upper (r > 0) and lower (r < 0) bound. Rows are untouched by these reductions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import scipy.sparse as sp

from .solution import WorkSolution, expand


@dataclass
class FixedVarsRecord:
    n_before: int
    keep: np.ndarray                 # kept columns (indices before)
    cols: np.ndarray                 # removed columns (indices before)
    values: np.ndarray               # their values
    q: np.ndarray                    # q[cols] before the reduction
    P_rows: Optional[sp.csr_matrix]  # full symmetric P[cols, :] before (None: no P)
    A_cols: sp.csc_matrix            # A[:, cols] before (linear rows)
    C_cols: sp.csc_matrix            # C[:, cols] before (conic rows)
    name: str = "fixed_vars"

    @property
    def size(self) -> int:
        return self.cols.size

    def undo(self, sol: WorkSolution) -> WorkSolution:
        x = expand(sol.x, self.keep, self.n_before)
        r = -(self.A_cols.T @ (sol.yu + sol.yl) + self.C_cols.T @ sol.zc)
        if not sol.homogeneous:
            x[self.cols] = self.values
            r -= self.q
            if self.P_rows is not None:
                r -= self.P_rows @ x
        sol.x = x
        sol.bu = expand(sol.bu, self.keep, self.n_before)
        sol.bl = expand(sol.bl, self.keep, self.n_before)
        sol.bu[self.cols] += np.maximum(r, 0.0)
        sol.bl[self.cols] += np.minimum(r, 0.0)
        return sol


@dataclass
class EmptyColsRecord:
    n_before: int
    keep: np.ndarray
    cols: np.ndarray
    values: np.ndarray    # minimizer of 1/2 P_jj x^2 + q_j x over [lb_j, ub_j]
    pdiag: np.ndarray     # P_jj
    q: np.ndarray         # q_j
    name: str = "empty_cols"

    @property
    def size(self) -> int:
        return self.cols.size

    def undo(self, sol: WorkSolution) -> WorkSolution:
        x = expand(sol.x, self.keep, self.n_before)
        bu = expand(sol.bu, self.keep, self.n_before)
        bl = expand(sol.bl, self.keep, self.n_before)
        if not sol.homogeneous:
            x[self.cols] = self.values
            r = -(self.pdiag * self.values + self.q)
            bu[self.cols] = np.maximum(r, 0.0)
            bl[self.cols] = np.minimum(r, 0.0)
        sol.x, sol.bu, sol.bl = x, bu, bl
        return sol
