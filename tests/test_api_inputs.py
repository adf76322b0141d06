"""minix.Solver takes inputs already in the core's form (float64 vectors, scipy CSC
float64) straight to minix_setup and checks them in Python only when the core refuses them.
These tests hold the two routes to the same answers and the same messages."""
import numpy as np
import pytest
import scipy.sparse as sp

import minix
from minix.core import direct_inputs


def qp():
    P = sp.csc_matrix(np.array([[4.0, 1.0], [1.0, 2.0]]))
    q = np.array([1.0, 1.0])
    A = sp.csc_matrix(np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0]]))
    b = np.array([1.0, 0.7, 0.7])
    return P, q, A, b, [minix.Zero(1), minix.NonNeg(2)]


def test_prepared_inputs_take_the_direct_route():
    P, q, A, b, cones = qp()
    U = sp.triu(P, format="csc")
    assert direct_inputs(U, q, A, b, cones) is not None
    assert direct_inputs(sp.csc_array(U), q, sp.csc_array(A), b, tuple(cones)) is not None
    assert direct_inputs(None, q, A, b, cones) is not None
    wide = direct_inputs(_with_indices(U, np.int64), q, _with_indices(A, np.int64), b, cones)
    assert wide is not None and not wide._narrow
    # anything needing a conversion goes the careful way
    assert direct_inputs(P.toarray(), q, A, b, cones) is None
    assert direct_inputs(P, list(q), A, b, cones) is None
    assert direct_inputs(P, q, A.tocsr(), b, cones) is None
    assert direct_inputs(P, q, A, b.astype(np.float32), cones) is None
    assert direct_inputs(P, q, A, b, [minix.Zero(1), 2]) is None
    assert direct_inputs(P, np.repeat(q, 2)[::2], A, b, cones) is None  # not contiguous
    assert direct_inputs(_with_indices(U, np.int64), q, A, b, cones) is None  # mixed widths
    short = A.copy()
    short.indices = short.indices[:-1]  # arrays that disagree: never read past their ends
    assert direct_inputs(U, q, short, b, cones) is None
    assert direct_inputs(U, q, A, b[:2], cones) is None


@pytest.mark.parametrize("form", ["upper", "full", "dense", "csc_array", "int64"])
def test_every_form_of_P_gives_the_same_answer(form):
    P, q, A, b, cones = qp()
    U = sp.triu(P, format="csc")
    given = {"upper": U, "full": P, "dense": P.toarray(), "csc_array": sp.csc_array(U),
             "int64": _with_indices(U, np.int64)}[form]
    res = minix.solve(given, q, A, b, cones)
    assert res.status == minix.Status.SOLVED
    assert res.obj_val == pytest.approx(1.88, abs=1e-7)


def test_callers_data_is_left_alone():
    P, q, A, b, cones = qp()
    copies = [P.data.copy(), P.indices.copy(), A.data.copy(), A.indices.copy(), q.copy(), b.copy()]
    solver = minix.Solver(P, q, A, b, cones)
    solver.update(q=2 * q, A=2 * A.data)
    solver.solve()
    for before, after in zip(copies, [P.data, P.indices, A.data, A.indices, q, b]):
        np.testing.assert_array_equal(before, after)
    assert solver.P.format == "csc" and solver.P.indices.dtype == np.int64
    np.testing.assert_array_equal(solver.P.toarray(), sp.triu(P).toarray())
    np.testing.assert_array_equal(solver.A.toarray(), 2 * A.toarray())


def test_first_error_in_order_is_reported():
    """q is checked before A, and input errors before the core's settings check."""
    P, q, A, b, cones = qp()
    q_bad = np.array([np.nan, 1.0])
    with pytest.raises(ValueError, match=r"q\[0\] is not finite"):
        minix.solve(P, q_bad, sp.csc_matrix(np.ones((3, 3))), b, cones)
    with pytest.raises(ValueError, match=r"q\[0\] is not finite"):
        minix.solve(P, q_bad, A, b, cones, max_iter=-1)
    with pytest.raises(minix.MinixError, match="max_iter"):
        minix.solve(P, q, A, b, cones, max_iter=-1)


def test_matrix_messages_name_the_entry():
    P, q, A, b, cones = qp()
    A_bad = A.copy()
    A_bad.data[2] = np.inf
    with pytest.raises(ValueError, match=r"A has a non-finite entry at \(0, 1\)"):
        minix.solve(P, q, A_bad, b, cones)
    P_bad = sp.triu(P, format="csc")
    P_bad.data[0] = np.nan
    with pytest.raises(ValueError, match=r"P has a non-finite entry at \(0, 0\)"):
        minix.solve(P_bad, q, A, b, cones)
    with pytest.raises(TypeError, match=r"cones\[1\] is 2"):
        minix.solve(P, q, A, b, [minix.Zero(1), 2])


