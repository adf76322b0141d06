"""Netlib LPs: every feasible instance solved to the reference objective, every infeasible
one reported primal infeasible with a certificate checked here.

Form: minimize c'x s.t. Ax = b, lo <= x <= hi (bounds as NonNeg rows, see minix.io.mat).
Reference objectives (c'x without the file's constant z0) come from
../shared/data/netlib/reference_objectives.csv (HiGHS at 1e-9).
"""
import csv
import os

import numpy as np
import pytest

import minix
import minix.io
from checks import assert_primal_infeasible, optimality
from conftest import DATA_DIR, data_path


# Instances taking over 15 s here run only with MINIX_SLOW_TESTS=1 (bench/netlib.py runs
# them all); CI time stays bounded.
SLOW = {"nug12", "nug15", "qap12", "qap15", "pds_10", "pilot87", "dfl001"}

# Open failures of the current solver (issue 3), strict: fixing one turns its test red until
# it is removed from here. They end AlmostSolved or with InsufficientProgress short of 1e-8.
# (The "objective" failures, solved to a 1e-8 gap but 1e-6 from the reference, went when the
# gap test began to include complementarity s'z.)
KNOWN_FAILURES = {
    # infeasible by 1e-9 (HiGHS, minimal L1 violation): at 1e-8 it is feasible to the solver,
    # and even HiGHS's exact Farkas ray misses this test's bound (|A'z| 8e-15 for b'z = -1e-9
    # with |z| = 1, where 1e-15 is allowed)
    "lpi_cplex2": "infeasible by 1e-9 only; HiGHS's own Farkas ray misses the test's bound",
}


def _names(sub):
    folder = DATA_DIR / "netlib" / sub
    if not folder.exists():
        return ["<data missing>"]
    params = []
    for name in sorted(p.name[:-4] for p in folder.glob("*.mat")):
        marks = []
        if name in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason="open (issue 3): " + KNOWN_FAILURES[name]))
        if name in SLOW:
            marks.append(pytest.mark.skipif(os.environ.get("MINIX_SLOW_TESTS") != "1",
                                            reason="slow instance; set MINIX_SLOW_TESTS=1"))
        params.append(pytest.param(name, marks=marks))
    return params


def _reference():
    path = data_path("netlib", "reference_objectives.csv")
    with open(path) as f:
        return {row["problem"]: float(row["objective"]) for row in csv.DictReader(f)}


@pytest.mark.parametrize("name", _names("feasible"))
def test_netlib_feasible(name):
    path = data_path("netlib", "feasible", name + ".mat")
    ref = _reference()[name]
    prob = minix.io.read(path)
    res = minix.solve(prob.P, prob.q, prob.A, prob.b, prob.cones, time_limit=120)
    assert res.status == minix.Status.SOLVED, res.status
    objective = float(prob.q @ res.x)  # c'x, without the constant z0
    assert abs(objective - ref) <= 1e-6 * max(1.0, abs(ref)), (objective, ref)
    m = optimality(prob.P, prob.q, prob.A, prob.b, prob.cones, res.x, res.s, res.z)
    assert m["pres"] <= 1e-7 and m["dres"] <= 1e-7, m
    assert m["s_cone"] <= 1e-7 * (1 + np.abs(res.s).max()) and m["z_cone"] <= 1e-7 * (1 + np.abs(res.z).max())


@pytest.mark.parametrize("name", _names("infeasible"))
def test_netlib_infeasible(name):
    path = data_path("netlib", "infeasible", name + ".mat")
    prob = minix.io.read(path)
    res = minix.solve(prob.P, prob.q, prob.A, prob.b, prob.cones, time_limit=120)
    assert res.status == minix.Status.PRIMAL_INFEASIBLE, res.status
    assert_primal_infeasible(prob.A, prob.b, prob.cones, res.z, tol=1e-6)
