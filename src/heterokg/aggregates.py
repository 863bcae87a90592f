"""Whole-graph summaries computed once at build time, into the named graph ``graph/aggregates``.

The catalogue's aggregate questions (which claims contradict each other, which materials several
reviews discuss, how many claims the curators recorded per review) join every claim at query
time, and their cost grows faster than the data: on a graph replicated to 3 M quads the
contradictions query took seconds in the on-disk store. The build knows these answers already,
so it writes them as triples the queries read directly, in a graph of their own (the document
graphs stay what the documents say):

* a ``hkg:ContradictionPair`` per pair of claims linked by ``hkg:contradicts``, once per pair
  (``hkg:firstClaim`` is the claim whose IRI sorts first, as the old ``FILTER(STR(?a) < STR(?b))``),
  with a ``hkg:ValuePair`` for each two measurements of one metric that disagree and their
  conditions; a pair that cites one study under two numbers is a ``hkg:CitationMismatchPair``;
* on each material node discussed by a claim, ``hkg:discussedIn`` each document whose evidence
  speaks of it and ``hkg:reviewCount``, how many such documents;
* a ``hkg:ClaimTally`` per document, extraction method and claim kind, with ``hkg:claimCount``;
* the two quality checks' findings, which join every material node or every claim pair of a
  document (an empty answer is their goal): ``hkg:duplicateOf`` from a material node to another
  node of the same material, and ``hkg:repeatsCurated`` from a machine claim to the curated claim
  it reads again without ``hkg:matchesCurated``.

Every node has an IRI of its own (``aggregate/{stem}/...``), and the findings link the claim and
material IRIs they are about, so the graph is deterministic and a replica of a document (the
server benchmark's scaling) renames its aggregates with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations, product
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from . import paths
from .rdf import HKG

AGGREGATES_GRAPH = URIRef(paths.BASE_IRI + "graph/aggregates")
_CLAIM_PREFIX = paths.BASE_IRI + "claim/"


def aggregate_iri(stem: str, *parts: str) -> URIRef:
    """``aggregate/{stem}/...``: the document's stem first, so renaming a document renames its
    aggregates too."""
    return URIRef(f"{paths.BASE_IRI}aggregate/{stem}/" + "/".join(quote(p, safe="-_.") for p in parts))


def claim_id(claim: URIRef) -> str:
    """The claim's own part of ``claim/{stem}/{id}``."""
    return str(claim)[len(_CLAIM_PREFIX):].split("/", 1)[1]


def contradiction_pairs(stem: str, graph: Graph) -> Iterable[tuple]:
    """One ``hkg:ContradictionPair`` per unordered pair: ``hkg:contradicts`` is symmetric and
    the graph holds both directions, which a query had to filter out at every run. A pair
    linked by ``hkg:citationMismatchWith`` (a sub-property, so the closure also links it by
    ``hkg:contradicts``) is a ``hkg:CitationMismatchPair`` as well."""
    for a, b in sorted({tuple(sorted((str(a), str(b)))) for a, b in graph.subject_objects(HKG.contradicts)}):
        first, second = URIRef(a), URIRef(b)
        node = aggregate_iri(stem, "contradiction", claim_id(first), claim_id(second))
        yield node, RDF.type, HKG.ContradictionPair
        if (first, HKG.citationMismatchWith, second) in graph or (second, HKG.citationMismatchWith, first) in graph:
            yield node, RDF.type, HKG.CitationMismatchPair
        yield node, HKG.firstClaim, first
        yield node, HKG.secondClaim, second
        yield from value_pairs(node, graph, first, second)


