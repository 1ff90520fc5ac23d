"""Yahoo Finance through yfinance: the `yahoo` source (`finlit statements AAPL --source yahoo`).

Three steps (STYLE.md, data sources): only the first does I/O, so its result can be cached
and recorded for offline tests.

1. **raw**: `fetch(symbol, period)` calls yfinance's ``Ticker.get_income_stmt``,
   ``get_balance_sheet`` and ``get_cash_flow`` with ``pretty=False`` (Yahoo's raw CamelCase
   keys, stable where the pretty labels are sometimes garbled) and ``freq`` ``"yearly"``,
   ``"quarterly"`` or ``"trailing"``, plus ``Ticker.info`` for the currency and the name. The
   result is a plain JSON-able dict (`payload`).
2. **cache**: payloads are kept in the user's cache folder (`finlit._cache.Cache("yahoo")`)
   for `MAX_AGE` seconds; a corrupt entry fails its checksum and is fetched again.
3. **normalise**: `company_from_payload` maps raw keys to canonical items through the data
   file ``mappings/yahoo_keys.csv`` (``raw_key,canonical_item,sign,priority``; per item and
   period the lowest priority with a value wins), flips outflows Yahoo stores as negatives
   (capital expenditure, dividends, buy-backs; marked ``flipped``), drops all-empty periods
   (yfinance's oldest column often is), and builds a `Company`.

Failures (ECOSYSTEM.md, yfinance): a failed fetch often comes back as an **empty frame**
rather than an error, and HTTP 429 raises ``YFRateLimitError``; both are retried `RETRIES`
times with exponential backoff (`BACKOFF` × 1, 2, 4 s), then the cached payload is used
whatever its age (with a note saying so), and with nothing cached the load fails with a
one-line `SourceError` (exit 1). The whole fetch, retries included, ends within
``$FINLIT_FETCH_DEADLINE`` seconds (default 60; `finlit.sources.sec.within_deadline`), even
behind a proxy that accepts connections and never answers; every HTTP body from Yahoo is
read through finlit's own curl_cffi session (`capped_session`), which stops reading past
``$FINLIT_MAX_DOWNLOAD_MB`` megabytes (default 200), packed or unpacked, and the fetch then
fails at once (no retry) with a line naming the limit. A symbol Yahoo knows but that has
no statements (an ETF such as QQQ) is an `InputError` (exit 2): "no financial statements for
QQQ: …".

Currency: ``info["financialCurrency"]`` (the statements' currency: EUR for Spotify although
it trades in USD), else ``info["currency"]``, else the exchange suffix of the symbol
(``ORSTED.CO`` → DKK), else USD with a data-quality note.

Provenance: source ``yahoo``, ``source_key`` the raw key (``TotalRevenue``), ``filing``
"Yahoo Finance, fetched YYYY-MM-DD".

>>> key_mapping()["CapitalExpenditure"]
('capital_expenditure', -1, 1)
>>> payload = {"symbol": "DEMO", "period": "annual", "fetched": "2025-02-21T12:00:00",
...            "info": {"financialCurrency": "EUR", "longName": "Demo SE"},
...            "statements": {"income": {"TotalRevenue": {"2024-12-31": 120.0, "2023-12-31": 100.0}},
...                           "cashflow": {"CapitalExpenditure": {"2024-12-31": -7.0}}}}
>>> demo = company_from_payload(payload)
>>> demo.currency, demo.value("revenue", 2024), demo.value("capital_expenditure", 2024)
('EUR', 120.0, 7.0)
>>> demo.provenance("capital_expenditure", 2024)["flipped"], demo.provenance("revenue", 2023)["source_key"]
(True, 'TotalRevenue')
"""
from __future__ import annotations

import json
import logging
import re
import threading
import time
import warnings
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache

import pandas as pd

from ..company import Company, CompanyInfo, DataQualityNote, make_facts
from ..errors import InputError, SourceError
from ..periods import fiscal_year, fiscal_year_of
from ._mapping import pick_by_priority, read_mapping
from .kinds import build_company
from .registry import check_period as _check_period
from .registry import register

SOURCE = "yahoo"
PERIODS = {"annual": "yearly", "quarterly": "quarterly", "ttm": "trailing"}
STATEMENT_CALLS = {"income": "get_income_stmt", "balance": "get_balance_sheet",
                   "cashflow": "get_cash_flow"}
