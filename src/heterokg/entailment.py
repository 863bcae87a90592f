"""The RDFS consequences the ontology implies, written into the graph that ships.

Researchers ask ``?c a hkg:Claim`` and ``?m a hkg:Material``; without inference neither finds
the subclasses' members (a MechanismClaim, a Heterostructure), and Oxigraph answers under
simple entailment. So the build materialises, in each named graph, what three RDFS/OWL rules
derive from that graph's own triples and the ontology:

* rdfs9: ``x a C`` and ``C rdfs:subClassOf* D`` give ``x a D``;
* rdfs7: ``x p y`` and ``p rdfs:subPropertyOf* q`` give ``x q y``;
* owl:inverseOf: ``x p y`` and ``p owl:inverseOf q`` (either way) give ``y q x``.

Domain and range typing (rdfs2, rdfs3) and the axiomatic triples are left out: they would
type every concept and literal-bearing node with classes nobody queries. The service
description says the endpoint evaluates under simple entailment over this materialised graph.
"""

from __future__ import annotations

from collections import defaultdict
from rdflib import OWL, RDF, RDFS, Graph, URIRef

__all__ = ["Closure", "closure_of", "entail"]


class Closure:
    """The ontology's class and property hierarchies, each term with everything above it."""

    def __init__(self, ontology: Graph):
        self.superclasses = _transitive(ontology, RDFS.subClassOf)
        self.superproperties = _transitive(ontology, RDFS.subPropertyOf)
        self.inverses: dict[URIRef, set[URIRef]] = defaultdict(set)
        for p, q in ontology.subject_objects(OWL.inverseOf):
            if isinstance(p, URIRef) and isinstance(q, URIRef):
                self.inverses[p].add(q)
                self.inverses[q].add(p)
        #: each property that entails anything, with itself and every property above it
        self._lifted = {p: {p} | self.superproperties.get(p, set())
                        for p in (self.superproperties.keys() | self.inverses.keys()) - {RDF.type}}

    def entailed(self, graph: Graph) -> set[tuple]:
        """The triples the rules add to ``graph`` (none of those already there).

        Only ``rdf:type`` with a class that has superclasses, and the few properties with a
        super-property or an inverse, entail anything: they are looked up in the graph's
        indexes instead of walking every triple."""
        out: set[tuple] = set()
        for cls, above in self.superclasses.items():
            for s in graph.subjects(RDF.type, cls):
                out.update((s, RDF.type, d) for d in above)
        for p, lifted in self._lifted.items():
            for s, o in graph.subject_objects(p):
                for q in lifted:
                    out.add((s, q, o))
                    if isinstance(o, URIRef):
                        for inv in self.inverses.get(q, ()):
                            out.add((o, inv, s))
                            for up in self.superproperties.get(inv, ()):
                                out.add((o, up, s))
        return {t for t in out if t not in graph}


def closure_of(graph: Graph, closure: Closure) -> Graph:
    """``graph`` with what the rules entail from it added (a new Graph)."""
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    for t in graph:
        out.add(t)
    return entail(out, closure)


def entail(graph: Graph, closure: Closure) -> Graph:
    """``graph`` itself with what the rules entail from it added: for a graph the caller has
    just built (a document's named graph), where a copy would cost as much as the graph."""
    for t in closure.entailed(graph):
        graph.add(t)
    return graph


def _transitive(ontology: Graph, prop: URIRef) -> dict[URIRef, set[URIRef]]:
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for a, b in ontology.subject_objects(prop):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b:
            direct[a].add(b)
    above: dict[URIRef, set[URIRef]] = {}
    for start in direct:
        seen: set[URIRef] = set()
        todo = list(direct[start])
        while todo:
            x = todo.pop()
            if x not in seen and x != start:
                seen.add(x)
                todo.extend(direct.get(x, ()))
        above[start] = seen
    return above
