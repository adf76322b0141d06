"""Pyomo front end: `SolverFactory("minix")`, in memory, on the `pyomo.contrib.solver` (v2) interface.

Holds the v2 solver `Minix`, its legacy wrapper `LegacyMinix`, their solution loader, the status
table and the model -> (P, q, A, b, cones) compiler. Not here: integer variables, general
nonlinear terms, persistence (every solve compiles the model afresh), Pyomo's kernel conic
constraints. Importing this module imports Pyomo; `import minix` only hooks `register()` to run
when Pyomo's solver factory is first imported (see minix/adapters/__init__.py).

Sign conventions (Pyomo's, for both interfaces): dual = d(objective)/d(rhs) of the constraint as
written, so in a min problem a <= row has dual <= 0 and a >= row dual >= 0; both flip for max.
rc = grad f - A'y over the constraint rows = (bound duals). In minix's form a <= row a.x + s = u
gives dual -z, a >= row -a.x + s = -l gives +z, an equality a.x + s = b gives -z, all times -1 for
max; a range constraint reports the side with the larger |dual|.
"""
from __future__ import annotations

import datetime
import io
import logging
import math
import sys
import time
from typing import Mapping, Optional, Sequence

import numpy as np
import scipy.sparse as sp

from pyomo.common.collections import ComponentMap
from pyomo.common.config import ConfigValue
from pyomo.common.errors import InfeasibleConstraintException
from pyomo.common.tee import TeeStream, capture_output
from pyomo.common.timing import HierarchicalTimer
from pyomo.contrib.solver.common.base import Availability, LegacySolverWrapper, SolverBase
from pyomo.contrib.solver.common.config import SolverConfig
from pyomo.contrib.solver.common.factory import SolverFactory
from pyomo.contrib.solver.common.results import (
    Results,
    SolutionStatus,
    TerminationCondition,
    get_infeasible_results,
)
from pyomo.contrib.solver.common.solution_loader import SolutionLoader
from pyomo.contrib.solver.common.util import (
    IncompatibleModelError,
    NoDualsError,
    NoFeasibleSolutionError,
    NoOptimalSolutionError,
    NoReducedCostsError,
    NoSolutionError,
)
from pyomo.core.staleflag import StaleFlagManager

import minix
from minix.status import MinixError, Status

__all__ = ["Minix", "LegacyMinix", "MinixConfig", "MinixSolutionLoader", "STATUS_MAP", "register"]

logger = logging.getLogger("pyomo.solvers")

TC = TerminationCondition
SS = SolutionStatus

#: minix status -> (TerminationCondition, SolutionStatus). The legacy interface derives its
#: (SolverStatus, TerminationCondition, SolutionStatus) from these through Pyomo's legacy maps.
STATUS_MAP = {
    Status.SOLVED: (TC.convergenceCriteriaSatisfied, SS.optimal),
    Status.ALMOST_SOLVED: (TC.convergenceCriteriaSatisfied, SS.feasible),
    Status.PRIMAL_INFEASIBLE: (TC.provenInfeasible, SS.noSolution),
    Status.ALMOST_PRIMAL_INFEASIBLE: (TC.locallyInfeasible, SS.noSolution),
    Status.DUAL_INFEASIBLE: (TC.unbounded, SS.noSolution),
    Status.ALMOST_DUAL_INFEASIBLE: (TC.unbounded, SS.noSolution),
    Status.MAX_ITERATIONS: (TC.iterationLimit, SS.unknown),
    Status.MAX_TIME: (TC.maxTimeLimit, SS.unknown),
    Status.INSUFFICIENT_PROGRESS: (TC.minStepLength, SS.unknown),
    Status.NUMERICAL_ERROR: (TC.error, SS.noSolution),
    Status.INVALID_INPUT: (TC.error, SS.noSolution),
    Status.INTERRUPTED: (TC.interrupted, SS.unknown),
    Status.UNSOLVED: (TC.unknown, SS.noSolution),
}

# An iterate is exposed through get_vars() for these (last iterate of a stopped solve), but is
# loaded automatically, and duals are given, only for optimal/feasible.
_HAS_ITERATE = (SS.optimal, SS.feasible, SS.unknown)
_HAS_SOLUTION = (SS.optimal, SS.feasible)


