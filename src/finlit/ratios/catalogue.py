"""The ratio catalogue of FINANCE.md §3, each ratio a registered pure function, the bank
ratios of FINANCE.md §3 "Banks and insurers" (category `bank`, by default for banks only),
and the IT ratios of FINANCE.md §4 (category `it`, computed only when asked for).

Functions take and return pandas Series (or plain numbers); division by zero
and meaningless values are turned into NaN with a reason by the engine, never
±inf. The cut-offs the explanations use (a "thin" margin, "heavy" debt, the
healthy range of the current ratio) are registered here with their source.

>>> from finlit.ratios.catalogue import gross_margin
>>> round(gross_margin(gross_profit=169148, revenue=383285), 4)  # Apple FY2023, $ millions
0.4413
"""
from __future__ import annotations

import pandas as pd

from .registry import ratio

# where the cut-offs come from: rules of thumb of general finance guides, not industry benchmarks
MARGIN_SOURCE = ("rule of thumb of general finance guides (attributed to the Corporate Finance "
                 "Institute): a net margin of 5% is low, 10% average, 20% high; margins differ "
                 "widely by industry (a retailer runs on a few percent)")

# kinds of company a ratio means nothing for (FINANCE.md §3, "Banks and insurers"): a bank or an
# insurer has no cost of sales, inventory or current/non-current split; a bank has no operating
# income either (its interest expense is the cost of its product, not of its debt), and its
# operating cash flow swings with its trading book, so cash-flow ratios say little about it
NOT_FOR_FINANCIALS = ("bank", "insurer")
NOT_FOR_BANKS = ("bank",)

# --- profitability -------------------------------------------------------------------------


@ratio("gross_margin", "Gross margin", "profitability", "gross_profit / revenue",
       direction="higher", unit="percent",
       explanation="The share of each sale left after paying for the goods or services sold.",
       why="A high gross margin leaves room to pay for everything else, IT included; "
           "a thin one means every cost is watched.",
       not_for=NOT_FOR_FINANCIALS)
def gross_margin(gross_profit, revenue):
    return gross_profit / revenue


@ratio("operating_margin", "Operating margin", "profitability", "operating_income / revenue",
       direction="higher", unit="percent",
       explanation="The share of each sale left as profit from running the business, "
                   "before interest and tax.",
       why="IT is an operating cost: a change in the IT budget moves this margin directly.",
       thresholds={"thin": 0.05},
       source="finlit: the 5% line of the net-margin rule of thumb (" + MARGIN_SOURCE + ")",
       not_for=NOT_FOR_BANKS)
def operating_margin(operating_income, revenue):
    return operating_income / revenue


@ratio("net_margin", "Net margin", "profitability", "net_income / revenue",
       direction="higher", unit="percent",
       explanation="The share of each sale kept as profit after all costs, interest and tax.",
       why="A thin net margin means budget requests must show a clear payback.",
       thresholds={"thin": 0.05, "wide": 0.20}, source=MARGIN_SOURCE)
def net_margin(net_income, revenue):
    return net_income / revenue


@ratio("ebitda_margin", "EBITDA margin", "profitability",
       "(operating_income + depreciation_amortization) / revenue",
       direction="higher", unit="percent",
       explanation="Operating profit before the cost of wearing out equipment and software "
                   "(depreciation and amortization), as a share of sales.",
       why="Moving servers to the cloud turns depreciation into running costs: "
           "it lowers this margin even when total cost stays the same.",
       not_for=NOT_FOR_BANKS)
def ebitda_margin(operating_income, depreciation_amortization, revenue):
    return (operating_income + depreciation_amortization) / revenue


@ratio("return_on_assets", "Return on assets", "profitability", "net_income / total_assets",
       direction="higher", unit="percent", averaged=("total_assets",),
       explanation="Profit earned for each dollar of things the company owns.",
       why="Data centers and devices are assets: they must earn their keep like any other.")
def return_on_assets(net_income, total_assets):
    return net_income / total_assets


@ratio("return_on_equity", "Return on equity", "profitability", "net_income / total_equity",
       direction="higher", unit="percent", must_be_positive=("total_equity",),
       averaged=("total_equity",),
       explanation="Profit earned for each dollar the owners have in the company.",
       why="Owners judge managers, the CIO included, by this return.")
def return_on_equity(net_income, total_equity):
    return net_income / total_equity


