"""The infinity-norm kernels of csrc/vec.c (vec_norm_inf, vec_scaled_norm_inf) through the test
binding: the exact maximum of |d_i a_i| at every length (the four-way unrolled loop and its
tail), NaN when any entry is NaN, infinity for an infinite entry, and no false NaN when the
running sums that carry a NaN overflow."""
import math

import numpy as np
import pytest

from minix._minix_cffi import ffi, lib


def norm(a, d=None):
    a = np.ascontiguousarray(a, dtype=float)
    dp = ffi.NULL if d is None else ffi.cast("double *", ffi.from_buffer(np.ascontiguousarray(d, dtype=float)))
    ap = ffi.cast("double *", ffi.from_buffer(a)) if a.size else ffi.NULL
    return lib.minix_test_norm_inf(dp, ap, a.size)


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
