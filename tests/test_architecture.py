"""The house has one way through: layers that import only downwards, and no import cycles.

`LAYERS` is the one place the layers are listed, bottom to top (docs/ARCHITECTURE.md
draws the same picture). A module may import modules of its own layer or of a lower
one, never of a higher one; and no chain of imports may lead back to where it started.
Every `import` counts: at module level, inside functions, and under `if TYPE_CHECKING:`.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

LAYERS = [
    # 0 base: words, numbers, items and errors everyone shares; no finlit imports above it
    ("base", ["finlit._version", "finlit._speedups", "finlit._log", "finlit._atomic", "finlit._cache",
              "finlit.errors", "finlit.items", "finlit.periods", "finlit.industries", "finlit.markup",
              "finlit.numbers"]),
    # 1 the ratio engine: panels of canonical items in, values and reasons out
    ("ratios", ["finlit.ratios"]),
    # 2 rendering tables (statements, ratio tables, company lists): formats, never loads or computes
    ("display", ["finlit.display"]),
    # 3 the canonical model: a company, its facts with provenance, statements and ratios as views
    ("model", ["finlit.company"]),
    # 4 sources: bundled data, SEC, Yahoo, the user's files, IT budgets → Company; how an
    #   input was read (finlit.sources.inspection, `finlit inspect`)
    ("sources", ["finlit.sources", "finlit.sources.inspection", "finlit.itbudget"]),
    # 5 IT spend: sources of IT spend, benchmarks, views, scenarios and calculators
    ("itspend", ["finlit.itspend"]),
    # 6 judgement: one verdict per topic and company-year, with its evidence
    ("judge", ["finlit.judge"]),
    # 7 words: explanations and the glossary, taking their judgements from the verdicts
    ("explain", ["finlit.explain"]),
    # 8 pictures: plotly figures
    ("charts", ["finlit.charts"]),
    # 9 what users run: briefings, the workshop, the learning façade
    ("apps", ["finlit.briefing", "finlit.workshop", "finlit.learn"]),
    # 10 the command line, a thin layer over the library
    ("cli", ["finlit.cli", "finlit.__main__"]),
    # 11 the front door: `import finlit`
    ("package", ["finlit"]),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted((SRC / "finlit").rglob("*.py"))}


def layer_of(module: str) -> int:
    """The layer of a module: the longest listed prefix wins ('finlit' only for the package itself)."""
    best, level = "", None
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, level = prefix, i
    if level is None or (best == "finlit" and module != "finlit"):
        raise LookupError(f"{module} is in no layer: add it to LAYERS in {__file__}")
    return level


def imports_of(module: str) -> set[str]:
    """Every finlit module MODULE imports, wherever the import statement stands."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        found.update(t for t in targets if t == "finlit" or t.startswith("finlit."))
    return {t if t in MODULES else t.rpartition(".")[0] for t in found} - {module}


GRAPH = {m: imports_of(m) for m in MODULES}


def test_every_module_has_a_layer():
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_down(module):
    mine = layer_of(module)
    upward = sorted(t for t in GRAPH[module] if layer_of(t) > mine)
    assert not upward, (f"{module} (layer {LAYERS[mine][0]}) imports from higher layers: "
                        + ", ".join(f"{t} ({LAYERS[layer_of(t)][0]})" for t in upward))


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


MAX_FUNCTION_LINES = 80
LONG_BY_NATURE = {"finlit.cli.build_parser"}  # argparse's parser builder: one declaration a line


def test_no_function_is_longer_than_80_lines():
    too_long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES and f"{module}.{node.name}" not in LONG_BY_NATURE:
                    too_long.append(f"{module}.{node.name} ({lines} lines)")
    assert not too_long, "split these into named steps: " + ", ".join(too_long)