@ratio("effective_tax_rate", "Effective tax rate", "profitability", "income_tax / pretax_income",
       direction="range", unit="percent", must_be_positive=("pretax_income",), good_range=(0.1, 0.3),
       explanation="The share of profit before tax that went to income tax.",
       why="Tax rules treat bought equipment and cloud services differently, "
           "which can change what a project really costs.")
def effective_tax_rate(income_tax, pretax_income):
    return income_tax / pretax_income


# --- liquidity -----------------------------------------------------------------------------


@ratio("current_ratio", "Current ratio", "liquidity", "current_assets / current_liabilities",
       direction="range", unit="times", good_range=(1.0, 3.0),
       explanation="What the company owns that turns into cash within a year, "
                   "for each dollar it must pay within a year.",
       why="Below 1, cash is tight: expect purchases to be delayed and vendors paid late.",
       source="rule of thumb of general finance guides: below 1 the company may struggle to pay "
              "what falls due within a year; analysts often call 1.5–3 healthy, and above 3 a "
              "sign that short-term assets are not put to work (finlit: 1 to 3)",
       not_for=NOT_FOR_FINANCIALS)
def current_ratio(current_assets, current_liabilities):
    return current_assets / current_liabilities


@ratio("quick_ratio", "Quick ratio", "liquidity",
       "(cash_and_equivalents + short_term_investments + receivables) / current_liabilities",
       direction="range", unit="times", good_range=(0.8, 3.0),
       explanation="Cash, investments and money owed by customers for each dollar due within a year; "
                   "stock in the warehouse does not count.",
       why="A low quick ratio means the company depends on selling stock to pay its bills.",
       not_for=NOT_FOR_FINANCIALS)
def quick_ratio(cash_and_equivalents, short_term_investments, receivables, current_liabilities):
    return (cash_and_equivalents + short_term_investments + receivables) / current_liabilities


@ratio("cash_ratio", "Cash ratio", "liquidity",
       "(cash_and_equivalents + short_term_investments) / current_liabilities",
       direction="range", unit="times", good_range=(0.2, 2.0),
       explanation="Cash and short-term investments for each dollar due within a year.",
       why="Cash on hand is what pays for a project this year without new borrowing.",
       not_for=NOT_FOR_FINANCIALS)
def cash_ratio(cash_and_equivalents, short_term_investments, current_liabilities):
    return (cash_and_equivalents + short_term_investments) / current_liabilities


@ratio("working_capital", "Working capital", "liquidity", "current_assets − current_liabilities",
       direction="higher", unit="money",
       explanation="What the company owns that turns into cash within a year, "
                   "minus what it must pay within a year.",
       why="Better billing and inventory systems free working capital: cash the business can use.",
       not_for=NOT_FOR_FINANCIALS)
def working_capital(current_assets, current_liabilities):
    return current_assets - current_liabilities


# --- solvency ------------------------------------------------------------------------------


@ratio("debt_to_equity", "Debt to equity", "solvency", "total_debt / total_equity",
       direction="lower", unit="times", must_be_positive=("total_equity",),
       explanation="Borrowed money for each dollar the owners have put in or left in.",
       why="Heavy debt means interest comes first: cost cutting, IT included, is likely.",
       thresholds={"heavy": 2.0},
       source="rule of thumb of general finance guides: a debt to equity below 1 is seen as safe, "
              "2 or more as risky; banks and utilities normally run higher")
def debt_to_equity(total_debt, total_equity):
    return total_debt / total_equity


@ratio("debt_to_assets", "Debt to assets", "solvency", "total_debt / total_assets",
       direction="lower", unit="percent",
       explanation="The share of what the company owns that was paid for with borrowed money.",
       why="Lenders watch this number; a high one limits new borrowing for big projects.")
def debt_to_assets(total_debt, total_assets):
    return total_debt / total_assets


@ratio("liabilities_to_assets", "Liabilities to assets", "solvency",
       "total_liabilities / total_assets", direction="lower", unit="percent",
       explanation="The share of what the company owns that is owed to others.",
       why="Banks run near 90%, most firms far lower: read it against the industry.")
def liabilities_to_assets(total_liabilities, total_assets):
    return total_liabilities / total_assets


@ratio("interest_coverage", "Interest coverage", "solvency", "operating_income / interest_expense",
       direction="higher", unit="times", must_be_positive=("interest_expense",),
       explanation="How many times operating profit covers the interest on the company's debt.",
       why="Below about 2, interest payments crowd out new spending.",
       not_for=NOT_FOR_BANKS)
