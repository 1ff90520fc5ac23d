"""Readable tables for the workshop notebooks: money in USD millions with separators,
percents with a % sign, plain-English row labels (no snake_case, no scientific notation).

>>> import pandas as pd
>>> t = readable(pd.DataFrame({2025: [742_120_000.0, 0.0313, 1_480.0]},
...                           index=["revenue", "it_pct_revenue", "employees"]))
>>> t.loc["Revenue (USD millions)", "FY2025"], t.loc["IT spend (% of revenue)", "FY2025"], t.loc["Employees", "FY2025"]
('742.1', '3.13%', '1,480')
"""
from __future__ import annotations

# row key -> (label a student reads, format)
ROWS = {
    "revenue": ("Revenue (USD millions)", "millions"),
    "it_opex": ("IT operating spend, opex (USD millions)", "millions"),
    "it_capex": ("IT capital spend, capex (USD millions)", "millions"),
    "it_spend": ("IT spend, opex + capex (USD millions)", "millions"),
    "it_pct_revenue": ("IT spend (% of revenue)", "percent"),
    "employees": ("Employees", "count"),
    "net_income": ("Net income (USD millions)", "millions"),
    "depreciation_amortization": ("Depreciation and amortization (USD millions)", "millions"),
    "operating_cash_flow": ("Cash from operations (USD millions)", "millions"),
}


def _cell(value, kind: str) -> str:
    if value is None or value != value:
        return "—"
    if kind == "millions":
        return f"{value / 1e6:,.1f}"
    if kind == "percent":
        return f"{value * 100:.2f}%"
    return f"{value:,.0f}"


def readable(frame, rows=None):
    """`frame` (one row per metric key, one column per fiscal year) as text a student reads:
    only `rows` (default: every row known to ROWS), labelled in words, formatted."""
    import pandas as pd

    keys = [k for k in (rows or ROWS) if k in frame.index]
    out = pd.DataFrame({f"FY{int(year)}": [_cell(frame.loc[k, year], ROWS[k][1]) for k in keys]
                        for year in frame.columns}, index=[ROWS[k][0] for k in keys])
    out.index.name = ""
    return out


def it_table(view, company):
    """Larkspur's IT budget beside its revenue and headcount: the inputs of W4's questions
    (not the ratios the questions ask for)."""
    import pandas as pd

    years = list(view.values.index)
    frame = pd.DataFrame({y: {"revenue": company.value("revenue", y), "it_opex": view.value("it_opex", y),
                              "it_capex": view.value("it_capex", y), "it_spend": view.value("it_spend", y),
                              "employees": company.value("employees", y)} for y in years})
    return readable(frame, ["revenue", "it_opex", "it_capex", "it_spend", "employees"])


__all__ = ["ROWS", "it_table", "readable"]


SCENARIO_LABELS = {"ebitda": "EBITDA", "depreciation": "Depreciation",
                   "operating_income": "Operating income", "free_cash_flow": "Free cash flow",
                   "cumulative_cash": "Cumulative cash"}


def readable_scenario(frame):
    """A cloud-versus-on-premises frame (`finlit.itspend.scenarios.cloud_vs_onprem`) as a
    student reads it: one row per option and measure in words, USD with separators."""
    import pandas as pd

    rows = {}
    for column in frame.columns:
        option, _, measure = column.partition("_")
        label = f"{'On-premises' if option == 'onprem' else 'Cloud'}: {SCENARIO_LABELS.get(measure, measure)} (USD)"
        rows[label] = [f"{v:,.0f}" for v in frame[column]]
    return pd.DataFrame(rows, index=[f"Year {y}" for y in frame.index]).T


__all__ += ["readable_scenario"]


def profit_and_cash(company):
    """Net income beside cash from operations, year by year, and the depreciation that
    separates them: the inputs of W3's cash-conversion question, where a student reads them.

    >>> from finlit.workshop.exercises import company
    >>> profit_and_cash(company("LARKSPUR")).loc["Net income (USD millions)", "FY2025"]
    '53.3'
    """
    import pandas as pd

    keys = ["net_income", "depreciation_amortization", "operating_cash_flow"]
    frame = pd.DataFrame({y: {k: company.value(k, y) for k in keys} for y in company.years})
    return readable(frame, keys)


# the columns of an IT budget's totals (`finlit.itbudget.totals`), as a student reads them
BUDGET_LABELS = {"it_spend": "IT spend, opex + capex", "it_opex": "IT operating spend (opex)",
                 "it_capex": "IT capital spend (capex)", "staff": "Staff", "software": "Software",
                 "cloud": "Cloud", "hardware": "Hardware", "network": "Network", "services": "Services"}


def readable_budget(totals):
    """An IT budget's totals (one row per fiscal year, one column per kind or category) as a
    student reads them: one row per measure in words, one column per year, USD with separators.

    >>> import pandas as pd
    >>> t = readable_budget(pd.DataFrame({"it_spend": [3345000.0], "hardware": [240000.0]},
    ...                                  index=pd.Index([2025], name="fiscal_year")))
    >>> t.loc["Hardware (USD)", "FY2025"], list(t.index)
    ('240,000', ['IT spend, opex + capex (USD)', 'Hardware (USD)'])
    """
    import pandas as pd

    rows = {f"{BUDGET_LABELS.get(c, str(c).replace('_', ' ').capitalize())} (USD)":
            [_cell(v, "count") for v in totals[c]] for c in totals.columns}
    out = pd.DataFrame(rows, index=[f"FY{int(y)}" for y in totals.index]).T
    out.index.name = ""
    return out


__all__ += ["BUDGET_LABELS", "profit_and_cash", "readable_budget"]
