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


# --- liquid assets and share splits, on the real files -------------------------------------

def test_apple_liquid_assets_match_its_10ks(apple):
    # FY2023 10-K balance sheet ($ millions): cash and cash equivalents 29,965; current
    # marketable securities 31,590; non-current marketable securities 100,544.
    # FY2025 10-K: 35,934; 18,763; 77,723 (cash and short-term investments 54,697).
    m = 1e6
    assert apple.value("cash_and_equivalents", 2023) == 29_965 * m
    assert apple.value("short_term_investments", 2023) == 31_590 * m
    assert apple.value("long_term_investments", 2023) == 100_544 * m
    assert apple.value("cash_and_equivalents", 2025) + apple.value("short_term_investments", 2025) == 54_697 * m
    assert apple.value("long_term_investments", 2025) == 77_723 * m
    assert apple.provenance("long_term_investments", 2025)["source_key"] == "MarketableSecuritiesNoncurrent"
    # before FY2018 Apple tagged them as available-for-sale securities (FY2017: 194,714)
    assert apple.value("long_term_investments", 2017) == 194_714 * m
    assert apple.provenance("long_term_investments", 2017)["source_key"] == "AvailableForSaleSecuritiesNoncurrent"


def test_snowflake_long_term_investments_and_marvell_has_none(realdata):
    snow = load_companyfacts(CF / "SNOW_CIK0001640147_fixture.json")
    # FY2025 10-K "Long-term investments" = available-for-sale debt securities, non-current
    assert snow.value("long_term_investments", 2025) == 656_476_000
    assert snow.value("short_term_investments", 2025) == 2_008_873_000
    mrvl = load_companyfacts(CF / "MRVL_CIK0001835632.json")
    # Marvell tags only strategic investments (OtherLongTermInvestments): not marketable, not read
    assert "long_term_investments" not in set(mrvl.facts["line_item"])


def test_apple_per_share_figures_are_on_one_split_basis(apple):
    eps = apple.panel()["diluted_eps"]
    # FY2017 was last reported (9.21) before the 4-for-1 split of August 2020: 9.21 / 4
    assert eps[2017] == pytest.approx(2.3025) and round(eps[2017], 2) == 2.30
    assert eps[2018] == 2.98 and eps[2023] == 6.13 and eps[2025] == 7.46
    # FY2013 was last reported after the 7-for-1 split of 2014 (5.68): / 4 only
    assert eps[2013] == pytest.approx(5.68 / 4)
    # FY2011 was last reported before both (27.68): / 28
    assert eps[2011] == pytest.approx(27.68 / 28)
    # no jump of a split factor anywhere in the series
    ratios = (eps / eps.shift(1)).dropna()
    assert ratios.between(0.5, 2.0).all(), ratios[~ratios.between(0.5, 2.0)]
    shares = apple.panel()["diluted_shares"]
    assert shares[2017] == 5_251_692_000 * 4 and shares[2018] == 20_000_435_000
    # net income / diluted shares ≈ diluted EPS in every year
    ni = apple.panel()["net_income"]
    assert ((ni / shares - eps).abs() < 0.02).all()
    row = apple.provenance("diluted_eps", 2017)
    assert row["derived"] and row["source_key"] == "EarningsPerShareDiluted ÷ 4 for the 4-for-1 split of 2020"
    assert row["filing"] == "0000320193-19-000119"          # still the filing it came from
    assert not apple.provenance("diluted_eps", 2018)["derived"]
    notes = " ".join(apple.info.notes)
    assert "Per-share figures for FY2007–FY2017 are restated by finlit for the 4-for-1 share split of 2020" in notes
    assert "7-for-1 share split of 2014" in notes


def test_apple_quarterly_per_share_figures_are_restated_too(apple_quarterly):
    # Q4 FY2018 (to 2018-09-29): 2.91 in the FY2019 10-K, before the split
    assert apple_quarterly.value("diluted_eps", "2018-09-29") == pytest.approx(2.91 / 4)
    assert apple_quarterly.value("diluted_eps", "2019-09-28") == 0.76   # as restated in the FY2020 10-K


def test_alphabet_20_for_1_split(realdata):
    googl = load_companyfacts(CF / "GOOGL_CIK0001652044.json")
    eps = googl.panel()["diluted_eps"]
    # FY2019 diluted EPS 49.16 was last reported before the July 2022 split; FY2020 58.61 -> 2.93
    assert eps[2019] == pytest.approx(49.16 / 20) and eps[2020] == 2.93 and eps[2021] == 5.61
    assert any("20-for-1 share split of 2022" in n for n in googl.info.notes)


def test_files_without_a_split_are_left_as_filed(realdata):
    for name in ("SNOW_CIK0001640147_fixture.json", "MRVL_CIK0001835632.json"):
        facts, meta = read_companyfacts(CF / name)
        assert meta["splits"] == []
        assert not facts["source_key"].str.contains("split").any()


# --- share splits, on a hand-made file -------------------------------------------------------

def _fact(start, end, val, accn, filed, form="10-K"):
    return {"start": start, "end": end, "val": val, "accn": accn, "form": form, "filed": filed}


def _year(y):
    return f"{y}-01-01", f"{y}-12-31"