def interest_coverage(operating_income, interest_expense):
    return operating_income / interest_expense


# --- efficiency ----------------------------------------------------------------------------


@ratio("asset_turnover", "Asset turnover", "efficiency", "revenue / total_assets",
       direction="higher", unit="times", averaged=("total_assets",),
       explanation="Sales made for each dollar of things the company owns.",
       why="Retailers turn assets fast, utilities slowly: IT that raises sales per asset adds value.",
       not_for=NOT_FOR_BANKS)
def asset_turnover(revenue, total_assets):
    return revenue / total_assets


@ratio("inventory_turnover", "Inventory turnover", "efficiency", "cost_of_revenue / inventory",
       direction="higher", unit="times", averaged=("inventory",),
       explanation="How many times a year the stock in the warehouse is sold and replaced.",
       why="Supply-chain and planning systems earn their cost by raising this number.",
       not_for=NOT_FOR_FINANCIALS)
def inventory_turnover(cost_of_revenue, inventory):
    return cost_of_revenue / inventory


@ratio("days_sales_outstanding", "Days sales outstanding", "efficiency",
       "receivables / revenue × 365", direction="lower", unit="days", averaged=("receivables",),
       explanation="How many days, on average, customers take to pay.",
       why="Billing and collection systems shorten it, which puts cash in the bank sooner.",
       not_for=NOT_FOR_FINANCIALS)
def days_sales_outstanding(receivables, revenue):
    return receivables / revenue * 365


@ratio("days_inventory_outstanding", "Days inventory outstanding", "efficiency",
       "inventory / cost_of_revenue × 365", direction="lower", unit="days", averaged=("inventory",),
       explanation="How many days, on average, goods sit in stock before they are sold.",
       why="Better forecasting and inventory systems cut this and the cash tied up in stock.",
       not_for=NOT_FOR_FINANCIALS)
def days_inventory_outstanding(inventory, cost_of_revenue):
    return inventory / cost_of_revenue * 365


@ratio("days_payables_outstanding", "Days payables outstanding", "efficiency",
       "payables / cost_of_revenue × 365", direction="range", unit="days", averaged=("payables",),
       good_range=(30.0, 90.0),
       explanation="How many days, on average, the company takes to pay its suppliers.",
       why="IT vendors are suppliers too: a long number means slow payment of their invoices.",
       not_for=NOT_FOR_FINANCIALS)
def days_payables_outstanding(payables, cost_of_revenue):
    return payables / cost_of_revenue * 365


@ratio("cash_conversion_cycle", "Cash conversion cycle", "efficiency", "DSO + DIO − DPO",
       direction="lower", unit="days", averaged=("receivables", "inventory", "payables"),
       explanation="Days between paying suppliers and being paid by customers.",
       why="Each day cut frees cash; order-to-cash and procure-to-pay systems are where it is won.",
       not_for=NOT_FOR_FINANCIALS)
def cash_conversion_cycle(receivables, revenue, inventory, cost_of_revenue, payables):
    return (receivables / revenue + inventory / cost_of_revenue - payables / cost_of_revenue) * 365


# --- cash ----------------------------------------------------------------------------------


@ratio("operating_cash_flow_margin", "Operating cash-flow margin", "cash",
       "operating_cash_flow / revenue", direction="higher", unit="percent",
       explanation="Cash brought in by the business for each dollar of sales.",
       why="Cash, not profit, pays salaries and vendors.",
       not_for=NOT_FOR_BANKS)
def operating_cash_flow_margin(operating_cash_flow, revenue):
    return operating_cash_flow / revenue


@ratio("free_cash_flow", "Free cash flow", "cash", "operating_cash_flow − capital_expenditure",
       direction="higher", unit="money",
       explanation="Cash left after paying for equipment, buildings and other long-lived assets.",
       why="Strong free cash flow means room to invest, in IT too.",
       not_for=NOT_FOR_BANKS)
def free_cash_flow(operating_cash_flow, capital_expenditure):
    return operating_cash_flow - capital_expenditure


@ratio("free_cash_flow_margin", "Free cash-flow margin", "cash",
       "(operating_cash_flow − capital_expenditure) / revenue", direction="higher", unit="percent",
       explanation="Free cash flow for each dollar of sales.",
       why="It shows how much of each sale can fund new projects or go back to owners.",
       not_for=NOT_FOR_BANKS)
