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


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {normalise(re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}


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
        if not dists & declared():
            missing[module] = sorted(dists)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_every_declared_requirement_is_used():
    owners = packages_distributions()
    used = {normalise(d) for module in imported_top_levels() for d in owners.get(module, [module])}
    unused = declared() - used - set(RUN_TIME_ONLY)
    assert not unused, f"declared in pyproject.toml but never imported (drop them or say why): {unused}"
