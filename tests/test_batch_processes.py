"""`finlit brief` and `finlit batch` as processes that behave (issue 13, issue 14 point 6):
signals stop everything with one line, workers die with the batch, one batch per output
folder, no symlink is ever followed, refused writes come before any work, a wall-clock
limit per briefing, bad batch files are one line, and progress from the first second.

The commands run as real processes on a tiny notebook (a parameters cell and one cell that
sleeps $FINLIT_TEST_SLEEP seconds), so each briefing takes about a second."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from notebook_helpers import tiny_notebook
from finlit.briefing import warm
from finlit.briefing.batch import LOCK_NAME, Progress, _load_manifest
from finlit.briefing.html import notebook_to_html
from finlit.markup import BIDI_CONTROLS, escape_html

pytestmark = pytest.mark.skipif(not warm.warm_enabled() or not sys.platform.startswith("linux"),
                                reason="process tests need Linux with fork")

# runs the finlit command line with the briefing notebook replaced by the one given first
RUNNER = """import os, sys
from pathlib import Path
import finlit.briefing.batch as batch, finlit.briefing.runner as runner
book = Path(sys.argv[1]).resolve()
runner.default_notebook = batch.default_notebook = lambda: book
if os.environ.get("FINLIT_TEST_REWRITE_EVERY"):  # seconds between rewrites of the index
    batch.REWRITE_EVERY = float(os.environ["FINLIT_TEST_REWRITE_EVERY"])
from finlit.cli import main
sys.exit(main(sys.argv[2:]))
"""
TICKERS = ("AAPL", "MSFT", "JPM", "XOM")


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A briefing notebook that prints its target after sleeping $FINLIT_TEST_SLEEP seconds
    (30 s for a target named in $FINLIT_TEST_SLOW)."""
    path = tiny_notebook(tmp_path / "tiny.ipynb",
                         "import os, time\n"
                         "slow = target in os.environ.get('FINLIT_TEST_SLOW', '').split(',')\n"
                         "time.sleep(30 if slow else float(os.environ.get('FINLIT_TEST_SLEEP', '0')))\n"
                         "print('ran', target)")
    (tmp_path / "run_finlit.py").write_text(RUNNER)
    return path


def command(tiny: Path, *args) -> list[str]:
    return [sys.executable, str(tiny.parent / "run_finlit.py"), str(tiny), *map(str, args)]


def environment(sleep: float = 0.0, slow: str = "") -> dict:
    return dict(os.environ, FINLIT_TEST_SLEEP=str(sleep), FINLIT_TEST_SLOW=slow)


def run(tiny: Path, *args, sleep: float = 0.0, slow: str = "", timeout: float = 180, **kw):
    return subprocess.run(command(tiny, *args), capture_output=True, text=True, timeout=timeout,
                          env=environment(sleep, slow), cwd=tiny.parent, **kw)


def config(folder: Path, *targets, extra: str = "") -> Path:
    path = folder / "batch.toml"
    path.write_text('out = "out"\n' + extra + "".join(f'[[briefing]]\ntarget = "{t}"\n' for t in targets))
    return path


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "IPKernelApp" not in stderr
    return lines[0]


def still_running(processes) -> list[int]:
    alive = []
    for p in processes:
        try:
            if p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p.pid)
        except psutil.NoSuchProcess:
            pass
    return alive


def wait_gone(processes, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while still_running(processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    return still_running(processes)


def hidden_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or "partial" in p.name)


def made(folder: Path) -> dict[str, str]:
    """Each finished briefing's printed line, from its executed notebook."""
    out = {}
    for path in folder.glob("*.ipynb"):
        nb = json.loads(path.read_text())
        out[path.stem] = "".join("".join(o.get("text", "")) for c in nb["cells"]
                                 for o in c.get("outputs", []) if o.get("output_type") == "stream")
    return out


def start_and_wait_for_briefings(tiny, batch, sleep, running=2, seconds=60):
    """Start a batch; return (process, psutil processes) once RUNNING kernels run."""
    process = subprocess.Popen(command(tiny, "batch", batch, "--jobs", 2), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=environment(sleep), cwd=tiny.parent)
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        family = parent.children(recursive=True)
        if len(family) >= 2 + running:  # two workers and their kernels
            return process, family
        time.sleep(0.1)
    process.kill()
    pytest.fail("the batch did not start its briefings")


# --- signals and orphans ----------------------------------------------------------------------

@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_whole_batch_with_one_line(tiny, signum, code):
    batch = config(tiny.parent, *TICKERS)
    process, family = start_and_wait_for_briefings(tiny, batch, sleep=20)
    stopped = time.monotonic()
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)
    assert process.returncode == code
    line = one_line(err)
    assert line.startswith(f"finlit: error: stopped by {signal.Signals(signum).name}: 0 of 4 briefings")
    assert wait_gone(family, 2) == []  # workers and kernels: none left
    assert time.monotonic() - stopped < 10
    out = tiny.parent / "out"
    assert hidden_files(out) == []  # no temporary file, no lock
    assert not [p for t in TICKERS for p in (out / f"{t}.html", out / f"{t}.ipynb") if p.exists()]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["briefings"] == []