def free_cash_flow_margin(operating_cash_flow, capital_expenditure, revenue):
    return (operating_cash_flow - capital_expenditure) / revenue


@ratio("cash_conversion", "Cash conversion", "cash", "operating_cash_flow / net_income",
       direction="higher", unit="times", must_be_positive=("net_income",),
       explanation="Cash brought in for each dollar of reported profit.",
       why="Profit is an estimate; cash is a fact. Well below 1, ask where the cash went.",
       not_for=NOT_FOR_BANKS)
def cash_conversion(operating_cash_flow, net_income):
    return operating_cash_flow / net_income


@ratio("capex_to_revenue", "Capex to revenue", "cash", "capital_expenditure / revenue",
       direction="range", unit="percent", good_range=(0.02, 0.15),
       explanation="Spending on long-lived assets for each dollar of sales.",
       why="IT hardware and capitalised software are part of this spending.")
def capex_to_revenue(capital_expenditure, revenue):
    return capital_expenditure / revenue


@ratio("capex_to_depreciation", "Capex to depreciation", "cash",
       "capital_expenditure / depreciation_amortization", direction="range", unit="times",
       good_range=(1.0, 2.0),
       explanation="New investment for each dollar of assets worn out during the year.",
       why="Below 1 the company is not replacing what wears out: expect ageing equipment.")
def capex_to_depreciation(capital_expenditure, depreciation_amortization):
    return capital_expenditure / depreciation_amortization


# --- growth --------------------------------------------------------------------------------


@ratio("revenue_growth", "Revenue growth", "growth", "revenue / revenue(previous year) − 1",
       direction="higher", unit="percent", must_be_positive=("revenue_previous",),
       explanation="How much sales grew compared with the year before.",
       why="IT budgets usually follow revenue: compare your budget's growth with this.")
def revenue_growth(revenue, revenue_previous):
    return revenue / revenue_previous - 1


@ratio("net_income_growth", "Net income growth", "growth",
       "net_income / net_income(previous year) − 1", direction="higher", unit="percent",
       must_be_positive=("net_income_previous",),
       explanation="How much profit grew compared with the year before.",
       why="Falling profit usually means budget pressure next year.")
def net_income_growth(net_income, net_income_previous):
    return net_income / net_income_previous - 1


@ratio("operating_expense_growth", "Operating cost growth", "growth",
       "(revenue − operating_income) / same previous year − 1", direction="lower", unit="percent",
       undefined="previous year's operating costs (revenue − operating income) are zero: "
                 "operating cost growth is not defined",
       explanation="How much total operating costs grew compared with the year before.",
       why="When costs grow faster than sales, cost cutting follows; IT is often on the list.",
       not_for=NOT_FOR_BANKS)
def operating_expense_growth(revenue, operating_income, revenue_previous, operating_income_previous):
    return (revenue - operating_income) / (revenue_previous - operating_income_previous) - 1


# --- banks (FINANCE.md §3, "Banks and insurers"): by default for banks only -------------------
# A bank's revenue is its total net revenue: net interest income + noninterest income (the
# interest it pays is already taken off). The bank ratios read `total_net_revenue`; for a bank
# it is the same figure as `revenue`.

JPM_10K_2024 = "JPMorgan Chase 2024 Form 10-K, accession 0000019617-25-000270"
BANK_RATIO = ("operating", "insurer")   # the bank ratios mean nothing for these kinds


@ratio("efficiency_ratio", "Efficiency ratio", "bank", "noninterest_expense / total_net_revenue",
       direction="lower", unit="percent", must_be_positive=("total_net_revenue",),
       not_for=BANK_RATIO, usual_range=(0.55, 0.65),
       source="FINANCE.md §3 (Banks and insurers): lower is better; large US banks commonly run at "
              f"55–65%. For scale: JPMorgan FY2024 51.7% (91,797 / 177,556 $ millions, {JPM_10K_2024})",
       explanation="How many cents the bank spends on running itself (staff, technology, offices, "
                   "marketing) for each dollar of revenue it brings in. Lower is better.",
       why="Technology is one of the biggest costs inside this ratio, and bank leaders promise it to "
           "shareholders: IT projects are argued in points of efficiency ratio.")
def efficiency_ratio(noninterest_expense, total_net_revenue):
    return noninterest_expense / total_net_revenue


