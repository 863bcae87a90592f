"""Benchmark heterokg's production server against ``oxigraph serve-read-only`` and
rdflib-endpoint (benchmarks/rdflib_server.py; small graphs only, see ``--rdflib-max-quads``)
on the same data.

Closed-loop clients (1, 4, 16 by default) send a mix of queries (queries/*.rq) over loopback
to each server in turn; prints throughput, p50/p95 latency, every server's ratios to Oxigraph's and
to rdflib-endpoint's, and the resident memory of every server process. One run, bounded in time and requests, all
traffic to 127.0.0.1. Before its load, each server answers the mix once, one query at a time: that
pass is timed too and compared across servers, and it is the only comparison with rdflib-endpoint
when some query runs past the limit there (it cannot stop a runaway query, so it is restarted after
one, and its load levels are skipped).

    python benchmarks/bench_server.py                       # the shipped graph (or the fixture)
    python benchmarks/bench_server.py --trig tests/data/fixture.trig --duration 3
    python benchmarks/bench_server.py --scale-to 10000000   # replicate to 10 M triples first

``--scale-to N`` replicates the data graphs with renamed IRIs (documents, claims, materials,
graphs get a ``_rK`` suffix; ontology concepts are shared) until about N triples, writes
N-Quads, and reports the time to bulk-load them into the on-disk store. ``--keep DIR`` keeps
that store, ``--store DIR`` benchmarks an existing one without loading, and ``--mix builtin``
uses selective page-like lookups instead of queries/*.rq (whole-graph questions that take
5-16 s each on 10 M triples). The build's aggregates (graph/aggregates) are replicated with
their documents: their nodes, and the claims and materials their findings link, are renamed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from heterokg import paths  # noqa: E402
from heterokg.store import load_store  # noqa: E402

BASE = paths.BASE_IRI
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
RENAMED = ("document", "claim", "material", "graph", "aggregate")
_P = ("PREFIX hkg: <https://w3id.org/heterokg/ontology#>\n"
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
      "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
BUILTIN_QUERIES = {  # page-like lookups: selective, fine on a 10 M triple graph too
    "material-by-label": _P + 'SELECT ?m ?c WHERE { ?m rdfs:label "Bi2S3-CuS" . ?c hkg:aboutMaterial ?m } LIMIT 200',
    "claims-of-mechanism": _P + "SELECT ?c ?mat ?q WHERE { ?c hkg:mechanism "
                           "<https://w3id.org/heterokg/mechanism/BuiltInElectricField> ; "
                           "hkg:aboutMaterial ?mat ; hkg:evidence/hkg:quote ?q } LIMIT 100",
    "mechanism-labels": _P + "SELECT ?c ?l WHERE { ?c hkg:mechanism ?m . ?m skos:prefLabel ?l } LIMIT 100",
    "synonym-lookup": _P + 'SELECT ?m WHERE { ?m skos:altLabel "BIEF"@en }',
    "describe-claim": "DESCRIBE <https://w3id.org/heterokg/claim/001_aaaa/c0001>",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- scaling ---------------------------------------------------------------------------------

def _rename(term, k: int):
    if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
        rest = term.value[len(BASE):]
        seg, _, tail = rest.partition("/")
        if seg in RENAMED and tail and rest != "graph/ontology":
            head, sep, more = tail.partition("/")
            return ox.NamedNode(f"{BASE}{seg}/{head}_r{k}{sep}{more}")
        return term
    if isinstance(term, ox.BlankNode):
        return ox.BlankNode(f"{term.value}r{k}")
    return term


def scale_graph(trig: Path, target: int, out: Path) -> int:
    """Write N-Quads with the data graphs replicated until about ``target`` quads."""
    quads = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    onto_graph = ox.NamedNode(BASE + "graph/ontology")
    shared = [q for q in quads if q.graph_name == onto_graph]
    data = [q for q in quads if q.graph_name != onto_graph]
    copies = max(1, -(-(target - len(shared)) // max(1, len(data))))
    written = 0
    with open(out, "wb") as f:
        f.write(ox.serialize(shared, format=ox.RdfFormat.N_QUADS))
        written += len(shared)
        for k in range(copies):
            batch = [ox.Quad(_rename(q.subject, k), q.predicate, _rename(q.object, k),
                             _rename(q.graph_name, k)) for q in data] if k else data
            f.write(ox.serialize(batch, format=ox.RdfFormat.N_QUADS))
            written += len(batch)
    return written


# --- servers ---------------------------------------------------------------------------------

class Server:
    def __init__(self, name: str, cmd: list[str], port: int, query_path: str,
                 start_timeout: float = 60.0):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}{query_path}"
        env = dict(os.environ)
        env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env=env, start_new_session=True)
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {self.proc.returncode}")
            try:
                requests.post(self.url, data={"query": "ASK {}"}, timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"{name} did not start")

    def processes(self) -> dict[int, tuple[str, int]]:
        """pid -> (role, PSS kB) for the server and all its descendants.

        PSS (proportional set size) counts a page shared by n processes as 1/n in each, so the
        total is the memory the server really holds: forked query processes share the
        zygote's graph, and their RSS would count it once per process."""
        children: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    stat = Path(f"/proc/{d}/stat").read_text()
                    ppid = int(stat.rsplit(")", 1)[1].split()[1])
                    children.setdefault(ppid, []).append(int(d))
                except (OSError, ValueError, IndexError):
                    pass
        roles = ["main process", "web worker", "query process"]
        out, todo = {}, [(self.proc.pid, 0)]
        while todo:
            pid, depth = todo.pop()
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:90]
                rss = next((int(line.split()[1]) for line in status.splitlines()
                            if line.startswith("VmRSS:")), 0)
                rss = _pss(pid, rss)
                if "heterokg.web.zygote" in cmd and depth == 1:
                    role = "zygote"  # production's, shared by the workers
                elif "heterokg.web" in cmd:
                    role = roles[min(depth, 2)]
                else:  # an exiting process has an empty command line
                    role = (cmd.split() or ["(exiting)"])[0].rsplit("/", 1)[-1]
                out[pid] = (role, rss)
            except OSError:
                pass
            todo += [(c, depth + 1) for c in children.get(pid, [])]
        return out

    def total_kib(self) -> int:
        return _total(self.processes())

    def sample_peak(self, stop: threading.Event, every: float = 0.5) -> list[int]:
        """Sample the server's total PSS until ``stop`` is set: memory during the load, when
        query processes hold what their queries touched, not only what is left after it."""
        peak = [0]

        def sample() -> None:
            while not stop.wait(every):
                peak[0] = max(peak[0], self.total_kib())

        threading.Thread(target=sample, daemon=True).start()
        return peak

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


