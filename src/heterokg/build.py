"""Corpus → graph/: load, extract, merge with curated claims, to RDF, validate, swap in.

The graph that ships is rebuilt only here. It is written to a temporary directory beside
``graph/`` and swapped in at the end, so a failed build (a bad document, a violated shape)
leaves the previous graph exactly as it was. The swap is two renames (``graph`` to
``.graph.old``, the new one to ``graph``); a build killed between them is repaired by the
next build, which first puts ``.graph.old`` back and removes temporary folders left by dead
builds. Only a graph folder is ever replaced (see ``check_out_dir``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from . import __version__, aggregates, entailment, forked, heap, linkset, paths, rdf
from .claims import curated as curated_mod
from .claims import scorer
from .claims.extract import extract
from .claims.identity import MaterialIdentities
from .claims.match import link_to_curated
from .claims.model import Claim
from .claims.named import NamedMaterials
from .documents import Document, DocumentError, Metadata, load, read
from .evaluate import Evaluation, evaluate_splits, splits
from .serialize import trig
from .vocabulary import Vocabulary
from .vocabulary import load as load_vocabulary

GRAPH_FILE = "heterokg.trig"
MANIFEST_FILE = "manifest.json"
DATASET = URIRef(paths.BASE_IRI + "dataset")
_NOT_DOCUMENTS = ("readme", "license", "licence", "manifest")


class BuildError(Exception):
    """The build cannot produce a graph; the message says which input and why."""


@dataclass
class DocumentResult:
    document: Document
    sha256: str
    claims: list[Claim]
    machine: list[Claim]


@dataclass
class BuildResult:
    documents: list[DocumentResult]
    errors: list[str] = field(default_factory=list)
    validation_report: str = ""


def corpus_files(corpus: Path) -> list[Path]:
    """Documents of a corpus folder: every regular file but READMEs, licences and dot-files."""
    if not corpus.exists():
        raise BuildError(f"{corpus}: no such directory")
    if not corpus.is_dir():
        raise BuildError(f"{corpus}: not a directory")
    files = sorted(
        p for p in corpus.iterdir()
        if p.is_file() and not p.name.startswith(".") and not p.name.lower().startswith(_NOT_DOCUMENTS)
    )
    if not files:
        raise BuildError(f"{corpus}: no documents in this directory")
    return files


def _metadata(doc: Document, curated: curated_mod.CuratedDocument | None) -> Metadata:
    """The file's own metadata, completed by the reviewed metadata of the curated file."""
    meta = doc.metadata
    extra = curated.metadata if curated else {}
    return Metadata(
        title=extra.get("title") or meta.title,
        doi=extra.get("doi") or meta.doi,
        authors=tuple(extra.get("authors") or meta.authors),
        year=extra.get("year") or meta.year,
        journal=extra.get("journal") or meta.journal,
        license=extra.get("license") or meta.license,
    )


def _read(path: Path, cdoc: curated_mod.CuratedDocument | None, vocab: Vocabulary | None) -> DocumentResult:
    """The document's claims, and the checksum of the very bytes they were extracted from
    (the file is read once: a file replaced or removed meanwhile cannot mix two versions)."""
    vocab = vocab or load_vocabulary()
    data = read(path)
    doc = load(path, data=data)
    machine = extract(doc, vocab)
    reviewed = cdoc.claims if cdoc else []
    doc.metadata = _metadata(doc, cdoc)
    sha = hashlib.sha256(data).hexdigest()
    return DocumentResult(doc, sha, link_to_curated(machine, reviewed), machine)


def _read_or_error(path: Path, cdoc, vocab: Vocabulary | None) -> DocumentResult | DocumentError:
    try:
        return _read(path, cdoc, vocab)
    except DocumentError as exc:
        return exc


def _read_in_worker(args: tuple[Path, curated_mod.CuratedDocument | None]) -> DocumentResult | tuple[str, str]:
    """In a worker process: DocumentError does not pickle, so a failure comes back as (path, reason)."""
    outcome = _read_or_error(args[0], args[1], None)
    return (outcome.path, outcome.reason) if isinstance(outcome, DocumentError) else outcome


