"""A plain-language paragraph for each statement of a company and fiscal year.

Each paragraph says what happened, how it compares with the year before, and
why IT should care. A missing figure is replaced by the reason it is missing,
never by a made-up number.

>>> import finlit
>>> apple = finlit.load("AAPL")
>>> e = explain_income(apple, 2023)
>>> from finlit.explain.text import split_sentences
>>> split_sentences(e.text)[0]
'Apple Inc. had revenue of $383.3 billion in FY2023, a little less than the year before.'
>>> "kept $25 as profit" in e.text
True
"""
from __future__ import annotations

from ..judge import assess
from .bank import explain_bank_balance, explain_bank_income
from .common import (STATEMENT_NAMES, missing_paragraph, previous_year, start_paragraph,  # noqa: F401
                     than_the_year_before, values_of, verdict_sentences, why_it_should_care)
from .explanation import Explanation
from .text import (change_verb, currency_prefix, is_missing,
                   money_words, per_hundred, per_hundred_sentence)


# --- income statement ------------------------------------------------------------------------

def explain_income(company, fiscal_year: int | None = None) -> Explanation:
    """The income statement in words: revenue, what was left after costs, profit, trend, why IT cares.

    >>> import finlit
    >>> explain_income(finlit.load("SNOW"), 2025).text.count("loss") >= 2
    True
    >>> explain_income(finlit.load("JPM"), 2024).text.startswith("JPMorgan Chase & Co. had total net revenue")
    True
    """
    if company.kind == "bank":
        return explain_bank_income(company, fiscal_year)
    title, year, get, early = start_paragraph(
        company, fiscal_year, "income", needs="revenue",
        otherwise="The data has no revenue for {name} in FY{year}, so the income statement "
                  "cannot be explained in shares of sales.")
    if early is not None:
        return early
    name, cur, revenue = company.name, company.currency, get("revenue", year)
    out = [f"{name} had revenue of {money_words(revenue, cur)} in FY{year}"
           f"{than_the_year_before(get, company, 'revenue', year)}."]

    gross = get("gross_profit", year)
    if not is_missing(gross):
        share = gross / revenue
        if share >= 0:
            out.append(f"After paying for what it sold, it had {per_hundred(share, cur)} of every "
                       f"{per_hundred(1, cur)} left as gross profit.")
        else:
            out.append("It sold its goods for less than they cost to make, so gross profit was negative.")
    else:
        out.append("There is no cost of sales line, as is usual for a bank, so there is no gross profit.")

    operating = get("operating_income", year)
    if not is_missing(operating):
        if operating >= 0:
            out.append(f"Operating income, the profit from running the business, was "
                       f"{money_words(operating, cur)}{than_the_year_before(get, company, 'operating_income', year)}.")
        else:
            out.append(f"Running the business cost more than it brought in: an operating loss of "
                       f"{money_words(-operating, cur)}.")
    else:
        out.append("The data does not report operating income for this year, so profit from "
                   "running the business is not shown.")

    net = get("net_income", year)
    out.append(_bottom_line(company, year, net, revenue))
    profitability = assess(company, year)["profitability"]
    if profitability.known:
        if profitability.level != "loss":
            out += verdict_sentences(profitability)
        out.append(why_it_should_care(profitability))
    else:
        out.append("Why IT should care: IT is paid for out of revenue, so watch how sales and costs move.")
    return Explanation(title, " ".join(out), subject="income", company=name, fiscal_year=year,
                       value=net)


def _profit_trend(net: float, before: float) -> str:
    """' Profit grew from the year before.' and the like ('' without a year before)."""
    if is_missing(before):
        return ""
    if net >= 0 and before >= 0:
        return f" Profit {change_verb(net, before)} from the year before."
    if net >= 0 > before:
        return " That is a turn from a loss the year before to a profit."
    if net < 0 <= before:
        return " The year before it made a profit."
    return f" The loss was {'larger' if net < before else 'smaller'} than the year before."


def _bottom_line(company, year: int, net: float, revenue: float) -> str:
    """Net income as a share of sales, and how it moved."""
    if is_missing(net):
        return "Net income is not reported for this year, so the bottom line is not known here."
    name, cur = company.name, company.currency
    trend = _profit_trend(net, values_of(company)("net_income", previous_year(company, year)))
    per_hundred_words = per_hundred_sentence(net / revenue, name, None, cur)
    if net >= 0:
        return f"{per_hundred_words}, or {money_words(net, cur)} of net income.{trend}"
    return (f"It made a net loss of {money_words(-net, cur)}: {per_hundred_words[0].lower()}"
            f"{per_hundred_words[1:]}.{trend}")


# --- balance sheet ---------------------------------------------------------------------------

