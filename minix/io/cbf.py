"""Conic Benchmark Format (CBF, versions 1-3 and the v4 keywords listed here): reader and
writer.

CBF problem: min/max  g_obj  s.t.  g_i in K_i (CON),  G_i PSD (PSDCON),  x in K_x (VAR),
X_j PSD (PSDVAR), with g = sum_j <F_ij, X_j> + sum_j a_ij x_j + b_i and
G_i = sum_j x_j H_ij + D_i. Keywords read: VER, OBJSENSE, POWCONES, POW*CONES, PSDVAR,
VAR, INT (a non-empty INT section is rejected: Minix is continuous), PSDCON, CON,
OBJFCOORD, OBJACOORD, OBJBCOORD, FCOORD, ACOORD, BCOORD, HCOORD, DCOORD. CHANGE
(multi-instance files) and SVECPSD cones are rejected as not supported yet.

Conversion to Minix (``minimize 1/2 x'Px + q'x + constant, Ax + s = b, s in K``):

* Variables: the scalar CBF variables, then each PSD variable X_j as its svec (upper
  triangle, column-major, off-diagonals times sqrt(2)). CBF lists coordinates (k, l) of
  symmetric matrices once (lower triangle); an off-diagonal coefficient F_kl therefore
  acts on svec entry sqrt(2)*X_kl with coefficient sqrt(2)*F_kl, since <F, X> counts
  F_kl*X_kl twice.
* A CON block with rows g (= G x + h) becomes ``s = T g``, i.e. Minix rows A = -T G,
  b = T h, with T per cone:
    F      -> no rows (free);       L+ -> NonNeg, T = I;   L- -> NonNeg, T = -I;
    L=     -> Zero;                 Q  -> SOC;
    QR     -> SOC: (2 g1 g2 >= |g3:|^2, g1, g2 >= 0) is (t, y, g3:) in SOC with
              t = (g1 + g2)/sqrt2, y = (g1 - g2)/sqrt2 (an orthogonal map);
    EXP    -> Exp, rows reversed: CBF EXP is (t, s, r) with t >= s exp(r/s), Minix Exp is
              (x, y, z) with y exp(x/y) <= z, so (x, y, z) = (r, s, t);
    EXP*   -> Exp: CBF EXP* (c1, c2, c3) is Minix Exp* of (c3, c2, c1), and
              (u, v, w) in Exp* <=> (u - v, -u, w) in Exp, so Minix rows
              (c3 - c2, -c3, c1);
    @k:POW -> Pow(a) with a = alpha1/(alpha1 + alpha2) for a 3-dimensional cone with two
              parameters (other power cones: FormatError, not supported);
    @k:POW* -> Pow(a) of (u/a, v/(1-a), w) (dual power cone as a scaled primal one).
* A VAR block x_B in K becomes the rows ``-T x_B + s = 0`` (none for F).
* PSDCON i becomes PSD(n) rows: s = svec(sum_j x_j H_ij + D_i); PSDVAR j becomes
  ``-svec(X_j) + s = 0``, s in PSD(n).
* Cone order: CON blocks, PSDCON, VAR domains, PSDVAR, each in file order; adjacent
  Zero/NonNeg cones are merged.
* OBJSENSE MAX: q and the constant are negated and ``objective_sense="max"``; the file's
  objective is ``-(q'x + constant)``. OBJBCOORD is the objective constant.

``write_cbf(problem, path)`` writes a canonical Problem (LP/SOCP/Exp/Pow/PSD; a quadratic
objective is rejected) as CBF version 3: one free VAR block, CON blocks from the cones
(rows ``g = b - Ax``; Exp rows reversed), PSD cones as PSDCON with HCOORD/DCOORD.
"""
from __future__ import annotations

import math
import os
from typing import Dict, List, Tuple

import numpy as np
import scipy.sparse as sp

from ..cones import PSD, SOC, Exp, NonNeg, Pow, Zero
from ..problem import Problem
from ._common import (FormatError, merge_cones, open_text_for_write, parse_float, parse_int,
                      read_text, svec_indices)

