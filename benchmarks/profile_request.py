"""Where one /sparql request's time goes (issue #19), in three views:

1. in-process: the graph served from memory as production does (a zygote and forked query
   processes), the catalogue mix (queries/*.rq) sent through Flask's test client with every
   text made unique as bench_server does (so the answer cache never answers), and each step
   of the view timed by wrapping the functions it calls;
2. the query process's own work, run in this process on an in-memory store: the dataset
   check (a second lexing, which /sparql now spares it), the query, serialising the answer
   term by term in Python and natively, reading the private memory (smaps_rollup), pickling;
   per query the fastest of ``--repeat`` runs, so that a loaded machine disturbs it less;
3. ``--server``: the production server (gunicorn, in memory) and ``oxigraph serve-read-only``
   under 4 clients, and the CPU time each process spent per request (from /proc), which
   a machine shared with other work distorts less than latencies.

    PYTHONPATH=src python benchmarks/profile_request.py             # the shipped graph
    PYTHONPATH=src python benchmarks/profile_request.py --server --requests 2000

Times are in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from heterokg import paths  # noqa: E402

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
JSON = "application/sparql-results+json"


def _timed(times: dict[str, list[float]], name: str, fn: Callable) -> Callable:
    """``fn`` that adds its wall time (ms) to ``times[name]`` at each call."""
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            times[name].append((time.perf_counter() - t0) * 1000)
    return wrapper


def _summary(times: dict[str, list[float]], order: list[str]) -> None:
    for name in order:
        xs = times.get(name) or [float("nan")]
        print(f"  {name:40s} median {statistics.median(xs):7.3f}   mean {statistics.fmean(xs):7.3f}")


def profile_view(trig: Path, queries: list[str], rounds: int) -> dict[str, list[float]]:
    """Each step of the /sparql view, through Flask's test client, the answer cache defeated.

    Wall times: while the query process runs, this process may be off the CPU anywhere,
    so ``backend.run`` and the whole request carry the query's time, not only the hop."""
    from heterokg.web import WebConfig, create_app, sparql

    times: dict[str, list[float]] = defaultdict(list)
    app = create_app(WebConfig(trig=trig, store_mode="memory"))
    backend = app.extensions["heterokg"]["backend"]
    originals = {name: getattr(sparql, name) for name in
                 ("read_request", "check_query", "negotiate", "etag_for", "result_response",
                  "check_graphs", "endpoint_url")}
    try:
        for name, fn in originals.items():
            setattr(sparql, name, _timed(times, name, fn))
        backend.run = _timed(times, "backend.run", backend.run)
        client = app.test_client()
        for r in range(rounds + 1):  # the first round warms the query processes up
            if r == 1:
                times.clear()
            for i, q in enumerate(queries):
                t0 = time.perf_counter()
                resp = client.post("/sparql", data={"query": f"{q}\n# {r}-{i}"},
                                   headers={"Accept": ACCEPT})
                _ = resp.data
                times["whole request (test client)"].append((time.perf_counter() - t0) * 1000)
                assert resp.status_code == 200, (resp.status_code, resp.data[:200])
                t0 = time.perf_counter()
                client.post("/sparql", data={"query": f"ASK {{}} # {r}-{i}"})
                times["ASK {} whole request"].append((time.perf_counter() - t0) * 1000)
    finally:
        for name, fn in originals.items():
            setattr(sparql, name, fn)
        backend.close()
    return times


def profile_child_work(trig: Path, queries: list[str], repeat: int) -> dict[str, list[float]]:
    """What a query process does per request, run here, each step's fastest of ``repeat``."""
    import pickle

    import pyoxigraph as ox

    from heterokg.store import QUERY_PREFIXES, load_store, query_dataset_kwargs
    from heterokg.web.executor import execute, serialise
    from heterokg.web.sandbox import page_faults, private_bytes

    store = load_store(trig)
    times: dict[str, list[float]] = defaultdict(list)

    def run(q: str):
        return store.query(q, prefixes=QUERY_PREFIXES, **query_dataset_kwargs(q, own_dataset=False))

    for q in queries:
        body = execute(store, q, JSON, row_cap=10000, byte_cap=16 << 20).body
        steps = {
            "dataset lexing (now spared)": lambda: query_dataset_kwargs(q),
            "query, rows listed": lambda: list(run(q)),
            "query + serialise in Python (before)": lambda: serialise(run(q), JSON, 10000,
                                                                      byte_cap=16 << 20),
            "query + serialise natively (now)": lambda: execute(store, q, JSON, row_cap=10000,
                                                                byte_cap=16 << 20, own_dataset=False),
            "private memory, smaps_rollup (before)": private_bytes,
            "page faults, getrusage (now)": page_faults,
            "pickle the answer": lambda: pickle.dumps(("ok", (JSON, body, False, None, False))),
        }
        if not isinstance(run(q), ox.QuerySolutions):
            continue
        for name, step in steps.items():
            best = float("inf")
            for _ in range(repeat):
                t0 = time.perf_counter()
                step()
                best = min(best, time.perf_counter() - t0)
            times[name].append(best * 1000)
        times["answer size (kB)"].append(len(body) / 1000)
    return times


