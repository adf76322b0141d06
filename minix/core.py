"""The only module that touches the cffi binding: a thin owner of one C solver.

CoreSolver takes validated, converted data (see solver.py), calls minix_setup/solve/update,
and copies results back into numpy. cffi releases the GIL around every C call; log lines
can be routed to a Python stream through the extern "Python" print hook.
"""
from __future__ import annotations

from dataclasses import fields

import numpy as np

from ._minix_cffi import ffi, lib
from .settings import Settings
from .status import MinixError, Status

TIMER_NAMES = ("setup", "equilibrate", "ordering", "symbolic", "solve", "residuals", "scaling",
               "kkt_update", "factor", "kkt_solve", "step", "termination")


def version() -> str:
    return ffi.string(lib.minix_version()).decode()


def default_settings_c():
    st = ffi.new("MinixSettings *")
    lib.minix_settings_default(st)
    return st


def settings_to_c(settings: Settings):
    st = ffi.new("MinixSettings *")
    for f in fields(Settings):
        setattr(st, f.name, getattr(settings, f.name))
    return st


def _csc(M, m, n, keep):
    """A MinixCsc view of a scipy CSC matrix (int64 indices, float64 values)."""
    c = ffi.new("MinixCsc *")
    c.m, c.n = m, n
    p = np.ascontiguousarray(M.indptr, dtype=np.int64)
    i = np.ascontiguousarray(M.indices, dtype=np.int64)
    x = np.ascontiguousarray(M.data, dtype=np.float64)
    keep += [p, i, x]
    c.p = ffi.cast("minix_int *", ffi.from_buffer(p))
    c.i = ffi.cast("minix_int *", ffi.from_buffer(i))
    c.x = ffi.cast("minix_float *", ffi.from_buffer(x))
    return c


def _fptr(a):
    return ffi.cast("minix_float *", ffi.from_buffer(a))


@ffi.def_extern()
def minix_py_print(text, ctx):
    stream = ffi.from_handle(ctx)
    try:
        stream.write(ffi.string(text).decode(errors="replace"))
    except Exception:  # a broken stream must not break the solve
        pass


class CoreSolver:
    """Owns one MinixSolver*. P: upper-triangle CSC or None; A: CSC; cones: minix.cones list."""

    def __init__(self, P, q, A, b, cones, settings: Settings, stream=None):
        m, n = A.shape
        self.n, self.m = n, m
        keep = []
        cP = _csc(P, n, n, keep) if P is not None else ffi.NULL
        cA = _csc(A, m, n, keep)
        q = np.ascontiguousarray(q, dtype=np.float64)
        b = np.ascontiguousarray(b, dtype=np.float64)
        specs = ffi.new("MinixConeSpec[]", max(1, len(cones)))
        for k, cone in enumerate(cones):
            specs[k].kind = cone.kind
            specs[k].dim = getattr(cone, "dim", 3)
            specs[k].param = getattr(cone, "alpha", 0.0)
        out = ffi.new("MinixSolver **")
        rc = lib.minix_setup(out, cP, _fptr(q), cA, _fptr(b), specs, len(cones),
                             settings_to_c(settings))
        if rc != lib.MINIX_OK:
            raise MinixError(ffi.string(lib.minix_last_error(ffi.NULL)).decode(), rc)
        self._ptr = ffi.gc(out[0], lib.minix_free)
        self._handle = None
        self.set_stream(stream)

    def set_stream(self, stream):
        """Route the log to a Python stream (None = the process's C stdout)."""
        if stream is None:
            self._handle = None
            lib.minix_set_print(self._ptr, ffi.NULL, ffi.NULL)
        else:
            self._handle = ffi.new_handle(stream)
            lib.minix_set_print(self._ptr, lib.minix_py_print, self._handle)

    def _check(self, rc):
        if rc != lib.MINIX_OK:
            raise MinixError(ffi.string(lib.minix_last_error(self._ptr)).decode(), rc)

    def solve(self):
        self._check(lib.minix_solve(self._ptr))
        info = lib.minix_info(self._ptr)
        x = np.frombuffer(ffi.buffer(lib.minix_solution_x(self._ptr), 8 * self.n), dtype=np.float64).copy()
        s = np.frombuffer(ffi.buffer(lib.minix_solution_s(self._ptr), 8 * self.m), dtype=np.float64).copy()
        z = np.frombuffer(ffi.buffer(lib.minix_solution_z(self._ptr), 8 * self.m), dtype=np.float64).copy()
        return Status(info.status), x, s, z, self._info_dict(info)

    @staticmethod
    def _info_dict(info) -> dict:
        d = {name: getattr(info, name) for name in (
            "iterations", "obj_primal", "obj_dual", "gap_abs", "gap_rel", "res_primal", "res_dual",
            "res_primal_abs", "res_dual_abs", "res_primal_infeas", "res_dual_infeas", "mu", "sigma",
            "step_length", "ktratio", "setup_time", "solve_time", "factorizations",
            "refinement_iters", "dynamic_reg_count", "kkt_dim", "kkt_nnz", "ldl_nnz")}
        d["timings"] = {name: info.times[k] for k, name in enumerate(TIMER_NAMES)}
        return d

    def update_q(self, q):
        self._check(lib.minix_update_q(self._ptr, _fptr(np.ascontiguousarray(q, dtype=np.float64))))

    def update_b(self, b):
        self._check(lib.minix_update_b(self._ptr, _fptr(np.ascontiguousarray(b, dtype=np.float64))))

    def update_P(self, Px):
        self._check(lib.minix_update_P(self._ptr, _fptr(np.ascontiguousarray(Px, dtype=np.float64))))

    def update_A(self, Ax):
        self._check(lib.minix_update_A(self._ptr, _fptr(np.ascontiguousarray(Ax, dtype=np.float64))))

    def update_settings(self, settings: Settings):
        self._check(lib.minix_update_settings(self._ptr, settings_to_c(settings)))

    def warm_start(self, x, s, z):
        arrs = [np.ascontiguousarray(v, dtype=np.float64) for v in (x, s, z)]
        self._check(lib.minix_warm_start(self._ptr, *[_fptr(a) for a in arrs]))
