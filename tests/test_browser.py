"""The dashboard in a real browser: headless Chromium (Debian's chromium and
chromium-driver) driven by Selenium against `detente serve` on 127.0.0.1, over a store
coded from the bundled sample reports.

Skips when Chromium or Selenium is missing, unless CI is set: then it must run (.ci/run
installs Chromium first).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src/detente/data/samples"
# Seconds to wait for the server to answer and for a view to draw.
SERVER_TIMEOUT = 60
VIEW_TIMEOUT = 20
# A pair the sample reports have events for (Pakistan and Russia).
PAIR = ("PAK", "RUS")
# Headless, sandbox off (root in CI), nothing fetched by the browser on its own account.
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
    "--window-size=1400,1000",
)
# Runs the CLI with this interpreter, wherever its scripts are installed.
CLI = [sys.executable, "-c", "import sys; from detente.cli import main; sys.exit(main())"]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
IN_CI = bool(os.environ.get("CI"))

if not IN_CI:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(
            "chromium and chromium-driver are not installed "
            "(apt-get install chromium chromium-driver); CI installs them",
            allow_module_level=True,
        )
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[dev]')")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.load(answer)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if IN_CI:
        assert CHROMIUM and CHROMEDRIVER, "CI is set but chromium/chromedriver are missing"
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "samples.duckdb"
    subprocess.run([*CLI, "ingest", "--db", str(db), str(SAMPLES)], check=True, timeout=600)
    port = free_port()
    log = (tmp / "serve.log").open("wb")
    server = subprocess.Popen(
        [*CLI, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_TIMEOUT
    while True:
        try:
            get_json(f"{base}/api/summary")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                pytest.fail(
                    "detente serve did not start:\n" + (tmp / "serve.log").read_text()[-2000:]
                )
            time.sleep(0.3)
    yield base
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER or "/usr/bin/chromedriver")
    browser = webdriver.Chrome(options=options, service=service)
    yield browser
    browser.quit()


def wait(driver: WebDriver) -> WebDriverWait:
    return WebDriverWait(driver, VIEW_TIMEOUT)


def open_view(driver: WebDriver, base_url: str, hash_: str, ready: str) -> None:
    """Load the page at `#hash_` afresh and wait for the CSS selector `ready`."""
    driver.get("about:blank")
    driver.get(f"{base_url}/#{hash_}")
    wait(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, ready)))


def rows(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "#events tbody tr")


def total_shown(driver: WebDriver) -> int:
    # "#page" reads "1–50 of 150 events".
    text = driver.find_element(By.ID, "page").text
    return int(text.split(" of ")[1].split()[0].replace(",", ""))


def click(driver: WebDriver, element: WebElement) -> None:
    # SVG elements and rows under sticky panels: dispatch the click itself.
    driver.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", element
    )


def submit_filters(driver: WebDriver, **values: str) -> None:
    form = driver.find_element(By.ID, "search")
    for name, value in values.items():
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def test_table_lists_all_events(driver: WebDriver, base_url: str) -> None:
    summary = get_json(f"{base_url}/api/summary")
    open_view(driver, base_url, "events", "#events tbody tr")
    assert total_shown(driver) == summary["events"] > 0
    assert driver.find_element(By.ID, "n-events").text == str(summary["events"])


def test_search_narrows_the_table(driver: WebDriver, base_url: str) -> None:
    open_view(driver, base_url, "events", "#events tbody tr")
    before = total_shown(driver)
    submit_filters(driver, q="Taliban")
    wait(driver).until(lambda d: total_shown(d) != before)
    narrowed = total_shown(driver)
    assert 0 < narrowed < before
    expected = get_json(f"{base_url}/api/events?q=Taliban&limit=1")["total"]
    assert narrowed == expected
    assert "q=Taliban" in driver.current_url  # the filters live in the URL

    submit_filters(driver, q="", actor=PAIR[0])
    wait(driver).until(lambda d: total_shown(d) != narrowed)
    codes = [
        [c.text for c in row.find_elements(By.CSS_SELECTOR, "td .code")] for row in rows(driver)
    ]
    assert codes
    for source, _cameo, *target in codes:
        assert source.startswith(PAIR[0]) or (target and target[0].startswith(PAIR[0]))


def test_quad_class_filter(driver: WebDriver, base_url: str) -> None:
    open_view(driver, base_url, "events?quad_class=4", "#events tbody tr")
    assert total_shown(driver) == get_json(f"{base_url}/api/events?quad_class=4")["total"]
    assert all("q4" in row.get_attribute("class") for row in rows(driver))


def test_row_opens_evidence_with_highlights(driver: WebDriver, base_url: str) -> None:
    open_view(driver, base_url, f"events?pair={PAIR[0]},{PAIR[1]}", "#events tbody tr")
    row = rows(driver)[0]
    event = get_json(f"{base_url}/api/events/{row.get_attribute('data-id')}")
    click(driver, row)
    wait(driver).until(ec.visibility_of_element_located((By.ID, "detail")))
    wait(driver).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "#detail-evidence mark.source"))
    )
    evidence = driver.find_element(By.ID, "detail-evidence")
    assert evidence.text == event["evidence"]
    marks = {m.get_attribute("class"): m.text for m in evidence.find_elements(By.TAG_NAME, "mark")}
    assert marks["source"] == event["source"]["text"]
    assert marks["target"] == event["target"]["text"]
    assert (
        marks["trigger"]
        == event["evidence"][
            event["trigger_start"] - event["start"] : event["trigger_end"] - event["start"]
        ]
    )
    assert "selected" in row.get_attribute("class")


def test_dyad_view_draws_a_curve(driver: WebDriver, base_url: str) -> None:
    summary = get_json(f"{base_url}/api/summary")
    open_view(driver, base_url, "dyad", "#dyad-svg path.curve")
    # Prefilled with the busiest pair.
    top = summary["top_pairs"][0]
    assert driver.find_element(By.ID, "dyad-a").get_attribute("value") == top["source"]
    assert driver.find_element(By.ID, "dyad-b").get_attribute("value") == top["target"]

    for field, value in zip(("dyad-a", "dyad-b"), PAIR, strict=True):
        driver.find_element(By.ID, field).clear()
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#dyad-form button[type=submit]").click()
    wait(driver).until(
        lambda d: f"{PAIR[0]} – {PAIR[1]}" in d.find_element(By.ID, "dyad-trend").text
    )

    series = get_json(f"{base_url}/api/dyad?a={PAIR[0]}&b={PAIR[1]}")["series"]
    with_mean = [p for p in series if p["goldstein_mean"] is not None]
    assert len(with_mean) >= 2
    path = driver.find_element(By.CSS_SELECTOR, "#dyad-svg path.curve")
    d = path.get_attribute("d")
    assert d.startswith("M") and d.count("L") == len(with_mean) - 1
    assert len(driver.find_elements(By.CSS_SELECTOR, "#dyad-svg circle.point")) == len(with_mean)
    assert len(driver.find_elements(By.CSS_SELECTOR, "#dyad-svg g.bar")) == sum(
        1 for p in series if p["events"]
    )
    assert driver.find_elements(By.CSS_SELECTOR, "#trends-list li a")

    # A period's bar opens its events in the table.
    click(driver, driver.find_element(By.CSS_SELECTOR, "#dyad-svg g.bar"))
    wait(driver).until(ec.visibility_of_element_located((By.ID, "view-events")))
    wait(driver).until(lambda d: f"pair={PAIR[0]}" in d.current_url and rows(d))
    first = dt.date.fromisoformat(series[0]["period"])  # a month: the default interval
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    assert f"since={first}" in driver.current_url and f"until={last}" in driver.current_url
    expected = get_json(
        f"{base_url}/api/events?pair={PAIR[0]},{PAIR[1]}&since={first}&until={last}"
    )["total"]
    assert total_shown(driver) == expected >= series[0]["events"]


def test_dyad_view_reports_bad_input(driver: WebDriver, base_url: str) -> None:
    open_view(driver, base_url, "dyad", "#dyad-svg")
    field = driver.find_element(By.ID, "dyad-a")
    field.clear()
    field.send_keys("P@K!")
    driver.find_element(By.CSS_SELECTOR, "#dyad-form button[type=submit]").click()
    status = driver.find_element(By.ID, "dyad-status")
    wait(driver).until(lambda d: "error" in status.get_attribute("class"))
    assert status.text.startswith("Dyad failed: 422")


def test_network_view_draws_nodes_and_edges(driver: WebDriver, base_url: str) -> None:
    open_view(driver, base_url, "network", "#network-svg circle.node")
    graph = get_json(f"{base_url}/api/network")
    nodes = driver.find_elements(By.CSS_SELECTOR, "#network-svg circle.node")
    edges = driver.find_elements(By.CSS_SELECTOR, "#network-svg path.edge")
    assert len(nodes) == len(graph["nodes"]) >= 2
    non_loops = [e for e in graph["edges"] if e["source"] != e["target"]]
    assert len(edges) == len(non_loops) >= 1
    # Every node lies inside the drawing.
    svg = driver.find_element(By.ID, "network-svg")
    width, height = int(svg.get_attribute("width")), int(svg.get_attribute("height"))
    for group in driver.find_elements(By.CSS_SELECTOR, "#network-svg g.node-group"):
        x, y = map(float, group.get_attribute("transform")[10:-1].split())
        assert 0 <= x <= width and 0 <= y <= height

    # The country level groups actors into fewer nodes.
    driver.find_element(By.CSS_SELECTOR, "#network-level option[value=country]").click()
    driver.find_element(By.CSS_SELECTOR, "#network-form button[type=submit]").click()
    countries = get_json(f"{base_url}/api/network?level=country")["nodes"]
    wait(driver).until(
        lambda d: (
            len(d.find_elements(By.CSS_SELECTOR, "#network-svg circle.node")) == len(countries)
        )
    )


def test_map_shows_markers(driver: WebDriver, base_url: str) -> None:
    open_view(driver, base_url, "map", "#map-svg circle.marker")
    items = get_json(f"{base_url}/api/map")["items"]
    markers = driver.find_elements(By.CSS_SELECTOR, "#map-svg circle.marker")
    assert len(markers) == len(items) >= 1
    assert len(driver.find_elements(By.CSS_SELECTOR, "#map-svg path.country")) > 150
    # The biggest marker is the busiest place; clicking it lists the place's events.
    radii = [float(m.get_attribute("data-r")) for m in markers]
    biggest = markers[radii.index(max(radii))]
    assert biggest.get_attribute("data-name") == items[0]["name"]
    click(driver, biggest)
    wait(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#map-list li a")))
    assert items[0]["name"] in driver.find_element(By.ID, "map-place").text

    # The wheel zooms in around the cursor (the viewBox shrinks).
    chart = driver.find_element(By.ID, "map-svg")
    before = [float(v) for v in chart.get_dom_attribute("viewBox").split()]
    driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "arguments[0].dispatchEvent(new WheelEvent('wheel', {deltaY: -100, bubbles: true,"
        " cancelable: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}))",
        chart,
    )
    after = [float(v) for v in chart.get_dom_attribute("viewBox").split()]
    assert after[2] < before[2] and after[3] < before[3]

    # Filters apply: material conflict only.
    conflict = get_json(f"{base_url}/api/map?quad_class=4")["items"]
    open_view(driver, base_url, "map?quad_class=4", "#map-svg")
    wait(driver).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map-svg circle.marker")) == len(conflict)
    )


def test_nothing_loaded_from_outside_and_no_errors(driver: WebDriver, base_url: str) -> None:
    driver.get_log("browser")  # reading the log empties it: start from here
    for view, ready in (
        ("events", "#events tbody tr"),
        ("dyad", "#dyad-svg"),
        ("network", "#network-svg"),
        ("map", "#map-svg"),
    ):
        open_view(driver, base_url, view, ready)
        urls = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        outside = [u for u in urls if not u.startswith(base_url)]
        assert not outside, f"{view} loaded {outside}"
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
