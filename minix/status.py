"""minix.Status: solve statuses, with the same integer values as MinixStatus in C."""
from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    UNSOLVED = 0
    SOLVED = 1
    ALMOST_SOLVED = 2
    PRIMAL_INFEASIBLE = 3
    DUAL_INFEASIBLE = 4
    ALMOST_PRIMAL_INFEASIBLE = 5
    ALMOST_DUAL_INFEASIBLE = 6
    MAX_ITERATIONS = 7
    MAX_TIME = 8
    NUMERICAL_ERROR = 9
    INSUFFICIENT_PROGRESS = 10
    INTERRUPTED = 11
    INVALID_INPUT = 12

    def __str__(self) -> str:
        return self.name

    @property
    def is_solved(self) -> bool:
        return self in (Status.SOLVED, Status.ALMOST_SOLVED)

    @property
    def is_infeasible(self) -> bool:
        return self in (Status.PRIMAL_INFEASIBLE, Status.DUAL_INFEASIBLE,
                        Status.ALMOST_PRIMAL_INFEASIBLE, Status.ALMOST_DUAL_INFEASIBLE)

    @property
    def is_error(self) -> bool:
        return self in (Status.NUMERICAL_ERROR, Status.INSUFFICIENT_PROGRESS, Status.INVALID_INPUT)


class MinixError(ValueError):
    """A call into the core failed; .code is the MinixError value, the message says why."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code
