"""minix.solve_qp: the box-form front door.

    minimize 1/2 x'Px + q'x  subject to  l <= Ax <= u,  lb <= x <= ub   (+-inf = no bound)

Presolve (minix/presolve) works on this form directly, the reduced problem goes to the core
in canonical form, and postsolve returns the answer in the user's terms. Dual signs follow
OSQP: y_i > 0 when the upper side of row i is active, y_i < 0 when the lower side is;
y_bounds likewise per variable; stationarity reads  Px + q + A'y + y_bounds = 0.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import scipy.sparse as sp

from .postsolve import PostsolveStack
from .postsolve.solution import DUAL_CERT, PRIMAL_CERT
from .presolve import Emission, box_work, presolve, status_kind
from .settings import Settings
from .solver import Solver, _matrix, upper_triangle
from .status import Status


@dataclass
class QPResult:
    status: Status
    x: np.ndarray          # solution (DUAL_INFEASIBLE: a ray d with Pd = 0, q'd < 0, feasible direction)
    y: np.ndarray          # one dual per row of A (PRIMAL_INFEASIBLE: Farkas certificate, with y_bounds)
    y_bounds: np.ndarray   # one dual per variable bound
    obj_val: float
    obj_val_dual: float
    iterations: int
    setup_time: float
    solve_time: float
    info: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"QPResult(status={self.status.name}, obj_val={self.obj_val:.8g}, "
                f"iterations={self.iterations}, solve_time={self.solve_time:.3g}s)")


def _bounds(v, k: int, name: str, fill: float) -> np.ndarray:
    if v is None:
        return np.full(k, fill)
    a = np.asarray(v, dtype=np.float64).ravel()
    if a.shape != (k,):
        raise ValueError(f"{name} has length {a.size}, expected {k}")
    if np.isnan(a).any():
        raise ValueError(f"{name}[{int(np.flatnonzero(np.isnan(a))[0])}] is NaN")
    return a


def _answer(sol):
    """(x, y, y_bounds) from a WorkSolution; NaN for what a certificate lacks (as the core)."""
    x, y, yb = sol.x, sol.yu + sol.yl, sol.bu + sol.bl
    if sol.kind == PRIMAL_CERT:
        x = np.full_like(x, np.nan)
    elif sol.kind == DUAL_CERT:
        y, yb = np.full_like(y, np.nan), np.full_like(yb, np.nan)
    return x, y, yb


def solve_qp(P, q, A, l, u, lb=None, ub=None, settings: Optional[Settings] = None, stream=None,
             **kwargs) -> QPResult:
    """Solve min 1/2 x'Px + q'x s.t. l <= Ax <= u, lb <= x <= ub.

    P: None, its upper triangle or the full symmetric matrix; A: m x n (m may be 0, A None);
    l, u: length m; lb, ub: length n or None (free). Infinite entries mean no bound; l = +inf
    or u = -inf is an error. Settings as for minix.solve; presolve_enable=False skips the
    reductions (the problem is still converted to canonical form, free sides dropped)."""
    st = Settings.from_kwargs(settings, **kwargs)
    q = np.asarray(q, dtype=np.float64).ravel()
    n = q.shape[0]
    if not np.all(np.isfinite(q)):
        raise ValueError("q has a non-finite entry")
    A = sp.csc_matrix((0, n)) if A is None else _matrix(A, "A")
    if A.shape[1] != n:
        raise ValueError(f"A has {A.shape[1]} columns but q has length {n}")
    m = A.shape[0]
    l, u = _bounds(l, m, "l", -np.inf), _bounds(u, m, "u", np.inf)
    lb, ub = _bounds(lb, n, "lb", -np.inf), _bounds(ub, n, "ub", np.inf)
    for name, v, bad in (("l", l, np.isposinf(l)), ("u", u, np.isneginf(u)),
                         ("lb", lb, np.isposinf(lb)), ("ub", ub, np.isneginf(ub))):
        if bad.any():
            raise ValueError(f"{name}[{int(np.flatnonzero(bad)[0])}] = {v[bad][0]} is not a valid bound")
    P = upper_triangle(P, n)

    t0 = time.perf_counter()
    work = box_work(P, q, A, l, u, lb, ub)
    if st.presolve_enable:
        work, stack, decided = presolve(work)
    else:
        stack, decided = PostsolveStack(), None
    t_pre = time.perf_counter() - t0
    summary = {"n": n, "m": m, "reductions": stack.counts(),
               "decided": decided.reason if decided is not None else None}

    if decided is not None:
        c = decided.certificate
        inf = float("inf") if decided.status == Status.PRIMAL_INFEASIBLE else -float("inf")
        x, y, yb = _answer(c)
        return QPResult(status=decided.status, x=x, y=y, y_bounds=yb,
                        obj_val=inf, obj_val_dual=inf, iterations=0,
                        setup_time=t_pre, solve_time=0.0,
                        info={"timings": {"presolve": t_pre}, "presolve": summary})

    em = Emission(work)
    red = em.problem
    summary.update(n_reduced=red.n, m_reduced=red.m)
    solver = Solver(red.P, red.q, red.A, red.b, red.cones, settings=st, stream=stream,
                    presolve_enable=False)
    res = solver.solve()
    t0 = time.perf_counter()
    sol = stack.undo(em.solution(status_kind(res.status), res.x, res.s, res.z))
    info = res.info
    info["timings"]["presolve"] = t_pre
    info["timings"]["postsolve"] = time.perf_counter() - t0
    info["presolve"] = summary
    x, y, yb = _answer(sol)
    return QPResult(status=res.status, x=x, y=y, y_bounds=yb,
                    obj_val=res.obj_val + red.constant, obj_val_dual=res.obj_val_dual + red.constant,
                    iterations=res.iterations, setup_time=res.setup_time,
                    solve_time=res.solve_time, info=info)
