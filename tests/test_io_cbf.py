"""CBF reader/writer: exact cone maps, dual/rotated cones, PSD, errors, CBLIB instances."""
import math
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

import minix.io as mio
from minix.cones import PSD, SOC, Exp, NonNeg, Pow, Zero
from minix.io.cbf import parse_cbf
from minix.problem import Problem

from conftest import data_path
from test_io_helpers import (assert_rel_close, assert_same_problem, reference,
                             solve_with_clarabel)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
S2 = math.sqrt(2.0)


def cbf(body: str, header: str = "VER\n3\n\n") -> str:
    return header + body


ALL_CONES = cbf("""\
POWCONES
1 2
2
3
1

POW*CONES
1 2
2
1
1

VAR
3 1
F 3

CON
21 9
L+ 1
L- 1
L= 1
Q 3
QR 3
EXP 3
EXP* 3
@0:POW 3
@0:POW* 3

ACOORD
21
""" + "".join(f"{i} 0 {i + 1}\n" for i in range(21)) + """
BCOORD
21
""" + "".join(f"{i} {100 + i}\n" for i in range(21)))


def test_every_scalar_cone_map_exact():
    p = parse_cbf(ALL_CONES)
    assert p.cones == [NonNeg(2), Zero(1), SOC(3), SOC(3), Exp(), Exp(), Pow(0.75), Pow(0.5)]
    g = np.arange(1.0, 22.0)       # coefficient of x0 in CBF row i
    h = 100.0 + np.arange(21.0)    # constant of CBF row i
    # Minix rows: s = T g_row  =>  A[:, 0] = -T g, b = T h
    def T(v):
        return np.array([
            v[0], -v[1], v[2],                         # L+, L-, L=
            v[3], v[4], v[5],                          # Q
            (v[6] + v[7]) / S2, (v[6] - v[7]) / S2, v[8],  # QR -> SOC
            v[11], v[10], v[9],                        # EXP reversed
            v[14] - v[13], -v[14], v[12],              # EXP* -> Exp
            v[15], v[16], v[17],                       # POW, alpha = 3/(3+1)
            v[18] / 0.5, v[19] / 0.5, v[20],           # POW* (alpha 1/2) scaled
        ])
    np.testing.assert_allclose(p.A.toarray()[:, 0], -T(g), rtol=1e-15, atol=1e-12)
    np.testing.assert_allclose(p.b, T(h), rtol=1e-15, atol=1e-12)
    assert p.A.shape == (21, 3) and p.A[:, 1:].nnz == 0


def _cone_rows(cone_line, point):
    """Minix slack s = T point for a single CBF CON cone applied to x = point."""
    d = len(point)
    extra = ""
    if "POW" in cone_line:
        kw = "POW*CONES" if "POW*" in cone_line else "POWCONES"
        extra = f"{kw}\n1 2\n2\n0.3\n0.7\n\n"
    text = cbf(extra + f"VAR\n{d} 1\nF {d}\n\nCON\n{d} 1\n{cone_line} {d}\n\nACOORD\n{d}\n"
               + "".join(f"{i} {i} 1\n" for i in range(d)))
    p = parse_cbf(text)
    return p.b - p.A @ np.asarray(point, float), p.cones


def _in_exp(s, tol=1e-12):
    x, y, z = s
    return y > 0 and y * math.exp(x / y) <= z * (1 + tol) + tol


def _in_pow(s, a, tol=1e-12):
    x, y, z = s
    return x >= 0 and y >= 0 and x ** a * y ** (1 - a) >= abs(z) * (1 - tol) - tol


def test_dual_exponential_membership():
    rng = np.random.default_rng(0)
    for _ in range(40):
        c3 = -rng.uniform(0.1, 3)
        c2 = rng.uniform(-3, 3)
        edge = -c3 * math.exp(-1) * math.exp(c2 / c3)   # CBF EXP*: c1 >= this
        s_in, cones = _cone_rows("EXP*", [edge * 1.01, c2, c3])
        s_out, _ = _cone_rows("EXP*", [edge * 0.99, c2, c3])
        assert cones == [Exp()]
        assert _in_exp(s_in) and not _in_exp(s_out)
        s_edge, _ = _cone_rows("EXP*", [edge, c2, c3])
        y, x = s_edge[1], s_edge[0]
        assert y * math.exp(x / y) == pytest.approx(s_edge[2], rel=1e-12)  # boundary


