"""heterokg.validate: the validate() API, loaders and ontology QC."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
import rdflib

from heterokg.validate import (
    PartValidation,
    ValidationResult,
    _RecallingGraph,
    load_ontology,
    load_shapes,
    ontology_checks,
    qc_queries,
    validate,
    validate_parts,
)

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "heterokg.ttl"
SHAPES_DIR = ROOT / "shapes"
QC_DIR = ROOT / "ontology" / "qc"

CLAIM = """
@base <https://w3id.org/heterokg/> .
@prefix hkg: <https://w3id.org/heterokg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix unit: <http://qudt.org/vocab/unit/> .

<document/003_b434dd78c82ddd32> a hkg:Document .
<claim/003_b434dd78c82ddd32/c0001> a hkg:EffectClaim ;
    hkg:aboutMaterial <material/VN> ;
    hkg:effect <effect/DendriteSuppression> ;
    hkg:mechanism <mechanism/Sodiophilicity> ;
    hkg:system <system/SodiumMetalBattery> ;
    hkg:role <role/Interlayer> ;
    hkg:evidence <claim/003_b434dd78c82ddd32/c0001/evidence> ;
    hkg:method hkg:Curated ;
    hkg:reviewStatus "reviewed" ;
    prov:wasDerivedFrom <document/003_b434dd78c82ddd32> ;
    prov:wasGeneratedBy <activity/curation> .
<claim/003_b434dd78c82ddd32/c0001/evidence> a hkg:Evidence ;
    hkg:inDocument <document/003_b434dd78c82ddd32> ;
    hkg:quote "A sodiophilic VN interlayer stabilizing a Na metal anode" ;
    hkg:startOffset 10 ;
    hkg:endOffset 66 ;
    hkg:sourcePart "text" .
