"""Dependencies are declared as used: every third-party module src/finlit imports is a
requirement in pyproject.toml, and every requirement is imported or named below with why."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Declared but never imported by finlit's code, each for a reason.
RUN_TIME_ONLY = {
    "ipykernel": "the Python kernel papermill starts to run briefings and notebooks",
    "jupyterlab": "where users open the learning and workshop notebooks",
    "jupytext": "keeps the learning notebooks paired with their Markdown sources in JupyterLab",
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(specs) -> set[str]:
    return {normalise(re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0]) for spec in specs}


def declared() -> set[str]:
    """The core requirements."""
    return _names(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])


def declared_with_extras() -> set[str]:
    """The core requirements and the optional extras users install (`finlit[dask]`), not the
    test extra: a module only the tests install must never be imported by finlit itself."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [spec for name, specs in project.get("optional-dependencies", {}).items()
              if name != "test" for spec in specs]
    return declared() | _names(extras)


def imported_top_levels() -> set[str]:
    names = set()
    for path in (ROOT / "src" / "finlit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n != "finlit" and n not in sys.stdlib_module_names}


def test_every_imported_module_is_declared():
    owners = packages_distributions()
    missing = {}
    for module in sorted(imported_top_levels()):
        dists = {normalise(d) for d in owners.get(module, [module])}
        if not dists & declared_with_extras():
            missing[module] = sorted(dists)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_every_declared_requirement_is_used():
    owners = packages_distributions()
    used = {normalise(d) for module in imported_top_levels() for d in owners.get(module, [module])}
    unused = declared() - used - set(RUN_TIME_ONLY)
    assert not unused, f"declared in pyproject.toml but never imported (drop them or say why): {unused}"


def test_optional_extras_are_imported_only_inside_functions():
    """finlit must import without its extras: a module of an extra (dask) is imported inside the
    function that needs it, never at the top of a module."""
    optional = declared_with_extras() - declared()
    owners = packages_distributions()
    for path in (ROOT / "src" / "finlit").rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level
                     else [])
            for name in names:
                dists = {normalise(d) for d in owners.get(name.split(".")[0], [name.split(".")[0]])}
                assert not dists & optional, f"{path.name} imports {name} at module level"
