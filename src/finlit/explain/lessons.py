"""The learning notebooks' calculations in words: fixed and variable costs, total cost of
ownership, a business case, cloud or on-premises, a budget change and the margin, a day of
DSO, capitalising a project; how the statements link, DuPont, stock-based compensation, leases
and a cloud commitment, an IT budget against plan and its forecast; the answers to each
lesson's "try it yourself" (`try_it`, shown folded until the learner opens them); and the
notebook's one glossary section.

Each function returns an `Explanation` (or, for `glossary`, a `GlossarySection`); the numbers come from
`finlit.itspend` (cost_behaviour, tco, scenarios, views).

>>> from finlit.itspend.tco import tco
>>> a = tco({"hardware": 1_200_000}, {"running": 60_000}, 4, name="On-premises")
>>> explain_tco(a).text.split(". ")[0]
'Over 4 years, On-premises costs $1.4 million in total'
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import InputError
from ..itspend.accounting import CAPITALISATION_CHANGE, STAGES
from ..itspend.analysis import day_of_sales
from ..itspend.budgets import (FAVOURABLE, UNFAVOURABLE, Forecast, larkspur_forecast, larkspur_plan,
                               variance_table)
from ..itspend.business_case import cost_and_benefit
from ..itspend.cost_behaviour import CostBehaviour
from ..itspend.leases import (CloudCommitment, LeaseSchedule, larkspur_cloud_commitment, larkspur_leases,
                              lease_schedule, present_value)
from ..itspend.links import (OTHER_CAUSES, Bridge, cash_roll_forward, dupont, operating_cash_bridge,
                             ppe_roll_forward)
from ..itspend.tco import TCO
from ..markup import inline_markdown_html, no_math_html
from ..numbers import currency_prefix, is_missing, money_words, percent_words
from ..sources import load
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


# --- the three statements linked (notebook 09) -------------------------------------------------------

_BALANCE_WORDS = {"retained_earnings": "retained earnings", "equity": "shareholders' equity",
                  "cash": "cash", "ppe": "property and equipment"}
_WHY_LINKS = {
    "retained_earnings": "Why IT should care: profit that is not paid out stays in the company, and that is "
                         "what funds next year's projects",
    "equity": "Why IT should care: when buybacks shrink equity, ratios built on equity (such as return on "
              "equity) swell; read them with care",
    "cash": "Why IT should care: the cash-flow statement is a full account of the cash; if it does not add "
            "up, ask why before you trust a number",
    "ppe": "Why IT should care: servers and data centres are in this line. When capex is above "
           "depreciation, the company is still building",
    "operating_cash": "Why IT should care: costs paid in shares do not use cash, but they are real costs "
                      "to the owners",
}


def explain_bridge(bridge: Bridge) -> Explanation:
    """A roll-forward (`finlit.itspend.links`) in words: where the balance started and ended,
    what the reported lines explain, and what is left over, named rather than hidden.

    >>> import finlit
    >>> from finlit.itspend.links import cash_roll_forward, retained_earnings_bridge
    >>> print(explain_bridge(cash_roll_forward(finlit.load("AAPL"), 2025)).text.split(". ")[4])
    Together they explain the whole change: the statements link
    >>> e = explain_bridge(retained_earnings_bridge(finlit.load("LARKSPUR"), 2025))
    >>> "treasury stock" in e.text
    True
    """
    cur, year = bridge.currency, bridge.fiscal_year
    if bridge.kind == "operating_cash":
        result = (f"a net loss of {money_words(-bridge.start, cur)}" if bridge.start < 0
                  else f"a net income of {money_words(bridge.start, cur)}")
        out = [f"In FY{year}, {bridge.company} had {result} and {money_words(bridge.end, cur)} of cash from "
               "operations"]
    else:
        thing = _BALANCE_WORDS.get(bridge.kind, "the balance")
        out = [f"In FY{year}, {bridge.company}'s {thing} went from {money_words(bridge.start, cur)} "
               f"to {money_words(bridge.end, cur)}"]
    out += [f"{label} {'added' if v >= 0 else 'took away'} {money_words(abs(v), cur)}"
            for label, v in bridge.steps.items() if v]
    buybacks = -bridge.steps.get("share buybacks", 0.0)
    if bridge.ties:
        out.append("Together they explain the whole change: the statements link")
    elif bridge.kind == "retained_earnings" and buybacks and abs(bridge.difference - buybacks) < 0.05 * buybacks:
        out.append(f"That leaves {money_words(bridge.difference, cur)}, about the buybacks")
        out.append("This company keeps the shares it buys back in a separate line (treasury stock), not in "
                   "retained earnings")
    else:
        out.append(f"That leaves {money_words(bridge.difference, cur)} that these lines do not explain")
        if bridge.kind in OTHER_CAUSES:
            out.append(f"It is usually {OTHER_CAUSES[bridge.kind]}")
    if bridge.assumed_zero:
        out.append(f"Not in the data, so counted as nothing: {', '.join(s.lower() for s in bridge.assumed_zero)}")
    if bridge.kind in _WHY_LINKS:
        out.append(_WHY_LINKS[bridge.kind])
    return _paragraph(bridge.title, out, company=bridge.company, fiscal_year=year, value=bridge.difference)


# --- DuPont (notebook 10) ---------------------------------------------------------------------------

def explain_dupont(company, fiscal_year: int | None = None) -> Explanation:
    """Return on equity taken apart (`finlit.itspend.links.dupont`), and whether a high ROE
    comes from the business or from a small base of equity.

    >>> import finlit
    >>> print(explain_dupont(finlit.load("AAPL"), 2025).text.split(". ")[1])
    That is a net margin of 26.9%, times an asset turnover of 1.16, times an equity multiplier of 4.87
    """
    year = fiscal_year or company.years[-1]
    title = "Return on equity, taken apart"
    row = dupont(company).frame.loc[f"FY{year}"]
    roe, nm, at, em = (row["ROE (finlit's ratio table)"], row["net margin"], row["asset turnover"],
                       row["equity multiplier"])
    if is_missing(em):
        why = (f"In FY{year}, {company.name}'s equity is zero or below, so return on equity means nothing. "
               "Look at return on assets and at cash instead")
        return Explanation(title, sentence(why), company=company.name, fiscal_year=year, reason=why)
    roa = nm * at
    out = [f"In FY{year}, {company.name}'s return on equity was {percent_words(roe)}",
           f"That is a net margin of {percent_words(nm)}, times an asset turnover of {at:.2f}, times an "
           f"equity multiplier of {em:.2f}",
           f"Without the multiplier, the return on all its assets was {percent_words(roa)}"]
    if roe < 0:
        out.append("A loss makes the return negative, and the multiplier makes it more so")
    elif em >= 3:
        out.append(f"Each dollar of equity carries {currency_prefix(company.currency)}{em:.2f} of assets: the "
                   "rest is paid for by lenders, suppliers and customers")
        out.append("Equity is small because the company has paid much of it back to owners, through "
                   "buybacks and dividends, or because it borrows a lot")
        out.append("So a high return on equity here says as much about a small base as about a strong business")
    else:
        out.append("The multiplier is modest, so the return comes mostly from margins and the use of assets")
    out.append("Why IT should care: judge a company's returns by return on assets and cash too, not by "
               "return on equity alone")
    return _paragraph(title, out, company=company.name, fiscal_year=year, value=roe)


# --- stock-based compensation (notebook 11) -------------------------------------------------------

def explain_sbc(company, fiscal_year: int | None = None) -> Explanation:
    """Why a company can make a loss and still bring in cash: stock-based compensation and
    the other costs that use no cash (`finlit.itspend.links.operating_cash_bridge`).

    >>> import finlit
    >>> print(explain_sbc(finlit.load("SNOW"), 2025).text.split(" It paid")[0])
    In FY2025, Snowflake Inc. lost $1.3 billion, yet brought in $960 million of cash from its operations.
    """
    bridge = operating_cash_bridge(company, fiscal_year)
    cur, year = company.currency, bridge.fiscal_year
    sbc = bridge.steps.get("stock-based compensation", 0.0)
    da = bridge.steps.get("depreciation and amortization", 0.0)
    ni, ocf = bridge.start, bridge.end
    if ni < 0 <= ocf:
        out = [f"In FY{year}, {company.name} lost {money_words(-ni, cur)}, yet brought in "
               f"{money_words(ocf, cur)} of cash from its operations"]
    else:
        out = [f"In FY{year}, {company.name} had a net income of {money_words(ni, cur)} and "
               f"{money_words(ocf, cur)} of cash from operations"]
    if sbc:
        out.append(f"It paid its staff {money_words(sbc, cur)} in shares: stock-based compensation")
        out.append("That is a real cost, so it is in the profit and loss, but no cash left the company")
    if da:
        out.append(f"Depreciation and amortization ({money_words(da, cur)}) use no cash either: the cash "
                   "left when the assets were bought")
    d = bridge.difference
    out.append(f"Other items {'added' if d >= 0 else 'took away'} {money_words(abs(d), cur)}, mostly "
               f"{OTHER_CAUSES['operating_cash']}")
    buybacks = company.get("share_repurchases", year)
    if sbc:
        out.append("The owners still pay for the shares: each new share makes theirs a smaller slice")
        if not is_missing(buybacks) and buybacks > 0:
            out.append(f"This year the company spent {money_words(buybacks, cur)} of cash buying shares back, "
                       "which soaks up new shares")
        fcf = ocf - company.get("capital_expenditure", year, 0.0)
        out.append(f"Free cash flow was {money_words(fcf, cur)}; had staff been paid in cash, it would have "
                   f"been about {money_words(fcf - sbc, cur)}")
    out.append(_WHY_LINKS["operating_cash"])
    return _paragraph("A loss, and cash coming in", out, company=company.name, fiscal_year=year, value=sbc)


# --- leases and a cloud commitment (notebook 12) --------------------------------------------------

def explain_leases(*schedules: LeaseSchedule, commitment: CloudCommitment | None = None) -> Explanation:
    """Leases (`finlit.itspend.leases`) in words: what each puts on the balance sheet and in
    profit, and why a cloud commitment is different.

    >>> from finlit.itspend.leases import larkspur_leases, larkspur_cloud_commitment
    >>> e = explain_leases(*larkspur_leases(), commitment=larkspur_cloud_commitment())
    >>> print(e.text.split(". ")[0])
    On day one, the distribution warehouse lease puts $6.3 million on the balance sheet twice: as a right-of-use asset and as a lease liability
    """
    out = []
    for s in schedules:
        cur = s.currency
        out.append(f"On day one, the {s.name.lower()} lease puts {money_words(s.liability, cur)} on the balance "
                   "sheet twice: as a right-of-use asset and as a lease liability")
        if s.kind == "operating":
            out.append(f"It is an operating lease, so profit sees one even cost: {money_words(s.payment, cur)} "
                       "a year")
        else:
            first, last = s.frame["lease cost"].iloc[0], s.frame["lease cost"].iloc[-1]
            out.append(f"It is a finance lease, so profit sees interest plus amortisation: "
                       f"{money_words(first, cur)} in year 1, falling to {money_words(last, cur)} in year {s.years}")
    if schedules:
        out.append("Either way, the cash is the same: the payments")
    if commitment is not None:
        cur = commitment.currency
        out.append(f"The {commitment.name.lower()} promises {money_words(commitment.total_commitment, cur)} over "
                   f"{commitment.years} years, but it is not a lease: nothing goes on the balance sheet")
        short = float(commitment.frame["shortfall"].sum())
        if short:
            out.append(f"If use falls short, the gap is paid anyway: {money_words(short, cur)} here")
        out.append(f"Against paying as you go, it saves about {money_words(commitment.saving, cur)}, "
                   "if the expected use comes true")
    out.append("Why IT should care: finance counts a long contract as a debt-like promise; a lease adds "
               "debt to the balance sheet, and a cloud commitment shows in the notes")
    return _paragraph("Leases and commitments", out)


# --- an IT budget against plan, and a forecast (notebook 13) ------------------------------------------

def _budget_money(value: float, currency: str = "USD") -> str:
    """Budget money to the hundred thousand, where money in words would round 27.5 and 27.9
    million alike: '$27.5 million', '$600,000'.

    >>> _budget_money(27.87e6), _budget_money(600_000)
    ('$27.9 million', '$600,000')
    """
    if abs(value) >= 1e6:
        return f"{'-' if value < 0 else ''}{currency_prefix(currency)}{abs(value) / 1e6:,.1f} million"
    return money_words(value, currency)


def explain_variance(table) -> Explanation:
    """A plan-against-actual table (`finlit.itspend.budgets.variance_table`) in words: the
    total, the biggest overrun and the biggest saving.

    >>> from finlit.itspend.budgets import larkspur_plan, variance_table
    >>> print(explain_variance(variance_table(larkspur_plan(), "LARKSPUR", 2025)).text.split(". ")[0])
    The plan was $27.5 million and the actual was $27.9 million: $370,000 over, an unfavourable variance of 1.3%
    """
    f = table.frame
    cur = table.currency
    total = f.loc["total"]
    over = "over" if total["variance"] > 0 else "under"
    out = [f"The plan was {_budget_money(total['plan'], cur)} and the actual was "
           f"{_budget_money(total['actual'], cur)}: "
           f"{_budget_money(abs(total['variance']), cur)} {over}, a{'n' if total['verdict'] == UNFAVOURABLE else ''} "
           f"{total['verdict']} variance of {percent_words(abs(total['variance % of plan']))}"]
    parts = f.drop(index="total")
    worst, best = parts["variance"].idxmax(), parts["variance"].idxmin()
    if parts.loc[worst, "verdict"] == UNFAVOURABLE:
        out.append(f"The biggest overrun was {worst}: {_budget_money(parts.loc[worst, 'variance'], cur)} over plan")
    if parts.loc[best, "verdict"] == FAVOURABLE:
        out.append(f"The biggest saving was {best}: {_budget_money(-parts.loc[best, 'variance'], cur)} under plan")
    out.append("A saving is not always good news: a project may just be late")
    out.append("Why IT should care: explain each variance before finance asks, with its cause and whether "
               "it will repeat")
    return _paragraph("Plan against actual", out, value=float(total["variance"]))


def explain_forecast(forecast: Forecast) -> Explanation:
    """A forecast (`finlit.itspend.budgets.forecast`) in words: the two methods and why they
    differ.

    >>> from finlit.itspend.budgets import larkspur_forecast
    >>> print(explain_forecast(larkspur_forecast()).text.split(". ")[1])
    The run rate (the average month times 12) says $28.4 million: $600,000 under the plan of $29.0 million
    """
    cur, n = forecast.currency, len(forecast.months)
    def against(value):
        d = value - forecast.plan
        side = "over" if d > 0 else "under"
        return f"{_budget_money(abs(d), cur)} {side} the plan of {_budget_money(forecast.plan, cur)}"
    out = [f"After {n} months of FY{forecast.fiscal_year}, IT has spent {_budget_money(forecast.to_date, cur)}",
           f"The run rate (the average month times 12) says {_budget_money(forecast.run_rate, cur)}: "
           f"{against(forecast.run_rate)}",
           f"But last year, the same months held only {percent_words(forecast.last_year_share)} of the spend, "
           f"not {percent_words(n / 12)}",
           f"Scaled by last year's pattern, the year ends near {_budget_money(forecast.seasonal, cur)}: "
           f"{against(forecast.seasonal)}",
           "When spend is heavier late in the year, the run rate is too low",
           "Why IT should care: warn finance early about an overrun; a surprise in the last month costs trust"]
    return _paragraph("A simple forecast", out, value=forecast.seasonal)


# --- "try it yourself", with answers the learner can reveal ----------------------------------------

@dataclass
class TryIt:
    """Questions with answers folded away: in a notebook each answer is a `<details>` block the
    learner opens ("Show the answer"), with money kept as money (no maths typesetting); in a
    terminal, the questions and answers as text.

    >>> t = TryIt("09", [("What is 2 + 2?", "**4**, costing $4.")])
    >>> h = t._repr_html_()
    >>> "<details" in h and "<strong>4</strong>, costing $4." in h and "mathjax_ignore" in h
    True
    """

    lesson: str
    items: list

    def _repr_html_(self) -> str:
        rows = []
        for i, (question, answer) in enumerate(self.items, 1):
            rows.append(f'<li><p>{inline_markdown_html(question)}</p><details class="finlit-answer">'
                        f'<summary>Show the answer</summary><p>{inline_markdown_html(answer)}</p></details></li>')
        return no_math_html(f'<ol class="finlit-try-it">{"".join(rows)}</ol>', "finlit-output")

    def __str__(self) -> str:
        return "\n".join(f"{i}. {q}\n   Answer: {a}" for i, (q, a) in enumerate(self.items, 1))

    __repr__ = __str__

    @property
    def answers(self) -> list[str]:
        """The answers, in order (what the tests read)."""
        return [a for _, a in self.items]


def _try_09() -> list[tuple[str, str]]:
    lark = load("LARKSPUR")
    goog = load("GOOGL")
    g = ppe_roll_forward(goog)
    c = cash_roll_forward(lark)
    return [
        ("Set `company = \"LARKSPUR\"`. Why does its cash roll-forward add up exactly?",
         f"Larkspur is made up. It was built so that its statements tie to each other. Its cash goes from "
         f"{money_words(c.start)} to {money_words(c.end)}, and the three cash flows explain all of it. Real "
         "firms have items finlit does not hold, such as exchange rates. So a small 'other' is normal."),
        ("Set `company = \"GOOGL\"`. Is Alphabet still building, or only keeping up?",
         f"It is building. In FY{g.fiscal_year}, Alphabet spent {money_words(g.steps['capital expenditure'])} "
         f"on capex. Its D&A was only {money_words(-g.steps['depreciation and amortization'])}. When capex is far "
         "above what wears out, the firm is growing: here, data centres for its cloud and AI."),
        ("A company pays a dividend. Which statements does it touch?",
         "Two of the three. The cash-flow statement shows cash out, under financing. The balance sheet shows "
         "less cash and less retained earnings. The income statement does not change: a dividend is not a "
         "cost. It is profit handed back to owners."),
        ("Your IT team buys $2 million of servers. What happens in each statement in year one?",
         "Cash falls by $2 million (investing cash flow). Property and equipment rises by $2 million on the "
         "balance sheet. The income statement sees only the year's depreciation, such as $500,000 if the "
         "servers last four years."),
    ]


def _try_10() -> list[tuple[str, str]]:
    sbux = load("SBUX")
    cost = dupont(load("COST")).frame.iloc[-1]
    return [
        ("Set `company = \"SBUX\"`. Why is return on equity blank?",
         f"{sbux.name}'s equity is below zero: it has paid owners more, through buybacks and dividends, than it "
         "has kept. A return on a negative amount means nothing, so finlit shows a dash and says why."),
        ("Set `compare_with = \"COST\"`. Which of the three parts drives Costco's return on equity?",
         f"Asset turnover. Costco's net margin is thin ({percent_words(cost['net margin'])}), but each dollar of "
         f"assets brings in {cost['asset turnover']:.2f} dollars of sales a year. A warehouse club lives on volume."),
        ("Company A has an ROE of 40% with an equity multiplier of 8. Company B has 25% with a multiplier of 1.5. "
         "Which business earns more on what it owns?",
         "Company B. Return on assets is ROE divided by the multiplier: A earns 5% on its assets, B about 16.7%. "
         "A's high ROE comes from a small base of equity."),
        ("Question: why can buybacks raise return on equity even when profit stays the same?",
         "Buybacks pay cash to owners and shrink equity. The same profit divided by less equity gives a higher "
         "return on equity. The business has not improved."),
    ]


def _try_11() -> list[tuple[str, str]]:
    snow, apple = load("SNOW"), load("AAPL")
    e = explain_sbc(snow)
    apple_sbc = apple.get("stock_based_compensation", apple.years[-1])
    snow_sbc = snow.get("stock_based_compensation", snow.years[-1])
    first = snow.years[0]
    return [
        ("Notebook 03 asked: Snowflake has a loss but positive cash flow. How can that be?", e.text.split(
            " Why IT should care")[0]),
        (f"Snowflake's operating cash flow was below zero in FY{first}. What changed since?",
         f"In FY{first} it had {money_words(snow.get('operating_cash_flow', first))} of cash from operations. "
         "Since then "
         f"its stock-based compensation grew from {money_words(snow.get('stock_based_compensation', first))} to "
         f"{money_words(snow.get('stock_based_compensation', snow.years[-1]))}, and more customers pay ahead. "
         "Both lift cash but not profit."),
        ("Set `company = \"AAPL\"`. Does stock-based compensation matter as much at Apple?",
         f"Less. Apple paid {money_words(apple_sbc)} in shares in FY{apple.years[-1]}, but that is only "
         f"{percent_words(apple_sbc / apple.get('revenue', apple.years[-1]))} of its sales. At Snowflake, "
         f"stock-based compensation is {percent_words(snow_sbc / snow.get('revenue', snow.years[-1]))} of sales."),
        ("Question: a vendor pays its engineers mostly in shares. Why should that worry you as a customer?",
         "Its cash flow looks better than its profit. If its share price falls, it must pay more in cash or lose "
         "staff. Check its free cash flow minus stock-based compensation before a long contract."),
    ]


def _try_12() -> list[tuple[str, str]]:
    warehouse, servers = larkspur_leases()
    at_8 = present_value(warehouse.payment, warehouse.years, 0.08)
    even = lease_schedule(servers.payment, servers.years, servers.rate, "operating")
    c = larkspur_cloud_commitment()
    use, short = c.frame["expected use"].iloc[0], c.frame["shortfall"].iloc[0]
    return [
        ("Set `rate = 0.08`. What happens to the warehouse lease liability, and why?",
         f"It falls from {money_words(warehouse.liability)} to about {money_words(at_8)}. Future payments are "
         "worth less today when money costs more, so the present value of the same payments is smaller. The "
         "cash paid does not change."),
        ("What if the servers were an operating lease instead of a finance lease?",
         f"Profit would see one even cost of {money_words(even.frame['lease cost'].iloc[0])} a year instead of a "
         "cost that starts higher and falls. The asset, the liability and the cash would be the same."),
        ("Is a three-year cloud commitment a lease?",
         "Usually not. You buy a service, not the use of a specific asset you control. So there is no asset and "
         "no liability on the balance sheet; the promise is shown in the notes as a purchase obligation."),
        (f"Question: the cloud team expects to use {money_words(use)} in year 1 of a {money_words(c.yearly)} "
         "commitment. What would you tell finance?",
         f"That {money_words(short)} will be paid for nothing in year 1 unless use grows. Ask whether a smaller "
         "commitment that rises each year would save more than the extra discount."),
    ]


def _try_13() -> list[tuple[str, str]]:
    f = larkspur_forecast()
    v = variance_table(larkspur_plan(), "LARKSPUR", 2025).frame
    cloud, hardware = v.loc["cloud"], v.loc["hardware"]
    months = len(f.months)
    return [
        ("Which FY2025 variance would you explain first to finance, and why?",
         f"Cloud: {_budget_money(cloud['variance'])} over plan, {percent_words(cloud['variance % of plan'], 0)} "
         "more than planned, and it is likely to repeat as the migration goes on. A one-off saving on hardware "
         "does not cancel a cost that keeps growing."),
        (f"Is the {_budget_money(-hardware['variance'])} under plan on hardware good news?",
         "Not on its own. It may be a laptop refresh that slipped into next year. Then it is timing, not a "
         "saving, and next year's budget must carry it."),
        ("The run rate says the year ends under plan. Should you trust it?",
         f"No. The first {months} months held only {percent_words(f.last_year_share)} of last year's spend, because "
         f"spend is heavier at quarter ends and in December. Scaled by that pattern, the year ends near "
         f"{_budget_money(f.seasonal)}, over plan."),
        ("Question: how would you bring the year back to plan?",
         f"Find about {_budget_money(round(f.seasonal - f.plan, -3))} in the second half: delay a hardware order, cut unused "
         "cloud capacity, or move a project start. Say what each choice costs the business."),
    ]


_TRY_IT = {"09": _try_09, "10": _try_10, "11": _try_11, "12": _try_12, "13": _try_13}


def try_it(lesson: str) -> TryIt:
    """The "try it yourself" questions of a lesson (09–13) with answers the learner reveals one by
    one; answers with figures compute them from the bundled data.

    >>> t = try_it("10")
    >>> len(t.items), "Company B" in t.answers[2]
    (4, True)
    """
    key = str(lesson).zfill(2)[:2]
    if key not in _TRY_IT:
        raise InputError(f"no 'try it yourself' answers for lesson {lesson!r}: use one of {', '.join(_TRY_IT)}")
    return TryIt(key, _TRY_IT[key]())


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


__all__ = ["TryIt", "explain_bridge", "explain_capitalisation", "explain_cloud", "explain_cost_behaviour",
           "explain_day_of_sales", "explain_dupont", "explain_forecast", "explain_leases", "explain_margin_effect",
           "explain_project", "explain_sbc", "explain_tco", "explain_variance", "glossary", "project_in_context",
           "try_it"]
