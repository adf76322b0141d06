"""SolverFactory("minix") in Pyomo: classic models against HiGHS, statuses, options, registration.

Every model below has a unique primal and dual solution (checked by the comparison itself: HiGHS
returns a vertex, minix the analytic centre of the optimal face, so they agree only when the face
is a point), so objective, values, duals and reduced costs must agree with HiGHS to 1e-5.
Pyomo's own suites run in conformance/pyomo; this file covers what they do not.
"""
import os
import subprocess
import sys
import textwrap

import pytest

pyo = pytest.importorskip("pyomo.environ")
pytest.importorskip("highspy")

import minix  # noqa: E402,F401  (registers "minix")
from pyomo.contrib.solver.common.factory import SolverFactory as V2Factory  # noqa: E402
from pyomo.contrib.solver.common.results import (  # noqa: E402
    SolutionStatus,
    TerminationCondition,
)
from pyomo.contrib.solver.common.util import (  # noqa: E402
    IncompatibleModelError,
    NoDualsError,
    NoFeasibleSolutionError,
    NoOptimalSolutionError,
    NoSolutionError,
)
from pyomo.opt import TerminationCondition as LegacyTC  # noqa: E402

from minix.adapters.pyomo import STATUS_MAP, LegacyMinix, Minix  # noqa: E402

TOL = 1e-5


# --------------------------------------------------------------------------------------------
# Models. Each builder returns a fresh ConcreteModel with dual and rc suffixes.
# --------------------------------------------------------------------------------------------

def _suffixes(m):
    m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    m.rc = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    return m


def transport():
    """Dantzig's transportation problem (GAMS library `trnsport`), made nondegenerate: the
    original has ties in the distances (alternative optimal shipments) and Seattle's supply row
    active with dual 0. Here Topeka's demand is 250 and San Diego's distances to New York and
    Chicago are 2.6 and 1.85, so the optimal basis is unique, with all reduced costs of
    nonbasic routes > 0 (Seattle-Topeka 0.045, San Diego-Chicago 0.0045)."""
    m = pyo.ConcreteModel()
    m.I = pyo.Set(initialize=["seattle", "san-diego"])
    m.J = pyo.Set(initialize=["new-york", "chicago", "topeka"])
    a = {"seattle": 350, "san-diego": 600}
    b = {"new-york": 325, "chicago": 300, "topeka": 250}
    dist = {("seattle", "new-york"): 2.5, ("seattle", "chicago"): 1.7, ("seattle", "topeka"): 1.8,
            ("san-diego", "new-york"): 2.6, ("san-diego", "chicago"): 1.85,
            ("san-diego", "topeka"): 1.4}
    m.x = pyo.Var(m.I, m.J, within=pyo.NonNegativeReals)
    m.cost = pyo.Objective(expr=sum(90 * dist[i, j] / 1000 * m.x[i, j] for i in m.I for j in m.J))
    m.supply = pyo.Constraint(m.I, rule=lambda m, i: sum(m.x[i, j] for j in m.J) <= a[i])
    m.demand = pyo.Constraint(m.J, rule=lambda m, j: sum(m.x[i, j] for i in m.I) >= b[j])
    return _suffixes(m)


def diet():
    """A small diet problem: nutrient ranges (range constraints), serving bounds, min cost."""
    foods = {"bread": 2.0, "milk": 3.5, "cheese": 8.0, "potato": 1.5, "fish": 11.0, "yogurt": 1.0}
    nutr = {  # calories, protein, calcium per serving
        "bread": (65, 2.2, 13), "milk": (146, 8.0, 285), "cheese": (113, 7.0, 204),
        "potato": (161, 4.3, 26), "fish": (206, 22.0, 20), "yogurt": (100, 4.0, 150)}
    lo = (2000, 55, 800)
    hi = (2500, 150, 1600)
    m = pyo.ConcreteModel()
    m.F = pyo.Set(initialize=list(foods))
    m.N = pyo.RangeSet(0, 2)
    m.x = pyo.Var(m.F, bounds=(0, 10))
    m.cost = pyo.Objective(expr=sum(foods[f] * m.x[f] for f in m.F))
    m.nutrient = pyo.Constraint(
        m.N, rule=lambda m, k: (lo[k], sum(nutr[f][k] * m.x[f] for f in m.F), hi[k]))
    m.variety = pyo.Constraint(expr=m.x["yogurt"] <= 4)
    return _suffixes(m)


