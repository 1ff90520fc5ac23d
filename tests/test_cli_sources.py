"""The command line with every kind of TARGET: files recognised by content, live sources
(replayed, offline), exit codes 0/1/2 with one-line messages, unmapped labels listed."""
import csv
import io
import shutil

import pytest

import _yahoo_replay
from cli_helpers import one_line_error, run
from finlit.cli import main


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    _yahoo_replay.forbid_network(monkeypatch)
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path / "cache"))
    from finlit.sources import yahoo

    monkeypatch.setattr(yahoo, "sleep", lambda s: None)




def csv_rows(out):
    return list(csv.DictReader(io.StringIO(out)))


def value(rows, item, year):
    hits = [float(r["value"]) for r in rows if r["line_item"] == item and r["fiscal_year"] == str(year)]
    assert hits, (item, year)
    return hits[0]


# --- files recognised by content ------------------------------------------------------------

def test_companyfacts_json_even_without_a_json_name(capsys, realdata, tmp_path):
    renamed = tmp_path / "apple_download"          # no extension: recognised by content
    shutil.copy(realdata / "sec_companyfacts" / "AAPL_CIK0000320193.json", renamed)
    code, out, _ = run(capsys, "statements", renamed, "--source", "file", "--statement", "income",
                       "--format", "csv")
    assert code == 0 and value(csv_rows(out), "revenue", 2023) == 383285e6


def test_user_csv_and_unmapped_labels_listed(capsys, realdata):
    path = realdata / "user_files" / "apple_10k_2023_consolidated.csv"
    code, out, err = run(capsys, "statements", path, "--units", "millions", "--format", "csv")
    assert code == 0 and value(csv_rows(out), "net_income", 2023) == 96995e6
    assert "finlit: note: unmapped labels in apple_10k_2023_consolidated.csv" in err
    assert "Products - Net sales" in err
    code, out, _ = run(capsys, "statements", path, "--units", "millions")
    assert code == 0 and "note: unmapped labels" in out and "383,285" in out


def test_user_xlsx_ratios(capsys, realdata):
    path = realdata / "user_files" / "AAPL_Financials_stockanalysis_scrape.xlsx"
    code, out, err = run(capsys, "ratios", path, "--ratio", "gross_margin", "--format", "csv")
    assert code == 0
    rows = {r["fiscal_year"]: r["value"] for r in csv_rows(out)}
    assert round(float(rows["2023"]), 4) == 0.4413 and "unmapped labels" in err


def test_xlsx_renamed_to_csv_is_still_a_workbook(capsys, realdata, tmp_path):
    renamed = tmp_path / "export.csv"
    shutil.copy(realdata / "user_files" / "AAPL_Financials_stockanalysis_scrape.xlsx", renamed)
    code, out, _ = run(capsys, "statements", renamed, "--units", "millions", "--format", "csv")
    assert code == 0 and value(csv_rows(out), "total_assets", 2023) == 352583e6


def test_yfinance_csv(capsys, realdata):
    path = realdata / "yfinance_csv" / "finance_intelligence_hub" / "MSFT_financials.csv"
    code, out, _ = run(capsys, "statements", path, "--statement", "income", "--format", "csv")
    rows = csv_rows(out)
    assert code == 0 and value(rows, "revenue", 2023) == 211915e6
    assert {r["source"] for r in rows if r["line_item"] == "revenue"} == {"yfinance-csv"}


def test_fsds_zip_needs_a_company(capsys, realdata):
    path = realdata / "sec_fsds" / "fsds_2010q2.zip"
    code, _, err = run(capsys, "statements", path)
    assert code == 2 and "--company" in one_line_error(err)
    code, out, _ = run(capsys, "statements", path, "--company", "BANK OF AMERICA", "--period",
                       "quarterly", "--statement", "income", "--format", "csv")
    assert code == 0
    assert any(r["line_item"] == "revenue" and r["period_end"] == "2010-03-31" for r in csv_rows(out))


def test_quarterly_period_from_a_companyfacts_file(capsys, realdata):
    path = realdata / "sec_companyfacts" / "AAPL_CIK0000320193.json"
    code, out, _ = run(capsys, "statements", path, "--period", "quarterly", "--statement", "income",
                       "--format", "csv")
    rows = csv_rows(out)
    assert code == 0
    assert any(r["line_item"] == "revenue" and r["period_end"] == "2024-12-28" and
               float(r["value"]) == 124300e6 for r in rows)


