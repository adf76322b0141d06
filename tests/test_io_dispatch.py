"""minix.io.read / write: dispatch by extension, gzip, wrong formats, examples."""
import gzip
import shutil
from pathlib import Path

import numpy as np
import pytest

import minix.io as mio
from minix.problem import Problem

from conftest import data_path
from test_io_helpers import assert_rel_close, assert_same_problem, solve_with_clarabel

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("name, optimum", [
    ("lp_small.mps", 19.0), ("qp_small.qps", -0.05), ("socp_small.cbf", 3.20072271729),
])
def test_examples_read_and_solve(name, optimum):
    p = mio.read(EXAMPLES / name)
    assert isinstance(p, Problem)
    p.check_shapes()
    status, val = solve_with_clarabel(p)
    assert status == "Solved"
    assert_rel_close(val, optimum, 1e-7)
    # the stated optimum is in the file's comment
    assert str(optimum).rstrip("0").rstrip(".") in (EXAMPLES / name).read_text()


@pytest.mark.parametrize("name", ["lp_small.mps", "qp_small.qps", "socp_small.cbf"])
def test_gzip_by_extension_and_by_content(tmp_path, name):
    src = EXAMPLES / name
    gz = tmp_path / (name + ".gz")
    with open(src, "rb") as f, gzip.open(gz, "wb") as g:
        shutil.copyfileobj(f, g)
    assert_same_problem(mio.read(src), mio.read(gz))
    # gzip data under a plain name is still recognised by its magic bytes
    plain = tmp_path / name
    shutil.copy(gz, plain)
    assert_same_problem(mio.read(src), mio.read(plain))


def test_dat_s_and_mat_dispatch():
    assert mio.read(data_path("sdplib", "truss1.dat-s")).meta["format"] == "sdpa"
    assert mio.read(data_path("maros", "HS21.mat")).meta["format"] == "maros-mat"
    assert mio.read(data_path("netlib", "feasible", "afiro.mat"), form="box").n == 51


def test_unknown_extension(tmp_path):
    path = tmp_path / "x.lp"
    path.write_text("min: x;")
    with pytest.raises(ValueError, match="unknown problem file extension '.lp'"):
        mio.read(path)
    with pytest.raises(ValueError, match="cannot write"):
        mio.write(mio.read(EXAMPLES / "lp_small.mps"), tmp_path / "x.dat-s")


@pytest.mark.parametrize("ext, match", [
    (".mps", "does not look like an MPS file"),
    (".cbf", "does not look like a CBF file"),
    (".dat-s", "not an SDPA sparse file"),
    (".mat", "not a MATLAB .mat file"),
])
def test_wrong_format_says_so(tmp_path, ext, match):
    # an MPS file's text under another extension, a CBF file's under .mps
    src = EXAMPLES / ("socp_small.cbf" if ext == ".mps" else "lp_small.mps")
    path = tmp_path / ("wrong" + ext)
    shutil.copy(src, path)
    with pytest.raises(mio.FormatError, match=match) as e:
        mio.read(path)
    assert "wrong" + ext in str(e.value)
    assert isinstance(e.value, ValueError)


def test_corrupt_gzip(tmp_path):
    path = tmp_path / "x.cbf.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(mio.FormatError, match="corrupt gzip"):
        mio.read(path)


def test_mps_to_cbf_and_back(tmp_path):
    # an LP read from MPS, written as CBF, read again: same data
    p = mio.read(EXAMPLES / "lp_small.mps")
    mio.write(p, tmp_path / "lp.cbf")
    q = mio.read(tmp_path / "lp.cbf")
    assert_same_problem(p, q)
    mio.write(q, tmp_path / "lp2.mps")
    r = mio.read(tmp_path / "lp2.mps")
    assert_same_problem(p, r)


def test_maros_to_qps_roundtrip(tmp_path):
    p = mio.read(data_path("maros", "QAFIRO.mat"))
    mio.write(p, tmp_path / "qafiro.qps")
    q = mio.read(tmp_path / "qafiro.qps")
    assert_same_problem(p, q)
    box = mio.read(data_path("maros", "QAFIRO.mat"), form="box")
    mio.write(box, tmp_path / "qafiro_box.qps")
    box2 = mio.read(tmp_path / "qafiro_box.qps", form="box")
    for f in ("q", "l", "u"):
        np.testing.assert_array_equal(getattr(box, f), getattr(box2, f))
    np.testing.assert_array_equal(box.P.toarray(), box2.P.toarray())
