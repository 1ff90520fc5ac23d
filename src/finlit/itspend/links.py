"""How the three statements link, for the lessons: roll-forwards from one balance sheet to the
next (retained earnings, cash, property and equipment, equity), the bridge from net income to
operating cash flow, and DuPont (ROE = net margin × asset turnover × equity multiplier).

Every roll-forward is a `Bridge`: the balance at the start of the year, the flows the statements
report, and the balance at the end. What the flows do not explain is kept as its own line, the
`difference`, never hidden: real companies have items finlit does not carry (other
comprehensive income, exchange rates, restricted cash, tax withheld on employees' shares).

>>> import finlit
>>> b = cash_roll_forward(finlit.load("AAPL"), 2025)          # Apple FY2025, 10-K
>>> round(b.start / 1e6), round(b.end / 1e6), round(b.difference / 1e6)
(29943, 35934, 0)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..display import Table
from ..errors import InputError
from ..numbers import is_missing
from .analysis import loaded_companies

# what the "other" line of each roll-forward usually holds, in plain words
OTHER_CAUSES = {
    "retained_earnings": "tax the company pays for staff when their shares vest, dividends not yet paid, "
                         "or buybacks booked partly elsewhere in equity",
    "cash": "restricted cash, which the cash-flow statement counts and the balance-sheet line does not, "
            "and changes in exchange rates",
    "ppe": "D&A on things other than equipment, such as software and patents; equipment bought on "
           "credit or leased; and assets sold or scrapped",
    "equity": "gains and losses not yet in profit (other comprehensive income) and tax paid for staff "
              "when their shares vest",
    "operating_cash": "working capital: customers who paid ahead or late, and bills not yet paid",
}


@dataclass
class Bridge:
    """A balance rolled forward: `start` + the `steps` (signed flows) + `difference` = `end`.

    `assumed_zero` names the flows missing from the data and counted as nothing.

    >>> b = Bridge("Demo", "X", 2025, "USD", "start", 100.0, {"profit": 30.0, "dividends": -10.0}, "end", 125.0)
    >>> b.explained_end, b.difference
    (120.0, 5.0)
    """

    title: str
    company: str
    fiscal_year: int
    currency: str
    start_label: str
    start: float
    steps: dict[str, float]
    end_label: str
    end: float
    kind: str = ""
    assumed_zero: list[str] = field(default_factory=list)

    @property
    def explained_end(self) -> float:
        """The end balance the reported flows give."""
        return self.start + sum(self.steps.values())

    @property
    def difference(self) -> float:
        """What the reported flows do not explain (end − start − steps)."""
        return self.end - self.explained_end

    @property
    def ties(self) -> bool:
        """True when the difference is under 0.5% of the larger balance (rounding)."""
        return abs(self.difference) <= 0.005 * max(abs(self.start), abs(self.end), 1.0)

    def table(self) -> Table:
        """The roll-forward as a table a person reads: one row per line, money in words.

        >>> b = Bridge("Demo", "X", 2025, "USD", "start", 100e6, {"profit": 30e6}, "end", 125e6)
        >>> list(b.table().frame.index)
        ['start', 'profit', 'other (not in these lines)', 'end']
        """
        rows = {self.start_label: self.start}
        rows.update(self.steps)
        rows["other (not in these lines)"] = self.difference
        rows[self.end_label] = self.end
        frame = pd.DataFrame({f"FY{self.fiscal_year}": list(rows.values())}, index=list(rows))
        frame.index.name = "line"
        notes = ["Money in is positive, money out (or a fall) negative."]
        notes += [f"{s} is not in the data for FY{self.fiscal_year}: counted as nothing" for s in self.assumed_zero]
        if self.kind in OTHER_CAUSES:
            notes.append(f"'Other' is what the reported lines do not explain, usually {OTHER_CAUSES[self.kind]}.")
        return Table(frame, "money", f"{self.title} — {self.company}, FY{self.fiscal_year}", self.currency, notes)


def _year_and_previous(company, fiscal_year: int | None) -> int:
    years = company.years
    year = int(fiscal_year) if fiscal_year else (years[-1] if years else 0)
    if year not in years or year - 1 not in years:
        raise InputError(f"{company.name}: a roll-forward needs FY{year} and the year before in the data; "
                         f"choose one of {', '.join(f'FY{y}' for y in years[1:]) or 'no year'}")
    return year


def _value(company, key: str, year: int, required: bool = True) -> float:
    v = company.get(key, year)
    if is_missing(v) and required:
        from ..items import label
        raise InputError(f"{company.name} has no {label(key).lower()} for FY{year} in its data: "
                         "this roll-forward needs it")
    return v


def _bridge(company, fiscal_year, kind: str, title: str, balance: str, flows: list[tuple[str, str, int, bool]],
            start_label: str, end_label: str) -> Bridge:
    """A roll-forward of `balance`: flows are (item, label, sign, required)."""
    year = _year_and_previous(company, fiscal_year)
    start, end = _value(company, balance, year - 1), _value(company, balance, year)
    steps, zero = {}, []
    for key, label, sign, required in flows:
        v = _value(company, key, year, required)
        if is_missing(v):
            zero.append(label[0].upper() + label[1:])
            v = 0.0
        steps[label] = sign * v
    return Bridge(title, company.name, year, company.currency, start_label, start, steps, end_label, end, kind, zero)


def retained_earnings_bridge(company, fiscal_year: int | None = None) -> Bridge:
    """Net income into retained earnings: last year's retained earnings + net income − dividends
    − share buybacks (where the company books them here) = this year's, and the rest as 'other'.

    >>> import finlit
    >>> b = retained_earnings_bridge(finlit.load("LARKSPUR"), 2025)   # buybacks go to treasury stock
    >>> round(b.difference / 1e6, 3), b.steps["share buybacks"] / 1e6
    (14.0, -14.0)
    """
    return _bridge(company, fiscal_year, "retained_earnings", "From net income to retained earnings",
                   "retained_earnings", [("net_income", "net income", 1, True),
                                         ("dividends_paid", "dividends paid", -1, False),
                                         ("share_repurchases", "share buybacks", -1, False)],
                   "retained earnings, start of year", "retained earnings, end of year")


def equity_roll_forward(company, fiscal_year: int | None = None) -> Bridge:
    """The statement of shareholders' equity in short: equity at the start + net income −
    dividends − buybacks + stock-based compensation (new shares for staff) = equity at the end.

    >>> import finlit
    >>> round(equity_roll_forward(finlit.load("LARKSPUR"), 2025).difference)
    0
    """
    return _bridge(company, fiscal_year, "equity", "Shareholders' equity, start to end",
                   "total_equity", [("net_income", "net income", 1, True),
                                    ("dividends_paid", "dividends paid", -1, False),
                                    ("share_repurchases", "share buybacks", -1, False),
                                    ("stock_based_compensation", "stock-based compensation", 1, False)],
                   "equity, start of year", "equity, end of year")


def cash_roll_forward(company, fiscal_year: int | None = None) -> Bridge:
    """Cash at the start + operating + investing + financing cash flow = cash at the end.

    >>> import finlit
    >>> b = cash_roll_forward(finlit.load("LARKSPUR"), 2025)
    >>> [round(v / 1e6, 2) for v in b.steps.values()], round(b.difference)
    ([93.38, -37.15, -65.56], 0)
    """
    return _bridge(company, fiscal_year, "cash", "The cash roll-forward", "cash_and_equivalents",
                   [("operating_cash_flow", "cash from operations", 1, True),
                    ("investing_cash_flow", "cash from investing", 1, True),
                    ("financing_cash_flow", "cash from financing", 1, True)],
                   "cash, start of year", "cash, end of year")


def ppe_roll_forward(company, fiscal_year: int | None = None) -> Bridge:
    """Property and equipment at the start + capital expenditure − depreciation and amortization
    = at the end (D&A also wears down intangibles, so 'other' is rarely zero).

    >>> import finlit
    >>> b = ppe_roll_forward(finlit.load("AAPL"), 2025)
    >>> round(b.steps["capital expenditure"] / 1e6), round(b.steps["depreciation and amortization"] / 1e6)
    (12715, -11698)
    """
    return _bridge(company, fiscal_year, "ppe", "Capex and depreciation into property and equipment", "ppe_net",
                   [("capital_expenditure", "capital expenditure", 1, True),
                    ("depreciation_amortization", "depreciation and amortization", -1, True)],
                   "property and equipment, start of year", "property and equipment, end of year")


def operating_cash_bridge(company, fiscal_year: int | None = None) -> Bridge:
    """From net income to cash from operations: + stock-based compensation + depreciation and
    amortization (costs that use no cash) + the rest (working capital and other items).

    >>> import finlit
    >>> b = operating_cash_bridge(finlit.load("SNOW"), 2025)      # Snowflake FY2025, 10-K
    >>> round(b.start / 1e6), round(b.steps["stock-based compensation"] / 1e6), round(b.end / 1e6)
    (-1286, 1479, 960)
    """
    year = int(fiscal_year) if fiscal_year else (company.years[-1] if company.years else 0)
    if year not in company.years:
        raise InputError(f"{company.name} has no FY{year}: choose one of "
                         f"{', '.join(f'FY{y}' for y in company.years)}")
    start, end = _value(company, "net_income", year), _value(company, "operating_cash_flow", year)
    steps, zero = {}, []
    for key, label in (("stock_based_compensation", "stock-based compensation"),
                       ("depreciation_amortization", "depreciation and amortization")):
        v = company.get(key, year)
        if is_missing(v):
            zero.append(label[0].upper() + label[1:])
            v = 0.0
        steps[label] = v
    return Bridge("From net income to cash from operations", company.name, year, company.currency,
                  "net income", start, steps, "cash from operations", end, "operating_cash", zero)


def sbc_table(company) -> Table:
    """Per year: net income, stock-based compensation, cash from operations, free cash flow,
    free cash flow after paying staff in cash instead (FCF − SBC), SBC as a share of revenue,
    and the buybacks that soak up the new shares.

    >>> import finlit
    >>> f = sbc_table(finlit.load("SNOW")).frame
    >>> round(f.loc["FY2025", "free cash flow"] / 1e6), round(f.loc["FY2025", "FCF minus SBC"] / 1e6)
    (913, -566)
    """
    rows = {}
    for y in company.years:
        g = company.get
        sbc, fcf = g("stock_based_compensation", y), g("operating_cash_flow", y) - g("capital_expenditure", y)
        rows[f"FY{y}"] = {"net income": g("net_income", y), "stock-based compensation": sbc,
                          "cash from operations": g("operating_cash_flow", y), "free cash flow": fcf,
                          "FCF minus SBC": fcf - sbc, "SBC % of revenue": sbc / g("revenue", y),
                          "share buybacks": g("share_repurchases", y)}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "fiscal year"
    return Table(frame, {"SBC % of revenue": "percent"}, f"{company.name}: stock-based compensation and cash",
                 company.currency, ["FCF minus SBC: the free cash flow if staff had been paid their shares' worth "
                                    "in cash instead (a common sceptical view of a loss-making company's cash)."])


# --- DuPont ----------------------------------------------------------------------------------------

DUPONT_COLUMNS = ("net margin", "asset turnover", "equity multiplier", "ROE (the three multiplied)",
                  "ROE (finlit's ratio table)")


def dupont(company) -> Table:
    """DuPont for every year: ROE = net margin × asset turnover × equity multiplier (total
    assets ÷ equity). Net margin, asset turnover and ROE are the values of finlit's ratio table
    (year-end balances), so the numbers match `company.ratios()`.

    >>> import finlit
    >>> f = dupont(finlit.load("AAPL")).frame
    >>> row = f.loc["FY2025"]
    >>> round(float(row["equity multiplier"]), 2), round(float(row["ROE (the three multiplied)"]), 4)
    (4.87, 1.5191)
    """
    r = company.ratios(["net_margin", "asset_turnover", "return_on_equity"])
    rows = {}
    for y in company.years:
        nm, at, roe = r.value("net_margin", y), r.value("asset_turnover", y), r.value("return_on_equity", y)
        assets, equity = company.get("total_assets", y), company.get("total_equity", y)
        em = assets / equity if not is_missing(equity) and equity > 0 else float("nan")
        rows[f"FY{y}"] = dict(zip(DUPONT_COLUMNS, (nm, at, em, nm * at * em, roe)))
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "fiscal year"
    return Table(frame, {"net margin": "percent", "asset turnover": "times", "equity multiplier": "times",
                         "ROE (the three multiplied)": "percent", "ROE (finlit's ratio table)": "percent"},
                 f"{company.name}: return on equity taken apart (DuPont)", company.currency,
                 ["A dash for the equity multiplier: equity is zero or negative, so ROE means nothing."])


def dupont_compare(companies, fiscal_year: int | None = None) -> Table:
    """DuPont side by side: one column per company (its `fiscal_year`, or its latest year).

    >>> import finlit
    >>> f = dupont_compare([finlit.load("AAPL"), finlit.load("GOOGL")], 2025).frame
    >>> round(float(f.loc["equity multiplier", "Alphabet Inc. FY2025"]), 2)
    1.43
    """
    columns = {}
    for c in loaded_companies(companies):
        year = fiscal_year if fiscal_year in c.years else c.years[-1]
        columns[f"{c.name} FY{year}"] = dupont(c).frame.loc[f"FY{year}"]
    frame = pd.DataFrame(columns)
    frame.index.name = "DuPont"
    units = {"net margin": "percent", "asset turnover": "times", "equity multiplier": "times",
             "ROE (the three multiplied)": "percent", "ROE (finlit's ratio table)": "percent"}
    return Table(frame, units, "Return on equity taken apart, company by company", "USD")


__all__ = ["Bridge", "DUPONT_COLUMNS", "OTHER_CAUSES", "cash_roll_forward", "dupont", "dupont_compare",
           "equity_roll_forward", "operating_cash_bridge", "ppe_roll_forward", "retained_earnings_bridge",
           "sbc_table"]
