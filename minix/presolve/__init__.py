"""Presolve: reversible reductions of a problem before the C core sees it (DESIGN.md s.4).

One reduction per file, each a small class with ``apply(work) -> (work, record)``; records
go on a minix.postsolve.PostsolveStack and are undone newest first. ``presolve`` runs the
reductions to a fixed point; ``CanonicalPresolve`` is what minix.Solver uses, behind the
microsecond check ``worth_presolving``; minix.qp uses ``presolve`` on its box form directly.
"""
from __future__ import annotations

import time
from typing import Optional

import numpy as np

from ..cones import NonNeg, Zero
from ..postsolve import PostsolveStack
from ..postsolve.solution import DUAL_CERT, PRIMAL_CERT, SOLUTION
from ..status import Status
from .emit import Emission
from .empty_cols import EmptyCols, _p_parts
from .empty_rows import EmptyRows
from .equalities import Equalities
from .fixed_vars import FixedVars
from .free_rows import FreeRows
from .singleton_rows import SingletonRows
from .work import INFINITE_BOUND, CanonicalMap, Decided, Work, box_work

REDUCTIONS = (FreeRows(), Equalities(), EmptyRows(), SingletonRows(), FixedVars(), EmptyCols())
MAX_PASSES = 10

__all__ = ["presolve", "worth_presolving", "CanonicalPresolve", "Emission", "Work", "Decided",
           "box_work", "status_kind", "REDUCTIONS"]


def presolve(w: Work, reductions=REDUCTIONS):
    """Apply the reductions until none changes the problem.

    Returns (work, stack, decided): decided is None, or a Decided whose certificate has
    already been undone through the stack (it is in the terms of the initial Work)."""
    stack = PostsolveStack()
    try:
        for _ in range(MAX_PASSES):
            before = len(stack)
            for red in reductions:
                w, rec = red.apply(w)
                stack.push(rec)
            if len(stack) == before:
                break
    except Decided as d:
        d.certificate = stack.undo(d.certificate)
        return w, stack, d
    return w, stack, None


def status_kind(status: Status) -> str:
    """Which kind of point the core returned with this status."""
    if status in (Status.PRIMAL_INFEASIBLE, Status.ALMOST_PRIMAL_INFEASIBLE):
        return PRIMAL_CERT
    if status in (Status.DUAL_INFEASIBLE, Status.ALMOST_DUAL_INFEASIBLE):
        return DUAL_CERT
    return SOLUTION


def worth_presolving(P, A, b, cones) -> bool:
    """Vectorised check (microseconds on small problems) whether any reduction would shrink
    the canonical problem: empty rows or columns, singleton Zero rows, NonNeg rows with
    b >= 1e20, several singleton NonNeg rows bounding one variable on the same side, or
    singleton bounds that fix a variable. A lone singleton NonNeg row is not worth it: as a
    bound it is emitted as the same single KKT row."""
    m, n = A.shape
    if m == 0:
        return False
    ip = A.indptr
    empty = ip[1:] == ip[:-1]
    if empty.any():
        if P is None or P.nnz == 0:
            return True  # an empty column
        _, touch = _p_parts(P, n)
        if (touch[empty] == 0).any():
            return True  # an empty column that P does not couple to others
    cnt = np.bincount(A.indices, minlength=m)
    if cnt.min() > 1 and b.max() < INFINITE_BOUND:
        return False  # the common case: no empty or singleton row, no infinite side
    kinds = np.repeat(np.array([0 if type(c) is Zero else 1 if type(c) is NonNeg else 2
                                for c in cones], np.int8), [c.size for c in cones])
    cnt[kinds == 2] = 2  # conic rows are never reduced
    if cnt.min() == 0 or ((kinds == 1) & (b >= INFINITE_BOUND)).any():
        return True
    single = cnt == 1
    if not single.any():
        return False
    if (single & (kinds == 0)).any():
        return True
    # only singleton NonNeg rows: worth it if two bound one variable on the same side, or an
    # upper and a lower one fix it
    hit = single[A.indices]
    rows, a = A.indices[hit], A.data[hit]
    cols = np.repeat(np.arange(n), np.diff(ip))[hit]
    up = a > 0
    if np.bincount(2 * cols + up, minlength=2 * n).max() > 1:
        return True
    hi = np.full(n, np.inf)
    lo = np.full(n, -np.inf)
    hi[cols[up]] = b[rows[up]] / a[up]
    lo[cols[~up]] = b[rows[~up]] / a[~up]
    both = np.isfinite(hi) & np.isfinite(lo)
    return bool((lo[both] >= hi[both] - 1e-13 * np.maximum(1.0, np.abs(hi[both]))).any())


class CanonicalPresolve:
    """Presolve of a canonical problem (P, q, A, b, cones) and the postsolve of the core's answer.

    After construction: ``decided`` (a Decided or None), ``problem`` (the reduced canonical
    Problem, None when decided), ``reduced`` (False if nothing was gained: use the original),
    ``time`` (seconds), ``summary`` (sizes and per-reduction counts for result.info)."""

    def __init__(self, P, q, A, b, cones):
        t0 = time.perf_counter()
        self.n, self.m = A.shape[1], A.shape[0]
        self.map = CanonicalMap(A, b, cones)
        w, self.stack, self.decided = presolve(self.map.work(P, q))
        self.problem = None
        self.emission: Optional[Emission] = None
        if self.decided is None:
            self.emission = Emission(w)
            self.problem = self.emission.problem
        self.reduced = self.decided is not None or (
            self.problem.n < self.n or self.problem.m < self.m)
        self.time = time.perf_counter() - t0
        self.summary = {
            "n": self.n, "m": self.m,
            "n_reduced": self.problem.n if self.problem is not None else 0,
            "m_reduced": self.problem.m if self.problem is not None else 0,
            "reductions": self.stack.counts(),
            "decided": self.decided.reason if self.decided is not None else None,
        }

    @property
    def offset(self) -> float:
        """Objective constant the reductions moved out of the reduced problem."""
        return self.problem.constant if self.problem is not None else 0.0

    def postsolve(self, status: Status, x, s, z):
        """(x, s, z) of the original problem from the core's answer on the reduced one."""
        sol = self.emission.solution(status_kind(status), x, s, z)
        return self.map.solution(self.stack.undo(sol))

    def decided_solution(self):
        return self.map.solution(self.decided.certificate)
