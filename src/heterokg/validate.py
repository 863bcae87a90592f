"""Validation of heterokg data against the SHACL shapes, and quality checks of the ontology.

* :func:`validate` runs pySHACL over data with the ontology graph mixed in and returns a
  :class:`ValidationResult`. Inference is ``"none"``: the ontology graph already supplies the
  ``rdf:type`` of every concept and unit and the ``rdfs:subClassOf`` triples that SHACL's
  ``sh:targetClass`` and ``sh:class`` follow. RDFS inference would instead *derive* types from
  ``rdfs:domain``/``rdfs:range``, so that an object wrongly used with ``hkg:mechanism`` would be
  inferred to be a ``hkg:Mechanism`` and the ``sh:class`` checks could never fail.
  ``advanced=True`` (SHACL-AF) is required: the shapes that need SPARQL select their focus nodes
  with SPARQL-based targets (see shapes/heterokg-shapes.ttl); without it they would silently
  check nothing.
* :func:`ontology_checks` runs the ODK-style QC queries in ``ontology/qc/*.rq`` (each SELECTs
  the offending rows; zero rows means the check passes).
* :func:`load_ontology` / :func:`load_shapes` read the edited sources, located through
  :mod:`heterokg.paths` unless a path is given.
"""

from __future__ import annotations

import os

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import rdflib
from rdflib.namespace import RDF, SH
from rdflib.paths import Path as RdfPath

__all__ = [
    "ValidationResult",
    "validate",
    "load_ontology",
    "load_shapes",
    "ontology_checks",
    "qc_queries",
]

SEVERITIES = ("Violation", "Warning", "Info")
INFERENCE = "none"


@dataclass
class ValidationResult:
    """Outcome of :func:`validate`.

    ``conforms`` is True when there is no result of severity ``sh:Violation`` (warnings and
    infos do not make data non-conformant). ``results`` holds one
    ``(severity, focus, path, message)`` tuple per validation result, severity being
    ``"Violation"``, ``"Warning"`` or ``"Info"``; ``details`` holds the same results as dicts
    that also name the ``source_shape``, the offending ``value`` and the constraint
    ``component``.
    """

    conforms: bool
    counts: dict[str, int]
    report_text: str
    results: list[tuple[str, str, str | None, str]] = field(default_factory=list)
    details: list[dict] = field(default_factory=list)
    report_graph: rdflib.Graph | None = None

    def by_shape(self, shape: str) -> list[dict]:
        """The results whose source shape is ``shape`` (full IRI)."""
        return [d for d in self.details if d["source_shape"] == str(shape)]


def _paths():
    # The lead's module; imported lazily so that this module imports without it.
    from heterokg import paths  # noqa: PLC0415

    return paths


def load_ontology(path: str | Path | None = None) -> rdflib.Graph:
    """Parse the ontology (Turtle). Default: ``heterokg.paths.ontology_file()``."""
    if path is None:
        path = _paths().ontology_file()
    g = rdflib.Graph()
    g.parse(str(path), format="turtle")
    return g


def load_shapes(path: str | Path | None = None) -> rdflib.Graph:
    """Parse the SHACL shapes: every ``*.ttl`` of a directory, or one file.

    Default: the directory ``heterokg.paths.shapes_dir()``.
    """
    if path is None:
        path = _paths().shapes_dir()
    path = Path(path)
    files = sorted(path.glob("*.ttl")) if path.is_dir() else [path]
    if not files:
        raise FileNotFoundError(f"no shapes (*.ttl) in {path}")
    g = rdflib.Graph()
    for f in files:
        g.parse(str(f), format="turtle")
    return g


def _as_graph(data: rdflib.Graph | rdflib.Dataset) -> rdflib.Graph:
    """Union of all graphs of a dataset (claims link across named graphs); graphs pass through."""
    if isinstance(data, rdflib.Dataset) or getattr(data, "context_aware", False):
        union = rdflib.Graph()
        for s, p, o, _ctx in data.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return data


