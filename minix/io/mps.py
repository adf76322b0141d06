"""MPS and QPS reader and writer.

Reading
-------
``read_mps(path, form="canonical" | "box", fixed=None)``

* Free and fixed form are detected automatically (``fixed=None``): the file is parsed as
  free MPS (whitespace-separated tokens); if that fails it is parsed as fixed MPS (fields
  by column: 2-3, 5-12, 15-22, 25-36, 40-47, 50-61), where names may contain spaces.
  When both fail, the error of the parse that got further is raised.
* Sections: NAME, OBJSENSE / OBJSEN (``OBJSENSE`` followed by a ``MAX``/``MIN`` line, or
  inline ``OBJSENSE MAX``; MAXIMIZE/MINIMIZE also accepted), OBJNAME, ROWS, COLUMNS,
  RHS, RANGES, BOUNDS, QUADOBJ, QMATRIX, QSECTION, ENDATA.
* ROWS: the first N row is the objective (unless OBJNAME names another); other N rows
  are ignored together with their COLUMNS/RHS/RANGES entries.
* COLUMNS: ``MARKER ... 'INTORG'`` / ``'INTEND'`` blocks make integer variables, which are
  rejected (FormatError naming the first integer variable). Repeated (column, row)
  entries are summed.
* RHS: only the first RHS vector (by set name) is used. **An RHS on the objective row is
  minus the objective constant** (the CPLEX / Xpress / HiGHS convention: ``RHS obj 25``
  means objective ``c'x - 25``). Netlib's E226 agrees: its ``z0`` (.mat) is -7.113.
* RANGES (first set only), with R the range value and rhs the row's RHS:
  L row: ``[rhs - |R|, rhs]``; G row: ``[rhs, rhs + |R|]``;
  E row: R > 0: ``[rhs, rhs + R]``, R < 0: ``[rhs + R, rhs]``, R = 0: equality.
* BOUNDS (first set only). Default ``0 <= x < inf``. UP (a negative upper bound on a
  variable whose lower bound was not set explicitly makes the lower bound -inf, with a
  warning, as CPLEX and HiGHS do), LO, FX, FR, MI (lower -inf), PL (upper +inf).
  BV, LI, UI, SC, SI are integer / semicontinuous: rejected naming the variable.
  Values with ``|v| >= 1e20`` (bounds, RHS, ranges) mean infinity.
* QPS: QUADOBJ and QSECTION (on the objective row) give each off-diagonal pair once (either
  triangle; a pair given twice with the same value is accepted once); QMATRIX gives the
  full symmetric matrix (both triangles; an asymmetric QMATRIX is an error). The objective
  is ``1/2 x'Qx + c'x + constant``; P is the upper triangle of Q.
* Quadratic constraints (QCMATRIX, QSECTION of a constraint row), SOS, INDICATORS,
  CSECTION and other extensions are rejected with a clear message.

Objective sense: Minix data is always a minimization. For a MAX file q, P and the
constant are negated and ``objective_sense="max"``; the file's objective value is
``-(1/2 x'Px + q'x + constant)`` of the returned data.

``form="canonical"`` returns a ``minix.problem.Problem`` (see ``boxqp.box_to_problem``:
equality rows and fixed variables as Zero rows first, then inequality sides and finite
variable bounds as NonNeg rows); ``form="box"`` returns the ``BoxQP`` as read.

Writing
-------
``write_mps(problem, path)`` writes free-form MPS (QPS with a QUADOBJ section when P has
entries) from a canonical Problem (only Zero and NonNeg cones: Zero rows become E rows,
NonNeg rows ``a x <= b`` become L rows, variables are free) or from a BoxQP (rows, ranges
and bounds written natively). Numbers are written with ``repr`` so a round trip is exact.
"""
from __future__ import annotations

import re
import warnings
from typing import Dict, List, Optional, Tuple, Union

import numpy as np
import scipy.sparse as sp

from ..cones import NonNeg, Zero
from ..problem import Problem
from ._common import FormatError, open_text_for_write, parse_float, read_text
from .boxqp import BoxQP, box_to_problem, upper_csc

INF_BOUND = 1e20

