"""MPS/QPS reader and writer: hand-written files with known data, conventions, errors."""
import gzip
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

import minix.io as mio
from minix.cones import NonNeg, Zero
from minix.io.boxqp import BoxQP
from minix.io.mps import parse_mps

from test_io_helpers import assert_rel_close, assert_same_problem, solve_with_clarabel

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
FIXTURES = HERE / "data" / "io"

INF = np.inf

LP = """\
* a comment
NAME          TESTLP
ROWS
 N  COST
 L  LIM1
 G  LIM2
 E  MYEQN
 N  OTHER
COLUMNS
    X1  COST  1.0  LIM1  1.0
    X1  LIM2  1.0  OTHER  9.0
    X2  COST  2.0  LIM1  1.0
    X2  MYEQN  -1.0
    X3  COST  -1.0  MYEQN  1.0
RHS
    RHS  COST  -3.5
    RHS  LIM1  4.0  LIM2  1.0
    RHS  MYEQN  7.0  OTHER  100
    RHS2  LIM1  99.0
BOUNDS
 UP BND  X1  4.0
 LO BND  X2  -1.0
 UP BND  X2  1.0
 UP BND2  X3  77
ENDATA
"""


def test_free_lp_box_exact():
    box = parse_mps(LP, form="box")
    assert isinstance(box, BoxQP)
    assert box.name == "TESTLP"
    assert box.var_names == ["X1", "X2", "X3"]
    assert box.con_names == ["LIM1", "LIM2", "MYEQN"]  # N rows dropped
    np.testing.assert_array_equal(box.q, [1.0, 2.0, -1.0])
    np.testing.assert_array_equal(box.A.toarray(), [[1, 1, 0], [1, 0, 0], [0, -1, 1]])
    np.testing.assert_array_equal(box.l, [-INF, 1.0, 7.0])
    np.testing.assert_array_equal(box.u, [4.0, INF, 7.0])
    np.testing.assert_array_equal(box.lb, [0.0, -1.0, 0.0])  # default lower bound 0
    np.testing.assert_array_equal(box.ub, [4.0, 1.0, INF])   # second bound set ignored
    assert box.constant == 3.5  # RHS on the objective row is minus the constant
    assert box.objective_sense == "min"
    assert box.P is None


def test_free_lp_canonical_exact():
    p = parse_mps(LP)
    # Zero rows first (MYEQN), then LIM1 upper, LIM2 lower, then bounds per variable
    assert p.cones == [Zero(1), NonNeg(7)]
    np.testing.assert_array_equal(p.A.toarray(), [
        [0, -1, 1],   # MYEQN = 7
        [1, 1, 0],    # LIM1 <= 4
        [-1, 0, 0],   # LIM2 >= 1
        [1, 0, 0],    # X1 <= 4
        [-1, 0, 0],   # X1 >= 0
        [0, 1, 0],    # X2 <= 1
        [0, -1, 0],   # X2 >= -1
        [0, 0, -1],   # X3 >= 0
    ])
    np.testing.assert_array_equal(p.b, [7, 4, -1, 4, 0, 1, 1, 0])
    assert p.con_names == ["MYEQN", "LIM1", "LIM2", "X1_ub", "X1_lb", "X2_ub", "X2_lb",
                           "X3_lb"]
    np.testing.assert_array_equal(p.meta["row_source"], [2, 0, 1, -1, -1, -2, -2, -3])
    np.testing.assert_array_equal(p.meta["row_sign"], [0, 1, -1, 1, -1, 1, -1, -1])
    assert p.constant == 3.5
    p.check_shapes()
    assert sp.isspmatrix_csc(p.A) or sp.issparse(p.A) and p.A.format == "csc"


RANGES = """\
NAME RNG
ROWS
 N obj
 L rl
 G rg
 E ep
 E en
 E ez
 L rneg
COLUMNS
    x obj 1 rl 1
    x rg 1 ep 1
    x en 1 ez 1
    x rneg 1
RHS
    rhs rl 10 rg 10
    rhs ep 10 en 10
    rhs ez 10 rneg 10
RANGES
    rng rl 4 rg 4
    rng ep 4 en -4
    rng ez 0 rneg -4
ENDATA
"""


