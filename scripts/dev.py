#!/usr/bin/env python3
"""Set up finlit in ./.venv and run the main job or the test suite. Needs only Python 3.11+.

    python3 scripts/dev.py demo    # set up, then run the main job on bundled data (offline)
    python3 scripts/dev.py test    # set up (with test extras), then run the whole test suite

Extra arguments after `test` go to pytest. Set-up is skipped when nothing changed
since the last run (a stamp of pyproject.toml is kept in .venv).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*cmd, **kw) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)


def setup(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"finlit needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".finlit-installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    spec = f".[{extras}]" if extras else "."
    if run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", spec):
        sys.exit("installing finlit failed: see the pip output above")
    stamp.write_text(digest)


BROWSER_PACKAGES = ("chromium", "chromium-driver")  # Debian's, for the browser tests


def ensure_browser() -> None:
    """The browser tests open briefings in Debian's headless Chromium; install it if missing."""
    if shutil.which("chromium") and shutil.which("chromedriver"):
        return
    apt = shutil.which("apt-get")
    if not apt:
        print("note: chromium and chromedriver not found and no apt-get: the browser tests will "
              "skip (install Chromium and ChromeDriver to run them)", file=sys.stderr)
        return
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is None:
        print("note: installing chromium needs root: run `apt-get install chromium chromium-driver`",
              file=sys.stderr)
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if run(*sudo, apt, "update", "-qq", env=env) or run(*sudo, apt, "install", "-y", "-qq",
                                                      *BROWSER_PACKAGES, env=env):
        print("note: could not install chromium: the browser tests will skip or fail", file=sys.stderr)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test"):
        print(__doc__)
        return 2
    if argv[0] == "demo":
        setup("")
        return run(BIN / "finlit", "demo", *argv[1:])
    setup("test")
    ensure_browser()
    code = run(PYTHON, "-m", "pytest", *argv[1:])
    if code == 5:  # pytest collected nothing: that is a failure here
        print("no tests were collected", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
