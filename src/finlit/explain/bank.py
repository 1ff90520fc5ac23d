"""A bank's statements in words: how it makes money, what bad loans cost, what it spends to run.

A bank earns the spread between the interest it is paid on loans and the interest it pays on
deposits (net interest income), plus fees (noninterest income); together they are its
revenue (total net revenue). It sets money aside for loans that will not be repaid (the
provision for credit losses) and pays to run the bank (noninterest expense, technology
included). Judgements come from the year's verdicts (`finlit.judge`), as for any company.

>>> import finlit
>>> e = explain_bank_income(finlit.load("JPM"), 2024)
>>> e.text.startswith("JPMorgan Chase & Co. had total net revenue of")
True
"""
from __future__ import annotations

from ..itspend.sources import technology_line_caption
from ..judge import assess
from .common import start_paragraph, than_the_year_before, verdict_sentences, why_it_should_care
from .explanation import Explanation
from .text import is_missing, money_words, per_hundred, sentence


def _revenue_parts(get, year, cur) -> str:
    nii, fees = get("net_interest_income", year), get("noninterest_income", year)
    parts = []
    if not is_missing(nii):
        parts.append(f"{money_words(nii, cur)} of net interest income (what loans earn above what "
                     "deposits cost)")
    if not is_missing(fees):
        parts.append(f"{money_words(fees, cur)} of noninterest income (fees and trading)")
    return " and ".join(parts)


def _costs(company, get, year, cur, revenue) -> list[str]:
    out = []
    provision = get("provision_for_credit_losses", year)
    if not is_missing(provision):
        out.append(f"It set aside {money_words(provision, cur)} for loans that may not be repaid.")
    expense, tech = get("noninterest_expense", year), get("technology_expense", year)
    if not is_missing(expense):
        run = f"Running the bank cost {money_words(expense, cur)}"
        if revenue > 0:
            run += f", {per_hundred(expense / revenue, cur)} of every {per_hundred(1, cur)} of revenue"
        out.append(sentence(run))
        if not is_missing(tech):
            out.append(f"Of that, {money_words(tech, cur)} went on "
                       f"{technology_line_caption(company)}.")
    return out


def explain_bank_income(company, fiscal_year: int | None = None) -> Explanation:
    """A bank's income statement in words: revenue and where it comes from, credit costs,
    the cost of running the bank, profit, and why IT should care."""
    title, year, get, early = start_paragraph(company, fiscal_year, "income", needs="revenue",
                                              otherwise="The data has no revenue for {name} in FY{year}.")
    if early is not None:
        return early
    name, cur, revenue = company.name, company.currency, get("revenue", year)
    out = [f"{name} had total net revenue of {money_words(revenue, cur)} in FY{year}"
           f"{than_the_year_before(get, company, 'revenue', year)}."]
    parts = _revenue_parts(get, year, cur)
    if parts:
        out.append(sentence(f"That is {parts}"))
    out += _costs(company, get, year, cur, revenue)
    pretax, net = get("pretax_income", year), get("net_income", year)
    if not is_missing(pretax):
        out.append(f"That left {money_words(pretax, cur)} before tax.")
    if not is_missing(net):
        out.append(f"Net income was {money_words(net, cur)}{than_the_year_before(get, company, 'net_income', year)}.")
    verdicts = assess(company, year)
    out += verdict_sentences(verdicts["profitability"])
    credit = verdicts.get("credit")
    if credit is not None and credit.known:
        out += verdict_sentences(credit)
    out.append(why_it_should_care(verdicts["profitability"]))
    return Explanation(title, " ".join(out), subject="income", company=name, fiscal_year=year, value=net)


def explain_bank_balance(company, fiscal_year: int | None = None) -> Explanation:
    """A bank's balance sheet in words: loans, deposits, capital, and why IT should care."""
    title, year, get, early = start_paragraph(company, fiscal_year, "balance", needs="total_assets",
                                              otherwise="The data has no balance sheet for {name} in FY{year}.")
    if early is not None:
        return early
    name, cur = company.name, company.currency
    assets, equity = get("total_assets", year), get("total_equity", year)
    out = [f"At the end of FY{year}, {name} had total assets of {money_words(assets, cur)}"
           f"{than_the_year_before(get, company, 'total_assets', year)}."]
    loans, deposits = get("loans_net", year), get("deposits", year)
    if not is_missing(loans):
        out.append(f"Loans to customers, after what is set aside for bad ones, were {money_words(loans, cur)}.")
    if not is_missing(deposits):
        out.append(f"Customers' deposits, money the bank owes them, were {money_words(deposits, cur)}.")
    if not is_missing(equity):
        out.append(f"The owners' equity was {money_words(equity, cur)}.")
    verdicts = assess(company, year)
    out += verdict_sentences(verdicts["liquidity"]) + verdict_sentences(verdicts["leverage"])
    out.append(why_it_should_care(verdicts["leverage"]))
    return Explanation(title, " ".join(out), subject="balance", company=name, fiscal_year=year, value=equity)
