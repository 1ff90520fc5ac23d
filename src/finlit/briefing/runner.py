"""`brief`: check the parameters, execute the briefing notebook with papermill, write the HTML.

    from finlit.briefing import brief
    result = brief("LARKSPUR", out="briefings", it_budget="my_budget.csv")
    result.html    # briefings/LARKSPUR.html, with briefings/LARKSPUR.ipynb beside it
"""
from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

from .._atomic import LIVE_TEMPORARIES
from .._speedups import skip_slow_optional_imports
from ..errors import FinlitError, InputError
from .files import safe_name, write_atomic
from .html import write_briefing_html
from .params import check_parameters, notebook_parameters
from .warm import QUIET_KERNEL, install_warm_provisioner, warm_enabled

CELL_TIMEOUT = 120  # seconds per cell
DEFAULT_TIMEOUT = 600  # seconds per briefing (--timeout, `timeout =` in a batch file)
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")

# kernel processes of the briefing running in this process: killed by `abandon`
_KERNELS: set[int] = set()


class BriefingError(FinlitError):
    """The notebook failed while running (exit 1); the executed notebook is kept for diagnosis."""

    exit_code = 1


class BriefingTimeout(BriefingError):
    """The briefing ran over its wall-clock limit and was stopped (its kernel killed)."""


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM: everything was stopped; exit 128 + the signal's number (130, 143).
    A `KeyboardInterrupt`, so no `except Exception` on the way can swallow it."""

    def __init__(self, signum: int, message: str = ""):
        name = signal.Signals(signum).name
        super().__init__(message or f"stopped by {name}: nothing half-written is left; run again to finish")
        self.signum = signum
        self.exit_code = 128 + signum


def check_timeout(value, where: str = "--timeout", example: str = "--timeout 600") -> float:
    """A per-briefing time limit in seconds, checked (exit 2 with the fix).

    >>> check_timeout("90")
    90.0
    """
    try:
        seconds = float(value)
        if isinstance(value, bool) or not 0 < seconds < float("inf"):
            raise ValueError
    except (TypeError, ValueError):
        raise InputError(f"{where} must be a number of seconds above 0, got {value!r}: "
                         f"write e.g. {example}") from None
    return seconds


def check_output_folder(out: str | Path, option: str = "--out") -> Path:
    """OUT if briefings can be written there, else `InputError` (exit 2) before any work:
    a file, a system folder (/proc, /sys, /dev) or a folder this user cannot write.
    Nothing is created: a missing folder is made later, once the inputs are checked."""
    out = Path(out).expanduser()
    absolute = Path(os.path.abspath(out))
    real = absolute.resolve()
    for system in map(Path, SYSTEM_FOLDERS):
        if real == system or system in real.parents:
            raise InputError(f"output folder {out}: {system} is a system folder that cannot hold files: "
                             f"choose a folder of your own ({option})")
    existing = absolute
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        what = "is a file" if existing == absolute else f"is inside {existing}, which is a file"
        raise InputError(f"output folder {out} {what}, not a folder: choose a folder ({option}; "
                         "it is created if missing)")
    if existing == absolute:
        try:  # a real write: permissions, read-only file systems, ACLs, full quotas
            fd, probe = tempfile.mkstemp(dir=absolute, prefix=f".finlit-probe.{os.getpid()}.", suffix=".tmp")
            os.close(fd)
            os.unlink(probe)
        except OSError as error:
            raise InputError(f"cannot write to the output folder {out}: {error.strerror}: choose a "
                             f"folder you can write to ({option}) or fix its permissions") from None
    elif not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"cannot create the output folder {out}: {existing} is not writable: choose "
                         f"a folder you can write to ({option})")
    return out


def abandon(exit_code: int) -> None:
    """Exit this process now (from a signal handler or a watchdog): kill the briefing's
    kernel, remove the temporary files being written, never run the rest of the stack."""
    for pid in list(_KERNELS):
        _kill_kernel(pid)
    for path in list(LIVE_TEMPORARIES):
        try:
            os.unlink(path)
        except OSError:
            pass
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os._exit(exit_code)


def _kill_kernel(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)  # the kernel leads its own process group
    except OSError:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def stop_cleanly_on_signals() -> dict:
    """In a `brief` process: SIGINT/SIGTERM kill the kernel, remove temporaries and exit
    130/143 with one line on stderr (no traceback, no kernel noise). Returns the previous
    handlers (to put back with `signal.signal`)."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(signum, frame):
        try:
            sys.stderr.write(f"finlit: error: {Interrupted(signum)}\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        abandon(128 + signum)

    return {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}


@dataclass
class BriefingResult:
    name: str
    html: Path
    ipynb: Path
    parameters: dict
    seconds: float
    extra: dict = field(default_factory=dict)


def default_notebook() -> Path:
    """notebooks/briefing.ipynb, shipped as package data (finlit.notebooks)."""
    with as_file(files("finlit.notebooks") / "briefing.ipynb") as path:
        return Path(path)


def preflight(values: dict) -> tuple[dict, object]:
    """Check inputs before the notebook runs, so bad input is exit 2 and one line, not a
    failed notebook: the company loads, the IT budget reads, the industry is known.
    File paths are made absolute (the kernel may run elsewhere)."""
    from ..industries import INDUSTRIES
    from ..sources import load, looks_like_file

    values = dict(values)
    target = values.get("target", "")
    if not target:
        raise InputError("no TARGET: give a bundled ticker (see `finlit companies`) or a statements file")
    if isinstance(target, list):      # one company's statement files
        values["target"] = [str(Path(t).expanduser().resolve()) for t in target]
        if len(target) == 1:
            values["target"] = values["target"][0]
    elif looks_like_file(target):
        values["target"] = str(Path(target).expanduser().resolve())
    options = {k: values[k] for k in ("kind", "units", "company") if values.get(k)}
    company = load(values["target"], source=values.get("source") or None, **options)
    budget = values.get("it_budget", "")
    if budget:
        path = Path(budget).expanduser()
        if not path.is_file():
            raise InputError(f"IT budget file not found: {budget}: check the path")
        values["it_budget"] = str(path.resolve())
        from ..itbudget import load_it_budget

        load_it_budget(values["it_budget"])
    industry = values.get("industry", "")
    if industry and industry not in INDUSTRIES:
        raise InputError(f"unknown industry {industry!r}: use one of {', '.join(INDUSTRIES)}")
    year = values.get("fiscal_year", 0)
    if year and year not in company.years:
        raise InputError(f"{company.name} has no FY{year}: choose one of "
                         f"{', '.join(str(y) for y in company.years)}")
    return values, company


def brief(target: str | list, out: str | Path = "briefings", name: str | None = None,
          notebook: str | Path | None = None, self_contained: bool = False,
          cell_timeout: int = CELL_TIMEOUT, timeout: float = DEFAULT_TIMEOUT, **parameters) -> BriefingResult:
    """Run the briefing notebook for TARGET and write OUT/<name>.html and OUT/<name>.ipynb.

    TARGET is a bundled ticker, a file, a folder of one company's statement files, or a list
    of one company's files (``["AAPL_income.csv", "AAPL_balance.csv", "AAPL_cashflow.csv"]``);
    the name defaults to the ticker, the file's stem or the statement set's company stem.

    `parameters` are the notebook's (source, it_budget, industry, fiscal_year …); they are
    checked against its parameters cell, and OUT for being writable, before anything runs.
    Writes are atomic. A briefing running longer than `timeout` seconds is stopped
    (`BriefingTimeout`).
    """
    from ..sources.statement_sets import target_stem

    started = time.perf_counter()
    if isinstance(target, tuple):
        target = list(target)
    notebook = Path(notebook) if notebook else default_notebook()
    params = notebook_parameters(notebook)
    values = check_parameters(params, {"target": target, **{k: v for k, v in parameters.items()
                                                           if v is not None}})
    timeout = check_timeout(timeout)
    out = check_output_folder(out)
    values, company = preflight(values)
    stem = safe_name(name or target_stem(values["target"], values.get("company") or None))
    # a safe name is a plain name: the files land in the folder itself. The final names are
    # not resolved: a symlink planted there is replaced by the atomic write, never followed
    html_path, ipynb_path = (Path(os.path.abspath(out)) / f"{stem}{ext}" for ext in (".html", ".ipynb"))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create the output folder {out}: {error.strerror}: choose a folder "
                         "you can write to (--out)") from None
    nb = execute(notebook, ipynb_path, values, cell_timeout, timeout)
    title = f"{company.name}: financial briefing"
    write_briefing_html(nb, html_path, title, self_contained=self_contained, audit=ipynb_path.name)
    return BriefingResult(stem, html_path, ipynb_path, values, time.perf_counter() - started)


