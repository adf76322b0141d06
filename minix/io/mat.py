"""MATLAB ``.mat`` layouts of the bundled benchmark data (../shared/data).

* Maros-Meszaros (``maros/*.mat``): ``P`` (full symmetric), ``q``, ``r`` (objective
  constant), ``A``, ``l``, ``u``: ``minimize 1/2 x'Px + q'x + r  s.t.  l <= Ax <= u``;
  ``|v| >= 1e20`` or inf means no bound. Variable bounds are already rows of A, so the box
  form has ``lb = -inf, ub = +inf``.
* Netlib feasible (``netlib/feasible/*.mat``): ``A``, ``b``, ``c``, ``lo``, ``hi``, ``z0``:
  ``minimize c'x + z0  s.t.  Ax = b, lo <= x <= hi``. ``z0`` is the objective constant
  from the original MPS file (RHS of the objective row, negated: e226 has z0 = -7.113),
  **not** the optimum; netlib/reference_objectives.csv lists the optimal ``c'x`` without it.
  ``hi``/``lo`` of magnitude >= 1e20 mean no bound.
* Netlib infeasible (``netlib/infeasible/*.mat``): the same fields inside a ``Problem``
  struct (SuiteSparse layout), plus ``name``/``title``.

All are minimizations. Arrays may be stored big-endian; everything is converted to native
float64 / int64. ``form="canonical"`` returns a Problem (via ``boxqp.box_to_problem``),
``form="box"`` the BoxQP.
"""
from __future__ import annotations

import io
import os

import numpy as np
import scipy.io as sio
import scipy.sparse as sp

from ._common import FormatError, is_inf_bound, read_bytes
from .boxqp import BoxQP, box_to_problem, sym_to_upper


def _vec(x, length=None, name="", fn=""):
    if sp.issparse(x):
        x = x.toarray()
    a = np.asarray(x).astype(float).ravel()
    if length is not None and a.size != length:
        raise FormatError(f"field {name!r} has {a.size} entries, expected {length}", fn)
    return a


def _scalar(x, default=0.0):
    if x is None:
        return default
    a = np.asarray(x.toarray() if sp.issparse(x) else x).astype(float).ravel()
    return float(a[0]) if a.size else default


def _str(x):
    if x is None:
        return ""
    a = np.asarray(x)
    if a.dtype.kind in "US":
        return "".join(str(s) for s in a.ravel()).strip()
    return ""


def _csc(x):
    if sp.issparse(x):
        M = sp.csc_matrix(x)
    else:
        M = sp.csc_matrix(np.atleast_2d(np.asarray(x)))
    M = sp.csc_matrix((M.data.astype(float), M.indices.astype(np.int64),
                       M.indptr.astype(np.int64)), shape=M.shape)
    M.sum_duplicates()
    M.eliminate_zeros()
    M.sort_indices()
    return M


def _bounds(v):
    v = v.copy()
    inf = is_inf_bound(v)
    v[inf & (v > 0)] = np.inf
    v[inf & (v < 0)] = -np.inf
    return v


def _load(path):
    fn = os.fspath(path) if not hasattr(path, "read") else getattr(path, "name", "<stream>")
    data = read_bytes(path)
    try:
        d = sio.loadmat(io.BytesIO(data), squeeze_me=False)
    except Exception as exc:  # scipy raises several types for non-MAT input
        raise FormatError(f"not a MATLAB .mat file ({exc.__class__.__name__}: {exc})",
                          str(fn)) from None
    return d, str(fn)


def _maros(d, fn):
    q = _vec(d["q"])
    n = q.size
    A = _csc(d["A"])
    m = A.shape[0]
    if A.shape[1] != n:
        raise FormatError(f"A has {A.shape[1]} columns but q has {n} entries", fn)
    P = d.get("P")
    P = sym_to_upper(_csc(P)) if P is not None else None
    if P is not None and P.shape != (n, n):
        raise FormatError(f"P has shape {P.shape}, expected ({n}, {n})", fn)
    if P is not None and P.nnz == 0:
        P = None
    box = BoxQP(P=P, q=q, A=A, l=_bounds(_vec(d["l"], m, "l", fn)),
                u=_bounds(_vec(d["u"], m, "u", fn)), lb=np.full(n, -np.inf),
                ub=np.full(n, np.inf), constant=_scalar(d.get("r")),
                name=os.path.basename(fn).split(".")[0], meta={"format": "maros-mat"})
    return box


def _netlib(fields, fn, name, fmt):
    A = _csc(fields["A"])
    m, n = A.shape
    b = _vec(fields["b"], m, "b", fn)
    c = _vec(fields["c"], n, "c", fn)
    lo = _bounds(_vec(fields["lo"], n, "lo", fn)) if "lo" in fields else np.zeros(n)
    hi = _bounds(_vec(fields["hi"], n, "hi", fn)) if "hi" in fields else np.full(n, np.inf)
    return BoxQP(P=None, q=c, A=A, l=b.copy(), u=b.copy(), lb=lo, ub=hi,
                 constant=_scalar(fields.get("z0")), name=name, meta={"format": fmt})


def read_mat(path, form: str = "canonical"):
    """Read a Maros-Meszaros or Netlib (feasible/infeasible) .mat file."""
    if form not in ("canonical", "box"):
        raise ValueError(f"form must be 'canonical' or 'box', got {form!r}")
    d, fn = _load(path)
    base = os.path.basename(fn).split(".")[0]
    if "Problem" in d:
        s = d["Problem"]
        if s.dtype.names is None:
            raise FormatError("'Problem' is not a struct", fn)
        s = s.ravel()[0]
        fields = {k: s[k] for k in s.dtype.names}
        for k in ("A", "b", "c"):
            if k not in fields:
                raise FormatError(f"'Problem' struct has no field {k!r}", fn)
        name = _str(fields.get("name")) or base
        box = _netlib(fields, fn, name, "netlib-infeasible-mat")
    elif all(k in d for k in ("P", "q", "A", "l", "u")):
        box = _maros(d, fn)
    elif all(k in d for k in ("A", "b", "c")):
        box = _netlib(d, fn, base, "netlib-mat")
    else:
        keys = sorted(k for k in d if not k.startswith("__"))
        raise FormatError(f"unknown .mat layout (variables {keys}); expected Maros-Meszaros "
                          "(P, q, r, A, l, u) or Netlib (A, b, c, lo, hi, z0)", fn)
    box.check_shapes()
    return box if form == "box" else box_to_problem(box)
