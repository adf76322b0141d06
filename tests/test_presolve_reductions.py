"""Presolve reductions on crafted canonical problems: each reduction fires, the answer of the
original problem (x, s, z) is checked by tests/checks.py from the data only, and statuses
decided in presolve come with certificates valid for the original problem."""
import numpy as np
import pytest
import scipy.sparse as sp

import minix
from checks import (assert_dual_infeasible, assert_optimal, assert_primal_infeasible)
from minix.presolve import worth_presolving


def csc(rows):
    return sp.csc_matrix(np.array(rows, dtype=float))


def both(P, q, A, b, cones):
    """Solve with and without presolve; both must be optimal for the original problem."""
    r0 = minix.solve(P, q, A, b, cones, presolve_enable=False)
    r1 = minix.solve(P, q, A, b, cones, presolve_enable=True)
    assert_optimal(P, q, A, b, cones, r0)
    assert_optimal(P, q, A, b, cones, r1)
    assert r1.obj_val == pytest.approx(r0.obj_val, abs=1e-7, rel=1e-7)
    return r0, r1


def test_singleton_rows_and_duplicate_bounds_merged():
    # min -x0 - x1 s.t. x0 + x1 <= 3, x0 <= 2, 2 x0 <= 4 (duplicate), x0 <= 5, -x1 <= 0, x1 <= 2
    q = np.array([-1.0, -2.0])
    A = csc([[1, 1], [1, 0], [2, 0], [1, 0], [0, -1], [0, 1]])
    b = np.array([3.0, 2, 4, 5, 0, 2])
    cones = [minix.NonNeg(6)]
    assert worth_presolving(None, A, b, cones)
    r0, r1 = both(None, q, A, b, cones)
    red = r1.info["presolve"]
    assert red["reductions"]["singleton_rows"] == 5
    assert red["m_reduced"] < 6
    np.testing.assert_allclose(r1.x, [1.0, 2.0], atol=1e-7)
    # the non-tight bounds have zero duals; the bound x1 <= 2 carries 1 (= 2 - 1)
    np.testing.assert_allclose(r1.z[[0, 3, 4, 5]], [1.0, 0.0, 0.0, 1.0], atol=1e-7)


def test_singleton_equality_fixes_variable_with_P_coupling():
    rng = np.random.default_rng(1)
    M = rng.standard_normal((4, 4))
    P = sp.csc_matrix(M @ M.T + np.eye(4))
    q = rng.standard_normal(4)
    A = csc([[0, 0, 2, 0], [1, 1, 1, 1], [-1, 0, 0, 0], [0, -1, 0, 0]])
    b = np.array([1.0, 2.0, 0.0, 0.0])
    cones = [minix.Zero(2), minix.NonNeg(2)]
    r0, r1 = both(P, q, A, b, cones)
    assert r1.info["presolve"]["reductions"]["fixed_vars"] == 1
    assert r1.info["presolve"]["n_reduced"] == 3
    np.testing.assert_allclose(r1.x, r0.x, atol=1e-6)
    np.testing.assert_allclose(r1.z, r0.z, atol=1e-6)  # unique duals here


def test_fixed_variable_in_second_order_cone():
    # x0 fixed to 1 by a Zero row; ||(x1, x2)|| <= x0 + 1; min x1 + x2
    q = np.array([0.0, 1.0, 1.0])
    A = csc([[1, 0, 0], [-1, 0, 0], [0, -1, 0], [0, 0, -1]])
    b = np.array([1.0, 1.0, 0.0, 0.0])
    cones = [minix.Zero(1), minix.SOC(3)]
    r0, r1 = both(None, q, A, b, cones)
    np.testing.assert_allclose(r1.x, [1, -np.sqrt(2), -np.sqrt(2)], atol=1e-6)
    np.testing.assert_allclose(r1.z, r0.z, atol=1e-6)


