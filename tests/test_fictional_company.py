"""The fictional teaching company LARKSPUR is internally consistent (offline)."""
from __future__ import annotations

import importlib.util
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

import finlit
from finlit.itbudget import bundled_it_budget, totals

YEARS = [2021, 2022, 2023, 2024, 2025]


@pytest.fixture(scope="module")
def company():
    return finlit.load("LARKSPUR")


@pytest.fixture(scope="module")
def panel(company):
    return company.panel()


@pytest.fixture(scope="module")
def meta():
    return tomllib.loads((files("finlit.data") / "companies" / "LARKSPUR.toml").read_text(encoding="utf-8"))


def test_identity_and_years(company):
    assert company.name == "Larkspur Components Inc."
    assert company.info.fictional is True
    assert company.info.industry == "manufacturing"
    assert company.info.currency == "USD"
    assert company.info.fiscal_year_end == "12-31"
    assert company.years == YEARS
    assert list(company.period_ends().dt.strftime("%m-%d")) == ["12-31"] * 5


def test_no_data_quality_notes(company):
    assert company.notes == []


def test_every_value_is_reported_with_provenance(company):
    facts = company.facts
    reported = facts[~facts["derived"]]
    assert set(reported["source"]) == {"finlit-fictional"}
    assert set(reported["filing"]) == {"fictional"}
    assert reported["source_key"].str.len().min() > 0
    for item in ("gross_profit", "total_debt", "total_liabilities"):
        assert not facts[facts["line_item"] == item]["derived"].any(), item


def test_all_items_every_year(panel):
    items = """revenue cost_of_revenue gross_profit research_and_development selling_general_administrative
    operating_expenses depreciation_amortization operating_income interest_expense pretax_income income_tax
    net_income diluted_shares diluted_eps cash_and_equivalents short_term_investments receivables inventory
    current_assets ppe_net goodwill intangible_assets total_assets payables current_liabilities short_term_debt
    long_term_debt total_debt total_liabilities total_equity retained_earnings operating_cash_flow
    capital_expenditure investing_cash_flow financing_cash_flow dividends_paid share_repurchases
    stock_based_compensation employees it_spend it_capex it_opex""".split()
    assert panel.loc[YEARS, items].notna().all().all()


def test_balance_sheet_balances_exactly(panel):
    for y in YEARS:
        p = panel.loc[y]
        assert p.total_assets == p.total_liabilities + p.total_equity
        assert p.total_assets == p.current_assets + p.ppe_net + p.goodwill + p.intangible_assets
        assert p.current_assets == p.cash_and_equivalents + p.short_term_investments + p.receivables + p.inventory
        assert p.total_debt == p.short_term_debt + p.long_term_debt
        assert p.current_liabilities >= p.payables + p.short_term_debt
        assert p.total_liabilities >= p.current_liabilities + p.long_term_debt


def test_cash_roll_forward(panel, meta):
    cash = meta["opening_cash_fy2021"]
    for y in YEARS:
        p = panel.loc[y]
        cash = cash + p.operating_cash_flow + p.investing_cash_flow + p.financing_cash_flow
        assert cash == p.cash_and_equivalents, y


def test_retained_earnings_roll_forward(panel, meta):
    re = meta["opening_retained_earnings_fy2021"]
    assert re == meta["opening_balance_sheet_fy2020"]["retained_earnings"]
    for y in YEARS:
        p = panel.loc[y]
        re = re + p.net_income - p.dividends_paid
        assert re == p.retained_earnings, y


def test_income_statement_adds_up(panel):
    for y in YEARS:
        p = panel.loc[y]
        assert p.gross_profit == p.revenue - p.cost_of_revenue
        assert p.operating_expenses == (p.research_and_development + p.selling_general_administrative
                                        + p.depreciation_amortization)
        assert p.operating_income == p.gross_profit - p.operating_expenses
        assert p.pretax_income == p.operating_income - p.interest_expense
        assert p.net_income == p.pretax_income - p.income_tax
        assert p.diluted_eps == pytest.approx(p.net_income / p.diluted_shares, abs=0.005)


def test_ppe_roll_forward(panel, meta):
    ppe = meta["opening_balance_sheet_fy2020"]["ppe_net"]
    intangibles = meta["opening_balance_sheet_fy2020"]["intangible_assets"]
    for y in YEARS:
        p = panel.loc[y]
        amortization = intangibles - p.intangible_assets
        assert p.ppe_net == ppe + p.capital_expenditure - (p.depreciation_amortization - amortization), y
        ppe, intangibles = p.ppe_net, p.intangible_assets


def test_it_capex_inside_capex_and_it_depreciation_inside_da(panel, meta):
    budget = totals(bundled_it_budget("LARKSPUR"))
    capex = {int(k[2:]): v for k, v in meta["it_capex_before_fy2021"].items()}
    capex.update({y: budget.loc[y, "it_capex"] for y in YEARS})
    life = meta["it_depreciation_life_years"]
    assert life == 4
    for y in YEARS:
        p = panel.loc[y]
        assert 0 < p.it_capex <= p.capital_expenditure
        it_depreciation = sum(capex[y - n] for n in range(life)) / life
        assert it_depreciation == pytest.approx(meta["it_depreciation"][f"FY{y}"], abs=1000)
        assert 0 < it_depreciation <= p.depreciation_amortization
        assert p.it_spend == p.it_opex + p.it_capex
        assert p.it_opex <= p.selling_general_administrative


def test_it_budget_file_sums_to_statements(panel):
    budget = bundled_it_budget("LARKSPUR")
    assert budget.attrs["currency"] == "USD"
    t = totals(budget)
    assert list(t.index) == YEARS
    for y in YEARS:
        for item in ("it_spend", "it_opex", "it_capex"):
            assert t.loc[y, item] == panel.loc[y, item], (y, item)


def test_plausible_manufacturer(panel):
    for y in YEARS:
        p = panel.loc[y]
        assert 700e6 <= p.revenue <= 950e6
        assert 0.30 <= p.gross_profit / p.revenue <= 0.35
        assert 0.07 <= p.operating_income / p.revenue <= 0.10
        assert 0.03 <= p.it_spend / p.revenue <= 0.035
        assert 2000 <= p.employees <= 2600
        assert p.cash_and_equivalents > 0 and p.total_equity > 0
    growth = panel.loc[YEARS, "revenue"].pct_change().dropna()
    assert (growth > 0).all() and growth.max() - growth.min() > 0.05   # growing, unevenly


def test_generated_files_are_up_to_date():
    script = Path(__file__).resolve().parents[1] / "scripts" / "build_fictional_company.py"
    spec = importlib.util.spec_from_file_location("build_fictional_company", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, text in module.outputs().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run {script.name}"
