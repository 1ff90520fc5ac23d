"""Build the learning notebooks notebooks/01_…ipynb – 08_…ipynb from the text in this file.

    python scripts/build_notebooks.py            # write them into notebooks/
    python scripts/build_notebooks.py --out DIR  # write them somewhere else (the tests compare)

The notebooks are generated, so they can be reviewed (and changed) here as Python. They
are written without outputs, with deterministic cell ids, byte for byte the same on every
run. Code cells only call finlit (the logic lives in the package, mostly finlit.learn);
markdown cells teach. Each notebook has a cell tagged `parameters` for papermill.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from textwrap import dedent

ROOT = Path(__file__).resolve().parent.parent

SETUP = """\
from finlit import learn
learn.setup()  # charts show in JupyterLab; the saved notebook stays small
import finlit
from finlit import charts, explain"""

SETUP_IT = SETUP + """
from finlit import itspend
from finlit.explain.itspend import explain_it_spend
from finlit.itspend.scenarios import cloud_vs_onprem, irr, project
from finlit.charts.itspend import cloud_vs_onprem_chart, it_spend_chart, payback_chart"""


def md(text: str) -> tuple[str, str]:
    return ("markdown", dedent(text).strip("\n"))


def code(text: str) -> tuple[str, str]:
    return ("code", dedent(text).strip("\n"))


def params(text: str) -> tuple[str, str]:
    return ("parameters", dedent(text).strip("\n"))


# the opening cells of the notebooks about one company and one year (01–03)
COMPANY_AND_YEAR = (
    params("""
        company: str = "AAPL"  # bundled ticker, see finlit.companies()
        fiscal_year: int = 0  # fiscal year to look at; 0 for the latest
        """),
    code(SETUP),
    code("""
        co = finlit.load(company)
        year = learn.pick_year(co, fiscal_year)
        """),
)


TRY_TAIL = """
Change the values in the parameters cell at the top and run all cells again
(*Run → Run All Cells*). Or run the notebook from a terminal with another parameter:

