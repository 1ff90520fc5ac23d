"""A small on-disk cache for raw source payloads (HTTP responses).

Entries live in the user's cache directory: ``$FINLIT_CACHE_DIR`` if set,
else ``$XDG_CACHE_HOME/finlit``, else ``~/.cache/finlit``. An entry is keyed
by ``(namespace, key)``; the namespace is a folder (``"sec"``, ``"yahoo"``),
the key any string (a URL, a ticker). File names are a hash of the key, so no
key can write outside the cache directory.

Each entry is one file: a header line with a format tag, the write time, the
payload's length and its SHA-256, then the payload. Writes go to a temporary
file in the same folder, then ``os.replace`` (atomic): a reader sees the old
entry or the new one, never half of one. A corrupt or truncated entry fails
its checksum and is treated as missing (and deleted).

>>> import tempfile
>>> cache = Cache("example", root=tempfile.mkdtemp())
>>> cache.get("https://example.com/a.json") is None
True
>>> cache.put("https://example.com/a.json", b'{"a": 1}')
True
>>> cache.get("https://example.com/a.json")
b'{"a": 1}'
>>> cache.get("https://example.com/a.json", max_age=3600)     # fresh enough
b'{"a": 1}'
>>> cache.get("https://example.com/a.json", max_age=-1) is None  # too old
True
>>> cache.get_stale("https://example.com/a.json")             # any age (network down)
b'{"a": 1}'
"""
from __future__ import annotations

import atexit
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from ._atomic import write_atomic

_MAGIC = b"FINLITCACHE1"
log = logging.getLogger(__name__)
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def cache_root() -> Path:
    """The user's finlit cache folder (not created here).

    Without a home folder (``HOME`` unset and no passwd entry, as in some containers and
    cron jobs) and without ``FINLIT_CACHE_DIR``: a private temporary folder for this process
    (`_temporary_root`), with a note saying how to keep the cache.

    >>> cache_root().is_absolute() or "FINLIT_CACHE_DIR" in os.environ
    True
    """
    explicit = os.environ.get("FINLIT_CACHE_DIR")
    try:
        if explicit:
            return Path(explicit).expanduser()
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    except (RuntimeError, KeyError):  # "Could not determine home directory"
        return _temporary_root()
    return base / "finlit"


@lru_cache(maxsize=None)
def _temporary_root() -> Path:
    """A private (0700, made with mkdtemp) cache folder for this process, said once."""
    folder = Path(tempfile.mkdtemp(prefix="finlit-cache-"))
    atexit.register(shutil.rmtree, folder, True)  # for this run only: removed at exit
    log.warning(f"no home folder (HOME is unset and the user has no passwd entry): downloads "
                f"are cached in {folder} for this run only; set FINLIT_CACHE_DIR to a folder "
                "to keep them")
    return folder


def _safe_name(text: str, limit: int = 40) -> str:
    """A readable, harmless file-name fragment: no separators, no dots-only names.

    >>> _safe_name("../../etc/passwd")
    'etc_passwd'
    """
    name = _SAFE.sub("_", text).strip("._")
    return name[-limit:].strip("._") or "x"


_WARNED: set[str] = set()


def _warn_once(folder: Path, error: OSError) -> None:
    """One warning per cache folder that cannot be written (then quiet)."""
    if str(folder) in _WARNED:
        return
    _WARNED.add(str(folder))
    reason = error.strerror or str(error) or type(error).__name__
    log.warning(f"cannot write the download cache {folder} ({reason}): carrying on without "
                "caching; set FINLIT_CACHE_DIR to a folder you can write to")


class Cache:
    """Byte payloads on disk under ``<root>/<namespace>/``.

    ``get(key, max_age=None)``: the payload, or None when missing, corrupt or
    older than ``max_age`` seconds; ``get_stale(key)``: the payload at any age
    (a fallback when the network fails); ``put(key, data)``: store atomically (a cache that
    cannot be written gives one warning and is skipped);
    ``age(key)``: seconds since the entry was written, or None.
    """

    def __init__(self, namespace: str, root: str | os.PathLike | None = None):
        self.namespace = _safe_name(namespace)
        self.root = Path(root) if root is not None else cache_root()
        self.folder = self.root / self.namespace

    def path(self, key: str) -> Path:
        """The file of an entry: a readable tail of the key plus its hash (always inside the folder)."""
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{_safe_name(key)}-{digest}.bin"

    def _read(self, key: str) -> tuple[float, bytes] | None:
        path = self.path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        header, sep, payload = raw.partition(b"\n")
        parts = header.split(b" ")
        ok = (sep and len(parts) == 4 and parts[0] == _MAGIC)
        if ok:
            try:
                written, length = float(parts[1]), int(parts[2])
            except ValueError:
                ok = False
        if ok and (len(payload) != length
                   or hashlib.sha256(payload).hexdigest().encode() != parts[3]):
            ok = False
        if not ok:  # corrupt or truncated: forget it, so it is fetched again
            try:
                path.unlink()
            except OSError:
                pass
            return None
        return written, payload

    def get(self, key: str, max_age: float | None = None) -> bytes | None:
        """The stored payload, or None when missing, corrupt, or older than ``max_age`` seconds."""
        entry = self._read(key)
        if entry is None:
            return None
        written, payload = entry
        if max_age is not None and time.time() - written > max_age:
            return None
        return payload

    def get_stale(self, key: str) -> bytes | None:
        """The stored payload whatever its age (None when missing or corrupt)."""
        return self.get(key, max_age=None)

    def age(self, key: str) -> float | None:
        """Seconds since the entry was written, or None when there is no valid entry."""
        entry = self._read(key)
        return None if entry is None else max(0.0, time.time() - entry[0])

    def put(self, key: str, data: bytes) -> bool:
        """Store ``data`` under ``key``, atomically (temp file + os.replace); True when stored.

        A cache that cannot be written (a read-only or full disk, a folder of another user)
        never stops the caller: the entry is not stored, one warning per cache folder says
        why, and False is returned."""
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("Cache.put stores bytes")
        data = bytes(data)
        header = b" ".join([_MAGIC, repr(time.time()).encode(), str(len(data)).encode(),
                            hashlib.sha256(data).hexdigest().encode()])
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path(key), header + b"\n" + data)
        except OSError as error:
            _warn_once(self.folder, error)
            return False
        return True

    def delete(self, key: str) -> None:
        """Remove an entry (no error when absent)."""
        try:
            self.path(key).unlink()
        except OSError:
            pass
