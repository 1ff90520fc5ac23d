"""The learning notebooks' calculations in words: fixed and variable costs, total cost of
ownership, a business case, cloud or on-premises, a budget change and the margin, a day of
DSO, capitalising a project, and the notebook's one glossary section.

Each function returns an `Explanation` (or, for `glossary`, a `GlossarySection`); the numbers come from
`finlit.itspend` (cost_behaviour, tco, scenarios, views).

>>> from finlit.itspend.tco import tco
>>> a = tco({"hardware": 1_200_000}, {"running": 60_000}, 4, name="On-premises")
>>> explain_tco(a).text.split(". ")[0]
'Over 4 years, On-premises costs $1.4 million in total'
"""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import InputError
from ..itspend.accounting import CAPITALISATION_CHANGE, STAGES
from ..itspend.analysis import day_of_sales
from ..itspend.business_case import cost_and_benefit
from ..itspend.cost_behaviour import CostBehaviour
from ..itspend.tco import TCO
from ..numbers import currency_prefix, is_missing, money_words, percent_words
from .explanation import Explanation
from .glossary import GlossarySection, active_document, with_definitions_used
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


def _break_even_sentence(result, currency: str) -> str | None:
    """For a project that does not pay at its rate: how much larger the benefits would have
    to be (all of them, in the same years) for the NPV to reach zero."""
    f = result.frame
    if "benefit" not in f or result.npv >= 0:
        return None
    t = range(len(f))
    benefits_pv = sum(b / (1 + result.rate) ** i for i, b in zip(t, f["benefit"]))
    if benefits_pv <= 0:
        return None
    needed = -result.npv / benefits_pv
    return (f"To break even at {result.rate:.0%}, the benefits would have to be {needed:.0%} larger "
            f"(or the costs smaller, or the savings last longer): ask which of these is realistic")


def explain_project(result, name: str = "The project", currency: str = "USD") -> Explanation:
    """An IT project's payback, ROI, NPV and IRR (a `finlit.itspend.scenarios.project`
    result) in plain words; when the NPV is negative, what would have to change.

    >>> from finlit.itspend.scenarios import project
    >>> e = explain_project(project([-100_000, 60_000, 60_000], rate=0.08), "The new tool")
    >>> e.text.split(". ")[0]
    'The new tool costs $100,000 and brings back $120,000'
    >>> from finlit.itspend.business_case import larkspur_erp
    >>> e = explain_project(larkspur_erp().project(), "The ERP project")
    >>> print(e.text.split(". ")[0]); print(e.text.split(". ")[-2])
    The ERP project costs $7.2 million and brings back $8.0 million
    To break even at 8%, the benefits would have to be 16% larger (or the costs smaller, or the savings last longer): ask which of these is realistic
    """
    cost, back = cost_and_benefit(result)
    out = [f"{name} costs {money_words(cost, currency)} and brings back {money_words(back, currency)}"]
    if is_missing(result.payback_years):
        out.append(f"It never pays back: {result.reasons.get('payback_years', 'the savings do not cover the cost')}")
    else:
        out.append(f"The payback is {result.payback_years:.1f} years from the first payment")
        if is_missing(result.discounted_payback_years):
            out.append("Once later money is discounted, it never pays back within the years counted")
    if not is_missing(result.roi):
        out.append(f"The ROI is {result.roi:.0%}: each {currency_prefix(currency)}1 spent comes back as "
                   f"{currency_prefix(currency)}{1 + result.roi:.2f}, before counting the cost of waiting")
    verdict = ("so it earns more than money costs the company" if result.npv > 0
               else "so it earns less than money costs the company: at this rate it destroys value")
    out.append(f"Discounted at {result.rate:.0%} a year, the NPV is {money_words(result.npv, currency)}, {verdict}")
    if not is_missing(result.irr):
        out.append(f"The IRR is {result.irr:.1%}: the yearly return the project earns")
    else:
        out.append(f"The IRR cannot be given: {result.reasons.get('irr', 'no single rate')}")
    change = _break_even_sentence(result, currency)
    if change:
        out.append(change)
    out.append("Why IT should care: finance compares every request with other uses of the same cash; "
               "a case with a payback, an NPV and honest assumptions competes on equal terms")
    return _paragraph("The business case", out, value=result.npv)


