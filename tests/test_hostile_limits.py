"""Hostile input, issue 13 leftovers: a size cap on every HTTP body from Yahoo Finance, and
old Excel 97-2003 (.xls) workbooks protected by a password.

All offline. Yahoo is played by a local HTTP server: the yfinance URLs (https) are sent as
plain http through ``HTTP_PROXY`` to it, the way the black-holed proxy test of
tests/test_hostile_sources.py reaches its listener; everything between yfinance and the
socket (finlit's curl_cffi session, curl) is the real code.
"""
from __future__ import annotations

import gzip
import http.server
import json
import re
import threading
import time
from pathlib import Path

import pytest

from cli_helpers import one_line_error, run
from finlit.sources import yahoo

BIG = 50_000_000          # bytes the hostile server offers
BLOCK = b"[" + b"0," * 32_767 + b"0"  # 64 kB of what could pass for JSON


class _Yahoo:
    """A local HTTP server (also answering proxy-style requests) that offers `body` on every
    GET, framed by Content-Length or chunked without it; counts requests and bytes sent."""

    def __init__(self, framing: str = "content-length", body: bytes | None = None,
                 headers: dict | None = None, size: int = BIG):
        owner = self
        self.requests: list[str] = []
        self.sent = 0
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with owner.lock:
                    owner.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                chunked = framing == "chunked"
                total = len(body) if body is not None else size
                if chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                else:
                    self.send_header("Content-Length", str(total))
                self.end_headers()
                self.close_connection = True
                try:
                    if body is not None:
                        self._send(body, chunked)
                    else:
                        done = 0
                        while done < total:
                            piece = BLOCK[:total - done]
                            self._send(piece, chunked)
                            done += len(piece)
                    if chunked:
                        self.wfile.write(b"0\r\n\r\n")
                except OSError:  # the client hung up: what the cap should make it do
                    pass

            def _send(self, data: bytes, chunked: bool):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
                with owner.lock:
                    owner.sent += len(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def no_proxy(monkeypatch):
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY",
                 "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def yahoo_at(monkeypatch, tmp_path, no_proxy):
    """Send yfinance's Yahoo requests to a local server: returns a function that starts one."""
    from curl_cffi.requests import Session

    import yfinance  # noqa: F401  (imported before any clock starts)

    original = Session.request

    def as_http(self, method, url, *args, **kwargs):  # below finlit's session: the wire only
        return original(self, method, str(url).replace("https://", "http://", 1), *args, **kwargs)

    monkeypatch.setattr(Session, "request", as_http)
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FINLIT_FETCH_DEADLINE", "30")
    monkeypatch.setattr(yahoo, "sleep", lambda s: None)
    servers = []

    def start(**kwargs) -> _Yahoo:
        server = _Yahoo(**kwargs)
        servers.append(server)
        for name in ("HTTP_PROXY", "http_proxy"):
            monkeypatch.setenv(name, server.url)
        return server

    yield start
    for server in servers:
        server.close()


class _PeakMemory:
    """The largest growth of this process's resident memory while the block runs (sampled)."""

    def __enter__(self):
        import psutil

        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.growth = self.peak - self.start


LINE = re.compile(r"^finlit: error: Yahoo Finance gave no statements for AAPL \(the answer of "
                  r"https://[a-z0-9.]+\.yahoo\.com(/\S*)? is larger than 1 MB \(set "
                  r"FINLIT_MAX_DOWNLOAD_MB to accept larger ones\)\) and nothing is cached: ")


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_a_huge_yahoo_answer_is_cut_off_at_the_cap(framing, yahoo_at, monkeypatch, capsys):
    """50 MB offered, 1 MB allowed: one line, exit 1, in seconds, without reading it all."""
    server = yahoo_at(framing=framing)
    monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "1")
    start = time.monotonic()
    with _PeakMemory() as memory:
        code, out, err = run(capsys, "statements", "AAPL", "--source", "yahoo")
    elapsed = time.monotonic() - start
    line = one_line_error(err)
    assert code == 1 and out == ""
    assert LINE.match(line), line
    assert elapsed < 10, elapsed
    # one request, abandoned early: no retry, no further request in the same fetch
    assert len(server.requests) == 1, server.requests
    assert server.sent < 10_000_000, server.sent        # the rest was never read
    assert memory.growth < 25_000_000, memory.growth    # nothing like the 50 MB in memory