def split_fixture():
    """A company with a 2-for-1 split between its 10-Ks of 2021-02-01 and 2022-02-01; a 10-K/A
    of 2020-06-01 restates FY2019 EPS (3.00 -> 3.10, shares unchanged: not a split); a 10-K/A of
    2021-06-15, filed while the split was under way, is the only filing with FY2018 EPS."""
    k = {2019: ("k19", "2020-02-01"), "a19": ("a19", "2020-06-01"), 2020: ("k20", "2021-02-01"),
         "a18": ("a18", "2021-06-15"), 2021: ("k21", "2022-02-01"), 2022: ("k22", "2023-02-01")}
    eps = [(2019, 3.00, k[2019]), (2019, 3.10, k["a19"]), (2019, 3.10, k[2020]), (2020, 4.00, k[2020]),
           (2018, 2.60, k["a18"]),
           (2020, 2.00, k[2021]), (2021, 2.50, k[2021]), (2021, 2.50, k[2022]), (2022, 3.00, k[2022])]
    shares = [(2019, 100e6, k[2019]), (2019, 100e6, k["a19"]), (2019, 100e6, k[2020]),
              (2020, 100e6, k[2020]), (2020, 200e6, k[2021]), (2021, 200e6, k[2021]),
              (2021, 200e6, k[2022]), (2022, 190e6, k[2022])]
    revenue = [(2018, 900e6, k["a18"]), (2019, 1000e6, k[2019]), (2020, 1100e6, k[2020]),
               (2021, 1200e6, k[2021]), (2022, 1300e6, k[2022])]

    def facts(rows, form=lambda accn: "10-K/A" if accn.startswith("a") else "10-K"):
        return [_fact(*_year(y), v, a, f, form(a)) for y, v, (a, f) in rows]
    return {"cik": 99, "entityName": "Split Example Inc.", "facts": {"us-gaap": {
        "EarningsPerShareDiluted": {"units": {"USD/shares": facts(eps)}},
        "WeightedAverageNumberOfDilutedSharesOutstanding": {"units": {"shares": facts(shares)}},
        "Revenues": {"units": {"USD": facts(revenue)}}}}}


def test_a_split_is_found_and_earlier_per_share_figures_restated():
    from fractions import Fraction
    from finlit.sources.splits import Split, find_splits
    doc = split_fixture()
    assert find_splits(doc) == [Split(Fraction(2), "2021-02-01", "2022-02-01")]   # not the 10-K/A
    company = load_companyfacts(doc)
    eps, shares = company.panel()["diluted_eps"], company.panel()["diluted_shares"]
    assert eps[2019] == 1.55 and shares[2019] == 200e6        # 3.10 / 2, 100 million × 2
    assert eps[2020] == 2.00 and shares[2020] == 200e6        # restated by the company itself
    assert eps[2022] == 3.00 and shares[2022] == 190e6
    assert company.provenance("diluted_eps", 2019)["source_key"] == (
        "EarningsPerShareDiluted ÷ 2 for the 2-for-1 split of 2021–2022")
    assert company.provenance("diluted_shares", 2019)["derived"]
    assert not company.provenance("diluted_eps", 2020)["derived"]
    assert company.info.notes == (
        "Per-share figures for FY2019 are restated by finlit for the 2-for-1 share split of "
        "2021–2022 (diluted earnings per share ÷ 2 and diluted shares × 2): those years were last "
        "reported before the split, so as filed they do not compare with later years; now every "
        "year is on today's share basis.",)
    # FY2018 EPS was filed during the split: its basis is unknown, so it is left out, with a note
    assert eps.get(2018) != eps.get(2018)                     # NaN: a gap, not 2.60 or 1.30
    [note] = company.notes
    assert note.check == "share_split" and note.fiscal_year == 2018
    assert "filing of 2021-06-15" in str(note) and "2-for-1 share split" in str(note)


def test_a_reverse_split_and_a_restatement_that_is_not_a_split():
    from fractions import Fraction
    from finlit.sources.splits import find_splits
    doc = {"facts": {"us-gaap": {
        "EarningsPerShareDiluted": {"units": {"USD/shares": [
            _fact(*_year(2020), -0.40, "a", "2021-03-01"), _fact(*_year(2021), -0.50, "b", "2022-03-01"),
            _fact(*_year(2021), -5.00, "c", "2023-03-01"), _fact(*_year(2022), -6.10, "c", "2023-03-01"),
            # a restatement: 1.00 -> 1.25 is not a split factor of EPS alone (5-for-4 needs shares)
            _fact(*_year(2019), 1.00, "z", "2020-03-01"), _fact(*_year(2019), 1.25, "a", "2021-03-01")]}},
        "WeightedAverageNumberOfDilutedSharesOutstanding": {"units": {"shares": [
            _fact(*_year(2021), 1_000_000_000, "b", "2022-03-01"),
            _fact(*_year(2021), 100_000_000, "c", "2023-03-01")]}},
        "Revenues": {"units": {"USD": [_fact(*_year(y), 1e9, "c", "2023-03-01") for y in (2020, 2021, 2022)]}}}}}
    [split] = find_splits(doc)
    assert split.factor == Fraction(1, 10) and split.name == "1-for-10"
    facts, _ = read_companyfacts(doc)
    eps = facts[facts["line_item"] == "diluted_eps"].set_index("fiscal_year")["value"]
    assert eps[2020] == -4.0 and eps[2021] == -5.0 and eps[2019] == 12.5     # 1.25 × 10


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
