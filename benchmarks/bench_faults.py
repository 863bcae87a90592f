"""The fault mix of issue 15: normal clients, with and without a runaway query every few seconds.

Starts ``heterokg serve --production`` on the shipped graph (loopback only), then runs

1. normal clients alone (closed loop, the queries/*.rq mix) for ``--duration`` seconds;
2. the same clients while an attacker sends one runaway every ``--every`` seconds, cycling
   through the shapes the issue found: a VALUES-heavy ASK, 5,000 nested braces, a sorted
   cross product (memory), a four-way cross product (CPU), a 1 MB request line, and the
   SERVICE bypass aimed at a listener on another loopback port;
3. optionally (``--peer``) the normal clients alone against ``oxigraph serve-read-only``
   on the same data, for the ratio.

Prints success rate, p50/p95/p99 of the normal queries in each phase, how long each runaway
took and what it got, requests that reached the listener, and the peak memory (PSS) of
the whole server (all its processes, sampled every 0.2 s).

    python benchmarks/bench_faults.py                  # 30 s per phase, 16 clients
    python benchmarks/bench_faults.py --duration 10 --clients 4 --peer
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_server import ACCEPT, Server, free_port, oxigraph_command, run_level  # noqa: E402

from heterokg import paths  # noqa: E402
from heterokg.store import load_store  # noqa: E402

PREFIX = "PREFIX e: <http://e/>\n"


def runaways(listener_port: int) -> list[tuple[str, str, str]]:
    """(name, HTTP method, query) for each runaway shape."""
    values = " ".join(str(i) for i in range(400))
    return [
        ("values-ask", "POST", f"ASK {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} "
                               f"VALUES ?c {{ {values} }} FILTER(?a + ?b + ?c = -1) }}"),
        ("nested-braces", "POST", "SELECT * WHERE {" + "{" * 5000 + "}" * 5000 + "}"),
        ("sorted-cross-product", "POST", "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?c) ?f"),
        ("cpu-cross-product", "POST",
         "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
        ("huge-request-line", "GET", "SELECT * {}" + "#" + "x" * (1 << 20)),
        ("service-bypass", "POST", PREFIX + "SELECT * WHERE { BIND(e:a\\#b AS ?z) SERVICE "
                                   f"<http://127.0.0.1:{listener_port}/sparql> {{ ?s ?p ?o }} }}"),
    ]


class Listener:
    """Counts connections that reach another loopback port (there must be none)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.hits += 1
            conn.close()


class MemorySampler:
    """Peak total PSS (MiB) of a server's process tree (shared pages counted once)."""

    def __init__(self, server: Server) -> None:
        self.server, self.peak, self._stop = server, 0.0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(rss for _, rss in self.server.processes().values()) / 1024
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)

    def __enter__(self) -> MemorySampler:
        self.peak = 0.0
        self._stop.clear()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join()


def attack(url: str, shapes, every: float, stop_at: float, out: list) -> None:
    """One runaway every ``every`` seconds, each in its own thread: they arrive whether or not
    the previous one has been answered, as an attacker's would."""

    def one(name: str, method: str, query: str) -> None:
        t0 = time.monotonic()
        try:
            if method == "GET":
                r = requests.get(url, params={"query": query}, timeout=120, headers={"Accept": ACCEPT})
            else:
                r = requests.post(url, data={"query": query}, timeout=120, headers={"Accept": ACCEPT})
            status = str(r.status_code)
        except requests.RequestException as e:
            status = type(e).__name__
        out.append((name, status, time.monotonic() - t0))

    threads = []
    i = 0
    while time.monotonic() < stop_at:
        t = threading.Thread(target=one, args=shapes[i % len(shapes)])
        t.start()
        threads.append(t)
        i += 1
        time.sleep(every)
    for t in threads:
        t.join()