def blending():
    """Blending as a maximization: profit of a gasoline blend, octane and vapour limits as
    quality constraints, an equality on total volume."""
    comps = {"butane": (120, 60, 0.20, 3000), "reformate": (100, 2.6, 0.45, 5000),
             "alkylate": (105, 4.0, 0.55, 4000), "naphtha": (70, 12.0, 0.10, 3500)}
    m = pyo.ConcreteModel()
    m.C = pyo.Set(initialize=list(comps))
    m.x = pyo.Var(m.C, bounds=lambda m, c: (0, comps[c][3]))
    price = 0.70
    m.profit = pyo.Objective(expr=sum((price - comps[c][2]) * m.x[c] for c in m.C),
                             sense=pyo.maximize)
    m.volume = pyo.Constraint(expr=sum(m.x[c] for c in m.C) == 10000)
    m.octane = pyo.Constraint(expr=sum((comps[c][0] - 95) * m.x[c] for c in m.C) >= 0)
    m.vapour = pyo.Constraint(expr=sum((comps[c][1] - 11) * m.x[c] for c in m.C) <= 0)
    return _suffixes(m)


def markowitz(target=0.10):
    """Markowitz: min x'Sx s.t. sum x = 1, mu'x >= target, 0 <= x <= 0.6 (long only, capped)."""
    mu = [0.06, 0.09, 0.12, 0.15]
    S = [[0.0100, 0.0018, 0.0011, 0.0008],
         [0.0018, 0.0225, 0.0030, 0.0020],
         [0.0011, 0.0030, 0.0400, 0.0060],
         [0.0008, 0.0020, 0.0060, 0.0900]]
    m = pyo.ConcreteModel()
    m.A = pyo.RangeSet(0, 3)
    m.x = pyo.Var(m.A, bounds=(0, 0.6))
    m.risk = pyo.Objective(expr=sum(S[i][j] * m.x[i] * m.x[j] for i in m.A for j in m.A))
    m.budget = pyo.Constraint(expr=sum(m.x[i] for i in m.A) == 1)
    m.ret = pyo.Constraint(expr=sum(mu[i] * m.x[i] for i in m.A) >= target)
    return _suffixes(m)


def utility_max():
    """Concave QP as a maximization: max mu'x - 2 x'Sx on the simplex (sense handling of P)."""
    m = markowitz()
    mu = [0.06, 0.09, 0.12, 0.15]
    expr = m.risk.expr
    m.del_component(m.risk)
    m.del_component(m.ret)
    m.util = pyo.Objective(expr=sum(mu[i] * m.x[i] for i in m.A) - 2 * expr, sense=pyo.maximize)
    return m


def infeasible():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, None))
    m.y = pyo.Var(bounds=(0, None))
    m.o = pyo.Objective(expr=m.x + m.y)
    m.c1 = pyo.Constraint(expr=m.x + m.y <= 1)
    m.c2 = pyo.Constraint(expr=m.x - m.y >= 3)
    m.c3 = pyo.Constraint(expr=m.y >= 0.5)
    return _suffixes(m)


def unbounded():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, None))
    m.y = pyo.Var()
    m.o = pyo.Objective(expr=m.x + m.y, sense=pyo.maximize)
    m.c = pyo.Constraint(expr=m.x - m.y <= 2)
    return _suffixes(m)


# --------------------------------------------------------------------------------------------
# Comparison against HiGHS (Pyomo's v2 `highs` interface)
# --------------------------------------------------------------------------------------------

def _solve(name, builder, **kwds):
    m = builder()
    res = V2Factory(name).solve(m, **kwds)
    return m, res


def _by_name(suffix):
    return {c.name: v for c, v in suffix.items()}


@pytest.mark.parametrize("builder", [transport, diet, blending, markowitz, utility_max],
                         ids=lambda f: f.__name__)
