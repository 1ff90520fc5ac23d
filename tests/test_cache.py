"""The on-disk cache: checksums, age limits, atomic writes, safe file names, a cache that
cannot be written, no home folder."""
import errno
import os
import time

import pytest

from finlit._cache import Cache, cache_root


@pytest.fixture
def cache(tmp_path):
    return Cache("test", root=tmp_path)


def test_round_trip_and_missing(cache):
    assert cache.get("k") is None
    cache.put("k", b"hello")
    assert cache.get("k") == b"hello"
    assert cache.get_stale("k") == b"hello"
    cache.put("k", b"")  # empty payloads are valid
    assert cache.get("k") == b""


def test_corrupt_entry_is_detected_and_removed(cache):
    cache.put("k", b"0123456789" * 100)
    path = cache.path("k")
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF  # flip a byte of the payload
    path.write_bytes(bytes(raw))
    assert cache.get("k") is None
    assert not path.exists()
    assert cache.get_stale("k") is None


def test_truncated_entry_is_detected(cache):
    cache.put("k", b"x" * 1000)
    path = cache.path("k")
    path.write_bytes(path.read_bytes()[:-10])
    assert cache.get_stale("k") is None


def test_garbage_file_is_detected(cache):
    cache.put("k", b"data")
    cache.path("k").write_bytes(b"not a cache entry at all")
    assert cache.get("k") is None


def test_age_limit(cache, monkeypatch):
    cache.put("k", b"v")
    assert cache.get("k", max_age=60) == b"v"
    later = time.time() + 120
    monkeypatch.setattr("finlit._cache.time.time", lambda: later)
    assert cache.get("k", max_age=60) is None  # too old for this read
    assert cache.get("k") == b"v"  # no limit
    assert cache.get_stale("k") == b"v"  # the network-failure fallback
    assert cache.age("k") >= 119


def test_a_failed_write_leaves_the_old_entry_and_no_partial_file(cache, monkeypatch, caplog):
    assert cache.put("k", b"old") is True

    def broken_replace(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("finlit._atomic.os.replace", broken_replace)
    assert cache.put("k", b"new") is False      # the caller carries on, with one warning
    assert cache.put("k2", b"other") is False
    monkeypatch.undo()
    assert cache.get("k") == b"old"  # the old entry is intact
    assert [p.name for p in cache.folder.iterdir()] == [cache.path("k").name]  # no temp file left
    warnings = [r.getMessage() for r in caplog.records if r.name == "finlit._cache"]
    assert len(warnings) == 1 and "No space left on device" in warnings[0]
    assert str(cache.folder) in warnings[0] and "FINLIT_CACHE_DIR" in warnings[0]


def test_a_read_only_cache_folder_is_skipped_with_one_warning(tmp_path, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    cache = Cache("ro", root=tmp_path / "ro")
    monkeypatch.setattr("finlit._cache.Path.mkdir", refuse)
    assert cache.put("a", b"1") is False and cache.put("b", b"2") is False
    assert cache.get("a") is None
    warnings = [r.getMessage() for r in caplog.records if r.name == "finlit._cache"]
    assert len(warnings) == 1 and "Permission denied" in warnings[0]


def test_without_a_home_folder_the_cache_lives_in_a_private_temporary_folder(no_home, caplog):
    root = cache_root()
    assert root == cache_root()                  # one folder for the whole run
    assert root.is_dir() and (root.stat().st_mode & 0o777) == 0o700
    cache = Cache("sec")
    assert cache.put("k", b"v") and cache.get("k") == b"v"
    warnings = [r.getMessage() for r in caplog.records if r.name == "finlit._cache"]
    assert len(warnings) == 1 and "HOME is unset" in warnings[0] and str(root) in warnings[0]


@pytest.mark.parametrize("key", ["../../../evil", "/etc/passwd", "..", "a/../../b",
                                 "C:\\Windows\\x", "\x00nul", "." * 300, "k" * 5000])
def test_keys_cannot_escape_the_folder(tmp_path, key):
    root = tmp_path / "root"
    cache = Cache("ns", root=root)
    cache.put(key, b"v")
    assert cache.get(key) == b"v"
    path = cache.path(key).resolve()
    assert path.parent == (root / "ns").resolve()
    assert len(path.name) < 120
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [path]


def test_namespace_is_sanitised(tmp_path):
    cache = Cache("../../up", root=tmp_path)
    cache.put("k", b"v")
    assert cache.folder.resolve().parent == tmp_path.resolve()


def test_distinct_keys_distinct_files(cache):
    cache.put("a/b", b"1")
    cache.put("a_b", b"2")
    assert cache.get("a/b") == b"1" and cache.get("a_b") == b"2"


def test_cache_root_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FINLIT_CACHE_DIR", str(tmp_path / "c"))
    assert cache_root() == tmp_path / "c"
    monkeypatch.delenv("FINLIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "finlit"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert str(cache_root()).endswith(os.path.join(".cache", "finlit"))
    assert Cache("sec").folder == cache_root() / "sec"
