"""finlit works installed non-editable and run from any directory: bundled data is package data."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """`pip install --no-deps --target` of a wheel built from the checkout (no network needed)."""
    target = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(ROOT)],
        capture_output=True, text=True)
    if build.returncode != 0 and "setuptools" in build.stderr and "No module" in build.stderr:
        pytest.skip("setuptools is not importable for an offline build")
    assert build.returncode == 0, build.stderr
    return target


def test_wheel_ships_the_bundled_data(installed):
    companies = installed / "finlit" / "data" / "companies"
    assert (companies / "AAPL.csv").is_file() and (companies / "AAPL.toml").is_file()
    assert (companies / "LARKSPUR.csv").is_file()


def test_installed_package_runs_from_another_directory(installed, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(installed))
    code = ("import finlit, sys; assert finlit.__file__.startswith(sys.argv[1]), finlit.__file__; "
            "c = finlit.load('AAPL'); print(int(c.value('revenue', 2023) / 1e6), len(finlit.companies()))")
    out = subprocess.run([sys.executable, "-c", code, str(installed)], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    revenue, count = out.stdout.split()
    assert revenue == "383285" and int(count) >= 11


def test_every_package_and_data_folder_is_listed_in_pyproject():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"finlit." + ".".join(p.parent.relative_to(ROOT / "src" / "finlit").parts)
             for p in (ROOT / "src" / "finlit").rglob("__init__.py")}
    found = {f.rstrip(".") for f in found}
    found |= {"finlit.data" + "".join("." + part for part in d.relative_to(ROOT / "data").parts)
              for d in [ROOT / "data", *(p for p in (ROOT / "data").rglob("*") if p.is_dir()
                                         and "__pycache__" not in p.parts)]}
    found |= {"finlit.notebooks" + "".join("." + part for part in d.relative_to(ROOT / "notebooks").parts)
              for d in [ROOT / "notebooks", *(p for p in (ROOT / "notebooks").rglob("*") if p.is_dir()
                                              and "__pycache__" not in p.parts
                                              and ".ipynb_checkpoints" not in p.parts)]}
    assert found <= listed, f"add to pyproject.toml [tool.setuptools] packages: {sorted(found - listed)}"
