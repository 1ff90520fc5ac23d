"""The user's own CSV and Excel files (finlit.sources.user_files), on real files and small
hand-made ones. Reference figures: Apple's FY2023 10-K, $ millions."""
import io

import pytest

from finlit.errors import InputError
from finlit.sources import load
from finlit.sources.user_files import (label_synonyms, normalise, parse_number, parse_period,
                                       parse_units, read_user_file, scale_in)

M = 1e6


def read(text, **kw):
    return read_user_file(io.StringIO(text), name=kw.pop("name", "mine.csv"), **kw)


def unmapped(company):
    return [str(n) for n in company.notes if n.check == "unmapped_labels"]


# --- cells, periods, units, labels ------------------------------------------------------------

@pytest.mark.parametrize("cell, value", [
    ("(1,234)", -1234.0), ("1,234.5", 1234.5), ("$ 12", 12.0), ("12%", 0.12), ("−7", -7.0),
    (" 42 ", 42.0), (3, 3.0), (2.5, 2.5), ("1e3", 1000.0)])
def test_number_cells(cell, value):
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell", ["UPGRADE", "—", "–", "-", "n/a", "NM", "", None, "abc 12"])
def test_text_in_number_cells_is_missing(cell):
    assert parse_number(cell) != parse_number(cell)


@pytest.mark.parametrize("cell, kind, year", [
    ("2023", "year", 2023), ("FY2023", "year", 2023), ("FY 2023", "year", 2023),
    ("Fiscal 2023", "year", 2023), (2023, "year", 2023), ("Q1 2024", "quarter", 2024),
    ("FY2024 Q3", "quarter", 2024), ("TTM", "ttm", None)])
def test_period_headers(cell, kind, year):
    p = parse_period(cell)
    assert p.kind == kind and p.year == year


@pytest.mark.parametrize("cell, end", [("Sep. 30, 2023", "2023-09-30"), ("2024-06-29", "2024-06-29"),
                                       ("30/09/2023", "2023-09-30"), ("2025-09-30 00:00:00", "2025-09-30")])
def test_date_headers(cell, end):
    assert str(parse_period(cell).end.date()) == end


@pytest.mark.parametrize("cell", ["2016 - 2020", "Category", "Item", "0.0", "100", "line_item"])
def test_not_periods(cell):
    assert parse_period(cell) is None


def test_units():
    assert [scale_in(t) for t in ("$ in millions", "(in thousands)", "USD m", "EUR bn", "in billions")] == [
        1e6, 1e3, 1e6, 1e9, 1e9]
    assert parse_units("millions") == 1e6 and parse_units("thousands") == 1e3 and parse_units("bn") == 1e9
    with pytest.raises(InputError, match="unknown units"):
        parse_units("furlongs")


def test_synonyms_cover_the_common_labels():
    syn = label_synonyms()
    expected = {"Net sales": "revenue", "Sales": "revenue", "Turnover": "revenue",
                "Sales revenue": "revenue", "Total net sales": "revenue",
                "Cost of sales": "cost_of_revenue", "Gross margin": "gross_profit",
                "Operating profit": "operating_income", "Profit before tax": "pretax_income",
                "Provision for income taxes": "income_tax", "Total shareholders' equity": "total_equity",
                "Total Revenue": "revenue",  # yfinance's label, merged from yfinance_labels.csv
                "cost_of_revenue": "cost_of_revenue", "    Selling, General & Admin": "selling_general_administrative"}
    for label, item in expected.items():
        assert syn[normalise(label)][0] == item, label


# --- small files: orientation, units, signs, metadata -----------------------------------------

def test_rows_as_line_items_with_units_header_and_metadata():
    text = ("company,Acme GmbH\ncurrency,EUR\n"
            "Acme income statement (EUR in thousands)\n"
            "Item,FY2023,FY2024\nTurnover,\"1,000\",\"1,200\"\nCost of sales,(600),(700)\n"
            "\"Selling, general and administrative\",200,210\nNet profit,150,—\n")
    acme = read(text)
    assert acme.name == "Acme GmbH" and acme.currency == "EUR"
    assert acme.value("revenue", 2024) == 1_200_000
    # "(600)" in a sheet whose other costs are positive: a cost shown negative is still a cost
    assert acme.value("cost_of_revenue", 2023) == 600_000
    assert acme.provenance("cost_of_revenue", 2023)["flipped"]
    assert not acme.provenance("selling_general_administrative", 2023)["flipped"]
    assert acme.value("net_income", 2023) == 150_000 and acme.value("net_income", 2024) != acme.value("net_income", 2024)