def test_a_stopped_batch_lists_every_finished_briefing_though_rewrites_are_held_back(tiny):
    batch = config(tiny.parent, "AAPL", "MSFT")
    process = subprocess.Popen(command(tiny, "batch", batch, "--jobs", 2), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=tiny.parent,
                               env=dict(environment(slow="MSFT"), FINLIT_TEST_REWRITE_EVERY="3600"))
    for line in process.stdout:  # MSFT sleeps 30 s
        if line.startswith("[1/2] ok      AAPL"):
            break
    else:
        pytest.fail("AAPL did not finish first")
    out = tiny.parent / "out"
    time.sleep(1.0)  # time enough for a rewrite after AAPL, were there one
    assert json.loads((out / "manifest.json").read_text())["briefings"] == []  # held back (the start's)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143
    assert one_line(err).startswith("finlit: error: stopped by SIGTERM: 1 of 2 briefings ready")
    manifest = json.loads((out / "manifest.json").read_text())  # valid, and with AAPL
    assert [(b["name"], b["status"]) for b in manifest["briefings"]] == [("AAPL", "ok")]
    assert manifest["briefings"][0]["headline"]["company"] == "Apple Inc."
    assert 'href="AAPL.html"' in (out / "index.html").read_text()
    assert hidden_files(out) == []


@pytest.mark.parametrize("seed", [1, 2])
def test_workers_die_with_a_killed_batch_and_a_rerun_completes_the_same_outputs(tiny, seed):
    batch = config(tiny.parent, *TICKERS)
    process, _ = start_and_wait_for_briefings(tiny, batch, sleep=1.5, running=1)
    time.sleep(random.Random(seed).uniform(0.0, 4.0))  # somewhere in the first three briefings
    family = psutil.Process(process.pid).children(recursive=True)  # workers and kernels now
    process.kill()
    process.wait(timeout=10)
    assert wait_gone(family, 5) == [], "workers or kernels outlived the batch"
    out = tiny.parent / "out"
    assert all(text == f"ran {name}\n" for name, text in made(out).items())
    manifest = json.loads((out / "manifest.json").read_text())  # valid after kill -9
    finished = {b["name"] for b in manifest["briefings"] if b["status"] == "ok"}
    result = run(tiny, "batch", batch, "--jobs", 2)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("unchanged") == len(finished)
    assert made(out) == {t: f"ran {t}\n" for t in TICKERS}
    statuses = {b["name"]: b["status"] for b in json.loads((out / "manifest.json").read_text())["briefings"]}
    assert statuses == {t: "skipped" if t in finished else "ok" for t in TICKERS}
    assert hidden_files(out) == []


def test_brief_stops_on_sigterm_with_one_line_and_leaves_nothing(tiny):
    out = tiny.parent / "one"
    process = subprocess.Popen(command(tiny, "brief", "MSFT", "--out", out), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=environment(20), cwd=tiny.parent)
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 60
    while not parent.children() and time.monotonic() < deadline:
        time.sleep(0.1)
    kernels = parent.children(recursive=True)
    assert kernels
    time.sleep(0.5)
    process.terminate()
    _, err = process.communicate(timeout=20)
    assert process.returncode == 143
    assert one_line(err).startswith("finlit: error: stopped by SIGTERM")
    assert wait_gone(kernels, 2) == []
    assert list(out.iterdir()) == []


# --- one batch per output folder -------------------------------------------------------------

def test_a_second_batch_on_the_same_folder_exits_2_naming_the_first(tiny):
    batch = config(tiny.parent, "AAPL", "MSFT")
    out = tiny.parent / "out"
    out.mkdir()
    dead = out / ".AAPL.html.999999999.abcd1234.tmp"  # a dead run's temporary: removed
    live = out / f".AAPL.html.{os.getpid()}.abcd1234.tmp"  # a live process's: kept
    dead.write_text("old")
    live.write_text("in progress")
    first, _ = start_and_wait_for_briefings(tiny, batch, sleep=6, running=1)
    second = run(tiny, "batch", batch)
    assert second.returncode == 2
    line = one_line(second.stderr)
    assert f"another finlit batch (pid {first.pid}, started " in line and str(out) in line
    assert "wait for it to finish, or use another output folder" in line
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert not dead.exists() and live.read_text() == "in progress"
    live.unlink()
    assert hidden_files(out) == []  # the lock file goes with its batch
    # a lock file left by a killed batch holds no lock: the next batch runs
    (out / LOCK_NAME).write_text("pid 1, started long ago\n")
    again = run(tiny, "batch", batch)
    assert again.returncode == 0 and again.stdout.count("unchanged") == 2


