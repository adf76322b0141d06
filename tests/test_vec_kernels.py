"""The infinity-norm kernels of csrc/vec.c (vec_norm_inf, vec_scaled_norm_inf, and the fused
vec_scaled_norm_inf_pair and vec_scaled_sum_norm_inf) through the test binding: the exact
maximum of |d_i a_i| at every length (the unrolled loops and their tails), NaN when any entry
is NaN, infinity for an infinite entry, and no false NaN when the running sums that carry a
NaN overflow."""
import math

import numpy as np
import pytest

from minix._minix_cffi import ffi, lib


def _ptr(v):
    v = np.ascontiguousarray(v, dtype=float)
    return ffi.cast("double *", ffi.from_buffer(v)) if v.size else ffi.NULL, v


def norm(a, d=None):
    ap, a = _ptr(a)
    dp = ffi.NULL if d is None else _ptr(d)[0]
    return lib.minix_test_norm_inf(dp, ap, a.size)


def norm_pair(a, d):
    """(max |d_i a_i|, max |a_i|) from the fused kernel"""
    (ap, a), (dp, _) = _ptr(a), _ptr(d)
    plain = ffi.new("double *", -1.0)
    return lib.minix_test_norm_inf_pair(dp, ap, a.size, plain), plain[0]


def norm_sum(a, b, d):
    """max |d_i (a_i + b_i)| from the fused kernel"""
    (ap, a), (bp, _), (dp, _) = _ptr(a), _ptr(b), _ptr(d)
    return lib.minix_test_sum_norm_inf(dp, ap, bp, a.size)


@pytest.mark.parametrize("n", list(range(0, 10)) + [63, 1000])
@pytest.mark.parametrize("scaled", [False, True])
def test_exact_maximum_at_every_length(n, scaled):
    rng = np.random.default_rng(n)
    a = rng.standard_normal(n) * 10.0 ** rng.integers(-5, 5, n)
    d = rng.uniform(0.1, 10.0, n) if scaled else None
    expected = float(np.max(np.abs(a * d if scaled else a))) if n else 0.0
    assert norm(a, d) == expected


@pytest.mark.parametrize("n", [1, 3, 4, 5, 8, 11, 1000])
def test_a_nan_anywhere_gives_nan(n):
    for pos in sorted({0, n // 2, n - 1}):
        a = np.ones(n)
        a[pos] = np.nan
        assert math.isnan(norm(a))
        assert math.isnan(norm(a, np.full(n, 2.0)))
        a[(pos + 1) % n] = np.inf if n > 1 else np.nan
        assert math.isnan(norm(a))


def test_infinity_and_overflowing_sums_are_not_nan():
    a = np.array([1.0, -np.inf, 3.0, 2.0, 5.0])
    assert norm(a) == math.inf
    big = np.full(9, 1e308)
    big[4] = -1.5e308
    assert norm(big) == 1.5e308  # the running sums overflow; the maximum is still exact
    # a scale that overflows the product: infinity, as the product is
    assert norm(np.array([1e300, 1.0]), np.array([1e10, 1.0])) == math.inf


@pytest.mark.parametrize("n", list(range(0, 10)) + [63, 1000])
def test_fused_kernels_exact_at_every_length(n):
    rng = np.random.default_rng(100 + n)
    a = rng.standard_normal(n) * 10.0 ** rng.integers(-5, 5, n)
    b = rng.standard_normal(n) * 10.0 ** rng.integers(-5, 5, n)
    d = rng.uniform(0.1, 10.0, n)
    top = (lambda v: float(np.max(np.abs(v))) if n else 0.0)
    assert norm_pair(a, d) == (top(d * a), top(a))
    assert norm_sum(a, b, d) == top(d * (a + b))


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 1000])
def test_fused_kernels_nan_anywhere(n):
    for pos in sorted({0, n // 2, n - 1}):
        a, d = np.ones(n), np.full(n, 2.0)
        a[pos] = np.nan
        scaled, plain = norm_pair(a, d)
        assert math.isnan(scaled) and math.isnan(plain)
        assert math.isnan(norm_sum(a, np.ones(n), d))
        assert math.isnan(norm_sum(np.ones(n), a, d))
        # a NaN only in the product (0 * inf): the scaled norm is NaN, the plain one is not
        a, d = np.ones(n), np.full(n, 2.0)
        a[pos], d[pos] = 0.0, np.inf
        scaled, plain = norm_pair(a, d)
        assert math.isnan(scaled) and plain == (1.0 if n > 1 else 0.0)


def test_fused_kernels_infinity_and_overflow():
    a = np.array([1.0, -np.inf, 3.0, 2.0, 5.0])
    assert norm_pair(a, np.ones(5)) == (math.inf, math.inf)
    big = np.full(9, 1e308)
    big[4] = -1.5e308
    assert norm_pair(big, np.ones(9)) == (1.5e308, 1.5e308)  # overflowing sums, exact maxima
    assert norm_sum(big, np.zeros(9), np.ones(9)) == 1.5e308
    assert norm_sum(np.array([1e308, 1.0]), np.array([1e308, 1.0]), np.ones(2)) == math.inf
