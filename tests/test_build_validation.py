"""The build's validation still catches a violation in every graph it writes.

The build validates its graphs apart, on forked workers, largest first, while another
process writes the TriG: none of that may lose a check. A violating triple is put into each
kind of graph the build emits (a document's, the links, the aggregates, the description) and
must be reported by the validation the build runs; a violating graph must stop the build
and leave graph/ as it was.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from heterokg import build, rdf
from heterokg import validate as validation
from heterokg.cli import main
from test_build_safety import GOOD, corpus, curated  # noqa: F401 (the one-review corpus fixtures)

HKG = rdf.HKG


@pytest.fixture(scope="module")
def shapes():
    return validation.load_shapes()


def _built(corpus: Path, curated: Path):
    vocab = build.load_vocabulary()
    result = build.process(build.corpus_files(corpus), curated, vocab)
    return vocab, *build.to_dataset(result, vocab, vocab.graph)


def _one(graph, cls) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def _violation_in(kind: str, graphs: dict, meta) -> tuple[URIRef, tuple]:
    """A triple breaking a shape, in a graph of ``kind``, and the graph it goes to."""
    if kind == "document":
        (stem,) = [s for s in graphs if s not in build.DERIVED_GRAPHS]
        claim = _one(graphs[stem], HKG.Claim)
        return claim, (graphs[stem], (claim, HKG.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)))
    if kind == "links":
        material = sorted(graphs["links"].subjects(HKG.noLinkReason, None))[0]
        return material, (graphs["links"], (material, HKG.noLinkReason, Literal("short")))
    if kind == "aggregates":
        tally = _one(graphs["aggregates"], HKG.ClaimTally)
        return tally, (graphs["aggregates"], (tally, HKG.claimCount, Literal(0, datatype=XSD.integer)))
    node = URIRef(f"{build.DATASET}/quality/all/overall/precision")
    return node, (meta, (node, RDF.type, rdf.DQV.QualityMeasurement))


@pytest.mark.parametrize("kind", ["document", "links", "aggregates", "description"])
def test_a_violation_in_each_kind_of_graph_is_reported(kind, corpus, curated, shapes):  # noqa: F811
    vocab, _ds, graphs, meta = _built(corpus, curated)
    assert set(graphs) == {corpus.joinpath(GOOD).stem, *build.DERIVED_GRAPHS}  # every kind is there
    clean = validation.validate_parts(build.validation_parts(meta, graphs), ontology=vocab.graph, shapes=shapes)
    assert clean.conforms
    focus, (graph, triple) = _violation_in(kind, graphs, meta)
    graph.add(triple)
    report = validation.validate_parts(build.validation_parts(meta, graphs), ontology=vocab.graph,
                                       shapes=shapes, workers=2)
    assert not report.conforms
    assert any(severity == "Violation" and f == str(focus) for severity, f, _p, _m in report.results), report.results


def test_a_violating_graph_stops_the_build_and_leaves_the_graph(corpus, curated, tmp_path, monkeypatch,  # noqa: F811
                                                               capsys):
    out = tmp_path / "graph"
    argv = ["build", "--corpus", str(corpus), "--out", str(out), "--curated", str(curated)]
    assert main(argv) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    describe = build.dataset_description

    def violating(*args, **kwargs):
        g = describe(*args, **kwargs)
        g.add((URIRef(f"{build.DATASET}/quality/bad"), RDF.type, rdf.DQV.QualityMeasurement))
        return g

    monkeypatch.setattr(build, "dataset_description", violating)
    capsys.readouterr()
    assert main(argv) == 2
    assert "violates the shapes" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_each_document_graph_is_handed_over_once_complete(corpus, curated):  # noqa: F811
    """The build validates a document's graph from the moment to_dataset hands it over: it must
    be the graph that ships, complete by then; of two files of one stem, only the last one's."""
    import shutil

    shutil.copy(corpus / GOOD, corpus / (Path(GOOD).stem + ".md"))  # a second file of the stem
    vocab = build.load_vocabulary()
    result = build.process(build.corpus_files(corpus), curated, vocab)
    handed = []
    _ds, graphs, _meta = build.to_dataset(result, vocab, vocab.graph, done=lambda g: handed.append((g, len(g))))
    (stem,) = [s for s in graphs if s not in build.DERIVED_GRAPHS]
    assert len(result.documents) == 2 and len(handed) == 1
    graph, size_then = handed[0]
    assert graph is graphs[stem] and size_then == len(graphs[stem])