# --- no symlink followed on any write ---------------------------------------------------------

def test_symlinks_planted_at_every_predictable_name_are_never_followed(tiny):
    victim = tiny.parent / "victim.txt"
    victim.write_text("precious\n")
    out = tiny.parent / "out"
    out.mkdir()
    names = ["AAPL.html", "AAPL.ipynb", "AAPL.failed.ipynb", "plotly.min.js", "index.html",
             "manifest.json", "compare.html"]
    pid = os.getpid()  # the old partial name held the pid: plant it for the next pids to come
    names += [f".AAPL.{p}.partial.ipynb" for p in range(pid, pid + 300)]
    for name in names:
        (out / name).symlink_to(victim)
    result = run(tiny, "batch", config(tiny.parent, "AAPL"))
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "precious\n"
    for name in ("AAPL.html", "AAPL.ipynb", "plotly.min.js", "index.html", "manifest.json"):
        assert not (out / name).is_symlink() and (out / name).is_file(), name
    assert "ran AAPL" in (out / "AAPL.ipynb").read_text()
    # brief too, and a planted lock symlink is refused (exit 2), not followed
    result = run(tiny, "brief", "AAPL", "--out", out, "--name", "again")
    assert result.returncode == 0, result.stderr
    (out / LOCK_NAME).symlink_to(victim)
    result = run(tiny, "batch", config(tiny.parent, "AAPL"))
    assert result.returncode == 2 and "lock file" in one_line(result.stderr)
    assert victim.read_text() == "precious\n"


def test_the_audit_trail_names_papermills_paths_relative_to_the_folder(tiny):
    result = run(tiny, "brief", "JPM", "--out", tiny.parent / "o")
    assert result.returncode == 0, result.stderr
    meta = json.loads((tiny.parent / "o" / "JPM.ipynb").read_text())["metadata"]["papermill"]
    assert (meta["input_path"], meta["output_path"]) == ("tiny.ipynb", "JPM.ipynb")


# --- bidi -------------------------------------------------------------------------------------

def test_bidi_controls_never_reach_the_html():
    spoof = "Larkspur \u202egnp.exe\u202c Corp \u2066x\u2069"
    assert escape_html(spoof) == "Larkspur gnp.exe Corp x"
    nb = {"metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": f"# {spoof}"},
        {"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [
            {"output_type": "display_data", "metadata": {}, "data": {"text/html": f"<p>{spoof}</p>"}}]}]}
    page = notebook_to_html(nb, title=spoof)
    assert not BIDI_CONTROLS.search(page)
    assert "Larkspur gnp.exe Corp x" in page


def test_a_company_named_with_a_bidi_override_shows_without_it(tmp_path):
    from finlit.briefing.content import Briefing

    template = Path(__file__).parents[1] / "data" / "templates" / "example_company.csv"
    lines = template.read_text().splitlines()
    text = "\n".join("company,Evil\u202eslx.exe Corp" if line.startswith("company,") else line for line in lines)
    (tmp_path / "mine.csv").write_text(text + "\n")
    html = Briefing(str(tmp_path / "mine.csv")).summary().html
    assert "Evilslx.exe Corp" in html and "\u202e" not in html


# --- refused writes before any work -----------------------------------------------------------

