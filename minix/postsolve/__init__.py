"""Postsolve: undo the presolve reductions, newest first (HiGHS HighsPostsolveStack model).

Holds the solution container in presolve's working form and the stack that pops records;
each reduction's record and its undo live in one file here. Mapping to the user's form
(canonical x, s, z or box x, y, y_bounds) is minix.presolve.work's job.
"""
from .solution import WorkSolution
from .stack import PostsolveStack

__all__ = ["WorkSolution", "PostsolveStack"]
