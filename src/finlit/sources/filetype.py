"""What a file is, from its content (its first bytes), not its name.

Used by `finlit.sources.files` to choose a reader and by `finlit.sources.user_files` to
tell a workbook from a text file.

>>> sniff(b'{"cik": 320193, "entityName": "Apple Inc.", "facts": {}}')
'companyfacts'
>>> sniff(b"line_item,2023\\nrevenue,100\\n"), sniff(b"%PDF-1.7"), sniff(b"  ")
('text', 'pdf', 'empty')
"""
from __future__ import annotations

import os
import re
import stat
import zipfile

from ..errors import InputError

HEAD = 64 * 1024  # bytes enough to recognise any kind
MAX_FILE_SIZE = 200 * 1000 * 1000  # bytes: larger files are refused unless the caller says
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def sniff(head: bytes) -> str:
    """What the first bytes of a file look like: 'empty', 'zip', 'json', 'companyfacts',
    'xls', 'pdf', 'binary' or 'text'."""
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not stripped:
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if stripped[:1] in (b"{", b"["):
        window = stripped[:HEAD]
        return "companyfacts" if b'"facts"' in window and (b'"cik"' in window or b'"entityName"' in window) else "json"
    if b"\x00" in head[:4096]:
        return "text" if _utf16(head) else "binary"
    return "text"


def _utf16(head: bytes) -> str | None:
    """'utf-16' (with a byte-order mark), 'utf-16-le' or 'utf-16-be' when `head` looks like
    UTF-16 text, else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and not head.startswith(b"\xff\xfe\x00\x00"):
        return "utf-16"
    sample = head[:4096]
    sample = sample[:len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) * 10 >= len(zeros) * 9:
            try:
                sample.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def text_encoding(head: bytes) -> str:
    r"""The encoding of a text file from its first bytes: a byte-order mark, UTF-16 without
    one, UTF-8, else what charset-normalizer finds (Latin-1/cp1252 as the last resort).

    >>> text_encoding(b"\xef\xbb\xbfline_item,2023"), text_encoding("Umsatz,5".encode("utf-16"))
    ('utf-8-sig', 'utf-16')
    >>> text_encoding("Chiffre d'affaires,1\nRésultat,2\n".encode("cp1252"))
    'cp1252'
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    wide = _utf16(head) if b"\x00" in head[:4096] else None
    if wide:
        return wide
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3 and error.reason == "unexpected end of data":
            return "utf-8"                # a character cut at the end of the sample
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    found = best.encoding if best is not None else "cp1252"
    western = found.startswith(("cp125", "latin", "iso8859", "ascii", "mac")) and found not in (
        "cp1251", "cp1253", "cp1255", "cp1256", "iso8859_5", "iso8859_7", "mac_cyrillic")
    if western:                           # short samples are ambiguous: Windows' Western default
        try:
            head.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return found


def parse_size(text) -> int:
    """A size in bytes from "200MB", "1.5GB", "500k" or a number of bytes.

    >>> parse_size("200MB"), parse_size("1.5 GB"), parse_size(4096)
    (200000000, 1500000000, 4096)
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return int(text)
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*", str(text).lower())
    if not m:
        raise InputError(f"file size {text!r}: write it as 200MB, 1GB, 500k or a number of bytes")
    base = 1024 if m.group(3) == "ib" else 1000
    return int(float(m.group(1)) * base ** " kmgt".index(m.group(2) or " "))


def unreadable(path, error: OSError) -> InputError:
    """The one-line refusal for a file that cannot be opened: missing, or not permitted."""
    if isinstance(error, FileNotFoundError):
        return InputError(f"file not found: {path}: check the path")
    return InputError(f"cannot read {path}: {error.strerror or error}: check the file's permissions")


def check_file(path, max_size: int | None = None) -> os.stat_result:
    """The file's `os.stat` after checking it is a regular file no larger than `max_size`
    (default `MAX_FILE_SIZE`); InputError otherwise (a FIFO, a device, a socket, a file too
    large), before anything is opened (opening a FIFO would wait for a writer)."""
    path = os.fspath(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise unreadable(path, error) from None
    if not stat.S_ISREG(info.st_mode):
        what = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else
                "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        raise InputError(f"{path} is {what}, not a regular file: save the statements to a file "
                         "and give that")
    limit = MAX_FILE_SIZE if max_size is None else max_size
    if info.st_size > limit:
        raise InputError(f"{path} is {_size(info.st_size)}, more than the limit of "
                         f"{_size(limit)}: give --max-file-size {_next_size(info.st_size)} "
                         "to read it anyway")
    return info


def _size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _next_size(size: int) -> str:
    mb = -(-size // 1_000_000)
    return f"{-(-mb // 1000)}GB" if mb >= 1000 else f"{mb}MB"


def xls_message(path, name: str) -> str:
    """What to say about an OLE2 file: a password-protected workbook or an old .xls."""
    if encrypted_office(path):
        return (f"{name} is protected by a password (an encrypted workbook): open it in Excel, "
                "remove the password (File > Info > Protect Workbook > Encrypt with Password) "
                "and save it, or export it as CSV")
    return f"{name} is an old Excel 97-2003 workbook: save it as .xlsx or CSV"


def encrypted_office(path) -> bool:
    """Whether an OLE2 file (what .xls and password-protected .xlsx files are) holds an
    ``EncryptionInfo`` stream: an Office file protected by a password."""
    needle = "EncryptionInfo".encode("utf-16-le")
    with open(path, "rb") as fh:
        while True:
            block = fh.read(1 << 20)
            if not block:
                return False
            if needle in block:
                return True
            fh.seek(-len(needle), os.SEEK_CUR) if len(block) == 1 << 20 else None


def sniff_file(path) -> str:
    """`sniff` of a file's first `HEAD` bytes (OSError when it cannot be read)."""
    with open(path, "rb") as fh:
        return sniff(fh.read(HEAD))


def zip_kind(path) -> str:
    """What a zip holds: 'fsds' (an SEC data set: sub.txt and num.txt), 'xlsx' (an Excel
    workbook), 'other', or 'bad' when it is not a readable zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {n.rsplit("/", 1)[-1].lower() for n in archive.namelist()}
            full = {n.lower() for n in archive.namelist()}
    except zipfile.BadZipFile:
        return "bad"
    if {"sub.txt", "num.txt"} <= names:
        return "fsds"
    if "xl/workbook.xml" in full:
        return "xlsx"
    return "other"


__all__ = ["HEAD", "MAX_FILE_SIZE", "sniff", "sniff_file", "zip_kind", "text_encoding",
           "parse_size", "check_file", "encrypted_office", "xls_message"]
