"""The ``sec`` source: a company's SEC EDGAR companyfacts, from a file or live from data.sec.gov.

TARGET is a ticker (looked up in the bundled table ``mappings/sec_tickers.csv``), a CIK
(``320193``, ``0000320193`` or ``CIK0000320193``), or the path of a companyfacts JSON file.
The reader is `finlit.sources.sec_companyfacts` (annual, quarterly or TTM periods).

Live fetching follows the SEC's fair-access rules:

- every request carries a User-Agent with contact details, taken from the environment
  variable ``FINLIT_SEC_USER_AGENT`` (or ``SEC_USER_AGENT``), e.g.
  ``export FINLIT_SEC_USER_AGENT="Jane Doe jane@example.com"``; without it finlit stops with
  a message saying exactly that (exit 2);
- at most 10 requests per second, process-wide (`RateLimiter`, thread-safe);
- responses are cached on disk (`finlit._cache.Cache` namespace ``"sec"``) for
  `MAX_AGE` seconds (1 day); when the network fails, an older cached copy is used, the
  company carries a note saying so and the note is logged as a warning (one line on the
  command line's stderr); no network and no cache: SourceError (exit 1);
- a fetch ends within ``$FINLIT_FETCH_DEADLINE`` seconds (default 60) whatever the network
  does (`within_deadline`), and a body larger than ``$FINLIT_MAX_DOWNLOAD_MB`` megabytes
  (default 200), packed or unpacked, is refused (`gunzip_capped`).

All network access goes through one function, `http_get` (a seam: tests replace it).

>>> load_companyfacts(EXAMPLE_DOC).value("revenue", 2024)
120.0
>>> cik_of("aapl"), cik_of("CIK0000320193"), cik_of("320193")
('0000320193', '0000320193', '0000320193')
"""
from __future__ import annotations

import logging
import os
import re
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from functools import lru_cache
from os import PathLike
from typing import Any

from .._cache import Cache
from ..company import Company, CompanyInfo, DataQualityNote
from ..errors import InputError, SourceError
from ._mapping import read_mapping
from .kinds import build_company
from .registry import check_period, register
from .sec_companyfacts import EXAMPLE, load_document, read_companyfacts
from .splits import left_out_notes, split_notes

COMPANYFACTS_URL = "https://data.sec.gov/api/xbrl/companyfacts/CIK{cik}.json"
USER_AGENT_VARIABLES = ("FINLIT_SEC_USER_AGENT", "SEC_USER_AGENT")
MAX_AGE = 24 * 3600          # seconds a cached response counts as fresh
MAX_REQUESTS_PER_SECOND = 10
TIMEOUT = 30                 # seconds per request (each connection, each read)
DEADLINE = 60.0              # seconds a whole live fetch may take (`fetch_deadline`)
DEADLINE_VARIABLE = "FINLIT_FETCH_DEADLINE"
MAX_BODY_MB = 200            # megabytes an HTTP body may unpack to (`max_body_bytes`)
BODY_VARIABLE = "FINLIT_MAX_DOWNLOAD_MB"
EXAMPLE_DOC = EXAMPLE

_CIK = re.compile(r"^(?:CIK)?(\d{1,10})$", re.IGNORECASE)
log = logging.getLogger(__name__)


# --- ticker → CIK --------------------------------------------------------------------------

@lru_cache(maxsize=None)
def ticker_table() -> dict[str, tuple[str, str]]:
    """The bundled ticker table: TICKER → (10-digit CIK, name).

    >>> ticker_table()["TSM"]
    ('0001046179', 'Taiwan Semiconductor Manufacturing Company Limited')
    """
    return {rec["ticker"].upper(): (f"{int(rec['cik']):010d}", rec["name"])
            for rec in read_mapping("sec_tickers.csv")}


def ticker_of(cik: str) -> str:
    """The first ticker of a CIK in the table, else ``CIK##########``."""
    cik = f"{int(cik):010d}"
    for ticker, (c, _) in ticker_table().items():
        if c == cik:
            return ticker
    return f"CIK{cik}"


def cik_of(target: str) -> str:
    """The 10-digit CIK of a ticker or a CIK written in any usual way; InputError otherwise."""
    text = str(target).strip()
    match = _CIK.match(text)
    if match:
        return f"{int(match.group(1)):010d}"
    hit = ticker_table().get(text.upper())
    if hit:
        return hit[0]
    raise InputError(
        f"unknown ticker {text!r} for the SEC source: finlit's ticker table does not list it; "
        f"give the company's CIK instead (e.g. `--source sec 0000320193` for Apple), found with "
        f"https://www.sec.gov/cgi-bin/browse-edgar?company={text}")


# --- the network seam, the rate limiter, the user agent ------------------------------------

