"""`finlit inspect` / `finlit.inspect`: how finlit read an input (issue 12, point 4).

For every shape of real test file, every row of the file is in the report, either used (the
canonical item it became, with its values, equal to the company's) or "not used" with a
reason; the row lists are counted independently of finlit's readers (csv, pandas, openpyxl).
Reference figures: Apple's FY2023 10-K ($ millions): revenue 383,285, total assets 352,583,
total liabilities 290,437, shareholders' equity 62,146."""
import csv
import json

import pandas as pd
import pytest
from test_export_shapes import yahooquery_frame

import finlit
from finlit.cli import main
from finlit.sources.export_shapes import SIMFIN_META
from finlit.sources.inspection import NO_NUMBERS

M = 1e6
USER = ("user_files",)
SLY = ("yfinance_csv", "sly3ye_transposed_3stmt")


def explained(report):
    """Every row is used (an item and values) or not used with a reason; used rows hold the
    company's own values (facts with the row's label as their source key)."""
    for row in report.rows():
        if row["used"]:
            assert row["item"] and row["values"] > 0, row
            facts = report.company.facts
            mine = facts[(facts["source_key"] == row["label"]) & (facts["line_item"] == row["item"])]
            assert len(mine) >= row["values"], row
        else:
            assert row["reason"].startswith("not used: ") or row["reason"] in (NO_NUMBERS, "no values"), row
    return report


def labels_of(report, source):
    return [r.label for t in report.tables if t.source == source for r in t.rows]