def test_matches_highs(builder):
    """Values and duals against a simplex solver's vertex. At the default 1e-8 gap an
    interior-point x is within about mu / (smallest nonzero reduced cost) of the vertex, which
    for transport (reduced cost 0.0045) is 5e-5; the comparison therefore asks Minix for 1e-10."""
    mh, rh = _solve("highs", builder)
    tight = dict(tol_gap_abs=1e-10, tol_gap_rel=1e-10, tol_feas=1e-10)
    mm, rm = _solve("minix", builder, solver_options=tight)
    assert rm.termination_condition == TerminationCondition.convergenceCriteriaSatisfied
    assert rm.solution_status == SolutionStatus.optimal
    assert rm.incumbent_objective == pytest.approx(rh.incumbent_objective, rel=TOL, abs=TOL)
    assert rm.objective_bound is not None
    if mm.component_data_objects(pyo.Objective).__next__().sense == pyo.minimize:
        assert rm.objective_bound <= rm.incumbent_objective
    else:
        assert rm.objective_bound >= rm.incumbent_objective
    for vh, vm in zip(mh.component_data_objects(pyo.Var), mm.component_data_objects(pyo.Var)):
        assert vm.value == pytest.approx(vh.value, abs=TOL), vm.name
    dh, dm = _by_name(mh.dual), _by_name(mm.dual)
    assert dm.keys() == dh.keys()
    for k in dh:
        assert dm[k] == pytest.approx(dh[k], rel=1e-4, abs=TOL), k
    rch, rcm = _by_name(mh.rc), _by_name(mm.rc)
    assert rcm.keys() == rch.keys()
    for k in rch:
        assert rcm[k] == pytest.approx(rch[k], rel=1e-4, abs=TOL), k


def test_transport_known_duals():
    """Hand check of the dual signs on a min problem: >= rows >= 0, <= rows <= 0."""
    m, res = _solve("minix", transport)
    for j in m.J:
        assert m.dual[m.demand[j]] > 0
    for i in m.I:
        assert m.dual[m.supply[i]] <= 1e-9


def test_legacy_factory_matches_highs():
    """The same through pyomo.environ.SolverFactory (legacy SolverResults, suffixes)."""
    mh, mm = blending(), blending()
    pyo.SolverFactory("highs").solve(mh)
    r = pyo.SolverFactory("minix").solve(mm)
    assert r.solver.termination_condition == LegacyTC.optimal
    assert r.solver.status == pyo.SolverStatus.ok
    assert pyo.value(mm.profit) == pytest.approx(pyo.value(mh.profit), rel=TOL)
    for k, v in _by_name(mh.dual).items():
        assert _by_name(mm.dual)[k] == pytest.approx(v, rel=1e-4, abs=TOL)
    for k, v in _by_name(mh.rc).items():
        assert _by_name(mm.rc)[k] == pytest.approx(v, rel=1e-4, abs=TOL)


def test_legacy_load_solutions_false_keeps_rc():
    """load_solutions=False: values, duals and reduced costs go into results and load later.
    (Pyomo 6.10's own LegacySolverWrapper stores every rc under the key 'Rc'; ours keys them.)"""
    m = diet()
    r = pyo.SolverFactory("minix").solve(m, load_solutions=False)
    assert all(v.value is None for v in m.x.values())
    assert len(m.dual) == 0
    m.solutions.load_from(r)
    mh = diet()
    pyo.SolverFactory("highs").solve(mh)
    for f in m.F:
        assert m.x[f].value == pytest.approx(mh.x[f].value, abs=TOL)
        assert m.rc[m.x[f]] == pytest.approx(mh.rc[mh.x[f]], rel=1e-4, abs=TOL)
    for k in m.nutrient:
        assert m.dual[m.nutrient[k]] == pytest.approx(mh.dual[mh.nutrient[k]], rel=1e-4, abs=TOL)


# --------------------------------------------------------------------------------------------
# Infeasible, unbounded, limits
# --------------------------------------------------------------------------------------------

def test_infeasible():
    mh, rh = _solve("highs", infeasible, raise_exception_on_nonoptimal_result=False,
                    load_solutions=False)
    assert rh.termination_condition == TerminationCondition.provenInfeasible
    m, r = _solve("minix", infeasible, raise_exception_on_nonoptimal_result=False,
                  load_solutions=False)
    assert r.termination_condition == TerminationCondition.provenInfeasible
    assert r.solution_status == SolutionStatus.noSolution
    assert r.incumbent_objective is None
    with pytest.raises(NoSolutionError, match="does not currently have a valid solution"):
        r.solution_loader.load_vars()
    with pytest.raises(NoDualsError, match="does not currently have valid duals"):
        r.solution_loader.get_duals()
    with pytest.raises(NoOptimalSolutionError):
        _solve("minix", infeasible)
    with pytest.raises(NoFeasibleSolutionError):
        _solve("minix", infeasible, raise_exception_on_nonoptimal_result=False)