class MinixConfig(SolverConfig):
    """SolverConfig plus `verbose_log`. minix settings go in `solver_options` (e.g. `tol_gap_rel`,
    `max_iter`, `presolve_enable`; unknown names raise TypeError); `time_limit` maps to minix's
    time_limit; `threads` is accepted and ignored (minix is single-threaded)."""

    def __init__(self, description=None, doc=None, implicit=False, implicit_domain=None,
                 visibility=0):
        super().__init__(description=description, doc=doc, implicit=implicit,
                         implicit_domain=implicit_domain, visibility=visibility)
        self.verbose_log: bool = self.declare(
            "verbose_log",
            ConfigValue(default=True, domain=bool,
                        description="Write minix's iteration log to results.solver_log (and to "
                                    "the tee streams). solver_options['verbose'] overrides it."))


# --------------------------------------------------------------------------------------------
# Model -> matrices
# --------------------------------------------------------------------------------------------

class _Compiled:
    """The model in minix's form, with what is needed to map results back.

    Linear rows are signed so that every one reads a.x + s = b; `lin_eq` marks the Zero rows and
    `lin_factor` the multiplier that turns z into Pyomo's dual. SOC blocks are (A, b, con, factor)
    with dual = factor * (z0 + z1)."""

    def __init__(self):
        self.columns: list = []
        self.n = 0
        self.sense = 1                      # +1 minimize, -1 maximize
        self.has_obj = False
        self.P: Optional[sp.csc_matrix] = None
        self.q = None
        self.const = 0.0
        self.lin_A = None                   # csr (m_lin x n)
        self.lin_b = None
        self.lin_eq = None                  # bool per row
        self.lin_factor = None
        self.lin_con: list = []
        self.soc: list = []
        self.trivial: list = []             # constraints with no row (constant bodies): dual 0


def _check_continuous(v):
    if not v.is_continuous():
        raise IncompatibleModelError(
            f"minix solves continuous problems only; variable {v.name} is "
            f"{'binary' if v.is_binary() else 'integer'} and not fixed. Fix it or relax it "
            "(e.g. TransformationFactory('core.relax_integer_vars')).")


def _objective_repn(model):
    from pyomo.contrib.solver.common.util import get_objective
    from pyomo.repn import generate_standard_repn

    try:
        obj = get_objective(model)
    except ValueError as exc:
        raise IncompatibleModelError(f"minix supports zero or one active objective: {exc}")
    if obj is None:
        return None, None
    repn = generate_standard_repn(obj.expr, quadratic=True, compute_values=True)
    if repn.nonlinear_expr is not None:
        raise IncompatibleModelError(
            f"objective {obj.name} has nonlinear (non-quadratic) terms; minix accepts linear and "
            "convex quadratic objectives")
    return obj, repn


def _compile_linear_pyomo(model, obj, comp: _Compiled):
    """AML models with linear constraints: Pyomo's LinearStandardFormCompiler (vectorised).

    The objective is compiled separately (it may be quadratic, which the compiler rejects), so it
    is deactivated for the duration of the call. Raises InvalidConstraintError for a quadratic or
    nonlinear constraint; the caller then falls back to _compile_generic."""
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    was_active = obj is not None and obj.active
    if was_active:
        obj.deactivate()
    try:
        repn = LinearStandardFormCompiler().write(model, mixed_form=True, set_sense=None)
    finally:
        if was_active:
            obj.activate()
    comp.columns = list(repn.columns)
    A = sp.csr_matrix(repn.A, dtype=np.float64)
    rhs = np.asarray(repn.rhs, dtype=np.float64).ravel()
    kinds = np.fromiter((r[1] for r in repn.rows), dtype=np.int64, count=len(repn.rows))
    sign = np.where(kinds == -1, -1.0, 1.0)
    comp.lin_A = (sp.diags(sign) @ A).tocsr() if A.shape[0] else A
    comp.lin_b = sign * rhs
    comp.lin_eq = kinds == 0
    comp.lin_factor = -sign             # times sense, applied later
    comp.lin_con = [r[0] for r in repn.rows]
    from pyomo.core.base.constraint import Constraint
    seen = set(map(id, comp.lin_con))
    # constraints the compiler skipped: constant bodies (feasible) report dual 0; those with no
    # finite bound report nothing
    comp.trivial = [c for c in model.component_data_objects(Constraint, active=True,
                                                            descend_into=True)
                    if id(c) not in seen and not (_finite(c.lb) is None and _finite(c.ub) is None)]


