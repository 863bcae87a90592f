"""Issue 19: one zygote for all the gunicorn workers of a server (the graph is loaded once),
whose query processes keep every limit of issue 15 and die with their worker or their zygote."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, free_port
from heterokg.web.executor import QueryExecutor, QueryFailed, QueryOutOfMemory, QueryTimeout
from heterokg.web.zygote import TEMP_PREFIX, SharedZygote
from test_web_guard import RUNAWAY, _alive
from test_web_hardening import SORTED_CROSS, Listener, _can_isolate

SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def shared(fixture_trig):
    zygote = SharedZygote(fixture_trig)
    yield zygote
    zygote.stop()


def _count(ex) -> str:
    """The fixture graph's number of quads, as a query process counts them."""
    return json.loads(ex.run(SIMPLE).body)["results"]["bindings"][0]["n"]["value"]


def _ppid(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _gone(pids, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_alive(p) for p in pids)


def test_two_workers_executors_share_the_zygote(shared):
    a = QueryExecutor.in_memory(None, processes=1, timeout=10, zygote_socket=shared.path)
    b = QueryExecutor.in_memory(None, processes=2, timeout=10, zygote_socket=shared.path)
    try:
        assert _count(a) == _count(b) == "188"
        assert {_ppid(p) for p in a.pids() + b.pids()} == {shared.process.pid}
        a_pids = a.pids()
        a.close()  # one worker leaving ends its processes, not the zygote nor the other's
        assert _gone(a_pids) and _alive(shared.process.pid)
        assert _count(b) == "188"
    finally:
        a.close()
        b.close()


def test_the_socket_is_in_a_directory_only_its_user_enters(shared):
    assert stat.S_IMODE(shared.directory.stat().st_mode) == 0o700
    assert stat.S_ISSOCK(shared.path.stat().st_mode)


def test_limits_hold_in_processes_of_the_shared_zygote(shared):
    ex = QueryExecutor.in_memory(None, processes=1, timeout=2, fast_budget=2, slow_processes=0,
                                 memory_bytes=150 * 1024 * 1024, zygote_socket=shared.path)
    try:
        t0 = time.monotonic()
        with pytest.raises(QueryTimeout):
            ex.run(RUNAWAY)
        assert time.monotonic() - t0 < 2 + 3
        ex.timeout = ex.fast_budget = 60
        with pytest.raises(QueryOutOfMemory):
            ex.run(SORTED_CROSS)
        assert _count(ex) == "188"  # replaced by a fresh fork of the same zygote
    finally:
        ex.close()


def test_processes_of_the_shared_zygote_have_no_network(shared):
    if not _can_isolate():
        pytest.skip("this machine allows no network namespace (unshare)")
    listener = Listener()
    ex = QueryExecutor.in_memory(None, processes=1, timeout=10, zygote_socket=shared.path)
    try:
        service = f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(QueryFailed):
            ex.run(service)
        assert listener.hits == 0 and shared.isolation.startswith("network isolated")
    finally:
        ex.close()
        listener.close()


def test_a_query_process_exits_mid_query_when_its_worker_dies(shared):
    """Its parent, the zygote, lives on: the hangup of its request pipe is what ends it."""
    code = ("import os, threading, time\n"
            "from heterokg.web.executor import QueryExecutor\n"
            f"ex = QueryExecutor.in_memory(None, processes=1, timeout=60, fast_budget=60,"
            f" zygote_socket={str(shared.path)!r})\n"
            "print(ex.pids()[0], flush=True)\n"
            f"threading.Thread(target=ex.run, args=({RUNAWAY!r},), daemon=True).start()\n"
            "time.sleep(0.5)\n"
            "os._exit(0)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30,
                         env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    (pid,) = (int(p) for p in out.stdout.split())
    assert _gone([pid]) and _alive(shared.process.pid)


def test_stop_ends_the_zygote_its_processes_and_its_directory(fixture_trig):
    zygote = SharedZygote(fixture_trig)
    ex = QueryExecutor.in_memory(None, processes=2, timeout=10, zygote_socket=zygote.path)
    try:
        pids = ex.pids() + [zygote.process.pid]
        zygote.stop()
        assert _gone(pids) and not zygote.directory.exists()
    finally:
        ex.close()
        zygote.stop()


def test_a_killed_servers_zygote_directory_is_removed_by_the_next(fixture_trig):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = Path(f"/tmp/{TEMP_PREFIX}{dead.pid}-abcd1234")
    stale.mkdir(mode=0o700)
    zygote = SharedZygote(fixture_trig)
    try:
        assert not stale.exists() and zygote.directory.exists()
    finally:
        zygote.stop()


def _tree(root: int) -> dict[int, int]:
    """pid -> parent pid of ``root``'s descendants."""
    parents = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                parents[int(d)] = _ppid(int(d))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = {}, [root]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid:
                out[child] = pid
                todo.append(child)
    return out


def _is_zygote(pid: int) -> bool:
    try:
        return b"heterokg.web.zygote" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_production_workers_share_one_zygote_and_leave_nothing(server_process, fixture_trig):
    import requests

    port = free_port()
    sp = server_process([sys.executable, "-m", "heterokg.web", "--production", "--workers", "2",
                         "--query-processes", "1", "--trig", str(fixture_trig),
                         "--store-mode", "memory", "--port", str(port)], port, "/sparql")
    main = sp.proc.pid
    deadline = time.monotonic() + 20  # the first worker answers while the second may boot
    while time.monotonic() < deadline:
        tree = _tree(main)
        zygotes = [p for p, parent in tree.items() if parent == main and _is_zygote(p)]
        workers = [p for p, parent in tree.items() if parent == main and p not in zygotes]
        children = [p for p, parent in tree.items() if parent in zygotes]
        if len(workers) == 2 and len(children) == 2:
            break
        time.sleep(0.2)
    assert len(zygotes) == 1  # the graph is loaded once
    (zygote,) = zygotes
    assert len(workers) == 2 and len(children) == 2  # a query process per worker
    directory = next(Path("/tmp").glob(f"{TEMP_PREFIX}{main}-*"))

    os.kill(workers[0], signal.SIGKILL)  # its query process follows; gunicorn starts another
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        now = [p for p, parent in _tree(main).items() if parent == zygote]
        if len(now) == 2 and not set(children) <= set(now):
            break
        time.sleep(0.2)
    assert len(now) == 2 and sum(_alive(p) for p in children) == 1
    for _ in range(4):
        r = requests.post(sp.url + "/sparql", data={"query": SIMPLE}, timeout=10)
        assert r.status_code == 200

    everything = list(_tree(main))
    os.kill(main, signal.SIGTERM)  # the arbiter alone: its own cleanup must do the rest
    sp.proc.wait(20)
    assert _gone(everything, 10) and not directory.exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)


def test_workers_share_out_the_answer_cache():
    from heterokg.web import WebConfig, worker_config

    assert worker_config(WebConfig(result_cache_mb=16), 2).result_cache_mb == 8
    assert worker_config(WebConfig(result_cache_mb=16), 1).result_cache_mb == 16
    assert WebConfig.from_env({"HETEROKG_RESULT_CACHE_MB": "0.5"}).result_cache_mb == 0.5


def test_a_workers_etags_name_the_graph_its_zygote_holds(tmp_path, fixture_trig):
    """A worker started after the TriG was rebuilt (a gunicorn reload) still serves the graph
    the shared zygote loaded: its answers' version must be that graph's, not the file's."""
    from conftest import web_app
    from heterokg.store import trig_checksum

    trig = tmp_path / "g.trig"
    trig.write_bytes(fixture_trig.read_bytes())
    loaded = trig_checksum(trig)
    zygote = SharedZygote(trig)
    try:
        trig.write_bytes(fixture_trig.read_bytes() + b"\n<urn:a> <urn:b> <urn:c> .\n")
        with web_app(trig=trig, store_mode="memory", query_processes=1,
                     zygote_socket=zygote.path) as app:
            backend = app.extensions["heterokg"]["backend"]
            assert zygote.version == backend.version == loaded != trig_checksum(trig)
            assert _count(backend) == "188"
    finally:
        zygote.stop()


def test_a_malformed_request_ends_that_connection_not_the_zygote(shared):
    """Whatever a peer sends (here: words where the limits go, with the three pipes), the
    zygote drops that connection and serves the others; it used to die of a ValueError,
    leaving every worker of the server without query processes."""
    for message in (b"hello world", b"1", b"1 2 3", b"\xff\xfe 1"):
        r, w = os.pipe()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as peer:
                peer.connect(str(shared.path))
                assert peer.recv(200).startswith(b"ready ")
                socket.send_fds(peer, [message], [r, w, w])
                peer.settimeout(10)
                assert peer.recv(100) == b""  # hung up on
        finally:
            os.close(r)
            os.close(w)
    assert shared.process.poll() is None
    ex = QueryExecutor.in_memory(None, processes=1, timeout=10, zygote_socket=shared.path)
    try:
        assert _count(ex) == "188"
    finally:
        ex.close()


def test_production_opens_no_gunicorn_control_socket(server_process, fixture_trig, tmp_path):
    """gunicorn 25.1+ opens a control socket by default, at one path for all the servers of a
    user ($XDG_RUNTIME_DIR or ~/.gunicorn/gunicorn.ctl): each server started took it over from
    the last (and removed it when it stopped), and it lets a local process add workers or
    reload a public server. heterokg asks for none."""
    home, runtime = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    port = free_port()
    sp = server_process([sys.executable, "-m", "heterokg.web", "--production",
                         "--query-processes", "1", "--trig", str(fixture_trig),
                         "--store-mode", "memory", "--port", str(port)], port, "/sparql",
                        env={"HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)})
    assert _count_over_http(sp.url) == "188"
    assert not list(home.rglob("*.ctl")) and not list(runtime.rglob("*.ctl"))
    assert "Control socket listening" not in sp.output()


def _count_over_http(url: str) -> str:
    import requests

    r = requests.post(url + "/sparql", data={"query": SIMPLE}, timeout=10)
    return r.json()["results"]["bindings"][0]["n"]["value"]


def _kill_and_wait(process: subprocess.Popen) -> None:
    process.kill()
    process.wait(10)


def test_queries_are_503_not_500_once_the_zygote_is_gone(shared):
    """Its query processes die with it and none can be forked: each query is a prompt 503
    naming why (it was a 500 with ZygoteError, then a 30 s wait for a free process)."""
    ex = QueryExecutor.in_memory(None, processes=2, timeout=30, zygote_socket=shared.path)
    try:
        assert _count(ex) == "188"
        pids = ex.pids()
        _kill_and_wait(shared.process)
        assert _gone(pids)
        for _ in range(4):
            t0 = time.monotonic()
            with pytest.raises(QueryFailed) as caught:
                ex.run(SIMPLE)
            assert caught.value.status == 503 and "no query process" in str(caught.value)
            assert time.monotonic() - t0 < 5
    finally:
        ex.close()


def test_a_dead_zygote_is_revived_at_the_same_socket(shared):
    old = shared.process.pid
    assert not shared.revive()  # alive: nothing to do
    _kill_and_wait(shared.process)
    assert shared.revive() and shared.process.pid != old and shared.process.poll() is None
    ex = QueryExecutor.in_memory(None, processes=1, timeout=10, zygote_socket=shared.path)
    try:
        assert _count(ex) == "188"
    finally:
        ex.close()


def test_production_serves_again_after_its_zygote_is_killed(server_process, fixture_trig):
    """The arbiter starts a new zygote and replaces the workers, whose query processes died
    with the old one; meanwhile queries are 503. It used to answer 500 and then 503 after
    the whole time limit, for ever."""
    import requests

    port = free_port()
    sp = server_process([sys.executable, "-m", "heterokg.web", "--production",
                         "--query-processes", "1", "--trig", str(fixture_trig),
                         "--store-mode", "memory", "--query-timeout", "20",
                         "--port", str(port)], port, "/sparql")
    main = sp.proc.pid
    (zygote,) = [p for p, parent in _tree(main).items() if parent == main and _is_zygote(p)]
    children = [p for p, parent in _tree(main).items() if parent == zygote]
    os.kill(zygote, signal.SIGKILL)
    assert _gone(children)  # they answer no more queries
    statuses = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        r = requests.post(sp.url + "/sparql", timeout=30,
                          data={"query": f"{SIMPLE} # {len(statuses)}"})  # never from the cache
        statuses.append(r.status_code)
        if r.status_code == 200:
            break
        time.sleep(0.2)
    assert statuses[-1] == 200 and set(statuses) <= {200, 503}, statuses
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "188"
    zygotes = [p for p, parent in _tree(main).items() if parent == main and _is_zygote(p)]
    assert len(zygotes) == 1 and zygotes[0] != zygote


def test_a_fork_that_fails_fails_that_request_not_the_zygote(fixture_trig):
    """No process to be had (a process limit, no memory): the worker is told why, as a
    ZygoteError, and the zygote serves the next request. It used to die of the OSError."""
    from heterokg.web.executor import child_env
    from heterokg.web.zygote import Zygote, ZygoteError

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    code = ("import os, sys\n"
            "def fork():\n"
            "    raise OSError(11, 'Resource temporarily unavailable')\n"
            "os.fork = fork\n"
            "from heterokg.web.zygote import main\n"
            "main(sys.argv[1], int(sys.argv[2]))\n")
    process = subprocess.Popen([sys.executable, "-c", code, str(fixture_trig), str(theirs.fileno())],
                               pass_fds=(theirs.fileno(),), env=child_env())
    theirs.close()
    handle = Zygote.__new__(Zygote)
    handle.process = process
    handle._greet(ours, 60, "the zygote did not start")
    try:
        for _ in range(2):
            with pytest.raises(ZygoteError, match="Resource temporarily unavailable"):
                handle.spawn(512 * 1024 * 1024)
            assert process.poll() is None
    finally:
        handle.close()


def test_an_answer_is_given_even_when_its_spent_process_cannot_be_replaced(shared):
    """A process replaced after a good answer (past its private memory) whose replacement
    cannot be started: the client still gets the answer; the next query gets the 503."""
    from heterokg.web.zygote import ZygoteError

    ex = QueryExecutor.in_memory(None, processes=1, timeout=10, zygote_socket=shared.path,
                                 recycle_bytes=1)  # every answer leaves its process spent
    try:
        def no_process():
            raise ZygoteError("no fork today")

        ex._add_worker = no_process
        assert _count(ex) == "188"
        with pytest.raises(QueryFailed, match="no fork today") as caught:
            ex.run(SIMPLE)
        assert caught.value.status == 503
    finally:
        ex.close()


def test_a_workers_own_zygote_that_dies_is_started_again(fixture_trig, tmp_path):
    """Outside serve_production (the development server, gunicorn's own command line) each
    web process has a zygote of its own, which no arbiter watches: the next query starts it
    again, with the TriG as it is then, which the answers' ETags name. It used to leave that
    web process answering 500, then 503, for good."""
    from heterokg.store import trig_checksum
    from heterokg.web.backend import LocalBackend

    trig = tmp_path / "g.trig"
    trig.write_bytes(fixture_trig.read_bytes())
    ex = QueryExecutor.in_memory(trig, processes=1, timeout=30)
    backend = LocalBackend(ex, ex.zygote.version)
    try:
        old, first = ex.zygote.process, backend.version
        pids = ex.pids()
        trig.write_bytes(fixture_trig.read_bytes() + b"\n<urn:a> <urn:b> <urn:c> .\n")
        _kill_and_wait(old)
        assert _gone(pids)
        answers = []
        for _ in range(3):  # the one whose process died with it is a 503
            try:
                answers.append(_count(ex))
            except QueryFailed as e:
                assert e.status == 503 and "started again" in str(e)
        assert answers and set(answers) == {"189"}
        assert ex.zygote.process.pid != old.pid and ex.zygote.process.poll() is None
        assert backend.version == trig_checksum(trig) != first
    finally:
        ex.close()
