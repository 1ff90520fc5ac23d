"""Build the fictional teaching company Larkspur Components Inc. (ticker key LARKSPUR).

A deterministic generator: a small set of drivers (revenue growth, margins,
working-capital days, capex plans, the IT budget, the debt schedule,
dividends and buybacks) is turned into five years (FY2021–FY2025) of income
statement, balance sheet and cash-flow statement that are consistent by
construction:

- the balance sheet balances exactly (assets = liabilities + equity);
- cash(y) = cash(y−1) + operating + investing + financing cash flow;
- retained earnings(y) = retained earnings(y−1) + net income − dividends;
- PP&E(y) = PP&E(y−1) + capex − depreciation; IT capex is part of capex and
  IT depreciation (4-year straight line, a full year in the year of purchase)
  is part of D&A;
- the detailed IT budget (data/it_budgets/LARKSPUR.csv) sums to it_spend,
  it_opex and it_capex in the statements.

All arithmetic is done in whole thousands of dollars (integers), so every
identity holds exactly; the files carry full dollars.

Presentation choices (also written to the company's notes):
- cost_of_revenue excludes depreciation; depreciation_amortization is its
  own line inside operating_expenses
  (operating_expenses = R&D + SG&A + D&A);
- all IT opex is booked in SG&A; all IT capex (hardware, network, software
  licences and capitalised implementation services) is in PP&E;
- accrued liabilities and other non-current liabilities, and paid-in capital
  and treasury stock, have no canonical line item: they are inside
  current_liabilities / total_liabilities / total_equity (see source_key).

Usage:
    python scripts/build_fictional_company.py          # (re)write the files
    python scripts/build_fictional_company.py --check  # exit 1 if the files differ
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPANY_DIR = ROOT / "data" / "companies"
BUDGET_DIR = ROOT / "data" / "it_budgets"

YEARS = [2021, 2022, 2023, 2024, 2025]
K = 1000  # internal unit: thousands of dollars

# --- drivers ---------------------------------------------------------------------------------
REVENUE_FY2020 = 676_500                      # $ thousands
REVENUE_GROWTH = [0.097, 0.094, 0.008, 0.056, 0.029]
GROSS_MARGIN = [0.334, 0.312, 0.318, 0.331, 0.326]   # cost of revenue excludes depreciation
RND_PCT = [0.029, 0.028, 0.030, 0.030, 0.031]
SGA_PCT = [0.156, 0.150, 0.156, 0.155, 0.158]        # includes all IT opex and stock compensation
SBC_PCT = [0.008, 0.008, 0.008, 0.009, 0.009]        # stock-based compensation, % of revenue (inside SG&A)
TAX_RATE = [0.235, 0.235, 0.235, 0.235, 0.235]
INTEREST_RATE = [0.039, 0.045, 0.061, 0.064, 0.060]  # on average total debt

DSO = [57, 59, 62, 60, 61]        # receivables, days of revenue
DIO = [82, 95, 90, 84, 86]        # inventory, days of cost of revenue
DPO = [48, 50, 46, 47, 47]        # payables, days of cost of revenue
ACCRUED_PCT = [0.055, 0.055, 0.054, 0.055, 0.055]    # accrued liabilities, % of revenue

NON_IT_CAPEX = [28_000, 36_500, 41_000, 33_000, 27_500]   # plant and equipment, $ thousands
PLANT_DEPRECIATION_RATE = 0.11    # × opening net plant; plus half a year on the year's capex
INTANGIBLE_AMORTIZATION = 6_000   # straight line, customer relationships from a 2019 acquisition
IT_LIFE_YEARS = 4                 # IT capex: straight line, full year in the year of purchase
IT_CAPEX_PRIOR = {2018: 3_200, 2019: 3_400, 2020: 3_600}

SHORT_TERM_INVESTMENTS = [15_000, 8_000, 10_000, 18_000, 25_000]   # year-end balance
TERM_LOAN_REPAYMENT = 20_000      # per year
REVOLVER_DRAW = [0, 30_000, 0, -15_000, -15_000]    # + draw, − repayment
DIVIDEND_PER_SHARE = [0.60, 0.64, 0.66, 0.68, 0.70]
SHARE_REPURCHASES = [12_000, 15_000, 8_000, 10_000, 14_000]
DILUTED_SHARES = [24_650_000, 24_380_000, 24_190_000, 23_960_000, 23_650_000]
EMPLOYEES = [2_140, 2_310, 2_390, 2_470, 2_455]

# IT budget, $ thousands: year -> {(category, kind): amount}
IT_BUDGET = {
    2021: {("staff", "opex"): 8_900, ("software", "opex"): 3_900, ("software", "capex"): 400,
           ("cloud", "opex"): 1_500, ("hardware", "opex"): 450, ("hardware", "capex"): 2_600,
           ("network", "opex"): 1_400, ("network", "capex"): 700, ("services", "opex"): 2_700},
    2022: {("staff", "opex"): 9_600, ("software", "opex"): 4_300, ("software", "capex"): 500,
           ("cloud", "opex"): 2_100, ("hardware", "opex"): 480, ("hardware", "capex"): 2_900,
           ("network", "opex"): 1_480, ("network", "capex"): 650, ("services", "opex"): 2_900},
    2023: {("staff", "opex"): 10_100, ("software", "opex"): 4_600, ("software", "capex"): 1_500,
           ("cloud", "opex"): 2_900, ("hardware", "opex"): 470, ("hardware", "capex"): 2_300,
           ("network", "opex"): 1_520, ("network", "capex"): 600, ("services", "opex"): 2_500,
           ("services", "capex"): 1_400},
    2024: {("staff", "opex"): 10_600, ("software", "opex"): 5_100, ("software", "capex"): 1_300,
           ("cloud", "opex"): 3_800, ("hardware", "opex"): 460, ("hardware", "capex"): 2_100,
           ("network", "opex"): 1_560, ("network", "capex"): 550, ("services", "opex"): 2_400,
           ("services", "capex"): 1_800},
    2025: {("staff", "opex"): 10_900, ("software", "opex"): 5_400, ("software", "capex"): 300,
           ("cloud", "opex"): 4_800, ("hardware", "opex"): 420, ("hardware", "capex"): 1_700,
           ("network", "opex"): 1_600, ("network", "capex"): 450, ("services", "opex"): 2_100,
           ("services", "capex"): 200},
}
IT_NOTES = {
    ("staff", "opex"): "IT team salaries, benefits and training",
    ("software", "opex"): "SaaS subscriptions and software maintenance",
    ("software", "capex"): "perpetual licences",
    ("cloud", "opex"): "public cloud (IaaS/PaaS), growing with the migration off the data centre",
    ("hardware", "opex"): "peripherals and hardware maintenance",
    ("hardware", "capex"): "laptops, servers, storage, plant-floor terminals",
    ("network", "opex"): "telecom, WAN and internet lines",
    ("network", "capex"): "switches, Wi-Fi, firewalls",
    ("services", "opex"): "outsourced service desk and consultants",
    ("services", "capex"): "capitalised ERP implementation services",
}
IT_NOTES_BY_YEAR = {
    (2023, "software", "capex"): "ERP licences (project year 1)",
    (2024, "software", "capex"): "ERP licences (project year 2)",
    (2025, "services", "capex"): "ERP implementation close-out",
}
CATEGORIES = ["staff", "software", "cloud", "hardware", "network", "services"]

# Opening balance sheet at 2020-12-31, $ thousands (the paid-in capital figure balances it).
OPENING = {
    "cash_and_equivalents": 62_000,
    "short_term_investments": 20_000,
    "receivables": 105_000,
    "inventory": 103_000,
    "plant_net": 265_000,              # PP&E other than IT
    "goodwill": 148_000,
    "intangible_assets": 54_000,
    "payables": 59_000,
    "accrued_liabilities": 37_000,
    "term_loan": 240_000,
    "revolver": 0,
    "other_noncurrent_liabilities": 46_000,
    "retained_earnings": 310_000,
    "treasury_stock": 40_000,
}


def pct(x: float) -> str:
    return f"{x * 100:.1f}%".replace(".0%", "%")


def money(thousands: int) -> str:
    return f"{thousands * K:,}"


def build() -> dict:
    """Run the model. Returns {"years": {year: {item: (value, source_key)}}, "opening": {...}, ...}."""
    o = dict(OPENING)
    it_capex_hist = dict(IT_CAPEX_PRIOR)
    it_net = sum(IT_CAPEX_PRIOR[y] * (IT_LIFE_YEARS - (2020 - y) - 1) for y in IT_CAPEX_PRIOR) / IT_LIFE_YEARS
    assert it_net == int(it_net)
    o["it_assets_net"] = int(it_net)
    o["ppe_net"] = o["plant_net"] + o["it_assets_net"]
    opening_assets = (o["cash_and_equivalents"] + o["short_term_investments"] + o["receivables"]
                      + o["inventory"] + o["ppe_net"] + o["goodwill"] + o["intangible_assets"])
    opening_liabilities = (o["payables"] + o["accrued_liabilities"] + o["term_loan"] + o["revolver"]
                           + o["other_noncurrent_liabilities"])
    o["paid_in_capital"] = (opening_assets - opening_liabilities - o["retained_earnings"]
                            + o["treasury_stock"])
    o["total_assets"] = opening_assets
    o["total_equity"] = o["paid_in_capital"] + o["retained_earnings"] - o["treasury_stock"]

    prev = {
        "revenue": REVENUE_FY2020, "cash": o["cash_and_equivalents"], "sti": o["short_term_investments"],
        "ar": o["receivables"], "inv": o["inventory"], "ap": o["payables"], "accrued": o["accrued_liabilities"],
        "plant": o["plant_net"], "it_net": o["it_assets_net"], "intangibles": o["intangible_assets"],
        "term": o["term_loan"], "revolver": o["revolver"], "re": o["retained_earnings"],
        "apic": o["paid_in_capital"], "treasury": o["treasury_stock"],
    }
    years = {}
    for i, y in enumerate(YEARS):
        v = {}

        def put(key, value, source_key):
            v[key] = (value, source_key)

        # -- IT budget
        budget = IT_BUDGET[y]
        it_opex = sum(a for (c, k), a in budget.items() if k == "opex")
        it_capex = sum(a for (c, k), a in budget.items() if k == "capex")
        it_capex_hist[y] = it_capex
        it_dep = round(sum(it_capex_hist.get(y - n, 0) for n in range(IT_LIFE_YEARS)) / IT_LIFE_YEARS)

        # -- income statement
        revenue = round(prev["revenue"] * (1 + REVENUE_GROWTH[i]))
        cost = round(revenue * (1 - GROSS_MARGIN[i]))
        gross = revenue - cost
        rnd = round(revenue * RND_PCT[i])
        sga = round(revenue * SGA_PCT[i])
        sbc = round(revenue * SBC_PCT[i])
        capex = NON_IT_CAPEX[i] + it_capex
        plant_dep = round(PLANT_DEPRECIATION_RATE * prev["plant"] + PLANT_DEPRECIATION_RATE / 2 * NON_IT_CAPEX[i])
        amort = min(INTANGIBLE_AMORTIZATION, prev["intangibles"])
        da = plant_dep + it_dep + amort
        opex = rnd + sga + da
        op_income = gross - opex
        term_end = prev["term"] - TERM_LOAN_REPAYMENT
        revolver_end = prev["revolver"] + REVOLVER_DRAW[i]
        debt_open = prev["term"] + prev["revolver"]
        debt_end = term_end + revolver_end
        interest = round(INTEREST_RATE[i] * (debt_open + debt_end) / 2)
        pretax = op_income - interest
        tax = round(pretax * TAX_RATE[i])
        net = pretax - tax
        shares = DILUTED_SHARES[i]
        eps = round(net * K / shares, 2)
        dividends = round(DIVIDEND_PER_SHARE[i] * shares / K)
        buybacks = SHARE_REPURCHASES[i]

        put("revenue", revenue, f"driver: revenue growth {REVENUE_GROWTH[i]:+.1%} on the previous year")
        put("cost_of_revenue", cost, f"driver: gross margin {pct(GROSS_MARGIN[i])}: revenue × (1 − margin); "
                                     "excludes depreciation")
        put("gross_profit", gross, "revenue − cost_of_revenue")
        put("research_and_development", rnd, f"driver: {pct(RND_PCT[i])} of revenue")
        put("selling_general_administrative", sga,
            f"driver: {pct(SGA_PCT[i])} of revenue; includes IT opex and stock-based compensation")
        put("operating_expenses", opex, "research_and_development + selling_general_administrative + "
                                        "depreciation_amortization")
        put("depreciation_amortization", da,
            f"plant depreciation {money(plant_dep)} (11% of opening net plant + 5.5% of plant capex) + "
            f"IT depreciation {money(it_dep)} (IT capex of the last 4 years ÷ 4) + "
            f"amortization of intangibles {money(amort)}")
        put("operating_income", op_income, "gross_profit − operating_expenses")
        put("interest_expense", interest, f"driver: interest rate {pct(INTEREST_RATE[i])} × average total debt")
        put("pretax_income", pretax, "operating_income − interest_expense")
        put("income_tax", tax, f"driver: tax rate {pct(TAX_RATE[i])} × pretax_income")
        put("net_income", net, "pretax_income − income_tax")
        put("diluted_shares", shares, "driver: diluted share count")
        put("diluted_eps", eps, "net_income / diluted_shares, rounded to cents")

        # -- working capital
        ar = round(revenue * DSO[i] / 365)
        inv = round(cost * DIO[i] / 365)
        ap = round(cost * DPO[i] / 365)
        accrued = round(revenue * ACCRUED_PCT[i])
        wc_change = (ar - prev["ar"]) + (inv - prev["inv"]) - (ap - prev["ap"]) - (accrued - prev["accrued"])

        # -- cash flow
        ocf = net + da + sbc - wc_change
        sti = SHORT_TERM_INVESTMENTS[i]
        investing = -capex - (sti - prev["sti"])
        financing = (debt_end - debt_open) - dividends - buybacks
        cash = prev["cash"] + ocf + investing + financing
        assert cash > 0, (y, cash)

        put("operating_cash_flow", ocf,
            "net_income + depreciation_amortization + stock_based_compensation − increase in receivables "
            "− increase in inventory + increase in payables + increase in accrued liabilities")
        put("capital_expenditure", capex, f"driver: plant capex {money(NON_IT_CAPEX[i])} + it_capex {money(it_capex)}")
        put("investing_cash_flow", investing, "−capital_expenditure − net purchases of short_term_investments")
        put("financing_cash_flow", financing,
            "debt drawn − debt repaid − dividends_paid − share_repurchases")
        put("dividends_paid", dividends, f"driver: dividend ${DIVIDEND_PER_SHARE[i]:.2f} per share × diluted_shares")
        put("share_repurchases", buybacks, "driver: buyback plan")
        put("stock_based_compensation", sbc, f"driver: {pct(SBC_PCT[i])} of revenue (non-cash, inside SG&A)")

        # -- balance sheet
        plant = prev["plant"] + NON_IT_CAPEX[i] - plant_dep
        it_net = prev["it_net"] + it_capex - it_dep
        ppe = plant + it_net
        intangibles = prev["intangibles"] - amort
        current_assets = cash + sti + ar + inv
        total_assets = current_assets + ppe + OPENING["goodwill"] + intangibles
        current_portion = min(TERM_LOAN_REPAYMENT, term_end)
        std = current_portion + revolver_end
        ltd = term_end - current_portion
        current_liabilities = ap + accrued + std
        total_liabilities = current_liabilities + ltd + OPENING["other_noncurrent_liabilities"]
        re = prev["re"] + net - dividends
        apic = prev["apic"] + sbc
        treasury = prev["treasury"] + buybacks
        equity = apic + re - treasury
        assert total_assets == total_liabilities + equity, (y, total_assets, total_liabilities + equity)

        put("cash_and_equivalents", cash, "previous cash + operating_cash_flow + investing_cash_flow + "
                                          "financing_cash_flow")
        put("short_term_investments", sti, "driver: treasury plan")
        put("receivables", ar, f"driver: {DSO[i]} days of revenue (DSO)")
        put("inventory", inv, f"driver: {DIO[i]} days of cost of revenue (DIO)")
        put("current_assets", current_assets, "cash_and_equivalents + short_term_investments + receivables + inventory")
        put("ppe_net", ppe, f"previous ppe_net + capital_expenditure − depreciation (plant {money(plant)} + "
                            f"IT assets {money(it_net)})")
        put("goodwill", OPENING["goodwill"], "2019 acquisition; not impaired")
        put("intangible_assets", intangibles, "previous intangible_assets − amortization")
        put("total_assets", total_assets, "current_assets + ppe_net + goodwill + intangible_assets")
        put("payables", ap, f"driver: {DPO[i]} days of cost of revenue (DPO)")
        put("current_liabilities", current_liabilities,
            f"payables + accrued liabilities {money(accrued)} ({pct(ACCRUED_PCT[i])} of revenue) + short_term_debt")
        put("short_term_debt", std, f"term-loan instalment due next year {money(current_portion)} + revolving "
                                    f"credit {money(revolver_end)}")
        put("long_term_debt", ltd, "term loan − instalment due next year")
        put("total_debt", std + ltd, "short_term_debt + long_term_debt")
        put("total_liabilities", total_liabilities,
            f"current_liabilities + long_term_debt + other non-current liabilities "
            f"{money(OPENING['other_noncurrent_liabilities'])} (pensions, deferred tax)")
        put("total_equity", equity, f"paid-in capital {money(apic)} + retained_earnings − treasury stock "
                                    f"{money(treasury)}")
        put("retained_earnings", re, "previous retained_earnings + net_income − dividends_paid")

        # -- other and IT
        put("employees", EMPLOYEES[i], "driver: headcount at year end")
        put("it_spend", it_opex + it_capex, "it_opex + it_capex; detail in data/it_budgets/LARKSPUR.csv")
        put("it_capex", it_capex, "IT budget, capex rows (inside capital_expenditure)")
        put("it_opex", it_opex, "IT budget, opex rows (inside selling_general_administrative)")

        years[y] = {"values": v, "it_depreciation": it_dep}
        prev = {"revenue": revenue, "cash": cash, "sti": sti, "ar": ar, "inv": inv, "ap": ap,
                "accrued": accrued, "plant": plant, "it_net": it_net, "intangibles": intangibles,
                "term": term_end, "revolver": revolver_end, "re": re, "apic": apic, "treasury": treasury}
    return {"years": years, "opening": o}


ORDER = [
    "revenue", "cost_of_revenue", "gross_profit", "research_and_development",
    "selling_general_administrative", "depreciation_amortization", "operating_expenses",
    "operating_income", "interest_expense", "pretax_income", "income_tax", "net_income",
    "diluted_shares", "diluted_eps",
    "cash_and_equivalents", "short_term_investments", "receivables", "inventory", "current_assets",
    "ppe_net", "goodwill", "intangible_assets", "total_assets", "payables", "current_liabilities",
    "short_term_debt", "long_term_debt", "total_debt", "total_liabilities", "total_equity",
    "retained_earnings",
    "operating_cash_flow", "capital_expenditure", "investing_cash_flow", "financing_cash_flow",
    "dividends_paid", "share_repurchases", "stock_based_compensation",
    "employees", "it_spend", "it_capex", "it_opex",
]
UNSCALED = {"diluted_shares", "diluted_eps", "employees"}   # not in $ thousands


def facts_csv(model: dict) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["line_item", "fiscal_year", "period_end", "value", "source", "source_key", "filing", "flipped"])
    for key in ORDER:
        for y in YEARS:
            value, source_key = model["years"][y]["values"][key]
            if key == "diluted_eps":
                shown = f"{value:.2f}"
            elif key in UNSCALED:
                shown = str(value)
            else:
                shown = str(value * K)
            w.writerow([key, y, f"{y}-12-31", shown, "finlit-fictional", source_key, "fictional", "False"])
    return out.getvalue()


def budget_csv() -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["fiscal_year", "category", "kind", "amount", "currency", "note"])
    for y in YEARS:
        for c in CATEGORIES:
            for kind in ("opex", "capex"):
                if (c, kind) in IT_BUDGET[y]:
                    note = IT_NOTES_BY_YEAR.get((y, c, kind), IT_NOTES[(c, kind)])
                    w.writerow([y, c, kind, IT_BUDGET[y][(c, kind)] * K, "USD", note])
    return out.getvalue()


def toml_text(model: dict) -> str:
    o = model["opening"]
    v = {y: model["years"][y]["values"] for y in YEARS}
    rev = ", ".join(f"FY{y} ${v[y]['revenue'][0] / 1000:,.1f} million" for y in YEARS)
    lines = [
        "# Generated by scripts/build_fictional_company.py: edit the drivers there, not this file.",
        'ticker = "LARKSPUR"',
        'name = "Larkspur Components Inc."',
        'industry = "manufacturing"',
        'currency = "USD"',
        'fiscal_year_end = "12-31"',
        "fictional = true",
        'source = "fictional: generated by scripts/build_fictional_company.py"',
        'description = """A fictional mid-size maker of industrial components (valves, bearings, drive '
        'parts) with about 2,100–2,500 employees. Revenue grows unevenly ('
        + rev + '); margins are healthy but under pressure from input costs and higher interest rates. '
        'Its IT budget (data/it_budgets/LARKSPUR.csv) runs at about 3–3.5% of revenue and includes an ERP '
        'project in FY2023–FY2024 and a move to the public cloud. Built for teaching: every figure follows '
        'from a few drivers and every statement ties to the others."""',
        "",
        "notes = [",
        '  "Fictional company: the figures are invented for teaching and are internally consistent by construction.",',
        '  "Money values are in US dollars, rounded to whole thousands.",',
        '  "Cost of revenue excludes depreciation; depreciation and amortization is its own line inside '
        'operating expenses (operating_expenses = R&D + SG&A + D&A).",',
        '  "IT opex is booked in SG&A; IT capex is part of capital expenditure and is depreciated '
        f'straight line over {IT_LIFE_YEARS} years, a full year in the year of purchase; IT depreciation '
        'is part of depreciation and amortization.",',
        '  "Current liabilities include accrued liabilities, total liabilities include other non-current '
        'liabilities (pensions, deferred tax), total equity = paid-in capital + retained earnings − '
        'treasury stock: these parts have no line item of their own (see source_key).",',
        '  "Stock-based compensation is inside SG&A and added back in operating cash flow; it raises '
        'paid-in capital.",',
        "]",
        "",
        "# Opening figures the FY2021 roll-forwards start from (US dollars).",
        f"opening_cash_fy2021 = {o['cash_and_equivalents'] * K}",
        f"opening_retained_earnings_fy2021 = {o['retained_earnings'] * K}",
        f"revenue_fy2020 = {REVENUE_FY2020 * K}",
        f"it_depreciation_life_years = {IT_LIFE_YEARS}",
        "",
        "# IT capex before FY2021: needed for the 4-year IT depreciation of FY2021–FY2023.",
        "[it_capex_before_fy2021]",
    ]
    lines += [f"FY{y} = {IT_CAPEX_PRIOR[y] * K}" for y in sorted(IT_CAPEX_PRIOR)]
    lines += ["", "# IT depreciation per year (IT capex of the year and the 3 before, ÷ 4), rounded to thousands.",
              "[it_depreciation]"]
    lines += [f"FY{y} = {model['years'][y]['it_depreciation'] * K}" for y in YEARS]
    lines += ["", "# Balance sheet at 2020-12-31 (US dollars); paid_in_capital balances it.",
              "[opening_balance_sheet_fy2020]"]
    keys = ["cash_and_equivalents", "short_term_investments", "receivables", "inventory", "plant_net",
            "it_assets_net", "ppe_net", "goodwill", "intangible_assets", "total_assets", "payables",
            "accrued_liabilities", "term_loan", "revolver", "other_noncurrent_liabilities",
            "paid_in_capital", "retained_earnings", "treasury_stock", "total_equity"]
    lines += [f"{k} = {o[k] * K}" for k in keys]
    lines += ["", "# The drivers (see scripts/build_fictional_company.py), FY2021 → FY2025.", "[drivers]"]
    drivers = {
        "revenue_growth": REVENUE_GROWTH, "gross_margin": GROSS_MARGIN, "rnd_pct_of_revenue": RND_PCT,
        "sga_pct_of_revenue": SGA_PCT, "sbc_pct_of_revenue": SBC_PCT, "tax_rate": TAX_RATE,
        "interest_rate_on_average_debt": INTEREST_RATE, "receivable_days": DSO, "inventory_days": DIO,
        "payable_days": DPO, "accrued_pct_of_revenue": ACCRUED_PCT,
        "plant_capex": [c * K for c in NON_IT_CAPEX], "short_term_investments": [s * K for s in SHORT_TERM_INVESTMENTS],
        "term_loan_repayment": [TERM_LOAN_REPAYMENT * K] * len(YEARS),
        "revolver_draw": [d * K for d in REVOLVER_DRAW], "dividend_per_share": DIVIDEND_PER_SHARE,
        "share_repurchases": [b * K for b in SHARE_REPURCHASES], "diluted_shares": DILUTED_SHARES,
        "employees": EMPLOYEES,
    }
    lines += [f"{k} = [{', '.join(repr(x) for x in vals)}]" for k, vals in drivers.items()]
    lines += [f"plant_depreciation_rate = {PLANT_DEPRECIATION_RATE}",
              f"intangible_amortization = {INTANGIBLE_AMORTIZATION * K}"]
    return "\n".join(lines) + "\n"


def outputs() -> dict[Path, str]:
    model = build()
    return {
        COMPANY_DIR / "LARKSPUR.toml": toml_text(model),
        COMPANY_DIR / "LARKSPUR.csv": facts_csv(model),
        BUDGET_DIR / "LARKSPUR.csv": budget_csv(),
    }


def summary() -> str:
    model = build()
    rows = ["year   revenue($m)  net income($m)  IT spend($m)  IT % rev  op margin  employees"]
    for y in YEARS:
        v = {k: val for k, (val, _) in model["years"][y]["values"].items()}
        rows.append(f"FY{y}  {v['revenue'] / 1000:11,.1f}  {v['net_income'] / 1000:14,.1f}  "
                    f"{v['it_spend'] / 1000:12,.2f}  {v['it_spend'] / v['revenue']:8.2%}  "
                    f"{v['operating_income'] / v['revenue']:9.1%}  {v['employees']:9,}")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the files are up to date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run scripts/build_fictional_company.py)")
        return 1 if stale else 0
    for path in stale:
        print(f"wrote {path.relative_to(ROOT)}")
    print(summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
