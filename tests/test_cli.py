"""The command line contract of PRODUCT.md: headers, exit codes, one-line messages."""
import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from cli_helpers import one_line_error, run
from finlit.cli import main
from finlit.ratios import default_keys




def test_companies_csv_lists_every_bundled_company(capsys):
    code, out, _ = run(capsys, "companies", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["ticker", "name", "industry", "kind", "first_year", "last_year", "currency", "data"]
    tickers = {r["ticker"]: r for r in rows}
    assert tickers["AAPL"]["data"] == "real" and tickers["LARKSPUR"]["data"] == "fictional"
    assert tickers["JPM"]["kind"] == tickers["BAC"]["kind"] == "bank" and tickers["AAPL"]["kind"] == "operating"
    assert len([r for r in rows if r["data"] == "real"]) >= 10
    assert int(tickers["AAPL"]["last_year"]) - int(tickers["AAPL"]["first_year"]) >= 3


def test_companies_table_and_json(capsys):
    code, out, _ = run(capsys, "companies")
    assert code == 0 and "Apple Inc." in out and "ticker" in out.splitlines()[0]
    code, out, _ = run(capsys, "companies", "--format", "json")
    assert code == 0 and any(c["ticker"] == "AAPL" for c in json.loads(out))


def test_statements_csv_header_and_apple_figures(capsys):
    code, out, _ = run(capsys, "statements", "AAPL", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["company", "statement", "line_item", "fiscal_year", "period_end",
                             "value", "currency", "source"]
    revenue = {r["fiscal_year"]: float(r["value"]) for r in rows if r["line_item"] == "revenue"}
    assert revenue["2023"] == 383_285e6
    fy23 = [r for r in rows if r["line_item"] == "revenue" and r["fiscal_year"] == "2023"][0]
    assert fy23["period_end"] == "2023-09-30" and fy23["currency"] == "USD" and fy23["statement"] == "income"
    assert {r["statement"] for r in rows} >= {"income", "balance", "cashflow"}


def test_statements_one_statement(capsys):
    code, out, _ = run(capsys, "statements", "aapl", "--statement", "balance", "--format", "csv")
    assert code == 0
    assert {r["statement"] for r in csv.DictReader(io.StringIO(out))} == {"balance"}
    code, out, _ = run(capsys, "statements", "AAPL", "--statement", "income")
    assert code == 0 and "Income statement — Apple Inc." in out and "383,285" in out


def test_statements_json(capsys):
    code, out, _ = run(capsys, "statements", "LARKSPUR", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["company"] == "LARKSPUR" and data["facts"]


def test_ratios_csv_header_and_apple_margins(capsys):
    code, out, _ = run(capsys, "ratios", "AAPL", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["company", "fiscal_year", "period_end", "ratio", "value"]
    got = {(r["ratio"], r["fiscal_year"]): r["value"] for r in rows}
    assert float(got[("gross_margin", "2023")]) == pytest.approx(0.4413, abs=5e-5)
    assert float(got[("net_margin", "2023")]) == pytest.approx(0.2531, abs=5e-5)
    assert {r["ratio"] for r in rows} == set(default_keys())
    assert all(r["value"] not in ("inf", "-inf", "nan") for r in rows)


def test_ratios_selection_json_and_average_balances(capsys):
    code, out, _ = run(capsys, "ratios", "AAPL", "--ratio", "return_on_assets,revenue_growth",
                       "--average-balances", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["average_balances"] is True
    first = min(r["fiscal_year"] for r in data["ratios"])
    roa_first = [r for r in data["ratios"] if r["ratio"] == "return_on_assets" and r["fiscal_year"] == first][0]
    assert roa_first["value"] is None and "opening balance" in roa_first["reason"]


def test_ratios_table_shows_reasons(capsys):
    code, out, _ = run(capsys, "ratios", "JPM")
    assert code == 0 and "Gross margin" in out and "not available" in out


def test_ratios_list(capsys):
    code, out, _ = run(capsys, "ratios", "--list", "--format", "csv")
    assert code == 0 and len(out.strip().splitlines()) == len(default_keys()) + 1


@pytest.mark.parametrize("argv, words", [
    (["statements", "NOPE"], ["unknown ticker 'NOPE'", "finlit companies"]),
    (["ratios", "NOPE"], ["unknown ticker"]),
    (["ratios", "AAPL", "--ratio", "magic"], ["unknown ratio 'magic'", "--list"]),
    (["statements", "AAPL", "--format", "xml"], ["invalid choice", "--help"]),
    (["statements", "AAPL", "--bogus"], ["unrecognized arguments", "--help"]),
    (["statements", "missing_dir/file.csv"], ["file not found", "check the path"]),
    (["ratios"], ["missing TARGET"]),
    (["statements", "AAPL", "--source", "nowhere"], ["unknown source 'nowhere'"]),
    (["frobnicate"], ["invalid choice", "--help"]),
])
def test_bad_input_exits_2_with_one_line(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    line = one_line_error(err)
    for w in words:
        assert w in line


def test_a_file_target_loads_or_fails_clearly(capsys, tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("line_item,2023\nrevenue,100\n")
    code, out, _ = run(capsys, "statements", str(f), "--statement", "income", "--format", "csv")
    assert code == 0 and "mine,income,revenue,2023,2023-12-31,100,USD,user-file" in out
    f.write_text("line_item,2023\nwidgets,100\n")
    code, _, err = run(capsys, "statements", str(f))
    assert code == 2 and "no usable line items in mine.csv" in one_line_error(err)


@pytest.mark.parametrize("command", ["companies", "statements", "ratios", "itspend", "brief", "batch", "demo"])
def test_help_on_every_command(capsys, command):
    with pytest.raises(SystemExit) as exit:
        main([command, "--help"])
    assert exit.value.code == 0
    assert "usage: finlit " + command in capsys.readouterr().out


def test_demo_writes_a_briefing_on_the_demo_company(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "demo")
    path = tmp_path / "briefings" / "LARKSPUR.html"
    assert code == 0 and out.strip().endswith(str(path.relative_to(tmp_path)))
    assert "Larkspur Components Inc." in path.read_text()


def test_installed_console_script_exit_codes():
    exe = shutil.which("finlit", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the finlit console script is not installed next to this Python"
    ok = subprocess.run([exe, "ratios", "AAPL", "--format", "csv"], capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.startswith("company,fiscal_year,period_end,ratio,value")
    bad = subprocess.run([exe, "statements", "ZZZZ"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["ratios", "AAPL"], ["itspend", "AAPL"], ["itspend", "JPM"],
                                     ["statements", "SNOW"], ["ratios", "JPM", "--ratio", "bank"]])
def test_json_output_is_strict_json_with_null_for_missing(capsys, command):
    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    code, out, _ = run(capsys, *command, "--format", "json")
    assert code == 0
    data = json.loads(out, parse_constant=refuse)   # NaN, Infinity and -Infinity refused
    if command[0] == "ratios":
        missing = [r for r in data["ratios"] if r["value"] is None]
        assert missing and all(isinstance(r["reason"], str) for r in missing)
        assert all(r["reason"] is None for r in data["ratios"] if r["value"] is not None)