def phase(name: str, server: Server, queries, clients, duration, timeout, attack_every=None,
          shapes=None) -> dict:
    hits: list = []
    with MemorySampler(server) as mem:
        attacker = None
        if attack_every:
            attacker = threading.Thread(target=attack, args=(
                server.url, shapes, attack_every, time.monotonic() + duration, hits))
            attacker.start()
        r = run_level(server.url, queries, clients, duration, 10 ** 9, timeout)
        if attacker:
            attacker.join()
    r["peak_mib"] = mem.peak
    r["runaways"] = hits
    total = r["ok"] + r["errors"]
    r["success"] = r["ok"] / total if total else 0.0
    print(f"{name:<28} ok {r['ok']:>6}  errors {r['errors']:>4}  success {100 * r['success']:6.2f} %  "
          f"{r['qps']:7.1f} q/s  p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  "
          f"p99 {r['p99']:7.1f} ms  peak {r['peak_mib']:7.1f} MiB", flush=True)
    return r


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trig", type=Path, default=None, help="graph (default: graph/heterokg.trig)")
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    p.add_argument("--every", type=float, default=5.0, help="seconds between runaways")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--query-processes", type=int, default=2)
    p.add_argument("--query-timeout", type=float, default=30.0)
    p.add_argument("--peer", action="store_true", help="also time oxigraph serve-read-only")
    a = p.parse_args(argv)
    trig = a.trig or paths.graph_file()
    queries = [f.read_text("utf-8") for f in sorted(paths.queries_dir().glob("*.rq"))]
    listener = Listener()
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        port = free_port()
        server = Server("heterokg", [sys.executable, "-m", "heterokg.web", "--production",
                                     "--workers", str(a.workers), "--query-processes",
                                     str(a.query_processes), "--query-timeout", str(a.query_timeout),
                                     "--trig", str(trig), "--store", str(Path(tmp) / "store"),
                                     "--port", str(port)], port, "/sparql")
        try:
            print(f"heterokg --production: {a.workers} workers x {a.query_processes} query processes, "
                  f"{a.clients} normal clients, {a.duration:g} s per phase, a runaway every "
                  f"{a.every:g} s, limit {a.query_timeout:g} s", flush=True)
            for q in queries:  # warm up: the first answers of a fresh process are not the steady state
                requests.post(server.url, data={"query": q}, timeout=a.query_timeout + 10)
            base = phase("normal only", server, queries, a.clients, a.duration, a.query_timeout + 10)
            shapes = runaways(listener.port)
            fault = phase("normal + runaways", server, queries, a.clients, a.duration,
                          a.query_timeout + 10, a.every, shapes)
            alive = requests.post(server.url, data={"query": "ASK {}"}, timeout=10).status_code
        finally:
            server.stop()
        peer = None
        if a.peer:
            port = free_port()
            location = Path(tmp) / "store"
            if not location.is_dir():  # heterokg served from memory: build the peer's store
                del_store = load_store(trig, location)
                del del_store
            cmd = oxigraph_command(location, a.query_timeout)
            ox_server = Server("oxigraph", cmd + ["--bind", f"127.0.0.1:{port}"], port, "/query")
            try:
                peer = phase("oxigraph, normal only", ox_server, queries, a.clients, a.duration,
                             a.query_timeout + 10)
            finally:
                ox_server.stop()
    print("\nrunaways (shape, status, seconds):")
    worst = 0.0
    for name, status, took in fault["runaways"]:
        print(f"  {name:<22} {status:>6} {took:7.2f}")
        worst = max(worst, took)
    print(f"\nsuccess with faults: {100 * fault['success']:.2f} % (target >= 99 %)")
    print(f"p95 with / without faults: {fault['p95']:.1f} / {base['p95']:.1f} ms = "
          f"{fault['p95'] / base['p95']:.2f}x (target <= 2x)")
    print(f"p99 with / without faults: {fault['p99']:.1f} / {base['p99']:.1f} ms = "
          f"{fault['p99'] / base['p99']:.2f}x")
    print(f"longest runaway: {worst:.2f} s (target <= limit {a.query_timeout:g} + 2 s)")
    print(f"peak server memory under faults: {fault['peak_mib']:.0f} MiB (target < 2048 MiB); "
          f"without: {base['peak_mib']:.0f} MiB")
    print(f"connections that reached the listener: {listener.hits} (target 0)")
    print(f"server answering after the run: {alive == 200}")
    if peer:
        print(f"throughput vs oxigraph serve-read-only (normal only): "
              f"{base['qps'] / peer['qps']:.2f}x; p95 ratio {base['p95'] / peer['p95']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