@ratio("net_interest_income_share", "Net interest income share of revenue", "bank",
       "net_interest_income / total_net_revenue", direction="neutral", unit="percent",
       must_be_positive=("total_net_revenue",), not_for=BANK_RATIO,
       source="no usual range registered. The interest margin is the main source of revenue for most "
              "banks (Federal Reserve Bank of Minneapolis, 'Noninterest income in Ninth District banks', "
              "2019); fees had grown to nearly half of US commercial banks' operating income (DeYoung and "
              "Rice, 'How do banks make money? The fallacies of fee income', Federal Reserve Bank of "
              f"Chicago Economic Perspectives, 2004). For scale: JPMorgan FY2024 52.1% (92,583 / 177,556 "
              f"$ millions, {JPM_10K_2024})",
       explanation="The share of the bank's revenue earned on the spread: interest received on loans and "
                   "securities minus interest paid on deposits and borrowings. The rest is fees, "
                   "trading and other noninterest income.",
       why="A bank that lives on its interest margin rises and falls with interest rates; fee "
           "businesses (payments, cards, wealth management) run on platforms and digital channels.")
def net_interest_income_share(net_interest_income, total_net_revenue):
    return net_interest_income / total_net_revenue


@ratio("provision_to_loans", "Credit cost (provision to loans)", "bank",
       "provision_for_credit_losses / loans_net", direction="lower", unit="percent",
       must_be_positive=("loans_net",), averaged=("loans_net",), not_for=BANK_RATIO,
       thresholds={"light": 0.005, "heavy": 0.015},
       source="finlit's own cut-offs for words (under 0.5% light, over 1.5% heavy), no published "
              "usual range: the provision swings with the credit cycle (US banks' "
              "provisions rose from under $20 billion in 2007 to over $70 billion in 2008: Federal "
              "Reserve Bank of Cleveland, 'Loan-loss provisioning', Economic Trends, 2015), so read it "
              "against the bank's own years. FINANCE.md §3 divides by average loans: use average balances",
       explanation="What the bank set aside in the year for loans it expects to go bad, for each "
                   "dollar it has lent (net of the allowance already set aside).",
       why="When credit costs jump, profit falls fast and spending outside risk and collections is "
           "cut; credit-risk and collection systems are what keep this number down.")
def provision_to_loans(provision_for_credit_losses, loans_net):
    return provision_for_credit_losses / loans_net


@ratio("loans_to_deposits", "Loans to deposits", "bank", "loans_net / deposits",
       direction="neutral", unit="percent", must_be_positive=("deposits",), not_for=BANK_RATIO,
       usual_range=(0.80, 0.90), thresholds={"ample": 0.80, "stretched": 1.00},
       source="rule of thumb of general finance guides: 80–90% is commonly called a good balance "
              "(reference.com, 'What is a good loan to deposit ratio?', citing Forbes, 2014); above "
              "100% a bank lends more than its deposits and relies on market funding, a liquidity risk "
              "(visbanking.com, 'The hidden truth about bank loan-to-deposit ratios in crisis'). "
              "Large banks that hold many securities run well below 80%",
       explanation="How much the bank has lent for each dollar its customers have deposited.",
       why="Deposits are a bank's cheapest funding: the apps, branches and payment services that win "
           "and keep deposits are what lets it lend without borrowing in the markets.")
def loans_to_deposits(loans_net, deposits):
    return loans_net / deposits


@ratio("equity_to_assets", "Equity to assets", "bank", "total_equity / total_assets",
       direction="higher", unit="percent", must_be_positive=("total_assets",), not_for=("operating",),
       usual_range=(0.08, 0.10), thresholds={"thin": 0.06, "thick": 0.10},
       source="cut-offs for words: under 6% thin (finlit's own), 10% or more thick (the top of the "
              "usual range). Usual range: finlit's arithmetic on 'Top 5 U.S. banks', Star Tribune, "
              "2010-09-22 (SNL Financial, "
              "company reports): total equity / assets of Bank of America 233/2,300 (10.1%), JPMorgan "
              "171/2,000 (8.6%), Citigroup 155/1,900 (8.2%), Wells Fargo 121/1,200 (10.1%), U.S. Bancorp "
              "29/283 (10.2%), $ billions. Regulators judge capital on risk-weighted ratios, not this one",
       explanation="The share of what the bank owns that is paid for by its owners rather than by "
                   "depositors and lenders: the cushion that absorbs losses.",
       why="Capital is what regulators watch first: a thin cushion means capital, not profit, sets "
           "how much the bank may spend and grow.")
