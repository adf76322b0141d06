"""PostsolveStack: the ordered list of reduction records; undo pops them newest first.

A record is any object with ``undo(sol: WorkSolution) -> WorkSolution`` that maps a point of
the problem after its reduction to one of the problem before it.
"""
from __future__ import annotations

from typing import List

from .solution import WorkSolution


class PostsolveStack:
    def __init__(self):
        self.records: List[object] = []

    def push(self, record) -> None:
        if record is not None:
            self.records.append(record)

    def __len__(self) -> int:
        return len(self.records)

    def undo(self, sol: WorkSolution, depth: int | None = None) -> WorkSolution:
        """Undo the first ``depth`` records (all by default), newest first."""
        recs = self.records if depth is None else self.records[:depth]
        for rec in reversed(recs):
            sol = rec.undo(sol)
        return sol

    def counts(self) -> dict:
        """Per reduction name, how many rows/columns it removed or changed."""
        out: dict = {}
        for rec in self.records:
            out[rec.name] = out.get(rec.name, 0) + int(rec.size)
        return out
