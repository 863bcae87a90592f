"""The rdflib row of bench_server: a TriG or N-Quads file served by rdflib-endpoint.

rdflib-endpoint's own command line loads files into a plain graph; the benchmark's queries ask
the union of the named graphs (as heterokg and ``oxigraph serve-read-only --union-default-graph``
answer them), so this loads an rdflib Dataset whose default graph is that union.

    python benchmarks/rdflib_server.py graph/heterokg.trig --port 8001
"""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def app(source: Path) -> SparqlEndpoint:
    """An endpoint at /sparql over ``source``, its default graph the union of the named graphs."""
    data = Dataset(default_union=True)
    data.parse(source, format="nquads" if source.suffix == ".nq" else "trig")
    return SparqlEndpoint(graph=data, path="/sparql", cors_enabled=False)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", type=Path)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8001)
    a = p.parse_args()
    uvicorn.run(app(a.source), host=a.host, port=a.port, log_level="warning")


if __name__ == "__main__":
    main()
