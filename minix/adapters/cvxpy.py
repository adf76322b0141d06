"""CVXPY interface: `prob.solve(solver="MINIX")`.

Registration (there is no plugin API in CVXPY 1.9): `import minix` installs a hook that adds
MINIX to CVXPY's solver tables (`SOLVER_MAP_CONIC`, `CONIC_SOLVERS`, `INSTALLED_SOLVERS`,
`INSTALLED_CONIC_SOLVERS`) as soon as `cvxpy.reductions.solvers.defines` is imported, or at once
if it already is; see minix/adapters/__init__.py. `register()` does the same by hand, and an
instance works without registering: `prob.solve(solver=MINIX())`.

Data: CVXPY's `ConicSolver.apply` already produces  min 1/2 x'Px + c'x  s.t.  Ax + s = b,
s in K  with rows in SCS order (zero, nonneg, soc, psd, exp, p3d), the same cone conventions as
Minix (DESIGN.md s.1). Duals are Minix's z unchanged, sliced per constraint; CVXPY's own
reductions flip signs and reshape. Variable bounds: by default CVXPY turns them into
constraints itself; with `MINIX(bounded_variables=True)` they arrive as
`data["lower_bounds"]/["upper_bounds"]` and are appended here as rows, a fixed variable
(lb == ub) as a Zero row, the others as NonNeg rows; their duals are not reported (CVXPY 1.9
has no place for them). See MINIX.BOUNDED_VARIABLES for why that is not the default.

This module is imported while `cvxpy/__init__` may still be half-done (the import hook), so it
imports only cvxpy submodules that `defines.py` has already loaded.
"""
from __future__ import annotations

import sys
from types import SimpleNamespace

import numpy as np
import scipy.sparse as sp

import cvxpy.settings as s
from cvxpy.constraints import SOC, ExpCone, PowCone3D, SvecPSD  # noqa: F401 (see below)
from cvxpy.reductions.solution import Solution, failure_solution
from cvxpy.reductions.solvers import utilities
from cvxpy.reductions.solvers.conic_solvers.conic_solver import ConicSolver
from cvxpy.utilities.psd_utils import TriangleKind

import minix
from minix.settings import Settings
from minix.status import Status

NAME = "MINIX"

# CVXPY's option names, mapped onto Minix settings. Native Minix names override these.
ALIASES = {
    "max_iters": ("max_iter",),
    "maxiter": ("max_iter",),
    "time_limit": ("time_limit",),
    "eps": ("tol_gap_abs", "tol_gap_rel", "tol_feas", "tol_infeas_abs", "tol_infeas_rel"),
    "eps_abs": ("tol_gap_abs", "tol_infeas_abs"),
    "eps_rel": ("tol_gap_rel", "tol_feas", "tol_infeas_rel"),
    "eps_infeas": ("tol_infeas_abs", "tol_infeas_rel"),
    "abstol": ("tol_gap_abs",),
    "reltol": ("tol_gap_rel",),
    "feastol": ("tol_feas",),
}
# Adapter options that are not Minix settings.
ACCEPT_UNKNOWN = "accept_unknown"       # InsufficientProgress with an iterate -> optimal_inaccurate
_IGNORED = ("use_quad_obj",)            # a CVXPY canonicalization flag that reaches solver_opts

BIBTEX = """@misc{minix,
  title  = {Minix: a homogeneous self-dual interior-point solver for convex conic optimization},
  note   = {Python package minix, version %s},
}"""