def project_in_context(result, company, fiscal_year: int | None = None) -> Explanation:
    """The project's size against the company: its cost as a share of a year's operating
    income and free cash flow.

    >>> import finlit
    >>> from finlit.itspend.business_case import larkspur_erp
    >>> r = larkspur_erp().project()
    >>> project_in_context(r, finlit.load("LARKSPUR"), 2025).text.split(" (")[0]
    'The project costs $7.2 million, about 9% of one year of operating income at Larkspur Components Inc.'
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


def explain_day_of_sales(company, fiscal_year: int | None = None, interest_rate: float = 0.05) -> Explanation:
    """What one day less of DSO is worth at this company: the cash it releases once, and
    the interest that cash saves every year after (`finlit.itspend.analysis.day_of_sales`;
    the rate is an assumption, said in the text).

    >>> import finlit
    >>> e = explain_day_of_sales(finlit.load("LARKSPUR"), 2025, 0.06)
    >>> print(e.text)   # doctest: +NORMALIZE_WHITESPACE
    In FY2025, Larkspur Components Inc. sold $2.4 million a day. If customers paid one day
    sooner, $2.4 million of cash would come in once, and stay in. That is not a gain every
    year: the yearly gain is what that cash saves. If money costs 6% a year (an assumption),
    that is about $146,181 a year in interest saved or earned. Why IT should care: faster
    invoicing and fewer billing errors cut DSO; count the cash once and the interest every
    year, and the case is one finance can trust.
    """
    year = fiscal_year or company.years[-1]
    cur, title = company.currency, "A day of DSO"
    revenue = company.get("revenue", year)
    if is_missing(revenue) or revenue <= 0:
        why = f"{company.name} has no revenue for FY{year}"
        return Explanation(title, sentence(why), company=company.name, fiscal_year=year, reason=why)
    v = day_of_sales(revenue, interest_rate)
    out = [f"In FY{year}, {company.name} sold {money_words(v['cash_released_once'], cur)} a day",
           f"If customers paid one day sooner, {money_words(v['cash_released_once'], cur)} of cash "
           "would come in once, and stay in",
           "That is not a gain every year: the yearly gain is what that cash saves",
           f"If money costs {interest_rate:.0%} a year (an assumption), that is about "
           f"{money_words(v['yearly_saving'], cur)} a year in interest saved or earned",
           "Why IT should care: faster invoicing and fewer billing errors cut DSO; count the cash "
           "once and the interest every year, and the case is one finance can trust"]
    return _paragraph(title, out, company=company.name, fiscal_year=year, value=v["cash_released_once"])


def explain_capitalisation(case) -> Explanation:
    """A project's costs under the capitalisation rules (a `ProjectCase`, such as
    `finlit.itspend.business_case.larkspur_erp()`), in words, with the rule change that
    ASU 2025-06 brings (`finlit.itspend.accounting.CAPITALISATION_CHANGE`; the table of
    `capitalise_software` states the new rule in full in its notes).

    >>> from finlit.itspend.business_case import larkspur_erp
    >>> e = explain_capitalisation(larkspur_erp())
    >>> e.text.split(". ")[0]
    "Of the $7.2 million that Larkspur's ERP project costs, $6.2 million of development work is capitalised"
    >>> "ASU 2025-06" in e.text and "15 December 2027" in e.text
    True
    """
    cur = case.currency
    spent = {s: sum(float(c.get(s, 0)) for c in case.costs.values()) for s in STAGES}
    expensed = spent["preliminary"] + spent["post_implementation"]
    out = [f"Of the {money_words(case.total_cost, cur)} that {case.name} costs, "
           f"{money_words(spent['development'], cur)} of development work is capitalised",
           f"It reaches profit as {money_words(spent['development'] / case.useful_life, cur)} of amortisation "
           f"a year for {case.useful_life} years from FY{case.go_live}",
           f"The other {money_words(expensed, cur)} (choosing the system before, training and clean-up "
           "after) counts as a cost of the year it is paid",
           "The cash is the same either way: only the year profit sees it changes",
           CAPITALISATION_CHANGE]
    return _paragraph("Capitalising the project", out, value=spent["development"])


def glossary(keys: Iterable[str] | None = None, also: Iterable[str] = ()) -> GlossarySection:
    """A glossary section for a notebook, each term once, in alphabetical order: the given
    terms; or, with no terms given, every term the notebook's explanations have used so far
    (in a notebook begun with `finlit.learn.setup()`) plus the terms in `also` (words the
    notebook's own text uses) and those their definitions use, or the whole glossary outside
    such a notebook.

    >>> str(glossary(["TCO"])).startswith("- **TCO**: Total cost of ownership")
    True
    >>> from finlit.explain.glossary import start_document, end_document
    >>> doc = start_document(); _ = doc.add(["revenue"])
    >>> glossary(also=["TCO"]).keys
    ['revenue', 'TCO']
    >>> end_document()
    """
    if keys is None:
        document = active_document()
        if document is not None and (document.terms or also):
            return GlossarySection([*document.terms, *with_definitions_used("", also)])
    return GlossarySection(keys)


__all__ = ["explain_capitalisation", "explain_cloud", "explain_cost_behaviour", "explain_day_of_sales",
           "explain_margin_effect", "explain_project", "explain_tco", "glossary", "project_in_context"]