<material/VN> a hkg:Compound ; rdfs:label "VN" ; hkg:reducedFormula "VN" .
"""


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(SHAPES_DIR)


def _graph(text: str = CLAIM) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="turtle")


def test_conforming_graph(ontology, shapes):
    data = _graph()
    n = len(data)
    result = validate(data, ontology, shapes)
    assert isinstance(result, ValidationResult)
    assert result.conforms
    assert result.counts == {"Violation": 0, "Warning": 0, "Info": 0}
    assert result.results == []
    assert "Conforms: True" in result.report_text
    assert len(data) == n  # data is not modified (ontology mixed into a copy)


def test_violation_reported_as_tuples(ontology, shapes):
    data = _graph(CLAIM.replace("<effect/DendriteSuppression>", "<effect/DendriteSupression>"))
    result = validate(data, ontology, shapes)
    assert not result.conforms
    assert result.counts["Violation"] >= 1
    severity, focus, path, message = result.results[0]
    assert severity == "Violation"
    assert focus == "https://w3id.org/heterokg/claim/003_b434dd78c82ddd32/c0001"
    assert path == "https://w3id.org/heterokg/ontology#effect"
    assert "effect/" in message
    hits = result.by_shape("https://w3id.org/heterokg/shapes#Claim-effect")
    assert hits and hits[0]["value"] == "https://w3id.org/heterokg/effect/DendriteSupression"


def test_warnings_do_not_break_conformance(ontology, shapes):
    data = _graph(CLAIM.replace("    prov:wasGeneratedBy <activity/curation> .", "    .").replace(
        "prov:wasDerivedFrom <document/003_b434dd78c82ddd32> ;", "prov:wasDerivedFrom <document/003_b434dd78c82ddd32>"))
    result = validate(data, ontology, shapes)
    assert result.conforms
    assert result.counts == {"Violation": 0, "Warning": 1, "Info": 0}
    assert result.results[0][0] == "Warning"


def test_dataset_validated_as_union(ontology, shapes):
    ds = rdflib.Dataset()
    g = ds.graph(rdflib.URIRef("https://w3id.org/heterokg/graph/003_b434dd78c82ddd32"))
    for t in _graph():
        g.add(t)
    # the document node lives in another named graph: still found
    doc = rdflib.URIRef("https://w3id.org/heterokg/document/003_b434dd78c82ddd32")
    g.remove((doc, rdflib.RDF.type, None))
    ds.graph(rdflib.URIRef("https://w3id.org/heterokg/graph/documents")).add(
        (doc, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/heterokg/ontology#Document")))
    ont = ds.graph(rdflib.URIRef("https://w3id.org/heterokg/graph/ontology"))
    for t in ontology:
        ont.add(t)
    result = validate(ds, ontology, shapes)
    assert result.conforms, result.results


def test_parts_validated_apart_report_what_the_union_reports(ontology, shapes):
    """The build validates each document's graph on its own core: a violation in one part is
    found, with the same results as validating the union."""
    good = _graph()
    bad = _graph(CLAIM.replace("<effect/DendriteSuppression>", "<effect/DendriteSupression>")
                 .replace("003_b434dd78c82ddd32", "004_9a5f26c541105712"))
    merged = validate_parts([good, bad], ontology, shapes, workers=2)
    union = validate(good + bad, ontology, shapes)
    assert not merged.conforms and merged.counts == union.counts
    assert sorted(merged.results) == sorted(union.results)
    assert merged.results[0][1].endswith("004_9a5f26c541105712/c0001")
    assert validate_parts([good, good], ontology, shapes, workers=2).conforms


def test_parts_started_while_others_are_built_report_as_validated_at_the_end(ontology, shapes):
    """The build hands each document's graph over as soon as it is built: the merged report is
    the one of validating all parts at the end, in the order of the parts, not of hand-over."""
    good = _graph()
    bad = _graph(CLAIM.replace("<effect/DendriteSuppression>", "<effect/DendriteSupression>")
                 .replace("003_b434dd78c82ddd32", "004_9a5f26c541105712"))
    with PartValidation(ontology, shapes, workers=2) as checks:
        checks.start(bad)
        checks.start(bad)  # once is enough: validated once
        merged = checks.report([good, bad])
    at_the_end = validate_parts([good, bad], ontology, shapes, workers=1)
    assert (merged.results, merged.counts, merged.report_text) == \
        (at_the_end.results, at_the_end.counts, at_the_end.report_text)
    assert not merged.conforms and merged.counts["Violation"] == validate(bad, ontology, shapes).counts["Violation"]


def test_the_shapes_view_answers_as_the_shapes_and_sees_what_is_added(shapes):
    view = _RecallingGraph(shapes)
    shape = rdflib.URIRef("https://example.org/shapes#Extra")
    for pattern in [(None, rdflib.RDF.type, None), (shape, None, None)]:
        assert list(view.triples(pattern)) == list(shapes.triples(pattern))
        assert list(view.triples(pattern)) == list(shapes.triples(pattern))  # asked again: remembered
    view.add((shape, rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape")))
    try:
        assert len(list(view.triples((shape, None, None)))) == 1  # not the empty answer remembered
        assert (shape, None, None) in shapes  # the same store
    finally:
        shapes.remove((shape, None, None))


def test_sparql_constraint_checks_each_focus_node(ontology):
    """A SPARQL constraint's text is parsed once and run per focus node: each node still gets
    its own answer (the bound $this is not part of what is cached)."""
    shapes = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:Pair ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this <http://example.org/first> ?a ; <http://example.org/second> ?b . FILTER(?a >= ?b) }" ] .
        """, format="turtle")
    data = rdflib.Graph().parse(data="""
        @prefix ex: <http://example.org/> .
        ex:p1 a ex:Pair ; ex:first 1 ; ex:second 2 .
        ex:p2 a ex:Pair ; ex:first 3 ; ex:second 2 .
        ex:p3 a ex:Pair ; ex:first 1 ; ex:second 5 .
        ex:p4 a ex:Pair ; ex:first 7 ; ex:second 7 .
        """, format="turtle")
    result = validate(data, ontology, shapes)
    assert sorted(r[1] for r in result.results) == ["http://example.org/p2", "http://example.org/p4"]


def test_prepared_query_resolves_prefixes_of_its_graph():
    """The same query text over graphs binding a prefix differently is translated for each."""
    from heterokg.validate import _PreparingGraph

    answers = []
    for ns in ("http://example.org/a#", "http://example.org/b#"):
        g = _PreparingGraph()
        g.bind("ex", ns)
        g.add((rdflib.URIRef("http://example.org/a#x"), rdflib.RDF.type, rdflib.URIRef("http://example.org/a#T")))
        g.add((rdflib.URIRef("http://example.org/b#y"), rdflib.RDF.type, rdflib.URIRef("http://example.org/b#T")))
        answers.append([str(row[0]) for row in g.query("SELECT ?s WHERE { ?s a ex:T }")])
    assert answers == [["http://example.org/a#x"], ["http://example.org/b#y"]]


