"""Hostile input and faults around the sources (issue 13): companyfacts JSON, SEC data-set
zips, the live SEC and Yahoo sources, the download cache, IT budgets, a missing home folder
and the atomic writer. Every case ends in exit 0 with the right numbers, or exit 2 (bad input,
refused write) or exit 1 (network) with one line on stderr: never an internal error, never a
wait without end.

All offline: the live sources meet a fake `http_get`, a local HTTP server, or a local
listener that accepts connections and never answers (a black-holed network).
"""
from __future__ import annotations

import copy
import errno
import gzip
import http.server
import io
import json
import os
import socket
import threading
import time
import urllib.error
import zipfile
from pathlib import Path

import pytest

from cli_helpers import one_line_error, run
from finlit.sources import sec, yahoo
from finlit.sources.sec import RateLimiter
from finlit.sources.sec_companyfacts import EXAMPLE

CIK = "0000000042"
URL = sec.COMPANYFACTS_URL.format(cik=CIK)
REAL_HTTP_GET = sec.http_get  # before any test replaces it


# --- companyfacts JSON --------------------------------------------------------------------

def _fact(**changes):
    fact = {"start": "2024-01-01", "end": "2024-12-31", "val": 120, "accn": "0000000042-25-1",
            "fy": 2024, "fp": "FY", "form": "10-K", "filed": "2025-02-01"}
    fact.update(changes)
    return {k: v for k, v in fact.items() if v is not _DROP}


_DROP = object()


def _doc_with(fact=None, **top):
    doc = copy.deepcopy(EXAMPLE)
    if fact is not None:
        doc["facts"]["us-gaap"]["Revenues"]["units"]["USD"].append(fact)
    doc.update(top)
    return doc


# (document, what the one line must say); the bad fact is the 5th of Revenues (USD)
BAD_COMPANYFACTS = {
    "string value": (_doc_with(_fact(val="120")), ["fact 5 ending 2024-12-31", "'120'",
                                                   "not a finite number"]),
    "list value": (_doc_with(_fact(val=[120])), ["fact 5", "[120]", "not a finite number"]),
    "impossible end date": (_doc_with(_fact(end="2023-13-45")),
                            ["fact 5:", '"2023-13-45"', "not a date written YYYY-MM-DD"]),
    "garbage end date": (_doc_with(_fact(end="garbage")), ["fact 5:", '"garbage"', "end date"]),
    "garbage start date": (_doc_with(_fact(start="garbage")), ["fact 5 ending 2024-12-31",
                                                               "start date", '"garbage"']),
    "integer end date": (_doc_with(_fact(end=20241231)), ["fact 5:", "end date 20241231",
                                                          "YYYY-MM-DD"]),
    "missing end date": (_doc_with(_fact(end=_DROP)), ["fact 5:", "no end date"]),
    "missing accn": (_doc_with(_fact(accn=_DROP)), ["fact 5 ending 2024-12-31",
                                                    "no accession number (accn)"]),
    "numeric accn": (_doc_with(_fact(accn=7)), ["fact 5", "accession number (accn) 7 is not text"]),
    "numeric filed": (_doc_with(_fact(filed=20250201)), ["fact 5", "filed date 20250201"]),
    "numeric form": (_doc_with(_fact(form=10)), ["fact 5", "form 10 is not text"]),
    "fact not an object": (_doc_with("120"), ["fact 5:", "a JSON str where a fact object belongs"]),
    "string cik": (_doc_with(cik="abc"), ['the cik "abc" is not a CIK number']),
    "numeric entityName": (_doc_with(entityName=5), ["the entityName 5 is not text"]),
    "units a list of strings": ({"cik": 42, "facts": {"us-gaap": {"Revenues": {"units": ["USD"]}}}},
                                ["is not an SEC companyfacts file", "us-gaap"]),
    "facts a string": ({"cik": 42, "facts": {"us-gaap": {"Revenues": {"units": {"USD": "x"}}}}},
                       ["us-gaap Revenues (USD): a JSON str where a list of facts belongs"]),
}


