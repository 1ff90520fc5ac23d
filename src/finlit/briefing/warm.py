"""Warm kernels: each briefing's kernel is forked from a process that has already imported
pandas, plotly, ipykernel and finlit, so it never waits for a cold interpreter.

Every briefing still gets its own kernel process (a fresh IPython namespace: nothing one
briefing defines is visible to the next), started from the same pre-imported parent;
papermill and nbclient drive it exactly as they drive a cold kernel, so cell time-outs
(interrupt, then kill), failures and the executed `.ipynb` are unchanged. The parent
never runs notebook code itself; it only imports modules, so what a kernel inherits is
module code, never a previous briefing's variables.

Used on POSIX systems with `fork`; elsewhere, inside a running Jupyter kernel, or with
`FINLIT_WARM_KERNEL=0` in the environment, briefings start a cold kernel as before.
"""
from __future__ import annotations

import importlib
import os
import signal
import sys
import time
from functools import lru_cache

# what the briefing notebook's kernel imports; imported once in the parent
WARM_MODULES = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython.display",
    "pandas", "numpy", "plotly.io", "plotly.graph_objects", "plotly.io._json",
    "finlit", "finlit.sources", "finlit.judge", "finlit.itspend", "finlit.itbudget",
    "finlit.explain", "finlit.explain.itspend", "finlit.explain.text", "finlit.charts",
    "finlit.charts.itspend", "finlit.display", "finlit.briefing.content",
    # imported by the kernel at start (history, psutil) and by plotly's renderers (nbformat)
    "sqlite3", "psutil", "bdb", "mimetypes", "webbrowser", "http.server", "plotly.io._renderers",
    "nbformat", "jsonschema", "pandas.core.reshape.reshape",
    "plotly.graph_objs.layout.annotation", "plotly.graph_objs.layout.shape", "plotly.graph_objs.sankey.node",
)


# arguments that keep a kernel's own log off the terminal (warm and cold kernels alike)
QUIET_KERNEL = ("--IPKernelApp.log_level=CRITICAL",)


def warm_enabled() -> bool:
    """Fork-started kernels: POSIX with fork, not switched off, not inside a kernel already."""
    if os.environ.get("FINLIT_WARM_KERNEL", "1").lower() in ("0", "false", "no", "off"):
        return False
    if not hasattr(os, "fork") or sys.platform == "win32":
        return False
    kernelapp = sys.modules.get("ipykernel.kernelapp")
    return not (kernelapp is not None and kernelapp.IPKernelApp.initialized())


@lru_cache(maxsize=1)
def warm_up() -> float:
    """Import what a briefing's kernel needs, once per process; returns the seconds it took."""
    from .._speedups import skip_slow_optional_imports

    started = time.perf_counter()
    skip_slow_optional_imports()
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # an optional part missing: the kernel imports it (or fails) itself
            pass
    import plotly.graph_objects as go  # plotly loads each trace's validators on first use

    go.Figure([go.Bar(x=[1], y=[1]), go.Scatter(x=[1], y=[1]), go.Waterfall(x=["a"], y=[1]),
               go.Sankey(node={"label": ["a", "b"]}, link={"source": [0], "target": [1], "value": [1]}),
               go.Pie(labels=["a"], values=[1])]).to_json()
    return time.perf_counter() - started


class ForkedProcess:
    """The part of `subprocess.Popen` that jupyter_client's provisioner uses, for a forked child."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = 0
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                import subprocess

                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _fresh_event_loop() -> None:
    """The fork may happen inside the parent's running asyncio loop: give the child its own."""
    import asyncio

    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(asyncio.new_event_loop())


def _renderer_as_in_a_cold_kernel() -> None:
    """plotly picks its renderer when it is first imported (plotly/io/_renderers.py): in the
    warm parent there was no kernel yet, so it picked none and figures would show as text.
    Pick what a cold kernel picks: $PLOTLY_RENDERER, else plotly_mimetype."""
    import plotly.io as pio

    pio.renderers.default = os.environ.get("PLOTLY_RENDERER") or "plotly_mimetype"


def _kernel_child(connection_file: str, parent: int) -> None:
    """In the forked child: become an IPython kernel on CONNECTION_FILE, then exit (never return)."""
    code = 0
    try:
        os.setsid()  # its own process group, as jupyter_client gives a launched kernel
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(signum, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        _fresh_event_loop()
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        # the parent's pid: the kernel exits if its parent dies, and prints no console notes;
        # its own log (e.g. "KeyboardInterrupt caught in kernel" when jupyter_client interrupts
        # it on shut-down) never reaches the user's terminal: cell errors are in the notebook
        app.initialize(["-f", connection_file, f"--IPKernelApp.parent_handle={parent}", *QUIET_KERNEL])
        _renderer_as_in_a_cold_kernel()
        app.start()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 0
    except BaseException:  # noqa: BLE001  (the kernel died: report it through the exit code)
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)  # never run the parent's stack, atexit handlers or buffers


def fork_kernel(connection_file: str) -> ForkedProcess:
    """Fork a warm kernel listening on CONNECTION_FILE (written already)."""
    warm_up()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        _kernel_child(connection_file, parent)
    return ForkedProcess(pid)


@lru_cache(maxsize=1)
def _warm_provisioner_class():
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class WarmProvisioner(LocalProvisioner):
        """Forks a warm kernel instead of running the kernel spec's command."""

        async def launch_kernel(self, cmd, **kwargs):
            self.process = fork_kernel(self.parent.connection_file)
            self.pid = self.pgid = self.process.pid
            return self.connection_info

    return LocalProvisioner, WarmProvisioner


def install_warm_provisioner(km) -> None:
    """Make a kernel manager's local provisioner fork a warm kernel (its state is kept)."""
    local, warm = _warm_provisioner_class()
    if type(km.provisioner) is local:
        km.provisioner.__class__ = warm


__all__ = ["QUIET_KERNEL", "warm_enabled", "warm_up", "fork_kernel", "install_warm_provisioner", "ForkedProcess"]