def test_unbounded():
    mh, rh = _solve("highs", unbounded, raise_exception_on_nonoptimal_result=False,
                    load_solutions=False)
    m, r = _solve("minix", unbounded, raise_exception_on_nonoptimal_result=False,
                  load_solutions=False)
    assert rh.termination_condition == TerminationCondition.unbounded
    assert r.termination_condition == TerminationCondition.unbounded
    assert r.incumbent_objective is None
    assert m.x.value is None


def test_both_infeasible_and_dual_infeasible_is_reported_infeasible():
    """min y s.t. y >= x, y <= x - 1: primal and dual are both infeasible, so a
    dual-infeasibility certificate alone would say "unbounded"; the core's feasibility run
    (q = 0) certifies infeasibility (the adapter's own feasibility check stays as a second
    line for inconclusive core runs)."""
    m = pyo.ConcreteModel()
    m.x, m.y = pyo.Var(), pyo.Var()
    m.o = pyo.Objective(expr=m.y)
    m.c1 = pyo.Constraint(expr=m.y >= m.x)
    m.c2 = pyo.Constraint(expr=m.y <= m.x - 1)
    r = V2Factory("minix").solve(m, raise_exception_on_nonoptimal_result=False,
                                  load_solutions=False)
    assert r.termination_condition in (TerminationCondition.provenInfeasible,
                                       TerminationCondition.infeasibleOrUnbounded)


@pytest.mark.parametrize("builder,legacy", [
    (infeasible, LegacyTC.infeasible),
    (transport, LegacyTC.optimal),
], ids=["infeasible", "optimal"])
def test_legacy_termination_conditions(builder, legacy):
    m = builder()
    r = pyo.SolverFactory("minix").solve(m)         # never raises, as legacy solvers don't
    assert r.solver.termination_condition == legacy


def test_legacy_unbounded():
    r = pyo.SolverFactory("minix").solve(unbounded())
    assert r.solver.termination_condition == LegacyTC.unbounded
    assert len(r.solution) == 0


def test_iteration_limit_and_options_pass_through():
    m = markowitz()
    r = V2Factory("minix").solve(m, solver_options={"max_iter": 2},
                                  raise_exception_on_nonoptimal_result=False,
                                  load_solutions=False)
    assert r.termination_condition == TerminationCondition.iterationLimit
    assert r.extra_info.iterations == 2
    assert r.incumbent_objective is None
    r.solution_loader.get_vars()                   # the last iterate is there on request
    with pytest.raises(NoDualsError):
        r.solution_loader.get_duals()
    lr = pyo.SolverFactory("minix").solve(markowitz(), options={"max_iter": 2})
    assert lr.solver.termination_condition == LegacyTC.maxIterations
    assert lr.solver.status == pyo.SolverStatus.aborted


def test_tolerances_pass_through():
    loose = V2Factory("minix").solve(markowitz(), solver_options={
        "tol_gap_abs": 1e-3, "tol_gap_rel": 1e-3, "tol_feas": 1e-3})
    tight = V2Factory("minix").solve(markowitz())
    assert loose.extra_info.iterations < tight.extra_info.iterations


def test_time_limit_zero():
    m = transport()
    r = V2Factory("minix").solve(m, time_limit=0, raise_exception_on_nonoptimal_result=False,
                                  load_solutions=False)
    assert r.termination_condition == TerminationCondition.maxTimeLimit
    lr = pyo.SolverFactory("minix").solve(transport(), timelimit=0)
    assert lr.solver.termination_condition == LegacyTC.maxTimeLimit


def test_unknown_option_raises():
    with pytest.raises(TypeError, match="unknown Minix setting 'no_such_option'"):
        V2Factory("minix").solve(transport(), solver_options={"no_such_option": 1})


def test_status_table_is_complete():
    assert set(STATUS_MAP) == set(minix.Status)


