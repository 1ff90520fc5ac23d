"""`finlit batch`: many briefings from one TOML file, in parallel processes, for cron.

The file lists briefings with shared defaults; relative paths are relative to the file::

    out = "briefings"          # optional output folder (--out wins)

    [defaults]                 # optional: shared by every briefing
    industry = ""

    [[briefing]]
    target = "AAPL"

    [[briefing]]
    target = "LARKSPUR"
    name = "larkspur-with-budget"
    it_budget = "../data/it_budgets/LARKSPUR.csv"

    [[briefing]]               # one company's statements saved as several files (or a folder)
    target = ["exports/ACME_income.csv", "exports/ACME_balance.csv"]
    units = "thousands"

One failing briefing never stops the others. The folder gets `index.html` (status and
links) and `manifest.json` (inputs, status, paths, duration, error per briefing), both
rewritten as briefings finish (at most every `REWRITE_EVERY` seconds, and always at the
end and when the batch is stopped), so an interrupted batch loses nothing finished.
A re-run skips briefings whose inputs have not changed (unless `force`). Exit status:
0 when every briefing succeeded, 3 when some failed.

>>> specs = parse_config('[[briefing]]\\ntarget = "AAPL"\\n[[briefing]]\\ntarget = "MSFT"\\nname = "ms"')
>>> [(s.name, s.parameters["target"]) for s in specs]
[('AAPL', 'AAPL'), ('ms', 'MSFT')]
"""
from __future__ import annotations

import hashlib
import inspect
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
import tomllib
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .._atomic import remove_stale_temporaries
from .._log import logger
from ..errors import FinlitError, InputError
from ..markup import strip_bidi
from ..sources import looks_like_file
from ..sources.statement_sets import target_files, target_stem
from .files import safe_name
from .params import check_parameters, notebook_parameters
from .runner import (DEFAULT_TIMEOUT, BriefingTimeout, Interrupted, abandon, brief, check_output_folder,
                     check_timeout, default_notebook)

LIVE_SOURCES = {"sec", "yahoo"}
RETRIES = 3  # attempts for live sources
BRIEFING_KEYS = {"target", "name", "source", "it_budget", "industry", "fiscal_year", "kind", "units",
                 "company"}
TOP_KEYS = {"out", "jobs", "timeout", "scheduler", "defaults", "briefing"}
LOCK_NAME = ".finlit-batch.lock"
# seconds between rewrites of manifest.json, index.html and compare.html while a batch runs:
# a rewrite costs about 0.5 s at 1,000 briefings, so after every briefing it would be quadratic
REWRITE_EVERY = 2.0


@dataclass
class Spec:
    """One briefing of a batch: its output name and its notebook parameters."""

    name: str
    parameters: dict
    fingerprint: str = ""


@dataclass
class Outcome:
    name: str
    status: str  # ok, skipped, failed
    parameters: dict
    html: str = ""
    ipynb: str = ""
    seconds: float = 0.0
    attempts: int = 0
    error: str = ""
    peak_memory_mb: float = 0.0
    fingerprint: str = ""
    extra: dict = field(default_factory=dict)


def parse_config(text: str, base: Path | None = None, notebook: Path | None = None) -> list[Spec]:
    """The briefings of a batch file, checked before anything runs (exit 2 on any problem)."""
    try:
        config = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"the batch file is not valid TOML ({error}): fix the line it names") from None
    unknown = set(config) - TOP_KEYS
    if unknown:
        raise InputError(f"unknown key {sorted(unknown)[0]!r} in the batch file: "
                         f"use {', '.join(sorted(TOP_KEYS))}")
    batch_settings(config)
    entries = config.get("briefing", [])
    if not entries:
        raise InputError("the batch file lists no briefings: add [[briefing]] tables with a target")
    defaults = config.get("defaults", {})
    params = notebook_parameters(notebook or default_notebook())
    specs, names = [], set()
    for number, entry in enumerate(entries, 1):
        merged = {**defaults, **entry}
        bad = set(merged) - BRIEFING_KEYS
        if bad:
            raise InputError(f"briefing {number}: unknown key {sorted(bad)[0]!r}: "
                             f"use {', '.join(sorted(BRIEFING_KEYS))}")
        if not merged.get("target"):
            raise InputError(f"briefing {number}: no target: add target = \"TICKER\" or a file path")
        given_name = merged.pop("name", "")
        try:
            values = check_parameters(params, merged)
        except InputError as error:
            raise InputError(f"briefing {number}: {error}") from None
        if base is not None:
            if values.get("it_budget"):
                values["it_budget"] = _beside(base, values["it_budget"])
            target = values["target"]
            values["target"] = ([_beside(base, t) for t in target] if isinstance(target, list)
                                else _beside(base, target) if _is_path(base, target) else target)
        name = safe_name(given_name or target_stem(values["target"], values.get("company")))
        if name in names:
            raise InputError(f"briefing {number}: the output name {name!r} is used twice: "
                             "give each briefing its own name")
        names.add(name)
        specs.append(Spec(name, values))
    return specs


