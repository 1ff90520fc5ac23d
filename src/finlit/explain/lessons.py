"""The learning notebooks' calculations in words: fixed and variable costs, total cost of
ownership, a business case, cloud or on-premises, a budget change and the margin, and the
glossary as a list.

Each function returns an `Explanation` (or, for `glossary`, Markdown); the numbers come from
`finlit.itspend` (cost_behaviour, tco, scenarios, views).

>>> from finlit.itspend.tco import tco
>>> a = tco({"hardware": 1_200_000}, {"running": 60_000}, 4, name="On-premises")
>>> explain_tco(a).text.split(". ")[0]
'Over 4 years, On-premises costs $1.4 million in total'
"""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import InputError
from ..itspend.business_case import cost_and_benefit
from ..itspend.cost_behaviour import CostBehaviour
from ..itspend.tco import TCO
from ..markup import Markdown
from ..numbers import currency_prefix, is_missing, money_words, percent_words
from .explanation import Explanation
from .glossary import glossary_markdown
from .text import sentence


def _paragraph(title: str, sentences: Iterable[str], **about) -> Explanation:
    """An explanation whose text is the sentences, each capitalised and ended with a full stop."""
    return Explanation(title, " ".join(sentence(s) for s in sentences), **about)


def explain_cost_behaviour(split: CostBehaviour, sales_change: float = -0.10) -> Explanation:
    """A fixed/variable split (`finlit.itspend.cost_behaviour.cost_behaviour`) in words, with
    what a change in sales would do to profit.

    >>> import finlit
    >>> from finlit.itspend.cost_behaviour import cost_behaviour
    >>> explain_cost_behaviour(cost_behaviour(finlit.load("LARKSPUR"), 2025)).text.split(". ")[-2]
    'If sales fall by 10%, operating income would fall by about 37%, because the fixed costs stay'
    """
    cur, title = split.currency, "Fixed and variable costs"
    if split.reason:
        return Explanation(title, f"{split.reason}.", company=split.company, fiscal_year=split.fiscal_year,
                           reason=split.reason)
    after = split.operating_income_after(sales_change)
    change = after / split.operating_income - 1 if split.operating_income > 0 else float("nan")
    out = [f"In FY{split.fiscal_year}, {split.company} had {money_words(split.variable_costs, cur)} of "
           f"costs that move with sales and {money_words(split.fixed_costs, cur)} that do not.",
           f"Of every {currency_prefix(cur)}100 of sales, {currency_prefix(cur)}"
           f"{split.contribution_margin * 100:.0f} was left after the variable costs to pay the fixed ones.",
           f"Sales of {money_words(split.breakeven_revenue, cur)} would just cover all costs."]
    if not is_missing(change):
        word = "fall" if sales_change < 0 else "rise"
        moves = "fall" if change < 0 else "rise"
        out.append(f"If sales {word} by {abs(sales_change):.0%}, operating income would {moves} "
                   f"by about {abs(change):.0%}, because the fixed costs stay.")
    out.append("Why IT should care: most IT costs are fixed (staff, licences, data centres), so when "
               "sales drop they are among the first costs to be questioned; usage-based cloud "
               "costs shrink with the business.")
    return _paragraph(title, out, company=split.company, fiscal_year=split.fiscal_year,
                      value=split.contribution_margin)


