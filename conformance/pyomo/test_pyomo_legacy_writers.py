"""Pyomo's legacy check pyomo/solvers/tests/checks/test_writers.py, generated for ('minix', 'python').

conftest.py has added minix to Pyomo's solver-case registry (capabilities, import suffixes,
expected failures) and pointed the models at the baselines before this import.
"""
import tempfile

import pytest

pytest.importorskip("pyomo")

from pyomo.solvers.tests.checks import test_writers as _check  # noqa: E402
from pyomo.solvers.tests.checks.test_writers import *  # noqa: E402,F401,F403

# test_writers saves a solution file next to itself (in site-packages); keep it out of there.
_check.thisDir = tempfile.mkdtemp(prefix="minix-pyomo-writers-")
