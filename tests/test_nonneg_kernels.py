"""The nonnegative cone's step-length and centrality kernels (csrc/cone_nonneg.c) through the
test binding, against their definitions computed here: the fraction-to-boundary step
min(amax, min over ds_i < 0 of -s_i/ds_i) and the smallest product s_i z_i, exact at every
length (the two-lane loops and their tails), with entries that must never be taken: ds_i >= 0
(including -0.0), and NaN ratios or products."""
import math

import numpy as np
import pytest

from minix._minix_cffi import ffi, lib


def _p(v):
    v = np.ascontiguousarray(v, dtype=float)
    return (ffi.cast("double *", ffi.from_buffer(v)) if v.size else ffi.NULL), v


def step(s, ds, amax):
    (sp, s), (dp, _) = _p(s), _p(ds)
    return lib.minix_test_nonneg_step_length(sp, dp, s.size, amax)


def min_product(s, z, worst=math.inf):
    (sp, s), (zp, _) = _p(s), _p(z)
    return lib.minix_test_nonneg_min_product(sp, zp, s.size, worst)


def step_reference(s, ds, amax):
    neg = ds < 0
    return float(min(amax, np.min(-s[neg] / ds[neg]))) if neg.any() else amax


@pytest.mark.parametrize("n", list(range(0, 10)) + [101, 1000])
@pytest.mark.parametrize("amax", [1.0, math.inf])
def test_step_length_exact_at_every_length(n, amax):
    rng = np.random.default_rng(n)
    s = rng.uniform(1e-3, 10.0, n)
    ds = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 3, n)
    assert step(s, ds, amax) == step_reference(s, ds, amax)


@pytest.mark.parametrize("n", list(range(0, 10)) + [101, 1000])
def test_min_product_exact_at_every_length(n):
    rng = np.random.default_rng(50 + n)
    s, z = rng.uniform(1e-6, 10.0, n), rng.uniform(1e-6, 10.0, n)
    expected = float(np.min(s * z)) if n else math.inf
    assert min_product(s, z) == expected
    assert min_product(s, z, 1e-9) == min(1e-9, expected)  # the incoming minimum counts


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 9])
def test_entries_never_taken(n):
    s, ds = np.ones(n), np.full(n, -0.0)
    assert step(s, ds, 1.0) == 1.0  # -0.0 is not a decrease
    ds = np.full(n, 2.0)
    assert step(s, ds, math.inf) == math.inf
    for pos in range(n):
        ds = np.full(n, -4.0)
        s = np.ones(n)
        s[pos] = np.nan  # its ratio is NaN: skipped, the others give 0.25
        assert step(s, ds, 1.0) == (0.25 if n > 1 else 1.0)
        z = np.ones(n)
        z[pos] = np.nan
        assert min_product(np.full(n, 3.0), z) == (3.0 if n > 1 else math.inf)
