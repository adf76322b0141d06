"""Benchmark instances: finding them on disk, loading them, their size and reference answer.

Loading goes through ``minix.io.read`` when that reader knows the file; for the two .mat
collections (Maros-Meszaros QPs, Netlib LPs) a small built-in reader is kept as a fallback
so the harness works on its own. Nothing here solves anything.
"""
from __future__ import annotations

import csv
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import numpy as np
import scipy.sparse as sp

from ..cones import NonNeg, Zero
from ..problem import Problem

# File endings the harness treats as problem instances when it walks a folder.
INSTANCE_SUFFIXES = (".mat", ".mps", ".qps", ".mps.gz", ".qps.gz", ".cbf", ".cbf.gz",
                     ".dat-s", ".dat-s.gz", ".mof.json", ".lp")

# Bounds at or beyond this magnitude mean "no bound". Maros files use 1e20, but some hold
# it rounded (PRIMALC1: 9.999999999999998e19), hence the margin.
INFINITE_BOUND = 0.99e20

# Folders whose reference_objectives.csv holds c'x *without* the file's objective
# constant (data/README.md: Netlib's z0 is not part of the reference). Everywhere else the
# reference is the full objective, constant included (Maros: r).
_REFERENCE_WITHOUT_CONSTANT = {"netlib"}


@dataclass
class Instance:
    """One benchmark instance: where it is and what its answer should be."""

    path: str
    name: str
    reference: Optional[float] = None       # optimal objective, if known
    reference_has_constant: bool = True     # whether `reference` includes the constant
    expected: Optional[str] = None          # "solved", "primal_infeasible", ... or None
    size: Optional[int] = None              # approx. n + rows; None if unknown


def instance_name(path) -> str:
    """File name without its instance suffix: 'AUG2D' for .../AUG2D.mat."""
    base = os.path.basename(os.fspath(path))
    for suf in sorted(INSTANCE_SUFFIXES, key=len, reverse=True):
        if base.lower().endswith(suf):
            return base[: -len(suf)]
    return os.path.splitext(base)[0]


def _is_instance_file(path: Path) -> bool:
    low = path.name.lower()
    return path.is_file() and any(low.endswith(s) for s in INSTANCE_SUFFIXES)


def _read_references(folder: Path) -> Dict[str, float]:
    f = folder / "reference_objectives.csv"
    if not f.is_file():
        return {}
    out = {}
    with open(f, newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                out[row["problem"].strip().lower()] = float(row["objective"])
            except (KeyError, ValueError):
                continue
    return out


def reference_for(path) -> tuple:
    """(reference objective or None, whether it includes the constant) for an instance.

    Looks for reference_objectives.csv next to the file and one folder up (Netlib keeps
    it above feasible/ and infeasible/). Names match case-insensitively.
    """
    p = Path(path).resolve()
    name = instance_name(p).lower()
    for folder in (p.parent, p.parent.parent):
        refs = _read_references(folder)
        if name in refs:
            return refs[name], folder.name.lower() not in _REFERENCE_WITHOUT_CONSTANT
    return None, True


def expected_outcome(path) -> Optional[str]:
    """What the instance should verify as, judged from where it lives.

    A folder named ``infeasible`` holds primal infeasible instances; a known reference
    objective means "solved"; otherwise None (any verified outcome counts).
    """
    p = Path(path).resolve()
    if p.parent.name.lower() == "infeasible":
        return "primal_infeasible"
    if reference_for(p)[0] is not None:
        return "solved"
    if p.parent.name.lower() in ("feasible", "maros"):
        return "solved"
    return None


def approx_size(path) -> Optional[int]:
    """Cheap size estimate n + (rows of the constraint matrix), from the .mat header only.

    None when the format gives no cheap answer (the caller may load the problem instead).
    """
    p = os.fspath(path)
    if not p.lower().endswith(".mat"):
        return None
    try:
        import scipy.io as sio
        shapes = {name: shape for name, shape, _cls in sio.whosmat(p)}
    except Exception:
        return None
    if "A" in shapes:
        m, n = shapes["A"]
        # Netlib: each variable can bring up to two bound rows; count n of them.
        extra = n if "lo" in shapes else 0
        return int(n + m + extra)
    return None


def discover(paths: Iterable, pattern: Optional[str] = None,
             max_size: Optional[int] = None) -> List[Instance]:
    """Instances under the given files/folders (folders: recursively), sorted by name.

    ``pattern`` is a regular expression searched in the instance name (case-insensitive);
    ``max_size`` drops instances whose size n + rows exceeds it (estimated from a .mat
    header; other files are read to find out; unreadable ones are kept).
    """
    files: List[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if _is_instance_file(f)))
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {item}")
    rx = re.compile(pattern, re.IGNORECASE) if pattern else None
    out = []
    seen = set()
    for f in files:
        key = f.resolve()
        if key in seen:
            continue
        seen.add(key)
        name = instance_name(f)
        if rx is not None and not rx.search(name):
            continue
        size = approx_size(f)
        if size is None and max_size is not None:  # no cheap estimate: read the file
            try:
                prob = load_problem(f)
                size = prob.n + prob.m
            except Exception:
                size = None  # unreadable: keep it, the run will report the error
        if max_size is not None and size is not None and size > max_size:
            continue
        ref, with_const = reference_for(f)
        out.append(Instance(path=str(f), name=name, reference=ref,
                            reference_has_constant=with_const,
                            expected=expected_outcome(f), size=size))
    out.sort(key=lambda i: (i.name.lower(), i.path))
    return out


