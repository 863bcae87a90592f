"""What a researcher reads: the ontology scheme by scheme, ranked search over names, synonyms
and quotes, and labels for query results (/api/labels).

The ontology pages are checked against the shipped graph and ontology/heterokg.ttl (read here
with rdflib), so a scheme or concept the ontology declares and the pages miss fails a test.
"""

import re

import pytest
import rdflib
from rdflib.namespace import SKOS

from heterokg import paths
from heterokg.web import WebConfig, create_app
from heterokg.web.pages import LABEL_BATCH, rank_key, search_words

K = "https://w3id.org/heterokg/"


@pytest.fixture(scope="module")
def fixture_client(fixture_store):
    app = create_app(WebConfig(store=fixture_store, query_processes=0))
    yield app.test_client()
    app.extensions["heterokg"]["backend"].close()


@pytest.fixture(scope="module")
def shipped_client():
    """The shipped graph, in process (no query processes: a few seconds to load)."""
    app = create_app(WebConfig(trig=paths.graph_file(), query_processes=0))
    yield app.test_client()
    app.extensions["heterokg"]["backend"].close()


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(paths.ontology_file(), format="turtle")


def html(r) -> str:
    assert r.status_code == 200, r.data[:2000]
    assert r.mimetype == "text/html"
    return r.data.decode()


# --- ontology ---------------------------------------------------------------------------------

def test_ontology_index_lists_every_scheme_of_the_ontology(shipped_client, ontology):
    page = html(shipped_client.get("/ontology"))
    assert "<title>heterokg ontology ·" in page and "<h1>heterokg ontology</h1>" in page
    assert "heterokg units</title>" not in page
    schemes = set(ontology.subjects(rdflib.RDF.type, SKOS.ConceptScheme))
    assert len(schemes) >= 10
    for scheme in schemes:
        name = str(scheme)[len(K):]
        title = str(ontology.value(scheme, SKOS.prefLabel))
        assert f'<a href="/ontology/{name}">{title}</a>' in page, name
        n = len(set(ontology.subjects(SKOS.inScheme, scheme)))
        assert re.search(rf'id="{name}">.*?<td class="num">{n}</td>', page, re.S), (name, n)
    assert 'href="/ontology/terms"' in page


def test_scheme_page_has_every_concept_with_its_skos(shipped_client, ontology):
    scheme = rdflib.URIRef(K + "mechanism")
    page = html(shipped_client.get("/ontology/mechanism"))
    assert "<h1>heterokg mechanisms</h1>" in page
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    assert len(concepts) > 30
    for c in concepts:
        local = str(c).rsplit("/", 1)[-1]
        label = str(ontology.value(c, SKOS.prefLabel))
        assert f'<section class="concept" id="{local}">' in page, local
        assert f'<a href="/resource/mechanism/{local}">{label}</a>' in page, local  # its page
        assert f'<a href="#{local}">{label}</a>' in page, local  # in the table of contents
    section = page.split('id="Sodiophilicity">', 1)[1].split("</section>", 1)[0]
    assert "sodiophilicity" in section and '<span class="alt">sodiophilic</span>' in section
    assert str(ontology.value(rdflib.URIRef(K + "mechanism/Sodiophilicity"), SKOS.definition)) in section
    broader = ontology.value(rdflib.URIRef(K + "mechanism/Sodiophilicity"), SKOS.broader)
    assert f'<dt>Broader</dt><dd><a href="#{str(broader).rsplit("/", 1)[-1]}">' in section
    # every other scheme is one click away
    for other in ("effect", "system", "role", "synthesis", "species"):
        assert f'href="/ontology/{other}"' in page


def test_terms_page_is_named_after_the_ontology(shipped_client):
    page = html(shipped_client.get("/ontology/terms"))
    assert "<title>heterokg ontology</title>" in page and "heterokg units" not in page.split("</title>")[0]
    assert 'id="MechanismClaim"' in page


def test_ontology_pages_for_unknown_schemes_and_scheme_resources(shipped_client):
    assert shipped_client.get("/ontology/nope").status_code == 404
    assert shipped_client.get("/ontology/..%2Fsparql").status_code == 404
    r = shipped_client.get("/resource/mechanism")
    assert r.status_code == 303 and r.headers["Location"].endswith("/ontology/mechanism")
    concept = html(shipped_client.get("/resource/mechanism/Sodiophilicity"))
    assert 'href="/ontology/mechanism#Sodiophilicity"' in concept
    r = shipped_client.get("/ontology", headers={"Accept": "text/turtle"})
    assert r.mimetype == "text/turtle" and b"skos:ConceptScheme" in r.data


def test_scheme_pages_from_a_graph_without_declared_schemes(fixture_client):
    """The fixture's concepts name their schemes only by skos:inScheme: pages still list them."""
    index = html(fixture_client.get("/ontology"))
    assert '<a href="/ontology/mechanism">Mechanism</a>' in index
    page = html(fixture_client.get("/ontology/mechanism"))
    assert '<section class="concept" id="BuiltInElectricField">' in page
    assert '<span class="alt">BIEF</span>' in page and "difference in work functions" in page


