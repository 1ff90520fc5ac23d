"""Canonical line items: one vocabulary for every source (FINANCE.md §1).

Sign convention: costs, expenses and cash outflows are stored as positive
magnitudes; results that can go either way (net income, equity, free cash
flow) keep their natural sign.

>>> ITEMS["cost_of_revenue"].label
'Cost of revenue'
>>> ITEMS["total_assets"].kind
'balance'
"""
from __future__ import annotations

from dataclasses import dataclass

STATEMENTS = ("income", "balance", "cashflow", "other", "it")
STATEMENT_TITLES = {
    "income": "Income statement",
    "balance": "Balance sheet",
    "cashflow": "Cash-flow statement",
    "other": "Headcount and other data",
    "it": "IT spend",
}


@dataclass(frozen=True)
class LineItem:
    """A canonical line item.

    kind: "flow" (measured over the year) or "balance" (at the year end).
    outflow: stored as a positive magnitude although it reduces profit or cash.
    unit: "money", "shares", "per_share" or "count".
    """

    key: str
    statement: str
    label: str
    kind: str
    outflow: bool = False
    unit: str = "money"


def _items(rows: str) -> dict[str, LineItem]:
    out = {}
    for line in rows.strip().splitlines():
        key, statement, label, kind, outflow, unit = (c.strip() for c in line.split("|"))
        out[key] = LineItem(key, statement, label, kind, outflow == "out", unit)
    return out


# key | statement | label | kind | out = stored positive but an outflow | unit
ITEMS: dict[str, LineItem] = _items("""
revenue                         | income   | Revenue                          | flow    |     | money
cost_of_revenue                 | income   | Cost of revenue                  | flow    | out | money
gross_profit                    | income   | Gross profit                     | flow    |     | money
research_and_development        | income   | Research and development         | flow    | out | money
selling_general_administrative  | income   | Selling, general and admin.      | flow    | out | money
operating_expenses              | income   | Operating expenses               | flow    | out | money
operating_income                | income   | Operating income                 | flow    |     | money
interest_income                 | income   | Interest income                  | flow    |     | money
interest_expense                | income   | Interest expense                 | flow    | out | money
net_interest_income             | income   | Net interest income              | flow    |     | money
noninterest_income              | income   | Noninterest income               | flow    |     | money
total_net_revenue               | income   | Total net revenue                | flow    |     | money
premiums_earned                 | income   | Premiums earned                  | flow    |     | money
provision_for_credit_losses     | income   | Provision for credit losses      | flow    | out | money
benefits_and_claims             | income   | Benefits and claims              | flow    | out | money
noninterest_expense             | income   | Noninterest expense              | flow    | out | money
technology_expense              | income   | Technology expense               | flow    | out | money
pretax_income                   | income   | Income before taxes              | flow    |     | money
income_tax                      | income   | Income tax                       | flow    | out | money
net_income                      | income   | Net income                       | flow    |     | money
depreciation_amortization       | income   | Depreciation and amortization    | flow    | out | money
diluted_eps                     | income   | Diluted earnings per share       | flow    |     | per_share
diluted_shares                  | income   | Diluted shares                   | flow    |     | shares
cash_and_equivalents            | balance  | Cash and equivalents             | balance |     | money
short_term_investments          | balance  | Short-term investments           | balance |     | money
receivables                     | balance  | Receivables                      | balance |     | money
inventory                       | balance  | Inventory                        | balance |     | money
current_assets                  | balance  | Current assets                   | balance |     | money
long_term_investments           | balance  | Long-term marketable securities  | balance |     | money
loans_net                       | balance  | Loans (net of allowance)         | balance |     | money
allowance_for_loan_losses       | balance  | Allowance for loan losses        | balance |     | money
ppe_net                         | balance  | Property, plant and equipment    | balance |     | money
goodwill                        | balance  | Goodwill                         | balance |     | money
intangible_assets               | balance  | Intangible assets                | balance |     | money
total_assets                    | balance  | Total assets                     | balance |     | money
payables                        | balance  | Accounts payable                 | balance |     | money
deposits                        | balance  | Deposits                         | balance |     | money
current_liabilities             | balance  | Current liabilities              | balance |     | money
short_term_debt                 | balance  | Short-term debt                  | balance |     | money
long_term_debt                  | balance  | Long-term debt                   | balance |     | money
total_debt                      | balance  | Total debt                       | balance |     | money
total_liabilities               | balance  | Total liabilities                | balance |     | money
total_equity                    | balance  | Shareholders' equity             | balance |     | money
noncontrolling_interest         | balance  | Minority interest                | balance |     | money
retained_earnings               | balance  | Retained earnings                | balance |     | money
operating_cash_flow             | cashflow | Cash from operations             | flow    |     | money
capital_expenditure             | cashflow | Capital expenditure              | flow    | out | money
investing_cash_flow             | cashflow | Cash from investing              | flow    |     | money
financing_cash_flow             | cashflow | Cash from financing              | flow    |     | money
dividends_paid                  | cashflow | Dividends paid                   | flow    | out | money
share_repurchases               | cashflow | Share repurchases                | flow    | out | money
stock_based_compensation        | cashflow | Stock-based compensation         | flow    |     | money
free_cash_flow                  | cashflow | Free cash flow                   | flow    |     | money
employees                       | other    | Employees                        | balance |     | count
it_spend                        | it       | IT spend                         | flow    | out | money
it_capex                        | it       | IT capital spend                 | flow    | out | money
it_opex                         | it       | IT operating spend               | flow    | out | money
capitalized_software            | it       | Capitalized software (net)       | balance |     | money
software_development_payments   | it       | Payments to develop software     | flow    | out | money
""")

