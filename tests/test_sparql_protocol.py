"""SPARQL 1.1 Protocol conformance of /sparql (Flask test client) and end-to-end servers."""

import csv
import io
import json
import sys
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest

from conftest import free_port, web_app
from heterokg.web import WebConfig, create_app

K = "https://w3id.org/heterokg/"
HKG = K + "ontology#"
SELECT = f"SELECT ?m ?label WHERE {{ ?m a <{HKG}Compound> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }} ORDER BY ?label"
ASK = f"ASK {{ <{K}material/CuS> ?p ?o }}"
CONSTRUCT = f"CONSTRUCT {{ ?m ?p ?o }} WHERE {{ BIND(<{K}material/CuS> AS ?m) ?m ?p ?o }}"
DESCRIBE = f"DESCRIBE <{K}material/CuS>"
COUNT_CLAIMS = f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{HKG}Claim> }}"


@pytest.fixture(scope="module")
def app(fixture_store):
    with web_app(store=fixture_store, query_timeout=10, query_processes=2,
                 max_query_bytes=20000) as application:
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


def turtle(resp) -> ox.Store:
    """A Turtle answer, loaded to be queried."""
    assert resp.status_code == 200 and resp.mimetype == "text/turtle", resp.data[:500]
    g = ox.Store()
    g.load(resp.data, format=ox.RdfFormat.TURTLE)
    return g


def bindings(resp):
    assert resp.status_code == 200, resp.data
    return json.loads(resp.data)["results"]["bindings"]


# --- query forms and methods -----------------------------------------------------------------

def test_get_select_json(client):
    r = client.get("/sparql", query_string={"query": SELECT})
    assert r.mimetype == "application/sparql-results+json"
    assert [b["label"]["value"] for b in bindings(r)] == ["Bi2S3", "CuS", "MoS2"]


def test_post_form(client):
    r = client.post("/sparql", data={"query": SELECT})
    assert len(bindings(r)) == 3


def test_post_direct(client):
    r = client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query")
    assert len(bindings(r)) == 3
    r = client.post("/sparql", data=SELECT.encode(),
                    content_type="application/sparql-query; charset=utf-8")
    assert len(bindings(r)) == 3


@pytest.mark.parametrize("accept,mimetype", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("*/*", "application/sparql-results+json"),
    ("text/html;q=1, text/csv;q=0.5", "text/csv"),
])
def test_select_conneg(client, accept, mimetype):
    r = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == mimetype
    body = r.data.decode()
    if mimetype == "text/csv":
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["m", "label"] and rows[2] == [K + "material/CuS", "CuS"]
    elif mimetype == "text/tab-separated-values":
        assert body.splitlines()[0] == "?m\t?label"
        assert f"<{K}material/CuS>\t\"CuS\"" in body
    elif mimetype.endswith("xml"):
        root = ElementTree.fromstring(r.data)
        assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
        assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 3


@pytest.mark.parametrize("fmt,mimetype", [("json", "application/sparql-results+json"),
                                          ("xml", "application/sparql-results+xml"),
                                          ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                          ("text/csv", "text/csv")])
def test_select_format_param(client, fmt, mimetype):
    r = client.get("/sparql", query_string={"query": SELECT, "format": fmt},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.mimetype == mimetype


def test_ask(client):
    r = client.get("/sparql", query_string={"query": ASK})
    assert r.status_code == 200 and json.loads(r.data)["boolean"] is True
    r = client.get("/sparql", query_string={"query": "ASK { <urn:x> ?p ?o }"},
                   headers={"Accept": "application/sparql-results+xml"})
    assert r.mimetype == "application/sparql-results+xml" and b"<boolean>false</boolean>" in r.data


@pytest.mark.parametrize("accept,fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/trig", ox.RdfFormat.TRIG),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
def test_graph_conneg(client, accept, fmt, query):
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200, r.data
    assert r.mimetype == accept
    quads = list(ox.parse(r.data, format=fmt))
    assert len(quads) == 5
    assert {q.subject.value for q in quads} == {K + "material/CuS"}


@pytest.mark.parametrize("fmt,mimetype", [("ttl", "text/turtle"), ("nt", "application/n-triples"),
                                          ("jsonld", "application/ld+json"), ("json", "application/ld+json"),
                                          ("xml", "application/rdf+xml"), ("trig", "application/trig")])
def test_graph_format_param(client, fmt, mimetype):
    r = client.get("/sparql", query_string={"query": CONSTRUCT, "format": fmt})
    assert r.status_code == 200 and r.mimetype == mimetype


def test_construct_default_is_turtle(client):
    r = client.get("/sparql", query_string={"query": CONSTRUCT})
    assert r.mimetype == "text/turtle" and b"@prefix" in r.data


def test_not_acceptable(client):
    r = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "csv"})
    assert r.status_code == 400


