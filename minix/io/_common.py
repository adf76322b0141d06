"""Shared helpers for the file readers and writers: errors, transparent gzip, numbers,
cone-list tidying."""
from __future__ import annotations

import gzip
import io
import os
from typing import Iterator, List, Optional, Tuple

import numpy as np

from ..cones import Cone, NonNeg, Zero


class FormatError(ValueError):
    """A file is not of the expected format, or is corrupt.

    ``filename`` and ``lineno`` (1-based; None when the problem is not tied to a line)
    are kept as attributes; the message starts with ``file:line:``.
    """

    def __init__(self, msg: str, filename: Optional[str] = None, lineno: Optional[int] = None):
        self.msg = msg
        self.filename = filename
        self.lineno = lineno
        where = filename or "<input>"
        if lineno is not None:
            where = f"{where}:{lineno}"
        super().__init__(f"{where}: {msg}")


def _display_name(path) -> str:
    return os.fspath(path) if isinstance(path, (str, os.PathLike)) else getattr(path, "name", "<stream>")


def read_bytes(path) -> bytes:
    """Bytes of a file, gunzipped when it starts with the gzip magic (whatever its name)."""
    if hasattr(path, "read"):
        data = path.read()
        if isinstance(data, str):
            data = data.encode()
    else:
        with open(path, "rb") as f:
            data = f.read()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise FormatError(f"corrupt gzip data ({exc})", _display_name(path)) from None
    return data


def read_text(path) -> str:
    """Text of a file (gzip transparently). Latin-1 fallback: old MPS files are not UTF-8."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def open_text_for_write(path):
    """A text handle for writing; gzip-compressed when the name ends in .gz."""
    p = os.fspath(path)
    if p.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(p, "wb"), encoding="utf-8", newline="\n")
    return open(p, "w", encoding="utf-8", newline="\n")


def parse_float(tok: str, filename: str, lineno: int, what: str = "number") -> float:
    """A float from a token; accepts Fortran 'D' exponents and Inf/Infinity spellings."""
    try:
        return float(tok)
    except ValueError:
        pass
    t = tok.replace("D", "E").replace("d", "e")
    try:
        return float(t)
    except ValueError:
        raise FormatError(f"expected a {what}, got {tok!r}", filename, lineno) from None


def parse_int(tok: str, filename: str, lineno: int, what: str = "integer") -> int:
    try:
        return int(tok)
    except ValueError:
        raise FormatError(f"expected an {what}, got {tok!r}", filename, lineno) from None


def merge_cones(cones: List[Cone]) -> List[Cone]:
    """Merge adjacent Zero/NonNeg cones and drop empty ones (row order is unchanged)."""
    out: List[Cone] = []
    for c in cones:
        if isinstance(c, (Zero, NonNeg)):
            if c.dim == 0:
                continue
            if out and type(out[-1]) is type(c):
                out[-1] = type(c)(out[-1].dim + c.dim)
                continue
        out.append(c)
    return out


def svec_index(i: int, j: int) -> int:
    """Position of entry (i, j) (0-based, either triangle) in Minix's svec: upper triangle,
    column-major."""
    if i > j:
        i, j = j, i
    return j * (j + 1) // 2 + i


def svec_indices(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    lo = np.minimum(i, j)
    hi = np.maximum(i, j)
    return hi * (hi + 1) // 2 + lo


def is_inf_bound(v: np.ndarray, big: float = 1e20) -> np.ndarray:
    """True where a bound means 'none' (|v| >= 1e20 or inf). Several Maros-Meszaros files
    store 1e20 as 9.999999999999998e19, so the comparison allows for rounding."""
    return ~np.isfinite(v) | (np.abs(v) >= big * (1.0 - 1e-12))


def split_lines(text: str) -> Iterator[Tuple[int, str]]:
    for k, line in enumerate(text.splitlines(), start=1):
        yield k, line
