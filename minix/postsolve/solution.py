"""WorkSolution: a primal-dual point (or certificate) of presolve's working form.

    minimize 1/2 x'Px + q'x  s.t.  l <= A x <= u  (linear rows),  b_C - C x in K_C (conic rows),
                                   lb <= x <= ub

Duals follow the OSQP sign convention, kept split by side so certificates survive:
yu >= 0 / yl <= 0 for the upper / lower side of each linear row, bu >= 0 / bl <= 0 for each
variable's upper / lower bound, zc in K_C* for the conic rows; stationarity reads
Px + q + A'(yu + yl) + C'zc + bu + bl = 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SOLUTION, PRIMAL_CERT, DUAL_CERT = "solution", "primal_cert", "dual_cert"


@dataclass
class WorkSolution:
    kind: str            # SOLUTION, PRIMAL_CERT (y, b, zc certify) or DUAL_CERT (x is a ray)
    x: np.ndarray        # n
    yu: np.ndarray       # linear rows, upper side, >= 0
    yl: np.ndarray       # linear rows, lower side, <= 0
    bu: np.ndarray       # variable upper bounds, >= 0
    bl: np.ndarray       # variable lower bounds, <= 0
    zc: np.ndarray       # conic rows
    sc: np.ndarray       # conic slacks (b_C - C x for a solution)

    @property
    def homogeneous(self) -> bool:
        """Certificates carry no objective: undo steps drop P, q and fixed values."""
        return self.kind != SOLUTION

    @classmethod
    def zeros(cls, kind: str, n: int, m: int, mc: int) -> "WorkSolution":
        z = np.zeros
        return cls(kind, z(n), z(m), z(m), z(n), z(n), z(mc), z(mc))


def expand(v: np.ndarray, keep: np.ndarray, size: int) -> np.ndarray:
    """Vector of length size with v at the positions keep and zeros elsewhere."""
    out = np.zeros(size)
    out[keep] = v
    return out