@lru_cache(maxsize=256)
def _prepared(text: str, namespaces: tuple, base: str | None):
    """A SPARQL query parsed and translated once (rdflib's prepared-query form)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, dict(namespaces))


class _PreparingGraph(rdflib.Graph):
    """A graph whose SPARQL queries are parsed once per text, not once per call.

    pySHACL runs a ``sh:sparql`` constraint once per focus node, sending the same text with
    ``$this`` bound, and rdflib parses every string it is given: on the aggregates (hundreds
    of contradiction pairs and material tallies) the parsing took seconds, the evaluation
    milliseconds. The query is translated exactly as rdflib would (same prefixes, same base),
    so the results are those of the string.
    """

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
        if isinstance(query_object, str) and processor == "sparql":
            namespaces = tuple(sorted((initNs or dict(self.namespaces())).items()))
            query_object = _prepared(query_object, namespaces, kwargs.get("base"))
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


class _RecallingGraph(rdflib.Graph):
    """A view of a graph (same store, same triples) that remembers what each triple pattern
    matched.

    pySHACL reads the shapes graph again for every focus node of every shape it evaluates
    (the shape's constraint parameters, then each constraint's own parameters), and once per
    focus node for the shapes inside ``sh:property``, ``sh:or`` or ``sh:node``: some 80,000
    times per build, a fifth of the validation's time. The shapes do not change while they are
    validated against; should anything be added or removed through the view (pySHACL adds two
    system triples to the shapes graph), everything remembered is forgotten. Paths are not
    remembered (they are evaluated, not looked up)."""

    def __init__(self, graph: rdflib.Graph) -> None:
        super().__init__(store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager)
        self._matches: dict = {}

    def triples(self, triple):
        if isinstance(triple[1], RdfPath):
            return super().triples(triple)
        found = self._matches.get(triple)
        if found is None:
            found = self._matches[triple] = tuple(super().triples(triple))
        return iter(found)

    def add(self, triple):
        self._matches.clear()
        return super().add(triple)

    def addN(self, quads):  # noqa: N802 (rdflib's name)
        self._matches.clear()
        return super().addN(quads)

    def remove(self, triple):
        self._matches.clear()
        return super().remove(triple)


def _recalling(shapes: rdflib.Graph) -> rdflib.Graph:
    """``shapes`` as a :class:`_RecallingGraph` for one validation; a dataset (whose triples
    live in several graphs) as it is."""
    return shapes if getattr(shapes, "context_aware", False) else _RecallingGraph(shapes)


class _ConstraintParameters(list):
    """pySHACL's list of constraint parameters, with a set's membership test.

    For every shape it evaluates, and that is once per focus node for the shapes inside
    ``sh:or``, ``sh:node`` or ``sh:qualifiedValueShape``, pySHACL 0.40 keeps the shape's
    predicates that are constraint parameters with ``p in <list of 40 parameters>``: millions
    of ``URIRef.__eq__`` calls, some 15 % of the build's validation. The same elements in the
    same order, so pySHACL's own use is unchanged; only ``in`` asks a set. rdflib terms hash
    consistently with their equality (same type, same string), so the answers are the list's.
    """

    def __init__(self, items=()):
        super().__init__(items)
        self._members = set(self)

    def __contains__(self, item) -> bool:
        return item in self._members

    def copy(self) -> "_ConstraintParameters":
        return _ConstraintParameters(self)

    def append(self, item) -> None:
        super().append(item)
        self._members.add(item)


def _index_constraint_parameters() -> None:
    """Give pySHACL its constraint parameters as a :class:`_ConstraintParameters`.

    pySHACL caches ``(ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP)`` on its shape
    module the first time a shape is validated (``pyshacl.shape.CONSTRAINT_PARAMS``); this puts
    the equal list there first. Anything else found there (another pySHACL that caches
    something else) is left alone, and so is a pySHACL without these names: validation is then
    as fast as pySHACL makes it, and as correct."""
    try:
        from pyshacl import shape
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:
        return
    cached = getattr(shape, "CONSTRAINT_PARAMS", None)
    if cached is None or (cached[0] is ALL_CONSTRAINT_PARAMETERS and cached[1] is CONSTRAINT_PARAMETERS_MAP):
        shape.CONSTRAINT_PARAMS = (_ConstraintParameters(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)


def _short(term) -> str | None:
    if term is None:
        return None
    return str(term)


def validate(
    data: rdflib.Graph | rdflib.Dataset,
    ontology: rdflib.Graph | None = None,
    shapes: rdflib.Graph | None = None,
) -> ValidationResult:
    """Validate ``data`` against the shapes, with the ontology as ``ont_graph``.

    ``ontology`` and ``shapes`` default to :func:`load_ontology` and :func:`load_shapes`.
    A :class:`rdflib.Dataset` is validated as the union of its graphs. The data graph is not
    modified.
    """
    import pyshacl  # noqa: PLC0415  (slow import; keep module import cheap)

    _index_constraint_parameters()
    if ontology is None:
        ontology = load_ontology()
    if shapes is None:
        shapes = load_shapes()
    # The ontology is mixed into a copy of the data here rather than passed as pySHACL's
    # ``ont_graph``: pySHACL 0.40 "inoculates" ont_graph by recursively cloning nodes, which on
    # this ontology (thousands of interlinked concept individuals) ran for more than ten minutes.
    # The union is what ont_graph would produce, at the cost of one graph copy.
    data_graph = _PreparingGraph()
    for triple in _as_graph(data):
        data_graph.add(triple)
    for triple in ontology:
        data_graph.add(triple)

    _conforms, report_graph, report_text = pyshacl.validate(
        data_graph,
        shacl_graph=_recalling(shapes),
        ont_graph=None,
        inference=INFERENCE,
        advanced=True,  # SHACL-AF (not needed by our shapes, harmless)
        allow_warnings=True,
        allow_infos=True,
        inplace=True,  # data_graph is this call's own copy: pySHACL need not clone it again
    )

    if not isinstance(report_graph, rdflib.Graph):
        # pySHACL returns a ValidationFailure (not a report) when the shapes themselves are broken.
        raise ValueError(f"SHACL validation could not run: {report_text or report_graph}")

    results: list[tuple[str, str, str | None, str]] = []
    details: list[dict] = []
    for r in report_graph.subjects(RDF.type, SH.ValidationResult):
        sev = report_graph.value(r, SH.resultSeverity)
        severity = str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"
        focus = _short(report_graph.value(r, SH.focusNode))
        path = _short(report_graph.value(r, SH.resultPath))
        messages = [str(m) for m in report_graph.objects(r, SH.resultMessage)]
        message = messages[0] if messages else ""
        results.append((severity, focus, path, message))
        details.append(
            {
                "severity": severity,
                "focus": focus,
                "path": path,
                "message": message,
                "source_shape": _short(report_graph.value(r, SH.sourceShape)),
                "component": _short(report_graph.value(r, SH.sourceConstraintComponent)),
                "value": _short(report_graph.value(r, SH.value)),
            }
        )
    order = {s: i for i, s in enumerate(SEVERITIES)}
    keyed = sorted(zip(results, details), key=lambda rd: (order.get(rd[0][0], 9), rd[0][1] or "", rd[0][3]))
    results = [k[0] for k in keyed]
    details = [k[1] for k in keyed]
    counter = Counter(r[0] for r in results)
    counts = {s: counter.get(s, 0) for s in SEVERITIES}
    return ValidationResult(
        conforms=counts["Violation"] == 0,
        counts=counts,
        report_text=report_text,
        results=results,
        details=details,
        report_graph=report_graph,
    )


class PartValidation:
    """Graphs that share no focus node validated apart, each in a child process forked when it
    is handed over (:meth:`start`), so that the build validates a document's graph while it
    builds the next; :meth:`report` merges them (see :func:`validate_parts`). On one core the
    parts are validated in this process, at :meth:`report`. Leaving the ``with`` block ends
    the children still running."""

    def __init__(self, ontology: rdflib.Graph | None = None, shapes: rdflib.Graph | None = None,
                 workers: int | None = None) -> None:
        from heterokg.forked import Forks

        self.ontology = load_ontology() if ontology is None else ontology
        self.shapes = shapes  # loaded by prepare() when not given
        workers = workers or os.cpu_count() or 1
        self._forks = Forks(self._validate, workers)
        self._inline = workers == 1
        self._parts: dict[int, rdflib.Graph] = {}  # by id(), holding the part so the id stays its own
        self._prepared = False

    def __enter__(self) -> "PartValidation":
        return self

    def __exit__(self, *exc) -> None:
        self._forks.stop()

    def prepare(self) -> None:
        """Load the shapes; with children to come, import pySHACL and parse the SPARQL of the
        shapes' targets (by validating an empty graph) here, once, rather than in every child,
        which inherits them: a third of a second each. The build calls it while the documents
        are read in other processes."""
        if self.shapes is None:
            self.shapes = load_shapes()
        if not self._prepared and not self._inline:
            validate(rdflib.Graph(), ontology=self.ontology, shapes=self.shapes)
            self._prepared = True

    def start(self, part: rdflib.Graph) -> None:
        """Begin validating ``part``, which must not change afterwards; a part already started is
        not started again."""
        if self._inline or id(part) in self._parts:
            return
        self.prepare()
        self._parts[id(part)] = part
        self._forks.submit(id(part), part, len(part))  # the largest waiting part first

    def report(self, parts: list[rdflib.Graph]) -> ValidationResult:
        """The merged result of ``parts`` (those not started yet are started now), in their order."""
        self.prepare()
        if self._inline:
            outcomes = [validate(p, ontology=self.ontology, shapes=self.shapes) for p in parts]
        else:
            for part in parts:
                self.start(part)
            done = self._forks.results()
            outcomes = [done[id(p)] for p in parts]
        results = [r for o in outcomes for r in o.results]
        details = [d for o in outcomes for d in o.details]
        counts = {s: sum(o.counts.get(s, 0) for o in outcomes) for s in SEVERITIES}
        text = "\n".join(o.report_text for o in outcomes if not o.conforms or o.results) or \
            "Validation Report\nConforms: True\n"
        return ValidationResult(conforms=counts["Violation"] == 0, counts=counts, report_text=text,
                                results=results, details=details)

    def _validate(self, part: rdflib.Graph) -> ValidationResult:
        result = validate(part, ontology=self.ontology, shapes=self.shapes)
        result.report_graph = None  # stays in the child: the merged result has the results
        return result


def validate_parts(parts: list[rdflib.Graph], ontology: rdflib.Graph | None = None,
                   shapes: rdflib.Graph | None = None, workers: int | None = None) -> ValidationResult:
    """Validate graphs that share no focus node (one per document, the description) on all
    cores, and merge the results: what :func:`validate` of their union would report when no
    shape needs triples from two parts (each part's nodes and the resources they describe
    live in that part). The build's graphs are such parts."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(parts)))
    with PartValidation(ontology, shapes, workers) as checks:
        return checks.report(parts)


