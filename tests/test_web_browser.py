"""The web app in a real browser: headless Chromium (Debian's package, driven by Playwright through
its executable path; no browser is downloaded) against one real server on 127.0.0.1 over the
examples' store plus a report whose text holds markup. Skips when chromium or playwright is absent."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium); "
                                                         "the browser tests need it")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed (pip install -e '.[test]')")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
# Written for this test: a report whose sentences carry markup that must stay text.
MARKUP_REPORT = (
    "Militia raid on Kutum market <script>window.__pwned = 1</script>\n\n"
    "KUTUM, Sudan (Test Courier) — Gunmen attacked the livestock market in Kutum on Monday, killing 9 people, "
    "said Adam Yahya <img src=x onerror=\"window.__pwned = 2\">, a trader who saw the attack.\n\n"
    "The Rapid Support Forces denied any role in the raid on Kutum.\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, resources):
    """One real server for the module, in a thread of this process."""
    from sitrep.pipeline import ingest
    from sitrep.present.web import create_app, open_live
    from sitrep.present.web.app import LOOPBACK_HOSTS
    from sitrep.store import Store

    tmp = tmp_path_factory.mktemp("webbrowser")
    extra = tmp / "extra"
    extra.mkdir()
    (extra / "markup_report.txt").write_text(MARKUP_REPORT, encoding="utf-8")
    (extra / "manifest.json").write_text(json.dumps({"articles": [
        {"file": "markup_report.txt", "outlet": "Test <b>Courier</b>", "published": "2025-06-16", "language": "en"}]}),
        encoding="utf-8")
    db = tmp / "sitrep.db"
    store = Store(str(db))
    ingest([str(EXAMPLES)], store, resources=resources)
    ingest([str(extra)], store, resources=resources)
    port = _free_port()
    app = create_app(open_live(str(db)), allowed_hosts=LOOPBACK_HOSTS)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        # a fresh profile each run (launch_persistent_context with an empty folder): no stored state
        ctx = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("profile")), executable_path=CHROMIUM,
                                                   headless=True, args=FLAGS, viewport={"width": 1280, "height": 900})
        yield ctx
        ctx.close()


@pytest.fixture
def page(browser, server):
    """A page that records every request and every script error."""
    pg = browser.new_page()
    pg.requests = []
    pg.errors = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    pg.close()


def _local(url: str, base: str) -> bool:
    return url.startswith(base + "/") or url.startswith("data:")


def test_apply_a_filter_open_an_incident_and_see_the_highlighted_span(page, server, tmp_path):
    page.goto(server + "/")
    assert page.locator("svg.mapframe").count() == 2  # the examples cover two theatres: Darfur and the Donbas
    total = page.locator("a.inc-link").count()
    page.select_option("select[name=type]", "Battles")  # the form applies itself on change
    page.wait_for_url(re.compile(r".*type=Battles.*"))
    battles = page.locator("a.inc-link").count()
    api = json.loads(page.context.request.get(server + "/api/incidents?type=Battles").text())
    assert 0 < battles == api["count"] < total
    assert page.locator("select[name=type]").input_value() == "Battles"
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)

    first = page.locator("a.inc-link").first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    detail = json.loads(page.context.request.get(server + "/api" + href).text())
    marks = page.locator("li.claim blockquote.sentence mark").all_inner_texts()
    assert marks and marks == [c["sentence"]["mark"].strip() for c in detail["claims"]]
    text = page.locator("li.claim blockquote.sentence").first.inner_text()
    claim = detail["claims"][0]["sentence"]
    assert text.strip() == (claim["before"] + claim["mark"] + claim["after"]).strip()
    page.screenshot(path=str(tmp_path / "incident.png"), full_page=True)
    for shot in ("overview.png", "incident.png"):
        data = (tmp_path / shot).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 40_000  # a blank page compresses to a few kB
    assert not page.errors


def test_no_request_leaves_127_0_0_1(page, server):
    page.goto(server + "/")
    page.locator(".frame button[data-zoom=in]").first.click()
    page.locator(".frame[data-zoomed]").first.wait_for(timeout=15_000)
    page.goto(server + "/disputes")
    page.goto(server + "/claims")
    page.goto(server + "/")
    page.locator("a.inc-link").first.click()
    page.wait_for_load_state()
    assert page.requests and all(_local(u, server) for u in page.requests), [u for u in page.requests if not _local(u, server)]
    assert any("/map/0.svg?" in u for u in page.requests)  # the zoom asked the server for the new box
    assert not page.errors


def test_zooming_redraws_a_smaller_box_and_reset_brings_the_theatre_back(page, server):
    page.goto(server + "/")
    svg = page.locator(".frame").first.locator("svg.mapframe")
    w0, s0, e0, n0 = map(float, svg.get_attribute("data-bbox").split())
    page.locator(".frame").first.locator("button[data-zoom=in]").click()
    page.locator(".frame[data-zoomed]").first.wait_for(timeout=15_000)
    w1, s1, e1, n1 = map(float, page.locator(".frame").first.locator("svg.mapframe").get_attribute("data-bbox").split())
    assert (e1 - w1) == pytest.approx((e0 - w0) / 2, rel=0.02) and w0 < w1 < e1 < e0
    page.locator(".frame").first.locator("button[data-zoom=reset]").click()
    assert page.locator(".frame").first.locator("svg.mapframe").get_attribute("data-bbox").split() == \
        [f"{x}" for x in svg.get_attribute("data-bbox").split()]
    assert not page.errors


def test_brushing_the_timeline_filters_by_those_days(page, server):
    page.goto(server + "/")
    page.locator(".brushable svg.timeline").scroll_into_view_if_needed()
    box = page.locator(".brushable svg.timeline").bounding_box()
    y = box["y"] + box["height"] * 0.5
    page.mouse.move(box["x"] + box["width"] * 0.45, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.7, y, steps=5)
    page.mouse.up()
    page.wait_for_url(re.compile(r".*from=\d{4}-\d{2}-\d{2}.*"))
    url = page.url
    lo, hi = re.search(r"from=([\d-]+)", url).group(1), re.search(r"to=([\d-]+)", url).group(1)
    assert lo <= hi
    for d in page.locator("table.incidents td.num:first-child").all_inner_texts():
        first, last = d.split("/")[0], d.split("/")[-1]
        assert first <= hi and last >= lo  # every listed incident overlaps the brushed days
    assert not page.errors


def test_markup_in_a_report_shows_as_text(page, server):
    page.goto(server + "/claims")
    body = page.locator("main").inner_text()
    assert "<img src=x onerror=" in body or "<script>" in body  # the characters are shown…
    assert page.evaluate("() => window.__pwned === undefined")  # …and nothing of them ran
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    page.goto(server + "/?outlet=" + "Test <b>Courier</b>")
    assert page.evaluate("() => window.__pwned === undefined") and page.locator("main b:text('Courier')").count() == 0
    assert not page.errors
