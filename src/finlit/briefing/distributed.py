"""`finlit batch --scheduler`: a batch's briefings run on a Dask distributed cluster.

    finlit batch portfolio.toml --scheduler tcp://scheduler-host:8786   # an existing cluster
    finlit batch portfolio.toml --scheduler local:4                     # a LocalCluster here

Each briefing is one Dask task. The task runs the briefing on a worker, in a temporary
folder there, exactly as the local executor does (`batch._run_one`), and returns the HTML,
the executed notebook and the outcome; this process writes them atomically into the
output folder, and the batch rewrites `index.html` and `manifest.json` as each result
arrives. Workers need finlit installed and nothing else shared: the notebook and any input
files (a statements file as target, an IT budget) travel with the task. A briefing whose
worker dies is run again on another (Dask reschedules it; `retries` covers a task that
raises); one that fails is recorded as failed and the others go on.

Needs the optional extra `pip install "finlit[dask]"`.

>>> parse_scheduler("local:2"), parse_scheduler("tcp://10.0.0.5:8786")
(('local', 2), ('address', 'tcp://10.0.0.5:8786'))
>>> parse_scheduler("local:0")
Traceback (most recent call last):
...
finlit.errors.InputError: --scheduler local:0: give local:N with N worker processes (1 or more), or an address such as tcp://HOST:8786
"""
from __future__ import annotations

import logging
import re
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import FinlitError, InputError
from .files import inside, write_atomic

CONNECT_TIMEOUT = 5  # seconds to reach the scheduler before giving up (exit 1)
RETRIES = 2          # Dask re-runs of a task that raised (the briefing's own errors never raise)
INPUT_KEYS = ("target", "it_budget")  # parameters that may name a file on this machine


class ClusterError(FinlitError):
    """The Dask scheduler cannot be reached (exit 1)."""

    exit_code = 1


def parse_scheduler(text: str) -> tuple[str, object]:
    """('local', N) for `local:N`, ('address', ADDRESS) for a scheduler address."""
    text = str(text).strip()
    help_ = "give local:N with N worker processes (1 or more), or an address such as tcp://HOST:8786"
    if text.startswith("local"):
        match = re.fullmatch(r"local:(\d+)", text)
        if not match or int(match.group(1)) < 1:
            raise InputError(f"--scheduler {text}: {help_}")
        return "local", int(match.group(1))
    if re.fullmatch(r"[a-z][a-z0-9+.-]*://[^\s/]+", text) or re.fullmatch(r"[\w.-]+:\d+", text):
        return "address", text
    raise InputError(f"--scheduler {text!r}: {help_}")


def _dask():
    try:
        import distributed
    except ImportError:
        raise InputError('--scheduler needs Dask: pip install "finlit[dask]"') from None
    return distributed


def connect(scheduler: str):
    """A `distributed.Client` for SCHEDULER and the LocalCluster it started (or None).

        client, cluster = connect("tcp://10.0.0.5:8786")   # ClusterError (exit 1) if unreachable
    """
    kind, value = parse_scheduler(scheduler)
    distributed = _dask()
    if kind == "local":
        cluster = distributed.LocalCluster(n_workers=value, threads_per_worker=1, processes=True,
                                           dashboard_address=":0",  # any free port: 8787 may be taken
                                           silence_logs=logging.ERROR)
        return distributed.Client(cluster), cluster
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # the one line below says it all
    try:
        return distributed.Client(value, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {value} within {CONNECT_TIMEOUT} s "
                           f"({type(error).__name__}): start it with `dask scheduler` or check the "
                           "address") from None
    finally:
        quiet.setLevel(level)


def describe(scheduler: str, client=None) -> tuple[str, int]:
    """Where a batch's briefings run, for its progress line, and how many Dask workers
    there are (at least 1): `local:N` is N workers here; an address, the cluster's workers
    now (asked of CLIENT, when given).

    >>> describe("local:3")
    ('with 3 Dask workers', 3)
    >>> describe("tcp://10.0.0.5:8786")
    ('on the Dask cluster at tcp://10.0.0.5:8786', 1)
    """
    kind, value = parse_scheduler(scheduler)
    if kind == "local":
        return f"with {value} Dask worker{'s' if value > 1 else ''}", value
    workers = 0
    if client is not None:
        try:
            workers = len(client.scheduler_info().get("workers", {}))
        except Exception:  # noqa: BLE001  (only for the progress line)
            workers = 0
    known = f" ({workers} worker{'s' if workers != 1 else ''})" if workers else ""
    return f"on the Dask cluster at {value}{known}", max(1, workers)


def disconnect(client, cluster) -> None:
    """Close what `connect` opened (again is harmless)."""
    try:
        client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _same_file(path: str, data: bytes) -> bool:
    try:
        return Path(path).read_bytes() == data
    except OSError:
        return False


def _here(path: str, data: bytes, folder: Path) -> str:
    """PATH if this machine has that very file (a shared or the same file system), else a copy
    of DATA in FOLDER: the briefing then reads the same bytes either way."""
    if _same_file(path, data):
        return path
    folder.mkdir(parents=True, exist_ok=True)
    local = folder / Path(path).name
    local.write_bytes(data)
    return str(local)


