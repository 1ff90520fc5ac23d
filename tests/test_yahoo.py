"""The `yahoo` source, offline: recorded Yahoo responses replayed through yfinance's own parsing.

No test opens a connection: `forbid_network` makes any attempt fail loudly, and yfinance's
HTTP layer (`YfData.get`) answers from ../shared/realdata/yahoo_raw_json (see _yahoo_replay).
Reference figures: Apple's 10-K filings, $ millions.
"""
import csv
from pathlib import Path

import pytest

import _yahoo_replay  # noqa: E402

from finlit.cli import main  # noqa: E402
from finlit.errors import InputError, SourceError  # noqa: E402
from finlit.sources import load  # noqa: E402
from finlit.sources import yahoo  # noqa: E402

M = 1e6


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    """No network, a private cache folder, and a backoff that does not really sleep."""
    _yahoo_replay.forbid_network(monkeypatch)
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path / "cache"))
    slept = []
    monkeypatch.setattr(yahoo, "sleep", slept.append)
    return slept


@pytest.fixture
def replay(monkeypatch, realdata):
    return _yahoo_replay.install(monkeypatch, realdata)


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --- annual, quarterly, TTM -------------------------------------------------------------------

# Apple 10-K figures, $ millions: revenue, net income, total assets, capital expenditure
APPLE_10K = {2022: (394328, 99803, 352755, 10708), 2023: (383285, 96995, 352583, 10959),
             2024: (391035, 93736, 364980, 9447)}


def test_apple_annual_matches_the_10k(replay):
    apple = load("AAPL", source="yahoo")
    assert apple.name == "Apple Inc." and apple.currency == "USD" and apple.period == "annual"
    for year, (revenue, net_income, assets, capex) in APPLE_10K.items():
        assert apple.value("revenue", year) / M == revenue
        assert apple.value("net_income", year) / M == net_income
        assert apple.value("total_assets", year) / M == assets
        assert apple.value("capital_expenditure", year) / M == capex
    # the recording covers FY2022-FY2024 (Yahoo's window on 2025-02-21): nothing else invented
    assert apple.years == [2022, 2023, 2024]
    assert round(apple.ratios(["gross_margin"]).value("gross_margin", 2023), 4) == 0.4413


def test_apple_provenance_and_signs(replay):
    apple = load("AAPL", source="yahoo")
    prov = apple.provenance("revenue", 2023)
    assert prov["source"] == "yahoo" and prov["source_key"] == "TotalRevenue"
    assert prov["currency"] == "USD" and prov["period_end"] == "2023-09-30"
    capex = apple.provenance("capital_expenditure", 2023)
    assert capex["flipped"] and capex["source_key"] == "CapitalExpenditure" and capex["value"] > 0
    assert apple.provenance("share_repurchases", 2023)["value"] / M == 77550
    assert apple.provenance("dividends_paid", 2023)["value"] / M == 15025
    # Yahoo's filled-in GrossProfit is not used: finlit derives it, marked as derived
    assert apple.provenance("gross_profit", 2023)["derived"]
    assert not apple.notes


def test_apple_quarterly(replay):
    apple = load("AAPL", source="yahoo", period="quarterly")
    assert apple.period == "quarterly" and apple.info.fiscal_year_end == "09-28"
    ends = [str(p.date()) for p in apple.periods]
    assert ends == ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]
    assert [apple.period_label(p) for p in apple.periods] == [
        "FY2024 Q2", "FY2024 Q3", "FY2024 Q4", "FY2025 Q1"]
    # Apple's 10-Q/10-K quarters, $ millions
    assert apple.value("revenue", "2024-12-31") / M == 124300
    assert apple.value("net_income", "2024-12-31") / M == 36330
    assert apple.value("revenue", "2024-06-30") / M == 85777
    assert apple.provenance("revenue", "2024-12-31")["fiscal_year"] == 2025
    assert apple.value("total_assets", "2024-12-31") / M == 344085


def test_apple_trailing_twelve_months(replay):
    apple = load("AAPL", source="yahoo", period="ttm")
    assert apple.period == "ttm"
    end = apple.periods[-1]
    assert str(end.date()) == "2024-12-31" and len(apple.periods) == 1
    assert apple.value("revenue", end) / M == 90753 + 85777 + 94930 + 124300
    assert apple.value("total_assets", end) / M == 344085  # balances at the quarter end
    assert apple.value("capital_expenditure", end) > 0


@pytest.mark.parametrize("symbol, currency, revenue_q4_2023", [
    ("SPOT", "EUR", 3671), ("ORSTED.CO", "DKK", None), ("GOOG", "USD", 86310)])
def test_reporting_currency_from_info(replay, symbol, currency, revenue_q4_2023):
    company = load(symbol, source="yahoo", period="quarterly")
    assert company.currency == currency
    assert set(company.facts["currency"]) == {currency}
    if revenue_q4_2023:
        assert company.value("revenue", "2023-12-31") / M == revenue_q4_2023


def test_currency_falls_back_when_info_fails(monkeypatch, realdata):
    _yahoo_replay.install(monkeypatch, realdata, infos={})  # quoteSummary knows nothing
    company = load("ORSTED.CO", source="yahoo", period="quarterly")
    assert company.currency == "DKK"   # from the exchange suffix


# --- failures -------------------------------------------------------------------------------