BALANCE_ITEMS = tuple(k for k, i in ITEMS.items() if i.kind == "balance")

# Items of a bank's and an insurer's statements (FINANCE.md §3, "Banks and insurers"). For a
# bank, `revenue` is total net revenue (net interest income + noninterest income), and
# `interest_expense` is already netted in it; `technology_expense` is the bank's own technology
# line (JPMorgan "Technology, communications and equipment expense"), part of
# `noninterest_expense`. Sources keep these items only for companies whose kind is not
# "operating" (`finlit.sources.kinds`), where they would mean something else ("interest income,
# net" of a manufacturer is not a bank's net interest income).
BANK_ITEMS = ("interest_income", "net_interest_income", "noninterest_income", "total_net_revenue",
              "provision_for_credit_losses", "noninterest_expense", "technology_expense",
              "loans_net", "allowance_for_loan_losses", "deposits")
INSURER_ITEMS = ("premiums_earned", "benefits_and_claims")
FINANCIAL_ITEMS = BANK_ITEMS + INSURER_ITEMS


def items_of(statement: str) -> list[str]:
    """Canonical keys of one statement, in display order.

    >>> items_of("cashflow")[:2]
    ['operating_cash_flow', 'capital_expenditure']
    """
    return [k for k, item in ITEMS.items() if item.statement == statement]


def label(key: str) -> str:
    """Display label of a canonical key (the key itself when unknown)."""
    item = ITEMS.get(key)
    return item.label if item else key.replace("_", " ").capitalize()


# The order a kind of company lays its statements out in, where it differs from `ITEMS` (FINANCE.md
# §3, "Banks and insurers"). A bank: net interest income + noninterest income = total net revenue
# (its `revenue`), − provision for credit losses − noninterest expense (with its technology line
# inside) = income before taxes; its balance sheet: cash, securities, loans (net of the allowance),
# total assets; deposits, borrowings, total liabilities, equity. Items a statement has that are not
# listed here come after these.
STATEMENT_ORDER: dict[str, dict[str, tuple]] = {
    "bank": {
        "income": ("interest_income", "interest_expense", "net_interest_income", "noninterest_income",
                   "total_net_revenue", "revenue", "provision_for_credit_losses", "noninterest_expense",
                   "technology_expense", "pretax_income", "income_tax", "net_income", "diluted_eps",
                   "diluted_shares"),
        "balance": ("cash_and_equivalents", "short_term_investments", "long_term_investments",
                    "loans_net", "allowance_for_loan_losses", "total_assets", "deposits",
                    "short_term_debt", "long_term_debt", "total_debt", "total_liabilities",
                    "total_equity", "noncontrolling_interest"),
    },
}
