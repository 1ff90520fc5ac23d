"""The room's tools: `finlit workshop DIR --check`, a pre-flight a facilitator runs on each
laptop, and `finlit workshop DIR --wheelhouse`, which prepares the offline install.

The check prints one line per check, ✓ or ✗ (OK / FAIL where the terminal cannot show them),
with the fix for any failure: Python version, finlit and JupyterLab import, a Jupyter
kernel starts and imports finlit, the shortest workshop notebook executes, charts render
with the plotly.js inside the plotly package. Nothing in DIR is written.

>>> Check("Python", True, "3.11.7").line()
'✓ Python: 3.11.7'
>>> Check("JupyterLab", False, "not installed", "pip install jupyterlab").line(symbols=False)
'FAIL JupyterLab: not installed. Fix: pip install jupyterlab'
"""
from __future__ import annotations

import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import FinlitError, InputError

MIN_PYTHON = (3, 11)
KERNEL_TIMEOUT = 30       # seconds for a kernel to start
CELL_TIMEOUT = 60         # seconds per notebook cell
INSTALL = "pip install --no-index --find-links wheelhouse finlit"


@dataclass
class Check:
    """One line of the pre-flight: what was checked, whether it passed, what was found, the fix."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    seconds: float = 0.0

    def line(self, symbols: bool = True) -> str:
        mark = ("✓" if self.ok else "✗") if symbols else ("OK" if self.ok else "FAIL")
        fix = f". Fix: {self.fix}" if not self.ok and self.fix else ""
        return f"{mark} {self.name}: {self.detail}{fix}"


def _timed(name: str, fix: str, function) -> Check:
    """Run one check; any exception is a failure with its message, never a traceback."""
    start = time.monotonic()
    try:
        ok, detail = function()
    except Exception as error:  # noqa: BLE001 - a check reports, it never crashes
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        ok, detail = False, f"{type(error).__name__}: {first}".rstrip(": ")
    return Check(name, ok, detail, fix, time.monotonic() - start)


def check_python(version=None) -> Check:
    v = tuple(version or sys.version_info[:3])
    text = ".".join(str(p) for p in v)
    return Check("Python", v[:2] >= MIN_PYTHON, f"{text} (finlit needs {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or later)",
                 f"install Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or later, then `{INSTALL}` in a new virtual "
                 "environment (ROOM_SETUP.md)")


def _import_finlit():
    from .._version import __version__
    from ..sources import load

    load("LARKSPUR")
    return True, f"finlit {__version__} imports and loads the bundled data"


def _import_jupyterlab():
    import jupyterlab

    return True, f"JupyterLab {jupyterlab.__version__} imports"


def _kernel_manager():
    """A python3 kernel manager over local sockets (IPC; TCP where there are none, on Windows)."""
    import os
    import tempfile
    import uuid

    from jupyter_client.manager import KernelManager

    if os.name == "nt":
        return KernelManager(kernel_name="python3")
    return KernelManager(kernel_name="python3", transport="ipc",
                         ip=os.path.join(tempfile.gettempdir(), f"finlit-preflight-{uuid.uuid4().hex}"))


def _kernel():
    km = _kernel_manager()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=KERNEL_TIMEOUT)
        reply = kc.execute_interactive("import finlit, sys", timeout=KERNEL_TIMEOUT, store_history=False)
        if reply["content"]["status"] != "ok":
            return False, (f"the python3 kernel started but cannot import finlit "
                           f"({reply['content'].get('ename', 'error')})")
        return True, "the python3 kernel starts and imports finlit"
    finally:
        kc.stop_channels()
        _shutdown(km)


def _shutdown(km) -> None:
    """Stop the kernel (nbclient leaves a kernel it was given running) and remove its sockets."""
    import glob
    import os

    try:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    finally:
        if km.transport == "ipc":
            for path in glob.glob(f"{km.ip}-*"):
                try:
                    os.unlink(path)
                except OSError:
                    pass


def _notebook(folder: Path):
    import nbformat
    from nbclient import NotebookClient

    from .kit import workshop_folder
    from .pack import shortest_notebook

    name = shortest_notebook()
    local = folder / name
    source = local if local.is_file() else workshop_folder() / name
    nb = nbformat.reads(source.read_text(encoding="utf-8"), as_version=4)
    cwd = str(folder if folder.is_dir() else Path.cwd())
    start = time.monotonic()
    km = _kernel_manager()
    try:
        NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, startup_timeout=KERNEL_TIMEOUT,
                       resources={"metadata": {"path": cwd}}).execute()
    finally:
        _shutdown(km)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    where = str(local) if local.is_file() else f"{name} (the copy inside finlit)"
    if errors:
        return False, f"{where} raised {errors[0].get('ename')}: {errors[0].get('evalue', '')[:120]}"
    return True, f"{where} ran in {time.monotonic() - start:.1f} s"


def _charts():
    from ..briefing.html import plotly_js_path
    from ..charts import income_waterfall
    from .exercises import company

    fig = income_waterfall(company("LARKSPUR"), 2024)
    page = fig.to_html(include_plotlyjs=True, full_html=True)
    js = plotly_js_path()
    if not js.is_file():
        return False, f"plotly.js is missing from the plotly package ({js})"
    if "cdn.plot.ly" in page.split("<body>")[0] or len(page) < 1_000_000 or "plotly-graph-div" not in page:
        return False, "a chart's HTML does not carry plotly.js: it would need the network"
    return True, f"a chart renders to HTML with the local plotly.js ({len(page) / 1e6:.1f} MB, no network)"


def run_checks(folder) -> list[Check]:
    """Every pre-flight check, in order, for the kit in `folder` (missing: the copies inside
    finlit are used and the kit line fails)."""
    folder = Path(folder).expanduser()
    from .kit import notebook_names

    checks = [check_python()]
    present = [n for n in notebook_names() if (folder / n).is_file()]
    checks.append(Check("Workshop kit", len(present) == len(notebook_names()),
                        f"{len(present)} of {len(notebook_names())} notebooks in {folder}",
                        f"copy the kit: `finlit workshop {shlex.quote(str(folder))} --student`"))
    checks.append(_timed("finlit", f"`{INSTALL}`", _import_finlit))
    checks.append(_timed("JupyterLab", f"`{INSTALL}` (JupyterLab is one of finlit's dependencies)",
                         _import_jupyterlab))
    kernel = _timed("Kernel", "`python -m ipykernel install --user` in the environment finlit is in, "
                    f"then `{INSTALL}`", _kernel)
    checks.append(kernel)
    if kernel.ok:
        checks.append(_timed("Notebook", "run it in JupyterLab to see the failing cell; reinstall with "
                             f"`{INSTALL}`", lambda: _notebook(folder)))
    else:
        checks.append(Check("Notebook", False, "not run: no kernel", "fix the kernel first"))
    checks.append(_timed("Charts", f"reinstall plotly: `{INSTALL}`", _charts))
    return checks


def can_print(symbols: str = "✓✗", stream=None) -> bool:
    """Whether `stream` (default stdout) can show the ✓/✗ symbols."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "ascii"
    try:
        symbols.encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


