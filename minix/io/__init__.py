"""Problem files: readers return a canonical ``minix.problem.Problem``.

    read(path, **kw) -> Problem      by extension: .mps .qps .cbf .dat-s .mat (+ .gz)
    write(problem, path)             .mps / .qps (free MPS, QUADOBJ) or .cbf (+ .gz)

Conventions shared by every reader (details in each module's docstring):

* Data is always a minimization of ``1/2 x'Px + q'x + constant`` with ``Ax + s = b``,
  ``s in K``; P is the upper triangle (CSC) or None. A file that maximizes is read with
  q, P and constant negated and ``objective_sense="max"``: the file's objective value is
  ``-(minimized objective)``.
* The objective constant is kept (MPS: minus the RHS of the objective row; CBF:
  OBJBCOORD; Maros-Meszaros: r; Netlib: z0).
* A file that is not of the format, or is corrupt, raises ``FormatError`` (a ValueError)
  whose message starts with ``file:line:``; integer variables are rejected the same way.
"""
from __future__ import annotations

import os

from ._common import FormatError
from .boxqp import BoxQP, box_to_problem
from .cbf import read_cbf, write_cbf
from .mat import read_mat
from .mps import read_mps, write_mps
from .sdpa import read_sdpa

__all__ = ["read", "write", "FormatError", "BoxQP", "box_to_problem", "read_mps",
           "write_mps", "read_cbf", "write_cbf", "read_sdpa", "read_mat", "EXTENSIONS"]

_READERS = {
    ".mps": read_mps,
    ".qps": read_mps,
    ".cbf": read_cbf,
    ".dat-s": read_sdpa,
    ".mat": read_mat,
}
_WRITERS = {".mps": write_mps, ".qps": write_mps, ".cbf": write_cbf}
EXTENSIONS = tuple(_READERS)


def _ext(path) -> str:
    name = os.path.basename(os.fspath(path)).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for ext in sorted(_READERS, key=len, reverse=True):
        if name.endswith(ext):
            return ext
    return os.path.splitext(name)[1]


def read(path, **kw):
    """Read a problem file, choosing the reader by extension (``.gz`` is transparent).

    Keyword arguments go to the reader (``form="box"`` for .mps/.qps/.mat returns the
    BoxQP instead of the canonical Problem)."""
    ext = _ext(path)
    reader = _READERS.get(ext)
    if reader is None:
        raise ValueError(f"{os.fspath(path)}: unknown problem file extension {ext!r}; "
                         f"known: {', '.join(EXTENSIONS)} (optionally + .gz)")
    return reader(path, **kw)


def write(problem, path) -> None:
    """Write a Problem as .mps/.qps (LP/QP: Zero and NonNeg cones) or .cbf (conic, no P);
    a trailing .gz compresses."""
    ext = _ext(path)
    writer = _WRITERS.get(ext)
    if writer is None:
        raise ValueError(f"{os.fspath(path)}: cannot write {ext!r} files; known: "
                         f"{', '.join(_WRITERS)} (optionally + .gz)")
    writer(problem, path)