def value_pairs(pair: URIRef, graph: Graph, first: URIRef, second: URIRef) -> Iterable[tuple]:
    """The pair's two values of one metric where they disagree (in value, or in a condition
    both state), each measurement's conditions already written as "parameter=value; ...":
    joining every measurement's conditions at query time (an OPTIONAL) is what made the
    contradicting-values query slow on a large graph. Two equal values under equal conditions
    are no disagreement, though their claims may contradict in another way (a citation)."""
    for ma in sorted(graph.objects(first, HKG.measurement)):
        for mb in sorted(graph.objects(second, HKG.measurement)):
            if not set(graph.objects(ma, HKG.metric)) & set(graph.objects(mb, HKG.metric)):
                continue
            ca, cb = conditions(graph, ma), conditions(graph, mb)
            if set(graph.objects(ma, HKG.value)) == set(graph.objects(mb, HKG.value)) and all(
                    ca[p] == cb[p] for p in ca.keys() & cb.keys()):
                continue
            node = URIRef(f"{pair}/{local(ma)}-{local(mb)}")
            yield pair, HKG.valuePair, node
            yield node, RDF.type, HKG.ValuePair
            yield node, HKG.firstMeasurement, ma
            yield node, HKG.secondMeasurement, mb
            yield node, HKG.firstConditions, Literal(written(ca))
            yield node, HKG.secondConditions, Literal(written(cb))


def conditions(graph: Graph, measurement: URIRef) -> dict[str, frozenset[str]]:
    """The measurement's test conditions: parameter local name → its values as text."""
    out: dict[str, set[str]] = defaultdict(set)
    for c in graph.objects(measurement, HKG.condition):
        for p in graph.objects(c, HKG.parameter):
            name = str(p).split("condition/", 1)[-1] if "condition/" in str(p) else ""
            out[name].update(str(v) for v in graph.objects(c, HKG.value))
    return {name: frozenset(values) for name, values in out.items() if values}


def written(conditions: Mapping[str, frozenset[str]]) -> str:
    """Conditions as "parameter=value" joined by "; " (empty if none)."""
    return "; ".join(sorted(f"{name}={v}" for name, values in conditions.items() for v in values))


def claim_tallies(stem: str, graph: Graph, claim_kinds: set[URIRef]) -> Iterable[tuple]:
    """Claims of the document counted per extraction method and claim kind (a class below
    hkg:Claim), so a per-review count reads one number instead of grouping every claim."""
    members: dict[tuple[URIRef, URIRef], set] = defaultdict(set)
    for claim, method in graph.subject_objects(HKG.method):
        for kind in graph.objects(claim, RDF.type):
            if kind in claim_kinds:
                members[(method, kind)].add(claim)
    document = URIRef(f"{paths.BASE_IRI}document/{stem}")
    for (method, kind), claims in sorted(members.items()):
        node = aggregate_iri(stem, "claims", local(method), local(kind))
        yield node, RDF.type, HKG.ClaimTally
        yield node, HKG.tallyOf, document
        yield node, HKG.countedMethod, method
        yield node, HKG.countedKind, kind
        yield node, HKG.claimCount, Literal(len(claims), datatype=XSD.integer)


def material_reviews(graphs: Mapping[str, Graph]) -> Iterable[tuple]:
    """Per material, the documents whose claims' evidence discusses it and how many: a material
    is one node across reviews, so this is the one count that needs every document graph."""
    documents: dict[URIRef, set] = defaultdict(set)
    for graph in graphs.values():
        for claim, material in graph.subject_objects(HKG.aboutMaterial):
            for evidence in graph.objects(claim, HKG.evidence):
                documents[material].update(graph.objects(evidence, HKG.inDocument))
    materials = {s for g in graphs.values() for s in g.subjects(RDF.type, HKG.Material)}
    for material in sorted(documents.keys() & materials):
        yield material, HKG.reviewCount, Literal(len(documents[material]), datatype=XSD.integer)
        for document in sorted(documents[material]):
            yield material, HKG.discussedIn, document


def local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def claim_kinds(ontology: Graph) -> set[URIRef]:
    """Classes below hkg:Claim (the kinds a tally counts), not hkg:Claim itself."""
    return {c for c in ontology.transitive_subjects(RDFS.subClassOf, HKG.Claim) if c != HKG.Claim}


#: The arrangements a composition key can state (its head), and the one it leaves unspecified.
SPECIFIED_ARRANGEMENTS = ("CoreShell", "SupportedOn", "Layered")
UNSPECIFIED_ARRANGEMENT = "Composite"


