"""The learning notebooks: every one runs top to bottom with papermill on bundled data, offline,
with a per-cell timeout; 01–04 run again with other companies (a bank, negative equity); every
committed notebook is stored without outputs; each learning notebook is paired by jupytext with
a MyST Markdown file (its reviewable source) and the two sides hold the same cells.

The runs go through finlit's fast path (`finlit.briefing.runner.execute`: IPC kernels, no
slow optional import) and two worker processes, so the whole file takes well under two minutes.
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 120
PLOTLY = "application/vnd.plotly.v1+json"

# every notebook in notebooks/ except the briefing (tests/test_briefing.py runs it) and the
# workshop folder (its own tests run those)
LEARNING = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb") if p.name != "briefing.ipynb")
# 01–04 again with a bank (no cost of sales, no cash-flow statement) and a company with
# negative equity
OTHER_COMPANIES = [(name, company) for name in LEARNING[:4] for company in ("JPM", "SBUX")]


def _run(job: tuple[str, dict, str]) -> tuple[str, str]:
    """Execute one notebook into `out` (in a worker process, cwd = the temporary folder)."""
    name, parameters, out = job
    from finlit.briefing.runner import execute

    os.chdir(Path(out).parent)
    try:
        execute(NOTEBOOKS / name, Path(out), parameters, CELL_TIMEOUT)
    except Exception as error:  # noqa: BLE001 - reported by the test that reads the result
        return out, f"{type(error).__name__}: {error}"
    return out, ""


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run every job once, two at a time, offline: {(notebook, company or ""): (path, error)}."""
    folder = tmp_path_factory.mktemp("notebooks")
    jobs = {(name, ""): (name, {}, str(folder / name)) for name in LEARNING}
    for name, company in OTHER_COMPANIES:
        jobs[(name, company)] = (name, {"company": company}, str(folder / f"{company}-{name}"))
    env = {"NO_PROXY": "*", "no_proxy": "*", "HTTP_PROXY": "http://127.0.0.1:9",
           "HTTPS_PROXY": "http://127.0.0.1:9"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update({"HTTP_PROXY": env["HTTP_PROXY"], "HTTPS_PROXY": env["HTTPS_PROXY"]})
    try:
        with ProcessPoolExecutor(max_workers=2) as pool:
            results = dict(zip(jobs, pool.map(_run, jobs.values())))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return results


def _outputs(path: str) -> list[dict]:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]


def _check(result) -> list[dict]:
    path, error = result
    assert not error, error
    outputs = _outputs(path)
    errors = [o for o in outputs if o["output_type"] == "error"]
    assert not errors, f"{path}: {errors[0]['ename']}: {errors[0]['evalue']}"
    tracebacks = [o for o in outputs if o["output_type"] == "stream" and "Traceback" in o.get("text", "")]
    assert not tracebacks, tracebacks[0]["text"]
    return outputs


def test_there_are_eight_learning_notebooks():
    assert [n[:2] for n in LEARNING] == ["01", "02", "03", "04", "05", "06", "07", "08"]


@pytest.mark.parametrize("name", LEARNING)
def test_notebook_runs_top_to_bottom_with_charts(executed, name):
    outputs = _check(executed[(name, "")])
    charts = [o for o in outputs if PLOTLY in o.get("data", {})]
    assert charts, f"{name} promises charts but shows none"