def test_ranges_sign_rules():
    box = parse_mps(RANGES, form="box")
    # L: [rhs-|R|, rhs]; G: [rhs, rhs+|R|]; E: R>0 [rhs, rhs+R], R<0 [rhs+R, rhs], R=0 eq
    np.testing.assert_array_equal(box.l, [6, 10, 10, 6, 10, 6])
    np.testing.assert_array_equal(box.u, [10, 14, 14, 10, 10, 10])
    p = parse_mps(RANGES)
    assert p.cones == [Zero(1), NonNeg(11)]
    assert p.con_names[:3] == ["ez", "rl_ub", "rl_lb"]


BOUNDS = """\
NAME BND
ROWS
 N obj
 E r
COLUMNS
    a obj 1 r 1
    b obj 1 r 1
    c obj 1 r 1
    d obj 1 r 1
    e obj 1 r 1
    f obj 1 r 1
    g obj 1 r 1
    h obj 1 r 1
RHS
    rhs r 1
BOUNDS
 UP bnd a 5
 LO bnd b -2
 FX bnd c 3.5
 FR bnd d
 MI bnd e
 UP bnd e 7
 PL bnd f
 LO bnd g -3
 UP bnd g -1
 UP bnd h -1
 UP bnd a 6
ENDATA
"""


def test_bound_kinds():
    with pytest.warns(UserWarning, match="negative upper bound on 'h'"):
        box = parse_mps(BOUNDS, form="box")
    np.testing.assert_array_equal(box.lb, [0, -2, 3.5, -INF, -INF, 0, -3, -INF])
    np.testing.assert_array_equal(box.ub, [6, INF, 3.5, INF, 7, INF, -1, -1])


def test_fixed_variable_is_zero_row():
    with pytest.warns(UserWarning):
        p = parse_mps(BOUNDS)
    assert p.cones[0] == Zero(2)  # row r and fixed variable c
    np.testing.assert_array_equal(p.A[1].toarray(), [[0, 0, 1, 0, 0, 0, 0, 0]])
    assert p.b[1] == 3.5


@pytest.mark.parametrize("header", ["OBJSENSE\n    MAX\n", "OBJSENSE MAX\n",
                                    "OBJSENSE\n    MAXIMIZE\n", "OBJSEN\n  MAX\n",
                                    "OBJSENSE    MAXIMIZE\n"])
def test_objsense_max_forms(header):
    text = LP.replace("ROWS\n", header + "ROWS\n", 1)
    box = parse_mps(text, form="box")
    assert box.objective_sense == "max"
    np.testing.assert_array_equal(box.q, [-1.0, -2.0, 1.0])
    assert box.constant == -3.5  # file objective: c'x + 3.5; stored: -(c'x + 3.5)


def test_objsense_min_explicit():
    box = parse_mps(LP.replace("ROWS\n", "OBJSENSE\n    MIN\nROWS\n", 1), form="box")
    assert box.objective_sense == "min"
    np.testing.assert_array_equal(box.q, [1.0, 2.0, -1.0])


def test_objname_selects_objective():
    text = LP.replace("ROWS\n", "OBJNAME OTHER\nROWS\n", 1)
    box = parse_mps(text, form="box")
    np.testing.assert_array_equal(box.q, [9.0, 0.0, 0.0])
    assert box.constant == -100.0
    assert box.con_names == ["LIM1", "LIM2", "MYEQN"]


QP_TRI = """\
NAME QP
ROWS
 N obj
 G c1
COLUMNS
    x1 obj -3 c1 1
    x2 obj -2 c1 1
RHS
    rhs c1 1
BOUNDS
 FR bnd x1
QUADOBJ
    x1 x1 4
    x2 x1 1
    x2 x2 2
ENDATA
"""


def test_quadobj_one_triangle():
    box = parse_mps(QP_TRI, form="box")
    np.testing.assert_array_equal(box.P.toarray(), [[4, 1], [0, 2]])  # upper triangle
    assert box.P.format == "csc"


def test_quadobj_upper_equals_lower():
    up = parse_mps(QP_TRI.replace("x2 x1 1", "x1 x2 1"), form="box")
    np.testing.assert_array_equal(up.P.toarray(), [[4, 1], [0, 2]])


