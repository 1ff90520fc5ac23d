"""Statement analysis for the lessons: where each dollar of sales goes, profit beside cash,
companies side by side.

Not IT-specific: it sits in `finlit.itspend` because the lessons' calculators live here,
below the charts and explanations that use them. Every table is a `finlit.display.Table`.

>>> import finlit
>>> apple = finlit.load("AAPL")
>>> round(float(percent_of_sales(apple).frame.loc["Net income", "FY2023"]), 4)
0.2531
>>> {k: round(v, 3) for k, v in where_sales_go(apple, 2023).items()}
{'Cost of sales': 0.559, 'Running the business': 0.143, 'Interest, tax and other': 0.045, 'Net profit': 0.253}
"""
from __future__ import annotations

import pandas as pd

from ..display import Table
from ..errors import InputError
from ..items import label
from ..numbers import is_missing
from ..ratios import RATIOS, resolve
from ..sources import load

# the income statement, top to bottom; the costs between revenue and operating income are
# COST_ITEMS (what the data breaks out of them), OTHER_COSTS the rest
PERCENT_OF_SALES_ITEMS = ("revenue", "cost_of_revenue", "gross_profit", "research_and_development",
                          "selling_general_administrative", "operating_income", "interest_expense",
                          "income_tax", "net_income")
COST_ITEMS = ("cost_of_revenue", "research_and_development", "selling_general_administrative")
# a bank's revenue is already net of the interest it pays, so interest is never a cost to add:
# its lines are laid out as it reports them
BANK_PERCENT_OF_REVENUE_ITEMS = ("revenue", "net_interest_income", "noninterest_income",
                                 "provision_for_credit_losses", "noninterest_expense",
                                 "technology_expense", "pretax_income", "income_tax", "net_income")
OTHER_COSTS = "Other operating costs"
DA_MEMO = "of which: depreciation and amortization (memo, already in the costs above)"
_ROUNDING = 0.0005   # a rest of costs below 0.05% of revenue is rounding in the source


def loaded_companies(companies) -> list:
    """Company objects for a mix of companies and bundled tickers, each once.

    >>> [c.ticker for c in loaded_companies(["WMT", "COST", "WMT"])]
    ['WMT', 'COST']
    """
    out, seen = [], set()
    for c in companies:
        c = load(c) if isinstance(c, str) else c
        if (c.ticker, c.name) not in seen:
            seen.add((c.ticker, c.name))
            out.append(c)
    return out


def _other_costs(company, years) -> list[float]:
    """Revenue − operating income − the costs the data breaks out (COST_ITEMS), every year: the
    operating costs the data does not name (at some companies their depreciation line)."""
    out = []
    for y in years:
        named = [company.get(k, y) for k in COST_ITEMS]
        rest = company.get("revenue", y) - company.get("operating_income", y) \
            - sum(v for v in named if not is_missing(v))
        out.append(rest)
    return out


def _bank_percent_of_revenue(company, years, revenue) -> Table:
    """A bank's lines as shares of its total net revenue (interest already netted out)."""
    rows = {}
    for item in BANK_PERCENT_OF_REVENUE_ITEMS:
        values = [company.get(item, y) / r for y, r in zip(years, revenue)]
        if any(not is_missing(v) for v in values):
            name = label(item) + (" (of which, in noninterest expense)" if item == "technology_expense" else "")
            rows[name] = values
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[f"FY{y}" for y in years])
    frame.index.name = "line item"
    notes = ["Read a row as: out of every 100 of revenue, this many went to (or were left as) this line.",
             "A bank's revenue is total net revenue: net interest income (already after the interest it "
             "pays) plus noninterest income, so interest expense is not a cost to add again."]
    return Table(frame, "percent", f"{company.name}: each line as a share of revenue", company.currency, notes)


def percent_of_sales(company, years=None) -> Table:
    """Each income-statement line as a share of revenue, every year (a "common-size" income
    statement): it makes a big and a small company, or two years, comparable.

    The cost rows (cost of revenue, R&D, SG&A and, when the data does not name them all,
    "Other operating costs") add up to revenue − operating income. Depreciation and
    amortization is a memo line at the bottom: it is already inside those costs (in cost
    of revenue and operating expenses, or as the company's own line among them), so it is
    not a cost to add.

    >>> import finlit
    >>> t = percent_of_sales(finlit.load("LARKSPUR"), [2025])
    >>> f = t.frame.astype(object)
    >>> round(f.loc["Revenue", "FY2025"], 2), round(f.loc["Operating income", "FY2025"], 3)
    (1.0, 0.089)
    >>> costs = ["Cost of revenue", "Research and development", "Selling, general and admin.", OTHER_COSTS]
    >>> round(sum(f.loc[costs, "FY2025"]), 3), round(f.loc[DA_MEMO, "FY2025"], 3)   # 1 − 0.089
    (0.911, 0.048)
    """
    years = list(company.years if years is None else years)
    revenue = [company.get("revenue", y) for y in years]
    if company.kind == "bank":
        return _bank_percent_of_revenue(company, years, revenue)
    rows = {}
    for item in PERCENT_OF_SALES_ITEMS:
        values = [company.get(item, y) / r for y, r in zip(years, revenue)]
        if any(not is_missing(v) for v in values):
            rows[label(item)] = values
        if item == "selling_general_administrative":
            other = [v / r for v, r in zip(_other_costs(company, years), revenue)]
            if any(not is_missing(v) and abs(v) >= _ROUNDING for v in other):
                rows[OTHER_COSTS] = other
    memo = [company.get("depreciation_amortization", y) / r for y, r in zip(years, revenue)]
    if any(not is_missing(v) for v in memo):
        rows[DA_MEMO] = memo
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[f"FY{y}" for y in years])
    frame.index.name = "line item"
    notes = ["Read a row as: out of every 100 of sales, this many went to (or were left as) this line."]
    if label("operating_income") in rows:
        notes.append("The costs from cost of revenue down to the line above operating income add up to "
                     "revenue − operating income.")
    if OTHER_COSTS in rows:
        notes.append(f"{OTHER_COSTS}: the rest of revenue − operating income, costs the data does not "
                     "break out (other operating lines; at some companies depreciation is one).")
    if DA_MEMO in rows:
        notes.append("Depreciation and amortization is a memo line: it is already counted in the costs "
                     "above, so it is not added again.")
    return Table(frame, "percent", f"{company.name}: each line as a share of revenue", company.currency, notes)


