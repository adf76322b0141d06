"""minix.Settings: the solver settings, mirroring the C struct MinixSettings one to one.

A test reads minix_settings_default through cffi and checks every field name, type and
default here against it, so the two cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class Settings:
    max_iter: int = 200                       # iteration limit
    time_limit: float = 0.0                   # seconds per solve call; 0 = no limit
    verbose: bool = False                     # print the iteration log
    max_step_fraction: float = 0.99           # fraction-to-boundary
    tol_gap_abs: float = 1e-8                 # absolute duality gap
    tol_gap_rel: float = 1e-8                 # relative duality gap
    tol_feas: float = 1e-8                    # relative primal and dual residuals
    tol_infeas_abs: float = 1e-8              # infeasibility certificates, absolute
    tol_infeas_rel: float = 1e-8              # infeasibility certificates, relative
    tol_ktratio: float = 1e-6                 # kappa/tau
    reduced_tol_gap_abs: float = 5e-5         # the "almost" statuses
    reduced_tol_gap_rel: float = 5e-5
    reduced_tol_feas: float = 1e-4
    reduced_tol_infeas_abs: float = 5e-5
    reduced_tol_infeas_rel: float = 5e-5
    reduced_tol_ktratio: float = 1e-4
    equilibrate_enable: bool = True           # modified Ruiz scaling
    equilibrate_max_iter: int = 10
    equilibrate_min_scaling: float = 1e-4
    equilibrate_max_scaling: float = 1e4
    static_regularization_enable: bool = True
    static_regularization_constant: float = 1e-8
    static_regularization_proportional: float = 4.930380657631324e-32  # eps^2
    dynamic_regularization_enable: bool = True
    dynamic_regularization_eps: float = 1e-13
    dynamic_regularization_delta: float = 2e-7
    iterative_refinement_enable: bool = True
    iterative_refinement_reltol: float = 1e-15  # per block (x rows, z rows); LP-like: see README
    iterative_refinement_abstol: float = 1e-15
    iterative_refinement_max_iter: int = 10
    iterative_refinement_stop_ratio: float = 1.0   # 1: refine while the error falls
    presolve_enable: bool = False             # Python-side presolve (see README: off by default)
    soc_dense_max_dim: int = 4                # larger SOCs use the sparse KKT expansion
    amd_dense: float = 10.0                   # AMD dense-row threshold factor

    @classmethod
    def from_kwargs(cls, base: "Settings | None" = None, **kwargs) -> "Settings":
        """Settings from keyword arguments; an unknown key raises TypeError naming it."""
        if cls is Settings and base is None:
            st = object.__new__(Settings)  # what Settings() makes (no __post_init__), in one step
            st.__dict__.update(_DEFAULTS)
            kinds = _KINDS
        else:
            kinds = _KINDS if cls is Settings else _kinds(cls)
            st = cls() if base is None else cls(**{name: getattr(base, name) for name in kinds})
        for key, value in kwargs.items():
            kind = kinds.get(key)
            if kind is None:
                raise TypeError(f"unknown Minix setting {key!r}")
            if kind == "bool":
                value = bool(value)
            elif kind == "int":
                if isinstance(value, float) and not value.is_integer():
                    raise TypeError(f"setting {key!r} must be an integer, got {value!r}")
                value = int(value)
            else:
                value = float(value)
            setattr(st, key, value)
        return st


def _kinds(cls) -> dict:
    """{field name: "bool" | "int" | "float"} in declaration order."""
    out = {}
    for f in fields(cls):
        out[f.name] = ("bool" if f.type in ("bool", bool) else
                       "int" if f.type in ("int", int) else "float")
    return out


# Computed once: from_kwargs runs on every minix.solve call (fields() is not free).
_KINDS = _kinds(Settings)
_DEFAULTS = dict(vars(Settings()))
FIELD_NAMES = tuple(_KINDS)