def test_primal_exponential_membership():
    rng = np.random.default_rng(1)
    for _ in range(25):
        s_, r = rng.uniform(0.1, 3), rng.uniform(-3, 3)
        t = s_ * math.exp(r / s_)  # CBF EXP: t >= s exp(r/s)
        assert _in_exp(_cone_rows("EXP", [t * 1.01, s_, r])[0])
        assert not _in_exp(_cone_rows("EXP", [t * 0.99, s_, r])[0])


def test_power_and_dual_power_membership():
    rng = np.random.default_rng(2)
    a = 0.3
    for _ in range(25):
        x, y = rng.uniform(0.1, 3, size=2)
        z = x ** a * y ** (1 - a)
        s, cones = _cone_rows("@0:POW", [x, y, z * 0.99])
        assert cones == [Pow(0.3)] and _in_pow(s, a)
        assert not _in_pow(_cone_rows("@0:POW", [x, y, z * 1.01])[0], a)
        zd = (x / a) ** a * (y / (1 - a)) ** (1 - a)  # dual power cone bound
        assert _in_pow(_cone_rows("@0:POW*", [x, y, -zd * 0.99])[0], a)
        assert not _in_pow(_cone_rows("@0:POW*", [x, y, zd * 1.01])[0], a)


def test_rotated_soc_membership():
    rng = np.random.default_rng(3)
    for _ in range(25):
        u, v = rng.uniform(0.1, 3, size=2)
        w = rng.normal(size=3)
        w *= math.sqrt(2 * u * v) / np.linalg.norm(w)   # on the boundary 2uv = |w|^2
        s, cones = _cone_rows("QR", [u, v, *w])
        assert cones == [SOC(5)]
        assert s[0] == pytest.approx(np.linalg.norm(s[1:]), rel=1e-12)
        s_out, _ = _cone_rows("QR", [u, v, *(w * 1.01)])
        assert s_out[0] < np.linalg.norm(s_out[1:])


# Variable-domain cones, checked by optimal values with Clarabel:
#   EXP*:  min c1 s.t. (c1, c2, c3) in EXP*, c2 = 1, c3 = -1  ->  exp(-2)
#   POW*:  min u + v s.t. (u, v, w) in POW*(0.3), w = 1          ->  1 (AM-GM)
#   QR:    min u s.t. 2 u v >= w^2, v = 0.5, w = 3               ->  9
#   EXP:   min t s.t. t >= s exp(r/s), s = 1, r = 2              ->  exp(2)
#   POW:   min x1 s.t. x1^.75 x2^.25 >= |x3|, x2 = 16, x3 = 4    ->  2^(4/3)
@pytest.mark.parametrize("cone, params, fix, obj, expected", [
    ("EXP*", "", [(1, 1.0), (2, -1.0)], [0], math.exp(-2)),
    ("@0:POW*", "POW*CONES\n1 2\n2\n0.3\n0.7\n", [(2, 1.0)], [0, 1], 1.0),
    ("QR", "", [(1, 0.5), (2, 3.0)], [0], 9.0),
    ("EXP", "", [(1, 1.0), (2, 2.0)], [0], math.exp(2)),
    ("@0:POW", "POWCONES\n1 2\n2\n3\n1\n", [(1, 16.0), (2, 4.0)], [0], 2 ** (4 / 3)),
])
def test_variable_domain_cones_solve(cone, params, fix, obj, expected):
    text = cbf(params + f"\nVAR\n3 1\n{cone} 3\n\nCON\n{len(fix)} 1\nL= {len(fix)}\n\n"
               f"OBJACOORD\n{len(obj)}\n" + "".join(f"{j} 1\n" for j in obj)
               + f"\nACOORD\n{len(fix)}\n" + "".join(f"{i} {j} 1\n" for i, (j, _) in
                                                     enumerate(fix))
               + f"\nBCOORD\n{len(fix)}\n" + "".join(f"{i} {-v}\n" for i, (_, v) in
                                                     enumerate(fix)))
    p = parse_cbf(text)
    status, val = solve_with_clarabel(p)
    assert status == "Solved"
    assert_rel_close(val, expected, 1e-6)