@pytest.mark.parametrize("presolve", [False, True])
def test_presolve_takes_the_same_routes_and_messages(presolve):
    """With presolve on, data in the core's form skips the conversions but is still checked
    in Python (presolve reads it before the core does): the same answers, the same errors."""
    P, q, A, b, cones = qp()
    U = sp.triu(P, format="csc")
    for given in (U, P):  # a full P on the core's route must be caught, not read as upper
        res = minix.solve(given, q, A, b, cones, presolve_enable=presolve)
        assert res.status == minix.Status.SOLVED
        assert res.obj_val == pytest.approx(1.88, abs=1e-7)
    with pytest.raises(ValueError, match=r"q\[0\] is not finite"):
        minix.solve(U, np.array([np.nan, 1.0]), A, b, cones, presolve_enable=presolve)
    with pytest.raises(ValueError, match="cone sizes add up to 2"):
        minix.solve(U, q, A, b, [minix.Zero(1), minix.NonNeg(1)], presolve_enable=presolve)
    A_bad = A.copy()
    A_bad.data[2] = np.inf
    with pytest.raises(ValueError, match=r"A has a non-finite entry at \(0, 1\)"):
        minix.solve(U, q, A_bad, b, cones, presolve_enable=presolve)


def _with_indices(M, dtype):
    """M with its index arrays of the given width (set after construction: scipy narrows
    int64 indices that fit in int32)."""
    W = sp.csc_matrix((M.data.copy(), M.indices, M.indptr), shape=M.shape)
    W.indices, W.indptr = M.indices.astype(dtype), M.indptr.astype(dtype)
    return W


@pytest.mark.parametrize("widths", [(np.int32, np.int32), (np.int64, np.int64),
                                    (np.int32, np.int64), (np.int64, np.int32)])
def test_index_widths_give_identical_solves(widths):
    assert _with_indices(sp.eye(2, format="csc"), widths[0]).indices.dtype == widths[0]
    """int32 indices go to the core unconverted (minix_setup_i32), int64 or mixed widths as
    int64: the same iterates to the last bit, and the same message for a bad index."""
    P, q, A, b, cones = qp()
    U = sp.triu(P, format="csc")
    ref = minix.solve(U, q, A, b, cones)
    res = minix.solve(_with_indices(U, widths[0]), q, _with_indices(A, widths[1]), b, cones)
    np.testing.assert_array_equal(res.x, ref.x)
    np.testing.assert_array_equal(res.z, ref.z)
    assert res.iterations == ref.iterations
    A_bad = _with_indices(A, widths[1])
    A_bad.indices[0] = 7  # row 7 of 3: out of range (scipy's own format check not run)
    with pytest.raises(minix.MinixError, match=r"A: column 0 has row index 7 out of range \[0, 3\)"):
        minix.solve(_with_indices(U, widths[0]), q, A_bad, b, cones)


def test_settings_are_each_solvers_own():
    """Solvers set up with the same keywords share converted settings inside, but each has
    its own Settings object: changing one changes no other solver."""
    P, q, A, b, cones = qp()
    s1 = minix.Solver(P, q, A, b, cones, max_iter=3, verbose=False)
    s1.settings.max_iter = 1
    s2 = minix.Solver(P, q, A, b, cones, max_iter=3, verbose=False)
    assert s2.settings.max_iter == 3 and s2.settings is not s1.settings
    assert s2.solve().status == minix.Status.MAX_ITERATIONS
    assert s2.solve().iterations == 3
    s2.update_settings(max_iter=200)
    assert s2.solve().status == minix.Status.SOLVED
    s3 = minix.Solver(P, q, A, b, cones, max_iter=3, verbose=False)
    assert s3.solve().iterations == 3
    s3.settings = minix.Settings(max_iter=2)  # the solver's own, applied by update_settings
    s4 = minix.Solver(P, q, A, b, cones, max_iter=3, verbose=False)
    assert s4.settings.max_iter == 3
    s3.update_settings()
    assert s3.solve().iterations == 2


@pytest.mark.parametrize("presolve", [False, True])
@pytest.mark.parametrize("defect", ["unsorted", "duplicates"])
def test_unsorted_or_duplicate_indices_are_sorted_and_summed(defect, presolve):
    """The direct route leaves index order to minix_setup, which refuses an unsorted column;
    the careful route then sorts (and sums duplicates), so the answer is the same."""
    P, q, A, b, cones = qp()
    A = A.tocsc()
    if defect == "unsorted":
        # column 0 holds rows 0 and 1: store them as 1, 0
        M = sp.csc_matrix((A.data.copy(), A.indices.copy(), A.indptr.copy()), shape=A.shape)
        lo, hi = M.indptr[0], M.indptr[1]
        M.indices[lo:hi] = M.indices[lo:hi][::-1].copy()
        M.data[lo:hi] = M.data[lo:hi][::-1].copy()
        M.has_sorted_indices = False
    else:
        # A's (0, 0) entry split into two halves stored one after the other
        rows = np.concatenate([[0], A.indices])
        vals = np.concatenate([[0.5], A.data])
        vals[1] -= 0.5
        M = sp.csc_matrix((vals, rows, np.concatenate([[0], A.indptr[1:] + 1])), shape=A.shape)
    assert not M.has_canonical_format
    res = minix.solve(sp.triu(P, format="csc"), q, M, b, cones, presolve_enable=presolve)
    ref = minix.solve(sp.triu(P, format="csc"), q, A, b, cones, presolve_enable=presolve)
    assert res.status == ref.status == minix.Status.SOLVED
    np.testing.assert_allclose(res.x, ref.x, atol=1e-9)
    assert res.obj_val == pytest.approx(1.88, abs=1e-7)