_SECTIONS = {
    "NAME", "ROWS", "COLUMNS", "RHS", "RANGES", "BOUNDS", "ENDATA", "OBJSENSE", "OBJSEN",
    "OBJNAME", "QUADOBJ", "QMATRIX", "QSECTION",
}
_UNSUPPORTED = {
    "QCMATRIX": "quadratic constraints (QCMATRIX)",
    "SOS": "SOS constraints",
    "INDICATORS": "indicator constraints",
    "CSECTION": "conic sections (CSECTION); write the problem as CBF instead",
    "GENCONS": "general constraints (GENCONS)",
    "PWLOBJ": "piecewise-linear objectives (PWLOBJ)",
    "USERCUTS": "user cuts (USERCUTS)",
    "LAZYCONS": "lazy constraints (LAZYCONS)",
    "SCENARIOS": "stochastic scenarios",
}
_INT_BOUNDS = {"BV": "binary", "LI": "integer", "UI": "integer", "SC": "semicontinuous",
               "SI": "semi-integer"}
_NOVALUE_BOUNDS = {"FR", "MI", "PL", "BV"}


class _Fatal(FormatError):
    """An error that is not a free/fixed-form confusion (no retry in the other form)."""


class _Parser:
    def __init__(self, lines: List[str], filename: str, fixed: bool):
        self.lines = lines
        self.fn = filename
        self.fixed = fixed
        self.name = ""
        self.sense = "min"
        self.objname: Optional[str] = None
        self.obj: Optional[str] = None
        self.row_idx: Dict[str, int] = {}
        self.row_names: List[str] = []
        self.row_types: List[str] = []
        self.free_rows = set()
        self.col_idx: Dict[str, int] = {}
        self.col_names: List[str] = []
        self.ai: List[int] = []
        self.aj: List[int] = []
        self.av: List[float] = []
        self.c: Dict[int, float] = {}
        self.rhs: Dict[int, float] = {}
        self.obj_rhs = 0.0
        self.ranges: Dict[int, float] = {}
        self.rhs_set: Optional[str] = None
        self.rng_set: Optional[str] = None
        self.bnd_set: Optional[str] = None
        self.bounds: List[Tuple[int, str, Optional[float], int]] = []
        self.quad: List[Tuple[int, int, float, int]] = []
        self.quad_kind: Optional[str] = None
        self.in_int = False

    def err(self, msg, lineno, fatal=False):
        return (_Fatal if fatal else FormatError)(msg, self.fn, lineno)

    # ---- fields -------------------------------------------------------------
    def fields(self, line: str, lineno: int = 0) -> List[str]:
        if not self.fixed:
            return line.split()
        for g in (3, 12, 13, 22, 23, 36, 37, 38, 47, 48):
            if len(line) > g and not line[g].isspace() and not line[g - 1].isspace():
                raise self.err(f"text crosses the fixed-form field boundary at column {g + 1}",
                               lineno)
        spans = [(1, 3), (4, 12), (14, 22), (24, 36), (39, 47), (49, 61)]
        out = [line[a:b].strip() for a, b in spans]
        if len(line) > 61 and line[61:].strip():
            out.append(line[61:].strip())  # trailing junk: reported by the caller
        while out and out[-1] == "":
            out.pop()
        return out

    def num(self, tok, lineno, what="number"):
        return parse_float(tok, self.fn, lineno, what)

    # ---- driver -------------------------------------------------------------
    def run(self) -> BoxQP:
        section = None
        seen_any = False
        for lineno, raw in enumerate(self.lines, start=1):
            line = raw.rstrip("\r\n").rstrip()
            if not line.strip() or line.lstrip().startswith("*"):
                continue
            if not line[0].isspace():
                toks = line.split()
                key = toks[0].upper()
                if key not in _SECTIONS and key not in _UNSUPPORTED:
                    if not seen_any:
                        raise self.err(
                            "does not look like an MPS file: expected a section keyword "
                            f"(NAME, ROWS, ...), got {line[:40]!r}", lineno, fatal=True)
                    raise self.err(f"unknown MPS section {toks[0]!r}", lineno)
                seen_any = True
                if key in _UNSUPPORTED:
                    raise self.err(f"{_UNSUPPORTED[key]} are not supported", lineno, fatal=True)
                if key == "ENDATA":
                    section = "ENDATA"
                    break
                section = self.header(key, line, toks, lineno)
                continue
            if not seen_any:
                raise self.err("does not look like an MPS file: data before any section "
                               "keyword", lineno, fatal=True)
            if section is None:
                raise self.err("data line outside a section", lineno)
            getattr(self, "sec_" + section)(line, lineno)
        if not seen_any:
            raise self.err("does not look like an MPS file: no sections found", None, fatal=True)
        if self.obj is None and not self.row_names and not self.col_names:
            raise self.err("no ROWS or COLUMNS section", None)
        return self.build()

    def header(self, key, line, toks, lineno):
        if key == "NAME":
            self.name = line[4:].strip() if self.fixed else " ".join(toks[1:])
            return None
        if key in ("OBJSENSE", "OBJSEN"):
            if len(toks) > 1:
                self.set_sense(toks[1], lineno)
                return None
            return "OBJSENSE"
        if key == "OBJNAME":
            if len(toks) > 1:
                self.objname = line.split(None, 1)[1].strip()
                return None
            return "OBJNAME"
        if key == "QSECTION":
            if len(toks) < 2:
                raise self.err("QSECTION needs a row name", lineno)
            row = line.split(None, 1)[1].strip()
            if row != self.obj:
                raise self.err(f"QSECTION for row {row!r}: quadratic constraints are not "
                               "supported", lineno, fatal=True)
            self.set_quad_kind("QSECTION", lineno)
            return "QUAD"
        if key in ("QUADOBJ", "QMATRIX"):
            self.set_quad_kind(key, lineno)
            return "QUAD"
        if key in ("RHS", "RANGES", "BOUNDS", "ROWS", "COLUMNS") and len(toks) > 1:
            raise self.err(f"unexpected text after {key}", lineno)
        return key

    def set_quad_kind(self, kind, lineno):
        if self.quad_kind is not None and (self.quad_kind == "QMATRIX") != (kind == "QMATRIX"):
            raise self.err(f"{kind} after {self.quad_kind}: mixed quadratic sections", lineno)
        self.quad_kind = kind

    def set_sense(self, tok, lineno):
        t = tok.upper()
        if t in ("MAX", "MAXIMIZE", "MAXIMISE"):
            self.sense = "max"
        elif t in ("MIN", "MINIMIZE", "MINIMISE"):
            self.sense = "min"
        else:
            raise self.err(f"OBJSENSE must be MIN or MAX, got {tok!r}", lineno)

    # ---- sections -----------------------------------------------------------
    def sec_OBJSENSE(self, line, lineno):
        self.set_sense(line.strip(), lineno)

    def sec_OBJNAME(self, line, lineno):
        self.objname = line.strip()

    def sec_ROWS(self, line, lineno):
        f = self.fields(line, lineno)
        if len(f) != 2 or not f[0] or not f[1]:
            raise self.err("ROWS line must be '<type> <name>'", lineno)
        t, name = f[0].upper(), f[1]
        if t not in ("N", "L", "G", "E"):
            raise self.err(f"row type must be N, L, G or E, got {f[0]!r}", lineno)
        if name in self.row_idx or name == self.obj or name in self.free_rows:
            raise self.err(f"duplicate row name {name!r}", lineno)
        if t == "N":
            if self.obj is None and (self.objname is None or self.objname == name):
                self.obj = name
            else:
                self.free_rows.add(name)
            return
        self.row_idx[name] = len(self.row_names)
        self.row_names.append(name)
        self.row_types.append(t)

    def lookup_row(self, name, lineno):
        """Row index, -1 for the objective, None for an ignored N row."""
        if name == self.obj:
            return -1
        k = self.row_idx.get(name)
        if k is not None:
            return k
        if name in self.free_rows:
            return None
        raise self.err(f"unknown row {name!r}", lineno)

    def lookup_col(self, name, lineno):
        j = self.col_idx.get(name)
        if j is None:
            raise self.err(f"unknown column {name!r}", lineno)
        return j

    def sec_COLUMNS(self, line, lineno):
        if "'MARKER'" in line.upper():
            up = line.upper()
            if "'INTORG'" in up:
                self.in_int = True
            elif "'INTEND'" in up:
                self.in_int = False
            else:
                raise self.err("MARKER line without 'INTORG' or 'INTEND'", lineno)
            return
        f = self.fields(line, lineno)
        if self.fixed:
            if len(f) < 4 or f[0]:
                raise self.err("COLUMNS line must have fields 2-4 (and optionally 5-6)", lineno)
            f = f[1:]
        if len(f) not in (3, 5) or not all(f):
            raise self.err("COLUMNS line must be '<column> <row> <value> [<row> <value>]'",
                           lineno)
        col = f[0]
        j = self.col_idx.get(col)
        if j is None:
            if self.in_int:
                raise self.err(f"variable {col!r} is integer (MARKER INTORG); Minix solves "
                               "continuous problems only", lineno, fatal=True)
            j = self.col_idx[col] = len(self.col_names)
            self.col_names.append(col)
        for r, v in ((f[1], f[2]), (f[3], f[4])) if len(f) == 5 else ((f[1], f[2]),):
            k = self.lookup_row(r, lineno)
            val = self.num(v, lineno)
            if k is None:
                continue
            if k < 0:
                self.c[j] = self.c.get(j, 0.0) + val
            elif val != 0.0:
                self.ai.append(k)
                self.aj.append(j)
                self.av.append(val)

    def _set_pairs(self, line, lineno, what):
        f = self.fields(line, lineno)
        if self.fixed:
            if len(f) < 4 or f[0]:
                raise self.err(f"{what} line must have fields 2-4 (and optionally 5-6)", lineno)
            setname, pairs = f[1], f[2:]
        else:
            if len(f) in (3, 5):
                setname, pairs = f[0], f[1:]
            elif len(f) in (2, 4):
                setname, pairs = "", f
            else:
                raise self.err(f"{what} line must be '[<set>] <row> <value> [<row> <value>]'",
                               lineno)
        if len(pairs) not in (2, 4) or not all(pairs):
            raise self.err(f"{what} line must be '[<set>] <row> <value> [<row> <value>]'",
                           lineno)
        out = [(pairs[0], self.num(pairs[1], lineno))]
        if len(pairs) == 4:
            out.append((pairs[2], self.num(pairs[3], lineno)))
        return setname, out

    def sec_RHS(self, line, lineno):
        setname, pairs = self._set_pairs(line, lineno, "RHS")
        if self.rhs_set is None:
            self.rhs_set = setname
        elif setname != self.rhs_set:
            return
        for r, v in pairs:
            k = self.lookup_row(r, lineno)
            if k is None:
                continue
            if k < 0:
                self.obj_rhs = v
            else:
                self.rhs[k] = v

    def sec_RANGES(self, line, lineno):
        setname, pairs = self._set_pairs(line, lineno, "RANGES")
        if self.rng_set is None:
            self.rng_set = setname
        elif setname != self.rng_set:
            return
        for r, v in pairs:
            k = self.lookup_row(r, lineno)
            if k is None or k < 0:
                continue
            self.ranges[k] = v

    def sec_BOUNDS(self, line, lineno):
        f = self.fields(line, lineno)
        if not f or not f[0]:
            raise self.err("BOUNDS line must start with a bound type", lineno)
        t = f[0].upper()
        if self.fixed:
            setname = f[1] if len(f) > 1 else ""
            col = f[2] if len(f) > 2 else ""
            val = f[3] if len(f) > 3 else None
            if len(f) > 4 or not col:
                raise self.err("BOUNDS line must be '<type> <set> <column> [<value>]'", lineno)
        else:
            n = len(f)
            if t in _NOVALUE_BOUNDS:
                if n == 2:
                    setname, col, val = "", f[1], None
                elif n == 3:
                    setname, col, val = f[1], f[2], None
                elif n == 4:
                    setname, col, val = f[1], f[2], f[3]
                else:
                    raise self.err("BOUNDS line must be '<type> [<set>] <column>'", lineno)
            else:
                if n == 3:
                    setname, col, val = "", f[1], f[2]
                elif n == 4:
                    setname, col, val = f[1], f[2], f[3]
                else:
                    raise self.err("BOUNDS line must be '<type> [<set>] <column> <value>'",
                                   lineno)
        if t in _INT_BOUNDS:
            raise self.err(f"variable {col!r} has a {t} bound ({_INT_BOUNDS[t]}); Minix "
                           "solves continuous problems only", lineno, fatal=True)
        if t not in ("UP", "LO", "FX", "FR", "MI", "PL"):
            raise self.err(f"unknown bound type {f[0]!r}", lineno)
        if self.bnd_set is None:
            self.bnd_set = setname
        elif setname != self.bnd_set:
            return
        j = self.lookup_col(col, lineno)
        if t in ("UP", "LO", "FX"):
            if val is None or val == "":
                raise self.err(f"{t} bound needs a value", lineno)
            v = self.num(val, lineno)
        else:
            v = None
        self.bounds.append((j, t, v, lineno))

    def sec_QUAD(self, line, lineno):
        f = self.fields(line, lineno)
        if self.fixed:
            if len(f) < 4 or f[0]:
                raise self.err(f"{self.quad_kind} line must have fields 2-4", lineno)
            f = f[1:]
        if len(f) != 3:
            raise self.err(f"{self.quad_kind} line must be '<column> <column> <value>'", lineno)
        i = self.lookup_col(f[0], lineno)
        j = self.lookup_col(f[1], lineno)
        self.quad.append((i, j, self.num(f[2], lineno), lineno))

    # ---- assembly -----------------------------------------------------------
    def build(self) -> BoxQP:
        n, m = len(self.col_names), len(self.row_names)
        if self.obj is None and self.objname is not None:
            raise self.err(f"OBJNAME {self.objname!r} is not an N row", None)
        A = sp.csc_matrix((np.asarray(self.av, float),
                           (np.asarray(self.ai, np.int64), np.asarray(self.aj, np.int64))),
                          shape=(m, n))
        A.sum_duplicates()
        A.sort_indices()
        q = np.zeros(n)
        for j, v in self.c.items():
            q[j] = v

        l = np.full(m, -np.inf)
        u = np.full(m, np.inf)
        rhs = np.zeros(m)
        for k, v in self.rhs.items():
            rhs[k] = v
        types = np.asarray(self.row_types, dtype="<U1")
        isL, isG, isE = types == "L", types == "G", types == "E"
        u[isL] = rhs[isL]
        l[isG] = rhs[isG]
        l[isE] = rhs[isE]
        u[isE] = rhs[isE]
        for k, r in self.ranges.items():
            t = self.row_types[k]
            if t == "L":
                l[k] = rhs[k] - abs(r)
            elif t == "G":
                u[k] = rhs[k] + abs(r)
            elif r > 0:
                u[k] = rhs[k] + r
            elif r < 0:
                l[k] = rhs[k] + r

        lb = np.zeros(n)
        ub = np.full(n, np.inf)
        lb_explicit = np.zeros(n, bool)
        for j, t, v, lineno in self.bounds:
            if t == "UP":
                ub[j] = v
                if v < 0 and lb[j] == 0 and not lb_explicit[j]:
                    lb[j] = -np.inf
                    warnings.warn(f"{self.fn}:{lineno}: negative upper bound on "
                                  f"{self.col_names[j]!r} with no lower bound: lower bound "
                                  "set to -inf", stacklevel=4)
            elif t == "LO":
                lb[j] = v
                lb_explicit[j] = True
            elif t == "FX":
                lb[j] = ub[j] = v
                lb_explicit[j] = True
            elif t == "FR":
                lb[j], ub[j] = -np.inf, np.inf
                lb_explicit[j] = True
            elif t == "MI":
                lb[j] = -np.inf
                lb_explicit[j] = True
            elif t == "PL":
                ub[j] = np.inf
        for arr in (l, u, lb, ub):
            arr[arr >= INF_BOUND] = np.inf
            arr[arr <= -INF_BOUND] = -np.inf

        P = self.build_quad(n)
        constant = -self.obj_rhs
        if self.sense == "max":
            q = -q
            P = -P if P is not None else None
            constant = -constant
        box = BoxQP(P=P, q=q, A=A, l=l, u=u, lb=lb, ub=ub, constant=float(constant) + 0.0,
                    name=self.name, var_names=list(self.col_names),
                    con_names=list(self.row_names), objective_sense=self.sense,
                    meta={"format": "mps", "fixed_form": self.fixed,
                          "objective_name": self.obj})
        return box

    def build_quad(self, n):
        if not self.quad:
            return None
        if self.quad_kind == "QMATRIX":
            ent: Dict[Tuple[int, int], Tuple[float, int]] = {}
            for i, j, v, lineno in self.quad:
                key = (i, j)
                if key in ent:
                    v = ent[key][0] + v
                ent[key] = (v, lineno)
            rows, cols, vals = [], [], []
            for (i, j), (v, lineno) in ent.items():
                if i != j:
                    mirror = ent.get((j, i))
                    if mirror is None or mirror[0] != v:
                        raise self.err(
                            f"QMATRIX is not symmetric: entry ({self.col_names[i]}, "
                            f"{self.col_names[j]}) = {v!r} has no equal mirror entry "
                            "(QMATRIX lists both triangles; use QUADOBJ for one triangle)",
                            lineno)
                if i <= j:
                    rows.append(i)
                    cols.append(j)
                    vals.append(v)
        else:
            ent2: Dict[Tuple[int, int], Tuple[float, int]] = {}
            for i, j, v, lineno in self.quad:
                key = (min(i, j), max(i, j))
                if key in ent2:
                    if ent2[key][0] != v:
                        raise self.err(
                            f"{self.quad_kind} gives the pair ({self.col_names[i]}, "
                            f"{self.col_names[j]}) twice with different values; each pair "
                            "must be given once", lineno)
                    continue
                ent2[key] = (v, lineno)
            rows = [k[0] for k in ent2]
            cols = [k[1] for k in ent2]
            vals = [e[0] for e in ent2.values()]
        P = sp.csc_matrix((np.asarray(vals, float), (np.asarray(rows, np.int64),
                                                     np.asarray(cols, np.int64))), shape=(n, n))
        return upper_csc(P)


