"""Where one /sparql request's time goes, in-process (no sockets, no load): issue #19.

Serves the graph from memory as production does (a zygote and forked query processes), sends
the catalogue mix (queries/*.rq) through Flask's test client, every text made unique as
bench_server does (so the answer cache never answers), and times each step of the view by
wrapping the functions it calls. The same queries are then run in this process on an
in-memory store, to split the query process's part (query, serialisation) from the hop to
it and back (what ``backend.run`` takes beyond them).

    PYTHONPATH=src python benchmarks/profile_request.py             # the shipped graph
    PYTHONPATH=src python benchmarks/profile_request.py --rounds 5 --trig tests/data/fixture.trig

Times are medians per request over the mix, in milliseconds; the mix's mean is printed too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from heterokg import paths  # noqa: E402

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


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
        print(f"  {name:34s} median {statistics.median(xs):7.3f} ms   mean {statistics.fmean(xs):7.3f} ms")


def profile_view(trig: Path, queries: list[str], rounds: int) -> dict[str, list[float]]:
    """Each step of the /sparql view, through Flask's test client, the answer cache defeated."""
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
                text = f"{q}\n# {r}-{i}"
                t0 = time.perf_counter()
                resp = client.post("/sparql", data={"query": text}, headers={"Accept": ACCEPT})
                _ = resp.data
                times["whole request (test client)"].append((time.perf_counter() - t0) * 1000)
                assert resp.status_code == 200, (resp.status_code, resp.data[:200])
            for _ in range(len(queries)):
                t0 = time.perf_counter()
                client.post("/sparql", data={"query": f"ASK {{}} # {time.perf_counter()}"})
                times["ASK {} whole request"].append((time.perf_counter() - t0) * 1000)
    finally:
        for name, fn in originals.items():
            setattr(sparql, name, fn)
        backend.close()
    return times


def profile_child_work(trig: Path, queries: list[str], rounds: int) -> dict[str, list[float]]:
    """What a query process does per request, run here: the dataset check (a second lexing),
    the query, its serialisation (Python's, and Oxigraph's native one for comparison), the
    private-memory reading that decides recycling, and pickling the answer."""
    import pickle

    import pyoxigraph as ox

    from heterokg.store import QUERY_PREFIXES, load_store, query_dataset_kwargs
    from heterokg.web.executor import serialise
    from heterokg.web.sandbox import private_bytes

    store = load_store(trig)
    times: dict[str, list[float]] = defaultdict(list)
    media = "application/sparql-results+json"

    def clock(name: str, fn: Callable) -> object:
        t0 = time.perf_counter()
        out = fn()
        times[name].append((time.perf_counter() - t0) * 1000)
        return out

    for r in range(rounds + 1):
        if r == 1:
            times.clear()
        for q in queries:
            kwargs = clock("child: dataset lexing", lambda: query_dataset_kwargs(q))
            run = lambda: store.query(q, prefixes=QUERY_PREFIXES, **kwargs)  # noqa: E731
            rows = clock("child: query (rows listed)", lambda: list(run()))
            if not isinstance(run(), ox.QuerySolutions):
                continue
            body = clock("child: query + serialise (Python)",
                         lambda: serialise(run(), media, 10000, byte_cap=16 << 20).body)
            clock("child: query + serialise (native)",
                  lambda: run().serialize(format=ox.QueryResultsFormat.JSON))
            clock("child: private memory (smaps)", private_bytes)
            clock("pickle answer", lambda: pickle.dumps(("ok", (media, body, False, len(rows), False))))
            times["answer bytes (kB)"].append(len(body) / 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trig", type=Path, default=None, help="default: graph/heterokg.trig")
    p.add_argument("--queries", type=Path, default=None, help="folder of *.rq (default: queries/)")
    p.add_argument("--rounds", type=int, default=3, help="times the mix is sent (after a warm-up)")
    a = p.parse_args(argv)
    trig = a.trig or paths.graph_file()
    queries = [f.read_text("utf-8") for f in sorted(Path(a.queries or paths.queries_dir()).glob("*.rq"))]
    print(f"{len(queries)} queries x {a.rounds} rounds over {trig}\n")
    view = profile_view(trig, queries, a.rounds)
    print("the /sparql view, per request (in memory, 2 query processes, one client):")
    _summary(view, ["whole request (test client)", "read_request", "check_query", "check_graphs",
                    "negotiate", "etag_for", "endpoint_url", "backend.run", "result_response",
                    "ASK {} whole request"])
    steps = sum(statistics.fmean(view[k]) for k in view
                if k not in ("whole request (test client)", "ASK {} whole request"))
    print(f"  {'Flask and werkzeug (the rest)':34s}                 mean "
          f"{statistics.fmean(view['whole request (test client)']) - steps:7.3f} ms")
    child = profile_child_work(trig, queries, a.rounds)
    print("\nthe query process's work, run in this process (SELECT queries of the mix):")
    _summary(child, ["child: dataset lexing", "child: query (rows listed)",
                     "child: query + serialise (Python)", "child: query + serialise (native)",
                     "child: private memory (smaps)", "pickle answer", "answer bytes (kB)"])
    hop = statistics.fmean(view["backend.run"]) - sum(
        statistics.fmean(child[k]) for k in ("child: dataset lexing", "child: query + serialise (Python)",
                                             "child: private memory (smaps)", "pickle answer"))
    print(f"\n  the hop (backend.run minus the child's work above): mean {hop:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