def explain_tco(*options: TCO) -> Explanation:
    """The comparison in words: which option costs less over its life, and by how much.

    >>> from finlit.itspend.tco import tco
    >>> a = tco({"hardware": 1_200_000}, {"running": 60_000}, 4, name="On-premises")
    >>> b = tco({}, {"subscription": 380_000}, 4, name="Cloud")
    >>> explain_tco(a, b).text.split(". ")[1]
    'On-premises is the cheaper one, by $80,000 over 4 years'
    """
    if len(options) < 1:
        raise InputError("give at least one option")
    cur = options[0].currency
    years = max(o.years for o in options)
    out = ["Over " + str(years) + " years, " + "; ".join(
        f"{o.name} costs {money_words(o.total, cur)} in total" for o in options)]
    ranked = sorted(options, key=lambda o: o.total)
    if len(ranked) > 1:
        out.append(f"{ranked[0].name} is the cheaper one, by {money_words(ranked[1].total - ranked[0].total, cur)} "
                   f"over {years} years")
        first = {o.name: float(o.frame.loc[0].sum()) for o in options}
        if first[ranked[0].name] > min(first.values()):
            out.append(f"But it asks for more cash up front ({money_words(first[ranked[0].name], cur)}), "
                       "which weighs on free cash flow in the first year")
    out.append("Why IT should care: the price tag is only the first year; TCO counts support, "
               "power, staff time and upgrades, which is what finance will see every year")
    return _paragraph("Total cost of ownership", out)


def explain_project(result, name: str = "The project", currency: str = "USD") -> Explanation:
    """An IT project's payback, ROI, NPV and IRR (a `finlit.itspend.scenarios.project`
    result) in plain words.

    >>> from finlit.itspend.scenarios import project
    >>> e = explain_project(project([-100_000, 60_000, 60_000], rate=0.08), "The new tool")
    >>> e.text.split(". ")[0]
    'The new tool costs $100,000 and brings back $120,000'
    """
    cost, back = cost_and_benefit(result)
    out = [f"{name} costs {money_words(cost, currency)} and brings back {money_words(back, currency)}"]
    if is_missing(result.payback_years):
        out.append(f"It never pays back: {result.reasons.get('payback_years', 'the savings do not cover the cost')}")
    else:
        out.append(f"The payback is {result.payback_years:.1f} years from the first payment")
    if not is_missing(result.roi):
        out.append(f"The ROI is {result.roi:.0%}: each {currency_prefix(currency)}1 spent comes back as "
                   f"{currency_prefix(currency)}{1 + result.roi:.2f}, before counting the cost of waiting")
    verdict = ("so it earns more than money costs the company" if result.npv > 0
               else "so it earns less than money costs the company")
    out.append(f"Discounted at {result.rate:.0%} a year, the NPV is {money_words(result.npv, currency)}, {verdict}")
    if not is_missing(result.irr):
        out.append(f"The IRR is {result.irr:.1%}: the yearly return the project earns")
    else:
        out.append(f"The IRR cannot be given: {result.reasons.get('irr', 'no single rate')}")
    out.append("Why IT should care: finance compares every request with other uses of the same cash; "
               "a case with a payback, an NPV and honest assumptions competes on equal terms")
    return _paragraph("The business case", out, value=result.npv)


def project_in_context(result, company, fiscal_year: int | None = None) -> Explanation:
    """The project's size against the company: its cost as a share of a year's operating
    income and free cash flow.

    >>> import finlit
    >>> from finlit.itspend.business_case import project_cashflows
    >>> from finlit.itspend.scenarios import project
    >>> r = project(project_cashflows([2_900_000, 3_100_000], 1_600_000, 5), 0.08, 2023)
    >>> project_in_context(r, finlit.load("LARKSPUR"), 2025).text.split(" (")[0]
    'The project costs $6.0 million, about 8% of one year of operating income at Larkspur Components Inc.'
    """
    year = fiscal_year or company.years[-1]
    cur = company.currency
    cost, _ = cost_and_benefit(result)
    operating = company.get("operating_income", year)
    fcf = company.get("free_cash_flow", year)
    out = []
    if not is_missing(operating) and operating > 0:
        out.append(f"The project costs {money_words(cost, cur)}, about {cost / operating:.0%} of one year of "
                   f"operating income at {company.name} (FY{year})")
    else:
        out.append(f"The project costs {money_words(cost, cur)}; {company.name} has no operating profit "
                   f"to set it against in FY{year}")
    if not is_missing(fcf) and fcf > 0:
        out.append(f"It would use {cost / fcf:.0%} of one year's free cash flow of {money_words(fcf, cur)}")
    elif not is_missing(fcf):
        out.append("Free cash flow is negative, so the money would have to be borrowed or saved elsewhere")
    out.append("Why IT should care: the bigger the project against the company's own cash, the more "
               "proof finance will want")
    return _paragraph("The project and the company", out, company=company.name, fiscal_year=year)