def _split_lines(text: str) -> List[str]:
    return text.splitlines()


def parse_mps(text: str, filename: str = "<string>", form: str = "canonical",
              fixed: Optional[bool] = None) -> Union[Problem, BoxQP]:
    """Parse MPS/QPS text; see the module docstring."""
    if form not in ("canonical", "box"):
        raise ValueError(f"form must be 'canonical' or 'box', got {form!r}")
    lines = _split_lines(text)
    if fixed is not None:
        box = _Parser(lines, filename, fixed=bool(fixed)).run()
    else:
        try:
            box = _Parser(lines, filename, fixed=False).run()
        except _Fatal:
            raise
        except FormatError as e_free:
            try:
                box = _Parser(lines, filename, fixed=True).run()
            except _Fatal:
                raise
            except FormatError as e_fixed:
                if (e_fixed.lineno or 0) > (e_free.lineno or 0):
                    raise e_fixed from None
                raise e_free from None
    return box if form == "box" else box_to_problem(box)


def read_mps(path, form: str = "canonical", fixed: Optional[bool] = None):
    """Read an MPS/QPS file (gzip transparently). See the module docstring."""
    import os
    fn = os.fspath(path) if not hasattr(path, "read") else getattr(path, "name", "<stream>")
    return parse_mps(read_text(path), str(fn), form=form, fixed=fixed)


