"""Replay recorded Yahoo Finance responses through yfinance's own parsing (no network).

yfinance 1.7 fetches everything through `yfinance.data.YfData.get` (statements via
`YfData.cache_get`, a per-process memo over `get`; `Ticker.info` via `get_raw_json`, which
calls `get`). `install()` replaces those two methods with a fake that answers from the raw
fundamentals-timeseries responses recorded in ../shared/realdata/yahoo_raw_json, so the test
exercises yfinance's URL building, JSON parsing and frame reshaping, and finlit's code as is.

- statements: the recording for the symbol, statement and timescale of the request
  (`fundamentalsTimeSeries-AAPL-financials-annual.json` …); a symbol recorded only as an empty
  answer (the ETF QQQ) gets that empty answer for every request; "trailing" requests are built
  from the quarterly recording (the sum of the four latest quarters, as Yahoo does);
- `Ticker.info`: a minimal quoteSummary answer in Yahoo's shape, from `INFOS`;
- `fail_first=n`: the first n requests raise `YFRateLimitError` (HTTP 429).
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from yfinance import const
from yfinance.data import YfData
from yfinance.exceptions import YFRateLimitError

# What quoteSummary says about each symbol (modules flattened by yfinance into `info`).
INFOS = {
    "AAPL": {"quoteType": {"quoteType": "EQUITY", "longName": "Apple Inc.", "shortName": "Apple Inc."},
             "financialData": {"financialCurrency": "USD"},
             "summaryDetail": {"currency": "USD"},
             "defaultKeyStatistics": {"lastFiscalYearEnd": 1727481600},  # 2024-09-28
             "assetProfile": {"sector": "Technology", "industry": "Consumer Electronics"}},
    "GOOG": {"quoteType": {"quoteType": "EQUITY", "longName": "Alphabet Inc."},
             "financialData": {"financialCurrency": "USD"},
             "defaultKeyStatistics": {"lastFiscalYearEnd": 1703980800}},  # 2023-12-31
    "SPOT": {"quoteType": {"quoteType": "EQUITY", "longName": "Spotify Technology S.A."},
             "financialData": {"financialCurrency": "EUR"},
             "summaryDetail": {"currency": "USD"},
             "defaultKeyStatistics": {"lastFiscalYearEnd": 1703980800}},
    "ORSTED.CO": {"quoteType": {"quoteType": "EQUITY", "longName": "Ørsted A/S"},
                  "financialData": {"financialCurrency": "DKK"},
                  "defaultKeyStatistics": {"lastFiscalYearEnd": 1703980800}},
    "QQQ": {"quoteType": {"quoteType": "ETF", "longName": "Invesco QQQ Trust, Series 1"},
            "summaryDetail": {"currency": "USD"}},
}
STATEMENT_FILES = {"financials": "financials", "balance-sheet": "balance-sheet", "cash-flow": "cash-flow"}


class FakeResponse:
    def __init__(self, url: str, body: dict, status: int = 200):
        self.url, self.status_code = url, status
        self.text = json.dumps(body)

    def json(self):
        return json.loads(self.text)

    def raise_for_status(self):
        return None


def _statement_of(keys: list[str]) -> str | None:
    for name, known in const.fundamentals_keys.items():
        if keys and keys[0] in known:
            return name
    return None


def _trailing_from_quarterly(body: dict) -> dict:
    result = []
    for entry in body["timeseries"]["result"]:
        qtype = entry["meta"]["type"][0]
        points = [p for p in (entry.get(qtype) or []) if p]
        key = qtype[len("quarterly"):]
        if len(points) < 4 or "EPS" in key or "Shares" in key:
            continue
        last4 = sorted(points, key=lambda p: p["asOfDate"])[-4:]
        total = sum(p["reportedValue"]["raw"] for p in last4)
        newest = last4[-1]
        result.append({"meta": {"symbol": entry["meta"]["symbol"], "type": ["trailing" + key]},
                       "timestamp": [entry["timestamp"][-1]],
                       "trailing" + key: [{**newest, "periodType": "TTM",
                                           "reportedValue": {"raw": total, "fmt": ""}}]})
    return {"timeseries": {"result": result, "error": None}}


class Replay:
    """The fake HTTP layer; `requests` lists every URL asked for."""

    def __init__(self, folder: Path, fail_first: int = 0, infos: dict | None = None):
        self.folder, self.fail_first = folder, fail_first
        self.infos = INFOS if infos is None else infos
        self.requests: list[str] = []

    def _recording(self, symbol: str, statement: str, scale: str) -> dict:
        exact = self.folder / f"fundamentalsTimeSeries-{symbol}-{statement}-{scale}.json"
        if exact.exists():
            return json.loads(exact.read_text())["response"]["bodyJson"]
        if scale == "trailing":
            quarterly = self.folder / f"fundamentalsTimeSeries-{symbol}-{statement}-quarterly.json"
            if quarterly.exists():
                return _trailing_from_quarterly(json.loads(quarterly.read_text())["response"]["bodyJson"])
        for other in sorted(self.folder.glob(f"fundamentalsTimeSeries-{symbol}-*EMPTY*.json")):
            return json.loads(other.read_text())["response"]["bodyJson"]
        return {"timeseries": {"result": [], "error": None}}

    def get(self, yfdata, url, params=None, timeout=30):
        self.requests.append(url)
        if len(self.requests) <= self.fail_first:
            raise YFRateLimitError()
        parsed = urlparse(url)
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        query.update(params or {})
        symbol = parsed.path.rstrip("/").rsplit("/", 1)[-1]
        if "fundamentals-timeseries" in parsed.path:
            types = [t for t in str(query.get("type", "")).split(",") if t]
            scale = next((s for s in ("annual", "quarterly", "trailing") if types and types[0].startswith(s)), None)
            keys = [t[len(scale):] for t in types] if scale else []
            statement = _statement_of(keys)
            if statement is None:  # e.g. info's trailingPegRatio
                return FakeResponse(url, {"timeseries": {"result": [], "error": None}})
            return FakeResponse(url, self._recording(symbol, STATEMENT_FILES[statement], scale))
        if "/quoteSummary/" in parsed.path:
            info = self.infos.get(symbol)
            result = [dict(info)] if info else []
            return FakeResponse(url, {"quoteSummary": {"result": result, "error": None}})
        if parsed.path.endswith("/v7/finance/quote"):
            return FakeResponse(url, {"quoteResponse": {"result": [], "error": None}})
        raise AssertionError(f"unexpected Yahoo request in a test: {url}")


def install(monkeypatch, realdata: Path, fail_first: int = 0, infos: dict | None = None) -> Replay:
    """Patch yfinance's HTTP layer to answer from the recordings; returns the Replay."""
    replay = Replay(realdata / "yahoo_raw_json", fail_first=fail_first, infos=infos)

    def get(self, url, params=None, timeout=30):
        return replay.get(self, url, params, timeout)

    monkeypatch.setattr(YfData, "get", get)
    monkeypatch.setattr(YfData, "cache_get", get)  # bypass yfinance's per-process memo
    monkeypatch.setattr(YfData, "fundamentals_use_chunked", False, raising=False)
    return replay


def forbid_network(monkeypatch) -> None:
    """Make any attempt to open a connection fail loudly."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(YfData, "_make_request", refuse)
    try:
        from curl_cffi import requests as curl_requests

        monkeypatch.setattr(curl_requests.Session, "request", refuse)
    except ImportError:
        pass