def _constraint_objects(model):
    from pyomo.core.base.constraint import Constraint
    return model.component_data_objects(Constraint, active=True, descend_into=True)


def _compile_generic(model, comp: _Compiled):
    """Any model (pyomo.kernel too, quadratic constraints too): one generate_standard_repn per
    constraint. Slower than the compiler path but complete."""
    from pyomo.repn import generate_standard_repn

    index = {}
    columns = comp.columns

    def col(v):
        j = index.get(id(v))
        if j is None:
            j = index[id(v)] = len(columns)
            columns.append(v)
        return j

    rows_i, rows_j, rows_v, b, eq, factor, cons = [], [], [], [], [], [], []
    quad = []

    def add_row(idx, coef, sgn, rhs, is_eq, con):
        r = len(b)
        rows_i.extend([r] * len(idx))
        rows_j.extend(idx)
        rows_v.extend(sgn * c for c in coef)
        b.append(sgn * rhs)
        eq.append(is_eq)
        factor.append(-sgn)
        cons.append(con)

    for con in _constraint_objects(model):
        lb, ub = _finite(con.lb), _finite(con.ub)
        if lb is None and ub is None:          # no finite bound: no row, no dual
            continue
        repn = generate_standard_repn(con.body, quadratic=True, compute_values=True)
        if repn.nonlinear_expr is not None:
            raise IncompatibleModelError(
                f"constraint {con.name} has nonlinear (non-quadratic) terms; minix accepts "
                "linear constraints and convex quadratic ones")
        const = float(repn.constant)
        lin = [(col(v), float(c)) for v, c in zip(repn.linear_vars, repn.linear_coefs) if c != 0]
        qd = [((col(v1), col(v2)), float(c))
              for (v1, v2), c in zip(repn.quadratic_vars, repn.quadratic_coefs) if c != 0]
        if not lin and not qd:
            if (lb is None or lb <= const + 1e-9) and (ub is None or ub >= const - 1e-9):
                comp.trivial.append(con)
                continue
            raise InfeasibleConstraintException(
                f"model contains a trivially infeasible constraint, '{con.name}'")
        if qd:
            quad.append((con, lin, qd, const, lb, ub, bool(con.equality)))
            continue
        idx = [j for j, _ in lin]
        coef = [c for _, c in lin]
        if con.equality or (lb is not None and ub is not None and lb == ub):
            add_row(idx, coef, 1.0, ub - const, True, con)
            continue
        if ub is not None:
            add_row(idx, coef, 1.0, ub - const, False, con)
        if lb is not None:
            add_row(idx, coef, -1.0, lb - const, False, con)

    comp._pending_quad = quad
    comp._lin_coo = (rows_i, rows_j, rows_v)
    comp.lin_b = np.asarray(b, dtype=np.float64)
    comp.lin_eq = np.asarray(eq, dtype=bool)
    comp.lin_factor = np.asarray(factor, dtype=np.float64)
    comp.lin_con = cons
    comp._col = col