SQRT2 = math.sqrt(2.0)

_KEYWORDS = {
    "VER", "OBJSENSE", "POWCONES", "POW*CONES", "PSDVAR", "VAR", "INT", "PSDCON", "CON",
    "OBJFCOORD", "OBJACOORD", "OBJBCOORD", "FCOORD", "ACOORD", "BCOORD", "HCOORD", "DCOORD",
    "CHANGE",
}


class _Lines:
    """Non-comment, non-blank lines with their 1-based line numbers."""

    def __init__(self, text: str, filename: str):
        self.fn = filename
        self.items: List[Tuple[int, str]] = []
        for k, line in enumerate(text.splitlines(), start=1):
            s = line.strip()
            if s and not s.startswith("#"):
                self.items.append((k, s))
        self.pos = 0

    def err(self, msg, lineno=None):
        return FormatError(msg, self.fn, lineno)

    def next(self, what: str) -> Tuple[int, str]:
        if self.pos >= len(self.items):
            last = self.items[-1][0] if self.items else None
            raise self.err(f"unexpected end of file: expected {what}", last)
        item = self.items[self.pos]
        self.pos += 1
        return item

    def ints(self, what: str, count: int) -> Tuple[int, List[int]]:
        lineno, s = self.next(what)
        toks = s.split()
        if len(toks) != count:
            raise self.err(f"expected {what} ({count} integer{'s' * (count > 1)}), got {s!r}",
                           lineno)
        return lineno, [parse_int(t, self.fn, lineno) for t in toks]

    def table(self, count: int, ncols: int, what: str) -> Tuple[np.ndarray, np.ndarray]:
        """count lines of ncols numbers -> (float array count x ncols, line numbers)."""
        if count < 0:
            raise self.err(f"negative entry count in {what}")
        if self.pos + count > len(self.items):
            last = self.items[-1][0] if self.items else None
            raise self.err(f"unexpected end of file in {what}: {count} entries announced",
                           last)
        block = self.items[self.pos:self.pos + count]
        self.pos += count
        linenos = np.fromiter((k for k, _ in block), dtype=np.int64, count=count)
        try:
            arr = np.array(" ".join(s for _, s in block).split(), dtype=float)
            if arr.size == count * ncols:
                arr = arr.reshape(count, ncols)
                if np.all(np.isfinite(arr)):
                    return arr, linenos
        except ValueError:
            pass
        # slow path: find the offending line
        out = np.empty((count, ncols))
        for r, (k, s) in enumerate(block):
            toks = s.split()
            if len(toks) != ncols:
                raise self.err(f"{what} entry must have {ncols} fields, got {s!r}", k)
            for c, t in enumerate(toks):
                out[r, c] = parse_float(t, self.fn, k)
            if not np.all(np.isfinite(out[r])):
                raise self.err(f"non-finite number in {what}: {s!r}", k)
        return out, linenos


def _check_index(arr, linenos, col, upper, what, lines: _Lines):
    v = arr[:, col]
    bad = (v < 0) | (v >= upper) | (v != np.floor(v))
    if np.any(bad):
        r = int(np.argmax(bad))
        raise lines.err(f"{what} index {v[r]:g} out of range 0..{upper - 1}", int(linenos[r]))
    return v.astype(np.int64)


def _parse_cones(lines: _Lines, count: int, total: int, what: str, header_line: int):
    cones = []
    s = 0
    for _ in range(count):
        lineno, text = lines.next(f"a {what} cone line")
        toks = text.split()
        if len(toks) != 2:
            raise lines.err(f"{what} cone line must be '<cone> <dim>', got {text!r}", lineno)
        dim = parse_int(toks[1], lines.fn, lineno, "cone dimension")
        if dim < 0:
            raise lines.err(f"negative cone dimension {dim}", lineno)
        cones.append((toks[0], dim, lineno))
        s += dim
    if s != total:
        raise lines.err(f"{what} cone dimensions add up to {s}, but {total} were announced",
                        header_line)
    return cones


