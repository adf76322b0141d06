"""Minix: a homogeneous self-dual interior-point solver for convex conic optimization.

    minimize 1/2 x'Px + q'x  subject to  Ax + s = b,  s in K
"""
from .cones import PSD, SOC, Cone, Exp, NonNeg, Pow, Zero
from .problem import Problem
from .qp import QPResult, solve_qp
from .result import Result
from .settings import Settings
from .solver import Solver, solve, solve_problem
from .status import MinixError, Status

__version__ = "0.1.0"

# Register with front ends (CVXPY) when they get imported; imports none of them here.
from .adapters import install_hooks as _install_hooks  # noqa: E402

_install_hooks()

__all__ = ["Cone", "Zero", "NonNeg", "SOC", "Exp", "Pow", "PSD", "Problem", "Result", "Settings",
           "Solver", "solve", "solve_problem", "solve_qp", "QPResult", "Status", "MinixError", "__version__"]
