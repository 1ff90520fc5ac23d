"""Files written atomically: readers see the old file or the new one, never half of one.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_atomic(path, "hello")
>>> path.read_text()
'hello'
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from .errors import WriteError

# temporaries still being written by this process: a signal handler that must exit at once
# (`finlit.briefing.runner.abandon`) removes them first
LIVE_TEMPORARIES: set[str] = set()

# .<name>.<pid>.<random>.tmp (and the older .<name>.<pid>.partial.ipynb): the pid says whose
_TEMPORARY = re.compile(r"^\..+\.(\d+)(?:\.[A-Za-z0-9_]+)?\.(?:tmp|partial\.ipynb)$")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` through a temporary file in the same folder and `os.replace`:
    readers see the old file or the new one, never a half-written one.

    The temporary file gets a random name created with O_EXCL (`mkstemp`), is written and
    given its mode through its own descriptor, and `os.replace` swaps the final name itself,
    so a symlink planted at either name is never followed.

    A write the system refuses (no space left, no permission, a read-only folder) raises
    `finlit.errors.WriteError` (exit 2, also an OSError) naming the file and the fix; the
    temporary is removed and an earlier file at `path` is left as it was."""
    try:
        _write_atomic(Path(path), data)
    except OSError as error:
        if isinstance(error, WriteError):
            raise
        raise refused_write(Path(path), error) from None


def refused_write(path: Path, error: OSError) -> WriteError:
    """The one-line `WriteError` for an OSError met writing `path`.

    >>> import errno
    >>> print(refused_write(Path("out/a.html"), OSError(errno.ENOSPC, "No space left on device")))
    cannot write out/a.html: No space left on device: free some disk space, or write to another folder
    """
    reason = error.strerror or str(error) or type(error).__name__
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free some disk space, or write to another folder"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "choose a folder you can write to, or fix its permissions"
    else:
        fix = "check the folder and try again, or write to another folder"
    refused = WriteError(f"cannot write {path}: {reason}: {fix}", error.errno)
    refused.strerror = reason
    return refused


def _write_atomic(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    LIVE_TEMPORARIES.add(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fh.fileno(), 0o666 & ~umask)  # mkstemp makes 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    finally:
        LIVE_TEMPORARIES.discard(tmp)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def remove_stale_temporaries(folder: Path) -> list[str]:
    """Delete the temporary files in FOLDER left by finlit processes of this user that have
    died (their pid is in the name); a live process's files, another user's files and
    anything else are left alone. Returns the names removed.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / ".a.html.999999999.x1y2.tmp").write_text("dead")
    >>> _ = (folder / f".b.html.{os.getpid()}.x1y2.tmp").write_text("mine, live")
    >>> remove_stale_temporaries(folder)
    ['.a.html.999999999.x1y2.tmp']
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if not match:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if info.st_uid != os.getuid() or _pid_alive(int(match.group(1))):
            continue
        try:
            os.unlink(entry.path)  # a symlink itself, never what it points to
            removed.append(entry.name)
        except OSError:
            pass
    return sorted(removed)
