"""Open finlit's HTML in a real headless Chromium (Debian's `chromium` and `chromium-driver`),
with the network off, and report what a person would see: charts rendered, console errors,
resources fetched. `python3 scripts/dev.py test` installs the browser; under CI a missing
browser is a failure, elsewhere the browser tests skip with the reason."""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def require_browser():
    missing = [n for n, p in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)) if not p]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip)")
    if missing:
        reason = f"browser tests need {', '.join(missing)}: run `python3 scripts/dev.py test`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@dataclass
class PageReport:
    charts: int            # plotly graph divs on the page
    rendered: int          # of them with their SVG drawn
    console_errors: list
    remote_requests: list  # resources fetched from anywhere but file://
    text: str
    screenshot: Path


def open_page(path: Path, screenshot_name: str, wait_s: float = 15.0) -> PageReport:
    """Load a local HTML file offline and wait until every plotly chart has drawn its SVG."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,2000",
                # the network is off: no name resolves and every proxy connection is refused
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get(Path(path).resolve().as_uri())
        deadline = time.monotonic() + wait_s
        count_js = ("return [document.querySelectorAll('.plotly-graph-div').length, "
                    "document.querySelectorAll('.plotly-graph-div .main-svg').length > 0 ? "
                    "Array.from(document.querySelectorAll('.plotly-graph-div'))"
                    ".filter(d => d.querySelector('svg.main-svg')).length : 0]")
        charts, rendered = driver.execute_script(count_js)
        while rendered < charts and time.monotonic() < deadline:
            time.sleep(0.2)
            charts, rendered = driver.execute_script(count_js)
        remote = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(n => !n.startsWith('file:') && !n.startsWith('data:'))")
        errors = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        text = driver.execute_script("return document.body.innerText")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"{screenshot_name}.png"
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1280, min(max(height, 800), 12000))
        driver.save_screenshot(str(shot))
        return PageReport(charts, rendered, errors, remote, text, shot)
    finally:
        driver.quit()


# --- JupyterLab, contrast and chart layout (issue 14) ------------------------------------------

def new_driver(width: int = 1280, height: int = 1000):
    """A headless Chromium for pages served from this machine (JupyterLab on 127.0.0.1): every
    other host name resolves to nothing, so nothing leaves the machine."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--window-size={width},{height}", "--no-proxy-server",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLab:
    """JupyterLab from this venv on a free local port, no token, serving `root`, in `theme`
    ("JupyterLab Light" or "JupyterLab Dark"), with its own settings, data and runtime folders
    under `home` (nothing of the user's is read or written). Notebooks in `root` are signed as
    trusted in that data folder, so their outputs render as they do right after running.
    Every cell is attached to the page (no windowing), nothing autosaves, the app is exposed as
    `window.jupyterapp` for opening notebooks without reloading.

    with JupyterLab(root, home, "JupyterLab Dark") as lab: driver.get(lab.url)
    """

    SETTINGS = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
            {"windowingMode": "none", "kernelShutdown": True},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
    }

    def __init__(self, root: Path, home: Path, theme: str = "JupyterLab Light"):
        self.root, self.home, self.theme = Path(root), Path(home), theme
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/lab"
        self.process = None

    def start(self, wait_s: float = 90.0) -> "JupyterLab":
        """Launch the server and wait until it answers."""
        return self.launch().wait(wait_s)

    def launch(self) -> "JupyterLab":
        """Launch the server (two can start side by side; `wait` for each)."""
        import json
        import subprocess
        import sys

        import nbformat
        from nbformat.sign import NotebookNotary

        settings = self.home / "settings"
        for name, values in {**self.SETTINGS, "@jupyterlab/apputils-extension/themes.jupyterlab-settings":
                             {"theme": self.theme}}.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(values))
        dirs = {k: self.home / k.lower() for k in ("JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                                                     "JUPYTER_CONFIG_DIR", "JUPYTERLAB_WORKSPACES_DIR")}
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        notary = NotebookNotary(data_dir=str(dirs["JUPYTER_DATA_DIR"]))
        for path in self.root.rglob("*.ipynb"):
            notary.sign(nbformat.read(str(path), as_version=4))
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), **{k: str(v) for k, v in dirs.items()})
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                   "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={self.root}",
                   "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")   # CI containers run as root
        self.log = self.home / "jupyterlab.log"
        self.process = subprocess.Popen(command, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        return self

    def wait(self, wait_s: float = 90.0) -> "JupyterLab":
        """Wait until the server answers (or fail with the end of its log)."""
        import urllib.request

        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.process.returncode}: "
                                   + self.log.read_text()[-2000:])
            try:
                direct.open(f"http://127.0.0.1:{self.port}/api/status", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {wait_s:.0f} s: " + self.log.read_text()[-2000:])

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except Exception:  # noqa: BLE001 - it would not stop: make it
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "JupyterLab":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# WCAG 2.x contrast of each text element's colour over the background it is drawn on: the first
# opaque background up its ancestors, with translucent ones (and translucent text) blended in.
CONTRAST_JS = r"""
const groups = arguments[0];   // {name: css selector}
const parse = s => { const m = /rgba?\(([^)]+)\)/.exec(s); if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
const under = el => { const layers = [];
  for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
  let out = [255, 255, 255];
  for (let i = layers.length - 1; i >= 0; i--) { const c = layers[i]; out = out.map((v, k) => c[k] * c[3] + v * (1 - c[3])); }
  return out; };
const lum = c => { const f = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]; };
const ownText = el => Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
const result = {};
for (const [name, selector] of Object.entries(groups)) {
  result[name] = [];
  document.querySelectorAll(selector).forEach(el => {
    if (!ownText(el) || !el.getClientRects().length) return;
    const bg = under(el), fg = parse(getComputedStyle(el).color);
    if (!fg) { result[name].push({text: el.textContent.slice(0, 40), ratio: 0, color: getComputedStyle(el).color}); return; }
    const ink = fg.slice(0, 3).map((v, k) => v * fg[3] + bg[k] * (1 - fg[3]));
    const a = lum(ink), b = lum(bg);
    result[name].push({text: el.textContent.trim().slice(0, 40), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
                       color: getComputedStyle(el).color, background: 'rgb(' + bg.map(Math.round).join(',') + ')'});
  });
}
return result;
"""


def contrast(driver, groups: dict) -> dict:
    """{group: [{text, ratio, color, background}]} for every visible element with text of its
    own matching the group's CSS selector."""
    return driver.execute_script(CONTRAST_JS, groups)


# Where each plotly chart put its title and legend, its tick labels per numeric axis, and the
# contrast of its title over its own paper.
CHARTS_JS = r"""
const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
  return r.width && r.height ? [r.left, r.top, r.right, r.bottom] : null; };
return Array.from(document.querySelectorAll('.js-plotly-plot')).filter(p => p._fullLayout).map(p => {
  const layout = p._fullLayout, ticks = {}, tickBoxes = [];
  p.querySelectorAll('g.xtick, g.ytick, g.x2tick, g.y2tick, g.x3tick, g.y3tick').forEach(t => {
    const cls = t.getAttribute('class').split(' ')[0], axis = layout[cls[0] + 'axis' + cls.slice(1, -4)];
    tickBoxes.push(box(t));
    if (axis && axis.type === 'linear') (ticks[cls] = ticks[cls] || []).push(t.textContent); });
  const title = p.querySelector('.gtitle');
  const named = p.closest('[data-name]');
  const r = p.getBoundingClientRect(), size = layout._size;
  return {name: named ? named.dataset.name : (title ? title.textContent.slice(0, 60) : ''),
          width: r.width, figure: [r.left, r.top, r.right, r.bottom],
          plot: [r.left + size.l, r.top + size.t, r.left + size.l + size.w, r.top + size.t + size.h], title: box(title), legend: box(p.querySelector('g.legend')),
          ticks: ticks, tickBoxes: tickBoxes, paper: layout.paper_bgcolor,
          titleColor: title ? getComputedStyle(title).fill : null};
});
"""


def charts_layout(driver) -> list[dict]:
    """Every drawn plotly chart on the page: {name, width, figure, plot (the plotting area),
    title, legend (bounding boxes [left, top, right, bottom] or None), ticks {axis class:
    [labels]} of numeric axes, tickBoxes, paper colour, title colour}."""
    return driver.execute_script(CHARTS_JS)


def overlap(a, b) -> bool:
    """Whether two bounding boxes [left, top, right, bottom] overlap."""
    return bool(a and b and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def title_fits(chart: dict) -> bool:
    """Whether a chart's title (from `charts_layout`) lies inside the figure, above the plot."""
    t, f, p = chart["title"], chart["figure"], chart["plot"]
    return not t or (t[0] >= f[0] - 1 and t[2] <= f[2] + 1 and t[1] >= f[1] - 1 and t[3] <= p[1] + 1)


def repeated_ticks(chart: dict) -> dict:
    """The numeric axes of a chart (from `charts_layout`) whose tick labels repeat."""
    return {axis: labels for axis, labels in chart["ticks"].items() if len(labels) != len(set(labels))}


def wcag_ratio(colour_a: str, colour_b: str) -> float:
    """WCAG contrast of two opaque CSS colours ('#rrggbb', 'rgb(r, g, b)', 'white', 'black')."""
    import re

    def channels(c):
        c = c.strip().lower()
        c = {"white": "#ffffff", "black": "#000000"}.get(c, c)
        if c.startswith("#"):
            return [int(c[i:i + 2], 16) for i in (1, 3, 5)]
        return [float(v) for v in re.findall(r"[\d.]+", c)[:3]]

    def lum(c):
        f = [v / 255 for v in channels(c)]
        f = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in f]
        return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]

    a, b = lum(colour_a), lum(colour_b)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


