"""Undo of equality detection: sides within round-off were snapped to l = u. The dual keeps
its value; its sign says which side it belongs to, which yu/yl already record."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .solution import WorkSolution


@dataclass
class EqualitiesRecord:
    rows: np.ndarray     # rows snapped to l = u
    name: str = "equalities"

    @property
    def size(self) -> int:
        return self.rows.size

    def undo(self, sol: WorkSolution) -> WorkSolution:
        return sol
