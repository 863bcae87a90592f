"""Browser tests: Debian's chromium driven by Playwright against a real server on loopback.

Never ``playwright install``: the browser is /usr/bin/chromium (apt-get install chromium).
"""

import os
import sys
from pathlib import Path

import pytest

from conftest import DATA, ServerProcess, free_port

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason="needs Debian chromium at /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def server(fixture_trig):
    port = free_port()
    sp = ServerProcess([sys.executable, "-m", "heterokg.web", "--trig", str(fixture_trig),
                        "--port", str(port), "--query-processes", "2"], port, "/sparql",
                       env={"HETEROKG_QUERIES_DIR": str(DATA / "queries")})
    yield sp.url
    sp.stop()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context()
    # everything stays on this machine: refuse any request that is not to the test server
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(server) else route.abort())
    pg = context.new_page()
    pg.set_default_timeout(15000)
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # Content-Security-Policy violations show up as console errors
    pg.on("console", lambda m: errors.append(m.text)
          if m.type == "error" and "Content Security Policy" in m.text else None)
    pg.js_errors = errors
    yield pg
    context.close()


def test_query_page_runs_an_example(page, server):
    page.goto(server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    tabs = page.locator(".tabPanel, [role=tab], .tab")
    assert page.locator("button.example").count() == 2
    page.locator("button.example", has_text="Mechanisms claimed for each material").click()
    table = page.locator(".yasr table.dataTable, .yasr table").first
    table.wait_for()
    page.wait_for_function(
        "() => document.querySelector('.yasr') && document.querySelector('.yasr').innerText.includes('built-in electric field')")
    text = page.locator(".yasr").inner_text()
    assert "Bi2S3-CuS" in text and "MoS2/graphene" in text
    assert tabs.count() >= 1
    assert not page.js_errors, page.js_errors
    shot = os.environ.get("HETEROKG_SCREENSHOTS")
    if shot:
        page.screenshot(path=str(Path(shot) / "query.png"), full_page=True)


def test_material_page_to_document(page, server):
    page.goto(server + "/resource/material/Bi2S3-CuS")
    assert page.locator("h1").inner_text() == "Bi2S3-CuS"
    assert page.locator("a.mp").count() >= 2
    claim = page.locator("article.claim", has_text="accelerates Na+ transport").first
    claim.locator("a.doc-link").click()
    page.wait_for_url("**/resource/document/001_aaaa")
    assert "Heterostructured anodes" in page.locator("h1").inner_text()
    assert page.locator("article.claim").count() == 3
    shot = os.environ.get("HETEROKG_SCREENSHOTS")
    if shot:
        page.screenshot(path=str(Path(shot) / "document.png"), full_page=True)


def test_script_quote_is_not_executed(page, server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/resource/mechanism/BuiltInElectricField")
    assert "<script>alert(1)</script>" in page.locator("blockquote.quote", has_text="MoS2/graphene").inner_text()
    assert dialogs == []
    assert not page.js_errors, page.js_errors


def test_search_box_suggests(page, server):
    page.goto(server + "/")
    page.fill("#q", "BIEF")
    page.wait_for_function("() => document.querySelectorAll('#q-suggestions option').length > 0")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=BIEF")
    page.locator("ul.hits a", has_text="built-in electric field").click()
    page.wait_for_url("**/resource/mechanism/BuiltInElectricField")
    assert not page.js_errors, page.js_errors