def test_a_gzip_bomb_from_yahoo_is_cut_off_where_it_unpacks_past_the_cap(yahoo_at, monkeypatch,
                                                                         capsys):
    """About 50 kB on the wire that unpack to 50 MB: refused by the unpacked size."""
    bomb = gzip.compress(b" " * BIG)
    assert len(bomb) < 1_000_000
    server = yahoo_at(body=bomb, headers={"Content-Encoding": "gzip"})
    monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "1")
    start = time.monotonic()
    with _PeakMemory() as memory:
        code, _, err = run(capsys, "statements", "AAPL", "--source", "yahoo")
    assert code == 1 and LINE.match(one_line_error(err)), err
    assert time.monotonic() - start < 10
    assert len(server.requests) == 1
    assert memory.growth < 25_000_000, memory.growth


def test_a_refused_fetch_falls_back_to_the_cache_with_a_note(yahoo_at, monkeypatch, capsys):
    """As for a network failure: a cached payload of any age is used, and the note says why."""
    cached = {"symbol": "AAPL", "period": "annual", "fetched": "2025-02-21T12:00:00",
              "info": {"financialCurrency": "USD", "longName": "Apple Inc."},
              "statements": {"income": {"TotalRevenue": {"2024-09-28": 391035000000.0}}}}
    yahoo._cache().put(yahoo._cache_key("AAPL", "annual"), json.dumps(cached).encode())
    yahoo_at(framing="chunked")
    monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "1")
    payload, notes = yahoo.fetch_cached("AAPL", refresh=True)
    assert payload == cached
    [note] = notes
    assert "Yahoo Finance could not be reached (the answer of https://" in note.message
    assert "is larger than 1 MB (set FINLIT_MAX_DOWNLOAD_MB" in note.message
    assert "fetched 2025-02-21" in note.message


@pytest.mark.parametrize("framing,headers,body", [
    ("content-length", {}, b'{"chart": {"result": [1, 2, 3]}}'),
    ("chunked", {}, b'{"chart": {"result": [1, 2, 3]}}'),
    ("content-length", {"Content-Encoding": "gzip"}, gzip.compress(b'{"chart": {"result": [4]}}')),
])
def test_answers_under_the_cap_come_through_whole(framing, headers, body, no_proxy, monkeypatch):
    """The capped session hands yfinance the same body an ordinary one would (unpacked)."""
    server = _Yahoo(framing=framing, body=body, headers=headers)
    monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "1")
    try:
        response = yahoo.capped_session().get(server.url + "/v8/finance/chart/AAPL")
    finally:
        server.close()
    expected = json.loads(gzip.decompress(body) if headers else body)
    assert response.status_code == 200 and response.json() == expected
    assert response.text == (gzip.decompress(body) if headers else body).decode()


def test_the_cap_is_per_body_and_a_refusal_does_not_outlive_its_fetch(no_proxy, monkeypatch):
    """1.5 MB passes a 2 MB cap and fails a 1 MB one; after a refused fetch the session
    works again (the refusal belongs to that fetch only)."""
    server = _Yahoo(framing="chunked", size=1_500_000)
    url = server.url + "/v7/finance/quote"
    try:
        monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "2")
        assert len(yahoo.capped_session().get(url).content) == 1_500_000
        monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "1")
        with pytest.raises(yahoo.BodyTooLarge, match="is larger than 1 MB"):
            yahoo._refusal.error = None
            yahoo.capped_session().get(url)
        with pytest.raises(yahoo.BodyTooLarge):  # within the same fetch: refused at once
            yahoo.capped_session().get(url)
        assert len(server.requests) == 2
        yahoo._refusal.error = None              # what `_attempt` does when a fetch ends
        monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "2")
        assert len(yahoo.capped_session().get(url).content) == 1_500_000
    finally:
        yahoo._refusal.error = None
        server.close()


def test_a_bad_download_limit_is_exit_2(yahoo_at, monkeypatch, capsys):
    server = yahoo_at()
    monkeypatch.setenv("FINLIT_MAX_DOWNLOAD_MB", "lots")
    code, _, err = run(capsys, "statements", "AAPL", "--source", "yahoo")
    assert code == 2
    assert "FINLIT_MAX_DOWNLOAD_MB='lots' is not a number of megabytes" in one_line_error(err)
    assert server.requests == []


# --- old Excel 97-2003 workbooks protected by a password -----------------------------------

OFFICE = Path(__file__).parent / "data" / "office"   # real files: see data/office/README.md
PASSWORD_LINE = ("is protected by a password (an encrypted workbook): open it in Excel, remove "
                 "the password (File > Info > Protect Workbook > Encrypt with Password) and save "
                 "it, or export it as CSV")


