"""The Python API: minix.solve and the reusable minix.Solver.

    minimize 1/2 x'Px + q'x  subject to  Ax + s = b,  s in K

This layer checks and converts user data (shapes, NaN/Inf, symmetry of P, cone sizes) with
messages that name the problem, then hands it to the C core through minix.core. Data that
is already in the core's form (float64 vectors, scipy CSC float64) goes to the core as it
is: minix_setup validates it too, and only when it refuses does the Python check run, to
raise the same message as ever. On small problems the Python side would otherwise cost
more than the solve.
"""
from __future__ import annotations

import math
import time
from typing import Optional, Sequence

import numpy as np
import scipy.sparse as sp

from .cones import Cone, total_size
from .core import F64, I32, I64, CoreInputs, CoreSolver, info_dict, settings_to_c
from .presolve import CanonicalPresolve
from .result import Result
from .settings import Settings
from .status import MinixError, Status


def _all_finite(a: np.ndarray) -> bool:
    """Every entry finite. A finite sum proves it in one pass with no temporary array (a NaN
    or an infinity makes the sum NaN or infinite); only a non-finite sum, which finite
    entries can also give by overflowing, needs the entrywise test."""
    return math.isfinite(np.add.reduce(a)) or bool(np.isfinite(a).all())


def _vector(v, n: int, name: str) -> np.ndarray:
    try:
        a = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a numeric vector: {exc}") from None
    if a.ndim == 2 and 1 in a.shape:
        a = a.ravel()
    if a.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {a.shape}")
    if a.shape[0] != n:
        raise ValueError(f"{name} has length {a.shape[0]}, expected {n}")
    if not _all_finite(a):
        bad = int(np.flatnonzero(~np.isfinite(a))[0])
        raise ValueError(f"{name}[{bad}] is not finite ({a[bad]})")
    return np.ascontiguousarray(a)


class _Csc:
    """A checked matrix as the core takes it: CSC with sorted, unique int64 indices and
    float64 values. Plain arrays, no scipy object: building scipy matrices cost more than
    the whole C solve of a small problem. The arrays may be the caller's (never modified)."""

    __slots__ = ("shape", "indptr", "indices", "data")

    def __init__(self, shape, indptr, indices, data):
        self.shape = shape
        self.indptr = indptr
        self.indices = indices
        self.data = data

    @property
    def nnz(self) -> int:
        return int(self.indptr[-1])

    def tocsc(self) -> sp.csc_matrix:
        """The same matrix as a scipy CSC matrix (int64 indices; shares the arrays)."""
        M = sp.csc_matrix((self.data, self.indices, self.indptr), shape=self.shape)
        M.indptr, M.indices = self.indptr, self.indices  # scipy may have narrowed them
        return M


