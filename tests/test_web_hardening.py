"""Issue 15: the endpoint cannot be turned against its host.

Each test is one break the issue describes, tried against the real query processes (and a
real listener on another loopback port where the break was a request leaving the server)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from conftest import web_app
from heterokg.web import remove_stale_stores
from heterokg.web.executor import (
    QueryBusy,
    QueryExecutor,
    QueryFailed,
    QueryOutOfMemory,
    QueryTimeout,
)

SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# the issue's memory runaway: a cross product sorted, so every row is held
SORTED_CROSS = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY DESC(?c) ?f ?i"
# CPU only: 188^4 rows counted
SPIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SLACK = 2.0  # the issue's bound: every runaway ends within its limit + 2 s


class Listener:
    """A SPARQL 'endpoint' on another loopback port that counts who reaches it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        body = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": [
            {"s": {"type": "literal", "value": "secret from the listener"}}]}}).encode()
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.hits += 1
            with conn:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)

    def close(self):
        self._stop = True
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def app(fixture_store):
    with web_app(store=fixture_store, query_timeout=10, query_processes=1, row_cap=3) as application:
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(params=["disk", "memory"])
def executor(request, fixture_store, fixture_trig):
    """Make a QueryExecutor over the on-disk store or over the zygote's in-memory graph:
    every guardrail must hold for both."""
    made = []

    def make(**kw) -> QueryExecutor:
        ex = (QueryExecutor(fixture_store, **kw) if request.param == "disk"
              else QueryExecutor.in_memory(fixture_trig, **kw))
        made.append(ex)
        return ex

    yield make
    for ex in made:
        ex.close()


def _can_isolate() -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", "from heterokg.web.sandbox import isolate_network as i; print(i())"],
        capture_output=True, text=True)
    return probe.stdout.startswith("network isolated")


# --- SSRF ---------------------------------------------------------------------------------


def test_service_spellings_from_the_issue_are_refused_and_reach_nothing(client, listener):
    target = f"<http://127.0.0.1:{listener.port}/sparql>"
    queries = [
        f"PREFIX e: <http://e/> SELECT * WHERE {{ BIND(e:a\\#b AS ?z) SERVICE {target} {{ ?s ?p ?o }} }}",
        f"PREFIX e: <http://e/> SELECT * WHERE {{ BIND(e:it\\'s AS ?z) SERVICE {target} {{ ?s ?p ?o }} }}",
        f"PREFIX : {target} SELECT * {{ FILTER(1<2)SERVICE:x#>\n{{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p trueSERVICE{target}{{ ?s ?p ?o }} }}",
    ]
    for q in queries:
        for r in (client.get("/sparql", query_string={"query": q}),
                  client.post("/sparql", data={"query": q})):
            assert r.status_code == 403, (q, r.data)
            assert b"SERVICE" in r.data
    assert listener.hits == 0