# --------------------------------------------------------------------------------------------
# tee, log, results fields
# --------------------------------------------------------------------------------------------

def test_tee_and_log(capsys):
    r = V2Factory("minix").solve(transport(), tee=True)
    out = capsys.readouterr().out
    assert "Minix" in out and "iter" in out
    assert "terminated with status" in r.solver_log
    r = V2Factory("minix").solve(transport())
    assert capsys.readouterr().out == ""
    assert "terminated with status" in r.solver_log
    assert r.solver_name == "minix"
    assert all(isinstance(p, int) for p in r.solver_version)
    assert r.timing_info.wall_time > 0
    assert r.timing_info.start_timestamp.tzinfo is not None


def test_legacy_tee(capsys):
    pyo.SolverFactory("minix").solve(transport(), tee=True)
    assert "terminated with status" in capsys.readouterr().out


# --------------------------------------------------------------------------------------------
# Model features
# --------------------------------------------------------------------------------------------

def test_fixed_variables_and_params():
    m = pyo.ConcreteModel()
    m.p = pyo.Param(initialize=2.0, mutable=True)
    m.x = pyo.Var(bounds=(0, None))
    m.y = pyo.Var()
    m.z = pyo.Var()
    m.z.fix(3.0)
    m.o = pyo.Objective(expr=(m.x - m.p) ** 2 + (m.y - m.z) ** 2 + m.z * m.x)
    m.c = pyo.Constraint(expr=m.x + m.y >= m.z)
    opt = V2Factory("minix")
    r = opt.solve(m)
    # z fixed at 3: min (x-2)^2 + (y-3)^2 + 3x s.t. x + y >= 3 -> x = 0.5, y = 3 (c inactive)
    assert m.x.value == pytest.approx(0.5, abs=TOL)
    assert m.y.value == pytest.approx(3.0, abs=TOL)
    assert m.z.value == 3.0
    assert r.incumbent_objective == pytest.approx(2.25 + 1.5, abs=TOL)
    m.p.value = 5.0                                  # mutable params are read at every solve
    opt.solve(m)
    assert m.x.value == pytest.approx(3.5, abs=TOL)


def test_mutable_quadratic_objective():
    """Pyomo's test_mutable_quadratic_objective_qp (issue #3381) without its HiGHS-private
    asserts, which is why conformance/pyomo skips it."""
    opt = V2Factory("minix")
    m = pyo.ConcreteModel()
    m.x1, m.x2 = pyo.Var(), pyo.Var()
    m.p1 = pyo.Param(initialize=1, mutable=True)
    m.p2 = pyo.Param(initialize=1, mutable=True)
    m.p3 = pyo.Param(initialize=4, mutable=True)
    m.obj = pyo.Objective(expr=m.p1 * (m.x1 - 1) ** 2 + m.p2 * (m.x2 - 6) ** 2 - m.p3 * m.x2)
    m.con = pyo.Constraint(expr=m.x1 >= m.x2)
    r = opt.solve(m)
    assert (m.x1.value, m.x2.value, r.incumbent_objective) == pytest.approx((4.5, 4.5, -3.5),
                                                                            abs=1e-4)
    m.p2.value = 2.0
    r = opt.solve(m)
    assert (m.x1.value, m.x2.value, r.incumbent_objective) == pytest.approx((5, 5, -2), abs=1e-4)
    m.x3 = pyo.Var()
    del m.obj
    m.obj = pyo.Objective(expr=m.p2 * (m.x2 - 6) ** 2 - m.p3 * m.x2 + m.p1 * (m.x3 - 1) ** 2)
    m.con2 = pyo.Constraint(expr=m.x3 >= m.x1)
    r = opt.solve(m)
    assert (m.x1.value, m.x2.value, m.x3.value) == pytest.approx((5, 5, 5), abs=1e-4)
    del m.con
    del m.con2
    m.p1.value = 2
    m.con = pyo.Constraint(expr=m.x3 >= m.x2)
    r = opt.solve(m)
    assert (m.x2.value, m.x3.value, r.incumbent_objective) == pytest.approx((4, 4, 10), abs=1e-4)


