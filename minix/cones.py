"""Cone specifications: the user-facing description of K in  Ax + s = b, s in K.

Conventions (DESIGN.md s.1, same as Clarabel): SOC is (t, x) with t >= ||x||; Exp is
(x, y, z) with y*exp(x/y) <= z; Pow(a) is (x, y, z) with x^a * y^(1-a) >= |z|; PSD(n) is
the svec of a symmetric n x n matrix: upper triangle, column-major, off-diagonals * sqrt(2).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

# Values of the C enum MinixConeKind (csrc/minix_core.h); tests check they agree.
KIND_ZERO, KIND_NONNEG, KIND_SOC, KIND_EXP, KIND_POW, KIND_PSD = range(6)


class Cone:
    """Base class: every cone has a kind code and a number of rows it occupies, and a spec:
    the (kind, dim, alpha) triple the C core reads (MinixConeSpec), made once with the cone
    rather than on every setup."""

    kind: int
    spec: tuple

    @property
    def size(self) -> int:  # rows of A / entries of s
        raise NotImplementedError

    def _set_dim(self, minimum: int) -> None:
        """Check dim (a field of the frozen dataclass) and store it with the spec made of it."""
        dim = _check_dim(type(self).__name__, self.dim, minimum)
        object.__setattr__(self, "dim", dim)
        object.__setattr__(self, "spec", (self.kind, dim, 0.0))


def _check_dim(name: str, n, minimum: int) -> int:
    if isinstance(n, bool) or not isinstance(n, (int,)) and not hasattr(n, "__index__"):
        raise TypeError(f"{name} dimension must be an integer, got {n!r}")
    n = int(n)
    if n < minimum:
        raise ValueError(f"{name} dimension must be >= {minimum}, got {n}")
    return n


@dataclass(frozen=True)
class Zero(Cone):
    """s = 0: equality rows."""

    dim: int
    kind = KIND_ZERO

    def __post_init__(self):
        self._set_dim(0)

    @property
    def size(self) -> int:
        return self.dim


@dataclass(frozen=True)
class NonNeg(Cone):
    """s >= 0 componentwise."""

    dim: int
    kind = KIND_NONNEG

    def __post_init__(self):
        self._set_dim(0)

    @property
    def size(self) -> int:
        return self.dim


@dataclass(frozen=True)
class SOC(Cone):
    """Second-order cone: s[0] >= ||s[1:]||."""

    dim: int
    kind = KIND_SOC

    def __post_init__(self):
        self._set_dim(1)

    @property
    def size(self) -> int:
        return self.dim


@dataclass(frozen=True)
class Exp(Cone):
    """Exponential cone: closure of {(x, y, z): y*exp(x/y) <= z, y > 0}."""

    kind = KIND_EXP
    spec = (KIND_EXP, 3, 0.0)

    @property
    def size(self) -> int:
        return 3


@dataclass(frozen=True)
class Pow(Cone):
    """Power cone: {(x, y, z): x^alpha * y^(1-alpha) >= |z|, x, y >= 0}, 0 < alpha < 1."""

    alpha: float
    kind = KIND_POW

    def __post_init__(self):
        a = float(self.alpha)
        if not (0.0 < a < 1.0) or math.isnan(a):
            raise ValueError(f"Pow cone needs 0 < alpha < 1, got {self.alpha!r}")
        object.__setattr__(self, "alpha", a)
        object.__setattr__(self, "spec", (self.kind, 3, a))

    @property
    def size(self) -> int:
        return 3


@dataclass(frozen=True)
class PSD(Cone):
    """Positive semidefinite cone of order n, as svec (n(n+1)/2 entries, upper, sqrt(2))."""

    dim: int
    kind = KIND_PSD

    def __post_init__(self):
        self._set_dim(1)

    @property
    def size(self) -> int:
        return self.dim * (self.dim + 1) // 2


def total_size(cones) -> int:
    """Rows occupied by a cone list."""
    return sum(c.size for c in cones)