def test_query_processes_have_no_network_even_past_the_lexer(executor, listener):
    """SERVICE sent to the executor directly (as if the lexer had missed it): nothing is
    reached, and an open port answers exactly like a closed one (no port scan)."""
    if not _can_isolate():
        pytest.skip("this machine allows no network namespace (unshare)")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    ex = executor(processes=1, timeout=10)
    try:
        errors = []
        for port in (listener.port, closed_port):
            with pytest.raises(QueryFailed) as e:
                ex.run(f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
            errors.append(str(e.value).replace(str(port), "PORT"))
        assert errors[0] == errors[1]
        assert "secret" not in errors[0]
        assert listener.hits == 0
        r = ex.run(SIMPLE)  # the process that refused is still answering
        assert json.loads(r.body)["results"]["bindings"][0]["n"]["value"] == "188"
    finally:
        ex.close()


def test_isolate_network_in_a_fresh_process_blocks_loopback(listener):
    if not _can_isolate():
        pytest.skip("this machine allows no network namespace (unshare)")
    code = ("import socket; from heterokg.web.sandbox import isolate_network as i; i()\n"
            f"s = socket.socket(); s.settimeout(2)\n"
            f"try:\n    s.connect(('127.0.0.1', {listener.port})); print('connected')\n"
            "except OSError as e:\n    print('refused', e.errno)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.startswith("refused") and listener.hits == 0


# --- nothing evaluated in the web process; depth; crashes ------------------------------------


def test_deep_nesting_is_400_before_any_parser(client):
    for q in ("SELECT * WHERE {" + "{" * 5000 + "}" * 5000 + "}",
              "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
              "ASK { FILTER(" + "+".join(["1"] * 10000) + " > 0) }",
              "SELECT * {" + " UNION ".join(["{}"] * 10000) + "}"):
        r = client.post("/sparql", data={"query": q})
        assert r.status_code == 400 and (b"deep" in r.data or b"operators" in r.data), r.data
    assert client.get("/sparql", query_string={"query": SIMPLE}).status_code == 200


def test_the_deepest_accepted_query_does_not_crash_its_process(executor):
    ex = executor(processes=1, timeout=20)
    try:
        deep = "ASK { " + "{ " * 60 + "?s ?p ?o " + "} " * 60 + "}"
        long = "ASK { FILTER(" + "+".join(["1"] * 1990) + " > 0) }"
        for q in (deep, long):
            assert json.loads(ex.run(q).body)["boolean"] is True
    finally:
        ex.close()


def test_a_crashed_query_process_is_a_contained_error(executor):
    ex = executor(processes=1, timeout=20, fast_budget=20)
    try:
        (pid,) = ex.pids()
        threading.Timer(1.0, os.kill, (pid, signal.SIGSEGV)).start()
        with pytest.raises(QueryFailed, match="crashed"):
            ex.run(SPIN)
        r = ex.run(SIMPLE)
        assert json.loads(r.body)["results"]["bindings"][0]["n"]["value"] == "188"
    finally:
        ex.close()


# --- memory ------------------------------------------------------------------------------


def test_memory_runaway_is_503_with_a_clear_message(executor):
    ex = executor(processes=1, timeout=60, fast_budget=60,
                       memory_bytes=150 * 1024 * 1024)
    try:
        with pytest.raises(QueryOutOfMemory) as e:
            ex.run(SORTED_CROSS)
        assert e.value.status == 503 and "exceeded its memory limit" in str(e.value)
        r = ex.run(SIMPLE)  # a fresh process took its place
        assert json.loads(r.body)["results"]["bindings"][0]["n"]["value"] == "188"
    finally:
        ex.close()


# --- time: counted from arrival; slow lane ------------------------------------------------


def test_waiting_counts_against_the_time_limit(executor):
    limit = 3.0
    ex = executor(processes=1, timeout=limit, fast_budget=limit,
                       slow_processes=0)
    try:
        first = threading.Thread(target=lambda: pytest.raises(QueryTimeout, ex.run, SPIN))
        first.start()
        time.sleep(1.0)
        t0 = time.monotonic()
        with pytest.raises((QueryTimeout, QueryBusy)):
            ex.run(SPIN)  # waits about 2 s for the process, then has about 1 s left
        assert time.monotonic() - t0 < limit + SLACK
        first.join()
    finally:
        ex.close()


def test_a_long_query_moves_out_of_the_way_of_short_ones(executor):
    ex = executor(processes=1, timeout=8, fast_budget=0.5,
                       slow_processes=1)
    try:
        outcome = {}

        def long_one():
            t0 = time.monotonic()
            try:
                ex.run(SPIN)
            except QueryFailed as e:
                outcome["error"] = e
            outcome["took"] = time.monotonic() - t0

        t = threading.Thread(target=long_one)
        t.start()
        time.sleep(1.5)  # past the fast budget: in the slow lane now
        r = ex.run(SIMPLE)  # answered by the fresh fast process meanwhile
        assert json.loads(r.body)["results"]["bindings"][0]["n"]["value"] == "188"
        assert t.is_alive(), "the long query is still running in the slow lane"
        with pytest.raises(QueryBusy, match="long queries"):
            ex.run(SPIN)  # a second long one: the slow lane is full
        t.join()
        assert isinstance(outcome["error"], QueryTimeout) and outcome["took"] < 8 + SLACK
        assert len(ex.pids()) == 1  # back to one fast process, nothing left over
    finally:
        ex.close()


# --- protocol details ----------------------------------------------------------------------


def test_invalid_graph_parameters_are_400(client):
    for name in ("default-graph-uri", "named-graph-uri"):
        r = client.get("/sparql", query_string={"query": SIMPLE, name: "not an iri"})
        assert r.status_code == 400 and name.encode() in r.data


def test_host_header_is_not_echoed(client):
    for url in ("/sparql", "/void"):
        r = client.get(url, headers={"Host": "evil.example", "Accept": "text/turtle"})
        assert r.status_code == 200 and b"evil.example" not in r.data
        assert b"http://localhost/sparql" in r.data


def test_public_url_names_the_endpoint(fixture_store):
    with web_app(store=fixture_store, query_processes=1,
                 public_url="https://kg.example.org/heterokg/") as app:
        body = app.test_client().get("/sparql", headers={"Accept": "text/turtle"}).data
        assert b"<https://kg.example.org/heterokg/sparql> a sd:Service" in body


def test_construct_with_relative_iris_and_no_accept(client):
    r = client.get("/sparql", query_string={"query": "CONSTRUCT { <s> <p> <o> } WHERE {}"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    assert b"<http://localhost/s>" in r.data


def test_named_graph_pages_keep_the_row_cap(client, fixture_trig):
    import pyoxigraph as ox

    graphs = {q.graph_name.value for q in ox.parse(path=str(fixture_trig), format=ox.RdfFormat.TRIG)
              if isinstance(q.graph_name, ox.NamedNode)}
    iri = sorted(graphs)[0]
    path = iri.split("https://w3id.org/heterokg/", 1)[1]
    r = client.get(f"/resource/{path}", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and len(r.data.decode().strip().splitlines()) == 3
    assert "row cap" in r.headers["X-Heterokg-Truncated"]


def test_answers_are_cut_at_the_byte_cap(executor):
    ex = executor(processes=1, timeout=10, byte_cap=2000, row_cap=None)
    try:
        r = ex.run("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        assert r.truncated and 0 < r.rows < 188
    finally:
        ex.close()


# --- leftovers -----------------------------------------------------------------------------


def test_stale_temporary_stores_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"heterokg-store-{dead.pid}-abcdefgh"
    (stale / "store").mkdir(parents=True)
    live = tmp_path / f"heterokg-store-{os.getpid()}-defghijk"
    live.mkdir()
    assert remove_stale_stores(tmp_path) == [stale]
    assert not stale.exists() and live.exists()


def test_a_killed_store_load_leaves_nothing_behind_next_time(tmp_path, fixture_trig):
    from heterokg.store import load_store

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    for kind in ("build", "old"):
        (tmp_path / f".store.{kind}-{dead.pid}-abcdefgh").mkdir()
    store = load_store(fixture_trig, tmp_path / "store")
    del store
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


# --- memory of forked query processes -------------------------------------------------------


def _gone(pid: int, wait: float = 5.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_forked_query_process_past_its_private_memory_is_replaced(fixture_trig):
    """A threshold of one byte: every answer leaves the child holding private pages, so every
    answer replaces it, and the answers stay right."""
    ex = QueryExecutor.in_memory(fixture_trig, processes=1, recycle_bytes=1)
    try:
        counts = set()
        for _ in range(3):
            before = ex.pids()
            r = ex.run("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
            counts.add(json.loads(r.body)["results"]["bindings"][0]["n"]["value"])
            assert ex.pids() != before and _gone(before[0])
        assert ex.recycled == 3 and len(counts) == 1 and int(counts.pop()) > 0
    finally:
        ex.close()


def test_a_forked_query_process_under_its_private_memory_is_kept(fixture_trig):
    ex = QueryExecutor.in_memory(fixture_trig, processes=1, recycle_bytes=1 << 40)
    try:
        before = ex.pids()
        for _ in range(3):
            ex.run("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        assert ex.pids() == before and ex.recycled == 0
    finally:
        ex.close()


class _Counters:
    """Fake page-fault and private-memory readings for RecycleCheck."""

    def __init__(self):
        self.faults = 0
        self.private = 0
        self.reads = 0

    def read_private(self) -> int:
        self.reads += 1
        return self.private


def _check(counters: _Counters, threshold: int, page: int | None = 4096, every: int = 64):
    from heterokg.web.sandbox import RecycleCheck

    return RecycleCheck(threshold, page, every=every, margin=0,
                        read_private=counters.read_private, read_faults=lambda: counters.faults)


def test_recycle_check_reads_private_memory_only_when_faults_could_have_passed_it():
    c = _Counters()
    check = _check(c, threshold=100 * 4096)
    c.private = 90 * 4096
    assert not check.spent() and c.reads == 1  # the first answer is always read
    c.faults += 10  # at most 10 pages more: 100 pages, not past
    assert not check.spent() and c.reads == 1
    c.faults += 1  # 101 pages could be private now: read, and it is not
    assert not check.spent() and c.reads == 2
    c.private = 101 * 4096
    c.faults += 11
    assert check.spent() and c.reads == 3


def test_recycle_check_reads_every_answer_without_a_page_bound_and_every_nth_with_one():
    c = _Counters()
    unbounded = _check(c, threshold=1 << 30, page=None)
    for n in range(1, 4):
        assert not unbounded.spent() and c.reads == n
    c = _Counters()
    periodic = _check(c, threshold=1 << 30, every=3)
    for _ in range(9):
        periodic.spent()
    assert c.reads == 3  # answers 1, 5 and 9: three skipped between readings
    assert not _check(_Counters(), threshold=0).spent()


def test_forked_query_processes_that_recycle_run_without_huge_pages(fixture_trig):
    """The page-fault bound of RecycleCheck needs a fault to add at most one base page."""
    ex = QueryExecutor.in_memory(fixture_trig, processes=1, recycle_bytes=1 << 40)
    try:
        ex.run(SIMPLE)
        status = open(f"/proc/{ex.pids()[0]}/status").read()
        if "THP_enabled:" not in status:
            pytest.skip("this kernel does not report THP_enabled")
        assert "THP_enabled:\t0" in status
    finally:
        ex.close()


class _Planted:
    """What a subverted query process could send instead of an answer: unpickling it runs
    ``os.mkdir`` (any callable would do) in the web worker, outside the sandbox."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def test_a_query_processs_message_cannot_run_code_in_the_web_worker(tmp_path):
    """Answers are plain data (tuples, strings, bytes, numbers): a message naming anything
    else is refused as a broken process, not unpickled, so a query process that something
    subverted cannot take its way out of the sandbox through the pipe."""
    from multiprocessing.connection import Connection

    from heterokg.web.executor import _Worker

    r, w = os.pipe()
    worker = _Worker()
    worker._recv = Connection(r, writable=False)
    sender = Connection(w, readable=False)
    planted = tmp_path / "planted"
    try:
        sender.send(("ok", ("text/csv", b"n\n1\n", False, 1, False)))
        assert worker.recv() == ("ok", ("text/csv", b"n\n1\n", False, 1, False))
        sender.send(("ok", _Planted(str(planted))))
        with pytest.raises(OSError, match="not an answer"):
            worker.recv()
        assert not planted.exists()
    finally:
        sender.close()
        worker._recv.close()