def oxigraph_command(location: Path, timeout: float) -> list[str] | None:
    """``oxigraph serve-read-only`` over ``location`` (add ``--bind``), or None if not installed."""
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(oxigraph).exists():
        return None
    return [oxigraph, "serve-read-only", "--location", str(location), "--union-default-graph",
            "--timeout-s", str(int(timeout))]


def rdflib_command(source: Path, n_quads: int, max_quads: int) -> list[str] | None:
    """benchmarks/rdflib_server.py over ``source`` (add ``--host``/``--port``), or None when
    rdflib-endpoint is not installed or the data is past ``max_quads`` (rdflib parses a few
    tens of thousands of quads a second and holds each in Python objects: millions would take
    the run's minutes and gigabytes before the first query)."""
    try:
        import rdflib_endpoint  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print("rdflib row skipped: pip install rdflib-endpoint uvicorn (the 'bench' extra)")
        return None
    if n_quads > max_quads:
        print(f"rdflib row skipped: {n_quads:,} quads > --rdflib-max-quads {max_quads:,}")
        return None
    return [sys.executable, str(Path(__file__).with_name("rdflib_server.py")), str(source)]


def print_ratios(results: dict[str, dict[int, dict]], memory: dict[str, dict],
                 peaks: dict[str, int], levels: list[int],
                 peer: str) -> None:
    """Every other server's throughput, latency and memory as multiples of ``peer``'s: the
    issue's targets are stated as such ratios (e.g. at least 20x rdflib-endpoint's throughput)."""
    def ratio(x: float, y: float) -> str:
        return f"x{x / y:.2f}" if y and y == y and x == x else "n/a"

    for name in (n for n in results if n != peer):
        print(f"\nratios {name} / {peer}:")
        for c in levels:
            h, o = results[name][c], results[peer][c]
            print(f"  {c:3d} clients: throughput {ratio(h['qps'], o['qps'])}, "
                  f"p50 {ratio(h['p50'], o['p50'])}, p95 {ratio(h['p95'], o['p95'])}")
    peer_mem = _total(memory[peer])
    for name in (n for n in memory if n != peer):
        print(f"memory {name} / {peer}: {ratio(_total(memory[name]), peer_mem)}"
              f" after the load, {ratio(peaks[name], peaks[peer])} at the peaks")


