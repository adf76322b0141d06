"""The only module that touches the cffi binding: a thin owner of one C solver.

CoreSolver takes validated, converted data (see solver.py), calls minix_setup/solve/update,
and copies results back into numpy. cffi releases the GIL around every C call; log lines
can be routed to a Python stream through the extern "Python" print hook.
"""
from __future__ import annotations

from operator import attrgetter
from typing import Optional

import numpy as np
import scipy.sparse as sp

from ._minix_cffi import ffi, lib
from .cones import Cone
from .settings import FIELD_NAMES, Settings
from .status import MinixError, Status

TIMER_NAMES = ("setup", "equilibrate", "ordering", "symbolic", "solve", "residuals", "scaling",
               "kkt_update", "factor", "kkt_solve", "step", "termination")
INFO_NAMES = ("iterations", "obj_primal", "obj_dual", "gap_abs", "gap_rel", "res_primal",
              "res_dual", "res_primal_abs", "res_dual_abs", "res_primal_infeas", "res_dual_infeas",
              "mu", "sigma", "step_length", "ktratio", "setup_time", "solve_time", "factorizations",
              "refinement_iters", "dynamic_reg_count", "kkt_dim", "kkt_nnz", "ldl_nnz")

# C types looked up once here rather than parsed and realized on the first solve.
_SETTINGS_P = ffi.typeof("MinixSettings *")
_CSC_P = ffi.typeof("MinixCsc *")
_CONES_A = ffi.typeof("MinixConeSpec[]")
_SOLVER_PP = ffi.typeof("MinixSolver **")
_INT_A = ffi.typeof("minix_int[]")
_I32_A = ffi.typeof("int32_t[]")
_CSC32_P = ffi.typeof("MinixCsc32 *")
# numpy's builtin dtypes are singletons: identity tests, cheaper than ==, on the fast paths
F64, I32, I64 = np.dtype(np.float64), np.dtype(np.int32), np.dtype(np.int64)
_FLOAT_A = ffi.typeof("minix_float[]")
_INT_P = ffi.typeof("int *")

# cffi builds a function's wrapper on its first lookup in `lib` and a struct's layout on
# its first field access (tens of microseconds in all): done here, at import, rather than
# inside the first solve of every process.
for _name in ("minix_setup", "minix_setup_i32", "minix_presolve_worth",
              "minix_presolve_worth_i32", "minix_solve",
              "minix_free", "minix_copy_results", "minix_last_error", "minix_set_print"):
    getattr(lib, _name)
for _name in ("MinixSettings", "MinixCsc", "MinixCsc32", "MinixConeSpec", "MinixInfo"):
    ffi.typeof(_name).fields
del _name
_OK = lib.MINIX_OK

# The settings struct is filled positionally (one cffi call) when the dataclass and the C
# struct have the same fields; else field by field, which names a Python-only field.
_C_SETTINGS_FIELDS = tuple(name for name, _ in ffi.typeof("MinixSettings").fields)
_settings_values = (attrgetter(*_C_SETTINGS_FIELDS)
                    if sorted(_C_SETTINGS_FIELDS) == sorted(FIELD_NAMES) else None)
_info_values = attrgetter(*INFO_NAMES)
_INFO_P = ffi.typeof("MinixInfo *")
_STATUS = {s.value: s for s in Status}


def version() -> str:
    return ffi.string(lib.minix_version()).decode()


def default_settings_c():
    st = ffi.new(_SETTINGS_P)
    lib.minix_settings_default(st)
    return st


def settings_to_c(settings: Settings):
    if _settings_values is not None:
        return ffi.new(_SETTINGS_P, _settings_values(settings))
    st = ffi.new(_SETTINGS_P)
    for name in FIELD_NAMES:
        setattr(st, name, getattr(settings, name))
    return st


def _floats(a):
    """A minix_float* argument viewing a (converted to contiguous float64 if it is not);
    the returned cdata keeps the array alive."""
    if type(a) is np.ndarray and a.dtype is F64:  # as most arrays come: no numpy call
        try:
            return ffi.from_buffer(_FLOAT_A, a)
        except ValueError:  # not contiguous
            pass
    return ffi.from_buffer(_FLOAT_A, np.ascontiguousarray(a, dtype=np.float64))