def test_qmatrix_full_and_qsection():
    qm = QP_TRI.replace("QUADOBJ", "QMATRIX").replace("    x2 x1 1\n",
                                                      "    x2 x1 1\n    x1 x2 1\n")
    np.testing.assert_array_equal(parse_mps(qm, form="box").P.toarray(), [[4, 1], [0, 2]])
    qs = QP_TRI.replace("QUADOBJ", "QSECTION obj")
    np.testing.assert_array_equal(parse_mps(qs, form="box").P.toarray(), [[4, 1], [0, 2]])


def test_qmatrix_asymmetric_is_error():
    qm = QP_TRI.replace("QUADOBJ", "QMATRIX")
    with pytest.raises(mio.FormatError, match="not symmetric") as e:
        parse_mps(qm, filename="q.qps")
    assert e.value.lineno == 14


def test_qsection_constraint_rejected():
    with pytest.raises(mio.FormatError, match="quadratic constraints"):
        parse_mps(QP_TRI.replace("QUADOBJ", "QSECTION c1"))


def test_quadobj_max_negates_P():
    box = parse_mps(QP_TRI.replace("ROWS\n", "OBJSENSE MAX\nROWS\n"), form="box")
    np.testing.assert_array_equal(box.P.toarray(), [[-4, -1], [0, -2]])
    np.testing.assert_array_equal(box.q, [3, 2])


def test_integer_marker_rejected_names_variable():
    text = LP.replace(
        "    X2  COST  2.0  LIM1  1.0\n",
        "    MARKER                 'MARKER'                 'INTORG'\n"
        "    X2  COST  2.0  LIM1  1.0\n"
        "    MARKER                 'MARKER'                 'INTEND'\n")
    with pytest.raises(mio.FormatError, match="'X2' is integer") as e:
        parse_mps(text, filename="int.mps")
    assert e.value.lineno == 13
    assert str(e.value).startswith("int.mps:13:")


@pytest.mark.parametrize("kind", ["BV", "LI", "UI", "SC"])
def test_integer_bounds_rejected(kind):
    text = LP.replace(" UP BND  X1  4.0\n", f" {kind} BND  X1  4.0\n")
    with pytest.raises(mio.FormatError, match=f"'X1' has a {kind} bound"):
        parse_mps(text)


FIXED = """\
NAME          FIXED NAME
ROWS
 N  COST
 L  LIM 1
 G  LIM 2
 E  MY EQN
COLUMNS
    X ONE     COST               1.0   LIM 1              1.0
    X ONE     LIM 2              1.0
    X TWO     COST               2.0   LIM 1              1.0
    X TWO     MY EQN            -1.0
    X3        COST              -1.0   MY EQN             1.0
RHS
    RHS       COST              -3.5
    RHS       LIM 1              4.0   LIM 2              1.0
    RHS       MY EQN             7.0
BOUNDS
 UP BND       X ONE              4.0
 LO BND       X TWO             -1.0
 UP BND       X TWO              1.0
ENDATA
"""


def test_fixed_form_names_with_spaces():
    box = parse_mps(FIXED, form="box")
    assert box.meta["fixed_form"] is True
    assert box.name == "FIXED NAME"
    assert box.var_names == ["X ONE", "X TWO", "X3"]
    assert box.con_names == ["LIM 1", "LIM 2", "MY EQN"]
    free = parse_mps(LP, form="box")
    for f in ("q", "l", "u", "lb", "ub"):
        np.testing.assert_array_equal(getattr(box, f), getattr(free, f))
    np.testing.assert_array_equal(box.A.toarray(), free.A.toarray())
    assert box.constant == free.constant


def test_fixed_form_fixture_file():
    p = mio.read(FIXTURES / "fixed_spaces.mps", form="box")
    assert p.var_names == ["X ONE", "X TWO", "X3"]
    assert p.meta["fixed_form"] is True


def test_free_form_forced_fails_on_fixed_names():
    with pytest.raises(mio.FormatError):
        parse_mps(FIXED, fixed=False)