def _setting(variable: str, default: float, what: str) -> float:
    """A positive number from the environment variable `variable`, else `default`;
    InputError (exit 2) saying what to write when it is not a positive number."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise InputError(f"{variable}={text!r} is not {what}: write a positive number such as "
                         f"{default:g}")
    return value


def fetch_deadline() -> float:
    """Seconds a live fetch may take in all (connection, retries, download), whatever the
    network does: ``$FINLIT_FETCH_DEADLINE``, default `DEADLINE` (60 s).

    >>> fetch_deadline() == DEADLINE or DEADLINE_VARIABLE in os.environ
    True
    """
    return _setting(DEADLINE_VARIABLE, DEADLINE, "a number of seconds")


def max_body_bytes() -> int:
    """The largest HTTP body finlit accepts, unpacked, in bytes: ``$FINLIT_MAX_DOWNLOAD_MB``
    megabytes, default `MAX_BODY_MB` (200 MB; the largest companyfacts files are tens of MB,
    Apple's 3.7 MB).

    >>> max_body_bytes() == MAX_BODY_MB * 1_000_000 or BODY_VARIABLE in os.environ
    True
    """
    return int(_setting(BODY_VARIABLE, MAX_BODY_MB, "a number of megabytes") * 1_000_000)


class DeadlineExceeded(TimeoutError):
    """A live fetch that did not finish within its deadline (`within_deadline`)."""


def within_deadline(call, seconds: float, what: str = "fetch"):
    """The result of ``call()``, run in a daemon thread, or `DeadlineExceeded` after `seconds`
    (a network that accepts connections and never answers cannot hold finlit up). An
    exception of `call` is raised here. A call past its deadline is abandoned: it ends on its
    own socket timeouts, and the process does not wait for it.

    >>> within_deadline(lambda: 42, 1.0)
    42
    >>> within_deadline(lambda: time.sleep(5), 0.05)
    Traceback (most recent call last):
    ...
    finlit.sources.sec.DeadlineExceeded: no answer within 0.05 s
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name=f"finlit {what}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise DeadlineExceeded(f"no answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def too_large(url: str, limit: int) -> str:
    """The refusal of an HTTP body past `limit` bytes (`max_body_bytes`), naming the fix.

    >>> too_large("https://example.com/x.json", 1_000_000)
    'the answer of https://example.com/x.json is larger than 1 MB (set FINLIT_MAX_DOWNLOAD_MB to accept larger ones)'
    """
    return (f"the answer of {url} is larger than {limit / 1e6:g} MB (set {BODY_VARIABLE} to "
            "accept larger ones)")


def _read_capped(stream, limit: int, url: str) -> bytes:
    """At most `limit` bytes of `stream`; ValueError past it (a body too large to be real)."""
    chunks, size = [], 0
    while True:
        chunk = stream.read(1 << 16)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise ValueError(too_large(url, limit))
        chunks.append(chunk)


def gunzip_capped(body: bytes, limit: int, url: str = "the server") -> bytes:
    """`body` gunzipped, refused (ValueError) as soon as it unpacks past `limit` bytes.

    >>> import gzip
    >>> gunzip_capped(gzip.compress(b"x" * 10), 100)
    b'xxxxxxxxxx'
    >>> gunzip_capped(gzip.compress(b"x" * 1000), 100)
    Traceback (most recent call last):
    ...
    ValueError: the answer of the server unpacks to more than 0.0001 MB (set FINLIT_MAX_DOWNLOAD_MB to accept larger ones)
    """
    import zlib

    unpack = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out, size, data = [], 0, body
    while data:
        piece = unpack.decompress(data, 1 << 20)
        size += len(piece)
        if size > limit:
            raise ValueError(f"the answer of {url} unpacks to more than {limit / 1e6:g} MB (set "
                             f"{BODY_VARIABLE} to accept larger ones)")
        out.append(piece)
        data = unpack.unconsumed_tail
    if not unpack.eof:
        raise ValueError(f"the answer of {url} is a truncated gzip stream")
    return b"".join(out)


def http_get(url: str, headers: dict[str, str], timeout: float = TIMEOUT) -> bytes:
    """GET `url` and return the body (the only function that touches the network), gunzipped
    when the server sent it compressed; a body past `max_body_bytes` (packed or unpacked)
    raises ValueError.

    Raises `urllib.error.HTTPError` for an HTTP error status and `OSError` (URLError,
    TimeoutError …) when the server cannot be reached. Tests replace this function.
    """
    limit = max_body_bytes()
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener()  # the proxy settings of now (HTTPS_PROXY …)
    with opener.open(request, timeout=timeout) as response:  # noqa: S310 (https only)
        body = _read_capped(response, limit, url)
        if response.headers.get("Content-Encoding") == "gzip":
            body = gunzip_capped(body, limit, url)
        return body


class RateLimiter:
    """At most `rate` calls of `wait()` per second, across threads: each call gets the next
    free slot, 1/rate seconds after the previous one, and sleeps until it.

    >>> limiter = RateLimiter(rate=1000)
    >>> start = time.monotonic(); [limiter.wait() for _ in range(5)]; time.monotonic() - start >= 0.004
    [None, None, None, None, None]
    True
    """

    def __init__(self, rate: float = MAX_REQUESTS_PER_SECOND):
        self.interval = 1.0 / rate
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)