@pytest.mark.parametrize("case", sorted(BAD_COMPANYFACTS))
def test_a_malformed_companyfacts_file_is_exit_2_naming_the_fact(case, tmp_path, capsys):
    doc, expected = BAD_COMPANYFACTS[case]
    path = tmp_path / "CIK0000000042.json"
    path.write_text(json.dumps(doc))
    code, out, err = run(capsys, "statements", path)
    line = one_line_error(err)
    assert code == 2 and out == ""
    assert str(path) in line
    for text in expected:
        assert text in line, (text, line)
    if "fact 5" in line:  # the taxonomy, tag and unit of the fact, and the fix
        assert "us-gaap Revenues (USD)" in line and "download the file again from data.sec.gov" in line


def test_a_later_tag_is_checked_too(tmp_path, capsys):
    """The check walks every tag, not only the first few of a taxonomy."""
    doc = copy.deepcopy(EXAMPLE)
    for i in range(8):
        doc["facts"]["us-gaap"][f"Other{i}"] = {"units": {"USD": [_fact(val=1)]}}
    doc["facts"]["us-gaap"]["Other7"] = {"units": ["USD"]}
    path = tmp_path / "late.json"
    path.write_text(json.dumps(doc))
    code, _, err = run(capsys, "statements", path)
    assert code == 2 and 'us-gaap Other7: "units" is not a map' in one_line_error(err)


@pytest.mark.parametrize("cik", ["0000000042", "CIK0000000042", 42])
def test_a_cik_written_as_text_is_read(cik, tmp_path, capsys):
    path = tmp_path / "cf.json"
    path.write_text(json.dumps(_doc_with(cik=cik)))
    code, out, err = run(capsys, "statements", path, "--format", "json")
    assert code == 0, err
    facts = json.loads(out)["facts"]
    assert {(f["fiscal_year"], f["value"]) for f in facts if f["line_item"] == "revenue"} == {
        (2023, 110.0), (2024, 120.0)}


# --- SEC Financial Statement Data Set zips ------------------------------------------------

SUB = ("adsh\tcik\tname\tsic\tform\tperiod\tfy\tfp\tfiled\tfye\n"
       "0001-10-1\t42\tEXAMPLE CORP\t7372\t10-K\t20091231\t2009\tFY\t20100301\t1231\n")
NUM = ("adsh\ttag\tversion\tddate\tqtrs\tuom\tcoreg\tvalue\tfootnote\n"
       "0001-10-1\tRevenues\tus-gaap/2009\t20091231\t4\tUSD\t\t120.0\t\n"
       "0001-10-1\tAssets\tus-gaap/2009\t20091231\t0\tUSD\t\t300.0\t\n")


def _zip(path: Path, sub: str = SUB, num: str | bytes = NUM) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sub.txt", sub)
        archive.writestr("num.txt", num)
    return path


def test_a_good_data_set_reads(tmp_path, capsys):
    code, out, err = run(capsys, "statements", _zip(tmp_path / "ok.zip"), "--company", "42",
                         "--format", "json")
    assert code == 0, err
    values = {f["line_item"]: f["value"] for f in json.loads(out)["facts"]}
    assert values["revenue"] == 120.0 and values["total_assets"] == 300.0


@pytest.mark.parametrize("member,column", [("sub.txt", "cik"), ("num.txt", "value"),
                                           ("num.txt", "adsh")])
def test_a_data_set_lacking_a_column_is_exit_2(member, column, tmp_path, capsys):
    sub = SUB.replace(f"\t{column}\t", "\tother\t").replace(f"{column}\t", "other\t", 1) \
        if member == "sub.txt" else SUB
    num = NUM.replace(f"\t{column}\t", "\tother\t").replace(f"{column}\t", "other\t", 1) \
        if member == "num.txt" else NUM
    path = _zip(tmp_path / "cut.zip", sub, num)
    code, _, err = run(capsys, "statements", path, "--company", "42")
    line = one_line_error(err)
    assert code == 2 and str(path) in line
    assert f"{member} has no column {column}" in line and "download it again" in line


