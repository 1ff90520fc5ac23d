"""Liquidity and leverage, judged from the whole balance sheet, not from one ratio.

Liquidity counts cash, short-term investments and long-term marketable securities
(money the company can sell within days), reads a negative cash conversion cycle as
suppliers financing the business, and weighs the cash the business brings in.
Leverage weighs debt against that cash, against earnings (debt to EBITDA, interest
cover) and against equity.

>>> import finlit
>>> from finlit.judge.year import CompanyYear
>>> judge_leverage(CompanyYear.of(finlit.load("AAL"), 2024)).level
'heavy'
"""
from __future__ import annotations

from ..numbers import days_words, is_missing, money_words, times_words
from ..ratios import RATIOS
from .verdict import UNKNOWN, Verdict
from .year import LIQUID_WORDS, CompanyYear

# Cut-offs of these judgements (rules of thumb of credit analysis, e.g. rating agencies'
# leverage bands: below 1× net debt to EBITDA is low, above 4× is high; interest cover below
# 2× is weak). Cover = cash and marketable securities ÷ what falls due within a year (much of
# which, at a software or device maker, is deferred revenue: service owed, not cash).
STRONG_CURRENT_RATIO = 1.5      # current assets ÷ current liabilities at or above: strong
STRONG_COVER = 0.6              # liquid assets cover six tenths of the year's bills: strong
STRONG_COVER_WITH_CASH = 0.5    # … or half of them, with operating cash of half the bills again
TIGHT_CURRENT_RATIO = 0.75      # below, with cover below TIGHT_COVER and no supplier financing: tight
TIGHT_COVER = 0.25
LOW_DEBT_TO_EBITDA = 1.0
HEAVY_DEBT_TO_EBITDA = 4.0
WEAK_INTEREST_COVER = 2.0

LIQUIDITY_FOR_IT = {
    "strong": "cash is not what holds projects back here; the case for each one is",
    "adequate": "bills are paid on time, but big up-front purchases may have to wait for the budget",
    "tight": "when cash is tight, purchases are delayed and vendors paid late",
}
LEVERAGE_FOR_IT = {
    "low": "little net debt leaves the company free to fund projects that pay back",
    "moderate": "the debt is manageable, but interest is paid before new projects",
    "heavy": "heavy debt means interest comes first, so cost cuts, IT included, are likely",
}


def _liquid_words(parts: tuple) -> str:
    words = [LIQUID_WORDS[p] for p in parts]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def judge_liquidity(y: CompanyYear) -> Verdict:
    """Can the company pay what falls due within a year?"""
    if y.is_financial:
        return Verdict("liquidity", UNKNOWN, "a financial company's cash is judged by its "
                       "regulators' liquidity rules, not by a current ratio")
    ca, cl = y.get("current_assets"), y.get("current_liabilities")
    if is_missing(ca) or is_missing(cl) or cl <= 0:
        return Verdict("liquidity", UNKNOWN, "the data does not split assets and debts into short "
                       "and long term, so short-term cash cannot be judged")
    liquid, parts = y.liquid
    current, cover = ca / cl, (liquid / cl if not is_missing(liquid) else 0.0)
    ocf, ccc = y.get("operating_cash_flow"), y.ratio("cash_conversion_cycle")
    supplier_financed = not is_missing(ccc) and ccc < 0
    cash_cover = ocf / cl if not is_missing(ocf) else 0.0
    if current >= STRONG_CURRENT_RATIO or cover >= STRONG_COVER or (
            cover >= STRONG_COVER_WITH_CASH and cash_cover >= STRONG_COVER_WITH_CASH):
        level = "strong"
    elif (current < TIGHT_CURRENT_RATIO and cover < TIGHT_COVER and not supplier_financed) or (
            not is_missing(ocf) and ocf < 0 and cover < STRONG_COVER_WITH_CASH):
        level = "tight"
    else:
        level = "adequate"
    cur = y.currency
    summary = f"short-term cash is {level}"
    if parts:
        summary += (f": {money_words(liquid, cur)} of {_liquid_words(parts)} against "
                    f"{money_words(cl, cur)} due within a year")
    notes = []
    if supplier_financed:
        notes.append(f"Its cash conversion cycle is negative ({days_words(ccc)}): customers pay "
                     "before suppliers are paid, so suppliers finance its stock. That is a strength.")
    if current < 1 and level != "tight":
        notes.append("A current ratio below 1 is not a shortage of cash here.")
    evidence = {"current_ratio": current, "liquid_assets": liquid, "current_liabilities": cl,
                "liquidity_cover": cover, "cash_conversion_cycle": ccc, "operating_cash_flow": ocf}
    return Verdict("liquidity", level, summary, evidence, LIQUIDITY_FOR_IT[level], tuple(notes))


