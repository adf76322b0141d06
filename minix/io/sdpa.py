"""SDPA sparse format (``.dat-s``) reader.

SDPA's primal, the problem SDPLIB's optimal values refer to (sdplib/FORMAT, README):

    minimize    c'x
    subject to  X = F_1 x_1 + ... + F_m x_m - F_0,   X PSD (block diagonal)

(its dual is ``max tr(F_0 Y) s.t. tr(F_i Y) = c_i, Y PSD``). SDPLIB's reported optimum
is this minimum, with sign as printed (e.g. truss1 -8.999996, control1 17.78463).

Conversion: x are the Minix variables, q = c, and every block of X becomes a cone in
block order: a block of size n > 1 becomes ``PSD(n)`` with rows svec(X_block) (upper
triangle, column-major, off-diagonals times sqrt(2)); a diagonal block (negative size -n)
and a block of size 1 become ``NonNeg`` rows (adjacent ones merged). Since
s = svec(sum_i F_i x_i - F_0), A's column i is -svec(F_i) and b = -svec(F_0).
Entries are given for one triangle; an entry (i, j) stands for both (i, j) and (j, i).
Repeated entries are summed. Comment lines start with '"' or '*'; the characters
``,(){}`` are ignored; text after m and after nblocks on their lines is ignored.
"""
from __future__ import annotations

import math
import os
from typing import List

import numpy as np
import scipy.sparse as sp

from ..cones import PSD, NonNeg
from ..problem import Problem
from ._common import FormatError, merge_cones, parse_float, parse_int, read_text

SQRT2 = math.sqrt(2.0)
_PUNCT = str.maketrans({c: " " for c in ",(){}"})


