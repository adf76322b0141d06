"""Reduction: drop linear rows with both sides infinite (-inf <= a x <= +inf). Their duals are
zero; canonical NonNeg rows with b >= 1e20 arrive here as u = +inf."""
from __future__ import annotations

import numpy as np

from ..postsolve.rows import DropRowsRecord
from .work import Work


class FreeRows:
    name = "free_rows"

    def apply(self, w: Work):
        free = np.isneginf(w.l) & np.isposinf(w.u)
        if not free.any():
            return w, None
        keep = np.flatnonzero(~free)
        return w.drop_rows(keep), DropRowsRecord(self.name, w.m, keep)