def test_empty_row_feasible_dropped():
    q = np.array([1.0, 1.0])
    A = sp.csc_matrix((np.array([-1.0, -1.0, 1.0, 1.0]), (np.array([1, 2, 3, 3]), np.array([0, 1, 0, 1]))),
                      shape=(4, 2))
    b = np.array([0.0, 0.0, 0.0, 5.0])
    cones = [minix.Zero(1), minix.NonNeg(3)]  # row 0 is an empty equality 0 = 0
    r0, r1 = both(None, q, A, b, cones)
    assert r1.info["presolve"]["reductions"]["empty_rows"] == 1
    assert r1.z[0] == 0.0


@pytest.mark.parametrize("cones,b", [([minix.Zero(1), minix.NonNeg(2)], [1.0, 0, 0]),
                                     ([minix.NonNeg(3)], [-1.0, 0, 0])])
def test_empty_row_infeasible_decided_in_presolve(cones, b):
    q = np.array([1.0, 1.0])
    A = sp.csc_matrix((np.array([-1.0, -1.0]), (np.array([1, 2]), np.array([0, 1]))), shape=(3, 2))
    b = np.array(b)
    res = minix.solve(None, q, A, b, cones, presolve_enable=True)
    assert res.status == minix.Status.PRIMAL_INFEASIBLE
    assert res.iterations == 0 and "presolve" in res.info["timings"]
    assert_primal_infeasible(A, b, cones, res.z)


def test_row_emptied_by_fixed_variables_is_infeasible_with_original_certificate():
    # x0 = 1, x1 = 2 (Zero singletons), x0 + x1 <= 2: infeasible only after substitution
    q = np.array([1.0, 1.0, 1.0])
    A = csc([[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, -1]])
    b = np.array([1.0, 2.0, 2.0, 0.0])
    cones = [minix.Zero(2), minix.NonNeg(2)]
    res = minix.solve(None, q, A, b, cones, presolve_enable=True)
    assert res.status == minix.Status.PRIMAL_INFEASIBLE and res.iterations == 0
    assert_primal_infeasible(A, b, cones, res.z)


def test_crossing_bounds_infeasible():
    q = np.array([1.0, 1.0])
    A = csc([[1, 0], [-1, 0], [1, 1]])
    b = np.array([1.0, -2.0, 10.0])  # x0 <= 1 and x0 >= 2
    cones = [minix.NonNeg(3)]
    res = minix.solve(None, q, A, b, cones, presolve_enable=True)
    assert res.status == minix.Status.PRIMAL_INFEASIBLE and res.iterations == 0
    assert_primal_infeasible(A, b, cones, res.z)


def test_empty_column_unbounded():
    q = np.array([1.0, -1.0])
    A = csc([[-1, 0], [1, 0]])
    b = np.array([0.0, 4.0])
    cones = [minix.NonNeg(2)]
    res = minix.solve(None, q, A, b, cones, presolve_enable=True)
    assert res.status == minix.Status.DUAL_INFEASIBLE and res.iterations == 0
    assert_dual_infeasible(None, q, A, cones, res.x, res.s)


def test_empty_column_bounded_and_quadratic():
    # x1 only in bound rows (x1 <= 3): linear cost -1 -> x1 = 3; x2 in no row, P_22 = 2, q_2 = -4 -> x2 = 2
    P = sp.diags([1.0, 0.0, 2.0], format="csc")
    q = np.array([-1.0, -1.0, -4.0])
    A = csc([[1, 0, 0], [0, 1, 0], [0, 0, 0]])[:2]
    b = np.array([0.5, 3.0])
    cones = [minix.NonNeg(2)]
    r0, r1 = both(P, q, A, b, cones)
    np.testing.assert_allclose(r1.x, [0.5, 3.0, 2.0], atol=1e-7)
    np.testing.assert_allclose(r1.z, [0.5, 1.0], atol=1e-7)
    assert r1.info["presolve"]["n_reduced"] == 0  # every column solved in closed form


