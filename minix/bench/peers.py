"""Solver runners for the benchmark: Minix and its peers behind one interface.

Each runner takes a canonical minix.Problem (min ½xᵀPx + qᵀx, Ax + s = b, s ∈ K), converts
it to the solver's own form *before* the clock starts, times setup + solve, and maps the
answer back to canonical x, s, z and a status name of minix.Status. Runners do not verify
anything (verify.py does) and do not guard against hangs (runner.py runs them in a killable
subprocess). A peer that is not installed reports itself unavailable instead of failing.
"""
from __future__ import annotations

import importlib
import math
import re
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import numpy as np
import scipy.sparse as sp

from ..cones import PSD, SOC, Exp, NonNeg, Pow, Zero
from ..io.boxqp import upper_csc
from ..problem import Problem

# First-order solvers need many iterations at tight tolerances: with no user max_iter,
# let the time limit end them rather than their small default iteration caps.
_FIRST_ORDER_MAX_ITER = 10_000_000


@dataclass
class SolveSettings:
    """What every runner is asked for. ``tol`` applies to gap and feasibility (absolute
    and relative alike); infeasibility tolerances stay at each solver's default."""

    tol: float = 1e-8
    time_limit: Optional[float] = None   # seconds; None = no limit
    max_iter: Optional[int] = None       # None = solver default
    verbose: bool = False


@dataclass
class SolveOutput:
    status: str                      # a minix.Status name, or ERROR
    raw_status: str = ""             # the solver's own word for it
    x: Optional[np.ndarray] = None
    s: Optional[np.ndarray] = None
    z: Optional[np.ndarray] = None
    obj_val: Optional[float] = None  # solver-reported, canonical (no constant)
    iterations: Optional[int] = None
    wall_time: Optional[float] = None    # setup + solve, measured around the calls
    solve_time: Optional[float] = None   # the solver's own solve-time report
    setup_time: Optional[float] = None   # the solver's own setup-time report
    info: dict = field(default_factory=dict)


class Unsupported(Exception):
    """The problem uses something the solver does not handle (a cone, a quadratic P)."""


class Runner:
    """Base class. Subclasses set name, module, cones, quadratic and implement _solve."""

    name = ""
    module = ""                     # the Python package it needs
    cones: frozenset = frozenset()  # cone classes supported
    quadratic = True                # accepts P ≠ 0

    def available(self) -> Optional[str]:
        """None if usable, else the reason it is not."""
        try:
            importlib.import_module(self.module)
        except Exception as exc:  # ImportError, or a broken build raising anything
            return f"{self.module} not importable ({type(exc).__name__}: {exc})"
        return None

    def unsupported(self, prob: Problem) -> Optional[str]:
        """None if the problem is in scope, else why not."""
        bad = sorted({type(c).__name__ for c in prob.cones if type(c) not in self.cones})
        if bad:
            return f"{self.name} does not support cone(s) {', '.join(bad)}"
        if not self.quadratic and prob.P is not None and prob.P.nnz and \
                np.any(prob.P.data != 0):
            return f"{self.name} does not support a quadratic objective"
        return None

    def solve(self, prob: Problem, settings: SolveSettings) -> SolveOutput:
        why = self.unsupported(prob)
        if why:
            raise Unsupported(why)
        return self._solve(prob, settings)

    def _solve(self, prob: Problem, settings: SolveSettings) -> SolveOutput:
        raise NotImplementedError


def _upper(P, n) -> sp.csc_matrix:
    """Upper triangle as sorted CSC; an LP's missing P becomes an empty n x n matrix."""
    return sp.csc_matrix((n, n)) if P is None else upper_csc(P)


def _full(P, n) -> sp.csc_matrix:
    U = _upper(P, n)
    return (U + sp.triu(U, 1).T).tocsc()


def _cone_rows(prob: Problem):
    """(cone, start, stop) for each cone block."""
    i = 0
    out = []
    for c in prob.cones:
        out.append((c, i, i + c.size))
        i += c.size
    return out


def _zero_nonneg_split(prob: Problem):
    """Row indices of Zero and of NonNeg blocks (QP-only solvers)."""
    eq, ineq = [], []
    for c, a, b in _cone_rows(prob):
        (eq if isinstance(c, Zero) else ineq).extend(range(a, b))
    return np.array(eq, dtype=np.int64), np.array(ineq, dtype=np.int64)