def test_variable_only_in_quadratic_objective():
    """The standard-form compiler drops columns empty in c and A; a variable that appears only
    in x'Px must still be solved for."""
    m = pyo.ConcreteModel()
    m.x, m.y = pyo.Var(), pyo.Var()
    m.o = pyo.Objective(expr=(m.x - 1) ** 2 + (m.y + 2) ** 2)
    m.c = pyo.Constraint(expr=m.x >= 2)
    V2Factory("minix").solve(m)
    assert (m.x.value, m.y.value) == pytest.approx((2, -2), abs=TOL)


@pytest.mark.parametrize("sense", [pyo.minimize, pyo.maximize])
@pytest.mark.parametrize("form", ["le", "ge"])
def test_convex_quadratic_constraint(sense, form):
    """x^2 + y^2 <= 1 (or -x^2 - y^2 >= -1), optimise x + y: x = y = s/sqrt 2 with s = -1 for
    min, +1 for max; objective s*sqrt 2. The dual d obj/d rhs: obj(u) = s*sqrt(2u), so
    s/sqrt 2 for the <= form at u = 1, and -s/sqrt 2 for the >= form (rhs l = -u)."""
    m = pyo.ConcreteModel()
    m.x, m.y = pyo.Var(), pyo.Var()
    m.o = pyo.Objective(expr=m.x + m.y, sense=sense)
    if form == "le":
        m.c = pyo.Constraint(expr=m.x ** 2 + m.y ** 2 <= 1)
    else:
        m.c = pyo.Constraint(expr=-m.x ** 2 - m.y ** 2 >= -1)
    m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    r = V2Factory("minix").solve(m)
    s = -1.0 if sense == pyo.minimize else 1.0
    assert (m.x.value, m.y.value) == pytest.approx((s / 2 ** 0.5, s / 2 ** 0.5), abs=TOL)
    assert r.incumbent_objective == pytest.approx(s * 2 ** 0.5, abs=TOL)
    expected = s / 2 ** 0.5 if form == "le" else -s / 2 ** 0.5
    assert m.dual[m.c] == pytest.approx(expected, abs=1e-5)


def test_quadratic_constraint_with_linear_terms_matches_shifted_form():
    """(x-1)^2 + (y-2)^2 <= 4 written expanded, min x: x = -1, y = 2; dual = d obj / d rhs with
    obj(r) = 1 - sqrt(r + 4): -1/(2*2) = -0.25."""
    m = pyo.ConcreteModel()
    m.x, m.y = pyo.Var(), pyo.Var()
    m.o = pyo.Objective(expr=m.x)
    m.c = pyo.Constraint(expr=m.x ** 2 - 2 * m.x + m.y ** 2 - 4 * m.y + 5 <= 4)
    m.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    r = V2Factory("minix").solve(m)
    assert r.incumbent_objective == pytest.approx(-1, abs=TOL)
    # y sits on a curved boundary where the objective is flat in y: an IPM gets it to ~sqrt(tol)
    assert (m.x.value, m.y.value) == pytest.approx((-1, 2), abs=1e-4)
    assert m.dual[m.c] == pytest.approx(-0.25, abs=1e-5)


def test_nonconvex_quadratic_constraint_is_a_clear_error():
    m = pyo.ConcreteModel()
    m.x, m.y = pyo.Var(), pyo.Var()
    m.o = pyo.Objective(expr=m.x)
    m.c = pyo.Constraint(expr=m.x ** 2 - m.y ** 2 <= 1)
    with pytest.raises(IncompatibleModelError, match="constraint c is not convex"):
        V2Factory("minix").solve(m)
    m.c.deactivate()
    m.e = pyo.Constraint(expr=m.x ** 2 + m.y ** 2 == 1)
    with pytest.raises(IncompatibleModelError, match="quadratic equality"):
        V2Factory("minix").solve(m)


def test_nonconvex_objective_is_a_clear_error():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(-1, 1))
    m.o = pyo.Objective(expr=-m.x ** 2)
    with pytest.raises(IncompatibleModelError, match="minix cannot solve this model"):
        V2Factory("minix").solve(m)


