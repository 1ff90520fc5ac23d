"""Shared pytest fixtures."""
import sys
from pathlib import Path

import pytest

# The public test files live next to the project, in the sibling folder ../shared/realdata;
# a fresh clone does not have them, so tests that read them skip.
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"

sys.path.insert(0, str(Path(__file__).resolve().parent))  # test helpers such as browser.py


@pytest.fixture
def realdata() -> Path:
    """The ../shared/realdata folder; skips the test when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real data folder not found: {REALDATA} (only in the development setup)")
    return REALDATA
