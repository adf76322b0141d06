"""SDPA sparse (.dat-s) reader: the FORMAT example exactly, SDPLIB values, errors."""
import math

import numpy as np
import pytest

import minix.io as mio
from minix.cones import PSD, NonNeg
from minix.io.sdpa import parse_sdpa

from conftest import data_path
from test_io_helpers import assert_rel_close, solve_with_clarabel

S2 = math.sqrt(2.0)

# the example of sdplib/FORMAT: min 10 x1 + 20 x2 s.t. F1 x1 + F2 x2 - F0 PSD
FORMAT_EXAMPLE = """\
"A sample problem.
2 =mdim
2 =nblocks
{2, 2}
10.0 20.0
0 1 1 1 1.0
0 1 2 2 2.0
0 2 1 1 3.0
0 2 2 2 4.0
1 1 1 1 1.0
1 1 2 2 1.0
2 1 2 2 1.0
2 2 1 1 5.0
2 2 1 2 2.0
2 2 2 2 6.0
"""


def test_format_example_exact():
    p = parse_sdpa(FORMAT_EXAMPLE)
    assert p.cones == [PSD(2), PSD(2)]
    np.testing.assert_array_equal(p.q, [10.0, 20.0])
    # svec rows per block: (1,1), sqrt2*(1,2), (2,2); A = -svec(F_i), b = -svec(F_0)
    np.testing.assert_array_equal(p.b, [-1, 0, -2, -3, 0, -4])
    np.testing.assert_allclose(p.A.toarray(), [
        [-1, 0], [0, 0], [-1, -1],
        [0, -5], [0, -2 * S2], [0, -6],
    ], rtol=1e-15)
    status, val = solve_with_clarabel(p)
    assert status == "Solved"
    # F1 x1 + F2 x2 >= F0: block 1 diag(x1, x1 + x2) >= diag(1, 2); block 2
    # [[5 x2 - 3, 2 x2], [2 x2, 6 x2 - 4]] PSD. Optimum from the 2x2 determinant.
    x2 = max(np.roots([26, -38, 12]))  # (5x-3)(6x-4) - 4x^2 = 0, larger root
    x1 = max(1.0, 2.0 - x2)
    assert_rel_close(val, 10 * x1 + 20 * x2, 1e-6)


def test_diagonal_and_size_one_blocks_are_nonneg():
    text = """* comment
1
3
-2 1 2
1.0
0 1 1 1 1
0 1 2 2 2
1 1 1 1 1
1 1 2 2 3
1 2 1 1 1
1 3 1 2 1
0 2 1 1 -5
"""
    p = parse_sdpa(text)
    assert p.cones == [NonNeg(3), PSD(2)]
    np.testing.assert_array_equal(p.b, [-1, -2, 5, 0, 0, 0])
    np.testing.assert_allclose(p.A.toarray()[:, 0], [-1, -3, -1, 0, -S2, 0], rtol=1e-15)


@pytest.mark.parametrize("bad, lineno, match", [
    ("0 1 1 2 1.0\n", 6, "off-diagonal entry"),
    ("0 3 1 1 1.0\n", 6, "block number 3"),
    ("3 1 1 1 1.0\n", 6, "matrix number 3"),
    ("0 2 1 3 1.0\n", 6, "out of range"),
    ("0 2 1 x 1.0\n", 6, "expected a number"),
    ("0 2 1\n", 6, "entry line must be"),
])
def test_errors_with_line_numbers(tmp_path, bad, lineno, match):
    text = "1\n2\n-2 2\n1.0\n0 1 1 1 1.0\n" + bad
    path = tmp_path / "bad.dat-s"
    path.write_text(text)
    with pytest.raises(mio.FormatError, match=match) as e:
        mio.read(path)
    assert e.value.lineno == lineno
    assert f"bad.dat-s:{lineno}:" in str(e.value)


def test_not_sdpa():
    with pytest.raises(mio.FormatError, match="not an SDPA sparse file"):
        parse_sdpa("NAME foo\nROWS\n N obj\nCOLUMNS\n")


# SDPLIB's optimal values (sdplib/README) are the minimum of c'x in the SDPA primal
@pytest.mark.parametrize("name, expected, rtol", [
    ("truss1", -8.999996, 1e-6),
    ("truss4", -9.009996, 1e-6),
    ("hinf1", 2.0326, 1e-4),
    ("qap5", -436.0, 1e-6),
])
def test_sdplib_reference_values(name, expected, rtol):
    p = mio.read(data_path("sdplib", f"{name}.dat-s"))
    status, val = solve_with_clarabel(p, tol=1e-8)
    assert status == "Solved"
    assert_rel_close(val, expected, rtol)


@pytest.mark.parametrize("name, m_vars, n_block", [
    ("arch0", 174, 161), ("control1", 21, 10), ("mcp100", 100, 100), ("theta1", 104, 50),
    ("truss8", 496, 19),
])
def test_sdplib_loads(name, m_vars, n_block):
    p = mio.read(data_path("sdplib", f"{name}.dat-s"))
    p.check_shapes()
    assert p.n == m_vars
    assert any(isinstance(c, PSD) and c.dim == n_block for c in p.cones)