def test_a_zip_bomb_is_refused_at_once(tmp_path, capsys):
    """50 MB of repeated rows packed into about 100 kB: refused from the zip's directory,
    before anything is unpacked (real data sets pack 3 to 15 times)."""
    row = NUM.splitlines()[1] + "\n"
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sub.txt", SUB)
        with archive.open("num.txt", "w") as fh:
            fh.write(NUM.encode())
            block = (row * 10_000).encode()
            for _ in range(50_000_000 // len(block)):
                fh.write(block)
    assert path.stat().st_size < 1_000_000
    start = time.monotonic()
    code, _, err = run(capsys, "statements", path, "--company", "42")
    line = one_line_error(err)
    assert code == 2 and time.monotonic() - start < 2
    assert "num.txt unpacks to 50 MB" in line and "times its packed size" in line


def test_a_member_past_the_size_limit_is_refused_and_the_limit_is_configurable(
        tmp_path, capsys, monkeypatch):
    path = _zip(tmp_path / "ok.zip")
    monkeypatch.setenv("FINLIT_MAX_ZIP_MEMBER_MB", "0.0001")   # 100 bytes
    code, _, err = run(capsys, "statements", path, "--company", "42")
    line = one_line_error(err)
    size = len(SUB.encode())
    assert code == 2 and f"sub.txt unpacks to {size} bytes, more than the 100 bytes" in line
    assert "set FINLIT_MAX_ZIP_MEMBER_MB to a larger number of megabytes" in line
    monkeypatch.setenv("FINLIT_MAX_ZIP_MEMBER_MB", "lots")
    code, _, err = run(capsys, "statements", path, "--company", "42")
    assert code == 2 and "FINLIT_MAX_ZIP_MEMBER_MB='lots' is not a number of megabytes" in one_line_error(err)
    monkeypatch.setenv("FINLIT_MAX_ZIP_MEMBER_MB", "1")
    assert run(capsys, "statements", path, "--company", "42")[0] == 0


def test_a_damaged_member_is_exit_2(tmp_path, capsys):
    path = _zip(tmp_path / "ok.zip")
    raw = bytearray(path.read_bytes())
    at = raw.index(b"num.txt") + len(b"num.txt") + 10  # inside num.txt's packed bytes
    raw[at:at + 8] = b"\x00" * 8
    path.write_bytes(bytes(raw))
    code, _, err = run(capsys, "statements", path, "--company", "42")
    line = one_line_error(err)
    assert code == 2 and "num.txt cannot be read" in line and "download the data set again" in line


# --- the live SEC source -------------------------------------------------------------------

class FakeSEC:
    """Answers every companyfacts request with EXAMPLE (CIK 42), counts the requests."""

    def __init__(self, body: bytes | None = None):
        self.requests = 0
        self.body = json.dumps(EXAMPLE).encode() if body is None else body

    def __call__(self, url, headers, timeout=30):
        self.requests += 1
        return self.body


def offline(url, headers, timeout=30):
    raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")


@pytest.fixture
def live_sec(monkeypatch, tmp_path):
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FINLIT_SEC_USER_AGENT", "Test Person test@example.com")
    monkeypatch.setattr(sec, "LIMITER", RateLimiter(rate=1000))
    fake = FakeSEC()
    monkeypatch.setattr(sec, "http_get", fake)
    return fake


def _age_entry(url: str, days: float) -> None:
    """Make the cache entry of `url` `days` old (its header's write time; checksum intact)."""
    path = sec._cache().path(url)
    header, _, payload = path.read_bytes().partition(b"\n")
    parts = header.split(b" ")
    parts[1] = repr(time.time() - days * 86400).encode()
    path.write_bytes(b" ".join(parts) + b"\n" + payload)


def test_a_stale_cache_entry_used_offline_is_said_on_stderr(live_sec, monkeypatch, capsys):
    assert run(capsys, "statements", CIK, "--source", "sec")[0] == 0
    _age_entry(URL, 90)
    monkeypatch.setattr(sec, "http_get", offline)
    code, out, err = run(capsys, "statements", CIK, "--source", "sec", "--format", "csv")
    assert code == 0 and "revenue" in out
    [line] = err.strip().splitlines()
    assert line.startswith("finlit: warning: SEC EDGAR could not be reached (")
    assert "Temporary failure in name resolution" in line and "cached copy downloaded" in line
    when = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 90 * 86400))
    assert when in line
    # the network back: fetched again, no note
    monkeypatch.setattr(sec, "http_get", live_sec)
    code, _, err = run(capsys, "statements", CIK, "--source", "sec", "--format", "csv")
    assert code == 0 and err == ""