def profile_servers(trig: Path, queries: list[str], requests_n: int) -> None:
    """CPU ms per request of each process of the in-memory server, and of Oxigraph's."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import bench_server as bench  # noqa: E402

    from heterokg.store import load_store

    tick = os.sysconf("SC_CLK_TCK")
    work = Path(tempfile.mkdtemp(prefix="heterokg-profile-"))

    def cpu(srv) -> dict[int, tuple[str, float]]:
        out = {}
        for pid, (role, _) in srv.processes().items():
            try:
                f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                out[pid] = (role, (int(f[11]) + int(f[12])) / tick)
            except OSError:
                pass
        return out

    try:
        load_store(trig, work / "store")  # the Store is dropped at once: Oxigraph opens it
        specs = [("hkg-mem", [sys.executable, "-m", "heterokg.web", "--production", "--trig",
                              str(trig), "--store-mode", "memory"], "/sparql"),
                 ("oxigraph", bench.oxigraph_command(work / "store", 30), "/query")]
        for name, cmd, path in specs:
            if cmd is None:
                continue
            port = bench.free_port()
            cmd = cmd + (["--bind", f"127.0.0.1:{port}"] if name == "oxigraph"
                         else ["--host", "127.0.0.1", "--port", str(port)])
            srv = bench.Server(name, cmd, port, path)
            try:
                for q in queries:
                    bench.requests.post(srv.url, data={"query": q})
                before = cpu(srv)
                res = bench.run_level(srv.url, queries, 4, 120, requests_n, 35)
                after = cpu(srv)
            finally:
                srv.stop()
            roles: dict[str, float] = defaultdict(float)
            for pid, (role, spent) in after.items():
                roles[role] += spent - before.get(pid, (role, 0.0))[1]
            print(f"\n{name}: {res['ok']} requests at 4 clients, {res['qps']:.0f} q/s, "
                  f"load {Path('/proc/loadavg').read_text().split()[0]}; CPU per request:")
            for role, spent in sorted(roles.items()):
                print(f"  {role:40s} {spent / res['ok'] * 1000:7.3f}")
            print(f"  {'all':40s} {sum(roles.values()) / res['ok'] * 1000:7.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trig", type=Path, default=None, help="default: graph/heterokg.trig")
    p.add_argument("--queries", type=Path, default=None, help="folder of *.rq (default: queries/)")
    p.add_argument("--rounds", type=int, default=3, help="times the mix is sent (after a warm-up)")
    p.add_argument("--repeat", type=int, default=10, help="runs of each query process step")
    p.add_argument("--server", action="store_true", help="also CPU per request of real servers")
    p.add_argument("--requests", type=int, default=1500, help="requests per server (--server)")
    a = p.parse_args(argv)
    trig = a.trig or paths.graph_file()
    queries = [f.read_text("utf-8") for f in sorted(Path(a.queries or paths.queries_dir()).glob("*.rq"))]
    print(f"{len(queries)} queries x {a.rounds} rounds over {trig}\n")
    view = profile_view(trig, queries, a.rounds)
    print("the /sparql view, wall ms per request (in memory, 2 query processes, one client):")
    _summary(view, ["whole request (test client)", "read_request", "check_query", "check_graphs",
                    "negotiate", "etag_for", "endpoint_url", "backend.run", "result_response",
                    "ASK {} whole request"])
    child = profile_child_work(trig, queries, a.repeat)
    print("\nthe query process's work, run here (SELECT queries of the mix, fastest of "
          f"{a.repeat} each):")
    _summary(child, list(child))
    if a.server:
        profile_servers(trig, queries, a.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
