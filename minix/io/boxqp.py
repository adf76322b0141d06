"""BoxQP: the "row bounds + variable bounds" form that MPS/QPS and the Maros-Meszaros /
Netlib .mat files are written in, and its conversion to Minix's canonical conic form.

    minimize   1/2 x'Px + q'x + constant
    subject to l <= Ax <= u,   lb <= x <= ub

P is the upper triangle (CSC) or None; infinite entries of l, u, lb, ub mean "no bound".
The data is always a minimization: a file that maximizes has q and P (and constant)
negated by its reader and ``objective_sense="max"``; the file's objective value is then
``-(1/2 x'Px + q'x + constant)``.

Canonical conversion (``box_to_problem``), rows in this order:

1. Zero cone: equality rows (l == u) in row order, then fixed variables (lb == ub) as
   ``x_j = lb_j``.
2. NonNeg cone, per inequality row in row order: ``a x <= u`` as ``a x + s = u`` and then
   ``a x >= l`` as ``-a x + s = -l`` (a ranged row gives both, adjacent); rows with both
   sides infinite are dropped. Then per non-fixed variable: ``x_j <= ub_j`` as
   ``x_j + s = ub_j``, then ``x_j >= lb_j`` as ``-x_j + s = -lb_j``.

``Problem.meta["row_source"]`` says where each canonical row came from (``k >= 0``: row k
of A; ``k < 0``: variable ``-1-k``), ``meta["row_sign"]`` is +1 for an upper side, -1 for a
lower side, 0 for an equality; so a canonical dual z maps back to the row/bound duals.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np
import scipy.sparse as sp

from ..cones import NonNeg, Zero
from ..problem import Problem


@dataclass
class BoxQP:
    P: Optional[sp.csc_matrix]  # n x n upper triangle, or None (LP)
    q: np.ndarray               # n
    A: sp.csc_matrix            # m x n
    l: np.ndarray               # m, -inf = no lower side
    u: np.ndarray               # m, +inf = no upper side
    lb: np.ndarray              # n
    ub: np.ndarray              # n
    constant: float = 0.0
    name: str = ""
    var_names: Optional[Sequence[str]] = None
    con_names: Optional[Sequence[str]] = None
    objective_sense: str = "min"  # the file's sense; data here is always a minimization
    meta: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(self.q.shape[0])

    @property
    def m(self) -> int:
        return int(self.l.shape[0])

    def check_shapes(self) -> None:
        n, m = self.n, self.m
        if self.A.shape != (m, n):
            raise ValueError(f"A has shape {self.A.shape}, expected ({m}, {n})")
        if self.u.shape != (m,):
            raise ValueError(f"u has shape {self.u.shape}, expected ({m},)")
        if self.lb.shape != (n,) or self.ub.shape != (n,):
            raise ValueError("lb/ub must have length n")
        if self.P is not None and self.P.shape != (n, n):
            raise ValueError(f"P has shape {self.P.shape}, expected ({n}, {n})")


def upper_csc(P) -> Optional[sp.csc_matrix]:
    """Upper triangle of a symmetric matrix as float CSC with sorted indices (None stays)."""
    if P is None:
        return None
    P = sp.triu(sp.csc_matrix(P, dtype=float), format="csc")
    P.sum_duplicates()
    P.eliminate_zeros()
    P.sort_indices()
    return P


def sym_to_upper(P) -> Optional[sp.csc_matrix]:
    """Upper triangle of (P + P')/2: the symmetric part of a full matrix."""
    if P is None:
        return None
    P = sp.csc_matrix(P, dtype=float)
    return upper_csc((P + P.T) * 0.5)


def _name(names, k, default):
    return str(names[k]) if names is not None else f"{default}{k + 1}"


def box_to_problem(box: BoxQP) -> Problem:
    """Canonical Problem (Zero rows, then NonNeg rows) from a BoxQP; see the module doc."""
    box.check_shapes()
    n, m = box.n, box.m
    A = sp.csr_matrix(box.A, dtype=float)
    l = np.asarray(box.l, dtype=float)
    u = np.asarray(box.u, dtype=float)
    lb = np.asarray(box.lb, dtype=float)
    ub = np.asarray(box.ub, dtype=float)
    fl, fu = np.isfinite(l), np.isfinite(u)
    flb, fub = np.isfinite(lb), np.isfinite(ub)

    eq_rows = np.flatnonzero(fl & fu & (l == u))
    fixed = np.flatnonzero(flb & fub & (lb == ub))
    ineq = np.ones(m, bool)
    ineq[eq_rows] = False
    nonfixed = np.ones(n, bool)
    nonfixed[fixed] = False

    # inequality rows: key 2k for the upper side, 2k+1 for the lower side, sorted
    up_r = np.flatnonzero(ineq & fu)
    lo_r = np.flatnonzero(ineq & fl)
    r_idx = np.concatenate([up_r, lo_r])
    r_sgn = np.concatenate([np.ones(up_r.size), -np.ones(lo_r.size)])
    order = np.argsort(np.concatenate([2 * up_r, 2 * lo_r + 1]), kind="stable")
    r_idx, r_sgn = r_idx[order], r_sgn[order]

    up_v = np.flatnonzero(nonfixed & fub)
    lo_v = np.flatnonzero(nonfixed & flb)
    v_idx = np.concatenate([up_v, lo_v])
    v_sgn = np.concatenate([np.ones(up_v.size), -np.ones(lo_v.size)])
    order = np.argsort(np.concatenate([2 * up_v, 2 * lo_v + 1]), kind="stable")
    v_idx, v_sgn = v_idx[order], v_sgn[order]

    def var_rows(idx, sgn):
        k = idx.size
        return sp.csr_matrix((sgn, (np.arange(k), idx)), shape=(k, n))

    blocks = [
        A[eq_rows],
        var_rows(fixed, np.ones(fixed.size)),
        sp.diags(r_sgn) @ A[r_idx] if r_idx.size else sp.csr_matrix((0, n)),
        var_rows(v_idx, v_sgn),
    ]
    A_can = sp.vstack(blocks, format="csc")
    A_can.sort_indices()
    b = np.concatenate([
        u[eq_rows],
        lb[fixed],
        np.where(r_sgn > 0, u[r_idx], -l[r_idx]) if r_idx.size else np.zeros(0),
        np.where(v_sgn > 0, ub[v_idx], -lb[v_idx]) if v_idx.size else np.zeros(0),
    ]).astype(float) + 0.0  # no negative zeros

    n_zero = eq_rows.size + fixed.size
    n_nonneg = r_idx.size + v_idx.size
    cones = []
    if n_zero:
        cones.append(Zero(n_zero))
    if n_nonneg:
        cones.append(NonNeg(n_nonneg))

    row_source = np.concatenate([eq_rows, -1 - fixed, r_idx, -1 - v_idx]).astype(np.int64)
    row_sign = np.concatenate([np.zeros(n_zero), r_sgn, v_sgn]).astype(np.int8)

    # names: a one-sided row keeps its name; ranged rows and bounds get a suffix
    cn, vn = box.con_names, box.var_names
    both = np.zeros(m, bool)
    both[np.intersect1d(up_r, lo_r)] = True
    names = [_name(cn, k, "c") for k in eq_rows]
    names += [_name(vn, j, "x") + "_fix" for j in fixed]
    for k, s in zip(r_idx, r_sgn):
        base = _name(cn, k, "c")
        names.append(base + ("_ub" if s > 0 else "_lb") if both[k] else base)
    for j, s in zip(v_idx, v_sgn):
        names.append(_name(vn, j, "x") + ("_ub" if s > 0 else "_lb"))

    meta = dict(box.meta)
    meta.update(row_source=row_source, row_sign=row_sign)
    prob = Problem(
        P=upper_csc(box.P) if box.P is not None else None,
        q=np.asarray(box.q, dtype=float).copy(),
        A=A_can,
        b=b,
        cones=cones,
        constant=float(box.constant),
        name=box.name,
        var_names=list(box.var_names) if box.var_names is not None else None,
        con_names=names,
        objective_sense=box.objective_sense,
        meta=meta,
    )
    prob.check_shapes()
    return prob