RETRIES = 3          # attempts after the first
BACKOFF = 1.0        # seconds before the first retry; doubled each time
MAX_AGE = 24 * 3600  # seconds a cached payload is used without asking Yahoo again
# quote types that never have company financial statements
NO_STATEMENTS = {"ETF": "an ETF", "MUTUALFUND": "a mutual fund", "INDEX": "an index",
                 "CURRENCY": "a currency", "CRYPTOCURRENCY": "a cryptocurrency",
                 "FUTURE": "a future", "OPTION": "an option", "MONEYMARKET": "a money-market fund"}
# exchange suffix -> usual reporting currency (the fallback when `info` is unavailable)
SUFFIX_CURRENCY = {"CO": "DKK", "ST": "SEK", "OL": "NOK", "HE": "EUR", "L": "GBP", "DE": "EUR",
                   "F": "EUR", "PA": "EUR", "AS": "EUR", "BR": "EUR", "MI": "EUR", "MC": "EUR",
                   "LS": "EUR", "VI": "EUR", "IR": "EUR", "SW": "CHF", "T": "JPY", "HK": "HKD",
                   "TW": "TWD", "KS": "KRW", "SS": "CNY", "SZ": "CNY", "NS": "INR", "BO": "INR",
                   "AX": "AUD", "NZ": "NZD", "TO": "CAD", "V": "CAD", "SA": "BRL", "MX": "MXN",
                   "JO": "ZAR", "SI": "SGD"}
_SYMBOL = re.compile(r"^[A-Z0-9][A-Z0-9.\-=^&]{0,19}$")
_INFO_KEYS = ("financialCurrency", "currency", "longName", "shortName", "quoteType",
              "lastFiscalYearEnd", "sector", "industry")

sleep = time.sleep  # the backoff's sleep (tests replace it)
log = logging.getLogger(__name__)


class Unavailable(Exception):
    """Yahoo gave nothing usable after every retry (network down, rate limited, empty)."""


class BodyTooLarge(ValueError):
    """An HTTP body from Yahoo larger than `finlit.sources.sec.max_body_bytes` (refused)."""


# the refusal of a body in the fetch running in this thread (`capped_session`, `_attempt`)
_refusal = threading.local()


@lru_cache(maxsize=None)
def key_mapping() -> dict[str, tuple[str, int, int]]:
    """Yahoo raw key → (canonical_item, sign, priority), from ``mappings/yahoo_keys.csv``."""
    return {rec["raw_key"]: (rec["canonical_item"], int(rec["sign"]), int(rec["priority"]))
            for rec in read_mapping("yahoo_keys.csv")}


def check_symbol(symbol: str) -> str:
    """The symbol upper-cased, or an InputError for something that cannot be a Yahoo symbol.

    >>> check_symbol(" orsted.co ")
    'ORSTED.CO'
    """
    wanted = str(symbol).strip().upper()
    if not _SYMBOL.match(wanted):
        raise InputError(f"{symbol!r} is not a Yahoo Finance symbol: use a ticker such as AAPL "
                         "or ORSTED.CO")
    return wanted


def check_period(period: str | None) -> str:
    """The period ("annual" when None), or InputError for one Yahoo does not have."""
    return _check_period(period or "annual", tuple(PERIODS))


# --- 1. raw ---------------------------------------------------------------------------------

def _frame_to_dict(frame) -> dict:
    """A yfinance statement frame (raw keys × period ends) as {key: {YYYY-MM-DD: value}}."""
    if frame is None or getattr(frame, "empty", True):
        return {}
    frame = frame.dropna(axis=1, how="all")
    out = {}
    for key, row in frame.iterrows():
        values = {pd.Timestamp(end).date().isoformat(): float(v) for end, v in row.items()
                  if pd.notna(v)}
        if values:
            out[str(key)] = values
    return out


def _clear_yfinance_memo() -> None:
    """yfinance memoises responses per URL in the process; a retry must really ask again."""
    try:
        from yfinance.data import YfData

        clear = getattr(YfData.cache_get, "cache_clear", None)
        if clear:
            clear()
    except Exception:  # pragma: no cover - a yfinance without that memo
        pass


def _info(ticker) -> dict | None:
    """The few info fields finlit uses, or None when the info call failed."""
    from yfinance.exceptions import YFRateLimitError

    try:
        info = ticker.info or {}
    except YFRateLimitError:
        raise
    except Exception:
        return None
    return {k: info[k] for k in _INFO_KEYS if info.get(k) is not None}


