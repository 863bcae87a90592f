"""Guardrails: a runaway query is really stopped (its process killed) and others go on."""

import json
import os
import sys
import threading
import time

import pytest
import requests

from conftest import free_port
from heterokg.web import WebConfig, create_app
from heterokg.web.executor import QueryExecutor, QueryTimeout

# 188 triples to the 4th power: about 1.2e9 solutions, minutes of work for Oxigraph
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LIMIT = 2.0
SLACK = 3.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child not yet reaped is a zombie: count it as gone
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_executor_kills_and_replaces(fixture_store):
    ex = QueryExecutor(fixture_store, processes=1, timeout=LIMIT)
    try:
        (pid,) = ex.pids()
        t0 = time.monotonic()
        with pytest.raises(QueryTimeout):
            ex.run(RUNAWAY)
        assert time.monotonic() - t0 < LIMIT + SLACK
        assert not _alive(pid), "the runaway query's process must be killed"
        (new_pid,) = ex.pids()
        assert new_pid != pid and ex.killed == 1
        r = ex.run(SIMPLE)
        assert json.loads(r.body)["results"]["bindings"][0]["n"]["value"] == "188"
    finally:
        ex.close()


def test_runaway_gets_503_while_others_are_answered(fixture_store):
    app = create_app(WebConfig(store=fixture_store, query_timeout=LIMIT, query_processes=2))
    try:
        result = {}

        def runaway():
            t0 = time.monotonic()
            r = app.test_client().get("/sparql", query_string={"query": RUNAWAY})
            result["status"], result["body"] = r.status_code, r.data
            result["elapsed"] = time.monotonic() - t0

        th = threading.Thread(target=runaway)
        th.start()
        time.sleep(0.3)
        c = app.test_client()
        answered = 0
        while th.is_alive() and answered < 20:
            t0 = time.monotonic()
            r = c.get("/sparql", query_string={"query": SIMPLE})
            assert r.status_code == 200
            assert time.monotonic() - t0 < 1.0
            answered += 1
            time.sleep(0.05)
        th.join(LIMIT + SLACK + 5)
        assert answered >= 3
        assert result["status"] == 503 and b"time limit" in result["body"]
        assert result["elapsed"] < LIMIT + SLACK
        # and the pool is whole again
        r = c.get("/sparql", query_string={"query": SIMPLE})
        assert r.status_code == 200
    finally:
        app.extensions["heterokg"]["backend"].close()


def test_production_server_runaway(server_process, fixture_store):
    """Through gunicorn: one client's runaway query does not stop the others."""
    port = free_port()
    sp = server_process([sys.executable, "-m", "heterokg.web", "--production", "--workers", "1",
                         "--store", str(fixture_store), "--port", str(port),
                         "--query-timeout", str(LIMIT), "--query-processes", "2"], port, "/sparql")
    result = {}

    def runaway():
        t0 = time.monotonic()
        r = requests.get(sp.url + "/sparql", params={"query": RUNAWAY}, timeout=30)
        result["status"], result["elapsed"] = r.status_code, time.monotonic() - t0

    th = threading.Thread(target=runaway)
    th.start()
    time.sleep(0.3)
    answered = 0
    while th.is_alive() and answered < 20:
        r = requests.get(sp.url + "/sparql", params={"query": SIMPLE}, timeout=5)
        assert r.status_code == 200
        answered += 1
        time.sleep(0.05)
    th.join(LIMIT + SLACK + 5)
    assert answered >= 3
    assert result["status"] == 503 and result["elapsed"] < LIMIT + SLACK


def _make(mode: str, fixture_store, fixture_trig, **kw) -> QueryExecutor:
    if mode == "disk":
        return QueryExecutor(fixture_store, **kw)
    return QueryExecutor.in_memory(fixture_trig, **kw)


@pytest.mark.parametrize("mode", ["disk", "memory"])
def test_close_stops_children(fixture_store, fixture_trig, mode):
    ex = _make(mode, fixture_store, fixture_trig, processes=2, timeout=5)
    pids = ex.pids() + ([ex.zygote.process.pid] if ex.zygote else [])
    ex.run(SIMPLE)
    ex.close()
    assert not any(_alive(p) for p in pids)


@pytest.mark.parametrize("mode", ["disk", "memory"])
def test_orphaned_children_exit_even_mid_query(fixture_store, fixture_trig, mode):
    """A web process that dies (e.g. killed by gunicorn's arbiter) leaves no query running,
    and no zygote either."""
    import subprocess

    make = (f"QueryExecutor({str(fixture_store)!r}, processes=1, timeout=60)" if mode == "disk"
            else f"QueryExecutor.in_memory({str(fixture_trig)!r}, processes=1, timeout=60)")
    code = (
        "import os, sys, threading, time\n"
        "from heterokg.web.executor import QueryExecutor\n"
        f"ex = {make}\n"
        "print(ex.pids()[0], ex.zygote.process.pid if ex.zygote else '', flush=True)\n"
        f"threading.Thread(target=ex.run, args=({RUNAWAY!r},), daemon=True).start()\n"
        "time.sleep(0.5)\n"
        "os._exit(0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30,
                         env={**os.environ, "PYTHONPATH": str(__import__("conftest").REPO / "src")})
    pids = [int(p) for p in out.stdout.split()]
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)