# --- dataset --------------------------------------------------------------------------------

def test_default_graph_is_union(client):
    assert bindings(client.get("/sparql", query_string={"query": COUNT_CLAIMS}))[0]["n"]["value"] == "4"


def test_default_graph_uri(client):
    r = client.get("/sparql", query_string={"query": COUNT_CLAIMS,
                                            "default-graph-uri": K + "graph/002_bbbb"})
    assert bindings(r)[0]["n"]["value"] == "1"
    r = client.get("/sparql", query_string=[("query", COUNT_CLAIMS),
                                            ("default-graph-uri", K + "graph/002_bbbb"),
                                            ("default-graph-uri", K + "graph/001_aaaa")])
    assert bindings(r)[0]["n"]["value"] == "4"
    r = client.post("/sparql", data={"query": COUNT_CLAIMS, "default-graph-uri": K + "graph/001_aaaa"})
    assert bindings(r)[0]["n"]["value"] == "3"
    r = client.post(f"/sparql?default-graph-uri={K}graph/001_aaaa", data=COUNT_CLAIMS,
                    content_type="application/sparql-query")
    assert bindings(r)[0]["n"]["value"] == "3"


def test_named_graph_uri(client):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    assert len(bindings(client.get("/sparql", query_string={"query": q}))) == 3
    r = client.get("/sparql", query_string={"query": q, "named-graph-uri": K + "graph/ontology"})
    assert [b["g"]["value"] for b in bindings(r)] == [K + "graph/ontology"]


def test_the_projects_prefixes_are_predeclared(client):
    r = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?c a hkg:Claim }"})
    assert bindings(r)[0]["n"]["value"] == "4"
    own = "PREFIX hkg: <urn:other#> SELECT (COUNT(*) AS ?n) WHERE { ?c a hkg:Claim }"
    assert bindings(client.get("/sparql", query_string={"query": own}))[0]["n"]["value"] == "0"


def test_from_in_query_is_respected(client):
    q = COUNT_CLAIMS.replace("WHERE", f"FROM <{K}graph/002_bbbb> WHERE")
    assert bindings(client.get("/sparql", query_string={"query": q}))[0]["n"]["value"] == "1"


def test_the_query_process_takes_the_web_lexers_reading_of_from():
    """/sparql passes what its lexer read (FROM or not) on, so the query is not lexed twice;
    without that reading the dataset is read from the text, as before."""
    from heterokg.store import query_dataset_kwargs

    with_from = "SELECT * FROM <http://example.org/g> { ?s ?p ?o }"
    assert query_dataset_kwargs(with_from) == {}
    assert query_dataset_kwargs(with_from, own_dataset=False) == {"use_default_graph_as_union": True}
    assert query_dataset_kwargs("SELECT * { ?s ?p ?o }", own_dataset=True) == {}
    assert query_dataset_kwargs(with_from, [K + "graph/x"], own_dataset=True)["default_graph"]


def test_the_view_passes_the_lexers_reading_on(fixture_store):
    app = create_app(WebConfig(store=fixture_store, query_processes=0))
    backend = app.extensions["heterokg"]["backend"]
    seen, run = [], backend.run
    backend.run = lambda *a, **kw: seen.append(kw["own_dataset"]) or run(*a, **kw)
    c = app.test_client()
    c.get("/sparql", query_string={"query": COUNT_CLAIMS.replace("WHERE", f"FROM <{K}graph/002_bbbb> WHERE")})
    c.get("/sparql", query_string={"query": COUNT_CLAIMS + " # FROM"})
    assert seen == [True, False]


# --- errors ---------------------------------------------------------------------------------

