"""The W3C SPARQL 1.1 Protocol tests (data-sparql11/protocol/manifest), one test each.

Names and expectations follow the W3C manifest's query tests and its negative tests. The
update tests are answered as a read-only endpoint must: every update, however it is sent, is
refused with a 4xx (here 403) and changes nothing. The data are the fixture's named graphs
instead of the manifest's data1.rdf ... data3.rdf, which an endpoint that loads nothing
from the network cannot fetch."""

from __future__ import annotations

import json
import uuid

import pytest
from werkzeug.datastructures import MultiDict

from conftest import web_app

K = "https://w3id.org/heterokg/"
G1, G2, ONTO = K + "graph/001_aaaa", K + "graph/002_bbbb", K + "graph/ontology"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
RESULT_TYPES = {"application/sparql-results+xml", "application/sparql-results+json",
                "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json"}


@pytest.fixture(scope="module")
def client(fixture_store):
    with web_app(store=fixture_store, query_processes=1, query_timeout=10) as app:
        yield app.test_client()


def rows(r) -> list[dict]:
    assert r.status_code == 200, r.data[:300]
    return json.loads(r.data)["results"]["bindings"]


def count(r) -> int:
    return int(rows(r)[0]["n"]["value"])


def graph_size(client, g: str) -> int:
    """Counted afresh each time (the comment differs, so no cached answer is reused)."""
    q = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{g}> {{ ?s ?p ?o }} }} # {uuid.uuid4()}"
    return count(client.get("/sparql", query_string={"query": q}))


# --- positive query tests ------------------------------------------------------------------


def test_query_get(client):
    r = client.get("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 200 and json.loads(r.data)["boolean"] is True


def test_query_post_form(client):
    r = client.post("/sparql", data={"query": "ASK {}"})
    assert r.status_code == 200 and json.loads(r.data)["boolean"] is True


def test_query_post_direct(client):
    r = client.post("/sparql", data="ASK {}", content_type="application/sparql-query")
    assert r.status_code == 200 and json.loads(r.data)["boolean"] is True


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_default_graphs(client, method):
    params = [("query", COUNT), ("default-graph-uri", G1), ("default-graph-uri", G2)]
    r = (client.get("/sparql", query_string=params) if method == "get"
         else client.post("/sparql", data=MultiDict(params)))
    assert count(r) == graph_size(client, G1) + graph_size(client, G2)


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_named_graphs(client, method):
    params = [("query", GRAPHS), ("named-graph-uri", G1), ("named-graph-uri", G2)]
    r = (client.get("/sparql", query_string=params) if method == "get"
         else client.post("/sparql", data=MultiDict(params)))
    assert [b["g"]["value"] for b in rows(r)] == [G1, G2]


def test_query_dataset_full(client):
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o BIND('default' AS ?g) } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g ORDER BY ?g"
    r = client.get("/sparql", query_string=[("query", q), ("default-graph-uri", G1),
                                            ("named-graph-uri", G2), ("named-graph-uri", ONTO)])
    got = {b["g"]["value"]: int(b["n"]["value"]) for b in rows(r)}
    assert got == {"default": graph_size(client, G1), G2: graph_size(client, G2),
                   ONTO: graph_size(client, ONTO)}


def test_query_multiple_dataset(client):
    """The protocol's dataset overrides the query's FROM."""
    q = COUNT.replace("WHERE", f"FROM <{G2}> WHERE")
    r = client.get("/sparql", query_string={"query": q, "default-graph-uri": G1})
    assert count(r) == graph_size(client, G1) != graph_size(client, G2)


def test_query_content_type_select(client):
    r = client.get("/sparql", query_string={"query": "SELECT (1 AS ?x) {}"},
                   headers={"Accept": "application/sparql-results+xml, application/sparql-results+json;q=0.5"})
    assert r.status_code == 200 and r.mimetype in RESULT_TYPES


def test_query_content_type_ask(client):
    r = client.get("/sparql", query_string={"query": "ASK {}"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.mimetype in RESULT_TYPES


def test_query_content_type_describe(client):
    r = client.get("/sparql", query_string={"query": f"DESCRIBE <{K}material/CuS>"},
                   headers={"Accept": "application/rdf+xml, text/turtle;q=0.5"})
    assert r.status_code == 200 and r.mimetype in RDF_TYPES


def test_query_content_type_construct(client):
    """The manifest's query has relative IRIs and the request no Accept header."""
    r = client.get("/sparql", query_string={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"})
    assert r.status_code == 200 and r.mimetype in RDF_TYPES and b"/s>" in r.data


# --- negative tests ------------------------------------------------------------------------


def test_bad_query_method(client):
    assert 400 <= client.put("/sparql?query=ASK%20%7B%7D").status_code < 500


def test_bad_multiple_queries(client):
    r = client.get("/sparql", query_string=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert r.status_code == 400


def test_bad_query_wrong_media_type(client):
    assert client.post("/sparql", data="ASK {}", content_type="text/plain").status_code == 415


@pytest.mark.parametrize("body", ["query=ASK%20%7B%7D", "ASK {}"])
def test_bad_query_missing_type(client, body):
    """bad_query_missing_form_type and bad_query_missing_direct_type."""
    r = client.post("/sparql", data=body.encode(), headers={"Content-Type": ""})
    assert 400 <= r.status_code < 500


def test_bad_query_non_utf8(client):
    r = client.post("/sparql", data="ASK {}".encode("utf-16"),
                    content_type="application/sparql-query")
    assert r.status_code == 400


def test_bad_query_syntax(client):
    r = client.get("/sparql", query_string={"query": "ASK {"})
    assert r.status_code == 400


UPDATE = f"INSERT DATA {{ GRAPH <{G1}> {{ <urn:x> <urn:y> <urn:z> }} }}"


@pytest.mark.parametrize("name,send", [
    ("bad_update_get", lambda c: c.get("/sparql", query_string={"update": UPDATE})),
    ("bad_multiple_updates", lambda c: c.post("/sparql", data=MultiDict([("update", UPDATE), ("update", UPDATE)]))),
    ("bad_update_wrong_media_type", lambda c: c.post("/sparql", data=UPDATE, content_type="text/plain")),
    ("bad_update_missing_form_type", lambda c: c.post("/sparql", data=("update=" + UPDATE).encode(),
                                                      headers={"Content-Type": ""})),
    ("bad_update_non_utf8", lambda c: c.post("/sparql", data=UPDATE.encode("utf-16"),
                                             content_type="application/sparql-update")),
    ("bad_update_syntax", lambda c: c.post("/sparql", data={"update": "INSERT DATA {"})),
    ("bad_update_dataset_conflict", lambda c: c.post(
        f"/sparql?using-graph-uri={G1}", data=f"WITH <{G2}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        content_type="application/sparql-update")),
    ("update_post_form", lambda c: c.post("/sparql", data={"update": UPDATE})),
    ("update_post_direct", lambda c: c.post("/sparql", data=UPDATE, content_type="application/sparql-update")),
    ("update_sent_as_query", lambda c: c.post("/sparql", data={"query": UPDATE})),
])
def test_updates_are_refused_and_change_nothing(client, name, send):
    before = graph_size(client, G1)
    r = send(client)
    assert 400 <= r.status_code < 500, name
    assert graph_size(client, G1) == before