def test_constraint_parameters_answer_membership_as_the_list(ontology, shapes):
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS

    from heterokg.validate import _ConstraintParameters

    fast = _ConstraintParameters(ALL_CONSTRAINT_PARAMETERS).copy()
    fast.append(rdflib.URIRef("http://www.w3.org/ns/shacl#expression"))
    plain = [*ALL_CONSTRAINT_PARAMETERS, rdflib.URIRef("http://www.w3.org/ns/shacl#expression")]
    assert list(fast) == plain
    probes = {t for shape_triple in shapes for t in shape_triple} | set(plain)
    probes |= {rdflib.Literal(str(p)) for p in plain} | {str(p) for p in plain}
    assert all((x in fast) == (x in plain) for x in probes)


def test_validation_reports_the_same_with_pyshacls_own_parameter_list(ontology, shapes, monkeypatch):
    """The faster membership test changes nothing pySHACL reports (sh:or, sh:node, qualified
    shapes and SPARQL constraints included)."""
    from pyshacl import shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    from heterokg import validate as validation

    data = _graph(CLAIM.replace("<effect/DendriteSuppression>", "<effect/DendriteSupression>")
                  .replace('hkg:reviewStatus "reviewed" ;', 'hkg:reviewStatus "maybe" ; hkg:confidence 1.5 ;')
                  .replace("hkg:startOffset 10", "hkg:startOffset 70")
                  .replace("hkg:method hkg:Curated", "hkg:method hkg:MachineExtracted"))
    fast = validate(data, ontology, shapes)
    assert isinstance(shape.CONSTRAINT_PARAMS[0], validation._ConstraintParameters)
    monkeypatch.setattr(validation, "_index_constraint_parameters", lambda: None)
    monkeypatch.setattr(shape, "CONSTRAINT_PARAMS", (ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP))
    plain = validate(data, ontology, shapes)
    assert fast.counts["Violation"] >= 4
    assert (fast.counts, fast.results, fast.details) == (plain.counts, plain.results, plain.details)


def test_broken_shapes_raise(ontology):
    bad = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetNode ex:x ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?a { 1 } }" ] .
        """, format="turtle")
    with pytest.raises(ValueError):
        validate(_graph(), ontology, bad)


def test_loaders_with_explicit_paths():
    assert len(load_ontology(ONTOLOGY_FILE)) > 1000
    assert len(load_shapes(SHAPES_DIR)) == len(load_shapes(SHAPES_DIR / "heterokg-shapes.ttl"))
    with pytest.raises(FileNotFoundError):
        load_shapes(ROOT / "tests")  # a directory without *.ttl


def test_loaders_default_to_heterokg_paths(monkeypatch):
    fake = types.ModuleType("heterokg.paths")
    fake.ontology_file = lambda: ONTOLOGY_FILE
    fake.shapes_dir = lambda: SHAPES_DIR
    monkeypatch.setitem(sys.modules, "heterokg.paths", fake)
    import heterokg

    monkeypatch.setattr(heterokg, "paths", fake, raising=False)
    assert len(load_ontology()) > 1000
    assert len(load_shapes()) > 100
    assert set(qc_queries()) == {p.stem for p in QC_DIR.glob("*.rq")}


def test_ontology_checks_pass(ontology):
    assert ontology_checks(ontology, QC_DIR) == []


def test_ontology_checks_report_rows(ontology):
    g = rdflib.Graph()
    for t in ontology:
        g.add(t)
    g.remove((rdflib.URIRef("https://w3id.org/heterokg/effect/ShuttleSuppression"),
              rdflib.namespace.SKOS.prefLabel, None))
    problems = ontology_checks(g, QC_DIR)
    assert problems and all(isinstance(p, str) for p in problems)
    assert any(p.startswith("concept-preflabel:") and "ShuttleSuppression" in p for p in problems)
