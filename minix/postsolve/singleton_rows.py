"""Undo of singleton rows -> variable bounds (with duplicate bounds merged).

Row r reads l_r <= a_r x_j <= u_r. The merged bound of x_j on each side is owned either by
the bound x_j had before (owner -1) or by one row; the bound dual on that side moves to its
owner: the row gets y_r = b_j / a_r (the stationarity term a_r y_r equals b_j), and its sign
puts it on the row's upper (y > 0) or lower (y < 0) side. Rows that own nothing get y = 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .solution import WorkSolution, expand


@dataclass
class SingletonRowsRecord:
    m_before: int
    keep: np.ndarray       # kept linear rows (indices before)
    cols_u: np.ndarray     # columns whose upper bound is owned by a removed row
    rows_u: np.ndarray     # that row (index before), and its coefficient
    coef_u: np.ndarray
    cols_l: np.ndarray     # the same for lower bounds
    rows_l: np.ndarray
    coef_l: np.ndarray
    removed: int
    name: str = "singleton_rows"

    @property
    def size(self) -> int:
        return self.removed

    def undo(self, sol: WorkSolution) -> WorkSolution:
        yu = expand(sol.yu, self.keep, self.m_before)
        yl = expand(sol.yl, self.keep, self.m_before)
        for cols, rows, coef, b in ((self.cols_u, self.rows_u, self.coef_u, sol.bu),
                                    (self.cols_l, self.rows_l, self.coef_l, sol.bl)):
            if cols.size == 0:
                continue
            y = b[cols] / coef
            b[cols] = 0.0
            np.add.at(yu, rows, np.maximum(y, 0.0))
            np.add.at(yl, rows, np.minimum(y, 0.0))
        sol.yu, sol.yl = yu, yl
        return sol