def parse_sdpa(text: str, filename: str = "<string>") -> Problem:
    lines = [(k, s) for k, s in enumerate(text.splitlines(), start=1)]
    pos = 0
    # skip comments (only before the header) and blank lines
    body = []
    for k, s in lines:
        t = s.strip()
        if not t:
            continue
        if not body and t[0] in '"*':
            continue
        body.append((k, t))
    if len(body) < 3:
        raise FormatError("not an SDPA sparse file: header (m, nblocks, block sizes, c) "
                          "incomplete", filename, body[-1][0] if body else None)

    def first_int(k, s, what):
        tok = s.translate(_PUNCT).split()
        if not tok:
            raise FormatError(f"expected {what}", filename, k)
        try:
            return int(tok[0])
        except ValueError:
            try:
                v = float(tok[0])
            except ValueError:
                v = math.nan
            if v == v and v == int(v):
                return int(v)
            raise FormatError(f"not an SDPA sparse file: expected {what}, got {s[:40]!r}",
                              filename, k) from None

    k_m, s_m = body[pos]
    m = first_int(k_m, s_m, "the number of constraint matrices m")
    pos += 1
    k_b, s_b = body[pos]
    nblocks = first_int(k_b, s_b, "the number of blocks")
    pos += 1
    if m < 0 or nblocks < 1:
        raise FormatError(f"bad header: m={m}, nblocks={nblocks}", filename, k_b)

    def take_numbers(count, what):
        nonlocal pos
        vals: List[str] = []
        last = None
        while len(vals) < count:
            if pos >= len(body):
                raise FormatError(f"unexpected end of file reading {what}", filename, last)
            last, s = body[pos]
            pos += 1
            vals.extend(s.translate(_PUNCT).split())
        if len(vals) > count:
            raise FormatError(f"{what}: expected {count} numbers, line has more", filename, last)
        return vals, last

    toks, ln = take_numbers(nblocks, "the block sizes")
    sizes = [parse_int(t, filename, ln, "block size") if t.lstrip("+-").isdigit()
             else int(parse_float(t, filename, ln)) for t in toks]
    if any(s_ == 0 for s_ in sizes):
        raise FormatError("block size 0", filename, ln)
    toks, ln = take_numbers(m, "the objective vector c")
    c = np.array([parse_float(t, filename, ln) for t in toks], dtype=float)

    # block layout in Minix rows
    cones = []
    row_off = []
    off = 0
    for s_ in sizes:
        row_off.append(off)
        if s_ < 0 or s_ == 1:
            cones.append(NonNeg(abs(s_)))
            off += abs(s_)
        else:
            cones.append(PSD(s_))
            off += s_ * (s_ + 1) // 2
    n_rows = off
    sizes_a = np.asarray(sizes, dtype=np.int64)
    row_off_a = np.asarray(row_off, dtype=np.int64)

    entries = body[pos:]
    cnt = len(entries)
    linenos = np.fromiter((k for k, _ in entries), dtype=np.int64, count=cnt)
    arr = None
    try:
        arr = np.array(" ".join(s for _, s in entries).translate(_PUNCT).split(), dtype=float)
        if arr.size != 5 * cnt or not np.all(np.isfinite(arr)):
            arr = None
        else:
            arr = arr.reshape(cnt, 5)
    except ValueError:
        arr = None
    if arr is None:
        arr = np.empty((cnt, 5))
        for r, (k, s) in enumerate(entries):
            toks = s.translate(_PUNCT).split()
            if len(toks) != 5:
                raise FormatError("entry line must be '<matno> <blkno> <i> <j> <value>', "
                                  f"got {s[:60]!r}", filename, k)
            for cidx, t in enumerate(toks):
                arr[r, cidx] = parse_float(t, filename, k)
            if not np.all(np.isfinite(arr[r])):
                raise FormatError(f"non-finite number in {s[:60]!r}", filename, k)

    def bad(mask, msg):
        if np.any(mask):
            r = int(np.argmax(mask))
            raise FormatError(msg(r), filename, int(linenos[r]))

    ints = arr[:, :4]
    bad(np.any(ints != np.floor(ints), axis=1), lambda r: "matrix, block and indices must "
        "be integers")
    mat = arr[:, 0].astype(np.int64)
    blk = arr[:, 1].astype(np.int64)
    ii = arr[:, 2].astype(np.int64)
    jj = arr[:, 3].astype(np.int64)
    val = arr[:, 4]
    bad((mat < 0) | (mat > m), lambda r: f"matrix number {mat[r]} out of range 0..{m}")
    bad((blk < 1) | (blk > nblocks), lambda r: f"block number {blk[r]} out of range "
        f"1..{nblocks}")
    bsz = np.abs(sizes_a[blk - 1])
    bad((ii < 1) | (jj < 1) | (ii > bsz) | (jj > bsz),
        lambda r: f"index ({ii[r]}, {jj[r]}) out of range for block {blk[r]} of size {bsz[r]}")
    diag_blk = (sizes_a[blk - 1] < 0) | (sizes_a[blk - 1] == 1)
    bad(diag_blk & (ii != jj), lambda r: f"off-diagonal entry ({ii[r]}, {jj[r]}) in diagonal "
        f"block {blk[r]}")
    i0, j0 = ii - 1, jj - 1
    lo, hi = np.minimum(i0, j0), np.maximum(i0, j0)
    local = np.where(diag_blk, i0, hi * (hi + 1) // 2 + lo)
    scale = np.where(lo == hi, 1.0, SQRT2)
    rows = row_off_a[blk - 1] + local
    v = -val * scale  # A = -svec(F_i), b = -svec(F_0)

    is0 = mat == 0
    b = np.zeros(n_rows)
    np.add.at(b, rows[is0], v[is0])
    A = sp.csc_matrix((v[~is0], (rows[~is0], mat[~is0] - 1)), shape=(n_rows, m))
    A.sum_duplicates()
    A.eliminate_zeros()
    A.sort_indices()
    prob = Problem(P=None, q=c, A=A, b=b + 0.0, cones=merge_cones(cones),
                   name=os.path.basename(filename).split(".")[0],
                   meta={"format": "sdpa", "block_sizes": sizes})
    prob.check_shapes()
    return prob


def read_sdpa(path) -> Problem:
    """Read an SDPA sparse (.dat-s) file (gzip transparently)."""
    fn = os.fspath(path) if not hasattr(path, "read") else getattr(path, "name", "<stream>")
    return parse_sdpa(read_text(path), str(fn))
