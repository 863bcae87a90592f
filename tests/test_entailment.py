"""The RDFS consequences the build materialises (issue 17: `?c a hkg:Claim` just works)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from heterokg import paths
from heterokg.entailment import Closure, closure_of
from heterokg.store import load_store, run_query

EX = Namespace("http://example.org/")


def toy_ontology() -> Graph:
    g = Graph()
    g.add((EX.MechanismClaim, RDFS.subClassOf, EX.Claim))
    g.add((EX.Claim, RDFS.subClassOf, EX.Statement))
    g.add((EX.mechanism, RDFS.subPropertyOf, EX.mechanismOrEffect))
    g.add((EX.partOf, OWL.inverseOf, EX.hasPart))
    g.add((EX.hasPart, RDFS.subPropertyOf, EX.related))
    return g


def test_types_go_up_the_whole_class_chain():
    data = Graph()
    data.add((EX.c1, RDF.type, EX.MechanismClaim))
    out = closure_of(data, Closure(toy_ontology()))
    assert set(out.objects(EX.c1, RDF.type)) == {EX.MechanismClaim, EX.Claim, EX.Statement}


def test_super_properties_and_inverses():
    data = Graph()
    data.add((EX.c1, EX.mechanism, EX.Sodiophilicity))
    data.add((EX.layer, EX.partOf, EX.anode))
    out = closure_of(data, Closure(toy_ontology()))
    assert (EX.c1, EX.mechanismOrEffect, EX.Sodiophilicity) in out
    assert (EX.anode, EX.hasPart, EX.layer) in out
    assert (EX.anode, EX.related, EX.layer) in out  # the inverse's own super-property
    assert (EX.Sodiophilicity, EX.mechanismOrEffect, EX.c1) not in out


def test_nothing_is_entailed_from_nothing_and_cycles_end():
    onto = Graph()
    onto.add((EX.A, RDFS.subClassOf, EX.B))
    onto.add((EX.B, RDFS.subClassOf, EX.A))
    data = Graph()
    data.add((EX.x, RDF.type, EX.A))
    out = closure_of(data, Closure(onto))
    assert set(out.objects(EX.x, RDF.type)) == {EX.A, EX.B}
    assert len(closure_of(Graph(), Closure(onto))) == 0


def _by_every_triple(graph: Graph, closure: Closure) -> set:
    """The three rules applied to each triple of ``graph`` in turn: what entailed() must find."""
    out = set()
    for s, p, o in graph:
        if p == RDF.type:
            out |= {(s, RDF.type, d) for d in closure.superclasses.get(o, ())}
            continue
        for q in {p} | closure.superproperties.get(p, set()):
            out.add((s, q, o))
            if isinstance(o, URIRef):
                for inv in closure.inverses.get(q, ()):
                    out |= {(o, inv, s)} | {(o, up, s) for up in closure.superproperties.get(inv, ())}
    return out - set(graph)


def test_entailments_found_through_the_indexes_are_those_of_every_triple():
    onto = toy_ontology()
    data = Graph()
    data.add((EX.c1, RDF.type, EX.MechanismClaim))
    data.add((EX.c2, RDF.type, EX.Claim))
    data.add((EX.c2, RDF.type, EX.Statement))  # already there: not entailed again
    data.add((EX.c1, EX.mechanism, EX.Sodiophilicity))
    data.add((EX.layer, EX.partOf, EX.anode))
    data.add((EX.anode, EX.hasPart, EX.other))
    data.add((EX.x, EX.partOf, Literal("not a node")))
    data.add((EX.y, EX.unrelated, EX.z))
    closure = Closure(onto)
    assert closure.entailed(data) == _by_every_triple(data, closure)
    assert closure.entailed(data)  # something to compare


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store(paths.graph_file())


def _count(store, where: str) -> int:
    q = f"PREFIX hkg: <https://w3id.org/heterokg/ontology#> SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"
    return int(run_query(store, q, "csv").splitlines()[1])


def test_shipped_graph_answers_class_queries_without_subclass_paths(store):
    claims = _count(store, "?x a hkg:Claim")
    assert claims > 1000
    assert claims == _count(store, f"?x a/<{RDFS.subClassOf}>* hkg:Claim")
    # 004's ZrO2 coating claim is a MechanismClaim and, by entailment, a Claim
    assert _count(store, '?x a hkg:MechanismClaim, hkg:Claim ; hkg:subjectText "ZrO2"') >= 1
    materials = _count(store, "?x a hkg:Material")
    assert materials == _count(store, f"?x a/<{RDFS.subClassOf}>* hkg:Material")
    assert _count(store, "?x a hkg:Heterostructure FILTER NOT EXISTS { ?x a hkg:Material }") == 0


def test_every_mechanism_and_effect_is_reachable_by_one_property(store):
    assert _count(store, "?x hkg:mechanism ?m FILTER NOT EXISTS { ?x hkg:mechanismOrEffect ?m }") == 0
    assert _count(store, "?x hkg:effect ?m FILTER NOT EXISTS { ?x hkg:mechanismOrEffect ?m }") == 0


def test_elements_are_elements_and_metals_metals(store):
    """Zn and Na anodes are elements (and metals), never compounds (Compound and Element are
    disjoint in the ontology)."""
    m = "https://w3id.org/heterokg/material/"
    for name in ("Zn", "Na"):
        assert _count(store, f"<{m}{name}> a hkg:Element, hkg:Metal BIND(<{m}{name}> AS ?x)") == 1
        assert _count(store, f"<{m}{name}> a hkg:Compound BIND(1 AS ?x)") == 0
    assert _count(store, "?x a hkg:Element, hkg:Compound") == 0
    assert _count(store, f"<{m}MoS2> a hkg:Compound BIND(1 AS ?x)") == 1
