"""minix.Result: what a solve returns."""
from __future__ import annotations

from typing import Callable, Optional, Union

import numpy as np

from .status import Status


class Result:
    """status, x, s, z, obj_val, obj_val_dual, iterations, setup_time, solve_time, info.

    x: primal solution (or dual-infeasibility certificate, q'x = -1); s: slacks, s = b - Ax
    in K; z: duals of Ax + s = b, z in K* (or primal-infeasibility certificate, b'z = -1);
    obj_val: 1/2 x'Px + q'x (+ the problem's constant); obj_val_dual: -1/2 x'Px - b'z
    (+ constant); times in seconds (solve_time: this solve call only). info: residuals,
    per-phase timings, KKT sizes and counters, a dict built on first access (about a tenth
    of a small problem's solve otherwise), so it may be given as a function that makes it.
    """

    __slots__ = ("status", "x", "s", "z", "obj_val", "obj_val_dual", "iterations",
                 "setup_time", "solve_time", "_info")

    def __init__(self, status: Status, x: np.ndarray, s: np.ndarray, z: np.ndarray,
                 obj_val: float, obj_val_dual: float, iterations: int, setup_time: float,
                 solve_time: float, info: Union[dict, Callable[[], dict], None] = None):
        self.status = status
        self.x = x
        self.s = s
        self.z = z
        self.obj_val = obj_val
        self.obj_val_dual = obj_val_dual
        self.iterations = iterations
        self.setup_time = setup_time
        self.solve_time = solve_time
        self._info = {} if info is None else info

    @property
    def info(self) -> dict:
        if not isinstance(self._info, dict):
            self._info = self._info()
        return self._info

    @info.setter
    def info(self, value: dict) -> None:
        self._info = value

    @property
    def residuals(self) -> dict:
        keys = ("res_primal", "res_dual", "gap_abs", "gap_rel", "res_primal_abs", "res_dual_abs")
        return {k: self.info[k] for k in keys if k in self.info}

    def __repr__(self) -> str:
        return (f"Result(status={self.status.name}, obj_val={self.obj_val:.8g}, "
                f"iterations={self.iterations}, solve_time={self.solve_time:.3g}s)")