def test_integer_variables_are_a_clear_error():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(within=pyo.Integers, bounds=(0, 4))
    m.o = pyo.Objective(expr=m.x)
    with pytest.raises(IncompatibleModelError, match="variable x is integer"):
        V2Factory("minix").solve(m)
    m.b = pyo.Var(within=pyo.Binary)
    m.x.fix(2)
    m.o.expr = m.x + m.b
    with pytest.raises(IncompatibleModelError, match="variable b is binary"):
        V2Factory("minix").solve(m)
    m.b.fix(1)                                       # fixed discrete variables are fine
    r = V2Factory("minix").solve(m)
    assert r.incumbent_objective == pytest.approx(3.0)


def test_nonlinear_is_a_clear_error():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(1, 2))
    m.o = pyo.Objective(expr=pyo.exp(m.x))
    with pytest.raises(IncompatibleModelError, match="nonlinear"):
        V2Factory("minix").solve(m)


def test_kernel_model():
    import pyomo.kernel as pmo
    m = pmo.block()
    m.x = pmo.variable(lb=0)
    m.y = pmo.variable(lb=0)
    m.o = pmo.objective(m.x ** 2 + m.y ** 2 - 2 * m.x, sense=pmo.minimize)
    m.c = pmo.constraint(m.x + m.y >= 2)
    m.dual = pmo.suffix(direction=pmo.suffix.IMPORT)
    r = pyo.SolverFactory("minix").solve(m)
    assert r.solver.termination_condition == LegacyTC.optimal
    # min x^2 + y^2 - 2x s.t. x + y >= 2: x = 1.5, y = 0.5, dual 1
    assert (m.x.value, m.y.value) == pytest.approx((1.5, 0.5), abs=TOL)
    assert m.dual[m.c] == pytest.approx(1.0, abs=TOL)


def test_no_objective_and_empty_model():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(1, 3))
    m.c = pyo.Constraint(expr=m.x >= 2)
    r = V2Factory("minix").solve(m)
    assert r.incumbent_objective is None
    assert 2 - 1e-6 <= m.x.value <= 3 + 1e-6
    e = pyo.ConcreteModel()
    e.o = pyo.Objective(expr=4.0)
    r = V2Factory("minix").solve(e)
    assert r.termination_condition == TerminationCondition.convergenceCriteriaSatisfied
    assert r.incumbent_objective == 4.0


# --------------------------------------------------------------------------------------------
# Registration
# --------------------------------------------------------------------------------------------

def test_registered_in_both_factories():
    assert isinstance(V2Factory("minix"), Minix)
    assert isinstance(pyo.SolverFactory("minix"), LegacyMinix)
    assert pyo.SolverFactory("minix", solver_io="python").available()
    with pytest.raises(ValueError, match="in-memory"):
        LegacyMinix(solver_io="lp")
    from pyomo.opt.base.solvers import UnknownSolver
    assert isinstance(pyo.SolverFactory("minix", solver_io="lp"), UnknownSolver)  # logs the error


_ORDERS = {
    # `import minix` alone must not import Pyomo; the hook registers once Pyomo's factory loads
    "minix_first": "import sys; import minix; assert 'pyomo' not in sys.modules\n"
                   "import pyomo.environ as pyo",
    "pyomo_first": "import pyomo.environ as pyo; import minix",
    # the adapter module imports Pyomo itself (the hook fires mid-import) and registers at its end
    "adapter_module": "import minix.adapters.pyomo; import pyomo.environ as pyo",
    # hooks off: importing the adapter module is the explicit route
    "no_hooks": "import os; os.environ['MINIX_NO_ADAPTER_HOOKS'] = '1'\n"
                "import pyomo.environ as pyo; import minix; import minix.adapters.pyomo",
}


@pytest.mark.parametrize("order", sorted(_ORDERS))
def test_registration_import_orders(order):
    code = _ORDERS[order] + textwrap.dedent("""
        m = pyo.ConcreteModel(); m.x = pyo.Var(bounds=(1, None)); m.o = pyo.Objective(expr=m.x)
        pyo.SolverFactory("minix").solve(m)
        assert abs(m.x.value - 1) < 1e-6, m.x.value
        from pyomo.contrib.solver.common.factory import SolverFactory
        assert type(SolverFactory("minix")).__name__ == "Minix"
    """)
    env = dict(os.environ)  # the minix that the tests import: installed, or PYTHONPATH's
    env.pop("MINIX_NO_ADAPTER_HOOKS", None)
    proc = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-c", code],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