def _psd_coords(arr_k, arr_l, order, linenos, what, lines):
    """svec positions and scale (1 on diagonal, sqrt2 off) of CBF (k, l) coordinates."""
    for col, v in ((0, arr_k), (1, arr_l)):
        bad = (v < 0) | (v >= order) | (v != np.floor(v))
        if np.any(bad):
            r = int(np.argmax(bad))
            raise lines.err(f"{what} matrix index {v[r]:g} out of range for order "
                            f"{int(order[r]) if np.ndim(order) else order}", int(linenos[r]))
    k = arr_k.astype(np.int64)
    l = arr_l.astype(np.int64)
    return svec_indices(k, l), np.where(k == l, 1.0, SQRT2)


def parse_cbf(text: str, filename: str = "<string>") -> Problem:
    """Parse CBF text into a canonical Problem; see the module docstring."""
    L = _Lines(text, filename)
    if not L.items:
        raise L.err("empty file: not a CBF file")
    first_line, first = L.items[0]
    if first.split()[0] != "VER":
        raise L.err(f"does not look like a CBF file: expected 'VER' first, got {first[:40]!r}",
                    first_line)

    sense = "min"
    pow_params: Dict[str, List[np.ndarray]] = {"POWCONES": [], "POW*CONES": []}
    var_cones = con_cones = None
    n_var = n_con = 0
    psdvar: List[int] = []
    psdcon: List[int] = []
    objf = objA = None
    objb = 0.0
    F = A = Bc = H = D = None
    seen = set()
    while L.pos < len(L.items):
        lineno, key = L.next("a keyword")
        kw = key.split()[0]
        if kw not in _KEYWORDS:
            raise L.err(f"unknown CBF keyword {key[:40]!r}", lineno)
        if kw in seen and kw != "CHANGE":
            raise L.err(f"keyword {kw} appears twice", lineno)
        seen.add(kw)
        if kw == "VER":
            ln, (ver,) = L.ints("the version number", 1)
            if ver < 1 or ver > 4:
                raise L.err(f"CBF version {ver} is not supported (1-4)", ln)
        elif kw == "OBJSENSE":
            ln, s = L.next("MIN or MAX")
            if s.upper() not in ("MIN", "MAX"):
                raise L.err(f"OBJSENSE must be MIN or MAX, got {s!r}", ln)
            sense = s.lower()
        elif kw in ("POWCONES", "POW*CONES"):
            ln, (k, total) = L.ints("'<cones> <parameters>'", 2)
            got = 0
            for _ in range(k):
                ln2, (p,) = L.ints("a parameter count", 1)
                arr, _ = L.table(p, 1, kw)
                pow_params[kw].append(arr[:, 0].copy())
                got += p
            if got != total:
                raise L.err(f"{kw}: {got} parameters read, {total} announced", ln)
        elif kw in ("PSDVAR", "PSDCON"):
            ln, (k,) = L.ints("the number of PSD matrices", 1)
            orders = []
            for _ in range(k):
                ln2, (d,) = L.ints("a matrix order", 1)
                if d < 1:
                    raise L.err(f"PSD order must be >= 1, got {d}", ln2)
                orders.append(d)
            (psdvar if kw == "PSDVAR" else psdcon).extend(orders)
        elif kw in ("VAR", "CON"):
            ln, (tot, k) = L.ints("'<size> <cones>'", 2)
            cones = _parse_cones(L, k, tot, kw, ln)
            if kw == "VAR":
                n_var, var_cones = tot, cones
            else:
                n_con, con_cones = tot, cones
        elif kw == "INT":
            ln, (k,) = L.ints("the number of integer variables", 1)
            if k > 0:
                ln2, s = L.next("an integer variable index")
                raise L.err(f"variable {s} is integer (INT section); Minix solves continuous "
                            "problems only", ln2)
        elif kw == "CHANGE":
            raise L.err("CHANGE (multi-instance CBF files) is not supported yet", lineno)
        elif kw == "OBJBCOORD":
            ln, s = L.next("the objective constant")
            objb = parse_float(s, L.fn, ln)
        else:
            ncols = {"OBJFCOORD": 4, "OBJACOORD": 2, "FCOORD": 5, "ACOORD": 3, "BCOORD": 2,
                     "HCOORD": 5, "DCOORD": 4}[kw]
            ln, (k,) = L.ints("the number of entries", 1)
            tab = L.table(k, ncols, kw)
            if kw == "OBJFCOORD":
                objf = tab
            elif kw == "OBJACOORD":
                objA = tab
            elif kw == "FCOORD":
                F = tab
            elif kw == "ACOORD":
                A = tab
            elif kw == "BCOORD":
                Bc = tab
            elif kw == "HCOORD":
                H = tab
            else:
                D = tab

    if var_cones is None:
        var_cones = []
        if psdvar == [] and (objA is not None or A is not None):
            raise L.err("coefficients given but no VAR section")
    if con_cones is None:
        con_cones = []

    # ---- variables
    svec_sizes = [d * (d + 1) // 2 for d in psdvar]
    psd_off = np.concatenate([[n_var], n_var + np.cumsum(svec_sizes)]).astype(np.int64)
    n = int(psd_off[-1])
    psdvar_arr = np.asarray(psdvar, dtype=np.int64)

    def psd_var_cols(tab, jcol, kcol, lcol, what):
        arr, lns = tab
        j = _check_index(arr, lns, jcol, len(psdvar), f"{what} PSD variable", L)
        pos, scale = _psd_coords(arr[:, kcol], arr[:, lcol], psdvar_arr[j], lns, what, L)
        return psd_off[j] + pos, scale

    q = np.zeros(n)
    if objA is not None:
        j = _check_index(objA[0], objA[1], 0, n_var, "OBJACOORD variable", L)
        np.add.at(q, j, objA[0][:, 1])
    if objf is not None:
        cols, scale = psd_var_cols(objf, 0, 1, 2, "OBJFCOORD")
        np.add.at(q, cols, objf[0][:, 3] * scale)

    # ---- scalar constraint expressions g = G x + h (m_con rows)
    gi, gj, gv = [], [], []
    if A is not None:
        arr, lns = A
        gi.append(_check_index(arr, lns, 0, n_con, "ACOORD constraint", L))
        gj.append(_check_index(arr, lns, 1, n_var, "ACOORD variable", L))
        gv.append(arr[:, 2])
    if F is not None:
        arr, lns = F
        gi.append(_check_index(arr, lns, 0, n_con, "FCOORD constraint", L))
        cols, scale = psd_var_cols(F, 1, 2, 3, "FCOORD")
        gj.append(cols)
        gv.append(arr[:, 4] * scale)
    G = _coo(gi, gj, gv, (n_con, n))
    h = np.zeros(n_con)
    if Bc is not None:
        arr, lns = Bc
        np.add.at(h, _check_index(arr, lns, 0, n_con, "BCOORD constraint", L), arr[:, 1])

    def powalpha(name, dim, lineno):
        # name like "@3:POW" or "@3:POW*"
        try:
            idx_s, kind = name[1:].split(":", 1)
            idx = int(idx_s)
        except ValueError:
            raise L.err(f"malformed power cone {name!r}", lineno) from None
        table = pow_params["POWCONES" if kind == "POW" else "POW*CONES"]
        if not 0 <= idx < len(table):
            raise L.err(f"power cone {name!r} refers to parameter set {idx}, but "
                        f"{'POWCONES' if kind == 'POW' else 'POW*CONES'} has {len(table)}",
                        lineno)
        a = table[idx]
        if dim != 3 or a.size != 2:
            raise L.err(f"power cone {name} of dimension {dim} with {a.size} parameters is "
                        "not supported (only 3-dimensional cones with two parameters map to "
                        "Minix Pow)", lineno)
        if not (a[0] > 0 and a[1] > 0):
            raise L.err(f"power cone parameters must be positive, got {list(a)}", lineno)
        return float(a[0] / (a[0] + a[1]))

    exp_T = ((np.array([0, 1, 2]), np.array([2, 1, 0]), np.ones(3)),
             (np.array([0, 0, 1, 2]), np.array([2, 1, 2, 0]), np.array([1.0, -1.0, -1.0, 1.0])))

    def cone_map(cones, what):
        """-> (Minix cones, T) with Minix rows = T @ (CBF rows of this section)."""
        ti, tj, tv = [], [], []
        out_cones = []
        r_in = 0
        r_out = 0
        # runs of identity-mapped rows are collected as (out_start, in_start, length, sign)
        runs = []
        for name, dim, lineno in cones:
            r0 = r_in
            r_in += dim
            if name == "F":
                continue
            if name in ("L+", "L-", "L="):
                runs.append((r_out, r0, dim, -1.0 if name == "L-" else 1.0))
                out_cones.append(Zero(dim) if name == "L=" else NonNeg(dim))
            elif name == "Q":
                if dim < 1:
                    raise L.err("Q cone needs dimension >= 1", lineno)
                runs.append((r_out, r0, dim, 1.0))
                out_cones.append(SOC(dim))
            elif name == "QR":
                if dim < 2:
                    raise L.err("QR cone needs dimension >= 2", lineno)
                c = 1.0 / SQRT2
                ti.append(np.array([r_out, r_out, r_out + 1, r_out + 1]))
                tj.append(np.array([r0, r0 + 1, r0, r0 + 1]))
                tv.append(np.array([c, c, c, -c]))
                runs.append((r_out + 2, r0 + 2, dim - 2, 1.0))
                out_cones.append(SOC(dim))
            elif name in ("EXP", "EXP*"):
                if dim != 3:
                    raise L.err(f"{name} cone must have dimension 3, got {dim}", lineno)
                oi, ij, v = exp_T[name == "EXP*"]
                ti.append(oi + r_out)
                tj.append(ij + r0)
                tv.append(v)
                out_cones.append(Exp())
            elif name.startswith("@") and name.endswith(":POW"):
                out_cones.append(Pow(powalpha(name, dim, lineno)))
                runs.append((r_out, r0, 3, 1.0))
            elif name.startswith("@") and name.endswith(":POW*"):
                a = powalpha(name, dim, lineno)
                out_cones.append(Pow(a))
                ti.append(np.arange(3) + r_out)
                tj.append(np.arange(3) + r0)
                tv.append(np.array([1.0 / a, 1.0 / (1.0 - a), 1.0]))
            elif name == "SVECPSD":
                raise L.err("SVECPSD cones are not supported yet", lineno)
            else:
                raise L.err(f"unknown {what} cone {name!r}", lineno)
            r_out += dim
        if runs:
            ro, ri, ln, sg = (np.array(x) for x in zip(*runs))
            tot = int(ln.sum())
            starts = np.repeat(np.cumsum(ln) - ln, ln)
            local = np.arange(tot) - starts
            ti.append(np.repeat(ro, ln) + local)
            tj.append(np.repeat(ri, ln) + local)
            tv.append(np.repeat(sg.astype(float), ln))
        Tm = _coo(ti, tj, tv, (r_out, r_in))
        return out_cones, Tm

    blocks_A, blocks_b, cones = [], [], []
    # CON
    c_cones, Tc = cone_map(con_cones, "CON")
    blocks_A.append(-(Tc @ G))
    blocks_b.append(Tc @ h)
    cones += c_cones
    # PSDCON
    if psdcon:
        psd_rows = [d * (d + 1) // 2 for d in psdcon]
        off = np.concatenate([[0], np.cumsum(psd_rows)]).astype(np.int64)
        mp = int(off[-1])
        psdcon_arr = np.asarray(psdcon, dtype=np.int64)
        Hm = sp.csr_matrix((mp, n))
        bD = np.zeros(mp)
        if H is not None:
            arr, lns = H
            i = _check_index(arr, lns, 0, len(psdcon), "HCOORD PSD constraint", L)
            j = _check_index(arr, lns, 1, n_var, "HCOORD variable", L)
            pos, scale = _psd_coords(arr[:, 2], arr[:, 3], psdcon_arr[i], lns, "HCOORD", L)
            Hm = _coo([off[i] + pos], [j], [arr[:, 4] * scale], (mp, n))
        if D is not None:
            arr, lns = D
            i = _check_index(arr, lns, 0, len(psdcon), "DCOORD PSD constraint", L)
            pos, scale = _psd_coords(arr[:, 1], arr[:, 2], psdcon_arr[i], lns, "DCOORD", L)
            np.add.at(bD, off[i] + pos, arr[:, 3] * scale)
        blocks_A.append(-Hm)
        blocks_b.append(bD)
        cones += [PSD(d) for d in psdcon]
    elif H is not None or D is not None:
        raise L.err("HCOORD/DCOORD given without PSDCON")
    # VAR domains
    v_cones, Tv = cone_map(var_cones, "VAR")
    if Tv.shape[0]:
        Tv = sp.hstack([Tv, sp.csr_matrix((Tv.shape[0], n - n_var))])
        blocks_A.append(-Tv)
        blocks_b.append(np.zeros(Tv.shape[0]))
        cones += v_cones
    # PSDVAR
    if psdvar:
        k = n - n_var
        blocks_A.append(sp.hstack([sp.csr_matrix((k, n_var)), -sp.identity(k)]))
        blocks_b.append(np.zeros(k))
        cones += [PSD(d) for d in psdvar]

    Am = sp.vstack(blocks_A, format="csc") if blocks_A else sp.csc_matrix((0, n))
    Am.sum_duplicates()
    Am.eliminate_zeros()
    Am.sort_indices()
    b = np.concatenate(blocks_b) + 0.0 if blocks_b else np.zeros(0)
    constant = float(objb)
    if sense == "max":
        q = -q
        constant = -constant
    prob = Problem(P=None, q=q + 0.0, A=Am, b=b, cones=merge_cones(cones),
                   constant=constant + 0.0, name=os.path.basename(filename).split(".")[0],
                   objective_sense=sense,
                   meta={"format": "cbf", "n_scalar_vars": n_var,
                         "psd_var_orders": list(psdvar)})
    prob.check_shapes()
    return prob


def _coo(ii, jj, vv, shape) -> sp.csr_matrix:
    if not ii:
        return sp.csr_matrix(shape)
    i = np.concatenate(ii).astype(np.int64)
    j = np.concatenate(jj).astype(np.int64)
    v = np.concatenate(vv).astype(float)
    return sp.csr_matrix((v, (i, j)), shape=shape)


def read_cbf(path) -> Problem:
    """Read a CBF file (gzip transparently) into a canonical Problem."""
    fn = os.fspath(path) if not hasattr(path, "read") else getattr(path, "name", "<stream>")
    return parse_cbf(read_text(path), str(fn))


# ---------------------------------------------------------------------------------------
# writer

def _fmt(v: float) -> str:
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def write_cbf(problem: Problem, path) -> None:
    """Write a canonical Problem as CBF (version 3). See the module docstring."""
    problem.check_shapes()
    if problem.P is not None and sp.csc_matrix(problem.P).count_nonzero():
        raise ValueError("CBF has no quadratic objective: write the problem as QPS "
                         "(minix.io.write(problem, 'file.qps')) or model it with a cone")
    n, m = problem.n, problem.m
    sgn = -1.0 if problem.objective_sense == "max" else 1.0
    q = sgn * np.asarray(problem.q, float)
    constant = sgn * float(problem.constant)
    A = sp.csr_matrix(problem.A, dtype=float)
    b = np.asarray(problem.b, float)

    # CBF rows: g = b - A x for scalar cones (Exp rows reversed); PSD cones go to PSDCON
    scalar_rows: List[np.ndarray] = []
    con_lines: List[str] = []
    pow_alphas: List[float] = []
    psd: List[Tuple[int, int]] = []  # (order, first row)
    row = 0
    for c in problem.cones:
        d = c.size
        rows = np.arange(row, row + d)
        if isinstance(c, Zero):
            tag = "L="
        elif isinstance(c, NonNeg):
            tag = "L+"
        elif isinstance(c, SOC):
            tag = "Q"
        elif isinstance(c, Exp):
            tag = "EXP"
            rows = rows[::-1]
        elif isinstance(c, Pow):
            if c.alpha not in pow_alphas:
                pow_alphas.append(c.alpha)
            tag = f"@{pow_alphas.index(c.alpha)}:POW"
        elif isinstance(c, PSD):
            psd.append((c.dim, row))
            row += d
            continue
        else:
            raise ValueError(f"cone {c!r} cannot be written as CBF")
        if d:
            con_lines.append(f"{tag} {d}")
            scalar_rows.append(rows)
        row += d
    perm = np.concatenate(scalar_rows) if scalar_rows else np.zeros(0, np.int64)

    out: List[str] = ["# written by minix.io.cbf", "VER", "3", ""]
    w = out.append
    w("OBJSENSE")
    w("MAX" if problem.objective_sense == "max" else "MIN")
    w("")
    if pow_alphas:
        w("POWCONES")
        w(f"{len(pow_alphas)} {2 * len(pow_alphas)}")
        for a in pow_alphas:
            w("2")
            w(repr(a))
            w(repr(1.0 - a))
        w("")
    w("VAR")
    w(f"{n} {1 if n else 0}")
    if n:
        w(f"F {n}")
    w("")
    if psd:
        w("PSDCON")
        w(str(len(psd)))
        for d, _ in psd:
            w(str(d))
        w("")
    w("CON")
    w(f"{perm.size} {len(con_lines)}")
    out.extend(con_lines)
    w("")
    nzq = np.flatnonzero(q)
    if nzq.size:
        w("OBJACOORD")
        w(str(nzq.size))
        out.extend(f"{j} {_fmt(q[j])}" for j in nzq)
        w("")
    if constant != 0.0:
        w("OBJBCOORD")
        w(_fmt(constant))
        w("")
    if perm.size:
        G = (-A[perm]).tocoo()
        keep = G.data != 0
        if keep.any():
            w("ACOORD")
            w(str(int(keep.sum())))
            out.extend(f"{i} {j} {_fmt(v)}" for i, j, v in
                       zip(G.row[keep], G.col[keep], G.data[keep]))
            w("")
        h = b[perm]
        nz = np.flatnonzero(h)
        if nz.size:
            w("BCOORD")
            w(str(nz.size))
            out.extend(f"{i} {_fmt(h[i])}" for i in nz)
            w("")
    if psd:
        hl, dl = [], []
        for ci, (d, r0) in enumerate(psd):
            cols_k, rows_k = np.triu_indices(d)  # k <= l pairs in row-major upper order
            # svec position of (i, j), i <= j: j(j+1)/2 + i; CBF wants k >= l (lower)
            ii, jj = cols_k, rows_k
            pos = jj * (jj + 1) // 2 + ii
            scale = np.where(ii == jj, 1.0, 1.0 / SQRT2)
            blk = A[r0 + pos].tocoo()
            for r, j, v in zip(blk.row, blk.col, blk.data):
                if v != 0:
                    hl.append(f"{ci} {j} {jj[r]} {ii[r]} {_fmt(-v * scale[r])}")
            for r in range(pos.size):
                v = b[r0 + pos[r]]
                if v != 0:
                    dl.append(f"{ci} {jj[r]} {ii[r]} {_fmt(v * scale[r])}")
        if hl:
            w("HCOORD")
            w(str(len(hl)))
            out.extend(hl)
            w("")
        if dl:
            w("DCOORD")
            w(str(len(dl)))
            out.extend(dl)
            w("")
    with open_text_for_write(path) as f:
        f.write("\n".join(out) + "\n")