def _is_path(base: Path, value: str) -> bool:
    """A target that names a file or folder (beside the batch file), not a ticker."""
    return looks_like_file(value) or (base / value).is_dir()


def _beside(base: Path, value: str) -> str:
    """A path relative to the batch file's folder, made absolute."""
    return value if Path(value).is_absolute() else str((base / value).resolve())


def batch_settings(config: dict) -> dict:
    """The batch file's own settings (out, jobs, timeout) and the shapes of `defaults` and
    `briefing`, checked: a wrong type is exit 2 naming the key and the fix.

    >>> batch_settings({"jobs": 2, "timeout": 90})
    {'out': None, 'jobs': 2, 'timeout': 90.0}
    >>> batch_settings({"jobs": "many"})
    Traceback (most recent call last):
    ...
    finlit.errors.InputError: jobs = 'many' in the batch file: jobs must be a whole number of worker processes, 1 or more: write e.g. jobs = 4
    """
    out, jobs = config.get("out"), config.get("jobs")
    if out is not None and (not isinstance(out, str) or not out.strip()):
        raise InputError(f"out = {out!r} in the batch file: out must be a folder path in quotes: "
                         'write e.g. out = "briefings"')
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise InputError(f"jobs = {jobs!r} in the batch file: jobs must be a whole number of worker "
                         "processes, 1 or more: write e.g. jobs = 4")
    timeout = config.get("timeout")
    if timeout is not None:
        timeout = check_timeout(timeout, "timeout in the batch file", "timeout = 600")
    defaults = config.get("defaults", {})
    if not isinstance(defaults, dict):
        raise InputError(f"defaults = {defaults!r} in the batch file: defaults must be a table: write "
                         "[defaults] on its own line, then key = value lines (e.g. industry = \"banks\")")
    entries = config.get("briefing", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError(f"briefing = {entries!r} in the batch file: each briefing must be a table: "
                         "write [[briefing]] on its own line, then target = \"AAPL\" below it")
    return {"out": out, "jobs": jobs, "timeout": timeout}


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def fingerprint(spec: Spec, notebook: Path) -> str:
    """What the briefing's output depends on: notebook, finlit version, parameters, input files."""
    from .._version import __version__
    from ..sources.bundled import data_dir

    parts = {"notebook": _file_digest(str(notebook)), "finlit": __version__, "parameters": spec.parameters}
    budget = str(spec.parameters.get("it_budget") or "")
    if budget and Path(budget).is_file():
        parts["it_budget_file"] = _file_digest(budget)
    target = spec.parameters.get("target", "")
    # every file the target reads: its siblings, a folder's statement files, a list of files
    files = target_files(target, spec.parameters.get("company") or None)
    if files:
        parts["target_files"] = {path: _file_digest(path) for path in sorted(files)}
    if isinstance(target, str):
        bundled = data_dir() / f"{target.upper()}.csv"
        if bundled.is_file():
            parts["bundled"] = hashlib.sha256(bundled.read_bytes()).hexdigest()
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _peak_memory_mb() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kernels = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kernels) / 1024, 1)  # Linux reports KiB


