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