def test_malformed_query_400_with_parser_message(client):
    r = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    assert b"malformed query" in r.data and b"error at" in r.data


def test_missing_and_empty_query_400(client):
    assert client.post("/sparql", data={"default-graph-uri": K}).status_code == 400
    assert client.get("/sparql", query_string={"query": ""}).status_code == 400
    assert client.get("/sparql", query_string={"default-graph-uri": K}).status_code == 400
    r = client.get("/sparql", query_string=[("query", SELECT), ("query", SELECT)])
    assert r.status_code == 400


def test_unsupported_media_type_415(client):
    r = client.post("/sparql", data=SELECT, content_type="text/plain")
    assert r.status_code == 415
    assert client.post("/sparql", data=SELECT.encode()).status_code == 415


@pytest.mark.parametrize("kind", ["param-get", "param-post", "content-type", "in-query",
                                  "in-query-prefixed", "post-direct"])
def test_update_refused_403(client, kind):
    upd = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    if kind == "param-get":
        r = client.get("/sparql", query_string={"update": upd})
    elif kind == "param-post":
        r = client.post("/sparql", data={"update": upd})
    elif kind == "content-type":
        r = client.post("/sparql", data=upd, content_type="application/sparql-update")
    elif kind == "in-query":
        r = client.get("/sparql", query_string={"query": "DROP ALL"})
    elif kind == "in-query-prefixed":
        r = client.post("/sparql", data={"query": "PREFIX ex: <urn:ex#>\n# c\nDELETE WHERE { ?s ?p ?o }"})
    else:
        r = client.post("/sparql", data="LOAD <http://example.org/x>",
                        content_type="application/sparql-query")
    assert r.status_code == 403


def test_store_unchanged_after_updates(client):
    r = client.get("/sparql", query_string={"query": "ASK { <urn:a> ?p ?o }"})
    assert json.loads(r.data)["boolean"] is False


def test_oversize_413(client):
    big = SELECT + "\n#" + "x" * 25000
    assert client.post("/sparql", data={"query": big}).status_code == 413
    assert client.post("/sparql", data=big, content_type="application/sparql-query").status_code == 413
    assert client.get("/sparql", query_string={"query": big}).status_code == 413