# --- the wheelhouse --------------------------------------------------------------------------

def finlit_requirement() -> str:
    """What pip builds finlit from: this source checkout when finlit runs from one, else the
    installed version from the package index."""
    from .._version import __version__

    root = Path(__file__).resolve().parents[3]    # src/finlit/workshop/preflight.py in a checkout
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and 'name = "finlit"' in pyproject.read_text(encoding="utf-8"):
        return str(root)
    return f"finlit=={__version__}"


def wheelhouse_command(folder) -> list[str]:
    """The pip command that fills DIR/wheelhouse with wheels of finlit and every dependency.

    >>> wheelhouse_command("kit")[1:5]
    ['-m', 'pip', 'wheel', '--wheel-dir']
    """
    target = Path(folder).expanduser() / "wheelhouse"
    return [sys.executable, "-m", "pip", "wheel", "--wheel-dir", str(target), finlit_requirement()]


def make_wheelhouse(folder, run=None) -> Path:
    """Run `wheelhouse_command` (online; `run` defaults to `subprocess.run`); returns the
    wheelhouse folder. A failure of pip is a `FinlitError` naming the fix."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder: choose another DIR")
    target = folder / "wheelhouse"
    target.mkdir(parents=True, exist_ok=True)
    command = wheelhouse_command(folder)
    result = (run or subprocess.run)(command)
    if result.returncode != 0:
        raise FinlitError(f"pip could not build the wheelhouse (exit {result.returncode}): it needs the "
                          "network (PyPI); see pip's message above, then run "
                          f"`{shlex.join(command)}` again")
    if not any(target.glob("finlit-*.whl")):
        raise FinlitError(f"pip finished but {target} has no finlit wheel: run `{shlex.join(command)}` again")
    return target


__all__ = ["Check", "can_print", "finlit_requirement", "make_wheelhouse", "run_checks", "wheelhouse_command"]