def test_infinite_nonneg_rows_dropped():
    q = np.array([1.0, 1.0])
    A = csc([[-1, -1], [1, 1], [-1, 0], [0, -1]])
    b = np.array([-1.0, 1e20, 0.0, 0.0])
    cones = [minix.NonNeg(4)]
    assert worth_presolving(None, A, b, cones)
    res = minix.solve(None, q, A, b, cones, presolve_enable=True)
    assert res.status == minix.Status.SOLVED
    assert res.info["presolve"]["reductions"]["free_rows"] == 1
    assert res.z[1] == 0.0
    assert res.obj_val == pytest.approx(1.0, abs=1e-7)


def test_certificates_from_the_core_map_back():
    # x0 = 1 fixed; x0 + x1 + x2 <= 0 with x1, x2 >= 0: infeasible, found by the core
    q = np.zeros(3)
    A = csc([[1, 0, 0], [1, 1, 1], [0, -1, 0], [0, 0, -1]])
    b = np.array([1.0, 0, 0, 0])
    cones = [minix.Zero(1), minix.NonNeg(3)]
    res = minix.solve(None, q, A, b, cones, presolve_enable=True)
    assert res.status == minix.Status.PRIMAL_INFEASIBLE
    assert "presolve" in res.info
    assert_primal_infeasible(A, b, cones, res.z)
    # x0 = 1 fixed; min -x1 - x2 s.t. x1 - x2 <= x0, x2 >= 0 : ray (0, 1, 1)
    q = np.array([0.0, -1.0, -1.0])
    A = csc([[1, 0, 0], [-1, 1, -1], [0, 0, -1]])
    b = np.array([1.0, 0, 0])
    cones = [minix.Zero(1), minix.NonNeg(2)]
    res = minix.solve(None, q, A, b, cones, presolve_enable=True)
    assert res.status == minix.Status.DUAL_INFEASIBLE
    assert "presolve" in res.info
    assert_dual_infeasible(None, q, A, cones, res.x, res.s)


def test_nothing_to_do_is_fast_and_invisible():
    q = np.array([-1.0, -2.0])
    A = csc([[1, 1], [1, -1], [2, 1]])
    b = np.array([1.0, 1, 3])
    cones = [minix.NonNeg(3)]
    assert not worth_presolving(None, A, b, cones)
    s = minix.Solver(None, q, A, b, cones, presolve_enable=True)
    res = s.solve()
    assert "presolve" not in res.info and "presolve" in res.info["timings"]
    assert res.info["timings"]["presolve"] < 5e-3
    s.update(q=np.array([-2.0, -1.0]))  # updates stay allowed when presolve did nothing


def test_update_with_active_presolve_raises():
    q = np.array([1.0, 1.0])
    A = csc([[1, 0], [-1, -1]])
    b = np.array([1.0, -1.0])
    s = minix.Solver(None, q, A, b, [minix.Zero(1), minix.NonNeg(1)], presolve_enable=True)
    s.solve()
    with pytest.raises(ValueError, match="presolve_enable=False"):
        s.update(q=np.array([2.0, 1.0]))
    s2 = minix.Solver(None, q, A, b, [minix.Zero(1), minix.NonNeg(1)], presolve_enable=False)
    s2.update(q=np.array([2.0, 1.0]))
    assert s2.solve().status == minix.Status.SOLVED


def test_quick_check_ignores_what_presolve_cannot_use():
    # x1 is in no row but P couples it to x0: not an empty column presolve could solve
    P = sp.csc_matrix(np.array([[2.0, 1.0], [0.0, 2.0]]))
    A = csc([[1, 0], [-1, 0]])  # -1 <= x0 <= 1: two single bound rows, nothing to merge
    b = np.array([1.0, 1.0])
    assert not worth_presolving(P, A, b, [minix.NonNeg(2)])
    assert worth_presolving(None, A, b, [minix.NonNeg(2)])  # without P, x1 is an empty column
    # singleton rows inside a second-order cone are never reduced
    A = csc([[-1, 0, 0], [0, -1, 0], [0, 0, -1], [1, 1, 1], [1, -1, 1]])
    b = np.array([1.0, 0, 0, 1, 1])
    assert not worth_presolving(None, A, b, [minix.SOC(3), minix.NonNeg(2)])