def csv_labels(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return [r[0].strip() for r in list(csv.reader(fh))[1:] if r]


def test_apple_10k_csvs_every_row_explained(realdata):
    files = [realdata.joinpath(*USER, f"apple_10k_2023_{s}.csv") for s in ("consolidated", "balance_sheet", "cashflow")]
    report = explained(finlit.inspect([str(f) for f in files], units="millions"))
    assert report.shape.startswith("a statement set of 3 files")
    for f in files:
        assert labels_of(report, f.name) == csv_labels(f)
    income, balance, cash = report.tables
    assert (income.statement, balance.statement, cash.statement) == ("income", "balance", "cashflow")
    assert (income.units, income.units_from) == ("millions", "the units option (--units)")
    assert income.currency == "USD" and income.currency_from.startswith("not stated")
    assert [(p["column"], p["fiscal_year"]) for p in income.periods] == [
        ("Sep. 30, 2023", 2023), ("Sep. 24, 2022", 2022), ("Sep. 25, 2021", 2021)]
    rows = {(t.source, r.label): r for t in report.tables for r in t.rows}
    assert rows[("apple_10k_2023_consolidated.csv", "Net sales")].item == "revenue"
    assert report.company.value("revenue", 2023) / M == 383285
    assert "no canonical item" in rows[("apple_10k_2023_consolidated.csv", "Products - Net sales")].reason
    # a balance label in the cash-flow statement is a change; net income comes from the income file
    assert "change, not a balance" in rows[("apple_10k_2023_cashflow.csv", "Inventories")].reason
    assert "apple_10k_2023_consolidated.csv" in rows[("apple_10k_2023_cashflow.csv", "Net income")].reason
    checks = {(k.check, k.period): k for k in report.checks}
    assert checks[("balance_sheet_balances", "FY2023")].status == "ok"
    assert checks[("balance_sheet_balances", "FY2021")].status == "not checked"   # no balance sheet
    assert checks[("gross_profit_adds_up", "FY2023")].status == "ok"
    assert 0 < report.share_mapped < 1


def test_a_failed_check_says_by_how_much(realdata, tmp_path):
    source = realdata.joinpath(*USER, "apple_10k_2023_balance_sheet.csv").read_text()
    (tmp_path / "apple_balance_sheet.csv").write_text(source.replace("Total assets,352583", "Total assets,362583"))
    report = finlit.inspect(str(tmp_path / "apple_balance_sheet.csv"), units="millions")
    check = next(k for k in report.checks if k.check == "balance_sheet_balances" and k.period == "FY2023")
    share = (362583 - (290437 + 62146)) / 362583                       # hand-computed: +2.76%
    assert check.status == "failed" and check.detail == f"gap {share:+.2%} of assets"


def test_workbook_every_sheet_and_row(realdata):
    from openpyxl import load_workbook

    path = realdata.joinpath(*USER, "AAPL_Financials_stockanalysis_scrape.xlsx")
    report = explained(finlit.inspect(str(path)))
    book = load_workbook(path, read_only=True)
    for sheet in book.worksheets:
        rows = [r for r in sheet.iter_rows(values_only=True) if any(c is not None for c in r)]
        assert labels_of(report, f"{path.name}, sheet {sheet.title}") == [str(r[0]).strip() for r in rows[1:]]
    income = report.tables[0]
    assert income.statement == "income" and income.units_from.startswith("not stated")
    assert income.periods[-1] == {"column": "2016 - 2020", "period_end": "", "fiscal_year": None,
                                  "read": False, "reason": "not a fiscal year, a date, a quarter or TTM"}
    assert "Revenue Growth (YoY)" in [r.label for r in income.rows if not r.used]


@pytest.mark.parametrize("ticker", ["AAPL", "NKE"])
def test_yfinance_csvs_every_row(realdata, ticker):
    report = explained(finlit.inspect(str(realdata.joinpath(*SLY, f"{ticker}_income.csv"))))
    assert len(report.tables) == 3
    for table in report.tables:
        saved = pd.read_csv(realdata.joinpath(*SLY, table.source), index_col=0)
        assert labels_of(report, table.source) == [c.strip() for c in saved.columns]
        assert table.shape == "a yfinance statement saved as CSV"
    gross = next(r for r in report.tables[0].rows if r.label == "Gross Profit")
    assert not gross.used and "yfinance_labels.csv leaves it out" in gross.reason


def test_yfinance_csv_as_saved_every_row(realdata):
    path = realdata / "yfinance_csv" / "finance_intelligence_hub" / "MSFT_financials.csv"
    report = explained(finlit.inspect(str(path)))
    assert labels_of(report, path.name) == list(pd.read_csv(path, index_col=0).index)


def test_yahooquery_csv_every_row(realdata, tmp_path):
    frame = yahooquery_frame(realdata / "yahoo_raw_json" / "fundamentalsTimeSeries-AAPL-all-annual.json")
    frame.to_csv(tmp_path / "aapl_yq.csv")
    report = explained(finlit.inspect(str(tmp_path / "aapl_yq.csv")))
    assert report.shape == "yahooquery output (12M rows)"
    keys = [c for c in frame.columns if c not in ("asOfDate", "periodType", "currencyCode")]
    assert len(report.tables[0].rows) == len(keys)
    assert report.tables[0].currency == "USD" and "currency column" in report.tables[0].currency_from


def test_simfin_every_row(realdata):
    folder = realdata / "bulk" / "simfin_us_annual"
    report = explained(finlit.inspect(str(folder), company="MSFT"))
    assert report.shape.startswith("a statement set of 3 files (SimFin bulk statements")
    for table in report.tables:
        header = pd.read_csv(folder / table.source, sep=";", nrows=0).columns
        assert labels_of(report, table.source) == [c for c in header if c not in SIMFIN_META]
        assert (table.units, table.currency) == ("units", "USD")


def test_bundled_and_sec_sources_every_fact(realdata):
    for target in ("AAPL", str(realdata / "sec_companyfacts" / "AAPL_CIK0000320193.json")):
        report = explained(finlit.inspect(target))
        reported = report.company.facts[~report.company.facts["derived"]]
        assert sum(r.values for r in report.tables[0].rows) == len(reported)
        assert "RevenueFromContractWithCustomerExcludingAssessedTax" in labels_of(report, report.tables[0].source)
        assert all(k.status == "ok" for k in report.checks if k.period == "FY2023")


def test_cli_text_json_and_html(realdata, capsys):
    path = str(realdata.joinpath(*USER, "apple_10k_2023_consolidated.csv"))
    assert main(["inspect", path, "--units", "millions"]) == 0
    text = capsys.readouterr().out
    assert "Net sales" in text and "Totals checked:" in text and "not used: " in text
    assert main(["inspect", path, "--units", "millions", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(f"not strict JSON: {c}"))
    assert data["company"]["ticker"] == "apple_10k_2023" and data["rows_with_numbers"] == 77
    assert {t["source"] for t in data["tables"]} == {"apple_10k_2023_consolidated.csv",
                                                     "apple_10k_2023_balance_sheet.csv",
                                                     "apple_10k_2023_cashflow.csv"}
    html = finlit.inspect(path, units="millions")._repr_html_()
    assert html.startswith('<div class="finlit-output tex2jax_ignore mathjax_ignore">')
    assert "Income before provision for income taxes" in html and "Totals checked" in html
    assert main(["inspect", "missing.csv"]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