def equity_to_assets(total_equity, total_assets):
    return total_equity / total_assets


@ratio("noninterest_expense_growth", "Noninterest expense growth", "bank",
       "noninterest_expense / noninterest_expense(previous year) − 1", direction="lower",
       unit="percent", must_be_positive=("noninterest_expense_previous",), not_for=BANK_RATIO,
       explanation="How much the bank's running costs (everything but interest and the provision for "
                   "bad loans) grew compared with the year before.",
       why="Technology spending is part of these costs: compare its growth with revenue growth.")
def noninterest_expense_growth(noninterest_expense, noninterest_expense_previous):
    return noninterest_expense / noninterest_expense_previous - 1


@ratio("expense_growth_gap_pp", "Expense growth minus revenue growth", "bank",
       "(noninterest_expense_growth − total_net_revenue growth) × 100", direction="lower",
       unit="points", must_be_positive=("total_net_revenue_previous",), not_for=BANK_RATIO,
       thresholds={"notable": 1.0},
       source="finlit: as for IT growth minus revenue growth, a gap under 1 point is within the noise "
              "of a budget and is not remarked on",
       explanation="How many percentage points faster the bank's running costs grew than its revenue. "
                   "Negative is good: bankers call it positive operating leverage, or positive jaws.",
       why="When costs outgrow revenue, the efficiency ratio worsens and technology budgets are among "
           "the first to be questioned.")
def expense_growth_gap_pp(noninterest_expense_growth, total_net_revenue, total_net_revenue_previous):
    return (noninterest_expense_growth - (total_net_revenue / total_net_revenue_previous - 1)) * 100


TECHNOLOGY_LINE = ("the bank's technology expense line (JPMorgan: 'technology, communications and "
                   "equipment'; Bank of America: 'technology and equipment'). It is not the IT budget: "
                   "it also holds communications and equipment, and the pay of technology staff is "
                   "usually booked as compensation instead")


@ratio("technology_pct_noninterest_expense", "Technology as % of noninterest expense", "bank",
       "technology_expense / noninterest_expense", direction="neutral", unit="percent",
       must_be_positive=("noninterest_expense",), not_for=BANK_RATIO,
       source="no usual range registered: banks name and bound the technology line differently",
       explanation="The share of the bank's running costs booked on " + TECHNOLOGY_LINE + ".",
       why="It shows how big technology is in the cost base the efficiency ratio is built from.")
def technology_pct_noninterest_expense(technology_expense, noninterest_expense):
    return technology_expense / noninterest_expense


@ratio("technology_pct_revenue", "Technology as % of revenue", "bank",
       "technology_expense / total_net_revenue", direction="neutral", unit="percent",
       must_be_positive=("total_net_revenue",), not_for=BANK_RATIO,
       source="no usual range registered; compare with the IT-spend benchmarks for banking "
              "(FINANCE.md §4), remembering that the line is not the whole IT budget",
       explanation="The share of each dollar of revenue that goes to " + TECHNOLOGY_LINE + ".",
       why="It is the bank's own, reported answer to 'how much of revenue goes to technology'.")
def technology_pct_revenue(technology_expense, total_net_revenue):
    return technology_expense / total_net_revenue


# --- IT spend (FINANCE.md §4): opt-in, computed only when asked for by key or category --------
# IT spend, IT capex and IT opex are the canonical items it_spend, it_capex and it_opex: from
# the statements, or put into the panel by finlit.itspend from a budget, a disclosure or an
# estimate (which then gives its own reasons for the years it has no figure).

IT_SOURCE = "FINANCE.md §4 (views of IT spend versus revenue)"


def _positive(x):
    """x where it is positive, NaN elsewhere (a Series or a plain number)."""
    return x.where(x > 0) if isinstance(x, pd.Series) else (x if x > 0 else float("nan"))


@ratio("it_pct_revenue", "IT spend as % of revenue", "it", "it_spend / revenue",
       direction="neutral", unit="percent", must_be_positive=("revenue",), source=IT_SOURCE,
       explanation="The share of each sale that pays for IT: staff, software, cloud, hardware, "
                   "network and services.",
       why="It is the number IT budgets are compared with: read it beside the published figures "
           "for the industry, each for what it is (survey, year, median or mean).")
