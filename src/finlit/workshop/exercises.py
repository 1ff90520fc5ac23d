"""The workshop catalogue: four workshops of exercises on the bundled data.

Every expected answer is COMPUTED from the bundled data by finlit itself (the statements,
the ratio engine, the IT view, the scenario functions), never typed in: if the data or a
formula changes, the answers, the notebooks' checks and the facilitator's answer key
change with it.

>>> from finlit.workshop import exercises
>>> [w.key for w in exercises.WORKSHOPS.values()]
['w1', 'w2', 'w3', 'w4']
>>> q = exercises.get("w1", 2)
>>> q.title, q.expected_text()
("Apple's gross margin, FY2023", '44.13%')
>>> exercises.get("ratios", 1).id     # a workshop by its key, number, name or a word of it
'w2_q1'
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ..errors import InputError
from .answers import Choice, Money, Percent, Plain, YesNo
from .exercise import Exercise, Progress

# --- the data, loaded once per kernel -------------------------------------------------------


@lru_cache(maxsize=None)
def company(ticker: str):
    import finlit

    return finlit.load(ticker)


@lru_cache(maxsize=None)
def ratios(ticker: str):
    return company(ticker).ratios()


def value(ticker: str, item: str, year: int) -> float:
    return company(ticker).value(item, year)


def ratio(ticker: str, key: str, year: int) -> float:
    return ratios(ticker).value(key, year)


@lru_cache(maxsize=None)
def it_view(ticker: str):
    from ..itspend import it_view as view

    return view(company(ticker))


def example_budget_path() -> str:
    """The example IT budget in TOML that ships with finlit (data/it_budgets/example.toml)."""
    return str(files("finlit.data") / "it_budgets" / "example.toml")


@lru_cache(maxsize=None)
def example_budget_totals():
    from ..itbudget import load_it_budget, totals

    return totals(load_it_budget(example_budget_path()))


# Inputs of the scenarios: stated in the questions (assumptions, not answers).
LAPTOP_LIFE_YEARS = 4
CLOUD = {"hardware_cost": 1_200_000, "useful_life": 4, "cloud_cost_per_year": 380_000,
         "onprem_running_cost_per_year": 60_000, "years": 4}
ERP_SAVINGS, ERP_SAVING_YEARS, ERP_RATE = 1_600_000, 5, 0.08


@lru_cache(maxsize=None)
def cloud_scenario():
    from ..itspend.scenarios import cloud_vs_onprem

    return cloud_vs_onprem(**CLOUD)


def erp_costs() -> list[float]:
    """Larkspur's ERP project costs per fiscal year (FY2023, FY2024) from its bundled IT
    budget: the rows whose note mentions the ERP project, years 1 and 2."""
    from ..itbudget import bundled_it_budget

    budget = bundled_it_budget("LARKSPUR")
    erp = budget[budget["note"].str.contains("ERP") & budget["fiscal_year"].isin([2023, 2024])]
    return [float(erp.loc[erp["fiscal_year"] == y, "amount"].sum()) for y in (2023, 2024)]


def erp_cashflows() -> list[float]:
    return [-c for c in erp_costs()] + [float(ERP_SAVINGS)] * ERP_SAVING_YEARS


@lru_cache(maxsize=None)
def erp_project():
    from ..itspend.scenarios import project

    return project(erp_cashflows(), rate=ERP_RATE, start_year=2023)


# --- the workshops ----------------------------------------------------------------------------

@dataclass
class Workshop:
    """A workshop: its exercises q1, q2 … and its progress table."""

    key: str                  # "w1"
    slug: str                 # "reading_the_statements"
    title: str
    setup_code: str           # the notebook's setup cell (names the solution code uses)
    questions: list

    @property
    def notebook(self) -> str:
        return f"{self.key}_{self.slug}.ipynb"

    def __getattr__(self, name):
        if name.startswith("q") and name[1:].isdigit():
            number = int(name[1:])
            if 1 <= number <= len(self.questions):
                return self.questions[number - 1]
        raise AttributeError(name)

    def __iter__(self):
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def reset(self) -> None:
        for q in self.questions:
            q.reset()

    def progress(self) -> Progress:
        return Progress(f"{self.key.upper()}: {self.title}", self.questions)

    def __repr__(self) -> str:
        return (f"{self.key.upper()}: {self.title} — {len(self)} exercises. Write each answer after "
                "`answer =`, run the cell, and the check tells you at once.")

    def _repr_html_(self) -> str:
        import html

        return (f"<p><strong>{html.escape(self.key.upper())}: {html.escape(self.title)}</strong> — "
                f"{len(self)} exercises. Write each answer after <code>answer =</code>, run the cell, "
                "and the check tells you at once. Stuck? <code>q1.hint()</code>; "
                "still stuck? <code>q1.solution()</code>.</p>")


def _q(workshop, number, title, question, answer_type, expected, code, hints=(), explanation="",
       mistakes=()):
    return Exercise(workshop, number, title, question, answer_type, expected, code, tuple(hints),
                    explanation, tuple(mistakes))


SETUP_COMMON = "import finlit\nfrom finlit.workshop import start, progress\n"


def _w1() -> Workshop:
    w = "w1"
    qs = [
        _q(w, 1, "Apple's revenue, FY2023",
           "What was Apple's **revenue** (total net sales) in fiscal year 2023? "
           "Answer in **USD millions** (383,285-style, or \"$383.3 billion\"; within 1%).",
           Money("millions"), lambda: value("AAPL", "revenue", 2023),
           'answer = apple.value("revenue", 2023) / 1e6   # value() gives dollars; / 1e6 gives millions',
           ["The income statement starts with revenue: run `apple.income_statement` and read the "
            "FY2023 column (USD millions).",
            '`apple.value("revenue", 2023)` gives the amount in dollars.'],
           "Revenue is the top line: everything customers paid for what Apple sold in the year."),
        _q(w, 2, "Apple's gross margin, FY2023",
           "What was Apple's **gross margin** in FY2023: gross profit as a share of revenue? "
           "Answer as a **percent** (44%, 0.44 and \"44.1\" all work; within ±0.5 points).",
           Percent(0.5), lambda: ratio("AAPL", "gross_margin", 2023),
           'answer = apple.value("gross_profit", 2023) / apple.value("revenue", 2023)',
           ["Gross profit = revenue − cost of revenue. Both are in `apple.income_statement`.",
            "Divide gross profit by revenue."],
           "For every $100 of sales, about $44 was left after paying for making the products: "
           "that pays for R&D, sales, admin — and IT.",
           [(lambda: ratio("AAPL", "net_margin", 2023),
             "That is the net margin: the gross margin takes off only the cost of revenue."),
            (lambda: value("AAPL", "cost_of_revenue", 2023) / value("AAPL", "revenue", 2023),
             "That is the share of revenue spent on cost of revenue: what is LEFT is the gross margin.")]),
        _q(w, 3, "Apple's net margin, FY2023",
           "For every **$100 of sales**, how many dollars did Apple keep as **net income** (profit "
           "after every cost, interest and tax) in FY2023? This is the net margin: answer as a "
           "percent (25, 25% or 0.25; within ±0.5 points).",
           Percent(0.5), lambda: ratio("AAPL", "net_margin", 2023),
           'answer = apple.value("net_income", 2023) / apple.value("revenue", 2023)',
           ["Net income is the bottom line of `apple.income_statement`.",
            "Net income ÷ revenue × 100 gives dollars per $100 of sales."],
           "Apple kept about $25 of every $100 of sales as profit.",
           [(lambda: ratio("AAPL", "gross_margin", 2023),
             "That is the gross margin: net income is after ALL costs, interest and tax."),
            (lambda: ratio("AAPL", "operating_margin", 2023),
             "That is the operating margin: net income also takes off interest and tax.")]),
        _q(w, 4, "Larkspur's operating income, FY2025",
           "Larkspur Components is our fictional manufacturer. What was its **operating income** "
           "(revenue minus every cost of running the business) in FY2025? Answer in **USD "
           "millions** (e.g. 12.5; within 1%).",
           Money("millions"), lambda: value("LARKSPUR", "operating_income", 2025),
           'answer = lark.value("operating_income", 2025) / 1e6',
           ["Run `lark.income_statement` and find the line 'Operating income'."],
           "Operating income is what the business itself earned, before interest and tax.",
           [(lambda: value("LARKSPUR", "net_income", 2025),
             "That is net income: operating income comes before interest and tax."),
            (lambda: value("LARKSPUR", "gross_profit", 2025),
             "That is gross profit: operating income also takes off R&D and SG&A.")]),
        _q(w, 5, "Larkspur's assets financed by equity, FY2025",
           "Assets = liabilities + equity. What **share of Larkspur's total assets** was financed by "
           "**shareholders' equity** at the end of FY2025? Answer as a **percent** (within ±0.5 points).",
           Percent(0.5), lambda: value("LARKSPUR", "total_equity", 2025) / value("LARKSPUR", "total_assets", 2025),
           'answer = lark.value("total_equity", 2025) / lark.value("total_assets", 2025)',
           ["Run `lark.balance_sheet`: you need 'Shareholders' equity' and 'Total assets'.",
            "Divide equity by total assets."],
           "About three-fifths of what Larkspur owns is paid for by its owners, the rest by what it "
           "owes: a cautious balance sheet.",
           [(lambda: ratio("LARKSPUR", "liabilities_to_assets", 2025),
             "That is the share financed by liabilities (what the company owes).")]),
        _q(w, 6, "Where bought laptops show up",
           "Larkspur's IT team bought laptops and servers outright in FY2025 (IT **capex**). Where does "
           "the **cash payment** for them show up?\n\n"
           "- a) in the income statement, as an expense of FY2025\n"
           "- b) in the cash-flow statement, under capital expenditure\n"
           "- c) nowhere, until the laptops are sold\n\n"
           "Answer with the letter (\"b\") or the option's text.",
           Choice({"a": "in the income statement, as an expense of FY2025",
                   "b": "in the cash-flow statement, under capital expenditure",
                   "c": "nowhere, until the laptops are sold"}),
           lambda: "b", 'answer = "b"',
           ["Capex buys an asset that lasts several years. Which statement follows the cash?"],
           "The cash leaves at once (cash-flow statement); profit sees the laptops only as "
           "depreciation, a slice each year of their useful life."),
        _q(w, 7, "Larkspur's weakest cash year",
           "Profit is not cash. In which **fiscal year** was Larkspur's **cash from operations** the "
           "lowest? Answer with the year (2023 or \"FY2023\").",
           Plain("fiscal year", 0), lambda: min(company("LARKSPUR").years,
                                               key=lambda y: value("LARKSPUR", "operating_cash_flow", y)),
           'cash = {y: lark.value("operating_cash_flow", y) for y in lark.years}\n'
           'answer = min(cash, key=cash.get)',
           ["Run `lark.cash_flow` and compare 'Cash from operations' across the years."],
           "Net income was still positive that year: the cash went into inventory and into "
           "customers' unpaid bills (receivables) — compare the balance sheets of that year and the "
           "year before."),
    ]
    setup = (SETUP_COMMON + 'ws = start("w1")\nq1, q2, q3, q4, q5, q6, q7 = ws\n\n'
             'apple = finlit.load("AAPL")\nlark = finlit.load("LARKSPUR")   # Larkspur Components, fictional\nws')
    return Workshop(w, "reading_the_statements", "Reading the statements", setup, qs)


def _w2() -> Workshop:
    w = "w2"
    qs = [
        _q(w, 1, "Larkspur's operating margin, FY2025",
           "What was Larkspur's **operating margin** in FY2025 (operating income ÷ revenue)? "
           "Answer as a **percent** (within ±0.1 points).",
           Percent(0.1), lambda: ratio("LARKSPUR", "operating_margin", 2025),
           'answer = lark_ratios.value("operating_margin", 2025)',
           ["`lark_ratios` is the whole ratio table: look for 'Operating margin'.",
            '`lark_ratios.value("operating_margin", 2025)` gives it as a fraction.'],
           "Out of every $100 of sales, about $9 is left after running the business. A thin margin: "
           "IT budget requests must show payback.",
           [(lambda: ratio("LARKSPUR", "net_margin", 2025), "That is the net margin (after interest and tax)."),
            (lambda: ratio("LARKSPUR", "gross_margin", 2025), "That is the gross margin.")]),
        _q(w, 2, "Larkspur's current ratio, FY2025",
           "What was Larkspur's **current ratio** at the end of FY2025 (current assets ÷ current "
           "liabilities)? Answer as a number of **times** (e.g. 1.8 or \"1.8x\"; within ±0.05).",
           Plain("times", 0.05), lambda: ratio("LARKSPUR", "current_ratio", 2025),
           'answer = lark.value("current_assets", 2025) / lark.value("current_liabilities", 2025)',
           ["Both lines are on `lark.balance_sheet`.", "Divide current assets by current liabilities."],
           "Larkspur has about $2.60 of short-term assets for every $1 it must pay within a year: "
           "comfortable."),
        _q(w, 3, "Larkspur's debt to equity, FY2025",
           "What was Larkspur's **debt-to-equity** ratio at the end of FY2025 (total debt ÷ "
           "shareholders' equity)? Answer in **times** (within ±0.02).",
           Plain("times", 0.02), lambda: ratio("LARKSPUR", "debt_to_equity", 2025),
           'answer = lark.value("total_debt", 2025) / lark.value("total_equity", 2025)',
           ["Total debt is short-term plus long-term debt: see `lark.balance_sheet`."],
           "Low debt: interest does not squeeze the budget, and cost cutting is less likely.",
           [(lambda: value("LARKSPUR", "total_liabilities", 2025) / value("LARKSPUR", "total_equity", 2025),
             "You used total liabilities: debt is only the borrowed money (short- and long-term debt).")]),
        _q(w, 4, "Larkspur's revenue growth, FY2025",
           "By how much did Larkspur's **revenue grow** from FY2024 to FY2025? Answer as a "
           "**percent** (within ±0.1 points).",
           Percent(0.1), lambda: ratio("LARKSPUR", "revenue_growth", 2025),
           'answer = lark.value("revenue", 2025) / lark.value("revenue", 2024) - 1',
           ["Growth = this year ÷ last year − 1."],
           "Slow growth: compare it with how fast the IT budget grows (workshop 4).",
           [(lambda: value("LARKSPUR", "revenue", 2025) / value("LARKSPUR", "revenue", 2024),
             "That is this year ÷ last year: subtract 1 to get the growth.")]),
        _q(w, 5, "Larkspur's SG&A as a percent of sales, FY2025",
           "Percent-of-sales analysis puts every cost beside revenue. What was Larkspur's **selling, "
           "general and administrative** expense (SG&A) as a percent of revenue in FY2025? "
           "(within ±0.1 points)",
           Percent(0.1), lambda: value("LARKSPUR", "selling_general_administrative", 2025)
           / value("LARKSPUR", "revenue", 2025),
           'answer = lark.value("selling_general_administrative", 2025) / lark.value("revenue", 2025)',
           ["SG&A is the line 'Selling, general and admin.' in `lark.income_statement`."],
           "Much of a manufacturer's IT budget sits inside SG&A: IT is one of the overheads the "
           "business watches as a percent of sales."),
        _q(w, 6, "Apple's return on equity, FY2023",
           "What was Apple's **return on equity** in FY2023 (net income ÷ shareholders' equity)? "
           "Answer as a **percent** (within ±1 point). Is the number surprising?",
           Percent(1.0), lambda: ratio("AAPL", "return_on_equity", 2023),
           'answer = apple.ratios().value("return_on_equity", 2023)',
           ["`apple.ratios()` has it; or divide net income by total equity yourself.",
            "Yes, it is more than 100%."],
           "Above 100%: years of share buybacks have made Apple's equity small, so the ratio says "
           "more about the balance sheet than about profitability.",
           [(lambda: ratio("AAPL", "return_on_assets", 2023),
             "That is the return on ASSETS: divide by equity instead.")]),
        _q(w, 7, "Highest net margin, FY2024",
           "Which of these companies kept the most of each dollar of sales as profit (**net margin**) "
           "in FY2024?\n\n- a) Apple\n- b) Alphabet\n- c) Walmart\n- d) Exxon Mobil\n\n"
           "Answer with the letter or the name.",
           Choice({"a": "Apple", "b": "Alphabet", "c": "Walmart", "d": "Exxon Mobil"}),
           lambda: max(zip("abcd", ("AAPL", "GOOGL", "WMT", "XOM")),
                       key=lambda p: ratio(p[1], "net_margin", 2024))[0],
           'margins = finlit.compute_ratios([finlit.load(t) for t in ("AAPL", "GOOGL", "WMT", "XOM")],\n'
           '                                ["net_margin"])\n'
           'best = max(("AAPL", "GOOGL", "WMT", "XOM"),\n'
           '           key=lambda t: margins.value("net_margin", 2024, company=t))\n'
           'answer = {"AAPL": "a", "GOOGL": "b", "WMT": "c", "XOM": "d"}[best]',
           ['`finlit.load("GOOGL").ratios().value("net_margin", 2024)`, and the same for the others.'],
           "Software and advertising keep far more of each sale than retail: a retailer lives on "
           "thin margins and huge volumes."),
        _q(w, 8, "Did Larkspur's operating margin fall?",
           "Did Larkspur's **operating margin fall** from FY2024 to FY2025? Answer yes or no.",
           YesNo(), lambda: ratio("LARKSPUR", "operating_margin", 2025) < ratio("LARKSPUR", "operating_margin", 2024),
           'answer = lark_ratios.value("operating_margin", 2025) < lark_ratios.value("operating_margin", 2024)',
           ["Compare the two years' operating margins in `lark_ratios`."],
           "Revenue grew, but costs grew faster: a margin under pressure is when the CFO looks "
           "hardest at budgets."),
    ]
    setup = (SETUP_COMMON + 'ws = start("w2")\nq1, q2, q3, q4, q5, q6, q7, q8 = ws\n\n'
             'apple = finlit.load("AAPL")\nlark = finlit.load("LARKSPUR")\nlark_ratios = lark.ratios()\nws')
    return Workshop(w, "ratios_that_matter", "Ratios that matter", setup, qs)


def _w3() -> Workshop:
    w = "w3"
    qs = [
        _q(w, 1, "Apple's free cash flow, FY2023",
           "What was Apple's **free cash flow** in FY2023 (cash from operations − capital "
           "expenditure)? Answer in **USD millions** (within 1%).",
           Money("millions"), lambda: value("AAPL", "free_cash_flow", 2023),
           'answer = (apple.value("operating_cash_flow", 2023)\n'
           '          - apple.value("capital_expenditure", 2023)) / 1e6',
           ["Both lines are in `apple.cash_flow`. Capital expenditure is stored as a positive amount."],
           "Free cash flow is the cash left after keeping the business running and investing in it: "
           "the money available for dividends, buybacks — or new projects.",
           [(lambda: value("AAPL", "operating_cash_flow", 2023),
             "That is cash from operations: free cash flow also takes off capital expenditure."),
            (lambda: value("AAPL", "net_income", 2023), "That is net income: profit, not cash.")]),
        _q(w, 2, "Apple's free cash flow margin, FY2023",
           "What was Apple's **free cash flow margin** in FY2023 (free cash flow ÷ revenue)? "
           "Answer as a **percent** (within ±0.5 points).",
           Percent(0.5), lambda: ratio("AAPL", "free_cash_flow_margin", 2023),
           'answer = apple.value("free_cash_flow", 2023) / apple.value("revenue", 2023)',
           ["Divide free cash flow by revenue."],
           "About $26 of free cash for every $100 of sales: strong free cash flow means room for "
           "investment.",
           [(lambda: ratio("AAPL", "operating_cash_flow_margin", 2023),
             "That uses cash from operations: take off capital expenditure first.")]),
        _q(w, 3, "Larkspur's cash conversion, FY2025",
           "How many dollars of **cash from operations** did Larkspur bring in for each dollar of "
           "**net income** in FY2025 (cash conversion)? Answer in **times** (within ±0.05).",
           Plain("times", 0.05), lambda: ratio("LARKSPUR", "cash_conversion", 2025),
           'answer = lark.value("operating_cash_flow", 2025) / lark.value("net_income", 2025)',
           ["Cash from operations ÷ net income."],
           "More than 1: depreciation is an expense that uses no cash this year, so cash from "
           "operations usually beats profit.",
           [(lambda: value("LARKSPUR", "net_income", 2025) / value("LARKSPUR", "operating_cash_flow", 2025),
             "You divided the other way round: cash from operations goes on top.")]),
        _q(w, 4, "Larkspur's working capital, FY2025",
           "What was Larkspur's **working capital** at the end of FY2025 (current assets − current "
           "liabilities)? Answer in **USD millions** (within 1%).",
           Money("millions"), lambda: ratio("LARKSPUR", "working_capital", 2025),
           'answer = (lark.value("current_assets", 2025) - lark.value("current_liabilities", 2025)) / 1e6',
           ["Both lines are on `lark.balance_sheet`."],
           "Working capital is cash tied up in running the business: stock on shelves and bills "
           "customers have not paid yet, less what the company owes its suppliers."),
        _q(w, 5, "Larkspur's capex as a percent of revenue, FY2025",
           "What was Larkspur's **capital expenditure as a percent of revenue** in FY2025? "
           "(within ±0.1 points)",
           Percent(0.1), lambda: ratio("LARKSPUR", "capex_to_revenue", 2025),
           'answer = lark.value("capital_expenditure", 2025) / lark.value("revenue", 2025)',
           ["Capital expenditure is in `lark.cash_flow`, revenue in `lark.income_statement`."],
           "A manufacturer reinvests a few percent of sales in machines, buildings — and IT."),
        _q(w, 6, "Yearly depreciation of a laptop refresh",
           "The example IT budget (`example.toml`, loaded below as `example`) buys laptops outright "
           "in 2025 (hardware capex). Depreciated straight-line over "
           f"**{LAPTOP_LIFE_YEARS} years**, how much of that purchase reaches **operating income "
           "each year**? Answer in **USD** (e.g. 45,000 or \"45k\"; within 1%).",
           Money("ones"), lambda: example_budget_totals().loc[2025, "hardware"] / LAPTOP_LIFE_YEARS,
           f'answer = example.loc[2025, "hardware"] / {LAPTOP_LIFE_YEARS}',
           ["`example` has one row per year and one column per category: hardware is all capex here.",
            "Straight-line: the same slice every year, cost ÷ useful life."],
           "The cash leaves in 2025, but profit sees only a quarter of the cost each year for four years.",
           [(lambda: example_budget_totals().loc[2025, "hardware"],
             "That is the whole purchase: profit sees it spread over the useful life.")]),
        _q(w, 7, "Cash used by on-premises in year 1",
           "Cloud or on-premises? On-premises: buy hardware for "
           f"${CLOUD['hardware_cost']:,} (useful life {CLOUD['useful_life']} years) and pay "
           f"${CLOUD['onprem_running_cost_per_year']:,} a year to run it. Cloud: "
           f"${CLOUD['cloud_cost_per_year']:,} a year. How much **cash** does the **on-premises** option "
           "use in **year 1**? Answer in **USD**, as a positive amount (within 1%).",
           Money("ones"), lambda: -cloud_scenario().frame.loc[1, "onprem_free_cash_flow"],
           'answer = -scenario.frame.loc[1, "onprem_free_cash_flow"]',
           ["`scenario.frame` has one row per year; look at `onprem_free_cash_flow`.",
            "Year 1 pays for the hardware AND the running costs."],
           "The whole hardware cost leaves in year 1: capex hits cash at once.",
           [(lambda: CLOUD["hardware_cost"], "That is the hardware alone: add the year's running costs."),
            (lambda: -cloud_scenario().frame.loc[1, "onprem_operating_income"],
             "That is the hit to operating income (depreciation + running costs), not the cash.")]),
        _q(w, 8, "Better EBITDA in year 1",
           "In the same scenario, which option shows the **higher EBITDA** (profit before interest, "
           "tax, depreciation and amortisation) in **year 1**?\n\n- a) on-premises\n- b) cloud\n\n"
           "Answer with the letter or the name.",
           Choice({"a": "on-premises", "b": "cloud"}),
           lambda: "a" if cloud_scenario().frame.loc[1, "onprem_ebitda"]
           > cloud_scenario().frame.loc[1, "cloud_ebitda"] else "b",
           'year1 = scenario.frame.loc[1]\n'
           'answer = "a" if year1["onprem_ebitda"] > year1["cloud_ebitda"] else "b"',
           ["EBITDA ignores depreciation. Which option's cost is mostly depreciation?"],
           "On-premises looks better on EBITDA because the hardware reaches profit only as "
           "depreciation, which EBITDA leaves out — even though it used far more cash in year 1."),
    ]
    setup = (SETUP_COMMON + "from finlit.itbudget import load_it_budget, totals\n"
             "from finlit.itspend.scenarios import cloud_vs_onprem\n"
             "from finlit.workshop.exercises import example_budget_path\n"
             'ws = start("w3")\nq1, q2, q3, q4, q5, q6, q7, q8 = ws\n\n'
             'apple = finlit.load("AAPL")\nlark = finlit.load("LARKSPUR")\n'
             "example = totals(load_it_budget(example_budget_path()))   # the example IT budget\n"
             f"scenario = cloud_vs_onprem(hardware_cost={CLOUD['hardware_cost']:_}, useful_life={CLOUD['useful_life']},\n"
             f"                           cloud_cost_per_year={CLOUD['cloud_cost_per_year']:_},\n"
             f"                           onprem_running_cost_per_year={CLOUD['onprem_running_cost_per_year']:_}, "
             f"years={CLOUD['years']})\nws")
    return Workshop(w, "cash_and_capex", "Cash and capex", setup, qs)


def _w4() -> Workshop:
    w = "w4"
    qs = [
        _q(w, 1, "Larkspur's IT spend, FY2025",
           "How much did Larkspur spend on **IT** in FY2025 (opex + capex, from its IT budget)? "
           "Answer in **USD millions** (within 1%).",
           Money("millions"), lambda: it_view("LARKSPUR").value("it_spend", 2025),
           'answer = view.value("it_spend", 2025) / 1e6',
           ["`view.values` is a table: one row per year, one column per metric.",
            '`view.value("it_spend", 2025)` gives it in dollars.'],
           "This is the IT budget the business pays for: every number below puts it beside revenue.",
           [(lambda: it_view("LARKSPUR").value("it_opex", 2025),
             "That is IT operating spend only: add IT capex.")]),
        _q(w, 2, "Larkspur's IT spend as % of revenue, FY2025",
           "What was Larkspur's **IT spend as a percent of revenue** in FY2025? (within ±0.05 points)",
           Percent(0.05), lambda: it_view("LARKSPUR").value("it_pct_revenue", 2025),
           'answer = view.value("it_spend", 2025) / lark.value("revenue", 2025)',
           ["IT spend ÷ revenue."],
           "About $3 of every $100 of sales goes to IT.",
           [(lambda: it_view("LARKSPUR").value("it_pct_opex", 2025),
             "That is IT as a percent of operating expenses: divide by revenue instead.")]),
        _q(w, 3, "Inside the industry band?",
           "Is Larkspur's FY2025 IT spend (as % of revenue) **inside the benchmark band** for its "
           "industry (`view.band`)? Answer yes or no.",
           YesNo(), lambda: (it_view("LARKSPUR").band.low <= it_view("LARKSPUR").value("it_pct_revenue", 2025)
                             <= it_view("LARKSPUR").band.high),
           'share = view.value("it_pct_revenue", 2025)\n'
           'answer = view.band.low <= share <= view.band.high',
           ["`view.band.label()` shows the band; compare it with your answer to Q2."],
           "Inside the band: neither lavish nor starved by the published benchmarks — but "
           "benchmarks differ in definition, so treat them as a range, never a target."),
        _q(w, 4, "IT spend per employee, FY2025",
           "What was Larkspur's **IT spend per employee** in FY2025? Answer in **USD** (within 1%).",
           Money("ones"), lambda: it_view("LARKSPUR").value("it_per_employee", 2025),
           'answer = view.value("it_spend", 2025) / lark.value("employees", 2025)',
           ["Headcount is in `lark.statement(\"other\")` (the line 'Employees')."],
           "Per employee is how many IT benchmarks are quoted (Gartner's all-industry figure is "
           "about $9,800 for 2020)."),
        _q(w, 5, "Margin cost of +10% IT spend",
           "If Larkspur's FY2025 IT spend had been **10% higher** (all of it opex), by how many "
           "**percentage points** would its operating margin have **fallen**? (e.g. 0.5 or "
           "\"0.5 points\"; within ±0.03)",
           Plain("points", 0.03, either_sign=True),
           lambda: -margin_effect(),
           'answer = 0.10 * view.value("it_spend", 2025) / lark.value("revenue", 2025) * 100',
           ["Extra spend = 10% of IT spend; divide it by revenue to get the share of revenue lost.",
            "Multiply a fraction by 100 to get percentage points."],
           "A third of a point sounds small — but it is about 3.5% of Larkspur's whole operating "
           "margin. That is why a budget request needs its payback."),
        _q(w, 6, "ERP project NPV at 8%",
           "Larkspur's ERP project cost the amounts tagged \"ERP\" in its IT budget for FY2023 and "
           f"FY2024 (`erp_flows` below). Suppose it saves ${ERP_SAVINGS:,} a year for "
           f"{ERP_SAVING_YEARS} years from FY2025, and money costs Larkspur {ERP_RATE:.0%} a year. "
           "What is the project's **net present value (NPV)**? Answer in **USD** (within 1%).",
           Money("ones"), lambda: erp_project().npv,
           f"answer = npv({ERP_RATE}, erp_flows)",
           ["`npv(rate, cashflows)` discounts each year's cash flow: the first one is year 0.",
            f"The rate is {ERP_RATE}."],
           "Positive: at 8%, the project earns a little more than its money costs.",
           [(lambda: sum(erp_cashflows()), "That is the undiscounted total: discount each year's flow.")]),
        _q(w, 7, "ERP payback period",
           "How many **years** (from the first payment) until the ERP project's cumulative cash turns "
           "positive, undiscounted? (e.g. 3.5; within ±0.05)",
           Plain("years", 0.05), lambda: erp_project().payback_years,
           f"answer = project(erp_flows, rate={ERP_RATE}).payback_years",
           ["`project(erp_flows, rate=...)` returns payback_years, npv, irr and roi.",
            "Or add the flows up year by year until the running total turns positive."],
           "Long for an IT project: the business waits years for its money back.",
           [(lambda: erp_project().discounted_payback_years,
             "That is the discounted payback: the question asks for the plain one.")]),
        _q(w, 8, "ERP internal rate of return",
           "What is the ERP project's **internal rate of return (IRR)**: the discount rate at which "
           "its NPV is zero? Answer as a **percent** (within ±0.1 points).",
           Percent(0.1), lambda: erp_project().irr,
           'answer, _reason = irr(erp_flows)',
           ["`irr(cashflows)` returns (rate, reason)."],
           "Barely above the 8% cost of money: if the savings come in 10% lower, the "
           "NPV turns negative. Thin margin of safety — a good discussion."),
    ]
    setup = (SETUP_COMMON + "from finlit.itspend import it_view\n"
             "from finlit.itspend.scenarios import irr, npv, project\n"
             "from finlit.workshop.exercises import erp_cashflows\n"
             'ws = start("w4")\nq1, q2, q3, q4, q5, q6, q7, q8 = ws\n\n'
             'lark = finlit.load("LARKSPUR")\n'
             "view = it_view(lark)              # the bundled IT budget, beside the statements\n"
             "erp_flows = erp_cashflows()       # FY2023 first; costs negative\nws")
    return Workshop(w, "it_spend_and_roi", "IT spend and the ROI of a project", setup, qs)


def margin_effect() -> float:
    from ..itspend import margin_sensitivity

    return margin_sensitivity(it_view("LARKSPUR"), 0.10, 2025).effect_pp


WORKSHOPS: dict[str, Workshop] = {w.key: w for w in (_w1(), _w2(), _w3(), _w4())}


def workshop(name) -> Workshop:
    """A workshop by key ("w1"), number (1), notebook name or a word of its title ("ratios")."""
    text = str(name).strip().lower()
    if text.isdigit():
        text = f"w{int(text)}"
    if text in WORKSHOPS:
        return WORKSHOPS[text]
    for w in WORKSHOPS.values():
        if text in (w.slug, w.notebook, w.notebook[:-6]) or (len(text) >= 3 and text in w.slug):
            return w
    raise InputError(f"unknown workshop {name!r}: use one of {', '.join(WORKSHOPS)}")


def get(name, number: int) -> Exercise:
    """One exercise: `get("w1", 2)` is workshop 1's Q2."""
    w = workshop(name)
    if not isinstance(number, int) or not 1 <= number <= len(w):
        raise InputError(f"{w.key} has exercises 1 to {len(w)}, not {number!r}")
    return w.questions[number - 1]


def all_exercises() -> list[Exercise]:
    return [q for w in WORKSHOPS.values() for q in w.questions]


def answer_key_markdown() -> str:
    """The answer key, computed: one table per workshop (for FACILITATOR.md)."""
    lines = ["Generated by `python scripts/build_workshop.py` from the answers finlit computes "
             "from the bundled data; do not edit by hand.", ""]
    for w in WORKSHOPS.values():
        lines += [f"### {w.key.upper()} — {w.title} (`{w.notebook}`)", "",
                  "| # | exercise | answer | accepted |", "|---|---|---|---|"]
        for q in w.questions:
            lines.append(f"| {q.number} | {q.title} | {q.expected_text()} | {q.answer_type.describe()} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["WORKSHOPS", "Workshop", "all_exercises", "answer_key_markdown", "get", "workshop"]