def _ipc_kernel_manager():
    """Kernels talk over local sockets (IPC), not TCP ports: no port races between parallel
    briefings and no 'running over TCP without encryption' warning."""
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            # socket files go to the temp folder, not the (maybe read-only) working folder
            kwargs.setdefault("ip", os.path.join(tempfile.gettempdir(), f"finlit-kernel-{uuid.uuid4().hex}"))
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            result = await super()._async_launch_kernel([*kernel_cmd, *QUIET_KERNEL], **kw)
            pid = getattr(self.provisioner, "pid", None)
            if pid:
                _KERNELS.add(pid)  # so a time-out or a signal can kill it
            return result

    if not warm_enabled():
        return IPCKernelManager

    class WarmKernelManager(IPCKernelManager):
        """Forks its kernel from this pre-imported process (see `finlit.briefing.warm`)."""

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            install_warm_provisioner(self)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return WarmKernelManager


class _MemoryIO:
    """A papermill I/O handler that keeps notebooks in memory: papermill never opens a file
    of its own (a predictable name could be a planted symlink); finlit writes the result
    with its atomic writer."""

    SCHEME = "finlit-memory://"
    notebooks: dict[str, str] = {}

    def read(self, path):
        return self.notebooks[path]

    def write(self, buf, path):
        self.notebooks[path] = buf

    def listdir(self, path):
        return []

    def pretty_path(self, path):
        return path