def _entry_with_body(url: str, body: bytes) -> None:
    """Replace the payload of a cache entry, with a matching length and checksum."""
    sec._cache().put(url, body)


def test_a_cached_body_that_is_not_json_is_dropped_and_fetched_again(live_sec, capsys):
    _entry_with_body(URL, b"<html>not json</html>")
    code, out, err = run(capsys, "statements", CIK, "--source", "sec", "--format", "json")
    assert code == 0, err
    assert live_sec.requests == 1 and json.loads(out)["name"] == "Example Corp"
    assert json.loads(sec._cache().get(URL)) == EXAMPLE   # replaced by the good answer


def test_a_cached_body_that_is_not_json_offline_is_one_line(live_sec, monkeypatch, capsys):
    _entry_with_body(URL, b"\x00\x01 not json")
    monkeypatch.setattr(sec, "http_get", offline)
    code, _, err = run(capsys, "statements", CIK, "--source", "sec")
    line = one_line_error(err)
    assert code == 1 and "cannot reach SEC EDGAR" in line and "no cached copy" in line
    assert "internal error" not in line
    assert sec._cache().get_stale(URL) is None       # the bad entry is gone


def test_a_read_only_cache_does_not_stop_a_live_fetch(live_sec, monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("finlit._atomic.tempfile.mkstemp", refuse)
    code, out, err = run(capsys, "statements", CIK, "--source", "sec", "--format", "json")
    assert code == 0 and json.loads(out)["name"] == "Example Corp"
    [line] = err.strip().splitlines()
    assert line.startswith("finlit: warning: cannot write the download cache ")
    assert "Read-only file system" in line and "FINLIT_CACHE_DIR" in line


def test_no_home_folder_still_works(live_sec, no_home, capsys):
    code, out, err = run(capsys, "statements", CIK, "--source", "sec", "--format", "csv")
    assert code == 0 and "revenue" in out
    [line] = err.strip().splitlines()
    assert line.startswith("finlit: warning: no home folder (HOME is unset")
    assert "set FINLIT_CACHE_DIR" in line


class _Server:
    """A local HTTP server answering every GET with `body` and `headers`."""

    def __init__(self, body: bytes, headers: dict):
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                for key, value in owner.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(owner.body)))
                self.end_headers()
                self.wfile.write(owner.body)

            def log_message(self, *args):
                pass

        self.body, self.headers = body, headers
        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/CIK{CIK}.json"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_http_bodies_are_read_and_gunzipped_with_a_size_cap(monkeypatch):
    good = _Server(gzip.compress(json.dumps(EXAMPLE).encode()), {"Content-Encoding": "gzip"})
    bomb = _Server(gzip.compress(b" " * 5_000_000), {"Content-Encoding": "gzip"})
    plain = _Server(b"x" * 3_000_000, {})
    try:
        assert json.loads(sec.http_get(good.url, {})) == EXAMPLE
        monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "1")
        with pytest.raises(ValueError, match="unpacks to more than 1 MB .*FINLIT_MAX_DOWNLOAD_MB"):
            sec.http_get(bomb.url, {})
        with pytest.raises(ValueError, match="is larger than 1 MB"):
            sec.http_get(plain.url, {})
    finally:
        for server in (good, bomb, plain):
            server.close()


def test_an_oversized_answer_is_a_one_line_source_error(live_sec, monkeypatch, capsys):
    bomb = _Server(gzip.compress(b" " * 5_000_000), {"Content-Encoding": "gzip"})
    monkeypatch.setattr(sec, "COMPANYFACTS_URL", bomb.url.replace(CIK, "{cik}"))
    monkeypatch.setattr(sec, "http_get", REAL_HTTP_GET)
    monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "1")
    try:
        code, _, err = run(capsys, "statements", CIK, "--source", "sec")
    finally:
        bomb.close()
    line = one_line_error(err)
    assert code == 1 and "cannot reach SEC EDGAR (the answer of" in line
    assert "unpacks to more than 1 MB" in line