# --- search -----------------------------------------------------------------------------------

def test_rank_key_orders_tiers_and_words():
    words = ["mos2"]
    exact = rank_key("label", "MoS2", "mos2", words)
    prefix = rank_key("label", "MoS2/graphene", "mos2", words)
    synonym = rank_key("alt", "MoS2", "mos2", words)
    contained = rank_key("label", "1T-MoS2", "mos2", words)
    quote = rank_key("evidence", "MoS2 stores Na", "mos2", words)
    assert exact < prefix < synonym < contained < quote
    words = search_words("zn anode")
    both = rank_key("evidence", "the Zn anode", "zn anode", words)
    one = rank_key("label", "Zn", "zn anode", words)
    assert both < one  # more of the words beat a better tier
    assert search_words("interfaces in") == ["interfaces"] and search_words("in") == ["in"]


def test_search_finds_claims_by_their_quotes(fixture_client):
    hits = fixture_client.get("/api/autocomplete?q=Na%2B transport&limit=50").get_json()
    assert hits[0]["iri"] == K + "claim/001_aaaa/c0002"
    assert hits[0]["kind"] == "evidence" and hits[0]["url"] == "/resource/claim/001_aaaa/c0002"
    assert "accelerates Na+ transport" in hits[0]["quote"]
    page = html(fixture_client.get("/search?q=Na%2B transport"))
    assert '<blockquote class="quote">The built-in electric field' in page


def test_search_ranks_names_before_quotes_and_more_words_first(fixture_client):
    iris = [h["iri"] for h in fixture_client.get("/api/autocomplete?q=internal electric field").get_json()]
    # the synonym "internal electric field" before the sentence that uses it
    assert iris.index(K + "mechanism/BuiltInElectricField") < iris.index(K + "claim/002_bbbb/c0001")
    iris = [h["iri"] for h in fixture_client.get("/api/autocomplete?q=built-in field accelerates").get_json()]
    # the quote with all three words before the name with two
    assert iris[0] == K + "claim/001_aaaa/c0002"
    assert iris.index(K + "claim/001_aaaa/c0002") < iris.index(K + "mechanism/BuiltInElectricField")


def test_search_words_are_literals(fixture_client):
    for nasty in ['anode" ) } UNION { ?x ?y ?z', "field\\", "x' || true"]:
        r = fixture_client.get("/api/autocomplete", query_string={"q": nasty})
        assert r.status_code == 200 and K + "claim/001_aaaa/c0001" not in {h["iri"] for h in r.get_json()}


def test_zn_anode_finds_the_claims_that_say_it(shipped_client):
    hits = shipped_client.get("/api/autocomplete?q=Zn anode&limit=20").get_json()
    assert len(hits) == 20
    assert all(h["kind"] == "evidence" and "zn anode" in h["quote"].lower() for h in hits[:5])
    page = html(shipped_client.get("/search?q=Zn+anode"))
    assert "200 results" in page


# --- labels for query results -----------------------------------------------------------------

def test_api_labels(fixture_client):
    iris = [K + "mechanism/BuiltInElectricField", K + "material/Zn%7C%7CZn", K + "ontology#Curated",
            K + "claim/001_aaaa/c0001", "javascript:alert(1)", "http://example.org/x"]
    got = fixture_client.post("/api/labels", json={"iris": iris}).get_json()
    assert got[iris[0]] == {"label": "built-in electric field", "url": "/resource/mechanism/BuiltInElectricField"}
    assert got[iris[1]] == {"label": "Zn||Zn", "url": "/resource/material/Zn%7C%7CZn"}
    assert got[iris[2]] == {"label": "hkg:Curated", "url": "/ontology/terms#Curated"}
    assert got[iris[3]]["url"] == "/resource/claim/001_aaaa/c0001"
    assert got[iris[4]]["label"] == "javascript:alert(1)"
    assert got[iris[5]]["url"] == "http://example.org/x"


def test_api_labels_refuses_bad_bodies(fixture_client):
    assert fixture_client.post("/api/labels", data="iris").status_code == 400
    assert fixture_client.post("/api/labels", json={"iris": [1, 2]}).status_code == 400
    too_many = [f"{K}material/m{i}" for i in range(LABEL_BATCH + 1)]
    assert fixture_client.post("/api/labels", json={"iris": too_many}).status_code == 413
    assert fixture_client.get("/api/labels").status_code == 405


def test_api_labels_refuses_json_nested_past_the_parsers_depth(fixture_client):
    """Python's JSON parser raises RecursionError (not a ValueError) past its depth: a 500."""
    for body in ("[" * 100000, '{"iris": ' + "[" * 50000 + "]" * 50000 + "}"):
        r = fixture_client.post("/api/labels", data=body, content_type="application/json")
        assert r.status_code == 400 and "error" in r.get_json()