def _finite(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _quadratic_to_soc(con, lin, qd, const, lb, ub, equality, n):
    """x'Qx + a'x + c <= u (Q PSD), or >= l (Q NSD), as a rotated cone written as an SOC.

    With Q = V L V' and F = sqrt(L) V', the constraint is ||F x||^2 <= t, t = -(a'x + c - u);
    ||w||^2 <= t  <=>  ((t+1)/2, (t-1)/2, w) in SOC. Returns (A rows, b, dual factor before
    the sense): d(obj)/du = -(z0 + z1)/2."""
    if equality or (lb is not None and ub is not None):
        raise IncompatibleModelError(
            f"constraint {con.name} is a quadratic equality or range, which is not convex; minix "
            "accepts x'Qx + a'x + c <= u with Q positive semidefinite (or >= l with Q negative "
            "semidefinite)")
    sgn = 1.0 if ub is not None else -1.0
    rhs = ub if ub is not None else lb
    qidx = sorted({j for (i, j), _ in qd} | {i for (i, j), _ in qd})
    pos = {j: k for k, j in enumerate(qidx)}
    Q = np.zeros((len(qidx), len(qidx)))
    for (i, j), c in qd:
        if i == j:
            Q[pos[i], pos[i]] += c
        else:
            Q[pos[i], pos[j]] += c / 2
            Q[pos[j], pos[i]] += c / 2
    Q *= sgn
    lam, V = np.linalg.eigh(Q)
    scale = max(1.0, float(np.max(np.abs(lam))))
    if lam[0] < -1e-9 * scale:
        raise IncompatibleModelError(
            f"constraint {con.name} is not convex: its quadratic part has eigenvalue "
            f"{lam[0]:.3g} of the wrong sign; minix accepts x'Qx + a'x + c <= u with Q positive "
            "semidefinite (or >= l with Q negative semidefinite). Rewrite second-order-cone "
            "constraints such as x^2 + y^2 <= z^2 in a convex form")
    keep = lam > 1e-12 * scale
    F = (np.sqrt(lam[keep])[:, None] * V[:, keep].T)          # k x len(qidx)
    a = np.zeros(n)
    for j, c in lin:
        a[j] += sgn * c
    c0 = sgn * (const - rhs)
    k = F.shape[0]
    ja = np.flatnonzero(a)
    fr, ft = np.nonzero(F)
    rows = np.concatenate([np.zeros(len(ja)), np.ones(len(ja)), 2 + fr]).astype(np.int64)
    cols = np.concatenate([ja, ja, np.asarray(qidx, dtype=np.int64)[ft]])
    vals = np.concatenate([a[ja] / 2, a[ja] / 2, -F[fr, ft]])
    A = sp.csr_matrix((vals, (rows, cols)), shape=(k + 2, n))
    b = np.zeros(k + 2)
    b[0] = (1.0 - c0) / 2
    b[1] = (-1.0 - c0) / 2
    return A, b, -sgn * 0.5


def _compile(model, timer) -> _Compiled:
    from pyomo.core.base.block import BlockData
    from pyomo.repn.plugins.standard_form import InvalidConstraintError

    comp = _Compiled()
    obj, orepn = _objective_repn(model)
    generic = not isinstance(model, BlockData)          # pyomo.kernel blocks
    if not generic:
        try:
            timer.start("standard_form")
            _compile_linear_pyomo(model, obj, comp)
        except InvalidConstraintError:
            generic = True
            comp = _Compiled()
        finally:
            timer.stop("standard_form")
    if generic:
        timer.start("generate_standard_repn")
        try:
            _compile_generic(model, comp)
        finally:
            timer.stop("generate_standard_repn")

    index = {id(v): j for j, v in enumerate(comp.columns)}

    def col(v):
        j = index.get(id(v))
        if j is None:
            j = index[id(v)] = len(comp.columns)
            comp.columns.append(v)
        return j

    # Objective (linear part, quadratic part, constant); may add columns.
    qi, qj, qv, li, lv = [], [], [], [], []
    if orepn is not None:
        comp.has_obj = True
        comp.sense = 1 if int(obj.sense) == 1 else -1
        comp.const = float(orepn.constant)
        for v, c in zip(orepn.linear_vars, orepn.linear_coefs):
            li.append(col(v))
            lv.append(float(c))
        for (v1, v2), c in zip(orepn.quadratic_vars, orepn.quadratic_coefs):
            i, j = col(v1), col(v2)
            if i == j:
                qi.append(i), qj.append(i), qv.append(2.0 * float(c))
            else:
                qi.append(min(i, j)), qj.append(max(i, j)), qv.append(float(c))
    n = comp.n = len(comp.columns)
    for v in comp.columns:
        _check_continuous(v)
    s = float(comp.sense)
    comp.q = s * np.bincount(np.asarray(li, dtype=np.int64), weights=np.asarray(lv), minlength=n) \
        if li else np.zeros(n)
    comp.const *= s
    if qv:
        comp.P = sp.csc_matrix((s * np.asarray(qv), (qi, qj)), shape=(n, n))
        comp.P.sum_duplicates()

    if generic:
        ri, rj, rv = comp._lin_coo
        comp.lin_A = sp.csr_matrix((rv, (ri, rj)), shape=(len(comp.lin_b), n))
        for item in comp._pending_quad:
            A, b, f = _quadratic_to_soc(*item, n)
            comp.soc.append((A, b, item[0], f))
    elif comp.lin_A.shape[1] < n:
        comp.lin_A = sp.csr_matrix((comp.lin_A.data, comp.lin_A.indices, comp.lin_A.indptr),
                                   shape=(comp.lin_A.shape[0], n))
    _drop_infinite_rows(comp)
    comp.lin_factor = comp.lin_factor * s
    comp.soc = [(A, b, con, f * s) for A, b, con, f in comp.soc]
    return comp


def _drop_infinite_rows(comp: _Compiled) -> None:
    """The compiler keeps a bound of +-inf as a row (e.g. Constraint(expr=(-inf, x, inf))): a row
    a.x <= +inf is vacuous and goes; a.x <= -inf, or an infinite equality, is infeasible."""
    bad = ~np.isfinite(comp.lin_b)
    if not np.any(bad):
        return
    for r in np.flatnonzero(bad):
        if comp.lin_eq[r] or not comp.lin_b[r] > 0:
            raise InfeasibleConstraintException(
                f"constraint '{comp.lin_con[r].name}' has an infinite bound on the wrong side")
    keep = np.flatnonzero(~bad)                 # a constraint left without rows reports no dual
    comp.lin_A = comp.lin_A[keep]
    comp.lin_b = comp.lin_b[keep]
    comp.lin_eq = comp.lin_eq[keep]
    comp.lin_factor = comp.lin_factor[keep]
    comp.lin_con = [comp.lin_con[r] for r in keep]


class _Problem:
    """(P, q, A, b, cones) assembled from _Compiled, and the row bookkeeping for duals."""

    def __init__(self, comp: _Compiled):
        n = comp.n
        s = float(comp.sense)
        bounds = [v.bounds for v in comp.columns]
        lb = np.array([np.nan if _finite(l) is None else float(l) for l, _ in bounds])
        ub = np.array([np.nan if _finite(u) is None else float(u) for _, u in bounds])
        both = ~np.isnan(lb) & ~np.isnan(ub)
        fixed_b = both & (lb == ub)
        if np.any(both & (lb > ub)):
            j = int(np.flatnonzero(both & (lb > ub))[0])
            raise InfeasibleConstraintException(
                f"variable {comp.columns[j].name} has lower bound {lb[j]} > upper bound {ub[j]}")
        j_eq = np.flatnonzero(fixed_b)
        j_lb = np.flatnonzero(~np.isnan(lb) & ~fixed_b)
        j_ub = np.flatnonzero(~np.isnan(ub) & ~fixed_b)
        eye = sp.identity(n, format="csr")

        L = comp.lin_A
        eq_rows = np.flatnonzero(comp.lin_eq)
        in_rows = np.flatnonzero(~comp.lin_eq)
        blocks_A = [L[eq_rows], eye[j_eq], L[in_rows], -eye[j_lb], eye[j_ub]]
        blocks_b = [comp.lin_b[eq_rows], ub[j_eq], comp.lin_b[in_rows], -lb[j_lb], ub[j_ub]]
        for A, b, _, _ in comp.soc:
            blocks_A.append(A)
            blocks_b.append(b)
        self.A = sp.vstack(blocks_A, format="csc") if n else sp.csc_matrix((sum(map(len, blocks_b)), 0))
        self.b = np.concatenate(blocks_b) if blocks_b else np.zeros(0)
        n_zero = len(eq_rows) + len(j_eq)
        n_nonneg = len(in_rows) + len(j_lb) + len(j_ub)
        self.cones = []
        if n_zero:
            self.cones.append(minix.Zero(n_zero))
        if n_nonneg:
            self.cones.append(minix.NonNeg(n_nonneg))
        for A, _, _, _ in comp.soc:
            self.cones.append(minix.SOC(A.shape[0]))

        # z position of each linear row (original order) and of each bound row
        m_lin = len(comp.lin_b)
        self.lin_pos = np.empty(m_lin, dtype=np.int64)
        self.lin_pos[eq_rows] = np.arange(len(eq_rows))
        off = n_zero
        self.lin_pos[in_rows] = off + np.arange(len(in_rows))
        # rc = sense * (z_lb - z_ub), with an equal-bounds row x = v counting as an upper one
        rc_rows, rc_cols, rc_f = [], [], []
        rc_rows.append(len(eq_rows) + np.arange(len(j_eq))), rc_cols.append(j_eq)
        rc_f.append(np.full(len(j_eq), -s))
        base = off + len(in_rows)
        rc_rows.append(base + np.arange(len(j_lb))), rc_cols.append(j_lb)
        rc_f.append(np.full(len(j_lb), s))
        base += len(j_lb)
        rc_rows.append(base + np.arange(len(j_ub))), rc_cols.append(j_ub)
        rc_f.append(np.full(len(j_ub), -s))
        self.rc_rows = np.concatenate(rc_rows).astype(np.int64)
        self.rc_cols = np.concatenate(rc_cols).astype(np.int64)
        self.rc_f = np.concatenate(rc_f)
        self.soc_pos = []
        base = off + n_nonneg
        for A, _, _, _ in comp.soc:
            self.soc_pos.append(base)
            base += A.shape[0]
        self.m = base


# --------------------------------------------------------------------------------------------
# Solution loader
# --------------------------------------------------------------------------------------------

class MinixSolutionLoader(SolutionLoader):
    """Primal values, duals and reduced costs of one minix solve, mapped to Pyomo components."""

    def __init__(self, pyomo_model, comp: Optional[_Compiled] = None,
                 prob: Optional[_Problem] = None, x=None, z=None, has_duals: bool = False):
        super().__init__()
        self._pyomo_model = pyomo_model
        self._comp = comp
        self._prob = prob
        self._x = x
        self._z = z
        self._has_duals = has_duals and z is not None
        self._duals = None
        self._rc = None

    def get_number_of_solutions(self) -> int:
        return 0 if self._x is None else 1

    def get_vars(self, vars_to_load: Sequence | None = None) -> Mapping:
        if self._x is None:
            raise NoSolutionError()
        cols = self._comp.columns
        if vars_to_load is None:
            return ComponentMap(zip(cols, self._x.tolist()))
        full = ComponentMap(zip(cols, self._x.tolist()))
        return ComponentMap((v, full[v]) for v in vars_to_load if v in full)

    def _all_duals(self) -> dict:
        if self._duals is None:
            comp, prob, z = self._comp, self._prob, self._z
            vals = (comp.lin_factor * z[prob.lin_pos]).tolist()
            duals = {}
            for con, d in zip(comp.lin_con, vals):
                prev = duals.get(con)
                if prev is None or abs(d) > abs(prev):     # range rows: the larger side
                    duals[con] = d
            for (A, _, con, f), p in zip(comp.soc, prob.soc_pos):
                duals[con] = float(f * (z[p] + z[p + 1]))
            for con in comp.trivial:
                duals[con] = 0.0
            self._duals = duals
        return self._duals

    def get_duals(self, cons_to_load: Sequence | None = None) -> dict:
        if not self._has_duals:
            raise NoDualsError()
        duals = self._all_duals()
        if cons_to_load is None:
            return dict(duals)
        return {c: duals[c] for c in cons_to_load}

    def get_reduced_costs(self, vars_to_load: Sequence | None = None) -> Mapping:
        if not self._has_duals:
            raise NoReducedCostsError()
        if self._rc is None:
            prob = self._prob
            rc = np.zeros(self._comp.n)
            np.add.at(rc, prob.rc_cols, prob.rc_f * self._z[prob.rc_rows])
            self._rc = ComponentMap(zip(self._comp.columns, rc.tolist()))
        if vars_to_load is None:
            return ComponentMap(self._rc.items())
        return ComponentMap((v, self._rc[v]) for v in vars_to_load if v in self._rc)

    def _collect_and_clear_import_suffixes(self):
        from pyomo.core.kernel.block import IBlock
        if not isinstance(self._pyomo_model, IBlock):
            return super()._collect_and_clear_import_suffixes()
        # pyomo.kernel blocks reject the descent_order= the base class passes
        import pyomo.kernel as pmo
        found = {}
        for suffix in self._pyomo_model.components(ctype=pmo.suffix, active=True,
                                                   descend_into=True):
            if not suffix.import_enabled:
                continue
            suffix.clear()
            found.setdefault(suffix.local_name, suffix)
        return found


# --------------------------------------------------------------------------------------------
# The solver
# --------------------------------------------------------------------------------------------

def _version_tuple() -> tuple:
    parts = []
    for p in minix.__version__.split("."):
        digits = "".join(ch for ch in p if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


class Minix(SolverBase):
    """minix through Pyomo's v2 solver interface (`pyomo.contrib.solver`).

    Linear and convex quadratic objectives, linear constraints (==, <=, >=, ranges), variable
    bounds, fixed variables, convex quadratic constraints (as second-order cones). Duals and
    reduced costs follow Pyomo's conventions. minix settings go in `solver_options`."""

    CONFIG = MinixConfig()
    _legacy_mode = False

    def __init__(self, **kwds):
        super().__init__(**kwds)

    def available(self) -> Availability:
        return Availability.FullLicense

    def version(self) -> tuple:
        return _version_tuple()

    def is_persistent(self) -> bool:
        return False

    def _settings(self, config) -> dict:
        opts = dict(config.solver_options.value())
        settings = {"verbose": bool(config.verbose_log)}
        if config.time_limit is not None:
            # Pyomo's 0 means "no time at all"; minix's 0 means "no limit"
            settings["time_limit"] = max(float(config.time_limit), 1e-9)
        settings.update(opts)
        return settings

    def solve(self, model, **kwds) -> Results:
        start_timestamp = datetime.datetime.now(datetime.timezone.utc)
        tick = time.perf_counter()
        config = self.config(value=kwds, preserve_implicit=True)
        if config.timer is None:
            config.timer = HierarchicalTimer()
        timer = config.timer
        StaleFlagManager.mark_all_as_stale()
        log = io.StringIO()
        try:
            with capture_output(TeeStream(log, *config.tee), capture_fd=False):
                timer.start("compile")
                try:
                    comp = _compile(model, timer)
                    prob = _Problem(comp)
                finally:
                    timer.stop("compile")
                results = self._solve(model, comp, prob, config, timer)
        except InfeasibleConstraintException as err:
            msg = f"The problem was proven to be infeasible during compilation:\n\t{err}"
            results = get_infeasible_results(model=model, solver=self, config=config,
                                              err_msg=msg)
        results.solver_log = log.getvalue()
        results.timing_info.start_timestamp = start_timestamp
        results.timing_info.wall_time = time.perf_counter() - tick
        results.timing_info.timer = timer
        return results

    def _solve(self, model, comp: _Compiled, prob: _Problem, config, timer) -> Results:
        settings = self._settings(config)
        if comp.n == 0:
            status, x, z, obj_p, obj_d, info = Status.SOLVED, np.zeros(0), np.zeros(prob.m), \
                comp.const, comp.const, {"iterations": 0}
            if prob.m and np.any(prob.b[: prob.m] < -1e-9):      # cannot happen after compile
                status = Status.PRIMAL_INFEASIBLE
        else:
            timer.start("minix")
            try:
                try:
                    solver = minix.Solver(comp.P, comp.q, prob.A, prob.b, prob.cones,
                                          stream=sys.stdout, constant=comp.const, **settings)
                except MinixError as exc:
                    raise IncompatibleModelError(f"minix cannot solve this model: {exc}") from exc
                res = solver.solve()
            finally:
                timer.stop("minix")
            status, x, z, info = res.status, res.x, res.z, res.info
            obj_p, obj_d = res.obj_val, res.obj_val_dual

        tc, ss = STATUS_MAP[Status(status)]
        if tc == TC.unbounded:
            tc = self._unbounded_or_infeasible(prob, settings, timer)
        results = Results()
        results.termination_condition = tc
        results.solution_status = ss
        has_sol = ss in _HAS_SOLUTION
        results.solution_loader = MinixSolutionLoader(
            model, comp, prob, x=x if ss in _HAS_ITERATE else None, z=z, has_duals=has_sol)
        if has_sol and comp.has_obj:
            s = comp.sense
            results.incumbent_objective = s * float(obj_p)
            # a bound on the optimum: the dual objective, clamped to the right side of the primal
            results.objective_bound = s * float(min(obj_p, obj_d))
        else:
            results.incumbent_objective = None
            results.objective_bound = None
        results.solver_name = self.name
        results.solver_version = self.version()
        results.solver_config = config
        results.extra_info.iterations = int(info.get("iterations", 0))
        results.extra_info.minix_status = Status(status).name
        for key in ("res_primal", "res_dual", "gap_abs", "gap_rel", "setup_time", "solve_time"):
            if key in info:
                setattr(results.extra_info, key, float(info[key]))

        if tc != TC.convergenceCriteriaSatisfied and config.raise_exception_on_nonoptimal_result:
            raise NoOptimalSolutionError()
        if config.load_solutions:
            timer.start("load solution")
            try:
                if has_sol:
                    results.solution_loader.load_solution()
                elif self._legacy_mode:
                    logger.error("No solution is available")
                else:
                    raise NoFeasibleSolutionError()
            finally:
                timer.stop("load solution")
        return results


    @staticmethod
    def _unbounded_or_infeasible(prob: _Problem, settings: dict, timer) -> TerminationCondition:
        """A dual-infeasibility certificate proves "unbounded if feasible". Settle which by
        solving the feasibility problem (P = 0, q = 0) once."""
        print("minix: dual infeasible; solving the feasibility problem (P = 0, q = 0) to tell "
              "unbounded from infeasible")
        timer.start("feasibility check")
        try:
            res = minix.solve(None, np.zeros(prob.A.shape[1]), prob.A, prob.b, prob.cones,
                              stream=sys.stdout, **settings)
        finally:
            timer.stop("feasibility check")
        if res.status.is_solved:
            return TC.unbounded
        if res.status == Status.PRIMAL_INFEASIBLE:
            return TC.provenInfeasible
        if res.status == Status.ALMOST_PRIMAL_INFEASIBLE:
            return TC.locallyInfeasible
        return TC.infeasibleOrUnbounded


class LegacyMinix(LegacySolverWrapper, Minix):
    """minix for `pyomo.environ.SolverFactory("minix")`: legacy SolverResults, suffixes.

    Accepts solver_io None/'python'/'direct'. A failed solve with load_solutions=True logs
    "No solution is available" and returns the results, as legacy solvers do."""

    _legacy_mode = True

    def __init__(self, **kwds):
        solver_io = kwds.pop("solver_io", None)
        if solver_io not in (None, "python", "direct"):
            raise ValueError(f"minix is an in-memory solver; solver_io={solver_io!r} is not "
                             "supported (use None, 'python' or 'direct')")
        super().__init__(**kwds)

    def _solution_handler(self, load_solutions, model, results, legacy_results, legacy_soln):
        # As LegacySolverWrapper's, but keyed correctly for 'Rc' (Pyomo 6.10 writes every
        # reduced cost under the literal key 'Rc'), and keeping solutions of models that have no
        # objective (incumbent_objective None).
        from pyomo.core.base import SymbolMap
        from pyomo.core.base.label import NumericLabeler

        symbol_map = legacy_soln.symbol_map = SymbolMap()
        symbol_map.default_labeler = NumericLabeler("x")
        legacy_results._smap_id = None
        loader = results.solution_loader
        has_sol = results.solution_status in _HAS_SOLUTION
        if load_solutions:
            if has_sol:
                loader.load_import_suffixes()
        elif loader.get_number_of_solutions():
            for var, val in loader.get_vars().items():
                legacy_soln.variable[symbol_map.getSymbol(var)] = {"Value": val}
            if has_sol and hasattr(model, "dual") and _import_enabled(model.dual):
                for con, val in loader.get_duals().items():
                    legacy_soln.constraint[symbol_map.getSymbol(con)] = {"Dual": val}
            if has_sol and hasattr(model, "rc") and _import_enabled(model.rc):
                for var, val in loader.get_reduced_costs().items():
                    legacy_soln.variable[symbol_map.getSymbol(var)]["Rc"] = val
            legacy_results.solution.insert(legacy_soln)
            legacy_results._smap_id = id(symbol_map)
            legacy_results._smap = symbol_map
        legacy_results.timing_info = results.timing_info.value()
        return legacy_results


def _import_enabled(suffix) -> bool:
    flag = suffix.import_enabled
    return bool(flag() if callable(flag) else flag)


_DOC = "minix: interior-point solver for convex LP, QP and SOCP (in-memory interface)"


def register() -> None:
    """Register "minix" with Pyomo's v2 SolverFactory and the legacy pyomo.environ one.
    Idempotent."""
    if "minix" in SolverFactory and SolverFactory.get_class("minix") is Minix:
        return
    SolverFactory.register(name="minix", legacy_name="minix", doc=_DOC)(Minix, LegacyMinix)


# Importing this module registers it. (When this import is what first imports Pyomo's factory,
# the import hook fires while this module is half-initialised and leaves registration to here.)
register()
