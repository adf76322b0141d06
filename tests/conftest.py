"""Shared test fixtures.

Benchmark data lives in ../shared/data relative to the repository root. Where it is absent
(a user's clone) the tests that need it skip with the reason; .ci/run sets
MINIX_REQUIRE_DATA=1, which turns that absence into a failure so a wrong path can never
make CI green by skipping.
"""
import os
from pathlib import Path

import pytest

# Tests start subprocesses (`python -m minix.cli ...`) from the repository root; those must
# import the installed package, not the source tree in the working directory (which has no
# compiled extension after a plain `pip install .`). Python >= 3.11 honours this variable.
os.environ.setdefault("PYTHONSAFEPATH", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT.parent / "shared" / "data"


def data_path(*parts) -> Path:
    """Path inside ../shared/data, or skip (fail under MINIX_REQUIRE_DATA=1) if missing."""
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        msg = f"benchmark data not found at {path}"
        if os.environ.get("MINIX_REQUIRE_DATA") == "1":
            pytest.fail(msg + " (MINIX_REQUIRE_DATA=1)")
        pytest.skip(msg)
    return path


@pytest.fixture
def shared_data():
    return data_path()
