"""minix.Problem: canonical conic problem data.

    minimize 1/2 x'Px + q'x + constant  subject to  Ax + s = b,  s in K

Readers in minix/io return a Problem; the solver and presolve consume one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Sequence

import numpy as np
import scipy.sparse as sp

from .cones import Cone, total_size


@dataclass
class Problem:
    P: Optional[sp.csc_matrix]  # n x n, symmetric PSD; upper triangle or full (None = LP)
    q: np.ndarray               # n
    A: sp.csc_matrix            # m x n
    b: np.ndarray               # m
    cones: List[Cone]
    constant: float = 0.0       # objective offset
    name: str = ""
    var_names: Optional[Sequence[str]] = None
    con_names: Optional[Sequence[str]] = None
    objective_sense: str = "min"  # the file's sense; data here is always a minimization
    meta: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(self.q.shape[0])

    @property
    def m(self) -> int:
        return int(self.b.shape[0])

    def check_shapes(self) -> None:
        """Raise ValueError if the pieces do not fit together."""
        n, m = self.n, self.m
        if self.A.shape != (m, n):
            raise ValueError(f"A has shape {self.A.shape}, expected ({m}, {n})")
        if self.P is not None and self.P.shape != (n, n):
            raise ValueError(f"P has shape {self.P.shape}, expected ({n}, {n})")
        rows = total_size(self.cones)
        if rows != m:
            raise ValueError(f"cone sizes add up to {rows}, but A and b have {m} rows")