@pytest.mark.parametrize("text, lineno, match", [
    (LP.replace("    X1  COST  1.0  LIM1  1.0\n", "    X1  COST  abc  LIM1  1.0\n"), 10,
     "expected a number"),
    (LP.replace(" L  LIM1\n", " Q  LIM1\n"), 5, "row type"),
    (LP.replace("    X2  MYEQN  -1.0\n", "    X2  NOPE  -1.0\n"), 13, "unknown row"),
    (LP.replace(" LO BND  X2  -1.0\n", " LO BND  XX  -1.0\n"), 22, "unknown column"),
    (LP.replace("RANGES", "X").replace("BOUNDS\n", "BOGUS\n"), 20, "unknown MPS section"),
    (LP.replace(" UP BND  X1  4.0\n", " ZZ BND  X1  4.0\n"), 21, "unknown bound type"),
])
def test_corrupt_file_line_numbers(tmp_path, text, lineno, match):
    path = tmp_path / "bad.mps"
    path.write_text(text)
    with pytest.raises(mio.FormatError, match=match) as e:
        mio.read(path)
    assert e.value.lineno == lineno
    assert f"bad.mps:{lineno}:" in str(e.value)
    assert isinstance(e.value, ValueError)


def test_not_an_mps_file(tmp_path):
    path = tmp_path / "x.mps"
    path.write_text("VER\n3\nOBJSENSE\nMIN\n")
    with pytest.raises(mio.FormatError, match="does not look like an MPS file"):
        mio.read(path)


def test_unsupported_sections():
    with pytest.raises(mio.FormatError, match="SOS"):
        parse_mps(LP.replace("ENDATA", "SOS\n S1 SOS s1 1\nENDATA"))


def test_gzip_transparent(tmp_path):
    path = tmp_path / "lp.mps.gz"
    with gzip.open(path, "wt") as f:
        f.write(LP)
    assert_same_problem(mio.read(path), parse_mps(LP))


# ---- round trips --------------------------------------------------------------------

def test_roundtrip_canonical_lp(tmp_path):
    p = parse_mps(LP)
    path = tmp_path / "rt.mps"
    mio.write(p, path)
    q = mio.read(path)
    assert_same_problem(p, q)
    assert q.con_names == p.con_names
    assert q.var_names == p.var_names


def test_roundtrip_qp_max(tmp_path):
    p = parse_mps(QP_TRI.replace("ROWS\n", "OBJSENSE MAX\nROWS\n"))
    p.P = -p.P  # keep it concave for a max problem: the data is what matters here
    p.constant = 0.1 + 0.2  # an awkward float, written with repr
    path = tmp_path / "rt.qps"
    mio.write(p, path)
    assert "OBJSENSE" in path.read_text()
    q = mio.read(path)
    assert_same_problem(p, q)


def test_roundtrip_box_form(tmp_path):
    with pytest.warns(UserWarning):
        box = parse_mps(BOUNDS, form="box")
    box2 = parse_mps(RANGES, form="box")
    for b in (box, box2):
        path = tmp_path / "b.mps"
        mio.write(b, path)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # negative UP must be written with an LO
            c = mio.read(path, form="box")
        for f in ("q", "l", "u", "lb", "ub"):
            np.testing.assert_array_equal(getattr(b, f), getattr(c, f))
        np.testing.assert_array_equal(b.A.toarray(), c.A.toarray())


def test_roundtrip_gz_and_bad_names(tmp_path):
    p = parse_mps(LP)
    p.var_names = ["a b", "c", "d"]  # not writable as free MPS names: regenerated
    path = tmp_path / "rt.mps.gz"
    mio.write(p, path)
    with open(path, "rb") as f:
        assert f.read(2) == b"\x1f\x8b"
    q = mio.read(path)
    assert q.var_names == ["C1", "C2", "C3"]
    assert_same_problem(p, q)


def test_writer_rejects_cones(tmp_path):
    from minix.cones import SOC
    p = parse_mps(LP)
    p.cones = [Zero(1), SOC(7)]
    with pytest.raises(ValueError, match="CBF"):
        mio.write(p, tmp_path / "x.mps")


# ---- examples -----------------------------------------------------------------------

def test_example_lp_small():
    p = mio.read(EXAMPLES / "lp_small.mps")
    assert p.objective_sense == "max"
    assert p.constant == -10.0
    status, obj = solve_with_clarabel(p)
    assert status == "Solved"
    assert_rel_close(obj, 19.0, 1e-7)


def test_example_qp_small():
    p = mio.read(EXAMPLES / "qp_small.qps")
    np.testing.assert_array_equal(p.P.toarray(), [[4, 1, 0], [0, 2, 0], [0, 0, 1]])
    status, obj = solve_with_clarabel(p)
    assert status == "Solved"
    assert_rel_close(obj, -0.05, 1e-7)