def day_of_sales(revenue: float, interest_rate: float, days_in_year: int = 365) -> dict[str, float]:
    """What one day less of DSO (customers paying a day sooner) is worth: the cash it releases,
    ONCE (a day of sales), and what that cash saves EVERY YEAR after (the interest on it, at
    `interest_rate`: what money costs the company, an assumption).

    >>> v = day_of_sales(1e9, 0.05)                 # $1 billion of sales, money at 5% a year
    >>> round(v["cash_released_once"]), round(v["yearly_saving"])
    (2739726, 136986)
    """
    if is_missing(revenue) or revenue <= 0:
        raise InputError("the value of a day of sales needs revenue above zero")
    if is_missing(interest_rate) or interest_rate < 0:
        raise InputError(f"interest rate {interest_rate!r}: give a rate of 0 or more, such as 0.05")
    cash = float(revenue) / days_in_year
    return {"cash_released_once": cash, "yearly_saving": cash * float(interest_rate)}


def where_sales_go(company, fiscal_year: int | None = None) -> dict[str, float]:
    """Where each dollar of sales went in one year, as shares of revenue that add up to 1:
    cost of sales, running the business (R&D, SG&A …), interest, tax and other, net profit.
    A line the company does not report (banks have no cost of sales) is folded into the next.

    >>> import finlit
    >>> shares = where_sales_go(finlit.load("JPM"), 2024)
    >>> list(shares), round(sum(shares.values()), 6)
    (['Costs, interest and tax', 'Net profit'], 1.0)
    """
    year = fiscal_year or company.years[-1]
    revenue = company.get("revenue", year)
    if is_missing(revenue) or revenue <= 0:
        raise InputError(f"{company.name} has no revenue for FY{year}: shares of sales need revenue")
    net = company.get("net_income", year)
    cost = company.get("cost_of_revenue", year)
    operating = company.get("operating_income", year)
    out: dict[str, float] = {}
    if not is_missing(cost) and not is_missing(operating):
        out["Cost of sales"] = cost
        out["Running the business"] = revenue - cost - operating
        out["Interest, tax and other"] = operating - net
    elif not is_missing(operating):
        out["Running the business"] = revenue - operating
        out["Interest, tax and other"] = operating - net
    else:
        out["Costs, interest and tax"] = revenue - net
    out["Net profit"] = net
    return {k: v / revenue for k, v in out.items()}


def peer_ratios(companies, keys, fiscal_year: int | None = None) -> Table:
    """Some ratios side by side for several companies (each at its latest fiscal year, or at
    `fiscal_year` where it has it). `keys`: a ratio key, a category or a list of them.

    >>> t = peer_ratios(["WMT", "COST", "WMT"], ["gross_margin", "net_margin"])   # each company once
    >>> [round(x, 3) for x in t.frame["Gross margin"]]
    [0.249, 0.128]
    """
    keys = [r.key for r in resolve(keys)]
    rows, index = [], []
    for c in loaded_companies(companies):
        year = fiscal_year if fiscal_year in c.years else c.years[-1]
        table = c.ratios(keys)
        rows.append([year] + [table.value(k, year) for k in keys])
        index.append(c.name)
    frame = pd.DataFrame(rows, index=pd.Index(index, name="company"),
                         columns=["fiscal year"] + [RATIOS[k].name for k in keys])
    units = {"fiscal year": "year", **{RATIOS[k].name: RATIOS[k].unit for k in keys}}
    return Table(frame, units, "Side by side", notes=["— means not available for that company "
                                                      "(a bank has no cost of sales, for example)."])


def profit_and_cash(company) -> Table:
    """Net income beside the cash the business brought in, capital spending and free cash
    flow, every year (empty rows when there is no cash-flow statement).

    >>> import finlit
    >>> t = profit_and_cash(finlit.load("AAPL"))
    >>> round(float(t.frame.loc["FY2023", "cash minus profit"]) / 1e9, 1)
    13.5
    """
    years = company.years
    frame = pd.DataFrame({
        "net income": [company.get("net_income", y) for y in years],
        "operating cash flow": [company.get("operating_cash_flow", y) for y in years],
        "capital expenditure": [company.get("capital_expenditure", y) for y in years],
        "free cash flow": [company.get("free_cash_flow", y) for y in years],
    }, index=pd.Index([f"FY{y}" for y in years], name="fiscal year"))
    frame["cash minus profit"] = frame["operating cash flow"] - frame["net income"]
    notes = []
    if frame["operating cash flow"].isna().all():
        notes.append(f"The data for {company.name} has no cash-flow statement: profit is known, "
                     "cash is not.")
    return Table(frame, "money", f"{company.name}: profit and cash", company.currency, notes)


__all__ = ["COST_ITEMS", "DA_MEMO", "OTHER_COSTS", "PERCENT_OF_SALES_ITEMS", "day_of_sales", "loaded_companies", "peer_ratios", "percent_of_sales",
           "profit_and_cash", "where_sales_go"]
