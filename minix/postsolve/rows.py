"""Undo of row removals whose rows carry no dual: free rows (both sides infinite) and empty
feasible rows. Their duals are zero; the rows' slacks are recomputed from x by the caller.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .solution import WorkSolution, expand


@dataclass
class DropRowsRecord:
    name: str            # "free_rows" or "empty_rows"
    m_before: int
    keep: np.ndarray     # kept linear rows, indices before the reduction

    @property
    def size(self) -> int:
        return self.m_before - self.keep.size

    def undo(self, sol: WorkSolution) -> WorkSolution:
        sol.yu = expand(sol.yu, self.keep, self.m_before)
        sol.yl = expand(sol.yl, self.keep, self.m_before)
        return sol
