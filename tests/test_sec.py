"""The SEC source: companyfacts files (annual, quarterly, TTM; us-gaap and ifrs-full; any
currency) and the live path with the network replaced (tests never touch the network)."""
import json
import threading
import time
import urllib.error
from pathlib import Path

import pytest

import finlit
from finlit.cli import main
from finlit.errors import InputError, SourceError
from finlit.sources import sec
from finlit.sources.sec import RateLimiter, cik_of, load_companyfacts, ticker_table
from finlit.sources.sec_companyfacts import read_companyfacts

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
CF = REALDATA / "sec_companyfacts"
FILES = sorted(CF.glob("*.json"))
TRIMMED = sorted((CF / "trimmed_samples").glob("*.json"))
B = 1e9


def needs_realdata():
    if not CF.is_dir():
        pytest.skip(f"real data folder not found: {CF} (only in the development setup)")


@pytest.fixture(scope="module")
def apple_doc():
    needs_realdata()
    return json.loads((CF / "AAPL_CIK0000320193.json").read_text())


@pytest.fixture(scope="module")
def apple(apple_doc):
    return load_companyfacts(apple_doc)


@pytest.fixture(scope="module")
def apple_quarterly(apple_doc):
    return load_companyfacts(apple_doc, period="quarterly")


@pytest.fixture(scope="module")
def apple_ttm(apple_doc):
    return load_companyfacts(apple_doc, period="ttm")


# --- every file loads ----------------------------------------------------------------------

@pytest.mark.parametrize("name", [p.name for p in FILES + TRIMMED] or ["none"])
def test_every_companyfacts_file_loads(realdata, name):
    path = next(p for p in FILES + TRIMMED if p.name == name)
    company = finlit.load(str(path), source="sec")
    assert company.name and company.years
    assert company.info.source.startswith("SEC EDGAR companyfacts")
    assert set(company.facts["source"]) <= {"sec-companyfacts", "finlit"}


def test_apple_revenue_every_fiscal_year_2009_to_2025(apple):
    assert apple.ticker == "AAPL" and apple.currency == "USD"
    assert apple.info.fiscal_year_end == "09-30"
    revenue = apple.panel()["revenue"].dropna()
    assert set(range(2009, 2026)) <= set(revenue.index)
    assert revenue[2023] == 383_285e6 and revenue[2025] == 416_161e6


def test_snowflake_fiscal_years_end_in_january(realdata):
    snow = load_companyfacts(CF / "SNOW_CIK0001640147_fixture.json")
    assert snow.info.fiscal_year_end == "01-31"
    ends = snow.period_ends()
    assert all(e.month in (1, 2) for e in ends)
    assert ends[2025].date().isoformat() == "2025-01-31"
    assert (snow.panel()["net_income"].dropna() < 0).all()


def test_tsmc_reports_in_twd_via_ifrs(realdata):
    tsmc = load_companyfacts(CF / "TSM_CIK0001046179_ifrs.json")
    assert tsmc.currency == "TWD"  # chosen: most annual revenue/asset facts are in TWD
    assert tsmc.ticker == "TSM"
    assert tsmc.value("revenue", 2024) == 2_894_307_700_000  # TWD, not the USD translation
    assert tsmc.provenance("revenue", 2024)["source_key"] == "Revenue"
    assert set(tsmc.facts.loc[~tsmc.facts["derived"], "currency"]) == {"TWD"}
    assert any("USD" in note for note in tsmc.info.notes)
    usd = load_companyfacts(CF / "TSM_CIK0001046179_ifrs.json", currency="USD")
    assert usd.value("revenue", 2024) == 88_268_000_000


def test_lpa_via_ifrs_full_in_usd(realdata):
    facts, meta = read_companyfacts(CF / "LPA_CIK0001997711_fixture.json")
    assert meta["taxonomies"] == ["ifrs-full"] and meta["currency"] == "USD"
    lpa = load_companyfacts(CF / "LPA_CIK0001997711_fixture.json")
    assert lpa.years and not lpa.panel()["total_assets"].dropna().empty


def test_marvell_net_losses_are_negative(realdata):
    mrvl = load_companyfacts(CF / "MRVL_CIK0001835632.json")
    net = mrvl.panel()["net_income"]
    assert (net[[2021, 2022, 2023, 2024, 2025]] < 0).all()


@pytest.mark.parametrize("name", ["JPM_CIK0000019617_sample_trimmed.json",
                                  "CROX_CIK0001334036_sample_trimmed.json"])
def test_trimmed_samples_load(realdata, name):
    company = load_companyfacts(CF / "trimmed_samples" / name)
    assert company.years  # the JPM DEF 14A fact with null fy/fp is ignored
    quarterly = load_companyfacts(CF / "trimmed_samples" / name, period="quarterly")
    assert quarterly.period == "quarterly"


