"""What a file is, from its content (its first bytes), not its name.

Used by `finlit.sources.files` to choose a reader and by `finlit.sources.user_files` to
tell a workbook from a text file.

>>> sniff(b'{"cik": 320193, "entityName": "Apple Inc.", "facts": {}}')
'companyfacts'
>>> sniff(b"line_item,2023\\nrevenue,100\\n"), sniff(b"%PDF-1.7"), sniff(b"  ")
('text', 'pdf', 'empty')
"""
from __future__ import annotations

import zipfile

HEAD = 64 * 1024  # bytes enough to recognise any kind


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
        return "binary"
    return "text"


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


__all__ = ["HEAD", "sniff", "sniff_file", "zip_kind"]