@contextmanager
def quiet_yfinance():
    """Silence yfinance within a call: its logger raised to CRITICAL and its Python warnings
    caught, both restored afterwards; what was caught goes to finlit's debug log.

    finlit reports the outcome of a fetch in one line of its own instead (see `fetch`).

    >>> yf_log = logging.getLogger("yfinance")
    >>> before = yf_log.level
    >>> with quiet_yfinance():
    ...     yf_log.getEffectiveLevel() == logging.CRITICAL
    ...     warnings.warn("noise", DeprecationWarning)
    True
    >>> yf_log.level == before
    True
    """
    logger = logging.getLogger("yfinance")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        logger.setLevel(level)
    for warning in caught:
        log.debug("yfinance warned: %s", warning.message)


@lru_cache(maxsize=None)
def _capped_session_class():
    from curl_cffi import CurlOpt
    from curl_cffi.requests import Session
    from curl_cffi.requests.exceptions import RequestException

    class CappedSession(Session):
        """A curl_cffi session whose response bodies stop past `max_body_bytes`."""

        def request(self, method, url, *args, **kwargs):
            from .sec import max_body_bytes, too_large

            if getattr(_refusal, "error", None) is not None:
                raise _refusal.error          # this fetch has failed: ask nothing more
            limit, where = max_body_bytes(), str(url).split("?", 1)[0]
            chunks, size = [], 0

            def keep(chunk: bytes) -> int:  # curl's write callback: the unpacked body
                nonlocal size
                size += len(chunk)
                if size > limit:              # raising here makes curl abort the transfer
                    raise BodyTooLarge(too_large(where, limit))
                chunks.append(chunk)
                return len(chunk)

            # curl itself refuses a body announced (Content-Length) or received past it
            self.curl_options[CurlOpt.MAXFILESIZE_LARGE] = limit
            try:
                response = super().request(method, url, *args, content_callback=keep, **kwargs)
            except BodyTooLarge as error:
                _refusal.error = error
                raise
            except RequestException as error:
                if getattr(error, "code", None) != 63:  # CURLE_FILESIZE_EXCEEDED
                    raise
                _refusal.error = BodyTooLarge(too_large(where, limit))
                raise _refusal.error from None
            response.content = b"".join(chunks)
            return response

    return CappedSession


@lru_cache(maxsize=None)
def capped_session():
    """The HTTP session finlit gives yfinance (one per process, like yfinance's own): a
    curl_cffi session impersonating Chrome, as yfinance's default is, that reads every body
    as it arrives and aborts the transfer as soon as it passes ``$FINLIT_MAX_DOWNLOAD_MB``
    megabytes (`finlit.sources.sec.max_body_bytes`): `BodyTooLarge`, and `fetch` fails at once.

    >>> type(capped_session()).__name__, capped_session() is capped_session()
    ('CappedSession', True)
    """
    return _capped_session_class()(impersonate="chrome")


def _attempt(symbol: str, period: str) -> tuple[dict | None, dict]:
    """One try at the info and the statements; `BodyTooLarge` when a body was refused,
    even where yfinance swallowed the error."""
    _refusal.error = None
    try:
        result = _ask(symbol, period)
    except Exception:
        if getattr(_refusal, "error", None) is None:
            raise
        result = None
    error, _refusal.error = _refusal.error, None
    if error is not None:
        raise error
    return result


def _ask(symbol: str, period: str) -> tuple[dict | None, dict]:
    import yfinance as yf

    ticker = yf.Ticker(symbol, session=capped_session())
    info = _info(ticker)
    statements = {}
    for name, call in STATEMENT_CALLS.items():
        if period == "ttm" and name == "balance":
            # no trailing balance sheet: balances at the latest quarter end
            frame = ticker.get_balance_sheet(freq="quarterly", pretty=False)
            if frame is not None and not frame.empty:
                frame = frame.dropna(axis=1, how="all").iloc[:, :1]
        else:
            frame = getattr(ticker, call)(freq=PERIODS[period], pretty=False)
        statements[name] = _frame_to_dict(frame)
    return info, statements


