"""Build the workshop notebooks (notebooks/workshop/*.ipynb) and the answer key in
notebooks/workshop/FACILITATOR.md from the exercise catalogue in finlit.workshop.

Deterministic: the same catalogue gives byte-identical files (fixed cell ids, no outputs).

    python scripts/build_workshop.py           # write the files
    python scripts/build_workshop.py --check   # exit 1 if a file is out of date

The notebooks are the instructor version: every answer cell holds its solution between
nbgrader's ### BEGIN SOLUTION / ### END SOLUTION markers; `finlit workshop DIR --student`
(or `nbgrader generate_assignment`) strips them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from finlit._speedups import skip_slow_optional_imports

skip_slow_optional_imports()  # before nbformat imports jsonschema: 2 s less

import nbformat  # noqa: E402
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook  # noqa: E402

from finlit.workshop.exercises import WORKSHOPS, answer_key_markdown  # noqa: E402
from finlit.workshop.student import BEGIN, END  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "workshop"
KEY_BEGIN, KEY_END = "<!-- BEGIN ANSWER KEY -->", "<!-- END ANSWER KEY -->"

HOW_IT_WORKS = """\
**How the exercises work.** Each exercise has a question and an answer cell. Replace the `...`
after `answer =` with your answer — a number you read off a table, or a line of Python — and run
the cell: the check tells you at once whether it is right. Write answers the way you like:
`12.5`, `"12.5%"` and `0.125` are all read as 12.5%; `"1,234"` (in the unit the question asks
for), `"$1.2 billion"` and `"1.2bn"` are all ways to write money. Stuck? Remove the `#` in front of `q1.hint()` and run the cell again;
`q1.solution()` shows the answer and how to get it. Your progress is summed up at the end.

