"""The web server's configuration: a dataclass, built from arguments, flags or HETEROKG_* env."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from heterokg.paths import BASE_IRI

_TRUE = {"1", "true", "yes", "on"}
MEMORY_TRIG_BYTES = 256 * 1024 * 1024
"""``store_mode`` auto: TriG files up to this size (about 2 M quads, some 2 GB in memory) are
served from memory."""


@dataclass
class WebConfig:
    """How the web front end and the SPARQL endpoint run.

    Data source, first match wins:
      * ``sparql_endpoint``: a remote SPARQL 1.1 endpoint URL; pages and /sparql proxy to it.
      * ``store``: an on-disk Oxigraph store directory. When ``trig`` is also given the store
        is (re)built from it if its recorded checksum differs (see ``store.load_store``).
      * ``trig`` alone (default: ``paths.graph_file()``): loaded into a temporary on-disk store
        that the query processes open read-only, removed at exit.
    """

    store: Path | None = None
    trig: Path | None = None
    sparql_endpoint: str | None = None
    query_timeout: float = 30.0
    """Seconds a query may run before its process is killed and the client gets 503."""
    row_cap: int = 10000
    """Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned; more are cut off."""
    max_query_bytes: int = 256 * 1024
    """Longer queries are refused with 413."""
    allow_service: bool = False
    """Allow SPARQL federated queries (SERVICE); refused with 403 otherwise."""
    query_processes: int = 2
    """Worker processes per web process running queries (0: in-thread, no time limit)."""
    store_mode: str = "auto"
    """Where query processes find the graph: "memory" (forked from a process holding the TriG
    in memory; 5-25x faster queries), "disk" (the on-disk store, opened read-only), or "auto":
    memory when a TriG of at most ``MEMORY_TRIG_BYTES`` is served, else disk."""
    query_memory_mb: int = 512
    """MiB of address space a query process may add while answering; past it: 503."""
    query_recycle_mb: int = 64
    """MiB of private memory after which a query process forked from the in-memory graph is
    replaced by a fresh fork (0: never). Reading the graph writes to the pages a child shares
    with its zygote (Oxigraph's and Python's reference counts), so each page a query touches
    becomes the child's own copy, and a child that has run every catalogue query holds a
    private copy of the graph (about 20 MiB for the shipped graph); a fresh fork holds about
    1 MiB. The threshold sits above that copy: replacing children that would only copy the
    graph again cost a third of the throughput, and it still bounds a child that grows."""
    zygote_socket: Path | None = None
    """The Unix socket of the zygote that ``serve_production`` starts once for all its workers
    (in memory): each worker asks it for query processes instead of loading the graph into a
    zygote of its own. None: each web process starts its own."""
    fast_budget: float | None = None
    """Seconds after which a running query moves to the slow lane (lowest CPU priority);
    default 1 s in memory (normal queries take well under 0.2 s) and 2 s on disk."""
    slow_queries: int = 1
    """Queries per web process allowed in the slow lane at once; one more is stopped (503)."""
    result_cache_mb: float = 16
    """MiB of answers kept for repeated queries (0: none): by each web process, and shared out
    evenly among the workers of ``serve_production``, so that more workers hold no more."""
    max_result_bytes: int = 16 * 1024 * 1024
    """Answers are cut off (like the row cap) once their terms pass this many bytes."""
    public_url: str | None = None
    """The server's public root URL (``https://host/``), used in the service description,
    VoID and as the base IRI of queries; default ``http://HOST:PORT/`` of the bind address.
    Never taken from the request's Host header, which the client chooses."""
    remote_timeout: float | None = None
    """Seconds to wait for a remote endpoint (default: query_timeout + 5)."""
    queries_dir: Path | None = None
    """Example queries (*.rq) shown on /query (default: paths.queries_dir())."""
    ontology_file: Path | None = None
    """Turtle served at /ontology (default: paths.ontology_file())."""
    base_iri: str = BASE_IRI
    title: str = "heterokg"
    extra: dict = field(default_factory=dict)

    # --- environment -------------------------------------------------------------------------
    ENV = {
        "store": "HETEROKG_STORE",
        "trig": "HETEROKG_TRIG",
        "sparql_endpoint": "HETEROKG_SPARQL_ENDPOINT",
        "query_timeout": "HETEROKG_QUERY_TIMEOUT",
        "row_cap": "HETEROKG_ROW_CAP",
        "max_query_bytes": "HETEROKG_MAX_QUERY_BYTES",
        "allow_service": "HETEROKG_ALLOW_SERVICE",
        "query_processes": "HETEROKG_QUERY_PROCESSES",
        "store_mode": "HETEROKG_STORE_MODE",
        "query_memory_mb": "HETEROKG_QUERY_MEMORY_MB",
        "query_recycle_mb": "HETEROKG_QUERY_RECYCLE_MB",
        "fast_budget": "HETEROKG_FAST_BUDGET",
        "slow_queries": "HETEROKG_SLOW_QUERIES",
        "max_result_bytes": "HETEROKG_MAX_RESULT_BYTES",
        "result_cache_mb": "HETEROKG_RESULT_CACHE_MB",
        "public_url": "HETEROKG_PUBLIC_URL",
        "remote_timeout": "HETEROKG_REMOTE_TIMEOUT",
        "queries_dir": "HETEROKG_QUERIES_DIR",
        "ontology_file": "HETEROKG_ONTOLOGY_FILE",
        "base_iri": "HETEROKG_BASE_IRI",
    }

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides) -> WebConfig:
        """Read HETEROKG_* variables (see ``WebConfig.ENV``); keyword overrides win.

        Overrides with None are ignored. Aliases: ``graph=`` is ``trig=``; ``data_dir=D``
        puts the on-disk store at ``D/store``, (re)built from the TriG (default: the shipped
        graph) when its checksum changed.
        """
        env = os.environ if env is None else env
        overrides = dict(overrides)
        # aliases the command line uses: graph= (the TriG), data_dir= (the store's parent)
        if "graph" in overrides:
            graph = overrides.pop("graph")
            overrides.setdefault("trig", graph)
        data_dir = overrides.pop("data_dir", None)
        kwargs: dict = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, var in cls.ENV.items():
            raw = env.get(var)
            if raw is None or raw == "":
                continue
            kwargs[name] = _convert(types[name], raw)
        kwargs.update({k: v for k, v in overrides.items() if v is not None})
        if data_dir is not None:
            from heterokg import paths

            kwargs["store"] = Path(data_dir) / "store"
            if kwargs.get("trig") is None and paths.graph_file().is_file():
                kwargs["trig"] = paths.graph_file()  # rebuilt there when the graph changed
        return cls(**kwargs)

    def to_env(self) -> dict[str, str]:
        """The HETEROKG_* variables that rebuild this configuration with ``from_env``."""
        out = {}
        for name, var in self.ENV.items():
            value = getattr(self, name)
            if value is None:
                continue
            out[var] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return out

    # --- command line -----------------------------------------------------------------------
    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        """Add --store, --trig, --sparql-endpoint, --query-timeout ... (defaults from env)."""
        g = parser.add_argument_group("data source and guardrails (env HETEROKG_*)")
        g.add_argument("--store", type=Path, help="on-disk Oxigraph store directory")
        g.add_argument("--trig", type=Path, help="TriG file to serve (default: graph/heterokg.trig)")
        g.add_argument("--sparql-endpoint", help="serve pages from this remote SPARQL endpoint")
        g.add_argument("--query-timeout", type=float, help="seconds per query (default 30)")
        g.add_argument("--row-cap", type=int, help="most rows per answer (default 10000)")
        g.add_argument("--max-query-bytes", type=int, help="longest query accepted (default 256 KiB)")
        g.add_argument("--allow-service", action="store_true", default=None,
                       help="allow SPARQL SERVICE (federated) queries")
        g.add_argument("--query-processes", type=int,
                       help="query worker processes per web process (default 2; 0: in-thread)")
        g.add_argument("--store-mode", choices=("auto", "memory", "disk"),
                       help="graph in memory (fast) or the on-disk store (big graphs); default auto")
        g.add_argument("--query-memory-mb", type=int,
                       help="MiB a query process may grow by before the query is stopped (default 512)")
        g.add_argument("--query-recycle-mb", type=int,
                       help="MiB of private memory after which an in-memory query process is "
                            "replaced by a fresh fork (default 64; 0: never)")
        g.add_argument("--fast-budget", type=float,
                       help="seconds before a running query moves to the slow lane "
                            "(default 1 in memory, 2 on disk)")
        g.add_argument("--slow-queries", type=int,
                       help="long queries per web process at once; more are stopped (default 1)")
        g.add_argument("--public-url", help="public root URL of the server (default http://HOST:PORT/)")

    @classmethod
    def from_args(cls, ns: argparse.Namespace, env: Mapping[str, str] | None = None) -> WebConfig:
        names = ("store", "trig", "sparql_endpoint", "query_timeout", "row_cap",
                 "max_query_bytes", "allow_service", "query_processes", "store_mode", "query_memory_mb",
                 "query_recycle_mb", "fast_budget", "slow_queries", "public_url")
        return cls.from_env(env, **{n: getattr(ns, n, None) for n in names})

    def with_(self, **changes) -> WebConfig:
        return replace(self, **changes)

    def in_memory(self) -> bool:
        """Whether query processes hold the graph in memory (see ``store_mode``)."""
        if self.store_mode not in ("auto", "memory", "disk"):
            raise ValueError(f"store_mode: {self.store_mode!r} is not auto, memory or disk")
        if self.store_mode == "disk" or self.sparql_endpoint:
            return False
        trig = self.served_trig()
        if self.store_mode == "memory":
            if trig is None:
                raise ValueError("store_mode memory needs a TriG to load (--trig)")
            return True
        return trig is not None and trig.stat().st_size <= MEMORY_TRIG_BYTES

    def served_trig(self) -> Path | None:
        """The TriG file served: ``trig``, or the shipped graph unless a bare store is given."""
        from heterokg import paths

        if self.trig is not None:
            return Path(self.trig)
        if self.store is not None:
            return None
        return paths.graph_file() if paths.graph_file().is_file() else None

    def root_url(self) -> str:
        """The public root URL, ending in "/" (see ``public_url``)."""
        url = self.public_url or "http://localhost/"
        return url if url.endswith("/") else url + "/"


def _convert(type_name, raw: str):
    t = str(type_name)
    if "Path" in t:
        return Path(raw)
    if t.startswith("bool"):
        return raw.strip().lower() in _TRUE
    if t.startswith("float"):
        return float(raw)
    if t.startswith("int"):
        return int(raw)
    return raw
