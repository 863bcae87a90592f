"""Answers over the fixed graph are kept and revalidated by ETag (issue 19)."""

from __future__ import annotations

import pytest

from conftest import web_app
from heterokg.web.executor import QueryResult
from heterokg.web.result_cache import ResultCache, etag_for

Q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def app(fixture_trig):
    with web_app(trig=fixture_trig, query_processes=1) as application:
        yield application


def test_repeated_query_is_answered_from_the_cache_with_the_same_etag(app):
    client = app.test_client()
    results = app.extensions["heterokg"]["results"]
    first = client.get("/sparql", query_string={"query": Q + " #1"})
    hits = results.hits
    second = client.get("/sparql", query_string={"query": Q + " #1"})
    assert first.status_code == second.status_code == 200
    assert first.headers["ETag"] == second.headers["ETag"] and first.data == second.data
    assert results.hits == hits + 1
    assert first.headers["Cache-Control"] == "public, max-age=300"


def test_if_none_match_gives_304_without_a_body(app):
    client = app.test_client()
    etag = client.get("/sparql", query_string={"query": Q}).headers["ETag"]
    r = client.get("/sparql", query_string={"query": Q}, headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.data == b"" and r.headers["ETag"] == etag


def test_etag_depends_on_media_type_dataset_and_graph():
    base = etag_for("v1", Q, "application/sparql-results+json", [], [])
    assert base != etag_for("v1", Q, "text/csv", [], [])
    assert base != etag_for("v1", Q, "application/sparql-results+json", ["urn:g"], [])
    assert base != etag_for("v1", Q, "application/sparql-results+json", [], ["urn:g"])
    assert base != etag_for("v2", Q, "application/sparql-results+json", [], [])  # a rebuilt graph


def test_errors_are_not_cached(app):
    client = app.test_client()
    r = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x"})
    assert r.status_code == 400 and "ETag" not in r.headers


def test_cache_is_bounded_in_bytes():
    cache = ResultCache(max_bytes=250, max_entry=120)
    for i in range(5):
        cache.put(str(i), QueryResult("text/csv", b"x" * 100))
    assert cache.get("0") is None and cache.get("4") is not None
    cache.put("big", QueryResult("text/csv", b"x" * 121))  # larger than one entry may be
    assert cache.get("big") is None


def test_answers_that_differ_at_each_run_are_neither_kept_nor_tagged(app):
    """UUID(), STRUUID(), RAND(), BNODE() and NOW() give another answer at each evaluation:
    every client was given the first one (and a strong ETag for it) for five minutes."""
    client = app.test_client()
    for q in ("SELECT (UUID() AS ?u) {}", "SELECT (struuid() AS ?u) {}",
              "SELECT ?u { BIND(RAND() AS ?u) }", "SELECT (BNODE() AS ?u) {}"):
        first, second = (client.get("/sparql", query_string={"query": q}) for _ in range(2))
        assert first.status_code == second.status_code == 200
        assert first.data != second.data, q
        assert "ETag" not in first.headers and "Cache-Control" not in first.headers
    assert "ETag" not in client.get("/sparql", query_string={"query": "SELECT (NOW() AS ?t) {}"}).headers
    assert "ETag" in client.get("/sparql", query_string={"query": "SELECT ?now { ?now ?p 'RAND()' }"}).headers
