"""Output files that are never half-written and never outside their folder.

>>> safe_name("../../etc/passwd"), safe_name("Johnson & Johnson <FY2024>"), safe_name("...")
('etc-passwd', 'Johnson-Johnson-FY2024', 'briefing')
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from ..errors import InputError


def safe_name(text: str, fallback: str = "briefing", max_length: int = 80) -> str:
    """A file-name stem made of letters, digits, '.', '_' and '-' only (no path, no leading dot)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", str(text)).strip(".-_")
    stem = re.sub(r"-{2,}", "-", stem)[:max_length].strip(".-_")
    return stem or fallback


def inside(folder: Path, name: str) -> Path:
    """`folder / name`, refusing anything that would land outside `folder`."""
    folder = Path(folder).resolve()
    path = (folder / name).resolve()
    if path.parent != folder:
        raise InputError(f"output name {name!r} would write outside {folder}: use a plain file name")
    return path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` through a temporary file in the same folder and `os.replace`:
    readers see the old file or the new one, never a half-written one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
