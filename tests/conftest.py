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


@pytest.fixture
def no_home(monkeypatch):
    """No home folder: HOME and the cache variables unset, and `Path.home()` failing as it
    does for a cron user without a passwd entry; the private temporary cache it leads to is
    removed afterwards."""
    import shutil

    import finlit._cache as cache_module

    def home():
        raise RuntimeError("Could not determine home directory.")

    for name in ("FINLIT_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cache_module.Path, "home", staticmethod(home))
    cache_module._temporary_root.cache_clear()
    yield
    if cache_module._temporary_root.cache_info().currsize:
        shutil.rmtree(cache_module._temporary_root(), ignore_errors=True)
    cache_module._temporary_root.cache_clear()