# --- a black-holed network: a listener that accepts connections and never answers ----------

@pytest.fixture
def black_hole(monkeypatch, tmp_path):
    """Every HTTP(S) connection goes through a 'proxy' that accepts and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    proxy = f"http://127.0.0.1:{listener.getsockname()[1]}"
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FINLIT_FETCH_DEADLINE", "1.5")
    yield listener
    listener.setblocking(False)
    try:
        while True:  # close what was accepted, so the abandoned fetch ends at once
            listener.accept()[0].close()
    except OSError:
        pass
    listener.close()


def _accepted(listener) -> int:
    """How many connections reached the listener (waiting a little for the first one)."""
    listener.settimeout(5)
    count = 0
    try:
        while True:
            conn, _ = listener.accept()
            conn.close()
            count += 1
            listener.settimeout(0.1)
    except OSError:  # socket.timeout: no more
        pass
    listener.setblocking(True)
    return count


def test_yahoo_behind_a_black_hole_gives_up_by_the_deadline(black_hole, monkeypatch, capsys):
    import yfinance  # noqa: F401  (imported before the clock starts: the import takes a while)

    monkeypatch.setattr(yahoo, "sleep", lambda s: None)
    start = time.monotonic()
    code, out, err = run(capsys, "statements", "AAPL", "--source", "yahoo")
    elapsed = time.monotonic() - start
    line = one_line_error(err)
    assert code == 1 and out == ""
    assert 1.5 <= elapsed < 10, elapsed
    assert "Yahoo Finance gave no statements for AAPL (no answer within 1.5 s)" in line
    assert _accepted(black_hole) >= 1           # it really went to the black hole


def test_sec_behind_a_black_hole_gives_up_by_the_deadline(black_hole, monkeypatch, capsys):
    monkeypatch.setenv("FINLIT_SEC_USER_AGENT", "Test Person test@example.com")
    start = time.monotonic()
    code, out, err = run(capsys, "statements", "AAPL", "--source", "sec")
    elapsed = time.monotonic() - start
    line = one_line_error(err)
    assert code == 1 and out == ""
    assert 1.5 <= elapsed < 10, elapsed
    assert "cannot reach SEC EDGAR (no answer within 1.5 s)" in line
    assert _accepted(black_hole) >= 1


def test_a_bad_deadline_setting_is_exit_2(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("FINLIT_SEC_USER_AGENT", "Test Person test@example.com")
    monkeypatch.setenv("FINLIT_FETCH_DEADLINE", "-3")
    code, _, err = run(capsys, "statements", "AAPL", "--source", "sec")
    assert code == 2
    assert "FINLIT_FETCH_DEADLINE='-3' is not a number of seconds" in one_line_error(err)


# --- IT budgets ---------------------------------------------------------------------------

BUDGET = ("fiscal_year,category,kind,amount,currency,note\n"
          "2024,staff,opex,1000000,USD,Café team\n2024,software,opex,200000,USD,\n")


def _it_spend_2024(out: str) -> float:
    rows = [r.split(",") for r in out.splitlines()]
    [row] = [r for r in rows if r[1:3] == ["2024", "it_spend"]]
    return float(row[3])


@pytest.mark.parametrize("name,raw", [
    ("utf16.csv", BUDGET.encode("utf-16")),
    ("utf16le_no_bom.csv", BUDGET.encode("utf-16-le")),
    ("latin1.csv", BUDGET.encode("latin-1")),
    ("bom.csv", b"\xef\xbb\xbf" + BUDGET.encode()),
    ("utf16.toml", 'currency = "USD"\n[2024]\nstaff.opex = 1_000_000\nsoftware.opex = 200_000\n'
     .encode("utf-16")),
])
def test_an_it_budget_in_another_encoding_is_read(name, raw, tmp_path, capsys):
    path = tmp_path / name
    path.write_bytes(raw)
    code, out, err = run(capsys, "itspend", "LARKSPUR", "--it-budget", path, "--format", "csv")
    assert code == 0, err
    assert _it_spend_2024(out) == 1_200_000.0


@pytest.mark.parametrize("name,raw", [
    ("garbage.csv", bytes(range(256)) * 20),
    ("image.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)) * 5),
    ("garbage.toml", bytes(range(256)) * 4),
])
def test_a_garbage_it_budget_is_exit_2_naming_the_file(name, raw, tmp_path, capsys):
    path = tmp_path / name
    path.write_bytes(raw)
    code, out, err = run(capsys, "itspend", "LARKSPUR", "--it-budget", path)
    line = one_line_error(err)
    assert code == 2 and out == ""
    assert f"IT budget {path} is not a text file" in line and "save it as" in line


def test_an_it_budget_cell_past_the_csv_limit_is_exit_2(tmp_path, capsys):
    path = tmp_path / "huge.csv"
    path.write_text("fiscal_year,category,kind,amount,currency,note\n"
                    f'2024,staff,opex,1,USD,"{"x" * 200_000}"\n')
    code, _, err = run(capsys, "itspend", "LARKSPUR", "--it-budget", path)
    line = one_line_error(err)
    assert code == 2 and f"IT budget {path} row 2: cannot be read as CSV" in line


# --- the atomic writer under faults ---------------------------------------------------------

@pytest.fixture(scope="module")
def kit_template(tmp_path_factory):
    """The workshop kit, written once (finlit workshop DIR)."""
    from finlit.workshop import copy_kit

    folder = tmp_path_factory.mktemp("template") / "kit"
    copy_kit(folder)
    return folder


@pytest.mark.parametrize("target,fault,fix", [
    ("os.fsync", errno.ENOSPC, "free some disk space"),
    ("os.replace", errno.EACCES, "choose a folder you can write to"),
    ("tempfile.mkstemp", errno.EROFS, "choose a folder you can write to"),
])
def test_a_refused_write_is_exit_2_with_the_earlier_file_intact(target, fault, fix, tmp_path,
                                                                 capsys, monkeypatch, kit_template):
    import shutil

    kit = tmp_path / "kit"
    shutil.copytree(kit_template, kit)
    before = {p: p.read_bytes() for p in kit.rglob("*") if p.is_file()}

    def refuse(*args, **kwargs):
        raise OSError(fault, os.strerror(fault))

    monkeypatch.setattr(f"finlit._atomic.{target}", refuse)
    code, out, err = run(capsys, "workshop", kit, "--force")
    line = one_line_error(err)
    assert code == 2 and out == ""
    assert f"cannot write {kit}" in line and os.strerror(fault) in line and fix in line
    after = {p: p.read_bytes() for p in kit.rglob("*") if p.is_file()}
    assert after == before                      # nothing half-written, no temporary left


def test_a_disk_full_in_the_middle_of_a_write_leaves_the_earlier_file(tmp_path, capsys,
                                                                      monkeypatch, kit_template):
    """ENOSPC from the write itself (the data half on disk in the temporary)."""
    import shutil

    class Full(io.FileIO):
        def write(self, data):
            super().write(bytes(data)[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    kit = tmp_path / "kit"
    shutil.copytree(kit_template, kit)
    before = {p: p.read_bytes() for p in kit.rglob("*") if p.is_file()}
    monkeypatch.setattr("finlit._atomic.os.fdopen", lambda fd, mode: Full(fd, mode))
    code, _, err = run(capsys, "workshop", kit, "--force")
    line = one_line_error(err)
    assert code == 2 and "No space left on device: free some disk space" in line
    assert {p: p.read_bytes() for p in kit.rglob("*") if p.is_file()} == before


def test_no_internal_error_text_in_a_refused_write(tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("finlit._atomic.os.fsync", refuse)
    code, _, err = run(capsys, "workshop", tmp_path / "new")
    assert code == 2 and "internal error" not in err
    assert not [p for p in (tmp_path / "new").rglob("*") if p.is_file()]