def parse_solver_opts(verbose: bool, opts: dict) -> tuple:
    """solver_opts of prob.solve(...) -> (minix.Settings, adapter options). Unknown key: TypeError."""
    known = {f for f in Settings.__dataclass_fields__}
    native, aliased, extra = {}, {}, {}
    for key, value in opts.items():
        if key in _IGNORED:
            continue
        if key == ACCEPT_UNKNOWN:
            extra[key] = bool(value)
        elif key in known:
            native[key] = value
        elif key in ALIASES:
            for target in ALIASES[key]:
                aliased[target] = value
        else:
            raise TypeError(
                f"MINIX: unrecognized solver setting {key!r}. Use a minix.Settings field "
                f"({', '.join(sorted(known))}), one of CVXPY's names {sorted(ALIASES)}, "
                f"or {ACCEPT_UNKNOWN!r}.")
    kwargs = {**aliased, **native, "verbose": bool(verbose)}
    try:
        settings = Settings.from_kwargs(None, **kwargs)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"MINIX: {exc}") from None
    return settings, extra


def dims_to_cones(dims) -> list:
    """CVXPY ConeDims -> Minix cones, in CVXPY's row order (zero, nonneg, soc, psd, exp, p3d)."""
    cones = []
    if dims.zero:
        cones.append(minix.Zero(dims.zero))
    if dims.nonneg:
        cones.append(minix.NonNeg(dims.nonneg))
    cones += [minix.SOC(d) for d in dims.soc]
    cones += [minix.PSD(d) for d in dims.psd]
    cones += [minix.Exp() for _ in range(dims.exp)]
    cones += [minix.Pow(float(a)) for a in dims.p3d]
    if len(getattr(dims, "pnd", ())):
        raise ValueError("MINIX has no n-dimensional power cone; CVXPY should have converted "
                         "PowConeND to PowCone3D")
    return cones


def bound_rows(lower, upper, n: int):
    """Variable bounds -> (A_rows, b_rows, cones, key). lb == ub: one Zero row; else NonNeg rows
    -x_j + s = -lb_j and x_j + s = ub_j. key describes the structure (for re-use checks)."""
    lb = np.full(n, -np.inf) if lower is None else np.asarray(lower, dtype=np.float64).ravel()
    ub = np.full(n, np.inf) if upper is None else np.asarray(upper, dtype=np.float64).ravel()
    fixed = np.isfinite(lb) & np.isfinite(ub) & (lb == ub)
    jf = np.flatnonzero(fixed)
    jl = np.flatnonzero(np.isfinite(lb) & ~fixed)
    ju = np.flatnonzero(np.isfinite(ub) & ~fixed)
    k = len(jf) + len(jl) + len(ju)
    if k == 0:
        return None, None, [], ()
    cols = np.concatenate([jf, jl, ju])
    vals = np.concatenate([np.ones(len(jf)), -np.ones(len(jl)), np.ones(len(ju))])
    A = sp.csc_array((vals, (np.arange(k), cols)), shape=(k, n))
    b = np.concatenate([lb[jf], -lb[jl], ub[ju]])
    cones = ([minix.Zero(len(jf))] if len(jf) else []) + ([minix.NonNeg(len(jl) + len(ju))]
                                                           if len(jl) + len(ju) else [])
    key = (jf.tobytes(), jl.tobytes(), ju.tobytes())
    return A, b, cones, key


def _pattern(M) -> tuple:
    if M is None:
        return None
    return (M.shape, np.asarray(M.indptr).tobytes(), np.asarray(M.indices).tobytes())


def _finite(v) -> bool:
    return v is not None and bool(np.all(np.isfinite(v)))


