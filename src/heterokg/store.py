"""Loading the shipped TriG into Oxigraph and running SPARQL over it.

* :func:`load_store` builds a store from ``graph/heterokg.trig`` (in memory, or on disk in a
  directory that is rebuilt only when the TriG changed: its SHA-256 is recorded in the store
  directory and an up-to-date store is reused).
* :func:`open_read_only` opens an on-disk store for reading; several processes may do so at
  once (the web server's query processes do).
* :func:`run_query` runs a query for the command line and returns text.

Queries see the union of all named graphs as their default graph unless the query names its
own dataset (``FROM`` / ``FROM NAMED``) or the caller passes ``default_graph`` /
``named_graphs``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from heterokg.paths import remove_orphans
from heterokg.sparql_lexer import names_dataset

__all__ = [
    "CHECKSUM_FILE",
    "PREFIXES",
    "TURTLE_PREFIXES",
    "load_store",
    "open_read_only",
    "query_dataset_kwargs",
    "run_query",
    "trig_checksum",
]

CHECKSUM_FILE = "heterokg-store.json"
"""Written inside an on-disk store directory: which TriG (by SHA-256) it was built from."""

PREFIXES: dict[str, str] = {
    "hkg": "https://w3id.org/heterokg/ontology#",
    "k": "https://w3id.org/heterokg/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "cito": "http://purl.org/spar/cito/",
    "bibo": "http://purl.org/ontology/bibo/",
    "dcterms": "http://purl.org/dc/terms/",
    "void": "http://rdfs.org/ns/void#",
    "dqv": "http://www.w3.org/ns/dqv#",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
}

TURTLE_PREFIXES: dict[str, str] = {k: v for k, v in PREFIXES.items() if k != "k"} | {
    name: f"https://w3id.org/heterokg/{name}/"
    for name in ("material", "mechanism", "effect", "system", "role", "metric", "condition",
                 "document", "synthesis", "interface", "materialclass", "arrangement", "graph")
} | {"hunit": "https://w3id.org/heterokg/unit/"}
"""Prefixes for Turtle output (IRIs with ``/`` in their local part stay readable)."""


def trig_checksum(trig: Path) -> str:
    h = hashlib.sha256()
    with open(trig, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def recorded_checksum(location: Path) -> str | None:
    """The SHA-256 of the TriG an on-disk store was built from, if it says."""
    try:
        return json.loads((location / CHECKSUM_FILE).read_text("utf-8")).get("sha256")
    except (OSError, ValueError, AttributeError):
        return None


def _bulk_load(store: ox.Store, trig: Path) -> None:
    fmt = ox.RdfFormat.from_extension(trig.suffix.lstrip(".")) or ox.RdfFormat.TRIG
    store.bulk_load(path=str(trig), format=fmt)


def load_store(trig: Path, location: Path | None = None) -> ox.Store:
    """Load ``trig`` into a Store: in memory when ``location`` is None, else on disk.

    On disk the store is built in a temporary sibling directory and swapped into place, so a
    reader never sees a half-built store; a store at ``location`` whose recorded checksum
    matches the TriG is reused as it is. The returned Store is writable; drop it (``del``)
    before other processes open the location with :func:`open_read_only`... they may also
    open it while it is held, since reading does not take RocksDB's lock.
    """
    trig = Path(trig)
    if location is None:
        store = ox.Store()
        _bulk_load(store, trig)
        return store
    location = Path(location)
    digest = trig_checksum(trig)
    if location.is_dir() and recorded_checksum(location) == digest:
        return ox.Store(str(location))
    location.parent.mkdir(parents=True, exist_ok=True)
    for kind in ("build", "old"):  # what a killed load left beside the store
        remove_orphans(location.parent, f".{location.name}.{kind}-")
    tmp = Path(tempfile.mkdtemp(prefix=f".{location.name}.build-{os.getpid()}-",
                                dir=location.parent))
    try:
        store = ox.Store(str(tmp))
        _bulk_load(store, trig)
        store.flush()
        count = len(store)
        del store
        (tmp / CHECKSUM_FILE).write_text(
            json.dumps({"sha256": digest, "trig": str(trig.resolve()), "quads": count}), "utf-8"
        )
        old = None
        if location.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{location.name}.old-{os.getpid()}-",
                                        dir=location.parent))
            os.replace(location, old / "store")
        os.replace(tmp, location)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ox.Store(str(location))


def open_read_only(location: Path) -> ox.Store:
    """Open an on-disk store for reading only (several processes may do this at once)."""
    location = Path(location)
    if not location.is_dir():
        raise FileNotFoundError(f"no store at {location}")
    return ox.Store.read_only(str(location))


# --- datasets --------------------------------------------------------------------------------


def query_dataset_kwargs(
    sparql: str,
    default_graph: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    own_dataset: bool | None = None,
) -> dict:
    """Keyword arguments for ``Store.query`` choosing the dataset.

    Protocol parameters (``default-graph-uri`` / ``named-graph-uri``) win; then the query's own
    ``FROM`` / ``FROM NAMED``; otherwise the default graph is the union of all graphs.
    ``own_dataset`` is whether the query has FROM, when the caller's lexer has read it already
    (the web process does, before the query process runs it); None reads it here.
    """
    if default_graph or named_graphs:
        kwargs: dict = {"default_graph": [ox.NamedNode(g) for g in (default_graph or [])]}
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return kwargs
    if names_dataset(sparql) if own_dataset is None else own_dataset:
        return {}
    return {"use_default_graph_as_union": True}


# --- command-line output -------------------------------------------------------------------

_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}


QUERY_PREFIXES: dict[str, str] = TURTLE_PREFIXES | {"claim": "https://w3id.org/heterokg/claim/"}
"""Declared for every ``heterokg query`` (a query's own PREFIX wins) and used to print IRIs:
``material:Bi2S3``, ``mechanism:BuiltInElectricField``, ``claim:000_f60d993221bdc85d/c0001``."""
_BY_LENGTH = sorted(QUERY_PREFIXES.items(), key=lambda kv: -len(kv[1]))


def _term_text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        v = term.value
        for p, ns in _BY_LENGTH:  # the most specific namespace: material: before the base
            if v.startswith(ns) and re.fullmatch(r"[\w.\-/]*", v[len(ns):]):
                return f"{p}:{v[len(ns):]}"
        return f"<{v}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        return term.value
    return str(term)


def _table(variables: list[str], rows: Iterable[list[str]]) -> str:
    rows = [[c.replace("\n", "\\n") for c in r] for r in rows]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    def line(cells):
        return " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(variables), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def run_query(
    store: ox.Store,
    sparql: str,
    fmt: str = "table",
    *,
    default_graph: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
) -> str:
    """Run a SPARQL query and return text for a terminal.

    ``fmt``: "table" (aligned columns, IRIs shortened with the usual prefixes), "csv", "tsv",
    "json" or "xml" (the SPARQL results formats, from Oxigraph's serializers). CONSTRUCT and
    DESCRIBE return Turtle whatever ``fmt`` is (N-Triples for "tsv"/"csv" would lose nothing
    but readability, so Turtle it is). ASK returns "true"/"false" for "table".
    Raises ``SyntaxError`` for a malformed query and ``ValueError`` for an unknown format.
    """
    if fmt != "table" and fmt not in _RESULT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}: table, csv, tsv, json or xml")
    result = store.query(
        sparql, prefixes=QUERY_PREFIXES, **query_dataset_kwargs(sparql, default_graph, named_graphs)
    )
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES).decode(
            "utf-8"
        )
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return ("true" if bool(result) else "false") + "\n"
        return result.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
    if fmt != "table":
        return result.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")
    variables = [v.value for v in result.variables]
    rows = [[_term_text(t) for t in solution] for solution in result]
    return _table(variables, rows)