# ----------------------------------------------------------------------------------------
# Loading


def load_problem(path) -> Problem:
    """Read an instance into a canonical minix.Problem.

    Uses ``minix.io.read``; only when minix.io cannot be imported (a partial checkout)
    do .mat files fall back to the built-in reader below.
    """
    path = os.fspath(path)
    reader = _io_reader()
    if reader is not None:
        return drop_infinite_rows(reader(path))
    if path.lower().endswith(".mat"):
        return read_mat_fallback(path)
    raise RuntimeError(f"{path}: minix.io is not available and the benchmark harness "
                       "only reads .mat files by itself")


def drop_infinite_rows(prob: Problem) -> Problem:
    """Remove NonNeg rows whose bound is |b| >= INFINITE_BOUND (a 'no bound' that a reader
    kept because the file holds 1e20 rounded, e.g. 9.999999999999998e19 in PRIMALC1).
    Such a row can only make the data badly scaled; the count goes to meta."""
    b = np.asarray(prob.b, dtype=float)
    big = np.abs(b) >= INFINITE_BOUND
    if not big.any():
        return prob
    keep = np.ones(b.size, dtype=bool)
    cones = []
    i = 0
    for c in prob.cones:
        k = c.size
        if isinstance(c, NonNeg):
            drop = big[i:i + k]
            keep[i:i + k] = ~drop
            if k - int(drop.sum()):
                cones.append(NonNeg(k - int(drop.sum())))
        else:
            cones.append(c)
        i += k
    dropped = int((~keep).sum())
    if dropped == 0:
        return prob
    A = sp.csr_matrix(prob.A)[keep].tocsc()
    meta = {}
    for k, v in (prob.meta or {}).items():  # per-row arrays (row_source, ...) follow
        if isinstance(v, np.ndarray) and v.ndim == 1 and v.size == b.size:
            v = v[keep]
        meta[k] = v
    meta["bench_dropped_infinite_rows"] = dropped
    return Problem(P=prob.P, q=prob.q, A=A, b=b[keep], cones=cones, constant=prob.constant,
                   name=prob.name, var_names=prob.var_names,
                   con_names=None if prob.con_names is None else
                   [n for n, k in zip(prob.con_names, keep) if k],
                   objective_sense=prob.objective_sense, meta=meta)


def _io_reader():
    try:
        from .. import io as mio  # noqa: F401
        return getattr(mio, "read", None)
    except Exception:
        return None