def run_briefing_task(run_one, spec, notebook: tuple[str, bytes], inputs: dict, fingerprint: str,
                      timeout: float | None = None) -> dict:
    """On a worker: run one briefing in a temporary folder with RUN_ONE (the local executor's
    `batch._run_one`); return its outcome and files.

    NOTEBOOK is (path on the client, bytes); INPUTS maps parameter → (path, bytes).
    Returns {"outcome": Outcome, "files": {file name: bytes}, "workdir": the folder used}:

        result = run_briefing_task(_run_one, spec, ("/path/briefing.ipynb", data), {}, spec.fingerprint)
        result["files"]   # {"AAPL.ipynb": b"...", "AAPL.html": b"..."}
    """
    with tempfile.TemporaryDirectory(prefix="finlit-dask-") as tmp:
        tmp = Path(tmp)
        book = _here(notebook[0], notebook[1], tmp / "notebook")
        parameters = dict(spec.parameters)
        for key, (path, data) in inputs.items():
            parameters[key] = _here(path, data, tmp / "inputs" / key)
        workdir = (tmp / "out").resolve()
        options = {} if timeout is None else {"timeout": timeout}
        outcome = run_one(replace(spec, parameters=parameters), str(workdir), book, fingerprint, **options)
        names = [n for n in (outcome.ipynb, outcome.html) if n] if outcome.status == "ok" else \
            [p.name for p in workdir.glob(f"{spec.name}.failed.ipynb")]
        files = {name: (workdir / name).read_bytes() for name in names}
        return {"outcome": replace(outcome, parameters=spec.parameters), "files": files,
                "workdir": str(workdir)}


def _inputs(spec) -> dict:
    out = {}
    for key in INPUT_KEYS:
        value = str(spec.parameters.get(key) or "")
        if value and Path(value).is_file():
            out[key] = (value, Path(value).read_bytes())
    return out


def _save(out: Path, result: dict):
    """Write a task's files into OUT atomically (notebook before the page that links it)."""
    from .html import ensure_plotly_js

    outcome, files = result["outcome"], result["files"]
    for name in sorted(files, key=lambda n: n.endswith(".html")):
        write_atomic(inside(out, name), files[name])
    if outcome.status == "ok":
        ensure_plotly_js(out)
        inside(out, f"{outcome.name}.failed.ipynb").unlink(missing_ok=True)
    elif outcome.error:  # name this machine's folder, not the worker's temporary one
        outcome.error = outcome.error.replace(result["workdir"], str(out.resolve()))
    return outcome


def _arrivals(futures, tick: float | None) -> Iterator:
    """FUTURES as each finishes; with TICK, None whenever TICK seconds pass without one."""
    done = _dask().as_completed(futures)
    if tick is None:
        yield from done
        return
    waited = time.monotonic()
    while True:
        if done.has_ready():
            waited = time.monotonic()
            yield next(done)
        elif done.is_empty():
            return
        elif time.monotonic() - waited >= tick:
            waited = time.monotonic()
            yield None
        elif hasattr(done, "thread_condition"):  # wait as `as_completed` itself does (a plain
            with done.thread_condition:         # sleep here lets a stop log scheduler tracebacks)
                done.thread_condition.wait(timeout=0.1)
        else:
            time.sleep(0.1)


def run_on_cluster(scheduler, specs: list, out: Path, notebook: Path, run_one, failed,
                   timeout: float | None = None, tick: float | None = None) -> Iterator:
    """Run SPECS (`batch.Spec`s with fingerprints) on the Dask cluster SCHEDULER (an address
    or `local:N`, or the (client, cluster) pair `connect` gave: it is closed at the end) and
    yield each `batch.Outcome` as its files land in OUT (written atomically), in finishing order.

    RUN_ONE(spec, out, notebook, fingerprint) → Outcome runs one briefing on a worker (the
    batch's `_run_one`, as the local executor runs it); FAILED(spec, seconds, error) → Outcome
    records a task Dask gave up on (its worker died every time). TIMEOUT: each briefing's
    limit in seconds, passed to RUN_ONE on the worker (a briefing over it fails alone).
    TICK: also yield None whenever TICK seconds pass without a result (the batch then
    writes its index if it has held back a rewrite).

        for outcome in run_on_cluster("local:2", specs, Path("out"), notebook, _run_one, gave_up):
            print(outcome.name, outcome.status)   # out/NAME.html and out/NAME.ipynb are in place
    """
    out = Path(out)
    client, cluster = connect(scheduler) if isinstance(scheduler, str) else scheduler
    futures = []
    try:
        [book] = client.scatter([(str(notebook), Path(notebook).read_bytes())], broadcast=True)
        batch_id = uuid.uuid4().hex[:8]
        for spec in specs:
            futures.append(client.submit(run_briefing_task, run_one, spec, book, _inputs(spec), spec.fingerprint,
                                         timeout, key=f"finlit-{spec.name}-{batch_id}", retries=RETRIES,
                                         pure=False))
        names = {f.key: s for f, s in zip(futures, specs)}
        started = time.perf_counter()
        for future in _arrivals(futures, tick):
            if future is None:
                yield None
                continue
            spec = names[future.key]
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001  (e.g. KilledWorker: the worker died each time)
                message = f"{type(error).__name__}: {error}".splitlines()[0]
                outcome = failed(spec, round(time.perf_counter() - started, 2), f"the Dask task failed: {message}")
            else:
                outcome = _save(out, result)
            future.release()
            yield outcome
    finally:
        if futures:
            client.cancel([f for f in futures if not f.done()])
        disconnect(client, cluster)


__all__ = ["parse_scheduler", "connect", "describe", "run_on_cluster", "run_briefing_task", "ClusterError"]
