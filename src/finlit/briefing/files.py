"""Output files that are never half-written and never outside their folder.

>>> safe_name("../../etc/passwd"), safe_name("Johnson & Johnson <FY2024>"), safe_name("...")
('etc-passwd', 'Johnson-Johnson-FY2024', 'briefing')
"""
from __future__ import annotations

import re
from pathlib import Path

from .._atomic import write_atomic  # noqa: F401  (re-exported for the briefing modules)
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