# ---------------------------------------------------------------------------------------
# writer

_NAME_OK = re.compile(r"^[^\s*$][^\s]*$")


def _fmt(v: float) -> str:
    v = float(v)
    if v == 0.0:
        return "0"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def _names(given, count, prefix, reserved=()):
    if given is not None and len(given) == count:
        names = [str(s) for s in given]
        if (all(_NAME_OK.match(s) for s in names) and len(set(names)) == count
                and not set(names) & set(reserved)):
            return names
    return [f"{prefix}{k + 1}" for k in range(count)]


def problem_to_box(problem: Problem) -> BoxQP:
    """A BoxQP view of a canonical Problem whose cones are Zero/NonNeg only."""
    for c in problem.cones:
        if not isinstance(c, (Zero, NonNeg)):
            raise ValueError(f"MPS/QPS can hold only Zero and NonNeg cones, got {c!r}; "
                             "write CBF instead")
    problem.check_shapes()
    m, n = problem.m, problem.n
    b = np.asarray(problem.b, float)
    l = np.full(m, -np.inf)
    row = 0
    for c in problem.cones:
        if isinstance(c, Zero):
            l[row:row + c.dim] = b[row:row + c.dim]
        row += c.size
    return BoxQP(P=upper_csc(problem.P) if problem.P is not None else None,
                 q=np.asarray(problem.q, float), A=sp.csc_matrix(problem.A, dtype=float),
                 l=l, u=b.copy(), lb=np.full(n, -np.inf), ub=np.full(n, np.inf),
                 constant=problem.constant, name=problem.name, var_names=problem.var_names,
                 con_names=problem.con_names, objective_sense=problem.objective_sense)