def _run_one(spec: Spec, out: str, notebook: str, fp: str, timeout: float = DEFAULT_TIMEOUT) -> Outcome:
    """Run one briefing in a worker process; errors become a failed outcome, never an exception.
    A briefing over its TIMEOUT (seconds) fails alone and is not retried."""
    live = spec.parameters.get("source") in LIVE_SOURCES
    attempts, started = 0, time.perf_counter()
    while True:
        attempts += 1
        try:
            params = {k: v for k, v in spec.parameters.items() if k != "target"}
            result = brief(spec.parameters["target"], out=out, name=spec.name, notebook=notebook,
                           timeout=timeout, **params)
            return Outcome(spec.name, "ok", spec.parameters, str(result.html.name), str(result.ipynb.name),
                           round(time.perf_counter() - started, 2), attempts, "", _peak_memory_mb(), fp)
        except Exception as error:  # one briefing's failure is recorded, not raised
            retry = live and attempts < RETRIES and not isinstance(error, (InputError, BriefingTimeout))
            if retry:
                time.sleep(2 ** (attempts - 1))
                continue
            message = str(error) if isinstance(error, FinlitError) else f"{type(error).__name__}: {error}"
            return Outcome(spec.name, "failed", spec.parameters, "", "", round(time.perf_counter() - started, 2),
                           attempts, strip_bidi(message.splitlines()[0]) if message else type(error).__name__,
                           _peak_memory_mb(), fp)


def _load_manifest(path: Path, drop_foreign: bool = False) -> dict:
    """The previous run's briefings by name; a missing, unreadable or foreign manifest.json
    counts as none (every briefing runs again, and the file is rewritten), with a note.
    DROP_FOREIGN: remove a foreign one at once, so nothing else reads it before it is rewritten."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        data, reason = None, f"cannot be read ({str(error).splitlines()[0]})"
    else:
        reason = "is not a finlit batch manifest"
    entries = data.get("briefings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        logger.info(f"{path} {reason}: ignoring it; every briefing runs again and the file is rewritten")
        if drop_foreign:
            try:
                os.unlink(path)  # a symlink itself, never what it points to
            except OSError:
                pass
        return {}
    return {b["name"]: b for b in entries
            if isinstance(b, dict) and isinstance(b.get("name"), str)
            and all(isinstance(b.get(k, ""), str) for k in ("html", "ipynb", "status", "fingerprint"))}


def write_reports(out: Path, outcomes: dict[str, Outcome], order: list[str], started: str) -> None:
    """manifest.json and index.html, written atomically."""
    from .._version import __version__

    rows = [outcomes[n] for n in order if n in outcomes]
    manifest = {"finlit": __version__, "started": started,
                "summary": {s: sum(o.status == s for o in rows) for s in ("ok", "skipped", "failed")},
                "briefings": [{"name": o.name, "status": o.status, "inputs": o.parameters,
                               "html": o.html, "ipynb": o.ipynb, "duration_s": o.seconds,
                               "attempts": o.attempts, "error": o.error or None,
                               "peak_memory_mb": o.peak_memory_mb, "fingerprint": o.fingerprint}
                              for o in rows]}
    from .portfolio import write_portfolio  # + headline figures, index.html and compare.html

    write_portfolio(out, rows, manifest, started, __version__)


def _raise_on_signals() -> dict:
    """In the batch's main process, SIGINT (Ctrl-C) and SIGTERM (systemd, cron time-outs)
    raise `Interrupted` where it waits; returns the previous handlers."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(signum, frame):
        raise Interrupted(signum)

    return {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}