def _earnings(y: CompanyYear) -> tuple[float, str]:
    """(EBITDA, its name), or operating income when depreciation is not reported."""
    operating, da = y.get("operating_income"), y.get("depreciation_amortization")
    if is_missing(operating):
        return float("nan"), ""
    if is_missing(da):
        return operating, "operating profit"
    return operating + da, "EBITDA"


def judge_leverage(y: CompanyYear) -> Verdict:
    """Is the debt heavy, against cash, earnings and equity together?"""
    if y.is_financial:
        return Verdict("leverage", UNKNOWN, "a financial company's debt is judged by its capital "
                       "ratios, not by debt to earnings")
    debt, equity = y.get("total_debt"), y.get("total_equity")
    if is_missing(debt):
        return Verdict("leverage", UNKNOWN, "debt is not reported, so it cannot be judged")
    liquid, parts = y.liquid
    net_debt = debt - (0.0 if is_missing(liquid) else liquid)
    earnings, earnings_name = _earnings(y)
    to_earnings = net_debt / earnings if not is_missing(earnings) and earnings > 0 else float("nan")
    cover = y.ratio("interest_coverage")
    # more cash than debt is low leverage, whatever the earnings; otherwise debt is weighed
    # against earnings and interest cover
    weak_cover = net_debt > 0 and not is_missing(cover) and cover < WEAK_INTEREST_COVER
    if net_debt <= 0:
        level = "low"
    elif (not is_missing(earnings) and earnings <= 0) or weak_cover or (
            not is_missing(to_earnings) and to_earnings > HEAVY_DEBT_TO_EBITDA):
        level = "heavy"
    elif not is_missing(to_earnings) and to_earnings < LOW_DEBT_TO_EBITDA:
        level = "low"
    elif is_missing(to_earnings) and not is_missing(equity) and equity > 0:
        level = "heavy" if debt / equity > RATIOS["debt_to_equity"].threshold("heavy") else "moderate"
    else:
        level = "moderate"
    cur = y.currency
    if net_debt <= 0 and parts:
        summary = (f"debt is {level}: it holds more {_liquid_words(parts)} "
                   f"({money_words(liquid, cur)}) than debt ({money_words(debt, cur)})")
    elif not is_missing(to_earnings):
        summary = f"debt is {level}: net of cash, {times_words(to_earnings)} a year's {earnings_name}"
    else:
        summary = f"debt is {level}"
    notes = []
    if weak_cover and cover > 0:
        notes.append(f"Profit from running the business covers interest only {times_words(cover)}.")
    elif weak_cover or (net_debt > 0 and not is_missing(earnings) and earnings <= 0):
        notes.append("The business runs at an operating loss, so no profit covers the interest.")
    if not is_missing(equity) and equity <= 0:
        notes.append("Equity is negative, often after years of buybacks and dividends, so debt to "
                     "equity cannot be read here.")
    evidence = {"total_debt": debt, "liquid_assets": liquid, "net_debt": net_debt,
                "net_debt_to_earnings": to_earnings, "interest_coverage": cover, "total_equity": equity}
    return Verdict("leverage", level, summary, evidence, LEVERAGE_FOR_IT[level], tuple(notes))