# --------------------------------------------------------------------------------------------
# Ontology QC
# --------------------------------------------------------------------------------------------


def qc_queries(qc_dir: str | Path | None = None) -> dict[str, str]:
    """The QC queries, name → SPARQL text. Default directory: ``qc/`` next to the ontology."""
    if qc_dir is None:
        qc_dir = Path(_paths().ontology_file()).parent / "qc"
    qc_dir = Path(qc_dir)
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(qc_dir.glob("*.rq"))}
    if not queries:
        raise FileNotFoundError(f"no QC queries (*.rq) in {qc_dir}")
    return queries


def _rows_text(variables: Iterable[str], row) -> str:
    parts = []
    for var, val in zip(variables, row):
        parts.append(f"{var}={val.value if val is not None else None}")
    return ", ".join(parts)


def ontology_checks(ontology_graph: rdflib.Graph, qc_dir: str | Path | None = None) -> list[str]:
    """Run every QC query against the ontology; return one message per offending row.

    An empty list means every check passes. Queries run in an in-memory Oxigraph store (the
    self-joins over labels are slow in rdflib's engine).
    """
    import pyoxigraph  # noqa: PLC0415

    store = pyoxigraph.Store()
    store.load(
        ontology_graph.serialize(format="nt", encoding="utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    problems: list[str] = []
    for name, text in qc_queries(qc_dir).items():
        solutions = store.query(text)
        variables = [v.value for v in solutions.variables]
        for row in solutions:
            values = [row[v] for v in variables]
            problems.append(f"{name}: {_rows_text(variables, values)}")
    return problems