PSDVAR_PROBLEM = cbf("""\
OBJSENSE
MIN

PSDVAR
1
2

CON
1 1
L= 1

OBJFCOORD
3
0 0 0 1
0 1 0 0.5
0 1 1 2

FCOORD
2
0 0 0 0 1
0 0 1 1 1

BCOORD
1
0 -1
""")

PSDCON_PROBLEM = cbf("""\
OBJSENSE
MAX

VAR
1 1
F 1

PSDCON
1
2

OBJACOORD
1
0 1

OBJBCOORD
0.25

HCOORD
1
0 0 1 0 1

DCOORD
2
0 0 0 1
0 1 1 1
""")


def test_psdvar_exact_and_solve():
    p = parse_cbf(PSDVAR_PROBLEM)
    # variables: svec(X) = (X00, sqrt2 X01, X11); <C, X> = X00 + 2*0.5*X01 + 2 X11
    np.testing.assert_allclose(p.q, [1.0, 0.5 * S2, 2.0], rtol=1e-15)
    assert p.cones == [Zero(1), PSD(2)]
    np.testing.assert_array_equal(p.A.toarray(), [[-1, 0, -1], [-1, 0, 0], [0, -1, 0],
                                                  [0, 0, -1]])
    np.testing.assert_array_equal(p.b, [-1, 0, 0, 0])
    status, val = solve_with_clarabel(p)
    assert status == "Solved"
    assert_rel_close(val, (3 - math.sqrt(2)) / 2, 1e-7)  # smallest eigenvalue of C


def test_psdcon_exact_and_solve():
    p = parse_cbf(PSDCON_PROBLEM)
    assert p.objective_sense == "max"
    np.testing.assert_array_equal(p.q, [-1.0])
    assert p.constant == -0.25
    assert p.cones == [PSD(2)]
    np.testing.assert_allclose(p.A.toarray(), [[0], [-S2], [0]], rtol=1e-15)
    np.testing.assert_array_equal(p.b, [1, 0, 1])
    status, val = solve_with_clarabel(p)
    assert status == "Solved"
    assert_rel_close(val, 1.25, 1e-7)  # max y + 0.25 s.t. [[1, y], [y, 1]] PSD


# ---- errors ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, lineno, match", [
    (cbf("VAR\n2 1\nF 2\n\nINT\n1\n1\n"), 10, "variable 1 is integer"),
    (cbf("VAR\n3 2\nF 1\nL+ 1\n"), 5, "add up to 2, but 3"),
    (cbf("VAR\n2 1\nF 2\nCON\n1 1\nL+ 1\nACOORD\n2\n0 0 1\n0 5 1\n"), 13,
     "ACOORD variable index 5"),
    (cbf("VAR\n2 1\nF 2\nCON\n1 1\nL+ 1\nACOORD\n2\n0 0 1\n0 x 1\n"), 13, "expected a number"),
    (cbf("VAR\n2 1\nF 2\nCON\n1 1\nL+ 1\nACOORD\n3\n0 0 1\n"), 12, "unexpected end of file"),
    (cbf("VAR\n2 1\nF 2\nBOGUS\n"), 7, "unknown CBF keyword"),
    (cbf("VAR\n2 1\nEXP 2\n"), 6, "EXP cone must have dimension 3"),
    (cbf("VAR\n3 1\nXYZ 3\n"), 6, "unknown VAR cone"),
    (cbf("POWCONES\n1 3\n3\n1\n1\n1\nVAR\n3 1\n@0:POW 3\n"), 12, "not supported"),
    (cbf("VAR\n3 1\n@0:POW 3\n"), 6, "refers to parameter set 0"),
    (cbf("CHANGE\n"), 4, "CHANGE"),
    (cbf("VAR\n3 1\nSVECPSD 3\n"), 6, "not supported yet"),
    ("NAME foo\nROWS\n", 1, "does not look like a CBF file"),
])
def test_errors_with_line_numbers(tmp_path, text, lineno, match):
    path = tmp_path / "bad.cbf"
    path.write_text(text)
    with pytest.raises(mio.FormatError, match=match) as e:
        mio.read(path)
    assert e.value.lineno == lineno
    assert f"bad.cbf:{lineno}:" in str(e.value)


