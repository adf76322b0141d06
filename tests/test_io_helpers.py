"""Helpers shared by the tests/test_io_*.py files (imported as a module), plus their tests.

``solve_with_clarabel`` solves a canonical Problem with Clarabel (an independent solver with
the same cone conventions) to check that a reader's conversion preserves the optimum.
"""
import csv
import math

import numpy as np
import pytest
import scipy.sparse as sp

from minix.bench.peers import clarabel_cones
from minix.cones import NonNeg
from minix.problem import Problem


def clarabel_or_skip():
    return pytest.importorskip("clarabel", reason="clarabel is not installed")


def solve_with_clarabel(prob: Problem, tol: float = 1e-8):
    """(status string, objective in the file's sense incl. constant) of a Problem."""
    clarabel = clarabel_or_skip()
    cones = clarabel_cones(clarabel, prob.cones)
    n = prob.n
    P = sp.csc_matrix((n, n)) if prob.P is None else sp.triu(prob.P, format="csc")
    s = clarabel.DefaultSettings()
    s.verbose = False
    s.tol_gap_abs = s.tol_gap_rel = s.tol_feas = tol
    sol = clarabel.DefaultSolver(P, np.asarray(prob.q, float), sp.csc_matrix(prob.A),
                                 np.asarray(prob.b, float), cones, s).solve()
    status = str(sol.status)
    obj = sol.obj_val + prob.constant
    if prob.objective_sense == "max":
        obj = -obj
    return status, obj


def reference(path, name):
    with open(path) as f:
        for row in csv.DictReader(f):
            if row["problem"] == name:
                return float(row["objective"])
    raise KeyError(name)


def assert_rel_close(a, b, rtol=1e-6):
    assert abs(a - b) <= rtol * (1 + abs(b)), (a, b)


def assert_same_problem(p1: Problem, p2: Problem, exact=True):
    """Same canonical data (A, b, q, P, cones, constant, sense)."""
    assert p1.cones == p2.cones
    assert p1.objective_sense == p2.objective_sense
    cmp = np.testing.assert_array_equal if exact else (
        lambda a, b: np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-14))
    cmp(p1.q, p2.q)
    cmp(p1.b, p2.b)
    cmp(sp.csc_matrix(p1.A).toarray(), sp.csc_matrix(p2.A).toarray())
    P1 = np.zeros((p1.n, p1.n)) if p1.P is None else sp.triu(p1.P).toarray()
    P2 = np.zeros((p2.n, p2.n)) if p2.P is None else sp.triu(p2.P).toarray()
    cmp(P1, P2)
    assert p1.constant == p2.constant or math.isclose(p1.constant, p2.constant, rel_tol=1e-14)


def test_solve_with_clarabel_tiny_lp():
    # min -x  s.t. x <= 2  ->  -2, and the max-sense flip gives +2
    prob = Problem(P=None, q=np.array([-1.0]), A=sp.csc_matrix([[1.0]]), b=np.array([2.0]),
                   cones=[NonNeg(1)], constant=0.5)
    status, obj = solve_with_clarabel(prob)
    assert status == "Solved"
    assert_rel_close(obj, -1.5)
    prob.objective_sense = "max"
    assert_rel_close(solve_with_clarabel(prob)[1], 1.5)