@pytest.mark.parametrize("content, words", [
    (b"", ["is empty", "statements_template.csv"]),
    (b"   \n\n", ["is empty"]),
    (b"%PDF-1.7 binary", ["unknown format", "CSV"]),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", ["Excel 97-2003", ".xlsx"]),
    (b'{"results": []}', ["not SEC companyfacts"]),
    (b"PK\x03\x04garbage", ["damaged"]),
    (b"line_item,2024\nwidgets,3\n", ["no usable line items", "statements_template.csv"]),
    (b"hello world\n", ["no usable line items"]),
])
def test_bad_files_exit_2_with_one_line(capsys, tmp_path, content, words):
    path = tmp_path / "input.dat"
    path.write_bytes(content)
    code, out, err = run(capsys, "statements", path)
    line = one_line_error(err)
    assert code == 2 and out == ""
    for w in words:
        assert w in line, line


def test_missing_file_folder_and_bad_options(capsys, tmp_path):
    code, _, err = run(capsys, "statements", tmp_path / "nope.csv")
    assert code == 2 and "file not found" in one_line_error(err)
    code, _, err = run(capsys, "statements", tmp_path, "--source", "file")
    assert code == 2 and "is a folder" in one_line_error(err)
    code, _, err = run(capsys, "statements", "AAPL", "--period", "weekly")
    assert code == 2 and "--period" in one_line_error(err)
    f = tmp_path / "mine.csv"
    f.write_text("line_item,2023\nrevenue,1\n")
    code, _, err = run(capsys, "statements", f, "--units", "furlongs")
    assert code == 2 and "unknown units" in one_line_error(err)


def test_unreadable_file(capsys, tmp_path):
    import os

    f = tmp_path / "locked.csv"
    f.write_text("line_item,2023\nrevenue,1\n")
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):
            pytest.skip("running as a user who can read any file")
        code, _, err = run(capsys, "statements", f)
        assert code == 2 and "cannot read" in one_line_error(err)
    finally:
        f.chmod(0o600)


# --- live sources, replayed -------------------------------------------------------------------

def test_yahoo_ticker(capsys, monkeypatch, realdata):
    _yahoo_replay.install(monkeypatch, realdata)
    code, out, _ = run(capsys, "statements", "AAPL", "--source", "yahoo", "--format", "csv")
    assert code == 0 and value(csv_rows(out), "total_assets", 2023) == 352583e6
    code, out, _ = run(capsys, "ratios", "AAPL", "--source", "yahoo", "--period", "quarterly",
                       "--ratio", "gross_margin", "--format", "csv")
    assert code == 0 and len(csv_rows(out)) == 4


def test_yahoo_etf_exit_2_and_network_down_exit_1(capsys, monkeypatch, realdata):
    _yahoo_replay.install(monkeypatch, realdata)
    code, _, err = run(capsys, "statements", "QQQ", "--source", "yahoo")
    assert code == 2 and "no financial statements for QQQ" in one_line_error(err)
    _yahoo_replay.install(monkeypatch, realdata, fail_first=10 ** 6)
    code, out, err = run(capsys, "statements", "MSFT", "--source", "yahoo")
    assert code == 1 and out == "" and "nothing is cached" in one_line_error(err)


def test_source_help_lists_every_source(capsys):
    with pytest.raises(SystemExit):
        main(["statements", "--help"])
    out = capsys.readouterr().out
    for word in ("bundled", "file", "sec", "yahoo", "--period", "--company", "--units"):
        assert word in out


def test_a_broken_plug_in_is_left_out_with_a_warning(capsys, monkeypatch):
    import finlit.sources as sources

    class BrokenEntryPoint:
        name = "broken"

        def load(self):
            raise ImportError("no module named broken_source")

    monkeypatch.setattr(sources, "entry_points", lambda group: [BrokenEntryPoint()])
    monkeypatch.setattr(sources, "_plugins_loaded", False)
    code, out, err = run(capsys, "statements", "AAPL", "--statement", "income", "--format", "csv")
    assert code == 0 and out.startswith("company,statement")
    assert "finlit: warning: the source plug-in 'broken' was not loaded (ImportError" in err