def write_mps(problem: Union[Problem, BoxQP], path) -> None:
    """Write free-form MPS (QPS when there is a quadratic objective). '.gz' compresses."""
    box = problem if isinstance(problem, BoxQP) else problem_to_box(problem)
    box.check_shapes()
    n, m = box.n, box.m
    objname = "OBJ"
    cnames = _names(box.con_names, m, "R", reserved=(objname,))
    vnames = _names(box.var_names, n, "C")
    sgn = -1.0 if box.objective_sense == "max" else 1.0
    q = sgn * np.asarray(box.q, float)
    constant = sgn * float(box.constant)
    P = upper_csc(box.P) if box.P is not None else None
    if P is not None and sgn < 0:
        P = -P
    A = sp.csc_matrix(box.A, dtype=float)
    A.sort_indices()
    l, u = np.asarray(box.l, float), np.asarray(box.u, float)
    lb, ub = np.asarray(box.lb, float), np.asarray(box.ub, float)

    out: List[str] = []
    w = out.append
    w("* written by minix.io.mps (free MPS)")
    name = box.name if box.name and _NAME_OK.match(box.name) else "MINIX"
    w(f"NAME {name}")
    if box.objective_sense == "max":
        w("OBJSENSE")
        w("    MAX")
    w("ROWS")
    w(f" N  {objname}")
    types, rhs, rng = [], [], {}
    for k in range(m):
        lo, hi = l[k], u[k]
        if np.isfinite(lo) and np.isfinite(hi):
            if lo == hi:
                types.append("E")
                rhs.append(hi)
            else:
                types.append("L")
                rhs.append(hi)
                rng[k] = hi - lo
        elif np.isfinite(hi):
            types.append("L")
            rhs.append(hi)
        elif np.isfinite(lo):
            types.append("G")
            rhs.append(lo)
        else:
            types.append("N")
            rhs.append(0.0)
        w(f" {types[-1]}  {cnames[k]}")
    w("COLUMNS")
    for j in range(n):
        lo_, hi_ = A.indptr[j], A.indptr[j + 1]
        if q[j] != 0.0 or lo_ == hi_:
            w(f"    {vnames[j]}  {objname}  {_fmt(q[j])}")
        for k, v in zip(A.indices[lo_:hi_], A.data[lo_:hi_]):
            w(f"    {vnames[j]}  {cnames[k]}  {_fmt(v)}")
    w("RHS")
    if constant != 0.0:
        w(f"    RHS  {objname}  {_fmt(-constant)}")
    for k in range(m):
        if rhs[k] != 0.0:
            w(f"    RHS  {cnames[k]}  {_fmt(rhs[k])}")
    if rng:
        w("RANGES")
        for k, r in rng.items():
            w(f"    RNG  {cnames[k]}  {_fmt(r)}")
    w("BOUNDS")
    for j in range(n):
        lo, hi = lb[j], ub[j]
        v = vnames[j]
        if lo == hi:
            w(f" FX BND  {v}  {_fmt(lo)}")
            continue
        if lo == -np.inf and hi == np.inf:
            w(f" FR BND  {v}")
            continue
        if lo == -np.inf:
            w(f" MI BND  {v}")
        elif lo != 0.0 or hi < 0:
            w(f" LO BND  {v}  {_fmt(lo)}")
        if hi != np.inf:
            w(f" UP BND  {v}  {_fmt(hi)}")
    if P is not None and P.nnz:
        w("QUADOBJ")
        for j in range(n):
            for i, v in zip(P.indices[P.indptr[j]:P.indptr[j + 1]],
                            P.data[P.indptr[j]:P.indptr[j + 1]]):
                if v != 0.0:
                    w(f"    {vnames[i]}  {vnames[j]}  {_fmt(v)}")
    w("ENDATA")
    with open_text_for_write(path) as f:
        f.write("\n".join(out) + "\n")