@pytest.mark.parametrize("name", ["rc4cryptoapi_password.xls", "xor_password_123456789012345.xls"])
def test_an_encrypted_xls_is_called_protected_by_a_password(name, capsys):
    """RC4 CryptoAPI encryption and XOR obfuscation: both put a FILEPASS record after the BOF."""
    code, out, err = run(capsys, "statements", OFFICE / name)
    line = one_line_error(err)
    assert code == 2 and out == ""
    assert line == f"finlit: error: {name} {PASSWORD_LINE}"


def test_an_unencrypted_xls_is_still_an_old_workbook(capsys):
    code, _, err = run(capsys, "statements", OFFICE / "plain.xls")
    assert code == 2
    assert one_line_error(err) == ("finlit: error: plain.xls is an old Excel 97-2003 workbook: "
                                   "save it as .xlsx or CSV")


def test_an_encrypted_xls_read_as_a_user_file_says_so_too():
    from finlit.errors import InputError
    from finlit.sources.user_files import read_user_file

    with pytest.raises(InputError) as error:
        read_user_file(OFFICE / "xor_password_123456789012345.xls")
    assert str(error.value) == f"xor_password_123456789012345.xls {PASSWORD_LINE}"


def test_the_compound_file_reader_finds_the_workbook_and_small_streams():
    from finlit.sources.filetype import _biff_filepass, ole2_stream_head

    encrypted = ole2_stream_head(OFFICE / "rc4cryptoapi_password.xls", ("Workbook",))
    plain = ole2_stream_head(OFFICE / "plain.xls", ("Workbook",))
    # BOF (0x0809, 16 bytes: BIFF8 0x0600, workbook globals 0x0005), then FILEPASS (0x002F)
    # with wEncryptionType 1 (RC4) in the encrypted one, InterfaceHdr (0x00E1) in the plain one
    assert encrypted[:8] == plain[:8] == bytes.fromhex("0908 1000 0006 0500")
    assert encrypted[20:26] == bytes.fromhex("2f00 c800 0100")
    assert plain[20:22] == bytes.fromhex("e100")
    assert len(plain) == 4096 and _biff_filepass(encrypted) and not _biff_filepass(plain)
    assert ole2_stream_head(OFFICE / "plain.xls", ("NoSuchStream",)) is None
    # a stream under the 4096-byte cutoff lives in the mini stream (64-byte sectors): the
    # 384-byte SummaryInformation property set of plain.ppt, read across six mini sectors
    summary = ole2_stream_head(OFFICE / "plain.ppt", ("\x05SummaryInformation",))
    assert len(summary) == 384 and summary[:4] == bytes.fromhex("feff0000")
    assert summary[28:44] == bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")  # its FMTID
    offset = int.from_bytes(summary[44:48], "little")
    size, count = (int.from_bytes(summary[offset + i:offset + i + 4], "little") for i in (0, 4))
    assert (offset, size, count) == (48, 384 - 48, 13)   # one section, to the stream's end
    types = {int.from_bytes(summary[offset + o:offset + o + 2], "little")
             for o in (int.from_bytes(summary[offset + 12 + 8 * i:offset + 16 + 8 * i], "little")
                       for i in range(count))}
    assert types == {2, 3, 30, 64}   # VT_I2, VT_I4, VT_LPSTR, VT_FILETIME: all properties land


def test_a_damaged_or_looping_compound_file_is_still_one_line(tmp_path, capsys):
    import struct

    raw = (OFFICE / "rc4cryptoapi_password.xls").read_bytes()
    cut = tmp_path / "cut.xls"
    cut.write_bytes(raw[:1536])                        # the workbook's sectors are gone
    # every FAT entry of the first FAT sector points to itself: chains that never end
    loop = bytearray(raw)
    shift = struct.unpack_from("<H", raw, 0x1E)[0]
    fat_sector = struct.unpack_from("<I", raw, 0x4C)[0]
    at = (fat_sector + 1) << shift
    for i in range((1 << shift) // 4):
        struct.pack_into("<I", loop, at + 4 * i, i)
    looping = tmp_path / "loop.xls"
    looping.write_bytes(bytes(loop))
    for path in (cut, looping):
        start = time.monotonic()
        code, _, err = run(capsys, "statements", path)
        assert code == 2 and time.monotonic() - start < 5
        line = one_line_error(err)
        assert f"{path.name} is an old Excel 97-2003 workbook" in line or PASSWORD_LINE in line
