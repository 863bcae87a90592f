"""``heterokg extract``: the machine extractor on any documents, with nothing written to graph/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import build, rdf
from .serialize import trig
from .vocabulary import load as load_vocabulary


@dataclass
class ExtractResult:
    result: build.BuildResult
    dataset: object

    @property
    def documents(self):
        return self.result.documents

    @property
    def errors(self) -> list[str]:
        return self.result.errors

    def turtle(self) -> str:
        return trig(self.dataset)

    def rows(self) -> list[dict[str, str]]:
        import pyoxigraph as ox

        from . import export

        store = ox.Store()
        store.load(trig(self.dataset).encode("utf-8"), format=ox.RdfFormat.TRIG)
        return export.rows(store)


def extract_files(paths: list[Path], keep_going: bool = False, jobs: int = 1) -> ExtractResult:
    vocab = load_vocabulary()
    files: list[Path] = []
    for p in paths:
        files.extend(build.corpus_files(p) if p.is_dir() else [p])
    result = build.process(files, None, vocab, keep_going, jobs)
    ds, _, _ = build.to_dataset(result, vocab, _units_only(vocab))
    return ExtractResult(result, ds)


def _units_only(vocab):
    """The unit symbols export needs, without shipping the whole ontology in extract output."""
    from rdflib import Graph

    g = Graph()
    for u in vocab.units:
        for t in vocab.graph.triples((rdf.URIRef(u.iri), rdf.HKG.symbol, None)):
            g.add(t)
    return g
