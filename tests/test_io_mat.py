"""Maros-Meszaros and Netlib .mat readers: layouts, constants, reference objectives."""
import numpy as np
import pytest
import scipy.io as sio
import scipy.sparse as sp

import minix.io as mio
from minix.cones import NonNeg, Zero
from minix.io.boxqp import BoxQP

from conftest import data_path
from test_io_helpers import assert_rel_close, reference, solve_with_clarabel


@pytest.mark.parametrize("name", ["QAFIRO", "HS21", "HS35", "HS118", "DUALC1", "GENHS28",
                                  "LOTSCHD", "QADLITTL"])
def test_maros_matches_reference(name):
    p = mio.read(data_path("maros", f"{name}.mat"))
    p.check_shapes()
    assert p.P is None or (sp.triu(p.P) != p.P).nnz == 0  # upper triangle only
    status, val = solve_with_clarabel(p)
    assert status == "Solved"
    assert_rel_close(val, reference(data_path("maros", "reference_objectives.csv"), name), 1e-6)


def test_maros_box_form_and_constant():
    box = mio.read(data_path("maros", "HS21.mat"), form="box")
    assert isinstance(box, BoxQP)
    raw = sio.loadmat(data_path("maros", "HS21.mat"))
    n = int(np.asarray(raw["n"]).astype(np.int64).ravel()[0])
    m = int(np.asarray(raw["m"]).astype(np.int64).ravel()[0])
    assert (box.n, box.m) == (n, m)
    assert box.constant == float(np.asarray(raw["r"]).astype(float).ravel()[0])
    np.testing.assert_array_equal(box.P.toarray(),
                                  np.triu(raw["P"].astype(float).toarray()))
    assert np.all(np.isinf(box.lb)) and np.all(np.isinf(box.ub))
    # +-1e20 became infinite
    u = raw["u"].astype(float).ravel()
    np.testing.assert_array_equal(np.isinf(box.u), np.abs(u) >= 1e20)
    assert box.A.dtype == np.float64


@pytest.mark.parametrize("name", ["afiro", "e226", "blend", "sc50a", "kb2"])
def test_netlib_feasible_matches_reference(name):
    p = mio.read(data_path("netlib", "feasible", f"{name}.mat"))
    assert all(isinstance(c, (Zero, NonNeg)) for c in p.cones)
    status, val = solve_with_clarabel(p)
    assert status == "Solved"
    # the reference is the optimal c'x; our objective includes the file's constant z0
    ref = reference(data_path("netlib", "reference_objectives.csv"), name)
    assert_rel_close(val - p.constant, ref, 1e-6)


def test_netlib_z0_is_the_objective_constant():
    p = mio.read(data_path("netlib", "feasible", "e226.mat"))
    assert p.constant == pytest.approx(-7.113)  # MPS RHS on the objective row: +7.113
    box = mio.read(data_path("netlib", "feasible", "e226.mat"), form="box")
    np.testing.assert_array_equal(box.l, box.u)  # Ax = b
    assert box.lb.shape == (box.n,)


@pytest.mark.parametrize("name", ["lpi_itest6", "lpi_galenet", "lpi_box1"])
def test_netlib_infeasible(name):
    p = mio.read(data_path("netlib", "infeasible", f"{name}.mat"))
    p.check_shapes()
    assert name.split("_", 1)[1] in p.name
    status, _ = solve_with_clarabel(p)
    assert status == "PrimalInfeasible"


def test_every_layout_loads_consistently():
    for parts in [("maros", "AUG2D.mat"), ("maros", "CVXQP1_S.mat"),
                  ("netlib", "feasible", "25fv47.mat"), ("netlib", "feasible", "agg.mat"),
                  ("netlib", "infeasible", "lpi_klein1.mat"),
                  ("netlib", "infeasible", "lpi_woodinfe.mat")]:
        p = mio.read(data_path(*parts))
        p.check_shapes()
        assert np.all(np.isfinite(p.b)) and np.all(np.isfinite(p.q))
        assert p.A.dtype == np.float64 and p.b.dtype == np.float64


def test_not_a_mat_file(tmp_path):
    path = tmp_path / "x.mat"
    path.write_text("NAME foo\n")
    with pytest.raises(mio.FormatError, match="not a MATLAB .mat file"):
        mio.read(path)


def test_unknown_mat_layout(tmp_path):
    path = tmp_path / "y.mat"
    sio.savemat(path, {"foo": np.ones(3)})
    with pytest.raises(mio.FormatError, match="unknown .mat layout"):
        mio.read(path)


def test_big_endian_arrays(tmp_path):
    # a tiny Netlib-style file written with big-endian data must come back native
    path = tmp_path / "be.mat"
    A = sp.csc_matrix(np.array([[1.0, 1.0]]))
    sio.savemat(path, {"A": A, "b": np.array([[1.0]], dtype=">f8"),
                       "c": np.array([[1.0], [2.0]], dtype=">f8"),
                       "lo": np.zeros((2, 1), dtype=">u2"),
                       "hi": np.array([[1e20], [3.0]], dtype=">f8"), "z0": np.array([[0.5]])})
    p = mio.read(path)
    assert p.q.dtype.byteorder in "=|" and p.b.dtype.byteorder in "=|"
    assert p.cones == [Zero(1), NonNeg(3)]
    np.testing.assert_array_equal(p.b, [1.0, 0.0, 3.0, 0.0])  # x1 >= 0, x2 <= 3, x2 >= 0
    assert not np.signbit(p.b).any()
    assert p.constant == 0.5
