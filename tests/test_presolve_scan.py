"""The C presolve scan (csrc/presolve_scan.c, minix.presolve.worth_presolving) against an
independent numpy statement of the same rule, on crafted cases and on every Maros-Meszaros
and Netlib instance; and the scan's refusal of data minix_setup would refuse."""
import numpy as np
import pytest
import scipy.sparse as sp

import minix
import minix.io as mio
from conftest import DATA_DIR, data_path
from minix.presolve import worth_presolving
from minix.status import MinixError

INFINITE_BOUND = 1e20


def numpy_worth(P, A, b, cones) -> bool:
    """The rule, written with array operations: an empty row (not in a cone other than Zero
    and NonNeg); an empty column of A with no off-diagonal entry of P in its row or column; a
    singleton Zero row; a NonNeg row with b >= 1e20; two singleton NonNeg bounds on one side
    of a variable; an upper and a lower singleton bound that fix a variable."""
    m, n = A.shape
    if m == 0:
        return False
    A = sp.csc_matrix(A)
    empty = np.diff(A.indptr) == 0
    if empty.any():
        if P is None or P.nnz == 0:
            return True
        Pc = sp.coo_matrix(P)
        off = Pc.row != Pc.col
        touch = np.bincount(Pc.row[off], minlength=n) + np.bincount(Pc.col[off], minlength=n)
        if (touch[empty] == 0).any():
            return True
    kinds = np.repeat([0 if type(c) is minix.Zero else 1 if type(c) is minix.NonNeg else 2
                       for c in cones], [c.size for c in cones])
    cnt = np.bincount(A.indices, minlength=m)
    lin = kinds < 2
    if (lin & (cnt == 0)).any() or ((kinds == 1) & (b >= INFINITE_BOUND)).any():
        return True
    if ((kinds == 0) & (cnt == 1)).any():
        return True
    single = (kinds == 1) & (cnt == 1)
    Ac = sp.coo_matrix(A)
    hit = single[Ac.row] & (Ac.data != 0)
    rows, cols, a = Ac.row[hit], Ac.col[hit], Ac.data[hit]
    up = a > 0
    if len(rows) and np.bincount(2 * cols + up, minlength=2 * n).max() > 1:
        return True
    hi, lo = np.full(n, np.inf), np.full(n, -np.inf)
    hi[cols[up]] = b[rows[up]] / a[up]
    lo[cols[~up]] = b[rows[~up]] / a[~up]
    both = np.isfinite(hi) & np.isfinite(lo)
    return bool((lo[both] >= hi[both] - 1e-13 * np.maximum(1.0, np.abs(hi[both]))).any())


def csc(rows):
    return sp.csc_matrix(np.array(rows, dtype=float))


CRAFTED = {
    "nothing": (None, csc([[1, 1], [1, -1]]), [1.0, 1.0], [minix.NonNeg(2)], False),
    "empty row": (None, csc([[1, 1], [0, 0]]), [1.0, 1.0], [minix.NonNeg(2)], True),
    "empty column": (None, csc([[1, 0], [1, 0]]), [1.0, 1.0], [minix.NonNeg(2)], True),
    "empty column coupled by P": (csc([[1, 1], [0, 1]]), csc([[1, 0], [-1, 0]]), [1.0, 1.0],
                                  [minix.NonNeg(2)], False),
    "singleton equality": (None, csc([[1, 1], [0, 2]]), [1.0, 1.0],
                           [minix.Zero(1), minix.Zero(1)], True),
    "infinite side": (None, csc([[1, 1], [1, -1]]), [1.0, 1e20], [minix.NonNeg(2)], True),
    "lone bound": (None, csc([[1, 1], [0, 1]]), [1.0, 1.0], [minix.NonNeg(2)], False),
    "two upper bounds": (None, csc([[1, 1], [0, 1], [0, 3]]), [1.0, 1.0, 1.0],
                         [minix.NonNeg(3)], True),
    "box": (None, csc([[1, 1], [0, 1], [0, -1]]), [1.0, 1.0, 1.0], [minix.NonNeg(3)], False),
    "fixed by its bounds": (None, csc([[1, 1], [0, 1], [0, -1]]), [1.0, 1.0, -1.0],
                            [minix.NonNeg(3)], True),
    "singletons inside a SOC": (None, csc([[-1, 0], [0, -1], [0, 0], [1, 1]]),
                                [1.0, 0.0, 0.0, 1.0], [minix.SOC(3), minix.NonNeg(1)], False),
}


def _widened(M):
    """The same matrix with int64 index arrays (the scan's other entry point)."""
    if M is None:
        return None
    W = sp.csc_matrix(M)
    W.indptr, W.indices = W.indptr.astype(np.int64), W.indices.astype(np.int64)
    return W


@pytest.mark.parametrize("width", ["int32", "int64"])
@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_scan_on_crafted_cases(case, width):
    P, A, b, cones, expected = CRAFTED[case]
    b = np.array(b)
    if width == "int64":
        P, A = _widened(P), _widened(A)
        assert A.indices.dtype == np.int64
    assert numpy_worth(P, A, b, cones) == expected
    assert worth_presolving(P, A, b, cones) == expected


def _instances():
    out = []
    for sub in (("maros",), ("netlib", "feasible"), ("netlib", "infeasible")):
        folder = DATA_DIR.joinpath(*sub)
        names = sorted(p.stem for p in folder.glob("*.mat")) if folder.exists() else []
        out += [pytest.param(sub, name, id="/".join(sub[-1:] + (name,))) for name in names]
    return out or [pytest.param(("maros",), "<data missing>", id="data-missing")]


@pytest.mark.parametrize("sub,name", _instances())
def test_scan_agrees_with_numpy_rule_on_data(sub, name):
    prob = mio.read(data_path(*sub, f"{name}.mat"))
    P = sp.triu(sp.csc_matrix(prob.P)).tocsc() if prob.P is not None else None
    A, b = sp.csc_matrix(prob.A), np.asarray(prob.b, dtype=float)
    assert worth_presolving(P, A, b, prob.cones) == numpy_worth(P, A, b, prob.cones)


@pytest.mark.parametrize("widen", [lambda M: M, _widened], ids=["int32", "int64"])
def test_scan_refuses_what_setup_refuses(widen):
    A, b, cones = widen(csc([[1, 1], [1, -1]])), np.array([1.0, np.nan]), [minix.NonNeg(2)]
    with pytest.raises(MinixError, match="b"):
        worth_presolving(None, A, b, cones)
    with pytest.raises(MinixError, match="cone sizes"):
        worth_presolving(None, A, np.ones(2), [minix.NonNeg(3)])
    with pytest.raises(MinixError, match="below the diagonal"):
        worth_presolving(widen(csc([[1, 0], [1, 1]])), A, np.ones(2), cones)
    bad = widen(csc([[1, 1], [1, -1]]))
    bad.indices[0] = 5  # a row index out of range, in either width
    with pytest.raises(MinixError, match="index|range|row"):
        worth_presolving(None, bad, np.ones(2), cones)
    # and the Solver, reaching the scan with such data, names the fault as before
    with pytest.raises(ValueError, match="b"):
        minix.Solver(None, np.ones(2), A, b, cones, presolve_enable=True)
