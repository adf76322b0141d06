"""Presolve on benchmark data: Maros-Meszaros QPs (canonical path, minix.Solver) and Netlib LPs
(box path, minix.solve_qp), each solved with and without presolve; both answers are checked
against the original problem. The full Maros comparison is bench/presolve.py."""
import numpy as np
import pytest

import minix
import minix.io as mio
from checks import optimality
from conftest import data_path
from test_presolve_qp import box_kkt

MAROS = ["HS35MOD", "QADLITTL", "QAFIRO", "QSC205", "QSCAGR7", "QBRANDY", "QSHARE1B",
         "QSHIP04S", "QRECIPE", "DUALC1"]
NETLIB = ["afiro", "sc50a", "adlittle", "blend", "kb2", "share2b", "recipe", "scagr7"]


@pytest.mark.parametrize("name", MAROS)
def test_maros_with_and_without_presolve(name):
    prob = mio.read(data_path("maros", f"{name}.mat"))
    r0 = minix.solve_problem(prob, presolve_enable=False)
    r1 = minix.solve_problem(prob, presolve_enable=True)
    # the C core is tuned concurrently: the baseline may end ALMOST_SOLVED; presolve must not
    assert r0.status.is_solved and r1.status == minix.Status.SOLVED, (r0.status, r1.status)
    m = optimality(prob.P, prob.q, prob.A, prob.b, prob.cones, r1.x, r1.s, r1.z)
    for key in ("pres", "dres", "gap"):
        assert m[key] <= 1e-6, (key, m)
    assert m["s_cone"] <= 1e-6 * (1 + np.abs(r1.s).max()) and m["z_cone"] <= 1e-12
    assert r1.obj_val == pytest.approx(r0.obj_val, rel=1e-5, abs=1e-6)
    if "presolve" in r1.info:
        assert r1.info["kkt_dim"] <= r0.info["kkt_dim"]


@pytest.mark.parametrize("name", NETLIB)
def test_netlib_box_form_with_and_without_presolve(name):
    box = mio.read(data_path("netlib", "feasible", f"{name}.mat"), form="box")
    out = []
    for pre in (False, True):
        r = minix.solve_qp(box.P, box.q, box.A, box.l, box.u, box.lb, box.ub, presolve_enable=pre)
        assert r.status == minix.Status.SOLVED, (pre, r.status)
        assert box_kkt(box.P, box.q, box.A, box.l, box.u, box.lb, box.ub, r.x, r.y, r.y_bounds) <= 1e-6
        out.append(r)
    assert out[1].obj_val == pytest.approx(out[0].obj_val, rel=1e-6, abs=1e-6)
