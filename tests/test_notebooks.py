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
# 09–13 again with another company: one with large capex, one with negative equity, a profitable
# one beside Snowflake, and two without an IT plan of their own (Larkspur's is the example)
NEW_LESSON_COMPANIES = [("09_three_statements_link.ipynb", "GOOGL"), ("10_dupont_roe.ipynb", "SBUX"),
                        ("11_stock_based_compensation.ipynb", "AAPL"), ("12_leases_and_commitments.ipynb", "AAPL"),
                        ("13_it_budget_variance.ipynb", "AAPL")]


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
    for name, company in OTHER_COMPANIES + NEW_LESSON_COMPANIES:
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


def test_there_are_thirteen_learning_notebooks():
    assert [n[:2] for n in LEARNING] == [f"{i:02d}" for i in range(1, 14)]


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


@pytest.mark.parametrize("name,company", NEW_LESSON_COMPANIES)
def test_new_lessons_take_the_company_as_a_parameter(executed, name, company):
    outputs = _check(executed[(name, company)])
    nb = json.loads(Path(executed[(name, company)][0]).read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["parameters"] == {"company": company}
    text = " ".join("".join(o["data"].get("text/html", "")) for o in outputs if "data" in o)
    assert {"GOOGL": "Alphabet", "SBUX": "Starbucks", "AAPL": "Apple"}[company] in text


def test_new_lessons_end_with_answers_the_learner_reveals(executed):
    """09–13: each "try it yourself" shows its questions with folded answers (<details>), money
    kept out of maths typesetting."""
    for name in LEARNING[8:]:
        html = _html(_check(executed[(name, "")]))
        folded = [h for h in html if "finlit-try-it" in h]
        assert len(folded) == 1 and folded[0].count("<details") >= 3, name
        assert "mathjax_ignore" in folded[0], name


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


def _headings(nb) -> list[str]:
    return [line for c in nb["cells"] if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith("## ")]


def test_every_learning_notebook_ends_with_try_it_yourself_then_one_glossary():
    for name in LEARNING:
        nb = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
        assert _headings(nb)[-2:] == ["## Try it yourself", "## Glossary"], name
        assert "".join(nb["cells"][-1]["source"]).startswith("learn.glossary("), name
        calls = [c for c in nb["cells"] if c["cell_type"] == "code" and "glossary(" in "".join(c["source"])]
        assert len(calls) == 1, f"{name}: one glossary, at the end"


GLOSSARY_BLOCK = 'class="finlit-glossary"'


def _html(outputs) -> list[str]:
    return ["".join(o["data"]["text/html"]) for o in outputs if "text/html" in o.get("data", {})]


def test_notebook_04_shows_one_glossary_block_at_the_end(executed):
    """It used to print a glossary under each of its eight explanations (818 words of
    definitions against 499 of lesson); now the explanations carry tooltips only and the
    notebook ends with one glossary of every term they used."""
    from finlit.explain import GLOSSARY

    html = _html(_check(executed[("04_ratios_for_it.ipynb", "")]))
    blocks = [h for h in html if GLOSSARY_BLOCK in h]
    assert len(blocks) == 1 and html[-1] == blocks[0]
    explanations = [h for h in html if "finlit-explanation" in h]
    assert len(explanations) >= 8 and not any("<dd>" in h for h in explanations)
    for term in ("Gross margin", "Operating margin", "Revenue"):      # used by the explanations
        assert f"<dt>{term}</dt>" in blocks[0]
    assert all(blocks[0].count(f"<dt>{t.term}</dt>") <= 1 for t in GLOSSARY.values())


@pytest.mark.parametrize("name", LEARNING)
def test_every_notebook_shows_at_most_one_glossary_block(executed, name):
    html = _html(_check(executed[(name, "")]))
    blocks = [h for h in html if GLOSSARY_BLOCK in h]
    assert len(blocks) <= 1, f"{name} shows {len(blocks)} glossary blocks"
    if blocks:
        assert html[-1] == blocks[0], f"{name}: the glossary comes last"


def test_notebook_02_values_a_day_of_dso_once_not_every_year(executed):
    """The cash a shorter DSO frees comes in once; the yearly gain is the interest on it, at a
    rate stated as an assumption (the notebook used to call 2.7 million 'every year')."""
    import finlit
    from finlit.itspend.analysis import day_of_sales

    source = (NOTEBOOKS / "02_balance_sheet.md").read_text(encoding="utf-8")
    assert "2.7 million of cash, every year" not in source
    assert "once" in source and "137,000 a year" in source
    v = day_of_sales(1e9, 0.05)                       # the $1 billion example in the text
    assert round(v["cash_released_once"] / 1e6, 1) == 2.7 and round(v["yearly_saving"], -3) == 137_000
    text = " ".join(_html(_check(executed[("02_balance_sheet.ipynb", "")])))
    apple = finlit.load("AAPL")
    daily = day_of_sales(apple.get("revenue", apple.years[-1]), 0.05)
    assert "A day of DSO" in text and "would come in once" in text and "an assumption" in text
    assert f"about ${daily['yearly_saving'] / 1e6:.0f} million a year" in text


def test_notebook_07_starts_from_the_one_source_of_the_erp_figures():
    """Notebook 07's parameters are the ERP case's assumptions (data/teaching), and the figures
    its text states are the ones finlit computes from that source."""
    import papermill

    from finlit.itspend.business_case import larkspur_erp
    from finlit.workshop.exercises import erp_capex_only

    found = papermill.inspect_notebook(str(NOTEBOOKS / "07_it_project_roi.ipynb"))
    erp = larkspur_erp()
    assert float(found["yearly_saving"]["default"]) == erp.yearly_saving
    assert int(found["benefit_years"]["default"]) == erp.saving_years
    assert float(found["rate"]["default"]) == erp.rate
    text = " ".join((NOTEBOOKS / "07_it_project_roi.md").read_text(encoding="utf-8").split())
    result, old = erp.project(), erp_capex_only()
    assert f"That is {erp.total_cost / 1e6:.1f} million in all" in text
    assert result.npv < 0 and f"its IRR is about {result.irr:.0%}" in text
    assert f"about {round(old.npv, -3):,.0f}) and the IRR would have been {old.irr:.1%}" in text
    for year, stages in erp.costs.items():
        assert f"{sum(stages.values()) / 1e6:.1f} million" in text, year
    assert "learn.larkspur_erp(" in text and "[-2_900_000" not in text and "2_900_000, 3_100_000" not in text