LIMITER = RateLimiter()


def user_agent() -> str:
    """The User-Agent for SEC requests, from the environment; InputError saying what to set."""
    for name in USER_AGENT_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    raise InputError(
        "the SEC asks every client to identify itself: set a User-Agent with your name and "
        'e-mail address, e.g. export FINLIT_SEC_USER_AGENT="Your Name you@example.com" '
        "(see https://www.sec.gov/os/accessing-edgar-data)")


def _cache() -> Cache:
    return Cache("sec")


def fetch(url: str, max_age: float | None = MAX_AGE, validate=None) -> tuple[bytes, str]:
    """The body of `url`, from the cache when fresh, else from the network (rate-limited).

    Returns ``(body, note)``: the note is empty, or says a stale cached copy was used because
    the network failed. `validate(body)` may raise to refuse a body before it is cached.
    HTTP 404 raises InputError; other failures fall back to a cached copy of any age, else
    raise SourceError.
    """
    cache = _cache()
    if max_age is None or max_age > 0:
        cached = cache.get(url, max_age=max_age)
        if cached is not None:
            return cached, ""
    headers = {"User-Agent": user_agent(), "Accept-Encoding": "gzip", "Accept": "application/json"}
    deadline = fetch_deadline()
    try:
        LIMITER.wait()
        body = within_deadline(lambda: http_get(url, headers, timeout=min(TIMEOUT, deadline)),
                               deadline, "SEC fetch")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise InputError(f"SEC EDGAR has nothing at {url} (HTTP 404): check the CIK") from None
        reason = f"HTTP {exc.code} {exc.reason}"
        if exc.code == 403:
            reason += " (check that FINLIT_SEC_USER_AGENT holds your name and e-mail address)"
        return _stale(cache, url, reason)
    except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections
        return _stale(cache, url, str(getattr(exc, "reason", None) or exc) or type(exc).__name__)
    if validate is not None:
        try:
            validate(body)
        except (InputError, ValueError):  # an error page or a truncated body: never cached
            return _stale(cache, url, "the response was not the expected JSON")
    cache.put(url, body)
    return body, ""