def test_a_sheet_with_negative_costs_is_flipped_and_marked():
    text = "line_item,2023,2024\nrevenue,100,120\ncost_of_revenue,-60,-70\noperating_expenses,-20,-25\nincome_tax,-4,-5\n"
    c = read(text)
    assert c.value("cost_of_revenue", 2024) == 70 and c.value("income_tax", 2024) == 5
    assert c.provenance("cost_of_revenue", 2024)["flipped"]
    assert c.value("gross_profit", 2024) == 50


def test_transposed_orientation():
    text = "Year,Revenue,Net income,Total assets\n2022,90,9,300\n2023,100,10,320\n"
    c = read(text, units="millions")
    assert c.years == [2022, 2023] and c.value("total_assets", 2023) == 320 * M
    assert c.provenance("revenue", 2023)["source_key"] == "Revenue"


def test_explicit_units_win_and_per_share_is_not_scaled():
    text = "$ in thousands,2023\nrevenue,5\ndiluted_eps,1.25\nemployees,40\n"
    c = read(text, units="millions")
    assert c.value("revenue", 2023) == 5 * M
    assert c.value("diluted_eps", 2023) == 1.25 and c.value("employees", 2023) == 40


def test_fiscal_year_end_places_years():
    c = read("fiscal_year_end,01-31\nline_item,2025\nrevenue,10\n")
    assert c.provenance("revenue", 2025)["period_end"] == "2025-01-31"


def test_quarters_and_ttm_columns():
    text = "line_item,FY2024 Q3,FY2024 Q4,FY2024,TTM 2024-09-28\nrevenue,85,95,391,391\n"
    annual = read(text, fiscal_year_end="09-28")
    assert annual.years == [2024] and annual.value("revenue", 2024) == 391
    quarterly = read(text, period="quarterly", fiscal_year_end="09-30")
    assert [str(p.date()) for p in quarterly.periods] == ["2024-06-30", "2024-09-30"]
    assert quarterly.period_label(quarterly.periods[0]) == "FY2024 Q3"
    ttm = read(text, period="ttm")
    assert ttm.period == "ttm" and ttm.value("revenue", "2024-09-28") == 391
    with pytest.raises(InputError, match="no ttm columns"):
        read("line_item,2023\nrevenue,1\n", period="ttm")


def test_unmapped_labels_are_listed_not_dropped():
    c = read("line_item,2024\nrevenue,10\nWidgets shipped,7\nSection heading,\n")
    notes = unmapped(c)
    assert len(notes) == 1 and "Widgets shipped" in notes[0] and "Section heading" not in notes[0]


def test_no_usable_line_items_names_the_template():
    with pytest.raises(InputError, match="no usable line items in mine.csv.*statements_template.csv"):
        read("line_item,2024\nWidgets,7\n")
    with pytest.raises(InputError, match="no usable line items"):
        read("just,some,words\nand,more,words\n")


def test_bom_crlf_and_semicolons():
    c = read("\ufeffline_item;2023;2024\r\nrevenue;1.234,5;2\r\n".replace("1.234,5", "3"))
    assert c.value("revenue", 2024) == 2


# --- the shipped template and example ---------------------------------------------------------

def test_template_is_refused_until_filled_and_example_loads():
    from importlib.resources import files

    folder = files("finlit.data") / "templates"
    with pytest.raises(InputError, match="no usable line items"):
        load(str(folder / "statements_template.csv"))
    example = load(str(folder / "example_company.csv"))
    assert example.name == "Northwind Freight Ltd" and example.ticker == "NWF"
    assert example.currency == "EUR" and example.years == [2022, 2023, 2024]
    assert example.value("revenue", 2024) == pytest.approx(905.7 * M)
    assert example.value("employees", 2024) == 4260
    assert example.notes == []    # consistent figures, nothing unmapped
    assert round(example.ratios(["operating_margin"]).value("operating_margin", 2024), 4) == round(130.8 / 905.7, 4)


# --- real files ----------------------------------------------------------------------------------

