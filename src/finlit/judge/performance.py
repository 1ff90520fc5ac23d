"""Profitability, return on equity, cash generation and growth.

A margin is thin or wide for the company's industry (published industry margins,
``data/industry_margins.csv``), not against one number for everybody. Return on
equity is read with its DuPont parts and flagged when buybacks or losses shrank the
equity it divides by. A change is called a change only when it is material.

>>> import finlit
>>> from finlit.judge.year import CompanyYear
>>> judge_growth(CompanyYear.of(finlit.load("NKE"), 2025)).level
'shrinking'
"""
from __future__ import annotations

from ..industries import typical_margins
from ..numbers import is_missing, money_words, percent_words
from ..ratios import RATIOS
from .verdict import UNKNOWN, Verdict
from .year import CompanyYear

# A margin under half its industry's is thin; over 1.3 times it, wide.
THIN_SHARE_OF_INDUSTRY, WIDE_SHARE_OF_INDUSTRY = 0.5, 1.3
# Return on equity: below 8% (about the return owners expect) is low, 20% or more high.
LOW_ROE, HIGH_ROE = 0.08, 0.20
# Buybacks over the last three years worth more than half of today's equity shrank it.
BUYBACK_YEARS, BUYBACK_SHARE_OF_EQUITY = 3, 0.5
# Free cash flow: under 2% of sales is weak, 10% or more strong.
WEAK_FCF_MARGIN, STRONG_FCF_MARGIN = 0.02, 0.10
# Growth: under 2% either way is flat (the same step as "about the same" in words); 15% or more fast.
FLAT_GROWTH, FAST_GROWTH = 0.02, 0.15

PROFITABILITY_FOR_IT = {
    "loss": "a company that loses money guards its cash, so IT projects need a quick payback",
    "thin": "with a thin margin, every budget request must show a clear payback",
    "healthy": "IT is a running cost, so a change in its budget moves profit directly",
    "wide": "a wide margin leaves room to invest, but each project must still earn its keep",
}
CASH_FOR_IT = {
    "burning": "when cash runs out faster than it comes in, new spending faces hard questions",
    "weak": "little cash is left after investment, so new spending faces hard questions",
    "steady": "there is cash to invest, but projects compete for it",
    "strong": "strong free cash flow means there is room to invest, in IT too",
}
GROWTH_FOR_IT = {
    "shrinking": "IT budgets usually follow revenue, so expect pressure to cut",
    "flat": "with flat sales, new IT money has to come from savings elsewhere",
    "growing": "IT budgets usually follow revenue, so growth makes room for new work",
    "fast": "fast growth strains systems: IT has to scale with the business",
}


def _margin_cut_offs(y: CompanyYear):
    """(thin below, wide above, 'for its industry' or 'by a general rule', the basis sentence)."""
    typical = typical_margins(y.industry)
    if typical is not None and not is_missing(typical.net_margin) and typical.net_margin > 0:
        return (THIN_SHARE_OF_INDUSTRY * typical.net_margin, WIDE_SHARE_OF_INDUSTRY * typical.net_margin,
                "for its industry", f"The typical net margin of its industry is "
                f"{percent_words(typical.net_margin)}: the {typical.label()}.")
    r = RATIOS["net_margin"]
    thin, wide = r.threshold("thin"), r.threshold("wide")
    return (thin, wide, "by a general rule", f"With no industry figure, the general rule is used: "
            f"under {percent_words(thin, 0)} is thin, over {percent_words(wide, 0)} is wide.")


def judge_profitability(y: CompanyYear) -> Verdict:
    """Is the net margin thin or wide for the industry?"""
    margin = y.ratio("net_margin")
    if is_missing(margin):
        return Verdict("profitability", UNKNOWN, "profit is not known for this year")
    thin, wide, against, basis = _margin_cut_offs(y)
    level = ("loss" if margin < 0 else "thin" if margin < thin else "wide" if margin > wide
             else "healthy")
    words = (f"it made a loss of {percent_words(-margin)} of sales" if level == "loss" else
             f"its net margin of {percent_words(margin)} is {level} {against}")
    evidence = {"net_margin": margin, "thin_below": thin, "wide_above": wide}
    return Verdict("profitability", level, words, evidence, PROFITABILITY_FOR_IT[level],
                   basis="" if level == "loss" else basis)


