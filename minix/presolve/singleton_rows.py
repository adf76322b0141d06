"""Reduction: singleton rows (one nonzero, l <= a x_j <= u) become bounds on x_j, and bounds
from several rows on one variable are merged: the tightest wins on each side ("duplicate bound
rows merged"). Bounds cost at most one KKT row per finite side when emitted, and none once a
variable is fixed or its column is solved in closed form. Postsolve hands each bound's dual
to the row that owns it (postsolve/singleton_rows.py)."""
from __future__ import annotations

import numpy as np

from ..postsolve.singleton_rows import SingletonRowsRecord
from .work import Work, row_counts


def _tightest(cols, vals, rows, coef, lowest: bool):
    """Per column, the tightest finite candidate: (cols, vals, rows, coef) one per column."""
    fin = np.isfinite(vals)
    cols, vals, rows, coef = cols[fin], vals[fin], rows[fin], coef[fin]
    if cols.size == 0:
        return cols, vals, rows, coef
    order = np.lexsort((vals if lowest else -vals, cols))
    cols, vals, rows, coef = cols[order], vals[order], rows[order], coef[order]
    first = np.ones(cols.size, bool)
    first[1:] = cols[1:] != cols[:-1]
    return cols[first], vals[first], rows[first], coef[first]


class SingletonRows:
    name = "singleton_rows"

    def apply(self, w: Work):
        single = row_counts(w.A) == 1
        if not single.any():
            return w, None
        A = w.A
        cols_all = np.repeat(np.arange(w.n), np.diff(A.indptr))
        hit = single[A.indices]
        rows, cols, a = A.indices[hit], cols_all[hit], A.data[hit]
        l, u = w.l[rows], w.u[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            hi = np.where(a > 0, u / a, l / a)
            lo = np.where(a > 0, l / a, u / a)
        lb, ub = w.lb.copy(), w.ub.copy()

        cu, vu, ru, au = _tightest(cols, hi, rows, a, lowest=True)
        win = vu < ub[cu]
        cu, vu, ru, au = cu[win], vu[win], ru[win], au[win]
        ub[cu] = vu

        cl, vl, rl, al = _tightest(cols, lo, rows, a, lowest=False)
        win = vl > lb[cl]
        cl, vl, rl, al = cl[win], vl[win], rl[win], al[win]
        lb[cl] = vl

        keep = np.flatnonzero(~single)
        rec = SingletonRowsRecord(m_before=w.m, keep=keep, cols_u=cu, rows_u=ru, coef_u=au,
                                  cols_l=cl, rows_l=rl, coef_l=al, removed=int(rows.size))
        w = w.drop_rows(keep)
        w.lb, w.ub = lb, ub
        return w, rec
