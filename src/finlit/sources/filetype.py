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
import struct
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
    """What to say about an OLE2 file: a password-protected workbook (an encrypted .xlsx, or
    an .xls whose workbook starts with a FILEPASS record) or an old .xls."""
    if encrypted_office(path) or encrypted_xls(path):
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


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LAST_SECTOR = 0xFFFFFFF9  # larger sector numbers are markers (end of chain, free …)
_BOF, _FILEPASS = (0x0809, 0x0209, 0x0409, 0x0009), 0x002F


def encrypted_xls(path) -> bool:
    """Whether an OLE2 file is an Excel 97-2003 (or Excel 5) workbook protected by a password:
    its ``Workbook`` (or ``Book``) stream begins with a BOF record followed by a FILEPASS
    record (type 0x002F; RC4, RC4 CryptoAPI or XOR obfuscation). Reads only the compound
    file's header, directory and the first 4 kB of that stream; a damaged file is False.

    >>> encrypted_xls(__file__)  # not an OLE2 file at all
    False
    """
    try:
        head = ole2_stream_head(path, ("Workbook", "Book"))
    except (OSError, ValueError, struct.error):
        return False
    return head is not None and _biff_filepass(head)


def _biff_filepass(head: bytes) -> bool:
    """Whether the BIFF records at the start of a workbook stream (a BOF first) include a
    FILEPASS record: record headers (type, length) stay readable in encrypted workbooks.

    >>> bof = bytes.fromhex("0908 1000") + bytes(16)
    >>> _biff_filepass(bof + bytes.fromhex("2f00 0600 0000 0000 0000")), _biff_filepass(bof)
    (True, False)
    """
    at = 0
    while at + 4 <= len(head):
        kind, length = struct.unpack_from("<HH", head, at)
        if at == 0 and kind not in _BOF:
            return False
        if kind == _FILEPASS:
            return True
        at += 4 + length
    return False


def ole2_stream_head(path, names, size: int = 4096) -> bytes | None:
    """The first `size` bytes of the first top-level stream of an OLE2 compound file (what
    .xls, .doc and encrypted .xlsx files are) whose name is in `names`, or None when there is
    none (or the file is not OLE2). ValueError (or struct.error) for a damaged file."""
    with open(path, "rb") as fh:
        header = fh.read(512)
        if len(header) < 512 or not header.startswith(OLE2_MAGIC):
            return None
        compound = _Compound(fh, header)
        entry = compound.find(names)
        return None if entry is None else compound.stream_head(entry, size)


class _Compound:
    """A minimal reader of an OLE2 compound file ([MS-CFB]): header, FAT (read lazily),
    directory, mini stream. Every chain is bounded by the file's size, so a damaged or
    hostile file cannot make it loop; ValueError for what does not add up."""

    def __init__(self, fh, header: bytes):
        shift, mini_shift = struct.unpack_from("<HH", header, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise ValueError("not a compound file header")
        self.fh, self.sector = fh, 1 << shift
        (n_fat, self.first_dir, _, self.cutoff, self.first_minifat, self.n_minifat,
         first_difat, n_difat) = struct.unpack_from("<8I", header, 0x2C)
        self.bound = os.fstat(fh.fileno()).st_size // self.sector + 1  # no chain is longer
        self.fat_sectors = self._fat_sectors(header, first_difat, n_difat)[:min(n_fat, self.bound)]
        self.fat: dict[int, tuple] = {}
        directory = self.read_chain(self.first_dir, min(self.bound * self.sector, 4096 * 128))
        self.entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
        if not self.entries:
            raise ValueError("no directory")

    def _fat_sectors(self, header: bytes, first_difat: int, n_difat: int) -> list[int]:
        """Where the FAT is: the header's 109 sector numbers, then the DIFAT chain's."""
        found, at = list(struct.unpack_from("<109I", header, 0x4C)), first_difat
        per = self.sector // 4
        for _ in range(min(n_difat, self.bound)):
            if at > _LAST_SECTOR:
                break
            entries = struct.unpack(f"<{per}I", self.read_sector(at))
            found += entries[:-1]
            at = entries[-1]
        return found

    def read_sector(self, n: int) -> bytes:
        if n > _LAST_SECTOR:
            raise ValueError("a chain points past its end")
        self.fh.seek((n + 1) * self.sector)
        data = self.fh.read(self.sector)
        if not data:
            raise ValueError("a sector past the end of the file")
        return data.ljust(self.sector, b"\0")

    def next_sector(self, n: int) -> int:
        per = self.sector // 4
        k = n // per
        if k >= len(self.fat_sectors):
            raise ValueError("a sector outside the FAT")
        if k not in self.fat:
            self.fat[k] = struct.unpack(f"<{per}I", self.read_sector(self.fat_sectors[k]))
        return self.fat[k][n % per]

    def read_chain(self, start: int, want: int) -> bytes:
        """The first `want` bytes of the sector chain starting at `start`."""
        out, at, got = [], start, 0
        for _ in range(self.bound):
            if at > _LAST_SECTOR or got >= want:
                break
            out.append(self.read_sector(at))
            got += self.sector
            at = self.next_sector(at)
        return b"".join(out)[:want]

    def find(self, names) -> bytes | None:
        """The directory entry of the first top-level stream named in `names`: the root's
        children form a tree through the left (0x44) and right (0x48) sibling links."""
        stack, seen = [_u32(self.entries[0], 0x4C)], set()
        while stack:
            at = stack.pop()
            if at >= len(self.entries) or at in seen:
                continue
            seen.add(at)
            entry = self.entries[at]
            length = min(struct.unpack_from("<H", entry, 0x40)[0], 64)
            name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace")
            if entry[0x42] == 2 and name in names:
                return entry
            stack += [_u32(entry, 0x44), _u32(entry, 0x48)]
        return None

    def stream_head(self, entry: bytes, size: int) -> bytes:
        start, length = _u32(entry, 0x74), _u32(entry, 0x78)
        want = min(size, length)
        if length >= self.cutoff:
            return self.read_chain(start, want)
        # a small stream lives in the mini stream (64-byte sectors along the root's chain)
        root = self.entries[0]
        mini_stream = self.read_chain(_u32(root, 0x74),
                                      min(_u32(root, 0x78), self.bound * self.sector))
        table = self.read_chain(self.first_minifat, min(self.n_minifat, self.bound) * self.sector)
        minifat = struct.unpack(f"<{len(table) // 4}I", table)
        out, at = [], start
        for _ in range(len(minifat) + 1):
            if at > _LAST_SECTOR or at >= len(minifat) or len(out) * 64 >= want:
                break
            out.append(mini_stream[at * 64:at * 64 + 64])
            at = minifat[at]
        return b"".join(out)[:want]


def _u32(data: bytes, offset: int) -> int:
    return struct.unpack_from("<I", data, offset)[0]


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
           "parse_size", "check_file", "encrypted_office", "encrypted_xls", "ole2_stream_head",
           "xls_message"]
