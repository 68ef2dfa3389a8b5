"""Screenshots of the dashboard's views for docs/screenshots/.

Codes the bundled sample reports into a temporary store, starts `detente serve` on a free
127.0.0.1 port (or uses --url), drives headless Chromium (Debian's chromium and
chromium-driver) with Selenium and writes one PNG a view:

    .venv/bin/python bench/screenshots.py [--out docs/screenshots] [--url http://127.0.0.1:8000]

Exits 0 with a "skipped:" line when Chromium or Selenium is not installed.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOGGER = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src/detente/data/samples"
DETENTE = Path(sys.executable).with_name("detente")
# Window size of the screenshots: wide enough for the table and the evidence side by side.
WINDOW = (1400, 1100)
# Seconds to wait for the server and for each view to draw.
TIMEOUT = 30
# The pair shown in the dyad screenshot: present in the sample reports.
PAIR = ("PAK", "RUS")
# Chromium flags: no sandbox (root in CI), no background traffic of its own.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--hide-scrollbars",
)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, timeout: float = TIMEOUT) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer within {timeout} s") from None
            time.sleep(0.3)


def browser(profile: Path):  # -> selenium WebDriver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={WINDOW[0]},{WINDOW[1]}")
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def shoot(base: str, out: Path, profile: Path) -> list[Path]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    out.mkdir(parents=True, exist_ok=True)
    driver = browser(profile)
    wait = WebDriverWait(driver, TIMEOUT)
    written: list[Path] = []
    try:
        driver.get(f"{base}/#events?actor={PAIR[1]}")
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#events tbody tr")))
        rows = driver.find_elements(By.CSS_SELECTOR, "#events tbody tr")
        # Open the first row whose event has both actors (shows all three highlights).
        target = next((r for r in rows if "—" not in r.text.split("\n")[2:4]), rows[0])
        target.click()
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#detail-evidence mark")))
        time.sleep(0.3)
        written.append(save(driver, out / "events.png"))

        driver.get(f"{base}/#dyad?pair={PAIR[0]},{PAIR[1]}")
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#dyad-svg path.curve")))
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#trends-list li")))
        written.append(save(driver, out / "dyad.png"))

        driver.get(f"{base}/#network")
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#network-svg .node")))
        written.append(save(driver, out / "network.png"))

        driver.get(f"{base}/#map")
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#map-svg .marker")))
        marker = driver.find_elements(By.CSS_SELECTOR, "#map-svg .marker")[0]
        driver.execute_script(
            "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", marker
        )
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#map-list li a")))
        written.append(save(driver, out / "map.png"))
    finally:
        driver.quit()
    return written


def save(driver, path: Path) -> Path:  # driver: selenium WebDriver
    time.sleep(0.3)  # let the last paint land
    driver.save_screenshot(str(path))
    print(f"wrote {path}")
    return path


def serve_samples(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    db = tmp / "samples.duckdb"
    subprocess.run(
        [str(DETENTE), "ingest", "--db", str(db), str(SAMPLES)], check=True, capture_output=True
    )
    port = free_port()
    server = subprocess.Popen(
        [str(DETENTE), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/summary")
    except TimeoutError:
        server.terminate()
        raise
    return server, base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    parser.add_argument("--url", help="use a running server instead of starting one")
    args = parser.parse_args()
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        print("skipped: chromium and chromium-driver are not installed")
        return 0
    try:
        import selenium  # noqa: F401
    except ImportError:
        print("skipped: selenium is not installed (pip install -e '.[dev]')")
        return 0
    with tempfile.TemporaryDirectory(prefix="detente-shots-") as name:
        tmp = Path(name)
        server = None
        base = args.url
        if not base:
            server, base = serve_samples(tmp)
        try:
            shoot(base.rstrip("/"), args.out, tmp / "profile")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