def _csc(M, m, n, keep):
    """A MinixCsc view of a CSC matrix (scipy, or solver._Csc); int64 indices, float64
    values. The buffers (appended to `keep`) must outlive the call that reads the struct."""
    bufs = (ffi.from_buffer(_INT_A, np.ascontiguousarray(M.indptr, dtype=np.int64)),
            ffi.from_buffer(_INT_A, np.ascontiguousarray(M.indices, dtype=np.int64)),
            _floats(M.data))
    keep += bufs
    return ffi.new(_CSC_P, [m, n, *bufs])


def _csc32(M, m, n, keep):
    """A MinixCsc32 view of a CSC matrix whose index arrays are contiguous int32 (scipy's
    default), without converting them; the C side widens them (minix_setup_i32)."""
    bufs = (ffi.from_buffer(_I32_A, M.indptr), ffi.from_buffer(_I32_A, M.indices),
            _floats(M.data))
    keep += bufs
    return ffi.new(_CSC32_P, [m, n, *bufs])


def _int32_indices(M) -> bool:
    return M.indptr.dtype is I32 and M.indices.dtype is I32


def info_dict(info) -> dict:
    """The C info struct (CoreSolver.solve) as a dict, per-phase timings under "timings"."""
    d = dict(zip(INFO_NAMES, _info_values(info)))
    d["timings"] = dict(zip(TIMER_NAMES, info.times))
    return d


@ffi.def_extern()
def minix_py_print(text, ctx):
    stream = ffi.from_handle(ctx)
    try:
        stream.write(ffi.string(text).decode(errors="replace"))
    except Exception:  # a broken stream must not break the solve
        pass


class CoreInputs:
    """The problem as the C core reads it: cffi views of P (upper triangle CSC or None), q, A,
    b and the cone specs, built once for both the presolve check and minix_setup. The views
    keep their numpy buffers alive. CoreInputs(...) converts what it must; direct_inputs
    takes data already in the core's form as it is."""

    __slots__ = ("n", "m", "P", "q", "A", "b", "cones", "ncones", "_keep", "_narrow")

    def __init__(self, P, q, A, b, cones):
        m, n = A.shape
        self.n, self.m = n, m
        keep = []
        # int32 indices throughout go to C as they are (converting them took a tenth of a
        # tiny problem's setup); anything else as int64
        self._narrow = _int32_indices(A) and (P is None or _int32_indices(P))
        view = _csc32 if self._narrow else _csc
        self.P = view(P, n, n, keep) if P is not None else ffi.NULL
        self.A = view(A, m, n, keep)
        self.q = _floats(q) if q is not None else ffi.NULL
        self.b = _floats(b)
        self.cones = ffi.new(_CONES_A, [c.spec for c in cones] if cones else 1)
        self.ncones = len(cones)
        self._keep = keep

    def worth_presolving(self) -> bool:
        """Whether minix/presolve can shrink the problem (csrc/presolve_scan.c); raises
        MinixError, naming the fault, on data minix_setup would refuse."""
        out = ffi.new(_INT_P)
        scan = lib.minix_presolve_worth_i32 if self._narrow else lib.minix_presolve_worth
        rc = scan(self.P, self.A, self.b, self.cones, self.ncones, out)
        if rc != _OK:
            raise MinixError(ffi.string(lib.minix_last_error(ffi.NULL)).decode(), rc)
        return bool(out[0])


_SCIPY_CSC = (sp.csc_matrix, sp.csc_array)  # exactly these types (subclasses: careful path)
_view = ffi.from_buffer
_spec = attrgetter("spec")