class MINIX(ConicSolver):
    """CVXPY interface for Minix."""

    MIP_CAPABLE = False
    # Exp, 3-D power and PSD cones: every piece below handles them already; add
    # `ExpCone, PowCone3D, SvecPSD` to this line once the core accepts them. (No PowConeND:
    # CVXPY rewrites it exactly into PowCone3D.)
    SUPPORTED_CONSTRAINTS = ConicSolver.SUPPORTED_CONSTRAINTS + [SOC]
    PSD_TRIANGLE_KIND = TriangleKind.UPPER
    PSD_SQRT2_SCALING = True
    EXP_CONE_ORDER = [0, 1, 2]
    REQUIRES_CONSTR = False
    # Variable bounds as data["lower_bounds"/"upper_bounds"] (rows appended in solve_via_data).
    # Off by default: in CVXPY 1.9.3, declaring it also makes CVXPY infer bounds for its own
    # auxiliary variables (utilities/bounds.py), and that inference is wrong for expressions
    # like pos(1 - multiply(y, X @ w)): X @ w gets NaN bounds, multiply() turns NaN into 0, and
    # the hinge-loss epigraph variable is fixed at 1 -- a silently wrong optimum (HiGHS, which
    # declares it, gives the same wrong value). Opt in per solve with MINIX(bounded_variables=True).
    BOUNDED_VARIABLES = False

    STATUS_MAP = {
        Status.SOLVED: s.OPTIMAL,
        Status.ALMOST_SOLVED: s.OPTIMAL_INACCURATE,
        Status.PRIMAL_INFEASIBLE: s.INFEASIBLE,
        Status.ALMOST_PRIMAL_INFEASIBLE: s.INFEASIBLE_INACCURATE,
        Status.DUAL_INFEASIBLE: s.UNBOUNDED,
        Status.ALMOST_DUAL_INFEASIBLE: s.UNBOUNDED_INACCURATE,
        # A limit with a finite iterate is USER_LIMIT, which CVXPY 1.9 counts as an inaccurate
        # status with a solution (SOLUTION_PRESENT): values are loaded, and CVXPY warns. With
        # no usable iterate, invert() reports SOLVER_ERROR instead.
        Status.MAX_ITERATIONS: s.USER_LIMIT,
        Status.MAX_TIME: s.USER_LIMIT,
        Status.INTERRUPTED: s.SOLVER_ERROR,
        Status.NUMERICAL_ERROR: s.SOLVER_ERROR,
        Status.INSUFFICIENT_PROGRESS: s.SOLVER_ERROR,
        Status.INVALID_INPUT: s.SOLVER_ERROR,
        Status.UNSOLVED: s.SOLVER_ERROR,
    }

    def __init__(self, bounded_variables: bool = False):
        super().__init__()
        if bounded_variables:
            self.BOUNDED_VARIABLES = True  # CVXPY reads the instance attribute

    def name(self) -> str:
        return NAME

    def import_solver(self) -> None:
        import minix  # noqa: F401

    def supports_quad_obj(self) -> bool:
        return True

    def cite(self, data) -> str:
        return BIBTEX % minix.__version__

    def apply(self, problem):
        """ConicSolver.apply, but with explicit zeros kept where parameters enter A and P, so a
        DPP re-solve keeps the sparsity pattern and can reuse the factorization setup."""
        problem, data, inv_data = self._prepare_data_and_inv_data(problem)
        if problem.P is None:
            c, d, A, b = problem.apply_parameters(keep_zeros=True)
        else:
            P, c, d, A, b = problem.apply_parameters(quad_obj=True, keep_zeros=True)
            data[s.P] = P
        data[s.C] = c
        inv_data[s.OFFSET] = d
        data[s.A] = -A
        data[s.B] = b
        data[s.LOWER_BOUNDS] = problem.lower_bounds
        data[s.UPPER_BOUNDS] = problem.upper_bounds
        # Row counts in the names CVXPY's QP interfaces use (the standard bound-attribute tests
        # read n_ineq to check that bounds did not become constraint rows).
        dims = data[self.DIMS]
        data["n_eq"] = int(dims.zero)
        data["n_ineq"] = int(A.shape[0] - dims.zero)
        return data, inv_data

    def solve_via_data(self, data, warm_start: bool, verbose: bool, solver_opts,
                       solver_cache=None):
        """Build (or update a cached) minix.Solver from CVXPY's data and solve."""
        settings, extra = parse_solver_opts(verbose, solver_opts)
        q = np.asarray(data[s.C], dtype=np.float64)
        n = q.size
        A = data[s.A]
        b = np.asarray(data[s.B], dtype=np.float64)
        m = b.size
        P = data.get(s.P)
        if P is not None:
            P = sp.triu(P, format="csc")
        cones = dims_to_cones(data[self.DIMS])
        Ab, bb, bcones, bkey = bound_rows(data.get(s.LOWER_BOUNDS), data.get(s.UPPER_BOUNDS), n)
        if Ab is not None:
            A = sp.vstack([A, Ab], format="csc")
            b = np.concatenate([b, bb])
            cones = cones + bcones
        A = sp.csc_array(A)
        key = (n, m, tuple(cones), bkey, _pattern(A), _pattern(P))
        stream = sys.stdout if verbose else None

        solver = None
        if warm_start and solver_cache is not None and NAME in solver_cache:
            cached = solver_cache[NAME]
            if getattr(cached, "key", None) == key:
                try:
                    cached.solver.update(q=q, b=b, A=A, P=P)
                    cached.solver.update_settings(**{f: getattr(settings, f)
                                                     for f in Settings.__dataclass_fields__})
                    cached.solver.set_stream(stream)
                    solver = cached.solver
                except (ValueError, minix.MinixError):
                    solver = None  # pattern changed after all: set up afresh
        if solver is None:
            solver = minix.Solver(P, q, A, b, cones, settings=settings, stream=stream)
        result = solver.solve()
        if solver_cache is not None:
            solver_cache[NAME] = SimpleNamespace(solver=solver, key=key)
        return SimpleNamespace(result=result, m=m, accept_unknown=extra.get(ACCEPT_UNKNOWN, False))

    def invert(self, solution, inverse_data):
        """Minix result -> CVXPY Solution (status, value, primal and dual values, stats)."""
        res = solution.result
        m = solution.m
        x = res.x
        z = None if res.z is None else res.z[:m]
        usable = _finite(x) and _finite(z)

        status = self.STATUS_MAP.get(res.status, s.SOLVER_ERROR)
        if status == s.USER_LIMIT and not usable:
            status = s.SOLVER_ERROR
        if (res.status == Status.INSUFFICIENT_PROGRESS and solution.accept_unknown and usable):
            status = s.OPTIMAL_INACCURATE

        attr = {
            s.SOLVE_TIME: res.solve_time,
            s.SETUP_TIME: res.setup_time,
            s.NUM_ITERS: res.iterations,
            s.EXTRA_STATS: res.info,
        }

        dual_vars = {}
        if _finite(z):
            zero = inverse_data[self.DIMS].zero
            dual_vars = utilities.get_dual_values(
                z[:zero], utilities.extract_dual_value, inverse_data[self.EQ_CONSTR])
            dual_vars.update(utilities.get_dual_values(
                z[zero:], utilities.extract_dual_value, inverse_data[self.NEQ_CONSTR]))

        if status in s.SOLUTION_PRESENT:
            opt_val = res.obj_val + inverse_data[s.OFFSET]
            primal_vars = {inverse_data[self.VAR_ID]: x}
            return Solution(status, opt_val, primal_vars, dual_vars, attr)
        return failure_solution(status, attr, dual_vars)


def register() -> MINIX:
    """Make `prob.solve(solver="MINIX")` work: add MINIX to CVXPY's solver tables (idempotent).

    Appended at the end, so MINIX is never picked as CVXPY's default solver."""
    from cvxpy.reductions.solvers import defines

    inst = defines.SOLVER_MAP_CONIC.get(NAME)
    if not isinstance(inst, MINIX):
        inst = MINIX()
        defines.SOLVER_MAP_CONIC[NAME] = inst
    for names in (defines.CONIC_SOLVERS, defines.INSTALLED_SOLVERS,
                  defines.INSTALLED_CONIC_SOLVERS):
        if NAME not in names:
            names.append(NAME)
    return inst
