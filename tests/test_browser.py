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


@pytest.fixture(scope="module")
def shipped_server():
    """The shipped graph (graph/heterokg.trig), for what only the real vocabulary and reviews hold."""
    from heterokg import paths

    port = free_port()
    sp = ServerProcess([sys.executable, "-m", "heterokg.web", "--trig", str(paths.graph_file()),
                        "--port", str(port), "--query-processes", "1"], port, "/sparql", timeout=120)
    yield sp.url
    sp.stop()


def open_page(browser, server: str):
    """A page of a fresh 1,280 px wide context that can reach ``server`` and nothing else."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
    return context, pg


@pytest.fixture
def page(browser, server):
    context, pg = open_page(browser, server)
    yield pg
    context.close()


@pytest.fixture
def shipped_page(browser, shipped_server):
    context, pg = open_page(browser, shipped_server)
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


def run_query(page, server: str, query: str) -> None:
    """Type ``query`` into the editor's tab, run it, and wait for the readable table."""
    page.goto(server + "/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("q => { const t = window.heterokgYasgui.getTab(); t.setQuery(q); t.query(); }", query)
    page.locator(".yasr table.dataTable tbody td").first.wait_for()


MATERIAL_MECHANISMS = """PREFIX hkg: <https://w3id.org/heterokg/ontology#>
SELECT ?material ?mechanism (COUNT(?claim) AS ?claims) WHERE {
  ?claim hkg:aboutMaterial ?material ; hkg:mechanism ?mechanism .
} GROUP BY ?material ?mechanism ORDER BY ?material ?mechanism"""


def test_query_results_are_labels_linked_to_resource_pages(page, server):
    run_query(page, server, MATERIAL_MECHANISMS)
    table = page.locator(".yasr table.dataTable")
    link = table.locator("a", has_text="built-in electric field").first
    assert link.get_attribute("href") == "/resource/mechanism/BuiltInElectricField"
    assert table.locator("a", has_text="Bi2S3-CuS").first.get_attribute("href") == "/resource/material/Bi2S3-CuS"
    hrefs = [a.get_attribute("href") for a in table.locator("a").all()]
    assert hrefs and all(h.startswith("/resource/") for h in hrefs), hrefs
    text = table.inner_text()
    assert "w3id.org" not in text and "XMLSchema" not in text and "^^" not in text
    assert "…" not in text and "..." not in text
    counts = table.locator("tbody tr td:last-child").all_inner_texts()
    assert set(counts) <= {"1", "2"} and counts, counts
    link.click()
    page.wait_for_url("**/resource/mechanism/BuiltInElectricField")
    assert page.locator("h1").inner_text() == "built-in electric field"
    assert not page.js_errors, page.js_errors


def test_query_results_take_labels_from_a_label_variable(page, server):
    run_query(page, server, """PREFIX hkg: <https://w3id.org/heterokg/ontology#>
SELECT ?claim ?claimLabel WHERE { ?claim hkg:aboutMaterial ?m . BIND(CONCAT("the claim on ", STR(?m)) AS ?claimLabel) } LIMIT 1""")
    link = page.locator(".yasr table.dataTable a", has_text="the claim on").first
    assert link.get_attribute("href").startswith("/resource/claim/")


def test_query_results_fit_a_1280_px_screen(page, server):
    run_query(page, server, """PREFIX hkg: <https://w3id.org/heterokg/ontology#>
SELECT ?claim ?material ?quote ?doc ?long WHERE {
  ?claim hkg:aboutMaterial ?material ; hkg:evidence ?e . ?e hkg:quote ?quote ; hkg:inDocument ?doc .
  BIND(CONCAT(?quote, " ", ?quote, " ", ?quote, " ", STR(?doc), STR(?doc), STR(?doc)) AS ?long)
}""")
    page.wait_for_function("() => document.querySelectorAll('.yasr table.dataTable a[href^=\"/resource/\"]').length > 0")
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert client == 1280 and width <= client, (width, client)
    quote = page.locator(".yasr td", has_text="accelerates Na+ transport.").first
    assert quote.evaluate("td => td.scrollWidth <= td.clientWidth")  # wrapped, not cut
    assert not page.js_errors, page.js_errors


def test_ontology_lists_sodiophilicity(shipped_page, shipped_server):
    page = shipped_page
    page.goto(shipped_server + "/ontology")
    assert page.locator("h1").inner_text() == "heterokg ontology"
    assert "heterokg units" not in page.title()
    page.locator("a", has_text="heterokg mechanisms").click()
    page.wait_for_url("**/ontology/mechanism")
    page.locator("nav.toc a", has_text="sodiophilicity").click()
    section = page.locator("section#Sodiophilicity")
    assert section.locator("h3").inner_text() == "sodiophilicity"
    assert "sodiophilic" in section.locator(".synonyms").inner_text()
    section.locator("h3 a").click()
    page.wait_for_url("**/resource/mechanism/Sodiophilicity")
    assert page.locator("h1").inner_text() == "sodiophilicity"
    assert not page.js_errors, page.js_errors


def test_search_zn_anode(shipped_page, shipped_server):
    page = shipped_page
    page.goto(shipped_server + "/")
    page.fill("#q", "Zn anode")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=Zn+anode")
    hits = page.locator("ul.hits > li")
    assert hits.count() > 10
    assert "zn anode" in hits.first.locator("blockquote.quote").inner_text().lower()
    hits.first.locator("a").click()
    page.wait_for_url("**/resource/claim/**")
    assert "zn anode" in page.locator("blockquote.quote").first.inner_text().lower()
    assert not page.js_errors, page.js_errors