def test_not_companyfacts_json_is_refused(tmp_path, realdata):
    yahoo = next((REALDATA / "yahoo_raw_json").glob("*.json"))
    with pytest.raises(InputError, match="is not an SEC companyfacts file: no \"facts\" object"):
        load_companyfacts(yahoo)
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2, 3]")
    with pytest.raises(InputError, match="bad.json is not an SEC companyfacts file: the top level is a JSON list"):
        finlit.load(str(bad), source="sec")
    broken = tmp_path / "broken.json"
    broken.write_text('{"facts": ')
    with pytest.raises(InputError, match="not valid JSON"):
        load_companyfacts(broken)
    assert InputError("x").exit_code == 2


def test_a_20f_filer_has_no_quarters(realdata):
    with pytest.raises(InputError, match="no quarterly figures .* use --period annual"):
        load_companyfacts(CF / "TSM_CIK0001046179_ifrs.json", period="quarterly")


# --- quarterly and TTM, checked by hand against facts in the file --------------------------

def test_apple_quarters_fy2024(apple_quarterly):
    a = apple_quarterly
    assert a.period == "quarterly" and a.key == "period_end"
    # 10-Q facts (start 2023-10-01 …): Q1 119,575; Q2 90,753; Q3 85,777 ($ millions)
    assert a.value("revenue", "2023-12-30") == 119_575e6
    assert a.value("revenue", "2024-03-30") == 90_753e6
    assert a.value("revenue", "2024-06-29") == 85_777e6
    # Q4 is in no filing: FY 391,035 (10-K) − nine months 296,105 (Q3 10-Q) = 94,930, derived
    assert a.value("revenue", "2024-09-28") == 94_930e6
    q4 = a.provenance("revenue", "2024-09-28")
    assert q4["derived"] and q4["source_key"].endswith("(YTD difference)")
    assert not a.provenance("revenue", "2023-12-30")["derived"]
    assert a.period_label("2023-12-30") == "FY2024 Q1"
    assert a.period_label("2024-09-28") == "FY2024 Q4"
    # balances at the quarter end as filed in the 10-Q: total assets 2024-06-29 = 331,612
    assert a.value("total_assets", "2024-06-29") == 331_612e6
    # cash flows are year to date in 10-Qs: Q2 = six months 62,585 − Q1 39,895 = 22,690
    assert a.value("operating_cash_flow", "2024-03-30") == pytest.approx(22_690e6)


def test_apple_quarters_add_up_to_the_fiscal_year(apple, apple_quarterly):
    q = apple_quarterly.facts
    q = q[q["line_item"] == "revenue"]
    sums = q.groupby("fiscal_year")["value"].agg(["sum", "count"])
    full = sums[sums["count"] == 4]
    assert set(range(2009, 2026)) <= set(full.index)
    for year in range(2009, 2026):
        assert full.at[year, "sum"] == pytest.approx(apple.value("revenue", year))


def test_apple_ttm(apple_ttm):
    t = apple_ttm
    assert t.period == "ttm"
    # TTM to 2024-12-28 = Q2 90,753 + Q3 85,777 + Q4 94,930 + Q1 FY2025 124,300 = 395,760
    assert t.value("revenue", "2024-12-28") == pytest.approx(395_760e6)
    # at a fiscal-year end the TTM is the fiscal year
    assert t.value("revenue", "2024-09-28") == pytest.approx(391_035e6)
    assert t.provenance("revenue", "2024-12-28")["derived"]
    # balances as reported at the date; per-share figures are left out
    assert t.value("total_assets", "2024-06-29") == 331_612e6
    assert "diluted_eps" not in set(t.facts["line_item"])
    assert t.period_label("2024-12-28") == "TTM to 2024-12-28"


def test_period_reaches_the_source_and_bundled_refuses_quarters(realdata):
    with pytest.raises(InputError, match="bundled data is annual only"):
        finlit.load("AAPL", period="quarterly")
    with pytest.raises(InputError, match="unknown period"):
        finlit.load("AAPL", period="monthly")
    q = finlit.load(str(CF / "SNOW_CIK0001640147_fixture.json"), source="sec", period="quarterly")
    assert q.period == "quarterly"
    # Snowflake's first quarter of FY2025 ended 2024-04-30
    assert q.period_label("2024-04-30") == "FY2025 Q1"


# --- tickers and CIKs ----------------------------------------------------------------------

def test_ticker_table_and_ciks(realdata):
    table = ticker_table()
    for path in FILES + TRIMMED:
        ticker, cik = path.stem.split("_")[:2]
        assert table[ticker][0] == cik.removeprefix("CIK"), path.name
    assert cik_of("aapl") == cik_of("CIK0000320193") == cik_of("320193") == "0000320193"
    with pytest.raises(InputError, match="give the company's CIK instead"):
        cik_of("NOPE")


def test_bundled_companies_are_in_the_ticker_table():
    from finlit.sources.bundled import bundled_companies

    table = ticker_table()
    missing = [c.ticker for c in bundled_companies() if not c.fictional and c.ticker not in table]
    assert missing == []


# --- the live path, with the network replaced ----------------------------------------------