def explain_balance(company, fiscal_year: int | None = None) -> Explanation:
    """The balance sheet in words: owned, owed, left for the owners, short-term cash, debt.

    >>> import finlit
    >>> e = explain_balance(finlit.load("SBUX"), 2024)
    >>> "negative" in e.text
    True
    """
    if company.kind == "bank":
        return explain_bank_balance(company, fiscal_year)
    title, year, get, early = start_paragraph(
        company, fiscal_year, "balance", needs="total_assets",
        otherwise="The data has no balance sheet for {name} in FY{year}, so what it owns and owes "
                  "is not known here.")
    if early is not None:
        return early
    name, cur, assets = company.name, company.currency, get("total_assets", year)
    liabilities = get("total_liabilities", year)
    equity = get("total_equity", year)
    out = [f"At the end of FY{year}, {name} had total assets of {money_words(assets, cur)}"
           f"{than_the_year_before(get, company, 'total_assets', year)}."]
    if not is_missing(liabilities):
        out.append(f"It owed {money_words(liabilities, cur)} to others, its liabilities.")
    if not is_missing(equity):
        if equity >= 0:
            out.append(f"What is left for the owners, its equity, was {money_words(equity, cur)}.")
        else:
            out.append(f"It owed {money_words(-equity, cur)} more than it owned, so its equity was "
                       "negative.")
    verdicts = assess(company, year)
    liquidity, leverage = verdicts["liquidity"], verdicts["leverage"]
    ca, cl = get("current_assets", year), get("current_liabilities", year)
    if not is_missing(ca) and not is_missing(cl) and cl > 0:
        out.append(f"For each {currency_prefix(cur)}1 due within a year, it had "
                   f"{_dollars(ca / cl, cur)} that turns into cash within a year.")
    out += verdict_sentences(liquidity)
    debt = get("total_debt", year)
    if not is_missing(debt):
        share = debt / assets if assets else float("nan")
        out.append(f"Debt was {money_words(debt, cur)}, about {per_hundred(share, cur)} of every "
                   f"{per_hundred(1, cur)} of assets{than_the_year_before(get, company, 'total_debt', year)}.")
    out += verdict_sentences(leverage)
    if liquidity.level == "tight":
        out.append(why_it_should_care(liquidity))
    elif leverage.known:
        out.append(why_it_should_care(leverage))
    else:
        out.append("Why IT should care: lenders and owners both have a claim on the company, and "
                   "their claims shape the budget.")
    return Explanation(title, " ".join(out), subject="balance", company=name, fiscal_year=year,
                       value=equity)


def _dollars(amount: float, currency: str) -> str:
    """'$1.10' for per-dollar amounts."""
    return f"{currency_prefix(currency)}{amount:,.2f}"


# --- cash flow -------------------------------------------------------------------------------

def explain_cashflow(company, fiscal_year: int | None = None) -> Explanation:
    """The cash-flow statement in words: cash from the business, capital spending, free cash flow.

    >>> import finlit
    >>> explain_cashflow(finlit.load("MSFT"), 2024).reason.startswith("The data has no cash-flow")
    True
    """
    title, year, get, early = start_paragraph(company, fiscal_year, "cashflow")
    if early is not None:
        return early
    name, cur = company.name, company.currency
    ocf = get("operating_cash_flow", year)
    if is_missing(ocf):
        reason = (f"The data has no cash-flow statement for {name} in FY{year}, so cash cannot be "
                  "explained here. Profit is not the same as cash, so ask for the cash figures.")
        return missing_paragraph(title, "cashflow", company, year, reason)
    out = []
    if ocf >= 0:
        out.append(f"In FY{year}, the business of {name} brought in {money_words(ocf, cur)} of cash"
                   f"{than_the_year_before(get, company, 'operating_cash_flow', year)}.")
    else:
        out.append(f"In FY{year}, the business of {name} used {money_words(-ocf, cur)} more cash "
                   "than it brought in.")
    net = get("net_income", year)
    if not is_missing(net) and net > 0 and ocf > 0:
        if ocf >= net:
            out.append(f"That is more than its profit of {money_words(net, cur)}, a good sign: the "
                       "profit is backed by cash.")
        else:
            out.append(f"That is less than its profit of {money_words(net, cur)}, so some profit is "
                       "still waiting to be paid in cash.")
    capex = get("capital_expenditure", year)
    fcf = get("free_cash_flow", year)
    if not is_missing(capex):
        out.append(f"It spent {money_words(capex, cur)} on long-lived assets such as buildings, "
                   "machines and servers.")
    if not is_missing(fcf):
        if fcf >= 0:
            out.append(f"That left {money_words(fcf, cur)} of free cash flow"
                       f"{than_the_year_before(get, company, 'free_cash_flow', year)}.")
        else:
            out.append(f"Free cash flow was negative: it spent {money_words(-fcf, cur)} more than "
                       "the business brought in.")
    else:
        out.append("Capital spending is not reported, so free cash flow cannot be worked out.")
    paid = [(money_words(v, cur), what) for v, what in
            ((get("dividends_paid", year), "in dividends"),
             (get("share_repurchases", year), "to buy back its own shares"))
            if not is_missing(v) and v > 0]
    if paid:
        out.append("It paid owners " + " and ".join(f"{m} {w}" for m, w in paid) + ".")
    cash = assess(company, year)["cash"]
    out.append(why_it_should_care(cash) if cash.known and not is_missing(fcf) else
               "Why IT should care: cash, not profit, pays salaries and vendors.")
    return Explanation(title, " ".join(out), subject="cashflow", company=name, fiscal_year=year,
                       value=fcf)


EXPLAINERS = {"income": explain_income, "balance": explain_balance, "cashflow": explain_cashflow}


def explain_statement(company, statement: str = "income", fiscal_year: int | None = None) -> Explanation:
    """The paragraph for one statement: 'income', 'balance' or 'cashflow'.

    >>> import finlit
    >>> explain_statement(finlit.load("AAPL"), "cashflow", 2023).title
    'Cash flow'
    """
    if statement not in EXPLAINERS:
        raise ValueError(f"unknown statement {statement!r}; use one of {', '.join(EXPLAINERS)}")
    return EXPLAINERS[statement](company, fiscal_year)


def explain_statements(company, fiscal_year: int | None = None) -> list[Explanation]:
    """All three paragraphs, in the usual reading order."""
    return [f(company, fiscal_year) for f in EXPLAINERS.values()]