def it_pct_revenue(it_spend, revenue):
    return it_spend / revenue


@ratio("it_per_employee", "IT spend per employee", "it", "it_spend / employees",
       direction="neutral", unit="money", must_be_positive=("employees",), source=IT_SOURCE,
       missing={"employees": "employees (headcount) not available: add them to the statements "
                             "to see IT spend per employee"},
       explanation="What IT costs for each person the company employs.",
       why="It ties the IT budget to headcount: hiring and job cuts move it.")
def it_per_employee(it_spend, employees):
    return it_spend / employees


OPERATING_COSTS_MISSING = "total operating costs not available: needs revenue and operating income"


# the key keeps its old name (it_pct_opex) for compatibility; it divides by total operating
# costs, not by operating expenses (which leave out cost of revenue: see the glossary)
@ratio("it_pct_opex", "IT spend as % of total operating costs", "it",
       "it_spend / (revenue − operating_income)", direction="neutral", unit="percent",
       source=IT_SOURCE,
       missing={"revenue": OPERATING_COSTS_MISSING, "operating_income": OPERATING_COSTS_MISSING},
       undefined="total operating costs (revenue − operating income) are zero or negative: "
                 "IT spend as % of total operating costs is not meaningful",
       explanation="The share of total operating costs (revenue − operating income: cost of "
                   "revenue plus operating expenses) that goes to IT.",
       why="It shows how big IT is in the cost base, which matters when costs are cut. "
           "Gartner's 3.7% of operating expenses uses Gartner's own definition, so it is "
           "not the same measure.")
def it_pct_opex(it_spend, revenue, operating_income):
    return it_spend / _positive(revenue - operating_income)


@ratio("it_growth", "IT spend growth", "it", "it_spend / it_spend(previous year) − 1",
       direction="neutral", unit="percent", must_be_positive=("it_spend_previous",),
       source=IT_SOURCE,
       explanation="How much IT spend grew compared with the year before.",
       why="Compare it with revenue growth: IT growing faster than sales draws attention.")
def it_growth(it_spend, it_spend_previous):
    return it_spend / it_spend_previous - 1


@ratio("growth_gap_pp", "IT growth minus revenue growth", "it",
       "(it_growth − revenue_growth) × 100", direction="neutral", unit="points",
       thresholds={"notable": 1.0},
       source=IT_SOURCE + "; finlit: a gap under 1 point is within the noise of a budget and "
                          "is not remarked on",
       explanation="How many percentage points faster IT spend grew than revenue (negative: slower).",
       why="An IT budget that outgrows sales year after year takes a bigger share of every sale.")
def growth_gap_pp(it_growth, revenue_growth):
    return (it_growth - revenue_growth) * 100


@ratio("it_capex_share", "IT capex as % of all capex", "it", "it_capex / capital_expenditure",
       direction="neutral", unit="percent", must_be_positive=("capital_expenditure",),
       source=IT_SOURCE,
       missing={"capital_expenditure": "capital expenditure not available (no cash-flow statement)"},
       explanation="The share of the company's spending on long-lived assets that went to IT "
                   "hardware and capitalised software.",
       why="IT competes with factories, stores and vehicles for the same capital budget.")
def it_capex_share(it_capex, capital_expenditure):
    return it_capex / capital_expenditure


@ratio("revenue_per_it_dollar", "Revenue per IT dollar", "it", "revenue / it_spend",
       direction="neutral", unit="times", must_be_positive=("revenue",), source=IT_SOURCE,
       explanation="Sales made for each dollar spent on IT.",
       why="It turns the IT share of revenue around: what each IT dollar supports.")
def revenue_per_it_dollar(it_spend, revenue):
    return revenue / it_spend


@ratio("margin_effect_10pct_pp", "Margin effect of +10% IT spend", "it",
       "−0.10 × it_spend / revenue × 100", direction="neutral", unit="points",
       must_be_positive=("revenue",), source=IT_SOURCE,
       explanation="How many points of margin (operating margin; pre-tax margin for a bank, "
                   "which has no operating margin) 10% more IT spend would cost, if the "
                   "extra spend is an expense of the year (capex reaches profit only as "
                   "depreciation, spread over the asset's life).",
       why="It puts a budget request in the terms the business uses: points of margin.")
def margin_effect_10pct_pp(it_spend, revenue):
    return -0.10 * it_spend / revenue * 100
