"""minix.Result: what a solve returns."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .status import Status


@dataclass
class Result:
    status: Status
    x: np.ndarray            # primal solution (or dual-infeasibility certificate, q'x = -1)
    s: np.ndarray            # slacks, s = b - Ax in K
    z: np.ndarray            # duals of Ax + s = b, z in K* (or primal-infeasibility certificate, b'z = -1)
    obj_val: float           # 1/2 x'Px + q'x (+ the problem's constant)
    obj_val_dual: float      # -1/2 x'Px - b'z (+ constant)
    iterations: int
    setup_time: float        # seconds
    solve_time: float        # seconds, this solve call
    info: dict = field(default_factory=dict)  # residuals, per-phase timings, KKT sizes, counters

    @property
    def residuals(self) -> dict:
        keys = ("res_primal", "res_dual", "gap_abs", "gap_rel", "res_primal_abs", "res_dual_abs")
        return {k: self.info[k] for k in keys if k in self.info}

    def __repr__(self) -> str:
        return (f"Result(status={self.status.name}, obj_val={self.obj_val:.8g}, "
                f"iterations={self.iterations}, solve_time={self.solve_time:.3g}s)")