def _stale(cache: Cache, url: str, reason: str) -> tuple[bytes, str]:
    stale = cache.get_stale(url)
    if stale is None:
        raise SourceError(f"cannot reach SEC EDGAR ({reason}) and there is no cached copy of "
                          f"{url}: check the network connection and try again")
    age = cache.age(url) or 0.0
    when = datetime.fromtimestamp(time.time() - age, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    note = (f"SEC EDGAR could not be reached ({reason}): the figures come from a cached copy "
            f"downloaded {when}.")
    log.warning(note)  # the command line shows it on stderr: stale figures are never silent
    return stale, note


# --- companyfacts → Company ----------------------------------------------------------------

PERIOD_NOTES = {
    "quarterly": ("Quarters come from 10-Q and 10-K filings. Fourth quarters, and quarters "
                  "filed only as year-to-date figures (cash flows), are derived by finlit as the "
                  "difference of two year-to-date figures (e.g. Q4 = fiscal year − nine months) "
                  "and shown as derived; per-share figures and share counts are never derived "
                  "that way."),
    "ttm": ("Trailing twelve months: flows are the sum of the four quarters ending on the date "
            "(derived by finlit), balances as reported on that date; per-share figures and "
            "share counts are left out."),
}


def load_companyfacts(path_or_dict: str | PathLike | dict | bytes, period: str = "annual",
                      ticker: str | None = None, currency: str | None = None,
                      notes: tuple = (), kind: str | None = None) -> Company:
    """A `Company` from a companyfacts document: a path, the raw bytes or the parsed dict.

    `kind` ("bank" …) overrides the company kind decided from the line items present
    (companyfacts carries no SIC code; `finlit.sources.kinds`).

    A JSON that is not companyfacts raises InputError ("… is not an SEC companyfacts file: …");
    a period the file has no figures for (quarters of a 20-F filer) raises InputError too.

    >>> load_companyfacts({"results": []})
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: the document is not an SEC companyfacts file: no "facts" object (found keys: results); expected the JSON of data.sec.gov/api/xbrl/companyfacts/CIK##########.json
    """
    check_period(period)
    doc = load_document(path_or_dict)
    facts, meta = read_companyfacts(doc, currency=currency, period=period)
    cik = meta["cik"]
    name = meta["entity_name"] or (f"CIK {cik}" if cik else "unknown company")
    where = str(path_or_dict) if isinstance(path_or_dict, (str, PathLike)) else name
    if facts.empty:
        if period != "annual":
            raise InputError(f"{where}: no {period} figures in this companyfacts file (quarterly "
                             "facts come from 10-Q filings; a 20-F or 40-F filer reports "
                             "annually): use --period annual")
        raise InputError(f"{where}: no annual figures in {meta['currency']} for the line items "
                         "finlit knows (checked the us-gaap and ifrs-full tags of "
                         "mappings/sec_tags.csv)")
    other = [c for c in meta.get("currencies", []) if c != meta["currency"]]
    info_notes = list(notes)
    if period in PERIOD_NOTES:
        info_notes.append(PERIOD_NOTES[period])
    if other:
        info_notes.append(f"Figures in {meta['currency']}, the currency of most of the company's "
                          f"annual figures; the file also holds values in {', '.join(other[:5])} "
                          "(translations or foreign operations), not used.")
    info_notes += split_notes(facts, meta["splits"])
    left_out = [DataQualityNote("share_split", year, text)
                for year, text in left_out_notes(meta["split_left_out"], meta["splits"])]
    filings = tuple({"form": f["form"], "fiscal_year": int(f["fiscal_year"]), "accession": accn,
                     "filed": f["filed"]} for accn, f in meta["filings"].items())
    info = CompanyInfo(
        ticker=(ticker or (ticker_of(cik) if cik else "SEC")).upper(), name=name,
        currency=meta["currency"], fiscal_year_end=meta["fiscal_year_end"],
        description="", source=f"SEC EDGAR companyfacts (XBRL financial data), CIK {cik}",
        filings=filings, notes=tuple(info_notes))
    return build_company(info, facts, notes=left_out, kind=kind)


def fetch_companyfacts(cik: str, max_age: float | None = MAX_AGE) -> tuple[bytes, str]:
    """The companyfacts JSON of a CIK (bytes) and a note (empty unless a stale copy was used)."""
    url = COMPANYFACTS_URL.format(cik=f"{int(cik):010d}")
    return fetch(url, max_age=max_age, validate=lambda body: load_document(body))


def load_sec(target: str, period: str = "annual", currency: str | None = None,
             max_age: float | None = MAX_AGE, kind: str | None = None) -> Company:
    """A company from SEC EDGAR: a ticker of the table or a CIK (live, cached), or a file path."""
    text = str(target).strip()
    if os.path.isfile(text) or text.lower().endswith(".json"):
        if not os.path.isfile(text):
            raise InputError(f"file not found: {text}: check the path")
        return load_companyfacts(text, period=period, currency=currency, kind=kind)
    check_period(period)
    cik = cik_of(text)
    body, note = fetch_companyfacts(cik, max_age=max_age)
    try:
        doc = load_document(body)
    except InputError:
        # a cached entry whose checksum holds but whose body is not companyfacts (written by
        # hand, or by an older finlit): drop it and ask SEC EDGAR again
        log.debug("cached companyfacts of CIK %s is not companyfacts: dropped", cik)
        _cache().delete(COMPANYFACTS_URL.format(cik=cik))
        body, note = fetch_companyfacts(cik, max_age=0)
        doc = load_document(body)
    ticker = text.upper() if not _CIK.match(text) else ticker_of(cik)
    return load_companyfacts(doc, period=period, ticker=ticker, currency=currency,
                             notes=(note,) if note else (), kind=kind)


class SecSource:
    name = "sec"
    description = "SEC EDGAR companyfacts: a ticker or CIK (live, cached; set FINLIT_SEC_USER_AGENT) or a companyfacts JSON file"

    def load(self, target: str, period: str = "annual", **options: Any) -> Company:
        return load_sec(target, period=period, currency=options.get("currency"),
                        max_age=options.get("max_age", MAX_AGE), kind=options.get("kind"))


register(SecSource())

__all__ = ["load_companyfacts", "load_sec", "fetch_companyfacts", "fetch", "http_get", "cik_of",
           "ticker_of", "ticker_table", "user_agent", "RateLimiter", "LIMITER", "SecSource",
           "COMPANYFACTS_URL", "MAX_AGE", "fetch_deadline", "max_body_bytes", "within_deadline",
           "gunzip_capped", "too_large", "DeadlineExceeded"]