@lru_cache(maxsize=1)
def _memory_io() -> type[_MemoryIO]:
    import logging

    from papermill.iorw import papermill_io

    papermill_io.register(_MemoryIO.SCHEME, _MemoryIO())
    # papermill's logger has no handler, so Python's last resort would print nbclient's
    # "Kernel died while waiting for execute reply." on a time-out: finlit says it in one line
    logging.getLogger("papermill").addHandler(logging.NullHandler())
    return _MemoryIO


class _Deadline:
    """Kills the briefing's kernel when its wall-clock limit passes: nbclient then sees a
    dead kernel and papermill stops cleanly (no exception thrown into its event loop)."""

    def __init__(self, seconds: float | None):
        self.seconds, self.expired = seconds, False
        self._stop = threading.Event()
        self._before = set(_KERNELS)
        self._thread = None
        if seconds:
            self._thread = threading.Thread(target=self._watch, name="finlit-deadline", daemon=True)
            self._thread.start()

    def _watch(self):
        if self._stop.wait(self.seconds):
            return
        self.expired = True
        while not self._stop.is_set():  # until papermill gives up (a kernel may be starting)
            for pid in _KERNELS - self._before:
                _kill_kernel(pid)
            self._stop.wait(0.5)

    def close(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        _KERNELS.intersection_update(self._before)


def _audit_trail(buf: str, notebook: Path, ipynb_path: Path) -> str:
    """The executed notebook as saved: papermill's paths named relative to the output
    folder (the parameters keep the absolute input paths the kernel read)."""
    import nbformat

    nb = nbformat.reads(buf, as_version=4)
    meta = nb.metadata.get("papermill", {})
    meta["input_path"] = notebook.name
    meta["output_path"] = ipynb_path.name
    return nbformat.writes(nb)


def execute(notebook: Path, ipynb_path: Path, values: dict, cell_timeout: int = CELL_TIMEOUT,
            timeout: float | None = None) -> dict:
    """Execute with papermill (the notebook kept in memory), then write it into place
    atomically. On failure the executed notebook is kept as <name>.failed.ipynb; past
    `timeout` seconds the kernel is killed and `BriefingTimeout` raised."""
    skip_slow_optional_imports()
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    memory = _memory_io()
    key = f"{memory.SCHEME}{uuid.uuid4().hex}/{ipynb_path.name}"
    failed = ipynb_path.with_name(ipynb_path.stem + ".failed.ipynb")
    deadline = _Deadline(timeout)
    try:
        papermill.execute_notebook(
            str(notebook), key, parameters=values, kernel_name="python3", progress_bar=False,
            request_save_on_cell_execute=False, execution_timeout=cell_timeout, log_output=False,
            kernel_manager_class=_ipc_kernel_manager())
    except BaseException as error:
        deadline.close()
        buf = memory.notebooks.pop(key, None)
        if deadline.expired:
            raise BriefingTimeout(f"the briefing ran over its time limit of {timeout:g} s and was stopped: "
                                  "raise the limit with --timeout (or timeout = in the batch file) "
                                  "if it needs longer") from None
        if isinstance(error, PapermillExecutionError):
            if buf is not None:
                write_atomic(failed, _audit_trail(buf, notebook, failed))
            raise BriefingError(f"the briefing notebook failed in cell {error.exec_count}: {error.ename}: "
                                f"{str(error.evalue).splitlines()[0] if error.evalue else ''} "
                                f"(the executed notebook is kept as {failed})") from None
        if isinstance(error, Exception) and not isinstance(error, FinlitError):
            raise BriefingError(f"the briefing notebook could not run: {type(error).__name__}: "
                                f"{str(error).splitlines()[0] if str(error) else ''}") from None
        raise
    deadline.close()
    buf = memory.notebooks.pop(key)
    text = _audit_trail(buf, notebook, ipynb_path)
    write_atomic(ipynb_path, text)
    try:
        os.unlink(failed)  # an earlier failure's notebook, now out of date
    except FileNotFoundError:
        pass
    return nbformat.reads(text, as_version=4)