Everything runs offline, on data that ships with finlit."""

BLOCKS = {
    "w1": [
        ("md", "# Workshop 1: Reading the statements\n\n"
               "Three statements tell the story of a business: the **income statement** (what was "
               "sold, what it cost, what was left), the **balance sheet** (what the company owns and "
               "owes on one day), and the **cash-flow statement** (where the cash came from and went). "
               "In this workshop you read all three for Apple and for Larkspur Components, a "
               "fictional manufacturer with an IT budget.\n\n"
               "You will learn to: find revenue, gross profit and net income; turn them into margins; "
               "read a balance sheet; and see why profit is not cash.\n\n" + HOW_IT_WORKS),
        ("setup", None),
        ("md", "## 1. The income statement\n\n"
               "Read it from the top: **revenue** (everything customers paid), minus the **cost of "
               "revenue** (making or buying what was sold) gives **gross profit**; minus R&D and "
               "selling, general and admin (SG&A) gives **operating income**; minus interest and tax "
               "gives **net income**, the bottom line. Figures are in USD millions."),
        ("code", "apple.income_statement"),
        ("code", "from finlit.explain import explain_income\n\nexplain_income(apple, 2023)"),
        ("md", "The same steps as a chart: each bar takes something off revenue."),
        ("code", "from finlit.charts import income_waterfall\n\nincome_waterfall(apple, 2023)"),
        ("q", 1), ("q", 2), ("q", 3),
        ("md", "## 2. Larkspur Components\n\nA mid-sized manufacturer: smaller numbers, the same "
               "story. Its statements are fictional but consistent, and it comes with a detailed "
               "IT budget (workshop 4)."),
        ("code", "lark.income_statement"),
        ("q", 4),
        ("md", "## 3. The balance sheet\n\nA photo on the last day of the fiscal year: what the "
               "company **owns** (assets) = what it **owes** (liabilities) + what belongs to its "
               "**owners** (equity). Current items turn into cash, or must be paid, within a year."),
        ("code", "lark.balance_sheet"),
        ("q", 5),
        ("md", "## 4. The cash-flow statement: profit is not cash\n\nProfit is an estimate: "
               "depreciation spreads old purchases over years, sales count before customers pay. "
               "The cash-flow statement follows the money itself. **Capital expenditure** (capex) "
               "is cash spent on things that last: machines, buildings, servers, laptops."),
        ("code", "lark.cash_flow"),
        ("q", 6), ("q", 7),
        ("progress", None),
    ],
    "w2": [
        ("md", "# Workshop 2: Ratios that matter\n\n"
               "A ratio puts two numbers side by side so that companies of any size, and years of "
               "any size, can be compared. Each ratio answers a question the business asks: are we "
               "profitable (margins), can we pay our bills (liquidity), how much do we owe "
               "(solvency), are we growing?\n\n"
               "You will learn to: compute and read the main ratios, say why IT should care about "
               "each, and compare companies with percent-of-sales analysis.\n\n" + HOW_IT_WORKS),
        ("setup", None),
        ("md", "## 1. Profitability\n\n`lark_ratios` is the whole catalogue for every year. "
               "Percent ratios are stored as fractions (0.089) and shown as percents (8.9%)."),
        ("code", "lark_ratios"),
        ("code", 'finlit.RATIOS["operating_margin"].why_it_matters'),
        ("q", 1),
        ("md", "## 2. Liquidity and solvency\n\nCan the company pay what falls due this year "
               "(current ratio), and how much of it is financed by borrowing (debt to equity)?"),
        ("q", 2), ("q", 3),
        ("md", "## 3. Growth and percent of sales\n\nGrowth compares a year with the year before. "
               "Percent-of-sales analysis divides every cost by revenue: it shows where each dollar "
               "of sales goes, and lets you compare years and companies."),
        ("q", 4), ("q", 5),
        ("md", "## 4. Return on equity, and why a ratio can mislead\n\nReturn on equity = net "
               "income ÷ shareholders' equity: what the owners earn on what they put in. Watch the "
               "trend."),
        ("code", 'from finlit.charts import ratio_trend\n\nratio_trend(apple, "return_on_equity")'),
        ("q", 6),
        ("md", "## 5. Comparing companies\n\nMargins differ hugely between industries: compare a "
               "company with its peers, not with all companies."),
        ("q", 7), ("q", 8),
        ("progress", None),
    ],
    "w3": [
        ("md", "# Workshop 3: Cash and capex\n\n"
               "Cash is king: a profitable company that runs out of cash fails. In this workshop "
               "you follow the cash — free cash flow, cash conversion, working capital — and see "
               "how buying (capex) and renting (opex) change profit and cash differently: the "
               "heart of every cloud-versus-on-premises debate.\n\n" + HOW_IT_WORKS),
        ("setup", None),
        ("md", "## 1. Free cash flow\n\nCash from operations minus capital expenditure: the cash "
               "the business generates after keeping itself running. It pays dividends and "
               "buybacks — and new IT projects."),
        ("code", "apple.cash_flow"),
        ("q", 1), ("q", 2),
        ("md", "## 2. Profit versus cash\n\nCash conversion compares cash from operations with net "
               "income. Working capital is the cash tied up in running the business."),
        ("code", "lark.balance_sheet"),
        ("q", 3), ("q", 4),
        ("md", "## 3. Capex versus opex\n\n**Opex** (operating expense) counts in full in the "
               "year's profit: salaries, subscriptions, cloud bills. **Capex** buys an asset that "
               "lasts: the cash leaves at once, but profit sees it only as **depreciation**, a "
               "slice each year of its useful life."),
        ("q", 5),
        ("md", "The example IT budget that ships with finlit (you can edit a copy in the kit's "
               "`data/` folder): one row per year, totals per kind and per category."),
        ("code", "example"),
        ("q", 6),
        ("md", "## 4. Cloud or on-premises?\n\nThe same need, two ways to pay: buy hardware (capex, "
               "depreciated) or subscribe (opex). Costs are negative numbers in the table."),
        ("code", "scenario.frame"),
        ("code", "from finlit.charts.itspend import cloud_vs_onprem_chart\n\n"
                 "cloud_vs_onprem_chart(scenario)"),
        ("q", 7), ("q", 8),
        ("progress", None),
    ],
    "w4": [
        ("md", "# Workshop 4: IT spend and the ROI of a project\n\n"
               "The IT budget beside the business that pays for it: IT spend as a percent of "
               "revenue and per employee, against industry benchmarks, what a budget increase does "
               "to the margin, and how to appraise an IT project with payback, NPV and IRR.\n\n"
               + HOW_IT_WORKS),
        ("setup", None),
        ("md", "## 1. IT spend against revenue\n\n`view` puts Larkspur's bundled IT budget beside "
               "its statements: one row per metric, one column per year."),
        ("code", "view.values.T"),
        ("code", "from finlit.charts.itspend import it_spend_chart\n\nit_spend_chart(view)"),
        ("q", 1), ("q", 2),
        ("md", "## 2. Benchmarks and headcount\n\nPublished benchmarks differ in what they count: "
               "show a range, never one right number."),
        ("code", "view.band.label(), view.band.sources()"),
        ("q", 3), ("q", 4),
        ("md", "## 3. What a budget increase does to the margin\n\nExtra opex comes straight off "
               "operating income."),
        ("q", 5),
        ("md", "## 4. The ROI of an IT project\n\n**Payback**: years until the money is back. "
               "**NPV**: today's value of all the cash flows, discounted at what money costs the "
               "company — positive means the project earns more than that. **IRR**: the rate at "
               "which NPV is zero. The ERP project's costs come from Larkspur's IT budget:"),
        ("code", 'from finlit.itbudget import bundled_it_budget\n\n'
                 'budget = bundled_it_budget("LARKSPUR")\n'
                 'budget[budget["note"].str.contains("ERP")]'),
        ("code", "from finlit.charts.itspend import payback_chart\n\n"
                 "payback_chart(project(erp_flows, rate=0.08, start_year=2023))"),
        ("q", 6), ("q", 7), ("q", 8),
        ("progress", None),
    ],
}


def answer_source(q) -> str:
    return "\n".join([
        "answer = ...  # your answer",
        BEGIN,
        q.solution_code,
        END,
        f"q{q.number}.check(answer)",
        f"# q{q.number}.hint()",
        f"# q{q.number}.solution()",
    ])


def build_notebook(w) -> nbformat.NotebookNode:
    cells = []
    for kind, content in BLOCKS[w.key]:
        if kind == "md":
            cells.append(new_markdown_cell(content))
        elif kind == "code":
            cells.append(new_code_cell(content))
        elif kind == "setup":
            cells.append(new_markdown_cell("Run this cell first: it loads the data and the exercises."))
            cells.append(new_code_cell(w.setup_code))
        elif kind == "q":
            q = w.questions[content - 1]
            cells.append(new_markdown_cell(f"### Q{q.number}. {q.title}\n\n{q.question}"))
            cells.append(new_code_cell(answer_source(q), metadata={"nbgrader": {
                "grade": False, "grade_id": q.id, "locked": False, "schema_version": 3,
                "solution": True, "task": False}}))
        elif kind == "progress":
            cells.append(new_markdown_cell("## How did you do?\n\nThe summary of this workshop's "
                                           "exercises: run it again whenever you like."))
            cells.append(new_code_cell("progress()"))
    numbers = [c for k, c in BLOCKS[w.key] if k == "q"]
    assert numbers == list(range(1, len(w) + 1)), f"{w.key}: every exercise once, in order"
    for i, cell in enumerate(cells):
        cell["id"] = f"{w.key}-{i:02d}"
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "finlit": {"workshop": w.key, "generated_by": "scripts/build_workshop.py"}})
    nb.nbformat_minor = 5
    return nb


def facilitator_text(current: str) -> str:
    if KEY_BEGIN not in current or KEY_END not in current:
        raise SystemExit(f"FACILITATOR.md needs the markers {KEY_BEGIN} and {KEY_END}")
    head, rest = current.split(KEY_BEGIN, 1)
    _, tail = rest.split(KEY_END, 1)
    return f"{head}{KEY_BEGIN}\n{answer_key_markdown()}{KEY_END}{tail}"


def outputs() -> dict[Path, str]:
    files = {}
    for w in WORKSHOPS.values():
        nb = build_notebook(w)
        nbformat.validate(nb)
        files[OUT / w.notebook] = nbformat.writes(nb) + "\n"
    guide = OUT / "FACILITATOR.md"
    files[guide] = facilitator_text(guide.read_text(encoding="utf-8"))
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the files are up to date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