MATHS_JS = ("return document.querySelectorAll('.finlit-output :is(mjx-container, .MathJax, .MathJax_Display, "
            ".katex, .katex-display)').length")


def inspect_page(path: Path, groups: dict, widths=(600, 950, 1400), wait_s: float = 15.0) -> dict:
    """Open a local HTML file offline at each window width and measure it once every chart has
    drawn: {width: {"charts": charts_layout, "contrast": contrast(groups) (at the first width),
    "maths": elements typeset as maths inside finlit's outputs, "alignment": table_alignment,
    "text": the page's text}}."""
    driver = new_driver(widths[0], 1000)
    out = {}
    try:
        for i, width in enumerate(widths):
            driver.set_window_size(width, 1000)
            driver.get(Path(path).resolve().as_uri())
            deadline = time.monotonic() + wait_s
            while time.monotonic() < deadline and driver.execute_script(
                    "return Array.from(document.querySelectorAll('.plotly-graph-div'))"
                    ".filter(d => !d.querySelector('svg.main-svg')).length") > 0:
                time.sleep(0.2)
            out[width] = {"charts": charts_layout(driver), "maths": driver.execute_script(MATHS_JS),
                          "alignment": table_alignment(driver),
                          "contrast": contrast(driver, groups) if i == 0 else {},
                          "text": driver.execute_script("return document.body.innerText")}
    finally:
        driver.quit()
    return out


ALIGN_JS = r"""
const scope = arguments[0] ? document.getElementById(arguments[0]) : document;
const seen = sel => Array.from(new Set(Array.from(scope.querySelectorAll(sel))
  .filter(e => e.getClientRects().length).map(e => getComputedStyle(e).textAlign)));
return {labels: seen('.finlit-table tbody th, .finlit-table caption'), numbers: seen('.finlit-table td.num'),
        words: seen('.finlit-table td.text')};
"""


def table_alignment(driver, scope_id: str = "") -> dict:
    """The computed text-align values of finlit's table labels (row labels, section headings,
    captions), number cells and cells of words: {"labels": [...], "numbers": [...], "words": [...]}."""
    return driver.execute_script(ALIGN_JS, scope_id)