def _arr(v) -> Optional[np.ndarray]:
    if v is None:
        return None
    return np.asarray(v, dtype=float).ravel().copy()


def _camel_to_upper(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


# ----------------------------------------------------------------------------------------
# Minix


class MinixRunner(Runner):
    name = "minix"
    module = "minix"
    cones = frozenset({Zero, NonNeg, SOC, Exp, Pow, PSD})

    def available(self):
        try:
            import minix
        except Exception as exc:
            return f"minix not importable ({type(exc).__name__}: {exc})"
        if not callable(getattr(minix, "solve", None)):
            return "minix.solve does not exist yet"
        return None

    def _solve(self, prob, st):
        import minix
        kw = dict(tol_gap_abs=st.tol, tol_gap_rel=st.tol, tol_feas=st.tol,
                  verbose=st.verbose)
        if st.time_limit is not None:
            kw["time_limit"] = float(st.time_limit)
        if st.max_iter is not None:
            kw["max_iter"] = int(st.max_iter)
        # same inputs as the Clarabel runner, prepared outside the timer: P as its upper
        # triangle, A as sorted CSC (Minix accepts a full P too, but then checks symmetry)
        P = _upper(prob.P, prob.n)
        A = sp.csc_matrix(prob.A, dtype=float)
        A.sort_indices()
        q = np.asarray(prob.q, dtype=float)
        b = np.asarray(prob.b, dtype=float)
        # setup + solve inside the timer, freeing after it: as the Clarabel runner does
        t0 = time.perf_counter()
        solver = minix.Solver(P, q, A, b, prob.cones, **kw)
        res = solver.solve()
        wall = time.perf_counter() - t0
        del solver
        status = getattr(res.status, "name", str(res.status))
        info = dict(getattr(res, "info", {}) or {})
        return SolveOutput(status=status, raw_status=status, x=_arr(res.x), s=_arr(res.s),
                           z=_arr(res.z), obj_val=getattr(res, "obj_val", None),
                           iterations=getattr(res, "iterations", None), wall_time=wall,
                           solve_time=getattr(res, "solve_time", None),
                           setup_time=getattr(res, "setup_time", None),
                           info={k: v for k, v in info.items()
                                 if isinstance(v, (int, float, str))})


# ----------------------------------------------------------------------------------------
# Clarabel


def clarabel_cones(clarabel, cones) -> list:
    """Minix cone specs as Clarabel's (same conventions, so a one-to-one map)."""
    out = []
    for c in cones:
        if isinstance(c, Zero):
            out.append(clarabel.ZeroConeT(c.dim))
        elif isinstance(c, NonNeg):
            out.append(clarabel.NonnegativeConeT(c.dim))
        elif isinstance(c, SOC):
            out.append(clarabel.SecondOrderConeT(c.dim))
        elif isinstance(c, Exp):
            out.append(clarabel.ExponentialConeT())
        elif isinstance(c, Pow):
            out.append(clarabel.PowerConeT(c.alpha))
        elif isinstance(c, PSD):
            out.append(clarabel.PSDTriangleConeT(c.dim))
        else:
            raise TypeError(f"no Clarabel cone for {c!r}")
    return out


class ClarabelRunner(Runner):
    name = "clarabel"
    module = "clarabel"
    cones = frozenset({Zero, NonNeg, SOC, Exp, Pow, PSD})

    def _solve(self, prob, st):
        import clarabel
        n = prob.n
        P = _upper(prob.P, n)
        A = sp.csc_matrix(prob.A, dtype=float)
        A.sort_indices()
        cones = clarabel_cones(clarabel, prob.cones)
        s = clarabel.DefaultSettings()
        s.verbose = bool(st.verbose)
        s.tol_gap_abs = s.tol_gap_rel = s.tol_feas = st.tol
        if st.time_limit is not None:
            s.time_limit = float(st.time_limit)
        if st.max_iter is not None:
            s.max_iter = int(st.max_iter)
        q = np.asarray(prob.q, dtype=float)
        b = np.asarray(prob.b, dtype=float)
        t0 = time.perf_counter()
        solver = clarabel.DefaultSolver(P, q, A, b, cones, s)
        t1 = time.perf_counter()
        sol = solver.solve()
        wall = time.perf_counter() - t0
        raw = str(sol.status)
        return SolveOutput(status=_camel_to_upper(raw).replace("CALLBACK_TERMINATED",
                                                               "INTERRUPTED"),
                           raw_status=raw, x=_arr(sol.x), s=_arr(sol.s), z=_arr(sol.z),
                           obj_val=sol.obj_val, iterations=int(sol.iterations),
                           wall_time=wall, solve_time=float(sol.solve_time),
                           setup_time=t1 - t0)


# ----------------------------------------------------------------------------------------
# PIQP:  min ½xᵀPx + cᵀx  s.t.  Ax = b,  h_l ≤ Gx ≤ h_u,  x_l ≤ x ≤ x_u


def _singleton_bounds(G: sp.csr_matrix, h: np.ndarray, n: int):
    """Split rows g·x_j ≤ h with one nonzero into variable bounds (tightest kept).

    Returns (rows kept in G, x_l, x_u, lower_row[j], upper_row[j], coef[row]) where
    lower_row/upper_row give the row that defines each bound (−1 if none).
    """
    counts = np.diff(G.indptr)
    single = np.flatnonzero(counts == 1)
    x_l = np.full(n, -np.inf)
    x_u = np.full(n, np.inf)
    lower_row = np.full(n, -1, dtype=np.int64)
    upper_row = np.full(n, -1, dtype=np.int64)
    coef = np.zeros(G.shape[0])
    moved = np.zeros(G.shape[0], dtype=bool)
    for r in single:
        k = G.indptr[r]
        j, a = G.indices[k], G.data[k]
        if a == 0.0:
            continue
        coef[r] = a
        moved[r] = True
        bound = h[r] / a
        if a > 0:
            if bound < x_u[j]:
                x_u[j], upper_row[j] = bound, r
        else:
            if bound > x_l[j]:
                x_l[j], lower_row[j] = bound, r
    return np.flatnonzero(~moved), x_l, x_u, lower_row, upper_row, coef, moved


class PiqpRunner(Runner):
    name = "piqp"
    module = "piqp"
    cones = frozenset({Zero, NonNeg})

    _STATUS = {"PIQP_SOLVED": "SOLVED", "PIQP_MAX_ITER_REACHED": "MAX_ITERATIONS",
               "PIQP_PRIMAL_INFEASIBLE": "PRIMAL_INFEASIBLE",
               "PIQP_DUAL_INFEASIBLE": "DUAL_INFEASIBLE",
               "PIQP_NUMERICS": "NUMERICAL_ERROR", "PIQP_UNSOLVED": "NUMERICAL_ERROR",
               "PIQP_INVALID_SETTINGS": "INVALID_INPUT"}

    def _solve(self, prob, st):
        import piqp
        n = prob.n
        A = sp.csr_matrix(prob.A, dtype=float)
        b = np.asarray(prob.b, dtype=float)
        eq, ineq = _zero_nonneg_split(prob)
        Aeq, beq = A[eq].tocsc(), b[eq]
        G, h = A[ineq], b[ineq]
        keep, x_l, x_u, lrow, urow, coef, moved = _singleton_bounds(G, h, n)
        Gk, hk = G[keep].tocsc(), h[keep]
        P = _full(prob.P, n)
        solver = piqp.SparseSolver()
        s = solver.settings
        s.verbose = bool(st.verbose)
        s.compute_timings = True
        s.eps_abs = s.eps_rel = st.tol
        s.eps_duality_gap_abs = s.eps_duality_gap_rel = st.tol
        if st.max_iter is not None:
            s.max_iter = int(st.max_iter)
        q = np.asarray(prob.q, dtype=float)
        has_l, has_u = np.isfinite(x_l).any(), np.isfinite(x_u).any()
        t0 = time.perf_counter()
        solver.setup(P, q, Aeq if eq.size else None, beq if eq.size else None,
                     Gk if keep.size else None, None, hk if keep.size else None,
                     x_l if has_l else None, x_u if has_u else None)
        status = solver.solve()
        wall = time.perf_counter() - t0
        r = solver.result
        raw = getattr(status, "name", str(status)).split(".")[-1]
        m = prob.m
        x = _arr(r.x)
        z = np.zeros(m)
        sv = np.zeros(m)
        if eq.size:
            z[eq] = np.asarray(r.y, dtype=float)
        zi = np.zeros(ineq.size)
        si = h - G @ x  # rows turned into bounds: recomputed
        if keep.size:
            zi[keep] = np.asarray(r.z_u, dtype=float) - np.asarray(r.z_l, dtype=float)
            si[keep] = np.asarray(r.s_u, dtype=float)
        zbu = np.asarray(r.z_bu, dtype=float) if has_u else np.zeros(n)
        zbl = np.asarray(r.z_bl, dtype=float) if has_l else np.zeros(n)
        ju = np.flatnonzero(urow >= 0)
        zi[urow[ju]] = zbu[ju] / coef[urow[ju]]
        jl = np.flatnonzero(lrow >= 0)
        zi[lrow[jl]] = zbl[jl] / -coef[lrow[jl]]
        z[ineq] = zi
        sv[ineq] = si
        info = r.info
        return SolveOutput(status=self._STATUS.get(raw, "NUMERICAL_ERROR"), raw_status=raw,
                           x=x, s=sv, z=z, obj_val=float(info.primal_obj),
                           iterations=int(info.iter), wall_time=wall,
                           solve_time=float(info.solve_time),
                           setup_time=float(info.setup_time),
                           info={"bounds_from_rows": int(moved.sum())})


# ----------------------------------------------------------------------------------------
# OSQP:  min ½xᵀPx + qᵀx  s.t.  l ≤ Ax ≤ u


class OsqpRunner(Runner):
    name = "osqp"
    module = "osqp"
    cones = frozenset({Zero, NonNeg})

    def _solve(self, prob, st):
        import osqp
        n, m = prob.n, prob.m
        P = _upper(prob.P, n)
        A = sp.csc_matrix(prob.A, dtype=float)
        b = np.asarray(prob.b, dtype=float)
        eq, _ = _zero_nonneg_split(prob)
        lo = np.full(m, -np.inf)
        lo[eq] = b[eq]
        kw = dict(verbose=bool(st.verbose), eps_abs=st.tol, eps_rel=st.tol, polishing=True,
                  max_iter=int(st.max_iter) if st.max_iter else _FIRST_ORDER_MAX_ITER)
        if st.time_limit is not None:
            kw["time_limit"] = float(st.time_limit)
        solver = osqp.OSQP()
        t0 = time.perf_counter()
        try:
            solver.setup(P=P, q=np.asarray(prob.q, dtype=float), A=A, l=lo, u=b, **kw)
        except TypeError:  # older osqp: 'polish'
            kw["polish"] = kw.pop("polishing")
            solver.setup(P=P, q=np.asarray(prob.q, dtype=float), A=A, l=lo, u=b, **kw)
        try:
            res = solver.solve(raise_error=False)
        except TypeError:  # older osqp: no raise_error
            res = solver.solve()
        wall = time.perf_counter() - t0
        raw = str(res.info.status)
        low = raw.lower()
        x, z = _arr(res.x), _arr(res.y)
        if "primal infeasible" in low:
            status = "ALMOST_PRIMAL_INFEASIBLE" if "inaccurate" in low else "PRIMAL_INFEASIBLE"
            x, z = None, _arr(res.prim_inf_cert)
        elif "dual infeasible" in low:
            status = "ALMOST_DUAL_INFEASIBLE" if "inaccurate" in low else "DUAL_INFEASIBLE"
            x, z = _arr(res.dual_inf_cert), None
        elif low == "solved":
            status = "SOLVED"
        elif "solved inaccurate" in low:
            status = "ALMOST_SOLVED"
        elif "maximum iterations" in low:
            status = "MAX_ITERATIONS"
        elif "time limit" in low:
            status = "MAX_TIME"
        elif "interrupted" in low:
            status = "INTERRUPTED"
        elif "invalid" in low or "non convex" in low or "non-convex" in low:
            status = "INVALID_INPUT"
        else:
            status = "NUMERICAL_ERROR"
        s = None
        if x is not None and np.all(np.isfinite(x)):
            s = b - A @ x
            s[eq] = 0.0
        return SolveOutput(status=status, raw_status=raw, x=x, s=s, z=z,
                           obj_val=float(res.info.obj_val), iterations=int(res.info.iter),
                           wall_time=wall, solve_time=float(res.info.solve_time),
                           setup_time=float(res.info.setup_time))


# ----------------------------------------------------------------------------------------
# SCS:  min ½xᵀPx + cᵀx  s.t.  Ax + s = b,  s ∈ z × l × q × s(PSD) × ep × p  (that order)


def _psd_lower_from_upper(n: int) -> np.ndarray:
    """perm with scs_svec = our_svec[perm]: SCS stores the lower triangle column-major,
    Minix the upper triangle column-major (both with √2 off the diagonal)."""
    upper = {}
    k = 0
    for j in range(n):
        for i in range(j + 1):
            upper[(i, j)] = k
            k += 1
    perm = []
    for j in range(n):
        for i in range(j, n):
            perm.append(upper[(j, i)])  # lower (i, j) ↔ upper (j, i)
    return np.array(perm, dtype=np.int64)


class ScsRunner(Runner):
    name = "scs"
    module = "scs"
    cones = frozenset({Zero, NonNeg, SOC, Exp, Pow, PSD})

    _STATUS = {1: "SOLVED", 2: "ALMOST_SOLVED", -1: "DUAL_INFEASIBLE",
               -2: "PRIMAL_INFEASIBLE", -6: "ALMOST_DUAL_INFEASIBLE",
               -7: "ALMOST_PRIMAL_INFEASIBLE", -3: "NUMERICAL_ERROR",
               -4: "NUMERICAL_ERROR", -5: "INTERRUPTED", 0: "NUMERICAL_ERROR"}

    def _solve(self, prob, st):
        import scs
        n = prob.n
        order = {Zero: 0, NonNeg: 1, SOC: 2, PSD: 3, Exp: 4, Pow: 5}
        blocks = sorted(_cone_rows(prob), key=lambda t: order[type(t[0])])  # stable
        perm_parts = []
        cone = {"z": 0, "l": 0, "q": [], "s": [], "ep": 0, "p": []}
        for c, a, b_ in blocks:
            idx = np.arange(a, b_)
            if isinstance(c, Zero):
                cone["z"] += c.dim
            elif isinstance(c, NonNeg):
                cone["l"] += c.dim
            elif isinstance(c, SOC):
                cone["q"].append(c.dim)
            elif isinstance(c, PSD):
                cone["s"].append(c.dim)
                idx = idx[_psd_lower_from_upper(c.dim)]
            elif isinstance(c, Exp):
                cone["ep"] += 1
            elif isinstance(c, Pow):
                cone["p"].append(c.alpha)
            perm_parts.append(idx)
        perm = np.concatenate(perm_parts) if perm_parts else np.zeros(0, dtype=np.int64)
        A = sp.csr_matrix(prob.A, dtype=float)[perm].tocsc()
        b = np.asarray(prob.b, dtype=float)[perm]
        data = dict(P=_upper(prob.P, n), A=A, b=b, c=np.asarray(prob.q, dtype=float))
        kw = dict(verbose=bool(st.verbose), eps_abs=st.tol, eps_rel=st.tol,
                  max_iters=int(st.max_iter) if st.max_iter else _FIRST_ORDER_MAX_ITER)
        if st.time_limit is not None:
            kw["time_limit_secs"] = float(st.time_limit)
        t0 = time.perf_counter()
        solver = scs.SCS(data, cone, **kw)
        sol = solver.solve()
        wall = time.perf_counter() - t0
        info = sol["info"]
        raw = str(info.get("status", ""))
        status = self._STATUS.get(int(info.get("status_val", 0)), "NUMERICAL_ERROR")
        if status == "ALMOST_SOLVED" and "max_iters" in raw:
            status = "MAX_ITERATIONS"
        elif status == "ALMOST_SOLVED" and "time" in raw.lower():
            status = "MAX_TIME"
        m = prob.m
        x, s, z = _arr(sol["x"]), np.zeros(m), np.zeros(m)
        s[perm] = np.asarray(sol["s"], dtype=float)
        z[perm] = np.asarray(sol["y"], dtype=float)
        if "PRIMAL_INFEASIBLE" in status:
            x, s = None, None
        elif "DUAL_INFEASIBLE" in status:
            z = None
        return SolveOutput(status=status, raw_status=raw, x=x, s=s, z=z,
                           obj_val=float(info.get("pobj", math.nan)),
                           iterations=int(info.get("iter", 0)), wall_time=wall,
                           solve_time=float(info.get("solve_time", math.nan)) / 1e3,
                           setup_time=float(info.get("setup_time", math.nan)) / 1e3)


# ----------------------------------------------------------------------------------------
# ECOS:  min cᵀx  s.t.  Ax = b,  Gx + s = h,  s ∈ l × q × e;  its exponential cone is
# {(x, y, z): z·exp(x/z) ≤ y}, i.e. Minix's with the last two entries swapped.


class EcosRunner(Runner):
    name = "ecos"
    module = "ecos"
    cones = frozenset({Zero, NonNeg, SOC, Exp})
    quadratic = False

    _STATUS = {0: "SOLVED", 1: "PRIMAL_INFEASIBLE", 2: "DUAL_INFEASIBLE",
               10: "ALMOST_SOLVED", 11: "ALMOST_PRIMAL_INFEASIBLE",
               12: "ALMOST_DUAL_INFEASIBLE", -1: "MAX_ITERATIONS",
               -2: "NUMERICAL_ERROR", -3: "NUMERICAL_ERROR", -4: "INTERRUPTED",
               -7: "NUMERICAL_ERROR"}

    def _solve(self, prob, st):
        import ecos
        order = {NonNeg: 0, SOC: 1, Exp: 2}
        eq_parts, g_parts = [], []
        dims = {"l": 0, "q": [], "e": 0}
        for c, a, b_ in sorted((t for t in _cone_rows(prob) if not isinstance(t[0], Zero)),
                               key=lambda t: order[type(t[0])]):
            idx = np.arange(a, b_)
            if isinstance(c, NonNeg):
                dims["l"] += c.dim
            elif isinstance(c, SOC):
                dims["q"].append(c.dim)
            else:
                dims["e"] += 1
                idx = idx[[0, 2, 1]]
            g_parts.append(idx)
        for c, a, b_ in _cone_rows(prob):
            if isinstance(c, Zero):
                eq_parts.append(np.arange(a, b_))
        cat = lambda parts: (np.concatenate(parts) if parts  # noqa: E731
                             else np.zeros(0, dtype=np.int64))
        eq, gi = cat(eq_parts), cat(g_parts)
        A = sp.csr_matrix(prob.A, dtype=float)
        b = np.asarray(prob.b, dtype=float)
        kw = dict(verbose=bool(st.verbose), feastol=st.tol, abstol=st.tol, reltol=st.tol)
        if st.max_iter is not None:
            kw["max_iters"] = int(st.max_iter)
        args = [np.asarray(prob.q, dtype=float), A[gi].tocsc(), b[gi], dims]
        if eq.size:
            kw["A"], kw["b"] = A[eq].tocsc(), b[eq]
        t0 = time.perf_counter()
        sol = ecos.solve(*args, **kw)
        wall = time.perf_counter() - t0
        info = sol["info"]
        flag = int(info["exitFlag"])
        status = self._STATUS.get(flag, "NUMERICAL_ERROR")
        m = prob.m
        x, s, z = _arr(sol["x"]), np.zeros(m), np.zeros(m)
        s[gi] = np.asarray(sol["s"], dtype=float)
        z[gi] = np.asarray(sol["z"], dtype=float)
        if eq.size:
            z[eq] = np.asarray(sol["y"], dtype=float)
        if "PRIMAL_INFEASIBLE" in status:
            x, s = None, None
        elif "DUAL_INFEASIBLE" in status:
            z = None
        timing = info.get("timing", {})
        return SolveOutput(status=status, raw_status=str(info.get("infostring", flag)),
                           x=x, s=s, z=z, obj_val=float(info.get("pcost", math.nan)),
                           iterations=int(info.get("iter", 0)), wall_time=wall,
                           solve_time=float(timing.get("tsolve", math.nan)),
                           setup_time=float(timing.get("tsetup", math.nan)))


RUNNERS: Dict[str, Runner] = {r.name: r for r in (MinixRunner(), ClarabelRunner(),
                                                    PiqpRunner(), ScsRunner(), OsqpRunner(),
                                                    EcosRunner())}


def get_runner(name: str) -> Runner:
    try:
        return RUNNERS[name.lower()]
    except KeyError:
        raise ValueError(f"unknown solver {name!r}; known: {', '.join(RUNNERS)}") from None


def availability(names: List[str]) -> Dict[str, Optional[str]]:
    """{name: None if usable else the reason} for the given solver names."""
    return {n: get_runner(n).available() for n in names}