def _worker_start(parent: int) -> None:
    """First thing in each worker process: never outlive the batch, stop at once on SIGTERM.

    Ctrl-C reaches the whole process group, so workers ignore SIGINT and let the batch
    stop them; SIGTERM (from the batch, or from the kernel when the batch dies: Linux's
    PR_SET_PDEATHSIG) kills the briefing's kernel, removes its temporary files and exits;
    a watchdog thread does the same where there is no PR_SET_PDEATHSIG."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, frame: abandon(128 + signum))
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        abandon(128 + signal.SIGTERM)

    threading.Thread(target=watch, name="finlit-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the batch died before the watch began
        abandon(128 + signal.SIGTERM)


class FolderLock:
    """One batch per output folder: an exclusive `flock` on OUT/.finlit-batch.lock, which
    holds the owner's pid and start time. A second batch exits 2 at once, saying who holds
    the folder, rather than waiting: under cron it would only redo the first run's work
    later. The lock dies with its process (and its workers), so a killed batch never
    leaves the folder locked."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK_NAME
        self.fd: int | None = None

    def acquire(self) -> "FolderLock":
        import fcntl

        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            except OSError as error:
                raise InputError(f"cannot open the lock file {self.path}: {error.strerror}: remove it "
                                 "if it is not a plain file, or choose another output folder") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "pid unknown"
                os.close(fd)
                raise InputError(f"another finlit batch ({holder}) is writing to {self.path.parent}: "
                                 "wait for it to finish, or use another output folder (--out)") from None
            try:  # the previous holder may have removed the file between open and flock
                same = os.stat(self.path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, started {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n".encode())
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            try:
                os.unlink(self.path)  # while still holding it: the next run makes a new one
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


def _duration(seconds: float) -> str:
    """
    >>> _duration(42), _duration(200), _duration(7300)
    ('42 s', '3 min', '2 h 2 min')
    """
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


class Progress:
    """What a batch says while it runs: at once, how many briefings it makes, skips and
    runs; then a line per finished briefing with done/total and the time left. On a
    terminal a live progress bar (rich) runs below the lines; in a pipe or a log file there
    are plain lines only. `quiet` (cron): only failures and the summary.

    >>> lines = []
    >>> p = Progress(log=lines.append)
    >>> p.plan(total=3, skipped=1, out="out", jobs=2)
    >>> p.done(Outcome("AAPL", "ok", {}, seconds=4.0))
    >>> lines[0]
    '3 briefings: 1 up to date (skipped), 2 to run with 2 workers, into out'
    >>> lines[1].startswith("[1/2] ok      AAPL  4.0 s  (about ")
    True
    """

    def __init__(self, log=print, quiet: bool = False, bar: bool | None = None):
        self.bar = (not quiet and log is print and sys.stdout.isatty()) if bar is None else bar
        # each line flushed at once: a pipe or a log file being tailed sees it when it happens
        self.log = (lambda line: print(line, flush=True)) if log is print else log
        self.quiet = quiet
        self.to_run = self.finished = 0
        self.workers, self.busy = 1, 0.0  # parallel workers; seconds of the finished briefings
        self._live = None

    def plan(self, total: int, skipped: int, out, jobs: int, where: str = "") -> None:
        """WHERE: how the briefings run when not in JOBS local worker processes (e.g. "with 4
        Dask workers"); JOBS is then the number of workers, for the time left."""
        self.to_run = total - skipped
        self.workers = max(1, min(jobs, self.to_run))
        where = where or (f"with {min(jobs, max(self.to_run, 1))} worker"
                          f"{'s' if min(jobs, self.to_run) > 1 else ''}")
        if not self.quiet:
            self.log(f"{total} briefings: {skipped} up to date (skipped), {self.to_run} to run {where},"
                     f" into {out}")

    def skipped(self, name: str) -> None:
        if not self.quiet:
            self.log(f"unchanged  {name}")

    def start(self) -> None:
        """The live bar, on a terminal, once the briefings start."""
        if self.bar and self.to_run and self._live is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self._live = Bar(TextColumn("briefings"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("· time left"), TimeRemainingColumn(), transient=True)
            self._task = self._live.add_task("briefings", total=self.to_run)
            self._live.start()

    def _say(self, line: str) -> None:
        if self._live is not None:
            self._live.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            self.log(line)

    def done(self, outcome: Outcome) -> None:
        self.finished += 1
        self.busy += outcome.seconds
        left = self.to_run - self.finished
        eta = self.busy / self.finished * left / self.workers  # mean briefing time, over the workers
        line = (f"[{self.finished}/{self.to_run}] {outcome.status:<7} {outcome.name}  {outcome.seconds:.1f} s"
                + (f"  (about {_duration(eta)} left)" if left else "")
                + (f"  {outcome.error}" if outcome.error else ""))
        if self._live is not None:
            self._live.advance(self._task)
        if not self.quiet or outcome.status == "failed":
            self._say(line)

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def summary(self, line: str) -> None:
        self.close()
        self.log(line)


def run_batch(config_path: str | Path, out: str | Path | None = None, jobs: int | None = None,
              force: bool = False, notebook: str | Path | None = None, log=print,
              scheduler: str | None = None, timeout: float | None = None, quiet: bool = False,
              bar: bool | None = None) -> int:
    """Run every briefing of a batch file; returns the exit status (0 all ok, 3 some failed).
    SCHEDULER (or the file's `scheduler`): run them on Dask (`finlit.briefing.distributed`).

    TIMEOUT (or the file's `timeout`, default 10 minutes) limits each briefing. One batch
    at a time per output folder (`FolderLock`); SIGINT/SIGTERM stop the workers and their
    kernels and raise `Interrupted` (exit 130/143); workers die with the batch. Progress
    goes to LOG (`Progress`: a live bar on a terminal unless BAR is False; QUIET prints
    only failures and the summary)."""
    config_path = Path(config_path)
    try:
        text = config_path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read the batch file {config_path}: {error.strerror}: check the path") from None
    notebook = Path(notebook) if notebook else default_notebook()
    specs = parse_config(text, base=config_path.resolve().parent, notebook=notebook)
    top = tomllib.loads(text)
    settings = batch_settings(top)
    here = config_path.resolve().parent
    # --out is relative to the working folder; the file's `out` (default "briefings") to the file
    out = Path(out) if out is not None else here / Path(settings["out"] or "briefings")
    jobs = int(jobs or settings["jobs"] or 1)
    timeout = check_timeout(timeout) if timeout is not None else (settings["timeout"] or DEFAULT_TIMEOUT)
    scheduler = scheduler or top.get("scheduler")
    if scheduler:
        from .distributed import parse_scheduler

        parse_scheduler(scheduler)  # a bad value is exit 2 before anything is written
    if jobs < 1:
        raise InputError("--jobs must be 1 or more")
    check_output_folder(out, "--out or out = in the batch file")
    created = [f for f in (out, *out.parents) if not f.exists()]  # deepest first
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create the output folder {out}: {error.strerror}: choose a folder "
                         "you can write to (--out)") from None
    progress = Progress(log, quiet=quiet, bar=bar)
    previous_handlers = _raise_on_signals()
    lock = FolderLock(out)
    try:
        lock.acquire()
        remove_stale_temporaries(out)  # of this user's runs that died; a live one's are kept
        return _run_locked(specs, out, jobs, timeout, force, notebook, scheduler, progress)
    except BaseException:
        lock.release()
        for folder in created:  # e.g. an unreachable scheduler: leave no trace, not even the folder
            try:
                folder.rmdir()  # only if still empty
            except OSError:
                break
        raise
    finally:
        progress.close()
        lock.release()
        for signum, handler in previous_handlers.items():
            signal.signal(signum, handler)


def _stop_workers(pool: ProcessPoolExecutor, grace: float = 5.0) -> None:
    """SIGTERM every worker (each kills its kernel and removes its temporaries), SIGKILL
    any still there after GRACE seconds."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    deadline = time.monotonic() + grace
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            worker.kill()
            worker.join(1.0)


class _Reports:
    """manifest.json, index.html and compare.html of a running batch: `due()` rewrites them
    if a briefing finished since the last rewrite and EVERY seconds have passed since it,
    `now()` at once (the start, the end, a stop)."""

    def __init__(self, out: Path, outcomes: dict, order: list[str], started: str, every: float):
        self.out, self.outcomes, self.order, self.started, self.every = out, outcomes, order, started, every
        self.pending, self.last = False, float("-inf")

    def changed(self) -> None:
        self.pending = True
        self.due()

    def wait(self) -> float | None:
        """Seconds until a held-back rewrite is due (None: nothing held back)."""
        return max(0.0, self.last + self.every - time.monotonic()) if self.pending else None

    def due(self) -> None:
        if self.pending and time.monotonic() - self.last >= self.every:
            self.now()

    def now(self) -> None:
        write_reports(self.out, self.outcomes, self.order, self.started)
        self.pending, self.last = False, time.monotonic()  # from its end: writing never takes all the time


def _stopped(stop: Interrupted, reports: _Reports, made: int, total: int, out: Path) -> Interrupted:
    """After SIGINT/SIGTERM: the reports written with everything finished, and the one line."""
    reports.now()
    return Interrupted(stop.signum, f"stopped by {signal.Signals(stop.signum).name}: {made} of "
                                    f"{total} briefings ready in {out}, nothing half-written; "
                                    "run again to make the rest")


def _ignore_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short


def _up_to_date(specs, out: Path, notebook: Path, force: bool) -> tuple[dict, list]:
    """(outcomes of the briefings the previous run made and that have not changed, the
    specs to run), each spec given its fingerprint."""
    previous = _load_manifest(out / "manifest.json")  # a foreign one is noted and then rewritten
    outcomes: dict[str, Outcome] = {}
    todo = []
    for spec in specs:
        spec.fingerprint = fingerprint(spec, notebook)
        before = previous.get(spec.name)
        if (not force and before and before.get("status") in ("ok", "skipped")
                and before.get("fingerprint") == spec.fingerprint
                and (out / before.get("html", "")).is_file() and (out / before.get("ipynb", "")).is_file()):
            outcomes[spec.name] = Outcome(spec.name, "skipped", spec.parameters, before["html"], before["ipynb"],
                                          0.0, 0, "", 0.0, spec.fingerprint)
        else:
            todo.append(spec)
    return outcomes, todo


def _run_on_dask(connection, todo, out: Path, notebook: Path, timeout: float, outcomes: dict,
                 reports: _Reports, progress: Progress, total: int) -> None:
    """TODO on the Dask cluster of CONNECTION (closed at the end): the files arrive here as
    each task ends."""
    from .distributed import run_on_cluster

    def gave_up(spec, seconds, error):
        return Outcome(spec.name, "failed", spec.parameters, "", "", seconds, 0, error, 0.0, spec.fingerprint)

    progress.start()
    results = run_on_cluster(connection, todo, out, notebook, _run_one, gave_up, timeout, tick=REWRITE_EVERY)
    try:
        for outcome in results:
            if outcome is None:  # a while without a result: catch up on a held-back rewrite
                reports.due()
                continue
            outcomes[outcome.name] = outcome
            progress.done(outcome)
            reports.changed()
    except Interrupted as stop:
        _ignore_signals()
        results.close()  # cancels the tasks, closes the client (and a LocalCluster)
        made = sum(o.status != "failed" for o in outcomes.values())
        raise _stopped(stop, reports, made, total, out) from None
    finally:
        if inspect.getgeneratorstate(results) == inspect.GEN_CREATED:  # never started: close it here
            from .distributed import disconnect

            disconnect(*connection)


def _run_here(todo, out: Path, notebook: Path, jobs: int, timeout: float, outcomes: dict,
              reports: _Reports, progress: Progress, total: int) -> None:
    """TODO in JOBS worker processes of this machine."""
    from .._speedups import skip_slow_optional_imports

    skip_slow_optional_imports()
    import papermill  # noqa: F401  (imported once here, shared by forked workers)

    from .warm import warm_enabled, warm_up

    if warm_enabled():
        warm_up()  # pandas, plotly, ipykernel, finlit: inherited by workers and their kernels

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=multiprocessing.get_context(method),
                               initializer=_worker_start, initargs=(os.getpid(),))
    progress.start()
    try:
        pending = {pool.submit(_run_one, s, str(out), str(notebook), s.fingerprint, timeout) for s in todo}
        while pending:
            # wake for a held-back rewrite too, so the index never lags far behind
            done, pending = wait(pending, timeout=reports.wait(), return_when=FIRST_COMPLETED)
            for future in done:
                outcome = future.result()
                outcomes[outcome.name] = outcome
                progress.done(outcome)
                reports.changed()
            reports.due()
    except Interrupted as stop:
        # stop now: running briefings are abandoned (their files are written atomically,
        # so nothing half-written is left) and the next run redoes them
        _ignore_signals()
        _stop_workers(pool)
        made = sum(o.status != "failed" for o in outcomes.values())
        raise _stopped(stop, reports, made, total, out) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_locked(specs, out: Path, jobs: int, timeout: float, force: bool, notebook: Path,
                scheduler, progress: Progress) -> int:
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    outcomes, todo = _up_to_date(specs, out, notebook, force)
    connection, where = None, ""
    if todo and scheduler:  # reach the cluster before writing anything (unreachable: exit 1)
        from .distributed import connect, describe

        connection = connect(scheduler)
        where, jobs = describe(scheduler, connection[0])
    reports = _Reports(out, outcomes, [s.name for s in specs], started, REWRITE_EVERY)
    try:
        progress.plan(len(specs), len(outcomes), out, jobs, where)
        for name in outcomes:
            progress.skipped(name)
        reports.now()
        if connection is not None:
            cluster, connection = connection, None  # _run_on_dask closes it
            _run_on_dask(cluster, todo, out, notebook, timeout, outcomes, reports, progress, len(specs))
        elif todo:
            _run_here(todo, out, notebook, jobs, timeout, outcomes, reports, progress, len(specs))
    finally:
        if connection is not None:  # something failed before the briefings began
            from .distributed import disconnect

            disconnect(*connection)
    reports.now()
    failed = sum(o.status == "failed" for o in outcomes.values())
    progress.summary(f"{len(outcomes) - failed} of {len(outcomes)} briefings ready in {out}; "
                     f"index: {out / 'index.html'}")
    return 3 if failed else 0


__all__ = ["parse_config", "run_batch", "Spec", "Outcome"]