@pytest.fixture
def world_readable(tiny):
    """A copy of the tiny notebook and its runner in a folder anyone can read: the
    read-only cases run as `nobody` when the tests run as root (root may write anywhere),
    and pytest's own temporary folders are private."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="finlit-readonly-"))
    folder.chmod(0o755)
    for name in ("tiny.ipynb", "run_finlit.py"):
        shutil.copy(tiny.parent / name, folder / name)
        (folder / name).chmod(0o644)
    yield folder / "tiny.ipynb"
    for path in folder.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.parametrize("where", ["file", "inside-file", "proc", "read-only", "read-only-parent"])
@pytest.mark.parametrize("verb", ["brief", "batch"])
def test_an_output_folder_that_cannot_be_written_is_exit_2_before_anything_runs(world_readable, capsys, where,
                                                                                   verb):
    tiny = world_readable
    base = tiny.parent
    (base / "a-file").write_text("x")
    locked = base / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    batch = config(base, "AAPL")
    batch.chmod(0o644)
    out = {"file": base / "a-file", "inside-file": base / "a-file" / "sub", "proc": "/proc/finlit",
           "read-only": locked, "read-only-parent": locked / "new"}[where]
    args = ["brief", "AAPL", "--out", out] if verb == "brief" else ["batch", batch, "--out", out]
    started = time.monotonic()
    if where.startswith("read-only"):  # as a real user would meet it: a process, not root
        kw = {"user": "nobody"} if os.geteuid() == 0 else {}
        result = run(tiny, *args, sleep=30, **kw)
        code, err = result.returncode, result.stderr
    else:  # in this process, with the real briefing notebook: it must not start
        from finlit.cli import main

        code, err = main([str(a) for a in args]), capsys.readouterr().err
    assert code == 2, err
    line = one_line(err)
    assert str(out) in line
    assert {"file": "is a file", "inside-file": "which is a file", "proc": "/proc is a system folder",
            "read-only": "cannot write to the output folder",
            "read-only-parent": "cannot create the output folder"}[where] in line
    assert time.monotonic() - started < 15  # the 30-second notebook never ran
    assert sorted(p.name for p in locked.iterdir()) == []


# --- a wall-clock limit per briefing ----------------------------------------------------------

def test_brief_over_its_time_limit_fails_with_one_line(tiny):
    started = time.monotonic()
    result = run(tiny, "brief", "AAPL", "--out", tiny.parent / "o", "--timeout", 2, slow="AAPL")
    assert result.returncode == 1
    assert "ran over its time limit of 2 s" in one_line(result.stderr)
    assert time.monotonic() - started < 20
    assert list((tiny.parent / "o").iterdir()) == []


def test_a_batch_briefing_over_its_time_limit_fails_alone(tiny):
    batch = config(tiny.parent, "AAPL", "MSFT", "JPM", extra="timeout = 3\n")
    started = time.monotonic()
    result = run(tiny, "batch", batch, "--jobs", 2, slow="MSFT")
    assert result.returncode == 3, result.stderr
    assert time.monotonic() - started < 30
    manifest = {b["name"]: b for b in json.loads((tiny.parent / "out" / "manifest.json").read_text())["briefings"]}
    assert [manifest[t]["status"] for t in ("AAPL", "MSFT", "JPM")] == ["ok", "failed", "ok"]
    assert "ran over its time limit of 3 s" in manifest["MSFT"]["error"] and manifest["MSFT"]["attempts"] == 1
    failures = [line for line in result.stdout.splitlines() if "failed" in line]
    assert len(failures) == 1 and "MSFT" in failures[0]
    assert result.stderr == ""


# --- batch files: one line naming the key and the fix ------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("[[briefing]\ntarget = 'AAPL'\n", ["not valid TOML"]),
    ('jobs = "many"\n[[briefing]]\ntarget = "AAPL"\n', ["jobs = 'many'", "jobs = 4"]),
    ("jobs = 0\n[[briefing]]\ntarget = 'AAPL'\n", ["jobs = 0", "1 or more"]),
    ("defaults = 5\n[[briefing]]\ntarget = 'AAPL'\n", ["defaults = 5", "[defaults]"]),
    ('briefing = ["AAPL"]\n', ["briefing = ['AAPL']", "[[briefing]]"]),
    ("out = 5\n[[briefing]]\ntarget = 'AAPL'\n", ["out = 5", 'out = "briefings"']),
    ("timeout = -1\n[[briefing]]\ntarget = 'AAPL'\n", ["timeout", "above 0"]),
    ("timeout = 'soon'\n[[briefing]]\ntarget = 'AAPL'\n", ["timeout", "'soon'"]),
])
def test_bad_batch_files_are_exit_2_with_one_line(tmp_path, capsys, text, words):
    from finlit.cli import main

    (tmp_path / "b.toml").write_text(text)
    assert main(["batch", str(tmp_path / "b.toml")]) == 2
    line = one_line(capsys.readouterr().err)
    assert all(w in line for w in words), line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.toml"]  # nothing written


def test_a_foreign_manifest_is_ignored_with_a_note_and_rewritten(tiny):
    out = tiny.parent / "out"
    out.mkdir()
    (out / "manifest.json").write_text("[1, 2]\n")
    batch = config(tiny.parent, "AAPL")
    result = run(tiny, "batch", batch)
    assert result.returncode == 0, result.stderr
    assert "is not a finlit batch manifest: ignoring it" in one_line(result.stderr)
    assert _load_manifest(out / "manifest.json")["AAPL"]["status"] == "ok"
    again = run(tiny, "batch", batch)
    assert again.returncode == 0 and again.stderr == "" and "unchanged  AAPL" in again.stdout


# --- progress ---------------------------------------------------------------------------------

def test_progress_in_a_pipe_is_plain_lines_from_the_first_second(tiny):
    batch = config(tiny.parent, *TICKERS)
    assert run(tiny, "batch", batch, "--jobs", 2).returncode == 0
    (tiny.parent / "out" / "XOM.html").unlink()  # one to make again, three skipped
    config(tiny.parent, *TICKERS, "JPM2")  # and a failing new one (unknown ticker)
    process = subprocess.Popen(command(tiny, "batch", batch, "--jobs", 2), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=environment(0.5), cwd=tiny.parent)
    started = time.monotonic()
    first = process.stdout.readline()
    assert time.monotonic() - started < 8  # before warming up, before any briefing
    rest, err = process.stdout.read(), process.stderr.read()
    assert process.wait(timeout=120) == 3 and err == ""
    assert first == f"5 briefings: 3 up to date (skipped), 2 to run with 2 workers, into {tiny.parent / 'out'}\n"
    lines = rest.splitlines()
    assert lines[:3] == ["unchanged  AAPL", "unchanged  MSFT", "unchanged  JPM"]
    done = sorted(lines[3:5], key=lambda line: line[:5])
    assert done[0].startswith("[1/2] ") and "(about " in done[0] and " left)" in done[0]
    assert done[1].startswith("[2/2] ") and "left" not in done[1]
    assert any(" ok      XOM  " in line for line in done)
    assert any(" failed  JPM2  " in line and "unknown ticker" in line for line in done)
    assert lines[5] == f"4 of 5 briefings ready in {tiny.parent / 'out'}; index: {tiny.parent / 'out' / 'index.html'}"
    assert "\x1b" not in rest  # no terminal codes in a pipe


def test_quiet_prints_only_failures_and_the_summary(tiny):
    batch = config(tiny.parent, "AAPL", "NOSUCH")
    result = run(tiny, "batch", batch, "-q")
    assert result.returncode == 3 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("[2/2] failed  NOSUCH") or lines[0].startswith("[1/2] failed  NOSUCH")
    assert lines[1].startswith("1 of 2 briefings ready in ")


def test_on_a_terminal_a_live_bar_runs_below_the_lines(tiny):
    import pty

    batch = config(tiny.parent, "AAPL", "MSFT")
    leader, follower = pty.openpty()
    process = subprocess.Popen(command(tiny, "batch", batch), stdout=follower, stderr=subprocess.PIPE,
                               env=dict(environment(1.0), COLUMNS="100", TERM="xterm"), cwd=tiny.parent)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert process.returncode == 0
    assert "━" in screen and "2/2" in screen  # rich's bar and its done/total
    assert "[1/2] ok" in screen and "2 of 2 briefings ready" in screen


def test_progress_on_a_dask_cluster_says_where_and_counts_its_workers():
    from finlit.briefing.batch import Outcome

    lines = []
    progress = Progress(log=lines.append)
    progress.plan(total=7, skipped=1, out="o", jobs=3, where="with 3 Dask workers")
    for name in "ABC":
        progress.done(Outcome(name, "ok", {}, seconds=6.0))
    assert lines[0] == "7 briefings: 1 up to date (skipped), 6 to run with 3 Dask workers, into o"
    assert lines[1] == "[1/6] ok      A  6.0 s  (about 10 s left)"  # 6 s a briefing, 5 left, 3 workers


def test_progress_lines_in_process():
    from finlit.briefing.batch import Outcome

    lines = []
    progress = Progress(log=lines.append)
    assert progress.bar is False  # not print, so never a live bar
    progress.plan(total=5, skipped=1, out="o", jobs=2)
    for name, seconds in (("A", 4.0), ("B", 8.0), ("C", 6.0), ("D", 2.0)):
        progress.done(Outcome(name, "ok", {}, seconds=seconds))
    assert lines == [
        "5 briefings: 1 up to date (skipped), 4 to run with 2 workers, into o",
        "[1/4] ok      A  4.0 s  (about 6 s left)",    # 4 s a briefing, 3 left, 2 workers
        "[2/4] ok      B  8.0 s  (about 6 s left)",    # 6 s a briefing, 2 left
        "[3/4] ok      C  6.0 s  (about 3 s left)",    # 6 s a briefing, 1 left
        "[4/4] ok      D  2.0 s",
    ]