def _total(procs: dict[int, tuple[str, int]]) -> int:
    """The PSS (kB) of all of a server's processes, from ``Server.processes``."""
    return sum(kib for _, kib in procs.values())


def _pss(pid: int, fallback: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return fallback


# --- one pass --------------------------------------------------------------------------------

def one_pass(srv: Server, start, names: list[str], queries: list[str], timeout: float,
             servers: list[Server]) -> tuple[Server, dict]:
    """Each query of the mix once, in order (it warms the server up and checks the mix answers):
    the mix's time for one client. A query past the limit counts at the limit; a server that
    did not answer by then (rdflib-endpoint has no limit of its own) is restarted, so that the
    query still running cannot delay the next one."""
    spent, answered, late = 0.0, 0, 0
    for qname, q in zip(names, queries):
        t0 = time.perf_counter()
        try:
            r = requests.post(srv.url, data={"query": q}, timeout=timeout + 5,
                              headers={"Accept": ACCEPT})
            status = r.status_code
        except requests.Timeout:
            status = "no answer"
            servers.remove(srv)
            srv.stop()
            srv = start()
            servers.append(srv)
        except requests.RequestException as e:
            status = type(e).__name__
        dt = time.perf_counter() - t0
        answered += status == 200
        late += dt >= timeout or status == "no answer"
        spent += min(dt, timeout)
        print(f"  {srv.name} warm-up {qname}: {status} in {dt:.2f} s")
    return srv, {"seconds": spent, "answered": answered, "late": late, "queries": len(queries)}


def print_passes(passes: dict[str, dict], timeout: float) -> None:
    """The one-pass times side by side, with every server's ratio to each peer's: the mix's
    throughput for one client when some queries run past what a peer can answer under load."""
    if not passes:
        return
    print(f"\none pass of the mix (each query once; past {timeout:g} s counted at {timeout:g} s):")
    for name, p in passes.items():
        print(f"  {name:9s} {p['seconds']:8.2f} s  {p['answered']}/{p['queries']} answered, "
              f"{p['late']} past the limit")
    for peer in ("oxigraph", "rdflib"):
        if peer not in passes:
            continue
        for name in (n for n in passes if n != peer):
            print(f"  one-pass speed {name} / {peer}: x{passes[peer]['seconds'] / passes[name]['seconds']:.2f}"
                  " (a lower bound where the peer ran past the limit)")


# --- load ------------------------------------------------------------------------------------

def run_level(url: str, queries: list[str], clients: int, duration: float, max_requests: int,
              timeout: float, unique: bool = True) -> dict:
    """Closed-loop clients; ``unique`` makes every request's text differ (a comment), so a
    server's answer cache never answers and the engines themselves are compared."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    budget = [max_requests]

    def client(i: int) -> None:
        s = requests.Session()
        n = i
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            q = queries[n % len(queries)] + (f"\n# {i}-{n}" if unique else "")
            n += 1
            t0 = time.perf_counter()
            try:
                r = s.post(url, data={"query": q}, timeout=timeout,
                           headers={"Accept": ACCEPT})
                ok = r.status_code == 200
                _ = r.content
            except requests.RequestException:
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(dt)
                else:
                    errors[0] += 1
        s.close()

    t0 = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + timeout + 10)
    wall = time.monotonic() - t0
    lat = sorted(latencies)

    def pct(p):
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

    return {"qps": len(lat) / wall if wall else 0.0, "p50": pct(0.50), "p95": pct(0.95),
            "p99": pct(0.99),
            "ok": len(lat), "errors": errors[0], "mean": statistics.fmean(lat) * 1000 if lat else 0}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trig", type=Path, help="graph to serve (default: graph/heterokg.trig, "
                   "else tests/data/fixture.trig)")
    p.add_argument("--queries", type=Path, default=None, help="folder of *.rq (default: queries/)")
    p.add_argument("--clients", default="1,4,16")
    p.add_argument("--duration", type=float, default=5.0, help="seconds per concurrency level")
    p.add_argument("--max-requests", type=int, default=20000, help="per level and server")
    p.add_argument("--workers", type=int, default=1, help="gunicorn workers (the server's default)")
    p.add_argument("--query-processes", type=int, default=2,
                   help="query processes per worker (the server's default)")
    p.add_argument("--timeout", type=float, default=30.0, help="per-request timeout (s)")
    p.add_argument("--scale-to", type=int, default=0, help="replicate the graph to ~N triples")
    p.add_argument("--skip-oxigraph", action="store_true")
    p.add_argument("--rdflib-max-quads", type=int, default=300_000,
                   help="serve an rdflib-endpoint row up to this many quads (0: never)")
    p.add_argument("--keep", type=Path, help="build the store in this directory and keep it")
    p.add_argument("--store", type=Path, help="benchmark this existing store (no loading)")
    p.add_argument("--repeat", action="store_true",
                   help="send the mix's texts as they are (heterokg's answer cache then answers)")
    p.add_argument("--mix", choices=["queries", "builtin"], default="queries",
                   help="queries/*.rq (default) or built-in selective lookups")
    a = p.parse_args(argv)
    # servers run in their own sessions: a SIGTERM must still reach the cleanup in `finally`
    # (an rdflib server left behind once kept a core busy for 90 minutes)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    trig = a.trig or (paths.graph_file() if paths.graph_file().is_file()
                      else REPO / "tests" / "data" / "fixture.trig")
    qdir = a.queries or paths.queries_dir()
    queries = [f.read_text("utf-8") for f in sorted(Path(qdir).glob("*.rq"))] if Path(qdir).is_dir() else []
    names = [f.stem for f in sorted(Path(qdir).glob("*.rq"))] if queries else []
    if not queries or a.mix == "builtin":
        names, queries = list(BUILTIN_QUERIES), list(BUILTIN_QUERIES.values())
    levels = [int(c) for c in a.clients.split(",") if c.strip()]
    work = Path(tempfile.mkdtemp(prefix="heterokg-bench-"))
    location = a.keep or work / "store"
    servers: list[Server] = []
    try:
        source = trig
        if a.store:
            location = a.store
        elif a.scale_to:
            t0 = time.monotonic()
            source = work / "scaled.nq"
            n = scale_graph(trig, a.scale_to, source)
            print(f"scaled {trig.name} to {n:,} quads in {time.monotonic() - t0:.1f} s -> {source}")
        if a.store:
            n_quads = len(ox.Store.read_only(str(location)))
            print(f"store: {n_quads:,} quads at {location} (existing, not loaded)")
        else:
            t0 = time.monotonic()
            store = load_store(source, location)
            n_quads = len(store)
            del store
            load_s = time.monotonic() - t0
            print(f"store: {n_quads:,} quads loaded in {load_s:.1f} s "
                  f"({n_quads / max(load_s, 1e-9):,.0f}/s) at {location}")
        print(f"query mix ({len(queries)}): {', '.join(names)}")
        print(f"levels: {levels} clients, {a.duration:g} s or {a.max_requests} requests each\n")

        common = ["--workers", str(a.workers), "--query-processes", str(a.query_processes),
                  "--query-timeout", str(a.timeout)]
        specs = [("heterokg", [sys.executable, "-m", "heterokg.web", "--production",
                               "--store", str(location), "--store-mode", "disk", *common], "/sparql")]
        if not a.store:  # the same graph held in memory by the workers' zygote
            specs.append(("hkg-mem", [sys.executable, "-m", "heterokg.web", "--production",
                                      "--trig", str(source), "--store-mode", "memory", *common],
                          "/sparql"))
        oxigraph = oxigraph_command(location, a.timeout)
        if not a.skip_oxigraph and oxigraph:
            specs.append(("oxigraph", oxigraph, "/query"))
        rdflib_row = rdflib_command(source, n_quads, 0 if a.store else a.rdflib_max_quads)
        if rdflib_row:
            specs.append(("rdflib", rdflib_row, "/sparql"))
        results: dict[str, dict[int, dict]] = {}
        passes: dict[str, dict] = {}
        memory: dict[str, dict] = {}
        peaks: dict[str, int] = {}
        for name, cmd, path in specs:
            port = free_port()
            if name.startswith(("heterokg", "hkg", "rdflib")):
                cmd = cmd + ["--host", "127.0.0.1", "--port", str(port)]
            else:
                cmd = cmd + ["--bind", f"127.0.0.1:{port}"]
            # a server that loads the graph into memory needs time in proportion to it
            start = (lambda name=name, cmd=cmd, port=port, path=path:
                     Server(name, cmd, port, path, start_timeout=60 + n_quads / 20_000))
            srv = start()
            servers.append(srv)
            srv, passes[name] = one_pass(srv, start, names, queries, a.timeout, servers)
            if passes[name]["late"] and name == "rdflib":
                # it cannot stop a runaway query: under load, every client would wait behind one
                print(f"{name}: load levels skipped ({passes[name]['late']} queries past the limit)\n")
                srv.stop()
                servers.remove(srv)
                continue
            results[name] = {}
            done = threading.Event()
            peak = srv.sample_peak(done)
            for c in levels:
                results[name][c] = run_level(srv.url, queries, c, a.duration, a.max_requests,
                                             a.timeout + 5, unique=not a.repeat)
                res = results[name][c]
                print(f"{name:9s} {c:3d} clients: {res['qps']:8.1f} q/s  p50 {res['p50']:7.1f} ms  "
                      f"p95 {res['p95']:7.1f} ms  ({res['ok']} ok, {res['errors']} errors)")
            done.set()
            memory[name] = srv.processes()
            peaks[name] = peak[0]
            srv.stop()
            servers.remove(srv)
            print()

        print("memory (PSS: shared pages counted once) per process, after the run:")
        for name, procs in memory.items():
            by_role: dict[str, list[int]] = {}
            for role, rss in procs.values():
                by_role.setdefault(role, []).append(rss)
            for role, rss in by_role.items():
                print(f"  {name:9s} {len(rss):2d} x {role:14s} {statistics.fmean(rss) / 1024:7.1f} MiB each")
            print(f"  {name:9s} total {_total(procs) / 1024:.1f} MiB "
                  f"(peak during the load {peaks[name] / 1024:.1f} MiB)")
        print_passes(passes, a.timeout)
        for peer in ("oxigraph", "rdflib"):
            if peer in results:
                print_ratios(results, memory, peaks, levels, peer)
    finally:
        for srv in servers:
            srv.stop()
        shutil.rmtree(work, ignore_errors=True)  # a --keep store lives outside it
    return 0


if __name__ == "__main__":
    sys.exit(main())
