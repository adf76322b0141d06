"""The Python API: minix.solve and the reusable minix.Solver.

    minimize 1/2 x'Px + q'x  subject to  Ax + s = b,  s in K

This layer checks and converts user data (shapes, NaN/Inf, symmetry of P, cone sizes) with
messages that name the problem, then hands it to the C core through minix.core.
"""
from __future__ import annotations

import time
from typing import Optional, Sequence

import numpy as np
import scipy.sparse as sp

from .cones import Cone, total_size
from .core import CoreSolver
from .presolve import CanonicalPresolve, worth_presolving
from .result import Result
from .settings import Settings
from .status import Status


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
    if not np.all(np.isfinite(a)):
        bad = int(np.flatnonzero(~np.isfinite(a))[0])
        raise ValueError(f"{name}[{bad}] is not finite ({a[bad]})")
    return np.ascontiguousarray(a)


def _matrix(M, name: str) -> sp.csc_matrix:
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
    if not np.all(np.isfinite(C.data)):
        k = int(np.flatnonzero(~np.isfinite(C.data))[0])
        col = int(np.searchsorted(C.indptr, k, side="right") - 1)
        raise ValueError(f"{name} has a non-finite entry at ({C.indices[k]}, {col})")
    if C.indptr.dtype != np.int64:
        C.indptr = C.indptr.astype(np.int64)
    if C.indices.dtype != np.int64:
        C.indices = C.indices.astype(np.int64)
    return C


def upper_triangle(P, n: int) -> Optional[sp.csc_matrix]:
    """P given as its upper triangle or as a full symmetric matrix -> upper triangle CSC."""
    if P is None:
        return None
    C = _matrix(P, "P")
    if C.shape != (n, n):
        raise ValueError(f"P has shape {C.shape}, expected ({n}, {n}) (square, matching q)")
    cols = np.repeat(np.arange(n, dtype=np.int64), np.diff(C.indptr))
    lower = C.indices > cols
    if np.any(lower):
        if not np.any(C.indices < cols):
            raise ValueError("P holds only a lower triangle; pass its upper triangle or the full "
                             "symmetric matrix")
        diff = abs(C - C.T)
        scale = max(1.0, float(abs(C).max()))
        if diff.nnz and float(diff.max()) > 1e-10 * scale:
            raise ValueError("P is not symmetric (max |P - P'| = %.3g); pass the upper triangle or "
                             "a symmetric matrix" % float(diff.max()))
        C = sp.triu(C, format="csc")
        C.sort_indices()
        C.indptr = C.indptr.astype(np.int64)
        C.indices = C.indices.astype(np.int64)
    return C


def _check_cones(cones: Sequence[Cone], m: int) -> list:
    cones = list(cones)
    for k, c in enumerate(cones):
        if not isinstance(c, Cone):
            raise TypeError(f"cones[{k}] is {c!r}; use minix.Zero, NonNeg, SOC, Exp, Pow or PSD")
    rows = total_size(cones)
    if rows != m:
        raise ValueError(f"cone sizes add up to {rows}, but A and b have {m} rows")
    return cones


class Solver:
    """Set up once, solve many times; update q, b and the values of P and A in between.

    Solver(P, q, A, b, cones, settings=None, stream=None, **settings_kwargs)
    P may be None, its upper triangle, or the full symmetric matrix (sparse or dense).
    stream: a file-like object that receives the log (verbose=True) instead of C stdout.
    """

    def __init__(self, P, q, A, b, cones, settings: Optional[Settings] = None, stream=None,
                 constant: float = 0.0, **kwargs):
        self.settings = Settings.from_kwargs(settings, **kwargs)
        q = np.asarray(q, dtype=np.float64).ravel() if q is not None else None
        if q is None:
            raise ValueError("q is missing")
        n = q.shape[0]
        self.q = _vector(q, n, "q")
        self.A = _matrix(A, "A")
        if self.A.shape[1] != n:
            raise ValueError(f"A has {self.A.shape[1]} columns but q has length {n}")
        m = self.A.shape[0]
        self.b = _vector(b, m, "b")
        self.P = upper_triangle(P, n)
        self.cones = _check_cones(cones, m)
        self.constant = float(constant)
        self.n, self.m = n, m
        # presolve (minix/presolve): only when a vectorised check says it can shrink the problem
        t0 = time.perf_counter()
        self._presolve = None
        if self.settings.presolve_enable and worth_presolving(self.P, self.A, self.b, self.cones):
            pre = CanonicalPresolve(self.P, self.q, self.A, self.b, self.cones)
            self._presolve = pre if pre.reduced else None
        self._presolve_time = time.perf_counter() - t0
        self._core = None
        if self._presolve is None:
            self._core = CoreSolver(self.P, self.q, self.A, self.b, self.cones, self.settings, stream)
        elif self._presolve.decided is None:
            red = self._presolve.problem
            self._core = CoreSolver(red.P, red.q, red.A, red.b, red.cones, self.settings, stream)

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
        status, x, s, z, info = self._core.solve()
        offset = self.constant
        info["timings"]["presolve"] = self._presolve_time
        if pre is not None:
            t0 = time.perf_counter()
            x, s, z = pre.postsolve(status, x, s, z)
            offset += pre.offset
            info["timings"]["postsolve"] = time.perf_counter() - t0
            info["presolve"] = pre.summary
        return Result(status=status, x=x, s=s, z=z,
                      obj_val=info["obj_primal"] + offset,
                      obj_val_dual=info["obj_dual"] + offset,
                      iterations=int(info["iterations"]), setup_time=info["setup_time"],
                      solve_time=info["solve_time"], info=info)

    def _check_no_presolve(self, what: str) -> None:
        if self._presolve is not None:
            raise ValueError(f"cannot {what}: presolve reduced this problem ("
                             f"{self._presolve.summary['reductions']}); set up the Solver with "
                             "presolve_enable=False to update or warm-start it")

    def _values(self, new, old: Optional[sp.csc_matrix], name: str, upper: bool) -> np.ndarray:
        if old is None:
            raise ValueError(f"cannot update {name}: the problem was set up without {name}")
        if sp.issparse(new) or (hasattr(new, "ndim") and np.asarray(new).ndim == 2):
            M = upper_triangle(new, self.n) if upper else _matrix(new, name)
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
            vals = self._values(P, self.P, "P", upper=True)
            self._core.update_P(vals)
            self.P.data = vals.copy()
        if A is not None:
            vals = self._values(A, self.A, "A", upper=False)
            self._core.update_A(vals)
            self.A.data = vals.copy()

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