@pytest.mark.parametrize("name,company", OTHER_COMPANIES)
def test_first_four_notebooks_take_the_company_as_a_parameter(executed, name, company):
    outputs = _check(executed[(name, company)])
    nb = json.loads(Path(executed[(name, company)][0]).read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["parameters"] == {"company": company}
    text = " ".join("".join(o["data"].get("text/html", "")) for o in outputs if "data" in o)
    expected = {"JPM": "JPMorgan Chase", "SBUX": "Starbucks"}[company]
    assert expected in text


def test_notebook_08_loads_the_example_file_through_the_package(executed):
    outputs = _check(executed[("08_your_own_company.ipynb", "")])
    text = " ".join("".join(o["data"].get("text/html", "") or o["data"].get("text/plain", ""))
                    for o in outputs if "data" in o)
    assert "Northwind Freight" in text


def _every_committed_notebook() -> list[Path]:
    return sorted(NOTEBOOKS.rglob("*.ipynb"))


@pytest.mark.parametrize("path", _every_committed_notebook(), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_committed_notebooks_have_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert cell.get("outputs") == [], f"{path.name} cell {i} has outputs: clear them before committing"
        assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"


def test_learning_notebooks_have_a_parameters_cell_papermill_can_read():
    import papermill  # inspect_notebook is what `papermill --help-notebook` shows

    for name in LEARNING:
        nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
        assert len(tagged) == 1, name
        found = papermill.inspect_notebook(str(NOTEBOOKS / name))
        assert found, f"{name}: papermill finds no parameters"
        for p in found.values():
            assert p["inferred_type_name"] != "None" and p["help"], f"{name}: {p['name']} needs a type and a comment"
        if name[:2] != "08":
            assert "company" in found, name


def _paired_notebooks() -> list[Path]:
    """Every notebook under notebooks/ whose metadata declares jupytext formats."""
    return [p for p in _every_committed_notebook()
            if json.loads(p.read_text(encoding="utf-8"))["metadata"].get("jupytext", {}).get("formats")]


def _cells(nb) -> list[tuple]:
    """What both sides of a pair must agree on: cell type, source and tags, cell by cell."""
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


@pytest.mark.parametrize("path", _paired_notebooks(), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_paired_notebooks_are_in_sync(path):
    import jupytext
    from jupytext.paired_paths import paired_paths

    nb = jupytext.read(path)
    for other, fmt in paired_paths(str(path), "ipynb", nb.metadata["jupytext"]["formats"]):
        if Path(other) == path:
            continue
        assert Path(other).is_file(), f"{path.name} is paired with {other}, which is missing"
        text = jupytext.read(other, fmt=fmt)
        assert _cells(text) == _cells(nb), \
            f"{path.name} and {Path(other).name} differ: run `jupytext --sync {path.relative_to(ROOT)}`"
        assert text.metadata.get("kernelspec") == nb.metadata.get("kernelspec"), other


def test_every_learning_notebook_has_a_paired_myst_markdown_source():
    for name in LEARNING:
        nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        assert nb["metadata"].get("jupytext", {}).get("formats") == "ipynb,md:myst", \
            f"{name}: pair it with `jupytext --set-formats ipynb,md:myst notebooks/{name}`"
        assert (NOTEBOOKS / name).with_suffix(".md").is_file(), name


FINANCE_TOPICS = (
    "why finance matters to IT", "profit is an estimate", "revenue recognition", "the income statement",
    "the balance sheet", "expenses versus capital expenditures", "cash is king (profit ≠ cash)",
    "free cash flow", "ratios for the business and ratios for IT", "percent-of-sales analysis",
    "ROI of an IT project", "working capital", "building a financially intelligent IT department",
    "capex vs opex", "fixed vs variable costs", "payback", "NPV", "IRR", "TCO", "chargeback and showback",
    "capitalising internal-use software")


def test_readme_coverage_table_points_at_real_sections():
    """Every FINANCE.md §5 topic has a row; each row names a notebook and headings it has."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Learning suite", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1].isdigit():
            rows[cells[0]] = (cells[1], [h.strip() for h in cells[2].split(";")])
    assert set(FINANCE_TOPICS) <= set(rows), set(FINANCE_TOPICS) - set(rows)
    for topic, (number, headings) in rows.items():
        [name] = [n for n in LEARNING if n.startswith(number + "_")]
        nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        found = {line[3:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
                 for line in "".join(c["source"]).splitlines() if line.startswith("## ")}
        for heading in headings:
            assert heading in found, f"{topic}: {name} has no section '## {heading}'"


def test_every_learning_notebook_ends_with_try_it_yourself():
    for name in LEARNING:
        nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        assert "".join(nb["cells"][-1]["source"]).startswith("## Try it yourself"), name