def test_refusals_before_the_view_are_plain_text_too(client):
    """A body past Flask's limit (the query limit + 64 KiB) and a method the endpoint does
    not take were HTML pages; every error of /sparql is plain text."""
    huge = "query=" + "x" * (20000 + 70 * 1024)
    r = client.post("/sparql", data=huge, content_type="application/x-www-form-urlencoded")
    assert r.status_code == 413 and r.mimetype == "text/plain" and b"<" not in r.data
    r = client.put("/sparql", data=SELECT)
    assert r.status_code == 405 and r.mimetype == "text/plain" and b"<" not in r.data
    assert set(r.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert client.get("/sparql/nothing").mimetype == "text/plain"


def test_a_query_body_is_read_only_in_plain_text_charsets(client):
    """The charset parameter named any Python codec: the escape codecs made lone surrogates
    (UnicodeEncodeError) and others raise UnicodeError, each a 500, and punycode decodes
    in quadratic time in the web process. SPARQL is UTF-8; plain text encodings are read."""
    body = 'SELECT * {{ ?s ?p "{}" }} LIMIT 1'
    for charset, text in (("raw_unicode_escape", "\\ud800"), ("unicode_escape", "\\udfff"),
                          ("punycode", "x y"), ("undefined", "x"), ("zlib", "x"), ("nothing", "x")):
        r = client.post("/sparql", data=body.format(text).encode("latin-1"),
                        content_type=f"application/sparql-query; charset={charset}")
        assert r.status_code == 415 and charset in r.get_data(as_text=True), charset
    for charset in ("iso-8859-1", "UTF-16", "us-ascii", "utf8"):
        text = "é" if charset != "us-ascii" else "e"
        r = client.post("/sparql", data=body.format(text).encode(charset),
                        content_type=f"application/sparql-query; charset={charset}")
        assert r.status_code == 200, charset
    r = client.post("/sparql", data=b'SELECT * { ?s ?p "\xff" }',
                    content_type="application/sparql-query; charset=utf-8")
    assert r.status_code == 400 and "utf-8" in r.get_data(as_text=True)


def test_long_get_works(client):
    q = SELECT + "\n#" + "x" * 9000
    r = client.get("/sparql", query_string={"query": q})
    assert len(bindings(r)) == 3


def test_service_refused(client):
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", query_string={"query": q})
    assert r.status_code == 403 and b"SERVICE" in r.data
    # the word inside a string or an IRI is not a SERVICE clause
    q = 'SELECT * WHERE { BIND("SERVICE" AS ?x) BIND(<urn:SERVICE> AS ?y) }'
    assert len(bindings(client.get("/sparql", query_string={"query": q}))) == 1


# --- HTTP details -----------------------------------------------------------------------------

def test_cors_head_options(client):
    r = client.get("/sparql", query_string={"query": ASK}, headers={"Origin": "http://example.org"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "Accept" in r.headers.get("Vary", "")
    r = client.options("/sparql", headers={"Origin": "http://example.org",
                                           "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "Content-Type"})
    assert r.status_code == 200
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in r.headers["Access-Control-Allow-Headers"]
    assert "GET" in r.headers["Allow"] and "HEAD" in r.headers["Allow"]
    r = client.head("/sparql", query_string={"query": SELECT})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json" and r.data == b""


def test_service_description(client):
    r = client.get("/sparql")
    g = turtle(r)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert g.query(f"ASK {{ ?s a <{sd}Service> ; <{sd}endpoint> <http://localhost/sparql> ; "
                   f"<{sd}feature> <{sd}UnionDefaultGraph> ; "
                   f"<http://www.w3.org/2000/01/rdf-schema#seeAlso> <http://localhost/void> ; "
                   f"<{sd}defaultEntailmentRegime> <http://www.w3.org/ns/entailment/Simple> }}")
    assert 'rel="describedby"' in r.headers["Link"]
    r = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert r.mimetype == "application/ld+json" and json.loads(r.data)
    assert client.get("/sparql?format=nt").mimetype == "application/n-triples"


def test_void(client):
    r = client.get("/void")
    g = turtle(r)
    v = "http://rdfs.org/ns/void#"
    rows = list(g.query(f"SELECT ?t ?s WHERE {{ ?d a <{v}Dataset> ; <{v}triples> ?t ; "
                        f"<{v}distinctSubjects> ?s ; <{v}sparqlEndpoint> ?e }}"))
    assert rows and rows[0]["t"].value == "188" and int(rows[0]["s"].value) > 10
    per = {r["g"].value: r["n"].value for r in g.query(
        f"SELECT ?g ?n WHERE {{ ?x <http://www.w3.org/ns/sparql-service-description#name> ?g ; "
        f"<{v}classPartition> [ <{v}entities> ?n ] }}")}
    assert per[K + "graph/001_aaaa"] == "3" and per[K + "graph/002_bbbb"] == "1"
    assert client.get("/void", headers={"Accept": "application/n-triples"}).mimetype == "application/n-triples"


def test_row_cap(fixture_store):
    app = create_app(WebConfig(store=fixture_store, row_cap=2, query_processes=0))
    c = app.test_client()
    r = c.get("/sparql", query_string={"query": SELECT})
    assert len(bindings(r)) == 2 and "row cap" in r.headers["X-Heterokg-Truncated"]
    r = c.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"})
    assert len(r.data.splitlines()) == 2 and r.headers.get("X-Heterokg-Truncated")
    r = c.get("/sparql", query_string={"query": SELECT + " LIMIT 2"})
    assert "X-Heterokg-Truncated" not in r.headers


# --- answers serialised by Oxigraph (issue 19) ---------------------------------------------

_E = "http://example.org/"
_ODD_TEXTS = ["nul\x00 and unit separator\x1f and del\x7f", "tab\tnewline\nreturn\r\b\f",
              'quote " backslash \\ slash /', "line separators \u2028\u2029", "é ünïcode 😀",
              "</script><b>", "a row boundary },{ inside a value", ""]


def _odd_store() -> ox.Store:
    """Terms whose escaping could differ between two JSON writers."""
    store = ox.Store()
    objects = [ox.Literal(t) for t in _ODD_TEXTS] + [
        ox.Literal("colour", language="en-GB"), ox.Literal("7", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer")), ox.BlankNode("b1"),
        ox.NamedNode(_E + "é?x=1&y=%3C")]
    for i, o in enumerate(objects):
        store.add(ox.Quad(ox.NamedNode(f"{_E}s{i:02d}"), ox.NamedNode(_E + "p"), o,
                          ox.NamedNode(_E + "g")))
    return store


_ODD_QUERIES = [
    "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s",
    "SELECT ?t WHERE { ?s ?p ?o BIND(<<( ?s ?p ?o )>> AS ?t) } ORDER BY ?s",
    'SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) (UNDEF "b"@de) (2.5e0 true) } }',
    "SELECT * WHERE {}",
    "SELECT ?a WHERE { FILTER(false) }",
]


def _row_by_row(store, query, media_type, row_cap=None, byte_cap=None):
    from heterokg.store import QUERY_PREFIXES
    from heterokg.web.executor import serialise

    result = store.query(query, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True)
    return serialise(result, media_type, row_cap, byte_cap=byte_cap)


@pytest.mark.parametrize("media_type", ["application/sparql-results+json",
                                        "application/sparql-results+xml", "text/csv",
                                        "text/tab-separated-values"])
def test_select_answers_serialised_by_oxigraph_are_byte_for_byte_the_row_by_row_ones(media_type):
    from heterokg.web.executor import execute, native_solutions

    store = _odd_store()
    for query in _ODD_QUERIES:
        assert native_solutions(store.query(query, use_default_graph_as_union=True),
                                media_type, 10000, 1 << 20) is not None
        native = execute(store, query, media_type, row_cap=10000, byte_cap=1 << 20)
        expected = _row_by_row(store, query, media_type, 10000, 1 << 20)
        assert (native.body, native.truncated, native.content_type) == (
            expected.body, False, media_type), query


def test_a_literals_base_direction_is_kept_now():
    from heterokg.web.executor import execute

    r = execute(ox.Store(), "SELECT ?d WHERE { BIND(STRLANGDIR('x', 'en', 'rtl') AS ?d) }",
                "application/sparql-results+json")
    assert json.loads(r.body)["results"]["bindings"][0]["d"] == {
        "type": "literal", "value": "x", "xml:lang": "en", "its:dir": "rtl"}


def test_answers_past_a_cap_are_cut_row_by_row_exactly_as_before():
    """Past the row cap (also where a value holds the ``},{`` that bounds the rows) or the
    byte cap, the answer is the row-by-row one: the same rows, flagged truncated."""
    from heterokg.web.executor import execute, native_solutions

    store = _odd_store()
    query = _ODD_QUERIES[0]
    total = len(store)
    for row_cap, byte_cap in [(0, None), (1, None), (total - 1, None), (None, 200),
                              (None, 1), (total, 10 ** 6)]:
        got = execute(store, query, "application/sparql-results+json", row_cap=row_cap,
                      byte_cap=byte_cap)
        expected = _row_by_row(store, query, "application/sparql-results+json", row_cap, byte_cap)
        assert (got.body, got.truncated, got.rows) == (expected.body, expected.truncated,
                                                       expected.rows), (row_cap, byte_cap)
        assert got.truncated == (row_cap != total and (row_cap is not None or byte_cap < 10 ** 6))
    # the literal with "},{" makes the bound one more than the rows: such an answer at exactly
    # the row cap goes the row-by-row way, and is whole
    assert native_solutions(store.query(query, use_default_graph_as_union=True),
                            "application/sparql-results+json", total, None) is None
    assert not execute(store, query, "application/sparql-results+json", row_cap=total).truncated


def test_an_answer_past_the_size_cap_says_so_over_http(fixture_store):
    app = create_app(WebConfig(store=fixture_store, query_processes=0, max_result_bytes=300))
    r = app.test_client().get("/sparql", query_string={"query": SELECT})
    assert r.status_code == 200 and 0 < len(bindings(r))
    assert r.headers["X-Heterokg-Truncated"] == (
        "results cut off at the row cap (10000) or the size cap (300 bytes)")


def test_web_config_from_env(tmp_path):
    cfg = WebConfig.from_env({"HETEROKG_STORE": str(tmp_path), "HETEROKG_QUERY_TIMEOUT": "2.5",
                              "HETEROKG_ROW_CAP": "7", "HETEROKG_ALLOW_SERVICE": "true"},
                             query_processes=3)
    assert cfg.store == tmp_path and cfg.query_timeout == 2.5 and cfg.row_cap == 7
    assert cfg.allow_service is True and cfg.query_processes == 3
    assert WebConfig.from_env(cfg.to_env()) == cfg
    alias = WebConfig.from_env({}, graph=tmp_path / "g.trig", data_dir=tmp_path / "data",
                               sparql_endpoint=None)
    assert alias.trig == tmp_path / "g.trig" and alias.store == tmp_path / "data" / "store"
    assert alias.sparql_endpoint is None


# --- end to end: real server processes --------------------------------------------------------

def _protocol_smoke(base, long_get=414):
    """``long_get``: the status of a 12 KB GET (414 behind gunicorn's request-line limit;
    the development server has none)."""
    import requests

    r = requests.get(base + "/sparql", params={"query": SELECT}, timeout=10)
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
    r = requests.post(base + "/sparql", data=CONSTRUCT, timeout=10,
                      headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert r.status_code == 200 and len(r.text.splitlines()) == 5
    long_q = SELECT + "\n#" + "x" * 12000  # a 12 KB query: too long for a request line ...
    r = requests.get(base + "/sparql", params={"query": long_q}, timeout=10)
    assert r.status_code == long_get
    r = requests.post(base + "/sparql", data={"query": long_q}, timeout=10)  # ... fine as POST
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
    r = requests.post(base + "/sparql", data={"update": "CLEAR ALL"}, timeout=10)
    assert r.status_code == 403
    r = requests.get(base + "/sparql", params={"query": "SELECT"}, timeout=10)
    assert r.status_code == 400


def test_dev_server_end_to_end(server_process, fixture_trig):
    port = free_port()
    sp = server_process([sys.executable, "-m", "heterokg.web", "--trig", str(fixture_trig),
                         "--port", str(port), "--query-processes", "1"], port, "/sparql")
    _protocol_smoke(sp.url, long_get=200)


@pytest.mark.parametrize("mode", ["disk", "auto"])
def test_production_server_end_to_end(server_process, fixture_trig, tmp_path, mode):
    """disk: the store is built once before the workers start; auto (a small TriG): the
    graph is held in memory by each worker's zygote, and no store is built."""
    port = free_port()
    sp = server_process([sys.executable, "-m", "heterokg.web", "--production", "--workers", "2",
                         "--trig", str(fixture_trig), "--store", str(tmp_path / "store"),
                         "--store-mode", mode, "--port", str(port), "--query-processes", "1"],
                        port, "/sparql")
    _protocol_smoke(sp.url)
    assert (tmp_path / "store" / "heterokg-store.json").is_file() == (mode == "disk")


def test_void_carries_the_builds_own_description(client):
    body = client.get("/void").data.decode()
    assert "http://www.w3.org/ns/dqv#hasQualityMeasurement" in body and '"0.82"' in body


def test_browsers_get_html_for_service_description_and_void(client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for url in ("/sparql", "/void"):
        r = client.get(url, headers={"Accept": accept})
        assert r.status_code == 200 and r.mimetype == "text/html"
        assert "&lt;http" in r.data.decode() or "@prefix" in r.data.decode()
    assert client.get("/void", headers={"Accept": "*/*"}).mimetype == "text/turtle"


def test_gunicorn_command_line_from_the_docs(server_process, fixture_store):
    """docs/serving.md: `gunicorn 'heterokg.web.wsgi:app' ...` configured by HETEROKG_*."""
    port = free_port()
    sp = server_process([sys.executable, "-m", "gunicorn", "heterokg.web.wsgi:app", "-w", "1",
                         "-k", "gthread", "--threads", "4", "--timeout", "60",
                         "--limit-request-line", "8190", "--limit-request-field_size", "8190",
                         "--limit-request-fields", "100",
                         "-b", f"127.0.0.1:{port}"], port, "/sparql",
                        env={"HETEROKG_STORE": str(fixture_store), "HETEROKG_QUERY_PROCESSES": "1"})
    _protocol_smoke(sp.url)