def fetch(symbol: str, period: str = "annual", until: float | None = None) -> dict:
    """Ask Yahoo (through yfinance) for a symbol's statements: the raw payload.

    Retries an empty answer or a rate limit `RETRIES` times with exponential backoff (no
    retry starts after `until`, a `time.monotonic()` time); raises `Unavailable` when nothing
    usable came back (at once, without a retry, when a body passed
    ``$FINLIT_MAX_DOWNLOAD_MB``); `InputError` for a symbol without statements (an ETF) or
    one Yahoo does not know. `fetch_cached` bounds the whole call by the fetch deadline.
    """
    from yfinance.exceptions import YFRateLimitError

    symbol, period = check_symbol(symbol), check_period(period)
    problem = "no answer"
    for attempt in range(RETRIES + 1):
        if attempt:
            if until is not None and time.monotonic() + BACKOFF * 2 ** (attempt - 1) > until:
                break
            sleep(BACKOFF * 2 ** (attempt - 1))
            _clear_yfinance_memo()
        try:
            with quiet_yfinance():  # yfinance's own network warnings: finlit says it in one line
                info, statements = _attempt(symbol, period)
        except YFRateLimitError:
            problem = "rate limited by Yahoo (HTTP 429)"
            continue
        except BodyTooLarge as error:  # a hostile or broken server: asking again gets the same
            raise Unavailable(str(error)) from None
        except Exception as error:  # network errors surface as the HTTP library's own types
            problem = f"{type(error).__name__}: {error}"
            continue
        if any(statements.values()):
            return {"symbol": symbol, "period": period,
                    "fetched": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "info": info or {}, "statements": statements}
        if info and info.get("quoteType") in NO_STATEMENTS:
            name = info.get("longName") or info.get("shortName") or symbol
            raise InputError(
                f"no financial statements for {symbol}: it is {NO_STATEMENTS[info['quoteType']]} "
                f"({name}), and only companies publish statements; use a company's ticker")
        if info is not None and not (info.get("quoteType") or info.get("longName")
                                     or info.get("shortName")):
            raise InputError(f"unknown ticker {symbol!r} on Yahoo Finance: check the symbol "
                             "(exchange suffixes like ORSTED.CO are part of it)")
        problem = "empty answer from Yahoo" if info is not None else "Yahoo did not answer"
    raise Unavailable(problem)


# --- 2. cache -------------------------------------------------------------------------------

def _cache():
    from .._cache import Cache

    return Cache(SOURCE)


def _cache_key(symbol: str, period: str) -> str:
    return f"{symbol}|{period}"


def _decode(raw: bytes | None) -> dict | None:
    if raw is None:
        return None
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return payload if isinstance(payload, dict) and "statements" in payload else None


def fetch_cached(symbol: str, period: str = "annual", max_age: float | None = MAX_AGE,
                 refresh: bool = False, cache=None) -> tuple[dict, list]:
    """The payload from the cache when fresh, else from Yahoo (then cached), else from the
    cache at any age; returns (payload, notes). SourceError when nothing is available."""
    symbol, period = check_symbol(symbol), check_period(period)
    cache = cache if cache is not None else _cache()
    key = _cache_key(symbol, period)
    if not refresh:
        payload = _decode(cache.get(key, max_age=max_age))
        if payload is not None:
            return payload, []
    from .sec import DeadlineExceeded, fetch_deadline, max_body_bytes, within_deadline

    deadline = fetch_deadline()
    max_body_bytes()  # a bad $FINLIT_MAX_DOWNLOAD_MB is exit 2 before anything is asked
    try:
        try:
            until = time.monotonic() + deadline
            payload = within_deadline(lambda: fetch(symbol, period, until=until), deadline,
                                      "Yahoo fetch")
        except DeadlineExceeded as late:  # a network that accepts and never answers
            raise Unavailable(str(late)) from None
    except Unavailable as problem:
        payload = _decode(cache.get_stale(key))
        if payload is None:
            raise SourceError(f"Yahoo Finance gave no statements for {symbol} ({problem}) and "
                              "nothing is cached: check the network connection and try again "
                              "later") from None
        when = str(payload.get("fetched", ""))[:10] or "an earlier run"
        return payload, [DataQualityNote(
            "stale_cache", None, f"Yahoo Finance could not be reached ({problem}): figures "
                                 f"from the cache, fetched {when}.")]
    try:
        cache.put(key, json.dumps(payload, sort_keys=True).encode("utf-8"))
    except OSError as error:  # a read-only cache folder must not stop the load
        log.debug("Yahoo payload for %s not cached: %s", key, error)
    return payload, []


# --- 3. normalise ---------------------------------------------------------------------------

def _fiscal_year_end(info: dict) -> str:
    stamp = info.get("lastFiscalYearEnd")
    if stamp:
        try:
            return pd.Timestamp(int(stamp), unit="s").strftime("%m-%d")
        except (TypeError, ValueError):
            pass
    return ""


def _currency(symbol: str, info: dict) -> tuple[str, list]:
    for key in ("financialCurrency", "currency"):
        if isinstance(info.get(key), str) and len(info[key]) == 3:
            return info[key].upper(), []
    suffix = symbol.rsplit(".", 1)[1] if "." in symbol else ""
    if suffix in SUFFIX_CURRENCY:
        return SUFFIX_CURRENCY[suffix], []
    return "USD", [DataQualityNote("currency_assumed", None,
                                   f"Yahoo did not say the currency of {symbol}'s statements: "
                                   "USD assumed.")]