# ---- writer / round trips -------------------------------------------------------------

def _conic_problem():
    rng = np.random.default_rng(5)
    cones = [Zero(2), NonNeg(3), SOC(4), Exp(), Pow(0.3), Exp(), Pow(1 / 3), NonNeg(1)]
    m, n = sum(c.size for c in cones), 6
    A = sp.random(m, n, density=0.4, random_state=6, format="csc")
    A.data = rng.normal(size=A.nnz)
    return Problem(P=None, q=rng.normal(size=n), A=A, b=rng.normal(size=m), cones=cones,
                   constant=0.1 + 0.2, objective_sense="max")


@pytest.mark.parametrize("suffix", [".cbf", ".cbf.gz"])
def test_roundtrip_conic(tmp_path, suffix):
    p = _conic_problem()
    mio.write(p, tmp_path / ("rt" + suffix))
    q = mio.read(tmp_path / ("rt" + suffix))
    assert_same_problem(p, q, exact=True)


def test_roundtrip_psd(tmp_path):
    for text in (PSDVAR_PROBLEM, PSDCON_PROBLEM):
        p = parse_cbf(text)
        mio.write(p, tmp_path / "psd.cbf")
        q = mio.read(tmp_path / "psd.cbf")
        # PSDVAR domains come back as PSD constraint rows; the data is the same
        assert_same_problem(p, q, exact=False)


def test_roundtrip_example(tmp_path):
    p = mio.read(EXAMPLES / "socp_small.cbf")
    mio.write(p, tmp_path / "s.cbf")
    assert_same_problem(p, mio.read(tmp_path / "s.cbf"))


def test_writer_rejects_quadratic(tmp_path):
    p = _conic_problem()
    p.P = sp.identity(p.n, format="csc")
    with pytest.raises(ValueError, match="quadratic"):
        mio.write(p, tmp_path / "x.cbf")


def test_example_socp_small():
    p = mio.read(EXAMPLES / "socp_small.cbf")
    assert p.cones == [SOC(3), Zero(3), SOC(3)]
    status, val = solve_with_clarabel(p)
    assert status == "Solved"
    assert_rel_close(val, 3.20072271729, 1e-8)


# ---- CBLIB ----------------------------------------------------------------------------

@pytest.mark.parametrize("family, name", [
    ("socp", "sambal"), ("socp", "sched_50_50_scaled"), ("exp", "gptest"), ("exp", "beck751"),
    ("exp", "rijc786"), ("exp", "demb781"),
])
def test_cblib_matches_reference(family, name):
    path = data_path("cblib", family, f"{name}.cbf.gz")
    p = mio.read(path)
    p.check_shapes()
    status, val = solve_with_clarabel(p)
    assert status == "Solved"
    ref = reference(data_path("cblib", "reference_objectives.csv"), name)
    assert_rel_close(val, ref, 1e-6)


@pytest.mark.parametrize("family, name", [
    ("socp", "chainsing_1000_3"), ("socp", "nb"), ("exp", "LogExpCR-n20-m400"),
    ("pow", "HMCR-n20-m400"), ("pow", "HMCR-n20-m800"), ("socp", "sched_50_50_orig"),
])
def test_cblib_loads(family, name):
    p = mio.read(data_path("cblib", family, f"{name}.cbf.gz"))
    p.check_shapes()
    assert p.A.shape == (p.m, p.n) and np.all(np.isfinite(p.b))
    assert any(isinstance(c, (SOC, Exp, Pow)) for c in p.cones)


def test_cblib_power_solves_and_roundtrips(tmp_path):
    p = mio.read(data_path("cblib", "pow", "HMCR-n20-m400.cbf.gz"))
    assert any(isinstance(c, Pow) for c in p.cones)
    status, val = solve_with_clarabel(p, tol=1e-7)
    assert status == "Solved"
    mio.write(p, tmp_path / "h.cbf")
    q = mio.read(tmp_path / "h.cbf")
    assert_same_problem(p, q)