def _csc(M, name: str) -> _Csc:
    """CSC float64 with sorted, unique int64 indices; the caller's matrix is never modified."""
    if sp.issparse(M):
        if M.format == "csc" and M.dtype == np.float64 and M.has_canonical_format:
            C = sp.csc_matrix((M.data, M.indices, M.indptr), shape=M.shape)  # shares arrays
        else:
            C = sp.csc_matrix(M, dtype=np.float64, copy=True)
            C.sum_duplicates()
            C.sort_indices()
    else:
        try:
            arr = np.asarray(M, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be a matrix: {exc}") from None
        if arr.ndim != 2:
            raise ValueError(f"{name} must be two-dimensional, got shape {arr.shape}")
        C = sp.csc_matrix(arr)
    if not _all_finite(C.data):
        k = int(np.flatnonzero(~np.isfinite(C.data))[0])
        col = int(np.searchsorted(C.indptr, k, side="right") - 1)
        raise ValueError(f"{name} has a non-finite entry at ({C.indices[k]}, {col})")
    return _Csc(C.shape, np.asarray(C.indptr, dtype=np.int64),
                np.asarray(C.indices, dtype=np.int64), C.data)


def _upper(P, n: int) -> Optional[_Csc]:
    """P given as its upper triangle or as a full symmetric matrix -> upper triangle."""
    if P is None:
        return None
    C = _csc(P, "P")
    if C.shape != (n, n):
        raise ValueError(f"P has shape {C.shape}, expected ({n}, {n}) (square, matching q)")
    ip = C.indptr
    cols = np.arange(n, dtype=np.int64).repeat(ip[1:] - ip[:-1])
    lower = C.indices > cols
    if lower.any():
        if not np.any(C.indices < cols):
            raise ValueError("P holds only a lower triangle; pass its upper triangle or the full "
                             "symmetric matrix")
        S = C.tocsc()
        diff = abs(S - S.T)
        scale = max(1.0, float(abs(S).max()))
        if diff.nnz and float(diff.max()) > 1e-10 * scale:
            raise ValueError("P is not symmetric (max |P - P'| = %.3g); pass the upper triangle or "
                             "a symmetric matrix" % float(diff.max()))
        S = sp.triu(S, format="csc")
        S.sort_indices()
        C = _Csc(S.shape, S.indptr.astype(np.int64), S.indices.astype(np.int64), S.data)
    return C


_SCIPY_CSC = (sp.csc_matrix, sp.csc_array)  # exactly these types (subclasses: careful path)


def _core_form(P, q, A, b, cones) -> Optional[tuple]:
    """(P, q, A, b, cones) without copies or checks when they are already in the core's form:
    q and b contiguous float64 vectors, A and P (or None) scipy CSC float64 of matching
    shapes and consistent arrays, cones a list or tuple of Cone. None when anything else is
    needed. Index arrays stay as they are (int32 or int64: the core takes either).

    Checks only what minix_setup cannot see (types, array lengths). The values it validates
    itself (finite, P upper triangular, indices in range, sorted and unique, cone sizes);
    when it refuses them, Solver runs the careful path, which names the problem as it always
    has (or converts what the core cannot take as it is: a full P, unsorted indices). One
    function, no helper calls: in the first solves of a process, when a benchmark times
    them, every Python call costs about a microsecond."""
    if type(q) is not np.ndarray or type(b) is not np.ndarray or q.dtype is not F64 \
            or b.dtype is not F64 or q.ndim != 1 or b.ndim != 1 \
            or not (q.flags.c_contiguous and b.flags.c_contiguous) \
            or (type(cones) is not list and type(cones) is not tuple) \
            or type(A) not in _SCIPY_CSC or (P is not None and type(P) not in _SCIPY_CSC):
        return None
    n, m = q.shape[0], b.shape[0]
    out = []
    for M, rows in ((P, n), (A, m)):
        if M is None:  # no P
            out.append(None)
            continue
        indptr, indices, data = M.indptr, M.indices, M.data
        if data.dtype is not F64 or M.shape != (rows, n) or len(indptr) != n + 1 \
                or indptr[-1] != len(indices) or len(indices) != len(data):
            return None
        width = indptr.dtype
        if width is not indices.dtype or (width is not I32 and width is not I64):
            indptr = np.asarray(indptr, dtype=np.int64)
            indices = np.asarray(indices, dtype=np.int64)
        out.append(_Csc((rows, n), indptr, indices, data))
    for c in cones:
        if not isinstance(c, Cone):
            return None
    return out[0], q, out[1], b, list(cones)


def _checked(P, q, A, b, cones) -> tuple:
    """The careful path: every input checked and converted, in the order q, A, b, P, cones;
    the first problem raises, with a message that names it."""
    q = np.asarray(q, dtype=np.float64).ravel() if q is not None else None
    if q is None:
        raise ValueError("q is missing")
    n = q.shape[0]
    q = _vector(q, n, "q")
    A = _csc(A, "A")
    if A.shape[1] != n:
        raise ValueError(f"A has {A.shape[1]} columns but q has length {n}")
    m = A.shape[0]
    b = _vector(b, m, "b")
    P = _upper(P, n)
    cones = _check_cones(cones, m)
    return P, q, A, b, cones


def _matrix(M, name: str) -> sp.csc_matrix:
    """As a scipy matrix: CSC float64 with sorted, unique int64 indices (the caller's matrix is
    never modified)."""
    return _csc(M, name).tocsc()


def upper_triangle(P, n: int) -> Optional[sp.csc_matrix]:
    """P given as its upper triangle or as a full symmetric matrix -> upper triangle CSC."""
    C = _upper(P, n)
    return None if C is None else C.tocsc()


def _check_cones(cones: Sequence[Cone], m: int) -> list:
    cones = list(cones)
    for k, c in enumerate(cones):
        if not isinstance(c, Cone):
            raise TypeError(f"cones[{k}] is {c!r}; use minix.Zero, NonNeg, SOC, Exp, Pow or PSD")
    rows = total_size(cones)
    if rows != m:
        raise ValueError(f"cone sizes add up to {rows}, but A and b have {m} rows")
    return cones


# Settings and their C struct by the keyword arguments that made them (most solvers are set
# up with the same few keywords, and building both took a tenth of a tiny problem's solve):
# each Solver gets its own Settings, a copy of the cached values.
_SETTINGS_BY_KWARGS: dict = {}
_SETTINGS_BY_KWARGS_SIZE = 64


def _settings_for(settings: Optional[Settings], kwargs: dict) -> tuple:
    """(Settings, their C struct or None) for Solver(settings=..., **kwargs)."""
    if settings is not None:
        return Settings.from_kwargs(settings, **kwargs), None
    try:
        key = tuple(kwargs.items())
        hit = _SETTINGS_BY_KWARGS.get(key)
    except TypeError:  # an unhashable value: from_kwargs says what is wrong with it
        return Settings.from_kwargs(None, **kwargs), None
    if hit is None:
        st = Settings.from_kwargs(None, **kwargs)
        try:
            c = settings_to_c(st)
        except Exception:  # a value C cannot hold: raised by the setup, after the data checks
            return st, None
        if len(_SETTINGS_BY_KWARGS) >= _SETTINGS_BY_KWARGS_SIZE:
            _SETTINGS_BY_KWARGS.clear()
        hit = _SETTINGS_BY_KWARGS[key] = (dict(vars(st)), c)
    st = object.__new__(Settings)
    st.__dict__.update(hit[0])
    return st, hit[1]


class Solver:
    """Set up once, solve many times; update q, b and the values of P and A in between.

    Solver(P, q, A, b, cones, settings=None, stream=None, **settings_kwargs)
    P may be None, its upper triangle, or the full symmetric matrix (sparse or dense).
    stream: a file-like object that receives the log (verbose=True) instead of C stdout.
    """

    def __init__(self, P, q, A, b, cones, settings: Optional[Settings] = None, stream=None,
                 constant: float = 0.0, **kwargs):
        self.settings, self._settings_c = _settings_for(settings, kwargs)
        self.constant = float(constant)
        self._presolve = None
        self._presolve_time = 0.0
        self._core = None
        # Inputs already in the core's form go straight to minix_setup, which checks their
        # values; only if that fails are they checked here, to say what is wrong. The checks
        # run first on the careful path, so the error raised is the one it always was.
        fast = _core_form(P, q, A, b, cones)
        if not self.settings.presolve_enable:
            if fast is not None:
                try:
                    self._set_up(fast, stream)
                    return
                except Exception:  # MinixError, or a setting cffi cannot convert
                    pass
            # (the careful path may have changed the data: P's upper triangle taken, indices
            # sorted, duplicates summed; if it did not, the core refuses it again)
            self._set_up(_checked(P, q, A, b, cones), stream)
            return
        # presolve reads the data in Python, so it must be valid here: the C scan checks the
        # core's form as minix_setup would (else the careful path names the fault) and says,
        # in microseconds, whether any reduction applies
        data, inputs, worth = fast, None, False
        t0 = time.perf_counter()
        if fast is not None:
            inputs = CoreInputs(*fast)
            try:
                worth = inputs.worth_presolving()
            except MinixError:
                inputs = None
        if inputs is None:
            data = _checked(P, q, A, b, cones)
            inputs = CoreInputs(*data)
            worth = inputs.worth_presolving()
        self._P, self.q, self._A, self.b, self.cones = data
        self.m, self.n = self._A.shape
        if worth:
            pre = CanonicalPresolve(self.P, self.q, self.A, self.b, self.cones)
            self._presolve = pre if pre.reduced else None
        self._presolve_time = time.perf_counter() - t0
        if self._presolve is None:
            self._core = CoreSolver(inputs, self.settings, stream, self._settings_c)
        elif self._presolve.decided is None:
            red = self._presolve.problem
            self._core = CoreSolver(CoreInputs(red.P, red.q, red.A, red.b, red.cones),
                                    self.settings, stream, self._settings_c)

    def _set_up(self, data, stream) -> None:
        self._P, self.q, self._A, self.b, self.cones = data
        self.m, self.n = self._A.shape
        self._core = CoreSolver(CoreInputs(*data), self.settings, stream, self._settings_c)

    @property
    def P(self) -> Optional[sp.csc_matrix]:
        """The upper triangle of P as set up (scipy CSC), or None."""
        return None if self._P is None else self._P.tocsc()

    @property
    def A(self) -> sp.csc_matrix:
        """A as set up (scipy CSC)."""
        return self._A.tocsc()

    def solve(self) -> Result:
        pre = self._presolve
        if self._core is None:  # presolve decided the status; nothing for the core to do
            x, s, z = pre.decided_solution()
            inf = float("inf") if pre.decided.status == Status.PRIMAL_INFEASIBLE else -float("inf")
            res = Result(status=pre.decided.status, x=x, s=s, z=z, obj_val=inf,
                         obj_val_dual=inf, iterations=0, setup_time=self._presolve_time,
                         solve_time=0.0, info={"timings": {"presolve": self._presolve_time},
                                               "presolve": pre.summary, "kkt_dim": 0, "ldl_nnz": 0})
            return res
        status, x, s, z, cinfo = self._core.solve()
        offset = self.constant
        timings = {"presolve": self._presolve_time}
        summary = None
        if pre is not None:
            t0 = time.perf_counter()
            x, s, z = pre.postsolve(status, x, s, z)
            offset += pre.offset
            timings["postsolve"] = time.perf_counter() - t0
            summary = pre.summary

        def make_info() -> dict:
            info = info_dict(cinfo)
            info["timings"].update(timings)
            if summary is not None:
                info["presolve"] = summary
            return info

        return Result(status, x, s, z, cinfo.obj_primal + offset, cinfo.obj_dual + offset,
                      int(cinfo.iterations), cinfo.setup_time, cinfo.solve_time, make_info)

    def _check_no_presolve(self, what: str) -> None:
        if self._presolve is not None:
            raise ValueError(f"cannot {what}: presolve reduced this problem ("
                             f"{self._presolve.summary['reductions']}); set up the Solver with "
                             "presolve_enable=False to update or warm-start it")

    def _values(self, new, old: Optional[_Csc], name: str, upper: bool) -> np.ndarray:
        if old is None:
            raise ValueError(f"cannot update {name}: the problem was set up without {name}")
        if sp.issparse(new) or (hasattr(new, "ndim") and np.asarray(new).ndim == 2):
            M = _upper(new, self.n) if upper else _csc(new, name)
            if M.shape != old.shape or not (np.array_equal(M.indptr, old.indptr)
                                            and np.array_equal(M.indices, old.indices)):
                raise ValueError(f"new {name} has a different sparsity pattern; set up a new Solver")
            return np.ascontiguousarray(M.data)
        return _vector(new, old.nnz, f"{name} values")

    def update(self, q=None, b=None, P=None, A=None) -> None:
        """New values, same pattern. P and A as matrices with the original pattern or as arrays
        of values in CSC order (P: its upper triangle). Raises ValueError if presolve reduced
        the problem (set presolve_enable=False for solvers that are updated)."""
        self._check_no_presolve("update the data")
        if q is not None:
            self.q = _vector(q, self.n, "q")
            self._core.update_q(self.q)
        if b is not None:
            self.b = _vector(b, self.m, "b")
            self._core.update_b(self.b)
        if P is not None:
            vals = self._values(P, self._P, "P", upper=True)
            self._core.update_P(vals)
            self._P.data = vals.copy()
        if A is not None:
            vals = self._values(A, self._A, "A", upper=False)
            self._core.update_A(vals)
            self._A.data = vals.copy()

    def update_settings(self, **kwargs) -> None:
        new = Settings.from_kwargs(self.settings, **kwargs)
        if self._core is not None:
            self._core.update_settings(new)
        self.settings = new

    def warm_start(self, x, s, z) -> None:
        self._check_no_presolve("warm-start")
        self._core.warm_start(_vector(x, self.n, "x"), _vector(s, self.m, "s"), _vector(z, self.m, "z"))

    def set_stream(self, stream) -> None:
        if self._core is not None:
            self._core.set_stream(stream)


def solve(P, q, A, b, cones, settings: Optional[Settings] = None, stream=None, **kwargs) -> Result:
    """Solve min 1/2 x'Px + q'x s.t. Ax + s = b, s in K once. See Solver for the arguments."""
    return Solver(P, q, A, b, cones, settings=settings, stream=stream, **kwargs).solve()


def solve_problem(problem, settings: Optional[Settings] = None, stream=None, **kwargs) -> Result:
    """Solve a minix.Problem (e.g. from minix.io.read); its objective constant is included."""
    return Solver(problem.P, problem.q, problem.A, problem.b, problem.cones, settings=settings,
                  stream=stream, constant=problem.constant, **kwargs).solve()