def _vec(a) -> np.ndarray:
    if sp.issparse(a):
        a = a.toarray()
    return np.asarray(a, dtype=float).ravel()


def _finite(v: np.ndarray) -> np.ndarray:
    return np.isfinite(v) & (np.abs(v) < INFINITE_BOUND)


def read_mat_fallback(path) -> Problem:
    """Maros-Meszaros or Netlib .mat file as a canonical Problem (built-in reader)."""
    import scipy.io as sio
    d = sio.loadmat(os.fspath(path))
    name = instance_name(path)
    if "Problem" in d:  # Netlib infeasible: fields wrapped in a struct
        st = d["Problem"][0, 0]
        d = {k: st[k] for k in st.dtype.names}
    if "P" in d and "l" in d and "u" in d:
        return _maros_canonical(d, name)
    if "c" in d and "lo" in d and "hi" in d:
        return _netlib_canonical(d, name)
    raise ValueError(f"{path}: not a Maros-Meszaros or Netlib .mat file "
                     f"(fields: {sorted(k for k in d if not k.startswith('__'))})")


def _maros_canonical(d, name) -> Problem:
    """l <= Ax <= u: l = u rows become Zero, every other finite side one NonNeg row."""
    P = sp.csc_matrix(d["P"], dtype=float)
    A = sp.csr_matrix(d["A"], dtype=float)
    q = _vec(d["q"])
    lo, hi = _vec(d["l"]), _vec(d["u"])
    r = float(_vec(d["r"])[0]) if "r" in d else 0.0
    eq = _finite(lo) & _finite(hi) & (lo == hi)
    up = _finite(hi) & ~eq
    dn = _finite(lo) & ~eq
    blocks_A = [A[eq], A[up], -A[dn]]
    blocks_b = [hi[eq], hi[up], -lo[dn]]
    Ac = sp.vstack(blocks_A, format="csc")
    bc = np.concatenate(blocks_b)
    cones = []
    if eq.sum():
        cones.append(Zero(int(eq.sum())))
    if up.sum() + dn.sum():
        cones.append(NonNeg(int(up.sum() + dn.sum())))
    return Problem(P=sp.triu(P, format="csc"), q=q, A=Ac, b=bc, cones=cones,
                   constant=r, name=name)


def _netlib_canonical(d, name) -> Problem:
    """min c'x s.t. Ax = b, lo <= x <= hi: Zero rows Ax = b and fixed variables,
    NonNeg rows for the other finite bounds."""
    A = sp.csc_matrix(d["A"], dtype=float)
    b = _vec(d["b"])
    c = _vec(d["c"])
    lo, hi = _vec(d["lo"]), _vec(d["hi"])
    z0 = float(_vec(d["z0"])[0]) if "z0" in d and np.size(d["z0"]) else 0.0
    n = c.size
    eye = sp.identity(n, format="csr")
    fixed = _finite(lo) & _finite(hi) & (lo == hi)
    up = _finite(hi) & ~fixed
    dn = _finite(lo) & ~fixed
    Ac = sp.vstack([A, eye[fixed], eye[up], -eye[dn]], format="csc")
    bc = np.concatenate([b, lo[fixed], hi[up], -lo[dn]])
    nz = A.shape[0] + int(fixed.sum())
    nn = int(up.sum() + dn.sum())
    cones = ([Zero(nz)] if nz else []) + ([NonNeg(nn)] if nn else [])
    return Problem(P=None, q=c, A=Ac, b=bc, cones=cones, constant=z0, name=name)


def problem_stats(prob: Problem) -> dict:
    """n, m, nnz(P), nnz(A) and the cone families present, for reports."""
    kinds = sorted({type(c).__name__ for c in prob.cones})
    return {"n": prob.n, "m": prob.m,
            "nnz_P": 0 if prob.P is None else int(prob.P.nnz),
            "nnz_A": int(prob.A.nnz), "cones": "+".join(kinds)}


def finite_or_none(v) -> Optional[float]:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None
