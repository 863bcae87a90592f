"""The linkset: reviewed links from materials to external databases, kept as SSSOM TSV.

``curated/links.sssom.tsv`` is a table people edit and ``heterokg link`` appends candidates
to; the build turns its reviewed rows into the named graph ``graph/links``. SSSOM (the Simple
Standard for Sharing Ontological Mappings) is used because a mapping needs more than a
triple: who decided, on what evidence, how sure, and (for the Materials Project) which
entry among polymorphs was chosen and why. Those columns stay in the table; the graph gets
the links themselves plus ``hkg:mpId``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from . import paths

LINKS_FILE = "links.sssom.tsv"
LINKS_GRAPH = URIRef(paths.BASE_IRI + "graph/links")
MP_PAGE = "https://next-gen.materialsproject.org/materials/"
#: A Materials Project id: numeric (mp-149) or one of the newer letter ids (lower-case letters).
MP_ID = re.compile(r"^mp-(?:[0-9]+|[a-z]+)$")
NO_TERM = "sssom:NoTermFound"
PREDICATES = {"skos:closeMatch": SKOS.closeMatch, "skos:exactMatch": SKOS.exactMatch}
COLUMNS = [
    "subject_id", "subject_label", "predicate_id", "object_id", "object_label",
    "mapping_justification", "confidence", "author_label", "mapping_date",
    "reduced_formula", "phase_in_review", "phase_of_entry", "space_group", "energy_above_hull",
    "id_source", "reviewed", "comment",
]
VOID = Namespace("http://rdfs.org/ns/void#")
HKG = Namespace(paths.BASE_IRI + "ontology#")


@dataclass(frozen=True)
class Target:
    """An external database links point into, recognised by the start of its IRIs."""

    key: str
    title: str
    uri_space: str


#: Targets by key. The IRI forms are those of ../shared/external-ids.md (and doi.org for DOIs).
TARGETS = {
    "materialsproject": Target("materialsproject", "Materials Project", MP_PAGE),
    "wikidata": Target("wikidata", "Wikidata", "http://www.wikidata.org/entity/"),
    "pubchem": Target("pubchem", "PubChem Compound", "https://pubchem.ncbi.nlm.nih.gov/compound/"),
    "chebi": Target("chebi", "ChEBI", "http://purl.obolibrary.org/obo/CHEBI_"),
    "doi": Target("doi", "DOI (doi.org)", "https://doi.org/"),
}


def target_of(iri: str) -> Target | None:
    """The database an external IRI belongs to, or None."""
    return next((t for t in TARGETS.values() if iri.startswith(t.uri_space)), None)


class LinksetError(ValueError):
    """The linkset cannot be read; the message names the line and the reason."""


@dataclass
class Linkset:
    """The metadata header (raw ``#`` lines, kept verbatim) and the rows, in file order."""

    header: list[str]
    curie_map: dict[str, str]
    rows: list[dict[str, str]] = field(default_factory=list)

    def expand(self, curie: str) -> str:
        """Full IRI of a CURIE of the curie_map (an IRI in angle brackets passes through)."""
        if curie.startswith("<") and curie.endswith(">"):
            return curie[1:-1]
        prefix, sep, local = curie.partition(":")
        if not sep or prefix not in self.curie_map:
            raise LinksetError(f"{curie!r}: prefix not in the curie_map")
        return self.curie_map[prefix] + local

    def compact(self, iri: str) -> str:
        """The CURIE of an IRI, with the longest matching namespace of the curie_map."""
        for prefix, ns in sorted(self.curie_map.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"


def _curie_map(header: list[str]) -> dict[str, str]:
    """The curie_map of the YAML metadata block (read with PyYAML, which the project has)."""
    import yaml

    meta = yaml.safe_load("\n".join(line[1:] for line in header)) or {}
    cmap = meta.get("curie_map") or {}
    if not isinstance(cmap, dict):
        raise LinksetError("curie_map is not a mapping")
    return {str(k): str(v) for k, v in cmap.items()}


def read(path: Path) -> Linkset:
    """Parse an SSSOM TSV file: ``#`` metadata lines, then a header row and one row per mapping."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    header = [line for line in lines if line.startswith("#")]
    body = "\n".join(line for line in lines if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(body), delimiter="\t")
    missing = [c for c in ("subject_id", "predicate_id", "object_id", "mapping_justification")
               if c not in (reader.fieldnames or [])]
    if missing:
        raise LinksetError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    return Linkset(header, _curie_map(header), rows)


def write(linkset: Linkset, path: Path) -> None:
    """Write the linkset back: the header as it was, the rows in the standard column order."""
    out = io.StringIO()
    out.write("\n".join(linkset.header) + "\n")
    columns = COLUMNS + sorted({k for r in linkset.rows for k in r} - set(COLUMNS))
    w = csv.DictWriter(out, columns, delimiter="\t", lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for row in linkset.rows:
        w.writerow({c: row.get(c, "") for c in columns})
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    tmp.replace(path)


def is_reviewed(row: dict[str, str]) -> bool:
    return row.get("reviewed", "").lower() == "true"


def loaded_rows(linkset: Linkset) -> list[tuple[int, dict[str, str]]]:
    """Rows that become triples: reviewed, and naming a link (not ``sssom:NoTermFound``).

    Candidate rows (``reviewed`` false) wait for a person; NoTermFound rows say why a
    material has no link, which the table keeps and the graph does not need."""
    return [(n, r) for n, r in enumerate(linkset.rows, start=2)
            if is_reviewed(r) and r["object_id"] != NO_TERM]


def to_graph(linkset: Linkset, materials: set[URIRef] | None = None) -> Graph:
    """The triples of the reviewed rows; ``materials`` (when given) are the subjects allowed.

    A subject that is not a material of the built graph means a stale or mistyped row, and a
    link never claims identity (``owl:sameAs``): both are errors, not silently dropped."""
    g = Graph()
    for line, row in loaded_rows(linkset):
        where = f"{LINKS_FILE} row {line}"
        pred = PREDICATES.get(row["predicate_id"])
        if pred is None:
            raise LinksetError(f"{where}: predicate {row['predicate_id']!r} is not one of {sorted(PREDICATES)}")
        try:
            subject, obj = URIRef(linkset.expand(row["subject_id"])), linkset.expand(row["object_id"])
        except LinksetError as exc:
            raise LinksetError(f"{where}: {exc}") from None
        if materials is not None and subject not in materials:
            raise LinksetError(f"{where}: {subject} is not a material of the built graph")
        target = target_of(obj)
        if target is None:
            raise LinksetError(f"{where}: {obj} is in none of the known databases")
        g.add((subject, pred, URIRef(obj)))
        if target.key == "materialsproject":
            mp_id = obj[len(MP_PAGE):]
            if pred != SKOS.closeMatch or not MP_ID.match(mp_id):
                raise LinksetError(f"{where}: a Materials Project link is skos:closeMatch to mp-<id>")
            g.add((subject, HKG.mpId, Literal(mp_id)))
    return g


#: Why a single phase with a formula has no link, where no reviewed row says more.
NO_SOURCE = ("no external id for this formula is stated in the public sources the linkset was curated from "
             "(nothing is guessed); `heterokg link` proposes Materials Project candidates online")
NON_STOICHIOMETRIC = ("a doped or non-stoichiometric phase: databases list no entry of this exact composition, "
                      "so it links only through a reviewed row")


def reasons(linkset: Linkset | None, graphs, links: Graph) -> Graph:
    """``hkg:noLinkReason`` for every material of ``graphs`` that has a formula and no link in
    ``links``: the comment of its reviewed ``sssom:NoTermFound`` row, else the general reason
    its formula implies. A heterostructure needs none: it links through its components."""
    stated = {}
    for row in linkset.rows if linkset is not None else ():
        if is_reviewed(row) and row["object_id"] == NO_TERM:
            stated[URIRef(linkset.expand(row["subject_id"]))] = row.get("comment") or NO_SOURCE
    linked = set(links.subjects())
    out = Graph()
    for graph in graphs:
        for material, formula in graph.subject_objects(HKG.reducedFormula):
            if material in linked or (material, HKG.noLinkReason, None) in out:
                continue
            fallback = NON_STOICHIOMETRIC if re.search(r"\d\.\d|[xyzδ]", str(formula)) else NO_SOURCE
            out.add((material, HKG.noLinkReason, Literal(stated.get(material, fallback))))
    return out


def load(curated_dir: Path | None = None, materials: set[URIRef] | None = None) -> Graph:
    """The links graph from ``curated/links.sssom.tsv``; empty when there is no linkset."""
    path = (curated_dir or paths.curated_dir()) / LINKS_FILE
    return to_graph(read(path), materials) if path.is_file() else Graph()


def void_linksets(dataset: URIRef, graphs: list[Graph]) -> Graph:
    """VoID linksets of the links in ``graphs``: one per target database and link predicate,
    with the number of links, so the dataset description says what points where."""
    counts: Counter[tuple[str, URIRef]] = Counter()
    for g in graphs:
        for p in (SKOS.closeMatch, SKOS.exactMatch, RDFS.seeAlso):  # by index, not every triple
            for o in g.objects(None, p):
                t = target_of(str(o)) if isinstance(o, URIRef) else None
                if t is not None:
                    counts[(t.key, p)] += 1
    out = Graph()
    for (key, pred), n in sorted(counts.items()):
        t = TARGETS[key]
        node = URIRef(f"{dataset}/target/{key}")
        out.add((node, RDF.type, VOID.Dataset))
        out.add((node, DCTERMS.title, Literal(t.title)))
        out.add((node, VOID.uriSpace, Literal(t.uri_space)))
        ls = URIRef(f"{dataset}/linkset/{key}/{pred.split('#')[-1]}")
        out.add((dataset, VOID.subset, ls))
        out.add((ls, RDF.type, VOID.Linkset))
        out.add((ls, VOID.subjectsTarget, dataset))
        out.add((ls, VOID.objectsTarget, node))
        out.add((ls, VOID.target, dataset))
        out.add((ls, VOID.target, node))
        out.add((ls, VOID.linkPredicate, pred))
        out.add((ls, VOID.triples, Literal(n, datatype=XSD.integer)))
    return out
