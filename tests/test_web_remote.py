"""The front end over a remote SPARQL endpoint: a real ``oxigraph serve`` on loopback."""

import json
import shutil
import subprocess
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import free_port
from heterokg.web import WebConfig, create_app

OXIGRAPH = shutil.which("oxigraph") or str(Path(__import__("sys").executable).parent / "oxigraph")
K = "https://w3id.org/heterokg/"

pytestmark = pytest.mark.skipif(not Path(OXIGRAPH).exists(), reason="no oxigraph server binary")


@pytest.fixture(scope="module")
def remote(fixture_trig, tmp_path_factory):
    from conftest import ServerProcess

    location = tmp_path_factory.mktemp("remote") / "store"
    subprocess.run([OXIGRAPH, "load", "--location", str(location), "--file", str(fixture_trig)],
                   check=True, capture_output=True, timeout=60)
    port = free_port()
    sp = ServerProcess([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                        "--union-default-graph"], port, "/query?query=ASK%7B%7D")
    yield sp.url + "/query"
    sp.stop()


@pytest.fixture(scope="module")
def client(remote):
    app = create_app(WebConfig(sparql_endpoint=remote, query_timeout=10))
    return app.test_client()


def test_sparql_is_proxied(client):
    q = f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{K}ontology#Claim> }}"
    r = client.get("/sparql", query_string={"query": q})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    assert json.loads(r.data)["results"]["bindings"][0]["n"]["value"] == "4"
    r = client.post("/sparql", data={"query": q, "default-graph-uri": K + "graph/002_bbbb"},
                    headers={"Accept": "text/csv"})
    assert r.mimetype == "text/csv" and r.data.decode().splitlines()[1] == "1"
    r = client.get("/sparql", query_string={"query": f"DESCRIBE <{K}material/CuS>"},
                   headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(r.data.splitlines()) == 5


def test_refusals_happen_before_the_remote(client):
    # the remote is a read-write `oxigraph serve`: updates must never reach it
    assert client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 403
    assert client.get("/sparql", query_string={"query": "CLEAR ALL"}).status_code == 403
    assert client.get("/sparql", query_string={"query": "SELECT * {"}).status_code == 400
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert json.loads(r.data)["boolean"] is True


def test_pages_over_remote(client):
    home = client.get("/").data.decode()
    assert 'id="n-claims">4<' in home and 'id="n-documents">2<' in home
    page = client.get("/resource/material/Bi2S3-CuS").data.decode()
    assert "built-in electric field" in page and "592.2" in page
    page = client.get("/resource/mechanism/BuiltInElectricField").data.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    hits = client.get("/api/autocomplete?q=BIEF").get_json()
    assert hits and hits[0]["iri"] == K + "mechanism/BuiltInElectricField"
    r = client.get("/resource/material/CuS", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and b"CuS" in r.data
    void = client.get("/void").data.decode()
    assert "void:triples 188" in void


def test_unreachable_remote_is_502():
    port = free_port()  # nothing listens there
    app = create_app(WebConfig(sparql_endpoint=f"http://127.0.0.1:{port}/query", query_timeout=2))
    r = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 502


def test_row_cap_holds_over_remote(remote):
    # the remote answers in full; the front end reads only up to its cap and says so
    capped = create_app(WebConfig(sparql_endpoint=remote, query_timeout=10, row_cap=3)).test_client()
    r = capped.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and len(r.data.decode().splitlines()) == 1 + 3
    assert "row cap (3)" in r.headers["X-Heterokg-Truncated"]
    r = capped.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                   headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(r.data.splitlines()) == 3 and "X-Heterokg-Truncated" in r.headers
    r = capped.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert "X-Heterokg-Truncated" not in r.headers


@contextmanager
def fake_endpoint(body: Callable[[Callable[[bytes], None]], None]):
    """A SPARQL endpoint on loopback that answers every POST with SPARQL JSON written by ``body``."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            try:
                body(lambda b: (self.wfile.write(b), self.wfile.flush()))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the front end stopped reading

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/query"
    finally:
        server.shutdown()
        server.server_close()


def test_unreadable_remote_answer_is_502():
    with fake_endpoint(lambda send: send(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": ')) as url:
        app = create_app(WebConfig(sparql_endpoint=url, query_timeout=5))
        r = app.test_client().get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
        assert r.status_code == 502 and b"could not be read" in r.data


def test_a_remote_that_drips_its_answer_is_cut_off_at_the_time_limit():
    def drip(send):
        send(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
        for i in range(40):  # 4 s in all, each piece well inside requests' per-read timeout
            send(b'%s{"x": {"type": "literal", "value": "%d"}}' % (b"," if i else b"", i))
            time.sleep(0.1)
        send(b"]}}")

    with fake_endpoint(drip) as url:
        app = create_app(WebConfig(sparql_endpoint=url, query_timeout=1, remote_timeout=1))
        started = time.monotonic()
        r = app.test_client().get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
        assert r.status_code == 503 and time.monotonic() - started < 3