def judge_returns(y: CompanyYear) -> Verdict:
    """Return on equity with its DuPont parts: margin × asset turnover × equity multiplier."""
    equity, roe = y.get("total_equity"), y.ratio("return_on_equity")
    if not is_missing(equity) and equity <= 0:
        return Verdict("returns", UNKNOWN, "equity is negative, so return on equity has no meaning",
                       {"total_equity": equity},
                       "judge the business by its profit and cash, not by return on equity")
    if is_missing(roe):
        return Verdict("returns", UNKNOWN, "return on equity cannot be worked out for this year")
    margin, turnover = y.ratio("net_margin"), y.ratio("asset_turnover")
    multiplier = y.get("total_assets") / equity
    level = "negative" if roe < 0 else "low" if roe < LOW_ROE else "high" if roe >= HIGH_ROE else "good"
    summary = f"return on equity was {level} at {percent_words(roe)}"
    basis = ""
    if not (is_missing(margin) or is_missing(turnover) or is_missing(multiplier)):
        basis = (f"It is the net margin ({percent_words(margin)}) times sales per dollar of assets "
                 f"({turnover:.2f}) times assets per dollar of equity ({multiplier:.1f}).")
    bought, years = y.sum_over("share_repurchases", BUYBACK_YEARS)
    # buybacks inflate a positive return (the same profit over less equity); a loss is a loss
    shrunk = roe > 0 and not is_missing(bought) and bought > BUYBACK_SHARE_OF_EQUITY * equity
    notes, for_it = [], "owners judge managers, the CIO included, by this return"
    if shrunk:
        notes.append(f"Buybacks of {money_words(bought, y.currency)} in {years} years shrank equity "
                     f"to {money_words(equity, y.currency)}, so this return is inflated and not "
                     "comparable with other firms.")
        for_it = "read profit and cash instead: this return says more about buybacks than the business"
    evidence = {"return_on_equity": roe, "net_margin": margin, "asset_turnover": turnover,
                "equity_multiplier": multiplier, "buybacks": bought, "comparable": float(not shrunk)}
    return Verdict("returns", level, summary, evidence, for_it, tuple(notes), basis)


def judge_cash(y: CompanyYear) -> Verdict:
    """Does the business bring in cash after investing in itself?"""
    ocf, fcf, margin = y.get("operating_cash_flow"), y.ratio("free_cash_flow"), y.ratio("free_cash_flow_margin")
    if y.is_financial:
        return Verdict("cash", UNKNOWN, "a financial company's cash flow moves with its lending and "
                       "deposits, so it says little about the business")
    if is_missing(ocf):
        return Verdict("cash", UNKNOWN, "there are no cash figures for this year",
                       for_it="profit is not cash, so check cash before big plans")
    cur = y.currency
    if ocf < 0:
        level, summary = "burning", f"the business used {money_words(-ocf, cur)} more cash than it brought in"
    elif is_missing(fcf) or is_missing(margin):
        level, summary = "steady", f"the business brought in {money_words(ocf, cur)} of cash"
    elif fcf < 0 or margin < WEAK_FCF_MARGIN:
        level = "weak"
        summary = (f"free cash flow was weak: {money_words(fcf, cur)}, {percent_words(margin)} of sales"
                   if fcf >= 0 else f"after investment, it spent {money_words(-fcf, cur)} more cash "
                                    "than the business brought in")
    else:
        level = "strong" if margin >= STRONG_FCF_MARGIN else "steady"
        summary = f"free cash flow was {level}: {money_words(fcf, cur)}, {percent_words(margin)} of sales"
    evidence = {"operating_cash_flow": ocf, "free_cash_flow": fcf, "free_cash_flow_margin": margin}
    return Verdict("cash", level, summary, evidence, CASH_FOR_IT[level])


def judge_growth(y: CompanyYear) -> Verdict:
    """Did sales grow, materially, on the year before?"""
    growth = y.ratio("revenue_growth")
    if is_missing(growth):
        return Verdict("growth", UNKNOWN, "growth cannot be measured: there is no earlier year to compare")
    level = ("flat" if abs(growth) < FLAT_GROWTH else "shrinking" if growth < 0
             else "fast" if growth >= FAST_GROWTH else "growing")
    what = "revenue" if y.is_financial else "sales"  # a bank has no sales
    summary = (f"{what} stayed about the same" if level == "flat" else
               f"{what} {'fell' if growth < 0 else 'grew'} {percent_words(abs(growth), 0)}")
    return Verdict("growth", level, summary, {"revenue_growth": growth}, GROWTH_FOR_IT[level])
