"""Canonical TriG: the same triples always give the same bytes.

rdflib's own serialisers order output by hash and invent blank-node labels, so a rebuilt
graph would differ from the committed one with nothing changed. This writer sorts graphs,
subjects, predicates and objects, labels blank nodes (the ontology's OWL axioms have some)
by RDF canonicalisation, and compacts IRIs only where the prefixed name is unambiguous Turtle.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


class _Names:
    """IRIs written as prefixed names where that is unambiguous Turtle, else in full; each IRI
    worked out once per serialisation (a graph names the same classes, properties and concepts
    tens of thousands of times, and each time every prefix was tried again)."""

    def __init__(self, prefixes: list[tuple[str, str]]):
        self.prefixes = prefixes
        self._written: dict[str, str] = {}

    def iri(self, term: URIRef) -> str:
        s = str(term)
        written = self._written.get(s)
        if written is None:
            written = self._written[s] = self._compact(s)
        return written

    def _compact(self, s: str) -> str:
        for prefix, ns in self.prefixes:
            if s.startswith(ns) and _LOCAL.match(s[len(ns):]):
                return f"{prefix}:{s[len(ns):]}"
        return "<" + s.replace("\\", "\\u005C").replace(">", "\\u003E") + ">"


def _term(term, names: _Names) -> str:
    if isinstance(term, URIRef):
        return names.iri(term)
    if isinstance(term, Literal):
        text = term.n3()  # escapes per N-Triples; datatype written in full, compacted below
        if term.datatype is not None:
            head, _, dt = text.rpartition("^^")
            return f"{head}^^{names.iri(URIRef(term.datatype))}"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def _sort_key(term) -> tuple:
    kind = 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2
    return (kind, str(term), str(getattr(term, "datatype", "") or ""), str(getattr(term, "language", "") or ""))


def _canonical(triples) -> list:
    """Blank nodes relabelled by their position in the graph (rdflib.compare), stable across runs."""
    triples = list(triples)
    if not any(isinstance(t, BNode) for triple in triples for t in triple):
        return triples
    from rdflib.compare import to_canonical_graph

    g = Graph()
    for t in triples:
        g.add(t)
    return list(to_canonical_graph(g))


def _block(triples, names: _Names, indent: str) -> list[str]:
    triples = _canonical(triples)
    by_subject: dict = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    lines = []
    for s in sorted(by_subject, key=_sort_key):
        preds = by_subject[s]
        order = sorted(preds, key=lambda p: (p != RDF.type, str(p)))
        parts = []
        for p in order:
            objs = ", ".join(_term(o, names) for o in sorted(preds[p], key=_sort_key))
            parts.append(f"{'a' if p == RDF.type else _term(p, names)} {objs}")
        lines.append(f"{indent}{_term(s, names)} " + f" ;\n{indent}    ".join(parts) + " .")
        lines.append("")
    return lines


def trig(ds: Dataset) -> str:
    ns = sorted(((str(p), str(n)) for p, n in ds.namespaces() if p), key=lambda x: (-len(x[1]), x[0]))
    used = [(p, n) for p, n in ns if not n.startswith("http://www.w3.org/XML/1998")]
    out = [f"@prefix {p}: <{n}> ." for p, n in sorted(used)]
    out.append("")
    names = _Names(used)
    default = list(ds.default_graph)
    if default:
        out.extend(_block(default, names, ""))
    graphs = sorted((g for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g)
                     and g.identifier != ds.default_graph.identifier), key=lambda g: str(g.identifier))
    for g in graphs:
        out.append(f"{_term(g.identifier, names)} {{")
        out.extend(_block(list(g), names, "    "))
        out.append("}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def turtle(g: Graph) -> str:
    ns = sorted(((str(p), str(n)) for p, n in g.namespaces() if p), key=lambda x: (-len(x[1]), x[0]))
    out = [f"@prefix {p}: <{n}> ." for p, n in sorted(ns)]
    out.append("")
    out.extend(_block(list(g), _Names(ns), ""))
    return "\n".join(out).rstrip("\n") + "\n"