def _size(path: Path) -> int:
    """The file's size for scheduling only (0 for one gone or unreadable: reading it will say why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_in_workers(files: list[Path], curated: dict, jobs: int,
                     meanwhile: Callable[[], object] | None) -> list[DocumentResult | DocumentError]:
    """Every file read in ``jobs`` forked processes (which inherit the loaded vocabulary and
    scorer), in the order of ``files``; the largest first, as reviews differ tenfold in length."""
    outcomes = forked.map_largest_first(_read_in_worker, [(p, curated.get(p.name)) for p in files],
                                        [_size(p) for p in files], jobs, meanwhile)
    return [o if isinstance(o, DocumentResult) else DocumentError(*o) for o in outcomes]


def process(files: list[Path], curated_dir: Path | None, vocab: Vocabulary, keep_going: bool = False,
            jobs: int = 1, meanwhile: Callable[[], object] | None = None) -> BuildResult:
    """Load and extract every file (``jobs`` processes), merged with its curated claims.
    ``meanwhile`` is called in this process while the workers read (before reading, with one job)."""
    curated = curated_mod.load_dir(curated_dir) if curated_dir and curated_dir.is_dir() else {}
    issues = curated_mod.problems(curated, vocab)
    if issues:
        raise curated_mod.CuratedError(f"{len(issues)} curated claim(s) the ontology cannot express:\n" + "\n".join(issues))
    scorer.load()  # a missing or corrupt model stops the run here, before any document is read
    result = BuildResult([])
    if jobs > 1 and len(files) > 1:
        outcomes = _read_in_workers(files, curated, jobs, meanwhile)
    else:
        if meanwhile is not None:
            meanwhile()
        outcomes = []
        for path in files:
            outcomes.append(_read_or_error(path, curated.get(path.name), vocab))
            if isinstance(outcomes[-1], DocumentError) and not keep_going:
                break  # the run fails on this one: reading the rest is wasted
    for outcome in outcomes:
        if isinstance(outcome, DocumentError):
            if not keep_going:
                raise outcome
            result.errors.append(str(outcome))
        else:
            result.documents.append(outcome)
    return result


def to_dataset(result: BuildResult, vocab: Vocabulary, ontology: Graph,
               evaluations: dict[str, Evaluation] | None = None,
               links: linkset.Linkset | None = None,
               done: Callable[[Graph], object] | None = None) -> tuple[Dataset, dict[str, Graph], Graph]:
    """The dataset (a graph per document, the links, the aggregates, the ontology, the
    description), the data graphs by name (document stems, ``links`` when there is a linkset,
    ``aggregates``) and the description. ``done`` is called with each document's graph as soon
    as it is complete (nothing changes it afterwards), while the others are still to be built."""
    identities = MaterialIdentities.from_claims((c for r in result.documents for c in r.claims),
                                                NamedMaterials(vocab))
    closure = entailment.Closure(ontology)
    ds = rdf.new_dataset(ontology)
    entailment.entail(ds.graph(rdf.ONTOLOGY_GRAPH), closure)
    # each document's triples are written straight into its named graph, and what the
    # ontology's hierarchies imply is added there, in the graph that asserts its premises
    graphs: dict[str, Graph] = {}
    last = {r.document.stem: r for r in result.documents}
    for r in result.documents:
        stem = r.document.stem
        target = ds.graph(rdf.graph_iri(stem))
        if stem in graphs:  # two files of one stem (a.txt, a.xml): the last one's graph, as ever
            ds.remove_graph(target)
            target = ds.graph(rdf.graph_iri(stem))
        graphs[stem] = entailment.entail(rdf.document_graph(
            stem, r.document.name, r.document.metadata, r.sha256, r.document.references, r.claims, vocab,
            identities, [(t.label, t.start, t.end) for t in r.document.tables], graph=target), closure)
        if done is not None and last[stem] is r:
            done(graphs[stem])
    link_graph = Graph()
    if links is not None:
        try:
            link_graph = entailment.entail(linkset.to_graph(links, materials(graphs.values())), closure)
        except linkset.LinksetError as exc:
            raise BuildError(f"curated/{linkset.LINKS_FILE}: {exc}") from None
    link_graph += linkset.reasons(links, graphs.values(), link_graph)
    summary = entailment.entail(aggregates.aggregates_graph(graphs, ontology), closure)
    meta = dataset_description(result, graphs, evaluations, link_graph, summary)
    description = ds.default_graph
    description += meta
    for name, extra, iri in (("links", link_graph, linkset.LINKS_GRAPH),
                             ("aggregates", summary, aggregates.AGGREGATES_GRAPH)):
        if len(extra):
            target = ds.graph(iri)
            target += extra
            graphs = {**graphs, name: extra}
    return ds, graphs, meta


def materials(graphs) -> set[URIRef]:
    """Material nodes of the document graphs: what a link may start from."""
    prefix = paths.BASE_IRI + "material/"
    return {s for g in graphs for s in g.subjects(RDF.type, None) if str(s).startswith(prefix)}


#: Named graphs of the build that are not a document's.
DERIVED_GRAPHS = ("links", "aggregates")


def validation_parts(meta: Graph, graphs: dict[str, Graph]) -> list[Graph]:
    """Graphs that can be validated apart: the description, each document's graph, and the
    links together with the descriptions of the materials they start from (the link shapes
    target materials, whose types live in the document graphs), and the aggregates (whose
    shapes target their subjects by the aggregate properties, and check the IRIs they point
    to by their form)."""
    docs = [g for stem, g in graphs.items() if stem not in DERIVED_GRAPHS]
    parts = [meta, *docs]
    links = graphs.get("links")
    if links is not None and len(links):
        parts.append(with_context(links, docs, set(links.subjects())))
    summary = graphs.get("aggregates")
    if summary is not None and len(summary):
        parts.append(summary)
    return parts


def with_context(graph: Graph, docs: list[Graph], subjects: set) -> Graph:
    """``graph`` plus every document-graph triple about ``subjects``."""
    part = Graph()
    part += graph
    for g in docs:
        for subject in subjects:
            part += g.triples((subject, None, None))
    return part


def reference_pairs(result: BuildResult) -> dict[str, tuple[list[Claim], list[Claim]]]:
    """Per document name, its machine claims and its curated claims: what evaluation compares."""
    return {r.document.name: (r.machine, [c for c in r.claims if c.method == "curated"]) for r in result.documents}


#: The extractor's quality metrics (ontology individuals, W3C DQV metrics) by Score attribute.
QUALITY_METRICS = {"precision": "ExtractorPrecision", "recall": "ExtractorRecall", "f1": "ExtractorF1"}


def dataset_description(result: BuildResult, graphs: dict[str, Graph],
                        evaluations: dict[str, Evaluation] | None, links: Graph | None = None,
                        summary: Graph | None = None) -> Graph:
    """VoID description of what was built, with the extractor's measured quality as W3C DQV
    quality measurements: per document split (all, development, held out) and claim group, so
    that a user sees how far machine claims of each kind held up on reviews no rule was
    written from. Links out (to the Materials Project, Wikidata, PubChem, doi.org) are
    counted as VoID linksets, one per target and link predicate."""
    g = Graph()
    g.add((DATASET, RDF.type, rdf.VOID.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("heterokg: claims about heterostructures and interphases in battery-materials reviews", lang="en")))
    g.add((DATASET, rdf.VOID.sparqlEndpoint, URIRef(paths.BASE_IRI + "sparql")))
    g.add((DATASET, DCTERMS.hasVersion, Literal(__version__)))
    g.add((DATASET, rdf.VOID.triples, Literal(sum(len(x) for x in graphs.values()) + len(links or ()) + len(summary or ()), datatype=XSD.integer)))
    for r in result.documents:
        g.add((DATASET, DCTERMS.source, rdf.document_iri(r.document.stem)))
    for method in ("curated", "machine"):
        n = sum(c.method == method for r in result.documents for c in r.claims)
        g.add((DATASET, rdf.HKG[f"{method}Claims"], Literal(n, datatype=XSD.integer)))
    for split, ev in (evaluations or {}).items():
        if not ev.has_reference:
            continue
        for group, score in {"overall": ev.total, **ev.by_group}.items():
            for attribute, metric in QUALITY_METRICS.items():
                value = getattr(score, attribute)
                if value is None:
                    continue
                node = URIRef(f"{paths.BASE_IRI}dataset/quality/{split}/{group}/{attribute}")
                g.add((DATASET, rdf.DQV.hasQualityMeasurement, node))
                g.add((node, RDF.type, rdf.DQV.QualityMeasurement))
                g.add((node, rdf.DQV.isMeasurementOf, rdf.HKG[metric]))
                g.add((node, rdf.DQV.computedOn, DATASET))
                g.add((node, rdf.DQV.value, Literal(Decimal(f"{value:.3f}"), datatype=XSD.decimal)))
                g.add((node, rdf.HKG.documentSplit, Literal(split)))
                g.add((node, rdf.HKG.claimGroup, Literal(group)))
                g.add((node, rdf.HKG.machineClaims, Literal(score.pred, datatype=XSD.integer)))
                g.add((node, rdf.HKG.curatedClaims, Literal(score.gold, datatype=XSD.integer)))
    g += linkset.void_linksets(DATASET, [*graphs.values(), *([links] if links is not None else [])])
    return g


def manifest(result: BuildResult) -> dict:
    return {
        "heterokg": __version__,
        "documents": [
            {
                "file": r.document.name,
                "format": r.document.format,
                "doi": r.document.metadata.doi,
                "title": r.document.metadata.title,
                "sha256": r.sha256,
                "claims": {
                    "curated": sum(c.method == "curated" for c in r.claims),
                    "machine": sum(c.method == "machine" for c in r.claims),
                },
            }
            for r in result.documents
        ],
    }


def check_out_dir(out_dir: Path) -> None:
    """Refuse to replace anything but a graph folder, since the swap deletes what it held.

    A graph folder is a missing or empty directory, or one holding nothing but regular files
    named heterokg.trig and manifest.json (either may be missing).
    """
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise BuildError(f"{out_dir}: not a directory; refusing to replace it with a graph")
    foreign = sorted(p.name for p in out_dir.iterdir()
                     if p.name not in (GRAPH_FILE, MANIFEST_FILE) or p.is_symlink() or not p.is_file())
    if foreign:
        raise BuildError(f"{out_dir}: not a heterokg graph folder (it holds {foreign[0]!r}"
                         f"{f' and {len(foreign) - 1} more' if len(foreign) > 1 else ''}); refusing to replace it: "
                         f"give a new or empty folder, or one holding only {GRAPH_FILE} and {MANIFEST_FILE}")


def _old(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.old")


def recover(out_dir: Path) -> None:
    """Undo what a killed build left beside ``out_dir``: the previous graph moved aside but no
    new one in its place (put back), and temporary folders of builds no longer running.

    A temporary folder is ``.<out>.new-<pid>-<8 mkdtemp characters>`` (without the pid when an
    older heterokg made it); nothing else is touched.
    """
    out_dir = out_dir.resolve()
    old = _old(out_dir)
    if not out_dir.exists() and old.is_dir() and not old.is_symlink():
        os.replace(old, out_dir)
    paths.remove_orphans(out_dir.parent, f".{out_dir.name}.new-", without_pid=True)


def write_graph(text: str, man: dict, out_dir: Path) -> None:
    """Write the TriG ``text`` and the manifest into a temporary sibling directory, then swap it
    for ``out_dir``, which keeps its permissions (a new one gets 0777 less the umask, not
    mkdtemp's 0700)."""
    out_dir = out_dir.resolve()
    check_out_dir(out_dir)  # again: build() checked before its work, minutes ago
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent))
    try:
        os.chmod(tmp, out_dir.stat().st_mode & 0o7777 if out_dir.is_dir() else paths.default_mode(0o777))
        (tmp / GRAPH_FILE).write_text(text, encoding="utf-8")
        (tmp / MANIFEST_FILE).write_text(json.dumps(man, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        old = _old(out_dir)
        if old.exists():  # left by a build killed after its swap; deleted only if it is a graph
            check_out_dir(old)
            shutil.rmtree(old)
        try:
            if out_dir.exists():
                os.replace(out_dir, old)
            os.replace(tmp, out_dir)
        except BaseException:  # an error or a signal between the renames: the old graph goes back
            if old.exists() and not out_dir.exists():
                os.replace(old, out_dir)
            raise
        if old.exists():
            shutil.rmtree(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def build(corpus: Path, out_dir: Path | None = None, curated_dir: Path | None = None, keep_going: bool = False):
    """Rebuild ``graph/`` from a corpus folder; raises BuildError or DocumentError, leaving it untouched."""
    with heap.frozen():  # what the build loads and makes lives to its end: no collector passes over it
        return _build(corpus, out_dir, curated_dir, keep_going)


def _build(corpus: Path, out_dir: Path | None, curated_dir: Path | None, keep_going: bool):
    from . import validate as validation

    out_dir = out_dir or paths.graph_dir()
    recover(out_dir)
    check_out_dir(out_dir.resolve())  # before the work, not only at the swap
    vocab = load_vocabulary()
    files = corpus_files(corpus)
    curated = curated_dir if curated_dir is not None else paths.curated_dir()
    ontology = vocab.graph
    # each part of the graph holds its nodes and what they describe: validated apart, each in a
    # process of its own, a document's graph from the moment it is built
    with validation.PartValidation(ontology) as checks:
        result = process(files, curated, vocab, keep_going, jobs=os.cpu_count() or 1, meanwhile=checks.prepare)
        heap.keep()  # the documents and their claims
        if not result.documents:
            raise BuildError(f"{corpus}: none of the documents could be read")
        scores = evaluate_splits(reference_pairs(result), splits(curated))
        links_file = curated / linkset.LINKS_FILE
        try:
            links = linkset.read(links_file) if links_file.is_file() else None
        except (linkset.LinksetError, ValueError) as exc:
            raise BuildError(f"{links_file}: {exc}") from None
        ds, graphs, meta = to_dataset(result, vocab, ontology, scores, links, done=checks.start)
        # the TriG is written in a forked process meanwhile, and used only if the graph conforms
        with forked.started(trig, ds) as serialised:
            report = checks.report(validation_parts(meta, graphs))
            result.validation_report = report.report_text
            if not report.conforms:
                raise BuildError("the built graph violates the shapes; graph/ left unchanged\n" + report.report_text)
            text = serialised.result()
    write_graph(text, manifest(result), out_dir)
    return result, scores
