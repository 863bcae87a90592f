"""Pages for people: home, query editor, resources by content negotiation, search, ontology."""

import json
import sys
import types

import pyoxigraph as ox
import pytest

from conftest import DATA
from heterokg.web import WebConfig, create_app

K = "https://w3id.org/heterokg/"


@pytest.fixture(scope="module")
def app(fixture_store, tmp_path_factory):
    onto = tmp_path_factory.mktemp("onto") / "heterokg.ttl"
    onto.write_text('@prefix owl: <http://www.w3.org/2002/07/owl#> .\n'
                    '<https://w3id.org/heterokg/ontology> a owl:Ontology .\n'
                    '<https://w3id.org/heterokg/ontology#Claim> a owl:Class .\n')
    app = create_app(WebConfig(store=fixture_store, query_processes=1, query_timeout=10,
                               queries_dir=DATA / "queries", ontology_file=onto))
    yield app
    app.extensions["heterokg"]["backend"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def html(r):
    assert r.status_code == 200, r.data[:2000]
    assert r.mimetype == "text/html"
    return r.data.decode()


def test_home_counts(client):
    page = html(client.get("/"))
    for ident, n in [("n-claims", 4), ("n-materials", 8), ("n-mechanisms", 2), ("n-documents", 2),
                     ("n-curated", 3), ("n-machine", 1)]:
        assert f'id="{ident}">{n}<' in page, ident
    # the held-out figure is the one shown first; the development figure beside it
    assert 'id="precision">82 %<' in page and 'id="precision-development">91 %<' in page
    assert "/query" in page and "/sparql" in page and "/resource/mechanism/BuiltInElectricField" in page


def test_query_page_preloads_examples(client):
    r = client.get("/query")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    page = html(r)
    assert "<script>" not in page  # no inline script: the policy forbids them
    assert "static/yasgui/yasgui.min.js" in page and "static/yasgui/yasgui.min.css" in page
    assert "Mechanisms claimed for each material" in page and "Claims per extraction method" in page
    assert 'data-endpoint="/sparql"' in page
    assert b'"prefixes", "variables"' in client.get("/static/query.js").data
    assert client.get("/static/yasgui/yasgui.min.js").status_code == 200
    assert client.get("/static/yasgui/LICENSE").status_code == 200


def test_material_page(client):
    page = html(client.get("/resource/material/Bi2S3-CuS"))
    assert "<h1>Bi2S3-CuS</h1>" in page
    assert 'href="/resource/material/Bi2S3"' in page and 'href="/resource/material/CuS"' in page
    assert "https://next-gen.materialsproject.org/materials?formula=CuS" in page
    # claims grouped by mechanism, with evidence quotes and sources
    assert "Mechanism: <a href=\"/resource/mechanism/BuiltInElectricField\">built-in electric field</a>" in page
    assert "accelerates Na+ transport." in page
    assert 'href="/resource/document/001_aaaa"' in page and "https://doi.org/10.1000/example.001" in page
    # measurements with conditions
    assert "592.2" in page and "current density: 8" in page and "cycles: 1000" in page
    single = html(client.get("/resource/material/MoS2"))
    assert "https://next-gen.materialsproject.org/materials?formula=MoS2" in single
    assert "Component of" in single and "/resource/material/MoS2_graphene" in single


def test_mechanism_page(client):
    page = html(client.get("/resource/mechanism/BuiltInElectricField"))
    assert "<h1>built-in electric field</h1>" in page and "BIEF" in page and "internal electric field" in page
    assert "sodium-ion battery" in page and "lithium-ion battery" in page
    assert "/resource/material/Bi2S3-CuS" in page and "/resource/material/MoS2_graphene" in page
    assert page.index("lithium-ion battery") < page.index("sodium-ion battery")


def test_quotes_are_escaped(client):
    for url in ["/resource/mechanism/BuiltInElectricField", "/resource/document/002_bbbb",
                "/resource/material/MoS2_graphene", "/resource/claim/002_bbbb/c0001",
                "/resource/claim/002_bbbb/c0001/evidence"]:
        page = html(client.get(url))
        assert "<script>alert(1)</script>" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
        assert "&amp; speeds" in page, url


def test_document_page_lists_claims(client):
    page = html(client.get("/resource/document/001_aaaa"))
    assert "Heterostructured anodes for sodium-ion batteries" in page
    for cid in ("c0001", "c0002", "m2000-1"):
        assert f'href="/resource/claim/001_aaaa/{cid}"' in page
    assert "https://doi.org/10.1000/example.001" in page


def test_claim_and_generic_pages(client):
    page = html(client.get("/resource/claim/001_aaaa/c0001"))
    assert "592.2" in page and 'href="/resource/document/001_aaaa"' in page
    # provenance a reader can follow: where the sentence is, and the cited primary study
    assert "characters 12345–12392" in page
    assert "[50]" in page and 'href="https://doi.org/10.1000/cited.50"' in page
    page = html(client.get("/resource/claim/001_aaaa/c0001/evidence"))
    assert "hkg:quote" in page and "Referred to by" in page
    page = html(client.get("/resource/graph/001_aaaa"))
    assert "82 triples" in page
    assert client.get("/resource/material/Nope").status_code == 404
    assert client.get('/resource/material/a"b').status_code == 404


@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/ld+json", ox.RdfFormat.JSON_LD),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES)])
def test_resource_conneg(client, accept, fmt):
    r = client.get("/resource/material/CuS", headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept
    assert "Accept" in r.headers["Vary"]
    quads = list(ox.parse(r.data, format=fmt))
    assert {q.subject.value for q in quads} == {K + "material/CuS"} and len(quads) == 5


def test_resource_format_param_and_browser_accept(client):
    r = client.get("/resource/material/CuS?format=ttl")
    assert r.mimetype == "text/turtle"
    r = client.get("/resource/material/CuS", headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.mimetype == "text/html"
    r = client.get("/resource/graph/002_bbbb", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(r.data.splitlines()) == 37
    assert client.get("/resource/material/Nope", headers={"Accept": "text/turtle"}).status_code == 404


def test_search(client):
    page = html(client.get("/search?q=BIEF"))
    assert "/resource/mechanism/BuiltInElectricField" in page and "matched “BIEF”" in page
    page = html(client.get("/search?q=mos2"))
    assert page.index("/resource/material/MoS2\"") < page.index("/resource/material/MoS2_graphene")
    page = html(client.get("/search?q=interfaces in"))
    assert "/resource/document/002_bbbb" in page
    page = html(client.get('/search?q=%22%7D%20UNION%20%7B'))  # quotes cannot break the query
    assert "0 results" in page
    r = client.get("/search?q=bief&go=1")
    assert r.status_code == 302 and r.headers["Location"].endswith("/resource/mechanism/BuiltInElectricField")


def test_autocomplete(client):
    r = client.get("/api/autocomplete?q=internal")
    assert r.status_code == 200 and r.mimetype == "application/json"
    hits = r.get_json()
    assert hits[0]["iri"] == K + "mechanism/BuiltInElectricField"
    assert hits[0]["kind"] == "mechanism" and hits[0]["synonym"] == "internal electric field"
    assert hits[0]["url"] == "/resource/mechanism/BuiltInElectricField"
    formula = client.get("/api/autocomplete?q=Bi2S3").get_json()
    assert formula[0]["iri"] == K + "material/Bi2S3"
    assert client.get("/api/autocomplete?q=").get_json() == []
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_ontology(client, app, monkeypatch, tmp_path):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the rendered page's shared file
    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle" and b"owl:Ontology" in r.data
    r = client.get("/ontology?format=jsonld")
    assert r.mimetype == "application/ld+json" and json.loads(r.data)
    calls = []
    fake = types.ModuleType("heterokg.ontology_docs")
    fake.render_html = lambda path: calls.append(path) or "<html><body>ontology docs</body></html>"
    monkeypatch.setitem(sys.modules, "heterokg.ontology_docs", fake)
    app.extensions["heterokg"]["cache"].pop("ontology_html", None)
    # classes and properties: pyLODE's page (/ontology itself is the index of concept schemes)
    assert "ontology docs" in html(client.get("/ontology/terms"))
    assert "ontology docs" in html(client.get("/ontology/terms"))
    assert len(calls) == 1  # rendered once, then cached
    app.extensions["heterokg"]["cache"].pop("ontology_html", None)  # as in another worker:
    assert "ontology docs" in html(client.get("/ontology/terms"))
    assert len(calls) == 1 and len(list(tmp_path.glob("heterokg-ontology-*.html"))) == 1  # read, not rendered
    for f in tmp_path.glob("heterokg-ontology-*.html"):
        f.unlink()
    app.extensions["heterokg"]["cache"].pop("ontology_html", None)
    monkeypatch.delitem(sys.modules, "heterokg.ontology_docs")
    monkeypatch.setitem(sys.modules, "heterokg.ontology_docs", None)  # import fails: fallback
    page = html(client.get("/ontology/terms"))
    assert "hkg:Claim" in page
    app.extensions["heterokg"]["cache"].pop("ontology_html", None)


def test_the_shared_ontology_page_is_read_only_from_a_file_no_one_else_could_write(
        client, app, monkeypatch, tmp_path):
    """The rendered page is kept in the temporary directory, which every user of the machine
    can write to, under a name anyone can compute (the ontology is public): a page planted
    there by another user, or left writable by others, was served as /ontology/terms."""
    import os
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    fake = types.ModuleType("heterokg.ontology_docs")
    fake.render_html = lambda path: "<html><body>ontology docs</body></html>"
    monkeypatch.setitem(sys.modules, "heterokg.ontology_docs", fake)
    cache = app.extensions["heterokg"]["cache"]
    cache.pop("ontology_html", None)
    assert "ontology docs" in html(client.get("/ontology/terms"))
    (shared,) = tmp_path.glob("heterokg-ontology-*.html")
    assert not shared.stat().st_mode & 0o022  # what the server writes, no one else may change
    shared.write_text("<html><body>planted</body></html>")
    shared.chmod(0o666)
    cache.pop("ontology_html", None)
    assert "ontology docs" in html(client.get("/ontology/terms"))
    if os.geteuid() == 0:  # a file of another user (only root can make one here)
        shared.write_text("<html><body>planted</body></html>")
        shared.chmod(0o644)
        os.chown(shared, 65534, 65534)
        cache.pop("ontology_html", None)
        assert "ontology docs" in html(client.get("/ontology/terms"))
    cache.pop("ontology_html", None)


def test_search_folds_subscripts_dashes_and_backslashes(client):
    hits = client.get("/api/autocomplete", query_string={"q": "Bi₂S₃–CuS"}).get_json()
    assert hits and hits[0]["iri"] == K + "material/Bi2S3-CuS"
    for nasty in ['\\u0022) } UNION { ?x ?y ?z } #', '"', "\\"]:
        r = client.get("/api/autocomplete", query_string={"q": nasty})
        assert r.status_code == 200 and r.get_json() == []


def test_percent_encoded_and_non_ascii_iris(client):
    # the IRI itself carries %7C: the page must be found by its raw path, and linked so
    page = html(client.get("/resource/material/Zn%7C%7CZn"))
    assert "<h1>Zn||Zn</h1>" in page
    r = client.get("/resource/material/Zn%7C%7CZn", headers={"Accept": "application/n-triples"})
    assert "<https://w3id.org/heterokg/material/Zn%7C%7CZn>" in r.data.decode()
    hits = client.get("/api/autocomplete?q=Zn||").get_json()
    assert hits[0]["url"] == "/resource/material/Zn%7C%7CZn"
    # a non-ASCII IRI: linked percent-encoded, resolved decoded
    hits = client.get("/api/autocomplete?q=5H2O").get_json()
    assert hits[0]["url"] == "/resource/material/Zn4SO4(OH)6%C2%B75H2O"
    page = html(client.get(hits[0]["url"]))
    assert "<h1>Zn4SO4(OH)6·5H2O</h1>" in page


def test_w3id_names_of_services_redirect(client):
    r = client.get("/resource/sparql?query=ASK%7B%7D")
    assert r.status_code == 303 and r.headers["Location"].endswith("/sparql?query=ASK%7B%7D")
    assert client.get("/resource/ontology").status_code == 303
    assert client.get("/resource/void").headers["Location"].endswith("/void")


def test_a_w3id_redirect_keeps_the_query_string_as_sent(client):
    """Parameters are passed on as the client wrote them, never as url_for's keywords: an
    ``endpoint`` or ``_method`` parameter was a 500, ``_external`` an address built from the
    client's Host header, and a repeated parameter lost all but its first value."""
    for path in ("/resource/ontology", "/resource/sparql", "/resource/void"):
        r = client.get(path + "?endpoint=x&_method=POST")
        assert r.status_code == 303 and r.headers["Location"].endswith("?endpoint=x&_method=POST")
    r = client.get("/resource/void?_external=1", headers={"Host": "evil.example"})
    assert r.status_code == 303 and "evil.example" not in r.headers["Location"]
    r = client.get("/resource/sparql?query=ASK%7B%7D&default-graph-uri=urn:a&default-graph-uri=urn:b")
    assert r.headers["Location"].endswith(
        "/sparql?query=ASK%7B%7D&default-graph-uri=urn:a&default-graph-uri=urn:b")


def test_material_page_shows_links_from_the_rdf(tmp_path):
    """Links of graph/links (ids from ../shared/external-ids.md: Bi2S3 mp-22856, CuS Q416688 and
    PubChem 14831) replace the formula search where the RDF names the entry."""
    trig = tmp_path / "links.trig"
    trig.write_text((DATA / "fixture.trig").read_text() + """
<https://w3id.org/heterokg/graph/links> {
  <https://w3id.org/heterokg/material/Bi2S3> <http://www.w3.org/2004/02/skos/core#closeMatch> <https://next-gen.materialsproject.org/materials/mp-22856> ;
    <https://w3id.org/heterokg/ontology#mpId> "mp-22856" .
  <https://w3id.org/heterokg/material/CuS> <http://www.w3.org/2004/02/skos/core#exactMatch> <http://www.wikidata.org/entity/Q416688> ,
    <https://pubchem.ncbi.nlm.nih.gov/compound/14831> .
}
""")
    app = create_app(WebConfig(trig=trig, query_processes=0))
    client = app.test_client()
    page = html(client.get("/resource/material/Bi2S3-CuS"))
    assert 'href="https://next-gen.materialsproject.org/materials/mp-22856"' in page
    assert "Materials Project mp-22856" in page and "Wikidata Q416688" in page and "PubChem 14831" in page
    assert "materials?formula=Bi2S3" not in page  # the entry is known: no search
    assert "materials?formula=CuS" in page  # no Materials Project link for CuS: the search stays
    single = html(client.get("/resource/material/Bi2S3"))
    assert "mp-22856</a> (close match)" in single and "materials?formula=Bi2S3" not in single
    cus = html(client.get("/resource/material/CuS"))
    assert 'href="http://www.wikidata.org/entity/Q416688"' in cus and "Q416688</a> (exact match)" in cus


def test_material_page_shows_other_spellings(tmp_path):
    """One node per material (issue #17): the page and the search know its other spellings."""
    trig = tmp_path / "spellings.trig"
    trig.write_text((DATA / "fixture.trig").read_text() + """
<https://w3id.org/heterokg/graph/001_aaaa> {
  <https://w3id.org/heterokg/material/Bi2S3-CuS> <http://www.w3.org/2004/02/skos/core#altLabel> "CuS/Bi2S3" .
}
""")
    app = create_app(WebConfig(trig=trig, query_processes=0))
    client = app.test_client()
    page = html(client.get("/resource/material/Bi2S3-CuS"))
    assert "<dt>Also printed as</dt><dd>CuS/Bi2S3</dd>" in page
    found = html(client.get("/search?q=CuS/Bi2S3"))
    assert 'href="/resource/material/Bi2S3-CuS"' in found


BIBLIO = """
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix hkg: <https://w3id.org/heterokg/ontology#> .
<https://w3id.org/heterokg/graph/001_aaaa> {
  <https://w3id.org/heterokg/document/001_aaaa> dcterms:issued "2023"^^xsd:gYear ; dcterms:isPartOf "Nanoscale Adv." ;
    dcterms:creator "Zoe Zed" , "Ann Able" ;
    bibo:authorList <https://w3id.org/heterokg/document/001_aaaa/authors> .
  <https://w3id.org/heterokg/document/001_aaaa/authors> a rdf:Seq ; rdf:_1 "Zoe Zed" ; rdf:_2 "Ann Able" .
  <https://w3id.org/heterokg/document/001_aaaa/ref/50> dcterms:title "A Bi2S3/CuS anode" ;
    dcterms:issued "2019"^^xsd:gYear ; dcterms:isPartOf "Electrochim. Acta" ; bibo:volume "296" ;
    bibo:pageStart "590" ; bibo:pageEnd "597" ; hkg:authorListAbridged true ;
    bibo:authorList <https://w3id.org/heterokg/document/001_aaaa/ref/50/authors> .
  <https://w3id.org/heterokg/document/001_aaaa/ref/50/authors> a rdf:Seq ;
    rdf:_1 "T. Huang" ; rdf:_2 "S. K. Moon" ; rdf:_3 "J.-M. Lee" ; rdf:_4 "A. Fourth" .
}
"""


@pytest.fixture(scope="module")
def biblio_client(tmp_path_factory):
    trig = tmp_path_factory.mktemp("biblio") / "biblio.trig"
    trig.write_text((DATA / "fixture.trig").read_text() + BIBLIO)
    return create_app(WebConfig(trig=trig, query_processes=0)).test_client()


def test_document_page_shows_authors_year_journal_and_doi(biblio_client):
    """Issue #17: authors in the order of bibo:authorList (not alphabetical), journal, year, DOI link."""
    page = html(biblio_client.get("/resource/document/001_aaaa"))
    assert '<p class="authors">Zoe Zed, Ann Able</p>' in page
    assert '<i class="journal">Nanoscale Adv.</i> (2023)' in page
    assert 'href="https://doi.org/10.1000/example.001"' in page
    # the author list has its own IRI: it is not a document, and its page says what it holds
    seq = html(biblio_client.get("/resource/document/001_aaaa/authors"))
    assert "Zoe Zed" in seq and "Claims (" not in seq


def test_document_page_without_description_shows_no_empty_lines(client):
    page = html(client.get("/resource/document/002_bbbb"))
    assert 'class="authors"' not in page and 'class="journal"' not in page


def test_claim_page_cites_references_by_author_year_and_title(biblio_client):
    """A cited reference with a description reads as a citation: three authors then et al.
    (the fourth is cut, and the list itself was abridged), year, title, journal, volume, pages."""
    page = html(biblio_client.get("/resource/claim/001_aaaa/c0001"))
    assert ("[50] T. Huang, S. K. Moon, J.-M. Lee et al. (2019). <cite>A Bi2S3/CuS anode</cite>. "
            "<i>Electrochim. Acta</i> 296, 590–597.") in page
    assert 'href="https://doi.org/10.1000/cited.50"' in page


def test_claim_page_of_the_built_graph_cites_huang_2024():
    """Review 002: "Huang et al[70]" on NiS2/NiSe2; its reference list gives B70: Huang C., Yu J.,
    Zhang C. Y. et al., Adv. Mater. 2024, 36, 2400810, DOI 10.1002/adma.202400810."""
    from heterokg import paths

    app = create_app(WebConfig(trig=paths.graph_file(), query_processes=0))
    client = app.test_client()
    ref = K + "document/002_498d6b69aacb8373/ref/70"
    rows = app.extensions["heterokg"]["backend"].values(
        f"SELECT ?c WHERE {{ ?c <http://purl.org/spar/cito/citesAsEvidence> <{ref}> }} LIMIT 1", 1, None)
    page = html(client.get("/resource/" + rows[0]["c"][len(K):]))
    assert "[70] C. Huang, J. Yu, C. Y. Zhang et al. (2024). <cite>Electronic spin alignment" in page
    assert "<i>Adv. Mater.</i> 36, 2400810." in page and 'href="https://doi.org/10.1002/adma.202400810"' in page
    doc = html(client.get("/resource/document/002_498d6b69aacb8373"))
    assert ('<p class="authors">Zheng Yang, Wenlu Yuan, Tao Wang, Kenneth I. Ozoemena, Svetlana Eliseeva, '
            'Yuping Wu</p>') in doc and '<i class="journal">Energy Z</i> (2026)' in doc


def test_claim_pages_show_the_table_row_group_and_citation_mismatches():
    """001 Table 1 prints "SnS/Fe;03-G 0.01-3 82.7 386.5/2/2000 399.2/10 [75]" in its
    "Sulfides/oxides heterostructures" group, while the text cites the same work as
    "Cheng et al. [73]" with "386.5 mAh g-1 after 2000 cycles" (curated c0210 and c0359)."""
    from heterokg import paths

    client = create_app(WebConfig(trig=paths.graph_file(), query_processes=0)).test_client()
    row = html(client.get("/resource/claim/001_643ddd5b20925d6a/c0210"))
    assert "row group “Sulfides/oxides heterostructures”" in row and "shown in Table 1" in row
    assert "Cites the same study under another reference number than:" in row
    assert 'href="/resource/claim/001_643ddd5b20925d6a/c0359"' in row
    assert "<p>Contradicts:" not in row  # the same value: no other disagreement
