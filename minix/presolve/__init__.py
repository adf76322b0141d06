"""Presolve: reversible reductions of a problem before the C core sees it (DESIGN.md s.4).

One reduction per file, each a small class with ``apply(work) -> (work, record)``; records
go on a minix.postsolve.PostsolveStack and are undone newest first. ``presolve`` runs the
reductions to a fixed point; ``CanonicalPresolve`` is what minix.Solver uses, behind the
microsecond check ``worth_presolving`` (a C scan); minix.qp uses ``presolve`` on its box
form directly.
"""
from __future__ import annotations

import time
from typing import Optional

from ..core import CoreInputs
from ..postsolve import PostsolveStack
from ..postsolve.solution import DUAL_CERT, PRIMAL_CERT, SOLUTION
from ..status import Status
from .emit import Emission
from .empty_cols import EmptyCols
from .empty_rows import EmptyRows
from .equalities import Equalities
from .fixed_vars import FixedVars
from .free_rows import FreeRows
from .singleton_rows import SingletonRows
from .work import CanonicalMap, Decided, Work, box_work

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
    """Whether any reduction would shrink the canonical problem (P: upper triangle CSC or
    None): the C scan of csrc/presolve_scan.c, microseconds where nothing applies. It is
    what minix.Solver runs, on the views it then passes to the core."""
    return CoreInputs(P, None, A, b, cones).worth_presolving()


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