def test_etf_has_no_statements(replay, capsys):
    with pytest.raises(InputError, match="no financial statements for QQQ: it is an ETF"):
        load("QQQ", source="yahoo")
    assert main(["statements", "QQQ", "--source", "yahoo"]) == 2
    assert "no financial statements for QQQ" in one_line(capsys.readouterr().err)


def test_unknown_ticker_is_bad_input(monkeypatch, realdata, capsys):
    _yahoo_replay.install(monkeypatch, realdata, infos={})
    assert main(["statements", "NOSUCHCO", "--source", "yahoo"]) == 2
    assert "unknown ticker 'NOSUCHCO'" in one_line(capsys.readouterr().err)


def test_rate_limit_then_success(monkeypatch, realdata, offline):
    replay = _yahoo_replay.install(monkeypatch, realdata, fail_first=2)
    apple = load("AAPL", source="yahoo")
    assert apple.value("revenue", 2023) / M == 383285
    assert offline == [1.0, 2.0]     # two 429s: retried after 1 s, then 2 s
    assert len(replay.requests) > 2


def test_backoff_doubles_then_gives_up(monkeypatch, realdata, offline, capsys):
    _yahoo_replay.install(monkeypatch, realdata, fail_first=10 ** 6)   # network down
    with pytest.raises(SourceError, match="nothing is cached"):
        load("AAPL", source="yahoo")
    assert offline == [1.0, 2.0, 4.0]
    offline.clear()
    assert main(["ratios", "AAPL", "--source", "yahoo"]) == 1
    line = one_line(capsys.readouterr().err)
    assert "AAPL" in line and "network" in line


def test_fresh_cache_is_used_without_asking_yahoo(monkeypatch, realdata, capsys):
    first = _yahoo_replay.install(monkeypatch, realdata)
    load("AAPL", source="yahoo")
    assert first.requests
    again = _yahoo_replay.install(monkeypatch, realdata, fail_first=10 ** 6)
    assert main(["statements", "AAPL", "--source", "yahoo", "--format", "csv"]) == 0
    assert again.requests == []
    out = capsys.readouterr().out
    assert "AAPL,income,revenue,2023,2023-09-30,3.83285e+11,USD,yahoo" in out


def test_offline_falls_back_to_a_stale_cache(monkeypatch, realdata, capsys):
    _yahoo_replay.install(monkeypatch, realdata)
    load("AAPL", source="yahoo")
    _yahoo_replay.install(monkeypatch, realdata, fail_first=10 ** 6)
    apple = yahoo.load_yahoo("AAPL", max_age=0)   # too old: Yahoo is asked, fails, cache serves
    assert apple.value("net_income", 2023) / M == 96995
    assert [n.check for n in apple.notes] == ["stale_cache"]
    assert "figures from the cache" in str(apple.notes[0])


def test_corrupt_cache_entry_is_fetched_again(monkeypatch, realdata):
    from finlit._cache import Cache

    cache = Cache("yahoo")
    cache.put("AAPL|annual", b'{"not": "a payload"')      # valid checksum, broken JSON
    replay = _yahoo_replay.install(monkeypatch, realdata)
    assert load("AAPL", source="yahoo").value("revenue", 2024) / M == 391035
    assert replay.requests
    path = cache.path("AAPL|annual")
    raw = bytearray(path.read_bytes())
    raw[-3] ^= 0xFF                                       # flipped byte: fails the checksum
    path.write_bytes(bytes(raw))
    replay.requests.clear()
    assert load("AAPL", source="yahoo").value("revenue", 2024) / M == 391035
    assert replay.requests


def test_bad_period_and_symbol():
    with pytest.raises(InputError, match="unknown period"):
        load("AAPL", source="yahoo", period="weekly")
    with pytest.raises(InputError, match="not a Yahoo Finance symbol"):
        load("AA PL", source="yahoo")


def test_key_table_matches_the_yfinance_label_table():
    """yahoo_keys.csv (raw keys) and yfinance_labels.csv (pretty labels) map the same lines."""
    from finlit.sources.yfinance_csv import label_mapping

    pretty = {label.replace(" ", ""): value for label, value in label_mapping().items()}
    assert yahoo.key_mapping() == pretty
    root = Path(yahoo.__file__).parent / "mappings" / "yahoo_keys.csv"
    rows = [r for r in csv.reader(line for line in root.open() if not line.startswith("#"))]
    assert rows[0] == ["raw_key", "canonical_item", "sign", "priority"]


# --- yfinance's noise -------------------------------------------------------------------------

def test_yfinance_is_quiet_only_during_finlits_calls(replay, caplog):
    """finlit silences yfinance around its own calls and leaves the logger as it found it."""
    import logging
    import warnings

    yf_log = logging.getLogger("yfinance")
    yf_log.setLevel(logging.WARNING)
    try:
        with caplog.at_level(logging.DEBUG, logger="finlit"):
            with yahoo.quiet_yfinance():
                assert yf_log.getEffectiveLevel() == logging.CRITICAL
                yf_log.error("a network hiccup")            # not shown
                warnings.warn("old API", DeprecationWarning)  # caught, not printed
            assert yf_log.level == logging.WARNING
            load("AAPL", source="yahoo")
            assert yf_log.level == logging.WARNING              # not left at CRITICAL
        assert not [r for r in caplog.records if r.name.startswith("yfinance")]
        assert any(r.name == "finlit.sources.yahoo" and "old API" in r.getMessage()
                   and r.levelno == logging.DEBUG for r in caplog.records)
    finally:
        yf_log.setLevel(logging.NOTSET)