class FakeSEC:
    """Serves the real companyfacts files by CIK, records requests."""

    def __init__(self):
        self.requests = []
        self.files = {p.stem.split("_")[1].removeprefix("CIK"): p for p in FILES + TRIMMED}

    def __call__(self, url, headers, timeout=30):
        self.requests.append((url, dict(headers)))
        cik = url.rsplit("CIK", 1)[1].removesuffix(".json")
        if cik not in self.files:
            raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)
        return self.files[cik].read_bytes()


def offline(url, headers, timeout=30):
    raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")


@pytest.fixture
def live(monkeypatch, tmp_path):
    needs_realdata()
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FINLIT_SEC_USER_AGENT", "Test Person test@example.com")
    monkeypatch.delenv("SEC_USER_AGENT", raising=False)
    monkeypatch.setattr(sec, "LIMITER", RateLimiter(rate=1000))
    fake = FakeSEC()
    monkeypatch.setattr(sec, "http_get", fake)
    return fake


def test_live_load_by_ticker_sends_the_user_agent(live):
    company = finlit.load("AAPL", source="sec")
    assert company.ticker == "AAPL" and company.value("revenue", 2023) == 383_285e6
    (url, headers), = live.requests
    assert url == "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json"
    assert headers["User-Agent"] == "Test Person test@example.com"


def test_live_cache_hit_and_cik_targets(live):
    finlit.load("MRVL", source="sec")
    quarterly = finlit.load("CIK0001835632", source="sec", period="quarterly")
    assert quarterly.ticker == "MRVL" and quarterly.period == "quarterly"
    assert len(live.requests) == 1  # the second load came from the cache


def test_live_stale_cache_is_used_when_the_network_fails(live, monkeypatch):
    finlit.load("SNOW", source="sec")
    monkeypatch.setattr(sec, "http_get", offline)
    company = sec.load_sec("SNOW", max_age=0)  # the entry is too old: the network is tried
    assert company.value("revenue", 2025) > 0
    assert any("could not be reached" in note and "cached copy" in note for note in company.info.notes)


def test_live_no_network_no_cache_exits_1_with_one_line(live, monkeypatch, capsys):
    monkeypatch.setattr(sec, "http_get", offline)
    with pytest.raises(SourceError, match="cannot reach SEC EDGAR .* no cached copy") as err:
        finlit.load("AAPL", source="sec")
    assert err.value.exit_code == 1 and "\n" not in str(err.value)
    code = main(["statements", "AAPL", "--source", "sec"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "cannot reach SEC EDGAR" in lines[0]


def test_live_user_agent_missing(live, monkeypatch):
    monkeypatch.delenv("FINLIT_SEC_USER_AGENT")
    with pytest.raises(InputError, match='export FINLIT_SEC_USER_AGENT="Your Name you@example.com"'):
        finlit.load("AAPL", source="sec")
    assert live.requests == []
    monkeypatch.setenv("SEC_USER_AGENT", "Other Person other@example.com")
    finlit.load("AAPL", source="sec")
    assert live.requests[-1][1]["User-Agent"] == "Other Person other@example.com"


def test_live_unknown_cik_and_corrupt_cache(live):
    with pytest.raises(InputError, match="HTTP 404"):
        finlit.load("0000000001", source="sec")
    finlit.load("JPM", source="sec")
    cache = sec._cache()
    url = sec.COMPANYFACTS_URL.format(cik="0000019617")
    path = cache.path(url)
    path.write_bytes(path.read_bytes()[:-20])  # truncated on disk: detected, fetched again
    finlit.load("JPM", source="sec")
    assert [u for u, _ in live.requests].count(url) == 2


def test_live_refuses_a_body_that_is_not_companyfacts(live, monkeypatch):
    monkeypatch.setattr(sec, "http_get", lambda url, headers, timeout=30: b"<html>busy</html>")
    with pytest.raises(SourceError, match="cannot reach SEC EDGAR"):
        finlit.load("AAPL", source="sec")
    assert sec._cache().get_stale(sec.COMPANYFACTS_URL.format(cik="0000320193")) is None


def test_rate_limiter_allows_at_most_10_requests_per_second(monkeypatch, tmp_path):
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("FINLIT_SEC_USER_AGENT", "Test Person test@example.com")
    monkeypatch.setattr(sec, "LIMITER", RateLimiter())  # the real 10 per second
    times = []
    lock = threading.Lock()

    def fake(url, headers, timeout=30):
        with lock:
            times.append(time.monotonic())
        return b"{}"

    monkeypatch.setattr(sec, "http_get", fake)
    start = time.monotonic()
    threads = [threading.Thread(target=lambda i=i: [sec.fetch(f"https://x/{i}/{j}", max_age=0)
                                                    for j in range(5)]) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(times) == 25
    assert time.monotonic() - start >= 2.0
    times.sort()
    # no window of one second holds more than 10 requests
    assert all(sum(1 for t in times if s <= t < s + 0.9) <= 10 for s in times)  # timer jitter aside