def direct_inputs(P, q, A, b, cones) -> Optional[CoreInputs]:
    """CoreInputs viewing data already in the core's form, without copies: q and b contiguous
    float64 vectors, A and P (or None) scipy CSC float64 of matching shapes and consistent
    arrays with int32 or int64 indices (one width for all four arrays), cones a list or tuple
    of Cone. None when anything else is needed.

    Checks only what minix_setup cannot see (types, array lengths). The values it validates
    itself (finite, P upper triangular, indices in range, sorted and unique, cone sizes); when
    it refuses them, Solver runs the careful path, which names the problem (or converts what
    the core cannot take as it is: a full P, unsorted indices, other widths). One function,
    without helper calls or intermediate objects: in the first solves of a process, when a
    benchmark times them, CPython has not yet specialized this code and its data is out of
    the caches, and each call and object costs about a microsecond (the Python layer of a
    HS21-sized solve in the benchmark's fresh processes: 34-41 us with the helpers this
    replaced, 28-30 us without)."""
    if type(q) is not np.ndarray or type(b) is not np.ndarray or q.dtype is not F64 \
            or b.dtype is not F64 or q.ndim != 1 or b.ndim != 1 \
            or (type(cones) is not list and type(cones) is not tuple) \
            or type(A) not in _SCIPY_CSC or (P is not None and type(P) not in _SCIPY_CSC):
        return None
    n, m = len(q), len(b)
    Ap, Ai, Ax = A.indptr, A.indices, A.data
    width = Ap.dtype
    if Ax.dtype is not F64 or A.shape != (m, n) or len(Ap) != n + 1 \
            or not Ap[-1] == len(Ai) == len(Ax) or Ai.dtype is not width \
            or (width is not I32 and width is not I64):
        return None
    if P is not None:
        Pp, Pi, Px = P.indptr, P.indices, P.data
        if Px.dtype is not F64 or P.shape != (n, n) or len(Pp) != n + 1 \
                or not Pp[-1] == len(Pi) == len(Px) or Pp.dtype is not width \
                or Pi.dtype is not width:
            return None
    for c in cones:
        if not isinstance(c, Cone):
            return None
    narrow = width is I32
    idx, csc = (_I32_A, _CSC32_P) if narrow else (_INT_A, _CSC_P)
    try:  # (a vector or array that is not contiguous: the careful path copies it)
        keep = (_view(idx, Ap), _view(idx, Ai), _view(_FLOAT_A, Ax))
        inputs = object.__new__(CoreInputs)
        inputs.A = ffi.new(csc, (m, n) + keep)
        if P is None:
            inputs.P = ffi.NULL
        else:
            Pv = (_view(idx, Pp), _view(idx, Pi), _view(_FLOAT_A, Px))
            inputs.P = ffi.new(csc, (n, n) + Pv)
            keep += Pv
        inputs.q, inputs.b = _view(_FLOAT_A, q), _view(_FLOAT_A, b)
    except ValueError:
        return None
    inputs.n, inputs.m, inputs._narrow, inputs._keep = n, m, narrow, keep
    inputs.cones = ffi.new(_CONES_A, tuple(map(_spec, cones)) if cones else 1)
    inputs.ncones = len(cones)
    return inputs


class CoreSolver:
    """Owns one MinixSolver*, set up from CoreInputs."""

    def __init__(self, inputs: CoreInputs, settings: Settings, stream=None, settings_c=None):
        """settings_c: settings already converted by settings_to_c (the C side copies them)."""
        self.n, self.m = inputs.n, inputs.m
        out = ffi.new(_SOLVER_PP)
        setup = lib.minix_setup_i32 if inputs._narrow else lib.minix_setup
        rc = setup(out, inputs.P, inputs.q, inputs.A, inputs.b, inputs.cones, inputs.ncones,
                   settings_to_c(settings) if settings_c is None else settings_c)
        if rc != _OK:
            raise MinixError(ffi.string(lib.minix_last_error(ffi.NULL)).decode(), rc)
        self._ptr = ffi.gc(out[0], lib.minix_free)
        self._handle = None
        if stream is not None:  # a new solver prints to C stdout already
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
        if rc != _OK:
            raise MinixError(ffi.string(lib.minix_last_error(self._ptr)).decode(), rc)

    def solve(self):
        """status, x, s, z and a copy of the C info struct (info_dict makes it a dict).
        x, s and z are views of one new array, filled with the info by one C call."""
        ptr = self._ptr
        rc = lib.minix_solve(ptr)
        if rc != _OK:
            self._check(rc)
        n, m = self.n, self.m
        xsz = np.empty(n + 2 * m)
        info = ffi.new(_INFO_P)  # a copy: the next solve overwrites the solver's
        lib.minix_copy_results(ptr, ffi.from_buffer(_FLOAT_A, xsz), info)
        code = info.status
        status = _STATUS[code] if code in _STATUS else Status(code)
        return status, xsz[:n], xsz[n:n + m], xsz[n + m:], info

    def update_q(self, q):
        self._check(lib.minix_update_q(self._ptr, _floats(q)))

    def update_b(self, b):
        self._check(lib.minix_update_b(self._ptr, _floats(b)))

    def update_P(self, Px):
        self._check(lib.minix_update_P(self._ptr, _floats(Px)))

    def update_A(self, Ax):
        self._check(lib.minix_update_A(self._ptr, _floats(Ax)))

    def update_settings(self, settings: Settings):
        self._check(lib.minix_update_settings(self._ptr, settings_to_c(settings)))

    def warm_start(self, x, s, z):
        self._check(lib.minix_warm_start(self._ptr, _floats(x), _floats(s), _floats(z)))
