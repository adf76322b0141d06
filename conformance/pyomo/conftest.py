"""Pyomo's own solver test suites, run against minix (`tox -e pyomo`, or `pytest conformance/pyomo`).

Two suites, both shipped in Pyomo's wheel and used unchanged (ADAPTERS.md §2.5):

- the v2 suite `pyomo/contrib/solver/tests/solvers/test_solvers.py`: its solver lists are bound at
  import time, so test_pyomo_v2_suite.py imports it with the `highs` slot rebound to minix; every
  `*_highs` test there exercises minix. Other solvers' parameterizations are deselected.
- the legacy data-driven suite `pyomo/solvers/tests/checks/`: its registry of solver cases gets a
  ('minix', 'python') entry here, before the check modules generate their classes; baselines
  (not in Pyomo's wheel) are read from ../shared/data/pyomo_baselines. Other solvers' cases are
  deselected.

Tests that cannot apply to minix are skipped with the reason (SKIPS below).
"""
import os
from pathlib import Path

import pytest

try:
    import pyomo  # noqa: F401
except ImportError:             # the test modules then skip themselves (importorskip)
    pyomo = None

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
BASELINES = REPO_ROOT.parent / "shared" / "data" / "pyomo_baselines"

# v2-suite tests (in the `highs` slot) that cannot apply to minix, with the reason.
SKIPS = {
    "test_domain_with_integers": "MIP: minix solves continuous problems only",
    "test_with_gdp": "MIP (GDP transformed to binaries): minix solves continuous problems only",
    "test_node_limit": "a HiGHS MIP option (mip_max_nodes)",
    "test_mutable_quadratic_objective_qp": "reads HiGHS-private opt._pyomo_var_to_solver_var_map "
                                           "when opt_class is Highs, an artefact of the rebinding",
}

# Legacy models that fail by design, with the reason (registered as Pyomo 'expected failures').
LEGACY_EXPECTED_FAILURES = {
    "QCP_simple": "x^2 + y^2 + c <= z^2 and x^2 <= y*z are second-order cones, but written with an "
                  "indefinite quadratic form; minix accepts only x'Qx + a'x + c <= u with Q PSD and "
                  "rejects these with IncompatibleModelError",
    "QCP_simple_nosuffixes": "as QCP_simple",
}


def _setup_legacy_registry():
    """Add ('minix', 'python') to Pyomo's legacy solver-case registry and point the models at
    the baselines. Must run before pyomo.solvers.tests.checks.* are imported."""
    import minix  # noqa: F401  (registers "minix" once Pyomo's factory is imported)
    import pyomo.environ  # noqa: F401
    from pyomo.solvers.tests import solvers as legacy_solvers
    from pyomo.solvers.tests import testcases
    from pyomo.solvers.tests.models import base as models_base

    legacy_solvers.test_solver_cases()              # populate Pyomo's own entries first
    legacy_solvers._test_solver_cases["minix", "python"] = legacy_solvers.initialize(
        name="minix",
        io="python",
        capabilities={"linear", "quadratic_objective", "quadratic_constraint"},
        import_suffixes=["dual", "rc"],
        export_suffixes=[],
        options={},
        io_options={},
    )
    for model, reason in LEGACY_EXPECTED_FAILURES.items():
        testcases.ExpectedFailures["minix", "python", model] = (lambda v: True, reason)
    models_base.thisDir = str(BASELINES)


if pyomo is not None:
    _setup_legacy_registry()


def pytest_collection_modifyitems(config, items):
    if not BASELINES.is_dir() and os.environ.get("MINIX_REQUIRE_DATA") == "1":
        raise pytest.UsageError(f"Pyomo baselines not found at {BASELINES} (MINIX_REQUIRE_DATA=1)")
    keep, drop = [], []
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if HERE not in path.parents:
            keep.append(item)
            continue
        name = item.name
        if path.name == "test_pyomo_v2_suite.py":
            if "highs" not in name:              # another solver's parameterization
                drop.append(item)
                continue
            for prefix, reason in SKIPS.items():
                if name.startswith(prefix + "_"):
                    item.add_marker(pytest.mark.skip(reason=f"not applicable to minix: {reason}"))
        elif path.name.startswith("test_pyomo_legacy_"):
            if "minix" not in name:
                drop.append(item)
                continue
            if not BASELINES.is_dir() and path.name != "test_pyomo_legacy_no_solution.py":
                item.add_marker(pytest.mark.skip(reason=f"Pyomo baselines not found at {BASELINES}"))
        keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_configure(config):
    # marks that Pyomo's suites put on their generated tests
    config.addinivalue_line("markers", "solver(name): Pyomo test mark: the solver under test")
    config.addinivalue_line("markers", "writer(io): Pyomo test mark: the solver io")