```bash
.venv/bin/papermill notebooks/{stem}.ipynb /tmp/{stem}.ipynb {args}
```"""


def try_it(stem: str, lines: str, args: str = "-p company WMT") -> list:
    """The closing cell: what to change and what to look for, and how to run it from a terminal."""
    text = "## Try it yourself\n\n" + dedent(lines).strip() + "\n" + TRY_TAIL.format(stem=stem, args=args)
    return [("markdown", text)]


# --- 01 ----------------------------------------------------------------------------------------

NB01 = [
    md("""
        # 01 · Reading an income statement

        The income statement says what a company sold in a year, what it cost to make and
        sell, and what was left as profit. It is the page your CFO reads first, and the one
        your IT budget comes out of.

        In this notebook you will:

        - see why finance matters to people in IT;
        - read an income statement from top (sales) to bottom (profit);
        - compare companies with **percent-of-sales** analysis;
        - learn when a sale counts (**revenue recognition**) and why **profit is an estimate**.

        Every number comes from the data bundled with finlit: no network needed.
        """),
    *COMPANY_AND_YEAR,
    md("""
        ## Why finance matters to IT

        IT is paid for out of sales. Every server, licence and salary in your budget is a
        share of the money customers paid the company. The people who set your budget read
        three reports: the income statement, the balance sheet and the cash-flow statement.
        If you can read them too, you can talk about IT the way they think about it: in
        money, margins and payback.

        Think of the statements as the monitoring dashboard of the whole business. Revenue is
        the traffic. Costs are the resources it burns. Profit is the headroom that is left.

        Here is what the numbers of this company mean for IT, in plain words:
        """),
    code("explain.what_it_means_for_it(co, year)"),
    md("""
        ## The income statement: sales, costs, profit

        Read it from the top down. Each line takes something away:

        1. **Revenue** (the *top line*): what customers paid for goods and services.
        2. **Cost of revenue**: what it cost to make or buy what was sold.
        3. **Gross profit** = revenue − cost of revenue.
        4. **Operating expenses**: running the company: research, sales, administration (IT sits here).
        5. **Operating income** = gross profit − operating expenses: the profit from the business itself.
        6. Interest and tax come off next, leaving **net income** (the *bottom line*).

        An IT analogy: a request pipeline. Requests come in at the top; every stage drops
        some. What reaches the end is profit.

        The statement itself (money in millions; derived rows in italics):
        """),
    code("co.income_statement"),
    md("The same numbers in words:"),
    code("explain.explain_income(co, year)"),
    md("""
        The waterfall shows each step: revenue on the left, each cost taking a bite, net
        income on the right.
        """),
    code("charts.income_waterfall(co, year)"),
    md("""
        The flow chart (a Sankey diagram) shows the same year as streams: where every dollar
        of sales went.
        """),
    code("charts.income_sankey(co, year)"),
    md("""
        ## Percent-of-sales analysis

        Apple's sales are hundreds of billions of dollars; your company's may be millions.
        To compare them, divide every line by revenue. Then each line reads as "out of every
        100 of sales, this much". Analysts call this a *common-size* income statement.
        """),
    code("learn.percent_of_sales(co)"),
    md("""
        Now compare business models. Walmart and Costco both sell groceries and goods in big
        stores, yet Walmart keeps about 25 of every 100 of sales as gross profit and Costco
        about 13. Costco prices close to cost and earns from membership fees. Both end with
        about 3 of every 100 as net profit. A tech company like Apple keeps far more.
        """),
    code('learn.where_sales_go_chart([co, "WMT", "COST"])'),
    code('learn.peer_ratios([co, "WMT", "COST"], ["gross_margin", "operating_margin", "net_margin"])'),
    md("Costco's thin margin, in words:"),
    code('explain.explain_ratio(finlit.load("COST"), "net_margin")'),
    md("""
        **Why IT should care.** With 3 cents of profit on each dollar of sales, a project
        that saves 1% of costs is worth a third of the profit. In a thin-margin business
        every budget request must show how it pays back.

        ## Revenue recognition: when a sale counts

        A sale counts as revenue when the company has *earned* it: when it has delivered the
        goods or the service. Not when the customer signs, and not when the cash arrives.

        Take a software vendor selling a 3-year subscription for 36,000, paid up front. The
        cash arrives on day one. The revenue is earned one year at a time. The part not yet
        earned waits on the balance sheet as **deferred revenue**: a debt to the customer,
        paid back in service.
        """),
    code("learn.revenue_recognition(36_000, years=3)"),
    md("""
        You meet this every time IT buys a multi-year licence: your vendor books your
        prepayment as deferred revenue, and your company books it as a prepaid expense that
        turns into cost year by year.

        ## Profit is an estimate

        Cash is counted. Profit is *calculated*, and the calculation needs judgement: how
        long will the servers last? Will every customer pay? When is a service delivered?
        Change the judgement and profit changes, while the cash stays exactly the same.

        The same servers, bought for 1.5 million, written off (depreciated) over 3 years or
        over 5 years:
        """),
    code("learn.useful_life_effect(1_500_000, lives=(3, 5))"),
    md("""
        Over 3 years, profit takes a hit of 500,000 a year; over 5 years, 300,000 a year.
        Same servers, same cash, different profit. That is why finance asks IT how long
        equipment really lasts, and why the cash-flow statement (notebook 03) matters.
        """),
    *try_it("01_income_statement", """
        - Set `company = "WMT"` (a retailer) or `"SNOW"` (a software company that loses money).
        - Set `company = "JPM"`: a bank has no cost of sales, so there is no gross profit.
          What does the percent-of-sales table show instead?
        - Set `fiscal_year` to an earlier year and compare the waterfall.
        - Question: which line of the income statement would an IT cost-saving project change?
        """),
]

# --- 02 ----------------------------------------------------------------------------------------

NB02 = [
    md("""
        # 02 · The balance sheet

        The income statement is a film of the year; the balance sheet is a photo of one day:
        the last day of the fiscal year. It lists what the company **owns** (assets), what it
        **owes** (liabilities) and what is left for the **owners** (equity).

        It always balances: assets = liabilities + equity. Everything the company owns was
        paid for either with borrowed money or with the owners' money.

        An IT analogy: the asset register (your CMDB) on the last night of the year, with a
        column saying who paid for each item.
        """),
    *COMPANY_AND_YEAR,
    md("""
        ## What the company owns and owes

        Assets come in two kinds. **Current assets** turn into cash within a year: cash,
        money customers owe (receivables), goods on the shelf (inventory). **Long-term
        assets** last longer: buildings, machines, data centres, and the goodwill paid when
        buying other companies. Liabilities are split the same way: due within a year, or
        later.
        """),
    code("co.balance_sheet"),
    code("explain.explain_balance(co, year)"),
    md("""
        The chart puts the two sides next to each other for every year: what it owns on the
        left, how that is paid for on the right. The bars are the same height: it balances.
        """),
    code("charts.balance_composition(co)"),
    md("""
        ## Working capital: cash for the next twelve months

        **Working capital** = current assets − current liabilities. It is the cushion the
        company has to pay the bills of the coming year. The **current ratio** divides the
        two: 1.5 means 1.50 of short-term assets for every 1.00 due.

        Three clocks tell how fast money goes round:

        - **Days sales outstanding (DSO)**: how long customers take to pay.
        - **Days inventory outstanding (DIO)**: how long goods sit on the shelf.
        - **Days payables outstanding (DPO)**: how long the company takes to pay suppliers.

        The **cash conversion cycle** = DSO + DIO − DPO: the days between paying for goods
        and being paid for them. Think of it as a queue: the longer items wait, the more
        cash is tied up. Some companies (Apple is one) run it below zero: customers pay
        before suppliers are paid, so suppliers finance the business.
        """),
    code('co.ratios(["working_capital", "current_ratio", "quick_ratio", "days_sales_outstanding", '
         '"days_inventory_outstanding", "days_payables_outstanding", "cash_conversion_cycle"])'),
    code('explain.explain_ratio(co, "current_ratio", year)'),
    code('charts.ratio_trend(co, "current_ratio")'),
    md("""
        Retailers live on inventory. Compare how fast Walmart and Costco turn their shelves:
        """),
    code('learn.peer_ratios(["WMT", "COST"], ["inventory_turnover", "days_inventory_outstanding", '
         '"cash_conversion_cycle"])'),
    md("""
        **Why IT should care.** Systems move these clocks. Faster invoicing cuts DSO, better
        demand planning cuts inventory, automated payment runs set DPO. A day of DSO at a
        company with 1 billion of sales is worth about 2.7 million of cash, every year.

        ## Debt and equity: who paid for the assets

        Debt is cheap while things go well and dangerous when they do not: interest must be
        paid whatever the year was like. **Debt to equity** compares what lenders and owners
        put in.
        """),
    code('explain.explain_ratio(co, "debt_to_equity", year)'),
    code('charts.ratio_trend(co, "debt_to_equity")'),
    md("""
        Equity can even be negative. Starbucks has paid its owners more (dividends and share
        buybacks) than it has earned, so it owes more than it owns on paper. That does not
        mean it is failing: its shops bring in steady cash. But ratios built on equity stop
        making sense:
        """),
    code('explain.explain_balance(finlit.load("SBUX"))'),
    md("""
        A bank is different again: customers' deposits are its liabilities, and loans to
        customers are its assets. JPMorgan Chase owns more than 4 trillion dollars of assets, and
        almost all of it is paid for with other people's money:
        """),
    code('charts.balance_composition(finlit.load("JPM"))'),
    md("""
        **Why IT should care.** Heavy debt means interest is paid first, so when profits dip,
        cost cuts come quickly, and IT is a visible cost. A strong balance sheet gives room
        for long projects.
        """),
    *try_it("02_balance_sheet", """
        - Set `company = "SBUX"` and look at the chart: equity goes below zero.
        - Set `company = "JPM"`: a bank's balance sheet has no current assets; which ratios go missing, and why?
        - Set `company = "LARKSPUR"`, the fictional manufacturer: how big is its inventory compared with Apple's?
        - Question: which IT system could shorten this company's cash conversion cycle?
        """),
]

# --- 03 ----------------------------------------------------------------------------------------

NB03 = [
    md("""
        # 03 · Cash flow: profit is not cash

        A company can report a profit and still run out of cash. Profit counts sales when they
        are earned and costs when they are used up (notebook 01). Cash counts money when it
        actually moves. The **cash-flow statement** follows the money.

        In this notebook: why **cash is king**, the three parts of the cash-flow statement,
        and **free cash flow**: the cash left to invest, IT included.
        """),
    *COMPANY_AND_YEAR,
    md("""
        ## Cash is king: profit is not cash

        Three things pull profit and cash apart:

        - **Timing of sales.** A sale on 60-day terms is profit today and cash in two months
          (receivables).
        - **Timing of purchases.** Servers bought this year are cash out now, but profit sees
          them only bit by bit as depreciation.
        - **Stock on the shelf.** Inventory is paid for before it is sold.

        An IT analogy: a ticket closed is not the same as a problem solved. Profit is the
        closed ticket; cash is the user who can work again.
        """),
    code("explain.explain_cashflow(co, year)"),
    code("learn.profit_and_cash(co)"),
    code("learn.profit_vs_cash_chart(co)"),
    md("""
        ## The three parts of the cash-flow statement

        1. **Operating cash flow**: cash from running the business: customers paid, suppliers
           and staff were paid.
        2. **Investing cash flow**: cash spent on long-lived assets (capital expenditure:
           buildings, machines, data centres) or on buying companies.
        3. **Financing cash flow**: cash from and to lenders and owners: loans, dividends,
           share buybacks.
        """),
    code("co.cash_flow"),
    md("""
        **Cash conversion** divides operating cash flow by net income. Above 1, the profit
        is backed by cash; well below 1, profit is waiting in receivables or inventory.
        """),
    code('explain.explain_ratio(co, "cash_conversion", year)'),
    md("""
        ## Free cash flow

        **Free cash flow** = operating cash flow − capital expenditure. It is what is left
        after keeping the business running and renewing its equipment: the money that can
        pay dividends, repay debt, or fund new projects. Including yours.
        """),
    code('explain.explain_ratio(co, "free_cash_flow", year)'),
    code('charts.ratio_trend(co, "free_cash_flow_margin")'),
    md("""
        ## Capital spending: cash today, cost spread over years

        Capital expenditure (capex) leaves in cash the year it is paid, but reaches profit
        only as depreciation, year by year. When capex runs well above depreciation, the
        company is building for growth; when it runs below, it may be under-investing.
        Notebook 06 goes deeper: capex versus opex, and the cloud.
        """),
    code('explain.explain_ratio(co, "capex_to_depreciation", year)'),
    md("""
        **Why IT should care.** Cash, not profit, pays salaries and vendors. When free cash
        flow is strong there is room to invest; when it is weak, every new commitment is
        questioned, and a project that saves cash soon beats one that adds profit later.
        """),
    *try_it("03_cash_flow", """
        - Set `company = "SNOW"`: a company with a loss but positive cash flow. How can that be?
        - Set `company = "AAL"` (American Airlines): heavy capex and debt. What is left as free cash flow?
        - Set `company = "JPM"`: the bundled data for the bank has no cash-flow statement. What can you still say?
        - Question: would moving servers to the cloud raise or lower this company's free cash flow in year one?
        """),
]

# --- 04 ----------------------------------------------------------------------------------------

NB04 = [
    md("""
        # 04 · The ratios that matter to IT

        A ratio divides one number by another so that companies of any size can be compared,
        and a company with itself over time. Finance people think in ratios; this notebook
        shows the ones they use for the business, and the ones that describe IT.
        """),
    params("""
        company: str = "AAPL"  # bundled ticker, see finlit.companies()
        fiscal_year: int = 0  # fiscal year to look at; 0 for the latest
        """),
    code(SETUP + "\nfrom finlit import itspend\nfrom finlit.explain.itspend import explain_it_spend"),
    code("""
        co = finlit.load(company)
        year = learn.pick_year(co, fiscal_year)
        """),
    md("""
        ## Ratios for the business

        Four families answer four questions:

        - **Profitability**: how much of each sale is kept?
        - **Liquidity**: can it pay the bills of the coming year?
        - **Solvency**: can it carry its debt?
        - **Efficiency**: how hard do its assets work?

        Plus cash ratios (notebook 03) and growth. Here is the whole catalogue for every
        year; a dash means "not available", and hovering it tells why.
        """),
    code("co.ratios()"),
    md("""
        ## Profitability: how much of each sale is kept

        **Gross margin** = gross profit ÷ revenue. **Operating margin** = operating income ÷
        revenue. A 30% operating margin means 30 of every 100 of sales is left after running
        the business.
        """),
    code('explain.explain_ratio(co, "gross_margin", year)'),
    code('explain.explain_ratio(co, "operating_margin", year)'),
    code('charts.ratio_trend(co, "operating_margin")'),
    md("""
        ## Liquidity and solvency: can it pay its bills

        The **current ratio** (notebook 02) looks a year ahead. **Interest coverage** =
        operating income ÷ interest expense: how many times over profit pays the interest.
        Below about 2, lenders get nervous.
        """),
    code('explain.explain_ratio(co, "current_ratio", year)'),
    code('explain.explain_ratio(co, "interest_coverage", year)'),
    md("""
        ## Growth and returns

        **Revenue growth** is the first number in most board packs. **Return on equity**
        (net income ÷ equity) is what owners earn on their money; it is not meaningful when
        equity is negative.
        """),
    code('explain.explain_ratio(co, "revenue_growth", year)'),
    code('charts.ratio_trend(co, "revenue_growth")'),
    code('explain.explain_ratio(co, "return_on_equity", year)'),
    md("""
        ## Comparing companies

        A retailer, a warehouse club, a tech company, a bank and a coffee chain. The same
        ratio means different things in different industries: compare a company with its
        peers and with itself, not with everyone.
        """),
    code('learn.peer_ratios([co, "WMT", "COST", "JPM", "SBUX"], ["gross_margin", "operating_margin", '
         '"net_margin", "current_ratio", "return_on_equity"])'),
    md("""
        ## Ratios for IT

        The same idea works for IT: divide IT spend by something the business understands.

        - **IT spend as % of revenue**: how much of every 100 of sales goes to IT.
        - **IT spend per employee**: IT cost per person it serves.
        - **IT spend as % of operating expenses**: IT's share of all running costs.
        - **Revenue per IT dollar**: sales for each dollar of IT.

        Public companies rarely publish their IT spend, so for them finlit shows an
        *estimate* from industry benchmarks, and says so. Notebook 05 does this with a real
        IT budget.
        """),
    code("view = itspend.it_view(co)\nlearn.it_summary(view)"),
    code("explain_it_spend(view, year)"),
    md("""
        ## What it means for IT

        The ratios, put together for an IT audience:
        """),
    code("explain.what_it_means_for_it(co, year)"),
    *try_it("04_ratios_for_it", """
        - Set `company = "SBUX"`: return on equity is not available. Read the reason.
        - Set `company = "JPM"`: which ratios does a bank not have, and why?
        - Set `company = "SNOW"`: a company growing fast at a loss. Which ratios look good, which bad?
        - Question: pick one ratio you would put on the first slide of an IT budget request for this company.
        """),
]

# --- 05 ----------------------------------------------------------------------------------------

NB05 = [
    md("""
        # 05 · IT spend versus revenue

        How much does IT cost the business, and is that a lot? This notebook puts the IT
        budget beside the revenue that pays for it, compares it with published benchmarks,
        and shows how IT costs behave when sales move: **fixed or variable**, and who uses
        what (**chargeback and showback**).

        The default company, Larkspur Components, is fictional: a manufacturer with a
        complete set of statements and a detailed IT budget, built for learning.
        """),
    params("""
        company: str = "LARKSPUR"  # bundled ticker; LARKSPUR has an IT budget
        it_budget: str = ""  # your IT budget file, CSV or TOML; empty for the bundled one
        industry: str = ""  # industry key for the benchmarks; empty for the company's own
        """),
    code(SETUP_IT),
    code("""
        co = finlit.load(company)
        view = itspend.it_view(co, budget=it_budget or None, industry=industry or None)
        """),
    md("""
        ## IT spend as a share of revenue

        The most quoted IT ratio: IT spend ÷ revenue. Say it the way finance does: "for
        every 100 of sales, we spend 3 on IT".
        """),
    code("explain_it_spend(view)"),
    code("it_spend_chart(view)"),
    md("""
        ## The IT ratios, year by year

        Per employee, as a share of operating expenses, growth against revenue growth (in
        percentage points), and what 10% more IT spend would do to the operating margin.
        """),
    code("learn.it_summary(view)"),
    md("""
        ## Benchmarks: a range, not one right number

        Research firms publish IT spend as a share of revenue by industry. Their definitions
        differ (with or without depreciation; a median of clients or the mean of a survey),
        so read them as a range. finlit draws the band of the company's industry behind the
        line in the chart above.
        """),
    code("learn.it_benchmarks(co.info.industry or None)"),
    md("""
        ## What the IT budget is made of

        Staff, software, cloud, hardware, network, outside services. Watch the cloud line grow
        as the data centre shrinks, and the bump of the ERP project in FY2023–FY2024.
        """),
    code("budget = learn.budget_of(co, it_budget)\nlearn.it_budget_chart(budget, budget.attrs[\"label\"])"),
    md("""
        ## What a budget change does to the margin

        Every extra dollar of IT opex comes straight off operating income. Finance will turn
        your request into "points of margin"; do it first.
        """),
    code("effect = itspend.margin_sensitivity(view, 0.10)\nlearn.explain_margin_effect(effect, co.currency)"),
    md("""
        ## Fixed and variable costs

        A **variable cost** moves with sales: materials, freight, pay-per-use cloud. A
        **fixed cost** stays whatever sales do: salaries, rent, licences, a data centre. A
        company with high fixed costs gains a lot when sales rise and loses a lot when they
        fall: this is *operating leverage*.

        The statements do not split costs this way, so finlit uses a stated simplification:
        cost of sales is variable, everything else is fixed.
        """),
    code("learn.cost_behaviour(co).explain(sales_change=-0.10)"),
    md("""
        Most of an IT budget is fixed for the year. Moving to usage-based cloud and services
        turns some of it variable: it shrinks when the business shrinks, and grows when the
        business grows.
        """),
    code("learn.it_fixed_variable(budget)"),
    md("""
        ## Chargeback and showback

        Who uses IT? **Showback** reports to each business unit what its IT use cost.
        **Chargeback** goes one step further and bills it to the unit's budget. The numbers
        are the same; what changes is who pays, and so how people behave: units that pay
        for compute hours switch off idle servers.

        Each cost is shared out by a *driver*: tickets for the service desk, licences for
        software, compute hours for the cloud, devices for hardware, sites for the network.
        The usage figures of Larkspur's four business units are invented for this lesson.
        """),
    code("costs = learn.it_costs_by_category(budget)\nshowback = learn.allocate_it_costs(costs, learn.LARKSPUR_DRIVERS, currency=co.currency)"),
    code("showback"),
    code("learn.allocation_chart(showback)"),
    md("""
        **Why IT should care.** Showback turns "IT is expensive" into "the Valves division
        uses 40% of the cloud". It starts the right conversation: about demand, not only
        about IT's prices.
        """),
    *try_it("05_it_spend_vs_revenue", """
        - Set `industry = "banking"`: how does the benchmark band change?
        - Set `company = "AAPL"`: Apple publishes no IT spend, so finlit shows an estimate. Where does it say so?
        - Point `it_budget` at your own budget file (the format is in `data/it_budgets/README.md`;
          the template is `data/it_budgets/template.csv`).
        - Question: which of your IT costs would fall if sales fell by 10%?
        """, "-p industry banking"),
]

# --- 06 ----------------------------------------------------------------------------------------

NB06 = [
    md("""
        # 06 · Capex versus opex: cloud versus on-premises

        Two ways to pay for the same servers. Buy them: a **capital expenditure** (capex),
        cash out now, cost spread over the years as depreciation. Rent them from a cloud
        provider: an **operating expense** (opex), cost and cash every year. The choice
        changes profit, EBITDA, free cash flow and the balance sheet differently.

        In this notebook: expenses versus capital expenditures, cloud versus on-premises,
        **total cost of ownership** (TCO), and **capitalising internal-use software**.
        """),
    params("""
        company: str = "LARKSPUR"  # bundled ticker; LARKSPUR has an IT budget
        hardware_cost: float = 1200000  # price of the servers and storage, paid in year 1
        useful_life: int = 4  # years the hardware is depreciated over
        onprem_running_cost_per_year: float = 60000  # power, space and support for the hardware
        cloud_cost_per_year: float = 380000  # cloud subscription for the same capacity
        years: int = 5  # years to compare
        """),
    code(SETUP_IT),
    code("""
        co = finlit.load(company)
        budget = learn.budget_of(co)
        """),
    md("""
        ## Expenses versus capital expenditures

        An **expense** is used up within the year: salaries, a SaaS subscription, electricity.
        It reduces this year's profit in full.

        A **capital expenditure** buys something that lasts several years: a building, a
        machine, a server. It goes on the balance sheet as an asset, and each year a slice of
        it, the **depreciation**, reduces profit. The cash, however, leaves on the day you pay.

        An IT analogy: buying a laptop versus paying for electricity. Both cost money; only
        one is still on your desk next year.

        How much this company spends on long-lived assets, against its sales:
        """),
    code('explain.explain_ratio(co, "capex_to_revenue")'),
    md("The IT budget splits the same way:"),
    code("learn.capex_opex_table(budget)"),
    md("""
        ## Cloud or on-premises: the same capacity, two ways to pay

        The parameters above describe the choice. On-premises: buy hardware, depreciate it,
        pay for power and support. Cloud: a subscription every year. The chart shows the
        effect on profit each year (top) and the cash spent so far (bottom).
        """),
    code("scenario = cloud_vs_onprem(hardware_cost, useful_life, cloud_cost_per_year, "
         "onprem_running_cost_per_year, years, currency=co.currency)\ncloud_vs_onprem_chart(scenario)"),
    code("learn.explain_cloud(scenario)"),
    md("""
        Notice **EBITDA** (earnings before interest, tax, depreciation and amortisation):
        on-premises it only sees the running costs, because depreciation is left out. So
        buying hardware makes EBITDA look better, and a move to the cloud makes it look
        worse, even when the total cost is the same. Know which number your CFO watches.
        """),
    code("learn.scenario_table(scenario)"),
    md("""
        ## Total cost of ownership

        The price tag is only the start. **TCO** adds up everything an option costs over its
        life: purchase, installation, support, power, staff time, upgrades, and the exit.
        Here the cloud option adds a one-off migration and a subscription that rises 3% a
        year; "in today's money" discounts later years at 8% (notebook 07 explains why).
        """),
    code('onprem = learn.tco({"hardware": hardware_cost}, {"power, space and support": onprem_running_cost_per_year}, '
         'years, rate=0.08, name="On-premises", currency=co.currency)\n'
         'cloud = learn.tco({"migration": 100_000}, {"subscription": cloud_cost_per_year}, years, rate=0.08, '
         'growth=0.03, name="Cloud", currency=co.currency)'),
    code("learn.tco_chart(onprem, cloud)"),
    code("learn.tco_table(onprem, cloud)"),
    code("learn.explain_tco(onprem, cloud)"),
    md("""
        ## Capitalising internal-use software

        Software a company builds or configures for its own use (an ERP, a customer portal)
        can be capitalised like hardware. Under US GAAP (ASC 350-40), it depends on the stage:

        1. **Preliminary stage** (choosing a vendor, writing the business case): expense.
        2. **Application development stage** (building, configuring, testing): capitalise.
        3. **Post-implementation** (training, data clean-up, maintenance): expense.

        The capitalised amount is amortised over the software's useful life from the day it
        goes live. Larkspur's ERP project, with the development costs of its IT budget:
        """),
    code("erp = learn.capitalise_software(learn.LARKSPUR_ERP, useful_life=5)\nerp"),
    code("learn.capitalisation_chart(erp)"),
    md("""
        Capitalising does not change the cash: the money leaves when the work is paid for.
        It moves the hit to profit from the build years into the years the software is used.
        That is why IT should record time spent on development work carefully: it decides
        how much can be capitalised.

        **Why IT should care.** Capex and opex come out of different budgets and are judged
        by different numbers. Finance may prefer opex for flexibility or capex for EBITDA;
        show both, with the TCO, and let the numbers decide.
        """),
    *try_it("06_capex_vs_opex", """
        - Set `useful_life = 6`: what happens to the profit effect of on-premises? And to the cash?
        - Set `cloud_cost_per_year = 300000`: when does the cloud win on TCO?
        - Set `years = 8`: the hardware is fully depreciated; the cloud bill goes on.
        - Question: in your company, who decides whether a purchase is capex or opex?
        """, "-p useful_life 6"),
]

# --- 07 ----------------------------------------------------------------------------------------

NB07 = [
    md("""
        # 07 · The ROI of an IT project

        Every IT project competes for the same cash as a new machine, a marketing campaign or
        a dividend. Finance compares them with four numbers: **ROI**, **payback**, **NPV**
        and **IRR**. This notebook builds a business case for Larkspur's ERP project.

        The project: licences and implementation cost 2.9 million in FY2023 and 3.1 million
        in FY2024 (the figures in Larkspur's IT budget). From FY2025 it saves money every year:
        fewer manual steps, less inventory written off.
        """),
    params("""
        company: str = "LARKSPUR"  # bundled ticker the project is set against
        yearly_saving: float = 1600000  # benefit per year once the system is live
        benefit_years: int = 5  # years the savings last
        rate: float = 0.08  # discount rate per year: what money costs the company
        """),
    code(SETUP_IT),
    code("""
        co = finlit.load(company)
        flows = learn.project_cashflows([2_900_000, 3_100_000], yearly_saving, benefit_years)
        """),
    md("""
        ## The business case in one picture

        Bars are each year's cash: costs below zero, savings above. The line adds them up:
        where it crosses zero, the project has paid for itself.
        """),
    code("result = project(flows, rate, start_year=2023)\n"
         "payback_chart(result, \"ERP project payback\", co.currency, co.name)"),
    code('learn.explain_project(result, "The ERP project", co.currency)'),
    md("""
        ## ROI: what comes back for each dollar

        **Return on investment** = (what comes back − what it cost) ÷ what it cost. Simple, but
        blind to time: 1 million back next year and 1 million back in ten years give the same
        ROI.
        """),
    code("learn.project_table(result, co.currency)"),
    md("""
        ## Payback: how long until the money is back

        **Payback** counts the years until the savings cover the cost. Finance likes it
        because it is easy and because it measures risk: the longer the payback, the longer
        the money is exposed. Many companies want IT projects to pay back within 2–3 years.
        The table above gives it twice: plain, and with later savings discounted (next
        section), which is always longer.
        """),
    md("""
        ## NPV: money later is worth less

        A dollar next year is worth less than a dollar today: today's dollar could earn
        interest, or repay debt, meanwhile. The **discount rate** is what money costs the
        company. **Net present value** (NPV) converts every year's cash into today's money
        and adds them up. Positive NPV: the project earns more than the money costs. Negative:
        it destroys value, even if it "pays back".
        """),
    code("learn.npv_by_rate(flows, [0.0, 0.04, rate, 0.12], co.currency)"),
    md("""
        ## IRR: the project's own rate of return

        The **internal rate of return** is the discount rate at which the NPV is exactly zero:
        the yearly return the project earns. If the IRR is above what money costs the company,
        the project is worth doing. finlit's `irr` returns the rate, and a reason instead of
        a rate when there is none (cash flows that never turn positive, for example):
        """),
    code("irr(flows)"),
    md("""
        ## What if the savings are smaller?

        Business cases are forecasts, and forecasts are optimistic. Show what happens when
        the savings come in lower: finance will ask anyway.
        """),
    code("learn.project_sensitivity(flows, rate, currency=co.currency, start_year=2023)"),
    md("""
        ## The project against the company

        A 6 million project means something different to a company with 80 million of
        operating income than to one with 8 billion.
        """),
    code("learn.project_in_context(result, co)"),
    md("""
        **Why IT should care.** A request that shows payback, NPV and the downside in the
        language finance uses is compared fairly with every other use of the cash. A request
        that says "we need it" is not.
        """),
    *try_it("07_it_project_roi", """
        - Set `yearly_saving = 1400000`: does the project still create value at 8%?
        - Set `rate = 0.12`: a company that borrows expensively. What happens to the NPV?
        - Set `benefit_years = 8`: the system lasts longer than planned.
        - Question: which of your current projects could you describe with these four numbers?
        """, "-p yearly_saving 1400000"),
]

# --- 08 ----------------------------------------------------------------------------------------

NB08 = [
    md("""
        # 08 · Your own company

        Everything in notebooks 01–07 works on your own figures. Put your company's income
        statement, balance sheet and cash flow in a CSV or Excel file, point this notebook at
        it, and run it.

        Until you do, it uses the filled example that ships with finlit: Northwind Freight, a
        fictional logistics company. It runs offline.
        """),
    params("""
        statements_file: str = ""  # your CSV or XLSX file; empty for the bundled example
        it_budget: str = ""  # your IT budget, CSV or TOML; empty for a benchmark estimate
        industry: str = "transportation"  # industry key for the IT benchmarks, see finlit.industries
        """),
    code(SETUP_IT),
    md("""
        ## Load your own statements

        1. Copy the template (its path is printed below) and fill in your numbers: one row
           per line item, one column per fiscal year. Labels such as "Net sales" or
           "Turnover" are understood too; say the units in the header rows ("millions").
        2. Set `statements_file` in the parameters cell to its path, for example
           `statements_file = "/home/me/acme_2024.xlsx"`.
        3. Set `industry` to your industry (banking, retail, manufacturing …) and, if you have
           one, `it_budget` to your IT budget file.
        4. Run all cells.

        From a terminal: `.venv/bin/papermill notebooks/08_your_own_company.ipynb out.ipynb -p statements_file acme.csv`.
        The same file works on the command line: `finlit statements acme.csv`.
        """),
    code("learn.statements_template()"),
    code("co = finlit.load(statements_file or learn.example_statements())\nco"),
    md("""
        finlit checks the numbers as it loads them: a balance sheet that does not balance,
        or labels it could not map, show up as notes here (an empty list means all is well).
        """),
    code("co.notes"),
    md("""
        ## The income statement

        Sales, costs and profit, in words and as a waterfall (notebook 01).
        """),
    code("explain.explain_income(co)"),
    code("charts.income_waterfall(co)"),
    md("## Percent of sales\n\nEach line as a share of revenue, every year."),
    code("learn.percent_of_sales(co)"),
    md("""
        ## The balance sheet and working capital

        What it owns, what it owes, and the cushion for the next twelve months (notebook 02).
        """),
    code("explain.explain_balance(co)"),
    code("charts.balance_composition(co)"),
    md("""
        ## Cash flow

        Profit is not cash (notebook 03).
        """),
    code("explain.explain_cashflow(co)"),
    code("learn.profit_vs_cash_chart(co)"),
    md("""
        ## The ratios

        The whole catalogue, then what it means for IT (notebook 04).
        """),
    code("co.ratios()"),
    code("explain.what_it_means_for_it(co)"),
    md("""
        ## IT spend against your revenue

        With your IT budget, the real share; without it, a labelled benchmark estimate
        (notebook 05).
        """),
    code("view = itspend.it_view(co, budget=it_budget or None, industry=industry or None)\nexplain_it_spend(view)"),
    code("it_spend_chart(view)"),
    md("""
        ## Building a financially intelligent IT department

        Knowing the numbers is the start. An IT department that thinks financially:

        - **reads the statements every quarter** and can say in one sentence how the
          company is doing: sales, margin, cash;
        - **knows its own ratios**: IT spend as a share of revenue and per employee, and how
          they move against the business (notebook 05);
        - **speaks in money**: "this saves 1.6 million a year" rather than "this is faster";
          "for every 100 of sales we spend 3 on IT";
        - **brings business cases** with payback, NPV and a downside case (notebook 07), and
          counts the whole TCO, capex and opex (notebook 06);
        - **shows what IT costs to whom** (showback), so demand is discussed, not only price;
        - **works with finance** on capitalisation, depreciation lives and budgets, instead of
          meeting them only at budget time.

        Start with this company's numbers: the glossary below has every word used here.
        """),
    code('learn.glossary(["revenue", "gross margin", "operating income", "free cash flow", '
         '"working capital", "capex", "opex", "ROI", "NPV", "payback", "TCO", "showback"])'),
    md("""
        ## Try it yourself

        - Copy the template printed above, fill in your company's figures, and set
          `statements_file` to it. Then run all cells.
        - Do you have last year's IT budget? Fill in `data/it_budgets/template.csv` and set
          `it_budget`.
        - Change `industry` and watch the benchmark band move.
        - Question: which three numbers from this notebook would you bring to your next
          meeting with finance?

        ```bash
        .venv/bin/papermill notebooks/08_your_own_company.ipynb /tmp/mine.ipynb -p statements_file mine.csv -p industry retail
        ```
        """),
]

NOTEBOOKS = {
    "01_income_statement": NB01,
    "02_balance_sheet": NB02,
    "03_cash_flow": NB03,
    "04_ratios_for_it": NB04,
    "05_it_spend_vs_revenue": NB05,
    "06_capex_vs_opex": NB06,
    "07_it_project_roi": NB07,
    "08_your_own_company": NB08,
}


def build(stem: str, cells: list) -> str:
    """The notebook as JSON text (nbformat 4.5, no outputs, ids from the stem and position)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook()
    for i, (kind, text) in enumerate(cells):
        cell_id = hashlib.sha1(f"{stem}:{i}".encode()).hexdigest()[:8]
        if kind == "markdown":
            cell = new_markdown_cell(text, id=cell_id)
        else:
            cell = new_code_cell(text, id=cell_id)
            if kind == "parameters":
                cell.metadata["tags"] = ["parameters"]
        nb.cells.append(cell)
    nb.metadata = {
        "finlit": {"about": "A finlit learning notebook, generated by scripts/build_notebooks.py: "
                            "edit the text there, not here."},
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "notebooks", help="folder to write into")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for stem, cells in NOTEBOOKS.items():
        path = args.out / f"{stem}.ipynb"
        path.write_text(build(stem, cells), encoding="utf-8", newline="\n")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
