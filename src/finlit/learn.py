"""The learning notebooks' one import (notebooks/01_…–13_…): `from finlit import learn`.

A façade: the notebooks only call finlit, and whatever a lesson computes lives in the
package, where it is tested, by job rather than by lesson:

- calculators (tables and numbers) in `finlit.itspend`: `analysis` (percent of sales, where
  sales go, profit and cash, peers), `accounting` (revenue recognition, useful lives,
  capitalised software), `cost_behaviour`, `tco`, `chargeback`, `budgets` (also plan against
  actual and a forecast), `summary` (IT ratios, benchmarks), `business_case`, `links` (how the
  three statements link, DuPont, stock-based compensation) and `leases`; the teaching figures
  in `teaching` (data/teaching/*.toml);
- charts in `finlit.charts.lessons`;
- words in `finlit.explain.lessons`, with each lesson's "try it yourself" answers (`try_it`),
  folded until the learner opens them.

This module adds what only a notebook needs: `setup()` (which also makes the notebook one
document with one glossary at its end, `glossary()`), `pick_year()`, the paths of the
bundled statement files, and a `CostBehaviour` that can `explain()` itself. Larkspur's ERP
project, every cost counted, is `larkspur_erp()` (notebooks 06 and 07, workshop W4). Every table is a
`Table`: the numbers in `.frame`, shown in a notebook as an HTML table with money in words
(`$97.0 billion`) and ratios as percents.

>>> import finlit
>>> round(float(percent_of_sales(finlit.load("AAPL")).frame.loc["Net income", "FY2023"]), 4)
0.2531
>>> cost_behaviour(finlit.load("LARKSPUR"), 2025).explain().title
'Fixed and variable costs'
>>> LARKSPUR_ERP[2024]
{'development': 3100000}
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources import files

from ._speedups import skip_slow_optional_imports
from .charts.lessons import (allocation_chart, bridge_chart, capitalisation_chart, dupont_chart, forecast_chart,
                             it_budget_chart, lease_chart, profit_vs_cash_chart, sbc_chart, tco_chart, variance_chart,
                             where_sales_go_chart)
from .display import Table
from .errors import InputError
from .explain import Explanation
from .explain.glossary import start_document
from .explain.lessons import (TryIt, explain_bridge, explain_capitalisation, explain_cloud, explain_cost_behaviour,
                              explain_day_of_sales, explain_dupont, explain_forecast, explain_leases,
                              explain_margin_effect, explain_project, explain_sbc, explain_tco, explain_variance,
                              glossary, project_in_context, try_it)
from .itspend import cost_behaviour as costs
from .itspend.accounting import capitalise_software, revenue_recognition, useful_life_effect
from .itspend.analysis import day_of_sales, peer_ratios, percent_of_sales, profit_and_cash, where_sales_go
from .itspend.budgets import (Forecast, budget_of, capex_opex_table, forecast, larkspur_forecast, larkspur_months,
                              larkspur_plan, variance_table)
from .itspend.business_case import (ProjectCase, break_even_table, larkspur_erp, npv_by_rate, project_cashflows,
                                     project_sensitivity, project_table, scenario_table)
from .itspend.chargeback import allocate_it_costs, it_costs_by_category
from .itspend.cost_behaviour import it_fixed_variable
from .itspend.leases import (cloud_commitment, larkspur_cloud_commitment, larkspur_leases, lease_comparison,
                             lease_schedule, present_value)
from .itspend.links import (Bridge, cash_roll_forward, dupont, dupont_compare, equity_roll_forward,
                            operating_cash_bridge, ppe_roll_forward, retained_earnings_bridge, sbc_table)
from .itspend.summary import it_benchmarks, it_summary
from .itspend.tco import TCO, tco, tco_table
from .itspend.teaching import IT_COST_BEHAVIOUR, LARKSPUR_DRIVERS, LARKSPUR_ERP
from .markup import Markdown
from .numbers import cell

# --- notebook set-up --------------------------------------------------------------------------

def setup() -> None:
    """Prepare a notebook: plotly charts as the plotly mimetype (JupyterLab shows them, and
    the saved notebook stays small; FINLIT_PLOTLY_RENDERER overrides the renderer), and the
    notebook as one document for the glossary: explanations show their terms with a tooltip
    but no definitions, and `glossary()` at the end lists every term they used, once."""
    skip_slow_optional_imports()
    start_document()
    import plotly.io as pio

    pio.renderers.default = os.environ.get("FINLIT_PLOTLY_RENDERER", "plotly_mimetype")


def pick_year(company, fiscal_year: int = 0) -> int:
    """The fiscal year a lesson looks at: `fiscal_year`, or the latest when it is 0.

    >>> import finlit
    >>> pick_year(finlit.load("AAPL")), pick_year(finlit.load("AAPL"), 2023)
    (2025, 2023)
    """
    years = company.years
    if not years:
        raise InputError(f"{company.name} has no fiscal years in its data")
    if not fiscal_year:
        return years[-1]
    if int(fiscal_year) not in years:
        raise InputError(f"{company.name} has no FY{fiscal_year}: choose one of "
                         f"{', '.join(str(y) for y in years)}")
    return int(fiscal_year)


def example_statements() -> str:
    """Path of the filled example statements file shipped with finlit (a fictional logistics
    company, Northwind Freight): what notebook 08 loads when you give no file of your own.

    >>> example_statements().endswith("example_company.csv")
    True
    """
    return str(files("finlit.data") / "templates" / "example_company.csv")


def statements_template() -> str:
    """Path of the empty statements template (copy it and fill in your own numbers).

    >>> statements_template().endswith("statements_template.csv")
    True
    """
    return str(files("finlit.data") / "templates" / "statements_template.csv")


def format_cell(value, unit: str, currency: str = "USD") -> str:
    """One number for a person in a teaching table (`finlit.numbers.cell`, money in words).

    >>> format_cell(96995e6, "money"), format_cell(0.2531, "percent"), format_cell(1.5, "times")
    ('$97.0 billion', '25.3%', '1.50×')
    >>> format_cell(float("nan"), "money"), format_cell(-0.31, "points"), format_cell(2023, "year")
    ('—', '-0.31 pts', '2023')
    """
    return cell(value, unit, money="words", currency=currency)


# --- fixed versus variable costs, with the words ------------------------------------------------

class CostBehaviour(costs.CostBehaviour):
    """`finlit.itspend.cost_behaviour.CostBehaviour` that says itself in words: `explain()`."""

    def explain(self, sales_change: float = -0.10) -> Explanation:
        """The split in words, with what a change in sales would do to profit
        (`finlit.explain.lessons.explain_cost_behaviour`)."""
        return explain_cost_behaviour(self, sales_change)


def cost_behaviour(company, fiscal_year: int | None = None,
                   variable_items: Iterable[str] = ("cost_of_revenue",)) -> CostBehaviour:
    """The year's costs split into variable and fixed (`finlit.itspend.cost_behaviour.cost_behaviour`:
    cost of sales taken as the variable part), as a `CostBehaviour` that can `explain()` itself.

    >>> import finlit
    >>> cb = cost_behaviour(finlit.load("LARKSPUR"), 2025)
    >>> isinstance(cb, costs.CostBehaviour), cb.explain().value == cb.contribution_margin
    (True, True)
    """
    return CostBehaviour(**vars(costs.cost_behaviour(company, fiscal_year, variable_items)))


__all__ = [
    "Bridge",
    "CostBehaviour",
    "Forecast",
    "IT_COST_BEHAVIOUR",
    "LARKSPUR_DRIVERS",
    "LARKSPUR_ERP",
    "Markdown",
    "ProjectCase",
    "TCO",
    "Table",
    "TryIt",
    "allocate_it_costs",
    "allocation_chart",
    "break_even_table",
    "bridge_chart",
    "budget_of",
    "capex_opex_table",
    "capitalisation_chart",
    "capitalise_software",
    "cash_roll_forward",
    "cloud_commitment",
    "cost_behaviour",
    "day_of_sales",
    "dupont",
    "dupont_chart",
    "dupont_compare",
    "equity_roll_forward",
    "example_statements",
    "explain_bridge",
    "explain_capitalisation",
    "explain_cloud",
    "explain_day_of_sales",
    "explain_dupont",
    "explain_forecast",
    "explain_leases",
    "explain_margin_effect",
    "explain_project",
    "explain_sbc",
    "explain_tco",
    "explain_variance",
    "forecast",
    "forecast_chart",
    "format_cell",
    "glossary",
    "it_benchmarks",
    "it_budget_chart",
    "it_costs_by_category",
    "it_fixed_variable",
    "it_summary",
    "larkspur_cloud_commitment",
    "larkspur_erp",
    "larkspur_forecast",
    "larkspur_leases",
    "larkspur_months",
    "larkspur_plan",
    "lease_chart",
    "lease_comparison",
    "lease_schedule",
    "npv_by_rate",
    "operating_cash_bridge",
    "peer_ratios",
    "percent_of_sales",
    "pick_year",
    "ppe_roll_forward",
    "present_value",
    "profit_and_cash",
    "profit_vs_cash_chart",
    "project_cashflows",
    "project_in_context",
    "project_sensitivity",
    "project_table",
    "retained_earnings_bridge",
    "revenue_recognition",
    "sbc_chart",
    "sbc_table",
    "scenario_table",
    "setup",
    "statements_template",
    "tco",
    "tco_chart",
    "tco_table",
    "try_it",
    "useful_life_effect",
    "variance_chart",
    "variance_table",
    "where_sales_go",
    "where_sales_go_chart",
]