def test_apple_10k_csvs(realdata):
    folder = realdata / "user_files"
    apple = read_user_file([folder / "apple_10k_2023_consolidated.csv",
                            folder / "apple_10k_2023_balance_sheet.csv",
                            folder / "apple_10k_2023_cashflow.csv"], units="millions",
                           fiscal_year_end="09-30")
    assert apple.value("revenue", 2023) / M == 383285
    assert apple.value("cost_of_revenue", 2023) / M == 214137
    assert apple.value("gross_profit", 2023) / M == 169148          # "Gross margin" as reported
    assert not apple.provenance("gross_profit", 2023)["derived"]
    assert apple.value("net_income", 2023) / M == 96995
    assert apple.value("total_assets", 2023) / M == 352583
    assert apple.value("total_equity", 2023) / M == 62146
    assert apple.value("capital_expenditure", 2023) / M == 10959    # shown as -10959: flipped
    assert apple.provenance("capital_expenditure", 2023)["flipped"]
    assert apple.value("dividends_paid", 2023) / M == 15025
    # in the cash-flow statement "Accounts receivable, net" is a change, not the balance
    assert apple.value("receivables", 2023) / M == 29508
    assert apple.provenance("receivables", 2023)["filing"] == "apple_10k_2023_balance_sheet.csv"
    assert apple.provenance("net_income", 2023)["filing"] == "apple_10k_2023_consolidated.csv"
    assert apple.provenance("revenue", 2023)["period_end"] == "2023-09-30"
    assert round(apple.ratios(["gross_margin"]).value("gross_margin", 2023), 4) == 0.4413
    listed = " ".join(unmapped(apple))
    assert "Products - Net sales" in listed and "Vendor non-trade receivables" in listed


def test_apple_10k_csv_without_units_says_so(realdata):
    apple = load(str(realdata / "user_files" / "apple_10k_2023_consolidated.csv"))
    assert apple.value("revenue", 2023) == 383285
    assert any(n.check == "units_assumed" for n in apple.notes)


def test_messy_excel_workbook(realdata):
    path = realdata / "user_files" / "AAPL_Financials_stockanalysis_scrape.xlsx"
    apple = load(str(path), units="millions", fiscal_year_end="09-30")
    assert apple.years == [2021, 2022, 2023, 2024, 2025]   # "2016 - 2020" (all "UPGRADE") not read
    assert apple.value("revenue", 2023) / M == 383285
    assert apple.value("gross_profit", 2023) / M == 169148   # "Gross Profit", not the "Gross Margin" ratio
    assert apple.value("net_income", 2025) / M == 112010
    assert apple.value("total_assets", 2024) / M == 364980
    assert apple.value("capital_expenditure", 2023) / M == 10959
    assert apple.value("diluted_eps", 2023) == 6.13
    assert apple.value("diluted_shares", 2023) / M == 15813
    assert apple.provenance("total_assets", 2024)["filing"].endswith("sheet Balance_Sheet")
    listed = " ".join(unmapped(apple))
    assert "Revenue Growth (YoY)" in listed and "Change in Inventory" in listed


@pytest.mark.parametrize("path, year, revenue", [
    ("finance_intelligence_hub/AAPL_financials.csv", 2023, 383285e6),
    ("finance_intelligence_hub/MSFT_financials.csv", 2023, 211915e6),
    ("sly3ye_transposed_3stmt/AAPL_income.csv", 2023, 383285e6),
    ("askingque/MSFT_Financials.csv", 2023, 211915e6)])
def test_yfinance_csvs_are_read_with_yfinance_conventions(realdata, path, year, revenue):
    company = load(str(realdata / "yfinance_csv" / path))
    assert company.value("revenue", year) == revenue
    assert set(company.facts.loc[~company.facts["derived"], "source"]) == {"yfinance-csv"}
    assert company.provenance("gross_profit", year).get("derived", True)  # Yahoo's filled-in line unused


def test_yfinance_cash_flow_signs(realdata):
    apple = load(str(realdata / "yfinance_csv" / "sly3ye_transposed_3stmt" / "AAPL_cashflow.csv"))
    assert apple.value("capital_expenditure", 2023) / M == 10959
    assert apple.provenance("capital_expenditure", 2023)["flipped"]


def test_yfinance_empty_ticker_files_are_refused(realdata):
    folder = realdata / "yfinance_csv" / "sly3ye_transposed_3stmt" / "edge_cases_empty_or_invalid_ticker"
    with pytest.raises(InputError, match="no usable line items in APPL_income.csv"):
        load(str(folder / "APPL_income.csv"))
    shell = load(str(folder / "CHECU_balance.csv"))
    assert "total_assets" in set(shell.facts["line_item"])
