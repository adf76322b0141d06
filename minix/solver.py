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
from functools import partial
from typing import Optional, Sequence

import numpy as np
import scipy.sparse as sp

from .cones import Cone, total_size
from .core import CoreInputs, CoreSolver, direct_inputs, info_dict, settings_to_c
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
# up with the same few keywords, and building both took a tenth of a tiny problem's solve).
# A cached Settings object is shared by the solvers set up with its keywords until one reads
# its `settings` (Solver.settings copies it then), so that none can change another's.
_SETTINGS_BY_KWARGS: dict = {}
_SETTINGS_BY_KWARGS_SIZE = 64
# the last call's keywords and entry: most calls repeat them, and comparing two small dicts
# costs less than building and hashing a key
_last_settings: tuple = (None, None)


def _settings_for(settings: Optional[Settings], kwargs: dict) -> tuple:
    """(Settings, their C struct) for Solver(settings=..., **kwargs): the C struct is None
    when the Settings object is the solver's own, else both are the cache's."""
    global _last_settings
    if settings is not None:
        return Settings.from_kwargs(settings, **kwargs), None
    last_kwargs, hit = _last_settings
    try:
        if kwargs == last_kwargs:
            return hit
        hit = _SETTINGS_BY_KWARGS.get(tuple(kwargs.items()))
    except (TypeError, ValueError):  # a value that cannot be hashed or compared
        return Settings.from_kwargs(None, **kwargs), None  # (which says what is wrong with it)
    if hit is None:
        st = Settings.from_kwargs(None, **kwargs)
        try:
            c = settings_to_c(st)
        except Exception:  # a value C cannot hold: raised by the setup, after the data checks
            return st, None
        if len(_SETTINGS_BY_KWARGS) >= _SETTINGS_BY_KWARGS_SIZE:
            _SETTINGS_BY_KWARGS.clear()
        hit = _SETTINGS_BY_KWARGS[tuple(kwargs.items())] = (st, c)
    _last_settings = (kwargs, hit)
    return hit