def explain_cloud(scenario) -> Explanation:
    """A cloud-versus-on-premises scenario (`finlit.itspend.scenarios.cloud_vs_onprem`) in words.

    >>> from finlit.itspend.scenarios import cloud_vs_onprem
    >>> s = cloud_vs_onprem(1_200_000, 4, 380_000, 60_000, years=4)
    >>> explain_cloud(s).text.split(". ")[0]
    'Buying the hardware takes $1.3 million of cash in year 1; the cloud takes $380,000'
    """
    f, cur = scenario.frame, scenario.currency or "USD"
    i = scenario.inputs
    y1 = f.loc[1]
    out = [f"Buying the hardware takes {money_words(-y1['onprem_free_cash_flow'], cur)} of cash in year 1; "
           f"the cloud takes {money_words(-y1['cloud_free_cash_flow'], cur)}",
           f"In profit, the hardware shows up only as depreciation of "
           f"{money_words(i['hardware_cost'] / i['useful_life'], cur)} a year over {i['useful_life']} years, "
           "so EBITDA looks better on-premises, while the cloud subscription is an operating expense in full"]
    totals = scenario.total_cash
    cheaper = "on-premises" if totals["onprem"] > totals["cloud"] else "the cloud"
    diff = abs(totals["onprem"] - totals["cloud"])
    out.append(f"Over {i['years']} years {cheaper} uses {money_words(diff, cur)} less cash")
    if scenario.cash_breakeven_year:
        out.append(f"On-premises has used less cash in total from year {scenario.cash_breakeven_year}")
    out.append("Why IT should care: capex and opex land in different places; finance may prefer one "
               "for EBITDA, free cash flow or flexibility, so show all three")
    return _paragraph("Cloud or on-premises", out)


def explain_margin_effect(effect, currency: str = "USD") -> Explanation:
    """A `finlit.itspend.margin_sensitivity` result in words.

    >>> import finlit
    >>> from finlit.itspend import it_view, margin_sensitivity
    >>> e = margin_sensitivity(it_view(finlit.load("LARKSPUR")), 0.10, 2025)
    >>> explain_margin_effect(e).text.split(". ")[0]
    'Raising IT spend by 10% in FY2025 would cost about $2.8 million'
    """
    title = "A budget change and the margin"
    if effect.reason:
        return Explanation(title, sentence(f"The effect cannot be worked out: {effect.reason}"),
                           fiscal_year=effect.fiscal_year, reason=effect.reason)
    verb = "Raising" if effect.change >= 0 else "Cutting"
    out = [f"{verb} IT spend by {abs(effect.change):.0%} in FY{effect.fiscal_year} would "
           f"{'cost' if effect.change >= 0 else 'save'} about {money_words(abs(effect.change) * effect.it_spend, currency)}"]
    if not is_missing(effect.operating_margin):
        out.append(f"The operating margin would move from {percent_words(effect.operating_margin)} to "
                   f"{percent_words(effect.new_operating_margin)}: {abs(effect.effect_pp):.2f} percentage points")
    else:
        out.append(f"That moves the operating margin by {effect.effect_pp:+.2f} percentage points")
    out.append("Why IT should care: this is the number finance thinks in; say it before they do, "
               "with what the company gets for the money")
    return _paragraph(title, out, fiscal_year=effect.fiscal_year, value=effect.effect_pp)


def glossary(keys: Iterable[str] | None = None) -> Markdown:
    """Glossary entries (all, or the given terms) as a Markdown list for a notebook.

    >>> str(glossary(["TCO"])).startswith("- **TCO**: Total cost of ownership")
    True
    """
    return Markdown(glossary_markdown(keys))


__all__ = ["explain_cloud", "explain_cost_behaviour", "explain_margin_effect", "explain_project",
           "explain_tco", "glossary", "project_in_context"]