def duplicate_materials(graphs: Mapping[str, Graph]) -> Iterable[tuple]:
    """``hkg:duplicateOf`` between material nodes that the identity rules make one material:
    two nodes sharing a composition key (the node whose IRI sorts first is the subject), and an
    unspecified arrangement ("Composite(A, B)") beside the only specified one of the same
    components (the unspecified node is the subject). Two specified arrangements of the same
    components stay apart, and so does an unspecified one beside them. Asking this of the
    graph joins every material node with every other of its key, which grows with the square
    of the copies of a material; the build knows the keys, so it writes the pairs."""
    nodes: dict[str, set[URIRef]] = defaultdict(set)
    for graph in graphs.values():
        for material, key in graph.subject_objects(HKG.compositionKey):
            nodes[str(key)].add(material)
    pairs: set[tuple[URIRef, URIRef]] = set()
    for key, same in nodes.items():
        pairs.update(combinations(sorted(same), 2))
        if key.startswith(UNSPECIFIED_ARRANGEMENT + "("):
            components = key[len(UNSPECIFIED_ARRANGEMENT):]  # "(A, B)"
            specified = [a + components for a in SPECIFIED_ARRANGEMENTS if a + components in nodes]
            if len(specified) == 1:
                pairs.update(product(sorted(same), sorted(nodes[specified[0]])))
    for material, other in sorted(pairs):
        yield material, HKG.duplicateOf, other


def repeated_curated(graph: Graph) -> Iterable[tuple]:
    """``hkg:repeatsCurated`` from each machine claim without ``hkg:matchesCurated`` to each
    curated claim of the document whose quote overlaps its quote and one of whose measurements
    has the metric and value of one of its own: the same number read twice. The question pairs
    every machine claim with every curated claim of a document, which the build can do once."""
    curated: dict[tuple, dict[URIRef, list[tuple]]] = defaultdict(dict)  # (metric, value) -> spans
    for claim in graph.subjects(HKG.method, HKG.Curated):
        spans, values = _reading(graph, claim)
        for value in values:
            curated[value][claim] = spans
    for machine in sorted(graph.subjects(HKG.method, HKG.MachineExtracted)):
        if (machine, HKG.matchesCurated, None) in graph:
            continue
        spans, values = _reading(graph, machine)
        candidates = {claim: other for value in values for claim, other in curated.get(value, {}).items()}
        for claim, other_spans in sorted(candidates.items()):
            if any(d1 == d2 and s1 < e2 and s2 < e1 for d1, s1, e1 in spans for d2, s2, e2 in other_spans):
                yield machine, HKG.repeatsCurated, claim


def _reading(graph: Graph, claim: URIRef) -> tuple[list[tuple], set[tuple]]:
    """A claim's evidence spans (document, start, end) and its measurements' (metric, value)
    pairs, values as RDF terms (as a SPARQL join compares them)."""
    spans = [(d, s.toPython(), e.toPython()) for ev in graph.objects(claim, HKG.evidence)
             for d in graph.objects(ev, HKG.inDocument) for s in graph.objects(ev, HKG.startOffset)
             for e in graph.objects(ev, HKG.endOffset)]
    values = {(metric, value) for m in graph.objects(claim, HKG.measurement)
              for metric in graph.objects(m, HKG.metric) for value in graph.objects(m, HKG.value)}
    return spans, values


def aggregates_graph(graphs: Mapping[str, Graph], ontology: Graph) -> Graph:
    """The aggregates of the document graphs (keyed by stem)."""
    kinds = claim_kinds(ontology)
    out = Graph()
    for stem in sorted(graphs):
        for t in contradiction_pairs(stem, graphs[stem]):
            out.add(t)
        for t in claim_tallies(stem, graphs[stem], kinds):
            out.add(t)
        for t in repeated_curated(graphs[stem]):
            out.add(t)
    for t in material_reviews(graphs):
        out.add(t)
    for t in duplicate_materials(graphs):
        out.add(t)
    return out