class Solver:
    """Set up once, solve many times; update q, b and the values of P and A in between.

    Solver(P, q, A, b, cones, settings=None, stream=None, **settings_kwargs)
    P may be None, its upper triangle, or the full symmetric matrix (sparse or dense).
    stream: a file-like object that receives the log (verbose=True) instead of C stdout.
    """

    def __init__(self, P, q, A, b, cones, settings: Optional[Settings] = None, stream=None,
                 constant: float = 0.0, **kwargs):
        self._settings, self._settings_c = _settings_for(settings, kwargs)
        self.constant = float(constant)
        self._presolve = None
        self._presolve_time = 0.0
        self._core = None
        # Inputs already in the core's form go straight to minix_setup, which checks their
        # values; only if that fails are they checked here, to say what is wrong. The checks
        # run first on the careful path, so the error raised is the one it always was.
        inputs = direct_inputs(P, q, A, b, cones)
        if not self._settings.presolve_enable:
            if inputs is not None:
                try:
                    self._core = CoreSolver(inputs, self._settings, stream, self._settings_c)
                except Exception:  # MinixError, or a setting cffi cannot convert
                    pass
                else:
                    self._PA, self.q, self.b, self.cones = (P, A), q, b, cones
                    self.m, self.n = inputs.m, inputs.n
                    return
            # (the careful path may have changed the data: P's upper triangle taken, indices
            # sorted, duplicates summed; if it did not, the core refuses it again)
            self._set_up(_checked(P, q, A, b, cones), stream)
            return
        # presolve reads the data in Python, so it must be valid here: the C scan checks the
        # core's form as minix_setup would (else the careful path names the fault) and says,
        # in microseconds, whether any reduction applies
        worth = False
        t0 = time.perf_counter()
        if inputs is not None:
            try:
                worth = inputs.worth_presolving()
            except MinixError:
                inputs = None
        if inputs is None:
            P, q, A, b, cones = _checked(P, q, A, b, cones)
            inputs = CoreInputs(P, q, A, b, cones)
            worth = inputs.worth_presolving()
        self._PA, self.q, self.b, self.cones = (P, A), q, b, cones
        self.m, self.n = inputs.m, inputs.n
        if worth:
            pre = CanonicalPresolve(self.P, self.q, self.A, self.b, self.cones)
            self._presolve = pre if pre.reduced else None
        self._presolve_time = time.perf_counter() - t0
        if self._presolve is None:
            self._core = CoreSolver(inputs, self._settings, stream, self._settings_c)
        elif self._presolve.decided is None:
            red = self._presolve.problem
            self._core = CoreSolver(CoreInputs(red.P, red.q, red.A, red.b, red.cones),
                                    self._settings, stream, self._settings_c)

    def _set_up(self, data, stream) -> None:
        P, self.q, A, self.b, self.cones = data
        self._PA = (P, A)
        self.m, self.n = A.shape
        self._core = CoreSolver(CoreInputs(*data), self._settings, stream, self._settings_c)

    def _matrices(self) -> tuple:
        """(P or None, A) as set up, as _Csc. On the direct path they are the caller's scipy
        matrices until first asked for (most solvers never are): wrapped then, arrays shared."""
        P, A = self._PA
        if type(A) is not _Csc:
            P = None if P is None else _Csc(P.shape, P.indptr, P.indices, P.data)
            self._PA = P, A = P, _Csc(A.shape, A.indptr, A.indices, A.data)
        return P, A

    @property
    def settings(self) -> Settings:
        """The settings the solver was set up with (change them with update_settings)."""
        if self._settings_c is not None:  # the cache's object, shared: take a copy first
            st = object.__new__(Settings)
            st.__dict__.update(vars(self._settings))
            self._settings, self._settings_c = st, None
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        """Held as the solver's own; the core sees them at the next update_settings()."""
        self._settings, self._settings_c = value, None

    @property
    def P(self) -> Optional[sp.csc_matrix]:
        """The upper triangle of P as set up (scipy CSC), or None."""
        P = self._matrices()[0]
        return None if P is None else P.tocsc()

    @property
    def A(self) -> sp.csc_matrix:
        """A as set up (scipy CSC)."""
        return self._matrices()[1].tocsc()

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
        if pre is None:
            info = partial(_make_info, cinfo, self._presolve_time)
        else:
            t0 = time.perf_counter()
            x, s, z = pre.postsolve(status, x, s, z)
            offset += pre.offset
            info = partial(_make_info, cinfo, self._presolve_time, time.perf_counter() - t0,
                           pre.summary)
        return Result(status, x, s, z, cinfo.obj_primal + offset, cinfo.obj_dual + offset,
                      cinfo.iterations, cinfo.setup_time, cinfo.solve_time, info)

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
            Pm = self._matrices()[0]
            vals = self._values(P, Pm, "P", upper=True)
            self._core.update_P(vals)
            Pm.data = vals.copy()
        if A is not None:
            Am = self._matrices()[1]
            vals = self._values(A, Am, "A", upper=False)
            self._core.update_A(vals)
            Am.data = vals.copy()

    def update_settings(self, **kwargs) -> None:
        new = Settings.from_kwargs(self._settings, **kwargs)
        if self._core is not None:
            self._core.update_settings(new)
        self._settings, self._settings_c = new, None

    def warm_start(self, x, s, z) -> None:
        self._check_no_presolve("warm-start")
        self._core.warm_start(_vector(x, self.n, "x"), _vector(s, self.m, "s"), _vector(z, self.m, "z"))

    def set_stream(self, stream) -> None:
        if self._core is not None:
            self._core.set_stream(stream)


def _make_info(cinfo, presolve_time: float, postsolve_time: Optional[float] = None,
               summary: Optional[dict] = None) -> dict:
    """Result.info of a solve: the C info struct as a dict, with the Python-side timings and
    the presolve summary (when presolve reduced the problem)."""
    info = info_dict(cinfo)
    info["timings"]["presolve"] = presolve_time
    if summary is not None:
        info["timings"]["postsolve"] = postsolve_time
        info["presolve"] = summary
    return info


def solve(P, q, A, b, cones, settings: Optional[Settings] = None, stream=None, **kwargs) -> Result:
    """Solve min 1/2 x'Px + q'x s.t. Ax + s = b, s in K once. See Solver for the arguments."""
    return Solver(P, q, A, b, cones, settings=settings, stream=stream, **kwargs).solve()


def solve_problem(problem, settings: Optional[Settings] = None, stream=None, **kwargs) -> Result:
    """Solve a minix.Problem (e.g. from minix.io.read); its objective constant is included."""
    return Solver(problem.P, problem.q, problem.A, problem.b, problem.cones, settings=settings,
                  stream=stream, constant=problem.constant, **kwargs).solve()