def _payload_rows(statements: dict, period: str, fye: str, fetched: str) -> list[dict]:
    """One row per mapped item and period end (per item and end the lowest priority wins);
    outflows stored as negatives are flipped."""
    mapping = key_mapping()
    filing = f"Yahoo Finance, fetched {fetched}" if fetched else "Yahoo Finance"
    rows = []
    for (item, end), (key, value) in pick_by_priority(_candidates(statements, mapping)).items():
        sign = mapping[key][1]
        year = fiscal_year(end) if period == "annual" else fiscal_year_of(end, fye or "12-31")
        rows.append({"line_item": item, "period_end": end, "fiscal_year": year, "period": period,
                     "value": float(sign * value) + 0.0, "source_key": key, "filing": filing,
                     "flipped": bool(sign < 0 and value != 0)})
    return rows


def _candidates(statements: dict, mapping: dict):
    """((item, period end), priority, (raw key, value)) for every mapped value of the payload."""
    for frame in statements.values():
        for key, values in frame.items():
            if key not in mapping:
                continue
            item, _sign, priority = mapping[key]
            for end, value in values.items():
                if value is not None and value == value:
                    yield (item, end), priority, (key, value)


def company_from_payload(payload: dict, notes=(), kind: str | None = None) -> Company:
    """Normalise a raw payload into a `Company` (no I/O). The company kind comes from Yahoo's
    industry ("Banks - Diversified" is a bank) and the items present, unless `kind` says."""
    symbol, period = payload["symbol"], payload.get("period", "annual")
    info = payload.get("info") or {}
    currency, currency_notes = _currency(symbol, info)
    fye = _fiscal_year_end(info)
    if not fye and period == "annual":
        ends = [end for frame in payload["statements"].values() for row in frame.values() for end in row]
        fye = max(ends)[5:] if ends else ""
    fetched = str(payload.get("fetched", ""))[:10]
    rows = _payload_rows(payload["statements"], period, fye, fetched)
    # drop stray periods: an annual column with neither revenue, total assets nor operating cash
    anchors = {"revenue", "total_assets", "operating_cash_flow", "net_income"}
    kept_ends = {r["period_end"] for r in rows if r["line_item"] in anchors}
    rows = [r for r in rows if r["period_end"] in kept_ends]
    name = info.get("longName") or info.get("shortName") or symbol
    if not rows:
        raise InputError(f"no financial statements for {symbol}: Yahoo Finance has none of the "
                         "usual line items for it; use a company's ticker")
    extra = list(notes) + currency_notes
    if period != "annual" and not fye:
        extra.append(DataQualityNote("fiscal_year_end_assumed", None,
                                     f"Yahoo did not say when {symbol}'s fiscal year ends: "
                                     "quarters are assigned to calendar years."))
    company_info = CompanyInfo(
        ticker=symbol, name=name, currency=currency, fiscal_year_end=fye,
        description=" / ".join(v for v in (info.get("sector"), info.get("industry")) if v),
        source=f"Yahoo Finance through yfinance ({period}), fetched {fetched or 'unknown'}")
    facts = make_facts(rows, currency=currency, source=SOURCE, period=period)
    return build_company(company_info, facts, notes=extra, kind=kind,
                         industry=str(info.get("industry") or ""))


def load_yahoo(symbol: str, period: str = "annual", max_age: float | None = MAX_AGE,
               refresh: bool = False, cache=None, kind: str | None = None) -> Company:
    """A company's statements from Yahoo Finance (live, cached on disk).

    `period`: "annual", "quarterly" (about five quarters) or "ttm" (trailing twelve months:
    income and cash flow over the last four quarters, balances at the latest quarter end).
    `max_age`: seconds a cached answer is used without asking Yahoo; `refresh=True` asks
    Yahoo first (the cache is still the fallback when Yahoo cannot be reached).
    """
    payload, notes = fetch_cached(symbol, period, max_age=max_age, refresh=refresh, cache=cache)
    return company_from_payload(payload, notes, kind=kind)


class YahooSource:
    name = "yahoo"
    description = "Yahoo Finance through yfinance (live, cached on disk)"

    def load(self, target: str, period: str | None = None, **options) -> Company:
        return load_yahoo(target, period=check_period(period), kind=options.get("kind"))


register(YahooSource())

__all__ = ["load_yahoo", "fetch", "fetch_cached", "company_from_payload", "key_mapping",
           "capped_session", "BodyTooLarge", "Unavailable", "SOURCE", "MAX_AGE", "RETRIES",
           "BACKOFF"]
