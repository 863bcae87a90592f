"""Claims to RDF, in the ontology's terms, with provenance; no blank nodes.

Every node gets a readable IRI derived from its claim (``claim/{doc}/{id}/evidence``), so the
same inputs always give the same triples and every node can be dereferenced on the web.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import __version__, paths
from .claims.identity import MaterialIdentities
from .claims.model import Claim, Evidence, Material, Quantity
from .claims.named import NamedMaterials
from .documents.figures import figure_refs
from .documents.model import Metadata, Reference
from .vocabulary import Vocabulary, convert, parse_unit

BASE = paths.BASE_IRI
HKG = Namespace(BASE + "ontology#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
CITO = Namespace("http://purl.org/spar/cito/")
FABIO = Namespace("http://purl.org/spar/fabio/")
VOID = Namespace("http://rdfs.org/ns/void#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
PREFIXES = {
    "hkg": HKG, "bibo": BIBO, "cito": CITO, "fabio": FABIO, "prov": PROV, "dcterms": DCTERMS,
    "void": VOID, "dqv": DQV, "unit": QUDT_UNIT, "owl": OWL, "xsd": XSD,
    "mechanism": Namespace(BASE + "mechanism/"), "effect": Namespace(BASE + "effect/"),
    "synthesis": Namespace(BASE + "synthesis/"), "system": Namespace(BASE + "system/"),
    "role": Namespace(BASE + "role/"), "interface": Namespace(BASE + "interface/"),
    "metric": Namespace(BASE + "metric/"), "condition": Namespace(BASE + "condition/"),
    "materialclass": Namespace(BASE + "materialclass/"), "arrangement": Namespace(BASE + "arrangement/"),
    "hkgunit": Namespace(BASE + "unit/"), "material": Namespace(BASE + "material/"),
    "doc": Namespace(BASE + "document/"), "claim": Namespace(BASE + "claim/"),
}
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
KIND_CLASS = {
    "mechanism": HKG.MechanismClaim, "effect": HKG.EffectClaim, "performance": HKG.PerformanceClaim,
    "property": HKG.PropertyClaim, "synthesis": HKG.SynthesisClaim, "application": HKG.ApplicationClaim,
    "interface": HKG.InterfaceClaim,
}
CONCEPT_PROPERTY = {
    "mechanism": (HKG.mechanism, "mechanism"), "effect": (HKG.effect, "effect"),
    "system": (HKG.system, "system"), "role": (HKG.role, "role"),
    "synthesis": (HKG.synthesisMethod, "synthesis"), "interface_type": (HKG.interfaceType, "interface"),
}
CURATION = URIRef(BASE + "activity/curation")
EXTRACTOR_SOFTWARE = URIRef(BASE + "software/heterokg-extractor")


def slug(name: str) -> str:
    s = re.sub(r"\s+", "_", name.strip()).replace("/", "_")
    return quote(s, safe="@()+,;=-_.~:!*'")


def document_iri(stem: str) -> URIRef:
    return URIRef(f"{BASE}document/{stem}")


def graph_iri(stem: str) -> URIRef:
    return URIRef(f"{BASE}graph/{stem}")


def claim_iri(stem: str, claim_id: str) -> URIRef:
    return URIRef(f"{BASE}claim/{stem}/{quote(claim_id, safe='-_.')}")


def material_iri(name: str) -> URIRef:
    return URIRef(f"{BASE}material/{slug(name)}")


def extraction_activity(version: str = __version__) -> URIRef:
    return URIRef(f"{BASE}activity/extractor-{version}")


_BARE_DOI = re.compile(r"^10\.[0-9]{4,9}/\S+$")


def doi_iri(doi: str) -> URIRef | None:
    """The doi.org IRI of a bare DOI (None for anything else), escaped where IRIs need it, so
    that a reader follows the link without knowing what bibo:doi holds."""
    if not _BARE_DOI.match(doi):
        return None
    return URIRef("https://doi.org/" + quote(doi, safe="/:;()._-~!$&'*+,=@"))


#: Units of counts (cycles, ratios): a count is the same number in either.
COUNT_UNITS = {"http://qudt.org/vocab/unit/NUM", "http://qudt.org/vocab/unit/UNITLESS"}


def _decimal(x: float, digits: int = 12) -> Literal:
    """A decimal of at most ``digits`` significant digits: what was printed survives, the
    noise of binary floating point (0.7000000000000001, a unit conversion's ...0000005) not."""
    if x != x:  # NaN
        return Literal(Decimal(0), datatype=XSD.decimal)
    return Literal(Decimal(format(float(x), f".{digits}g")).normalize(), datatype=XSD.decimal)


#: Semi-metals the oxidation-state tables list among the metals; not metals as materials.
METALLOIDS = frozenset({"B", "Si", "Ge", "As", "Sb", "Te"})


# _material_classes, _single_formula and _reduced_formula are pure functions of a string, asked
# again at every mention of a material (parse_formula hands out a deep copy each time): cached.
@lru_cache(maxsize=8192)
def _material_classes(formula: str | None) -> tuple[URIRef, ...]:
    """A single phase's classes from its formula: an element (and a metal, for Zn or Na) or
    a compound; without a formula, only a material."""
    from .normalise.formula import parse_formula
    from .normalise.oxidation import METALS

    info = parse_formula(formula) if formula else None
    elements = [e for e, n in info.composition.items() if n] if info is not None else []
    if len(elements) == 1:
        return (HKG.Element, HKG.Metal) if elements[0] in METALS - METALLOIDS else (HKG.Element,)
    return (HKG.Compound,) if formula else (HKG.Material,)


def _significant(x: float) -> int:
    """Significant digits of a printed value (70 -> 1, 0.46 -> 2, 3.93 -> 3)."""
    return len(Decimal(format(float(x), ".12g")).normalize().as_tuple().digits)


@lru_cache(maxsize=8192)
def _single_formula(name: str) -> str | None:
    """The formula of a component printed as one phase ("Zn", "MoS2"), so that a component
    is typed an element or a compound like a subject is; None for a support or a phrase."""
    from .normalise.grammar import ELEMENTS
    from .normalise.materials import parse_material

    if name in ELEMENTS:
        return name  # "S" in "S@GeS2/NiS2@rGO": the formula reader refuses a lone symbol
    info = parse_material(name)
    if len(info.parts) != 1 or info.parts[0].role != "phase" or info.parts[0].formula is None:
        return None
    return info.parts[0].formula.formula


_PLAIN_FORMULA = re.compile(r"^(?:[A-Z][a-z]?\d*(?:\.\d+)?|\((?:[A-Z][a-z]?\d*(?:\.\d+)?)+\)\d*)+$")


@lru_cache(maxsize=8192)
def _reduced_formula(formula: str) -> str | None:
    """Reduced formula of a single phase; none for MXenes (Tx), hydrates or variable x."""
    from .normalise.formula import parse_formula

    info = parse_formula(formula)
    reduced = info.reduced_formula if info is not None else None
    return reduced if reduced and _PLAIN_FORMULA.match(reduced) else None


class _Writer:
    def __init__(self, graph: Graph, vocab: Vocabulary, stem: str,
                 identities: MaterialIdentities | None = None,
                 tables: Iterable[tuple[str, int, int]] = ()):
        self.g, self.vocab, self.stem = graph, vocab, stem
        self.tables = tuple(tables)  # (label, start, end) of the document's tables
        self.identities = identities or MaterialIdentities({}, Counter())
        self.named = NamedMaterials(vocab)
        #: (name, formula) -> node of the materials already described in this graph
        self._described: dict[tuple[str, str | None], URIRef] = {}

    def concept(self, scheme: str, local: str) -> URIRef:
        return URIRef(self.vocab.iri(scheme, local))

    def unit(self, q: Quantity, metric: str | None) -> tuple[URIRef, float, float | None]:
        """The ontology's IRI for the quantity's unit, converting to the metric's canonical unit if needed.

        A unit the ontology declares but the metric does not allow ("4.3 Å" where a spacing is
        given in nm) is converted too: the shapes accept only a metric's allowed units, and a
        review printing an unusual unit must not stop the build."""
        pu = parse_unit(q.unit)
        allowed = self.vocab.allowed_units.get(metric or "", ())
        u = self.vocab.unit_among(pu, allowed) if allowed else self.vocab.unit_for(pu)
        if u is not None:
            return URIRef(u.iri), q.value, q.value_max
        canonical = self.vocab.canonical_unit.get(metric or "")
        cu = self.vocab.unit_by_iri(canonical) if canonical else None
        if cu is None:
            raise ValueError(f"unit {q.unit!r} is not declared in the ontology and metric {metric!r} has no canonical unit")
        high = convert(q.value_max, pu, cu.pint_expression) if q.value_max is not None else None
        return URIRef(cu.iri), convert(q.value, pu, cu.pint_expression), high

    def material(self, claim: Claim) -> URIRef:
        """The node of the claim's material: one per material (``identities``), whatever the
        spelling; the spelling printed here becomes an alternative label of it."""
        m = claim.material
        if m.material_class and not self.named(m):
            return self.concept("materialclass", m.material_class)
        identity = self.identities.of(m.name)
        node = self.material_node(m.name, m.formula)
        g = self.g
        if m.material_class:
            self.class_of(node, m)
        if m.components or (identity.key is not None and identity.key.arrangement):
            g.add((node, RDF.type, HKG.Heterostructure))
            for c in m.components:
                g.add((node, HKG.hasComponent, self.component(c)))
            arrangement = identity.key.arrangement if identity.key is not None else m.arrangement
            if arrangement and (node, HKG.arrangement, None) not in g:
                g.add((node, HKG.arrangement, self.concept("arrangement", arrangement)))
        return node

    def component(self, name: str) -> URIRef:
        """A component's node. One that is itself a heterostructure ("Pt/C" in "Pt/C + RuO2")
        is typed so, with its arrangement and its own components, as a heterostructure a claim
        is about would be: the shapes require every component to be a material."""
        node = self.material_node(name, _single_formula(name))
        key = self.identities.of(name).key
        if key is None or not key.arrangement or (node, RDF.type, HKG.Heterostructure) in self.g:
            return node
        from .normalise.materials import parse_material

        self.g.add((node, RDF.type, HKG.Heterostructure))
        if (node, HKG.arrangement, None) not in self.g:
            self.g.add((node, HKG.arrangement, self.concept("arrangement", key.arrangement)))
        for part in parse_material(name).components:
            if part != name:
                self.g.add((node, HKG.hasComponent, self.component(part)))
        return node

    def class_of(self, node: URIRef, material: Material) -> None:
        """A named material of a class ("polyimide" filed under Polymer) is typed with the OWL
        class the concept names (hkg:Polymer), if any, and keeps its concept (hkg:materialClass),
        so that what is said of the class's named members is still found through the class."""
        concept = self.concept("materialclass", material.material_class)
        self.g.add((node, HKG.materialClass, concept))
        owl_class = self.named.node_class(material.material_class)
        self.g.add((node, RDF.type, URIRef(owl_class) if owl_class else HKG.Material))

    def material_node(self, name: str, formula: str | None) -> URIRef:
        """A material's node with its labels, key and formula: the preferred name as
        rdfs:label and skos:prefLabel, ``name`` as skos:altLabel when it is another spelling.
        The triples depend on ``name`` and ``formula`` only, so a material mentioned again (by
        hundreds of claims) is described once."""
        if (name, formula) in self._described:
            return self._described[(name, formula)]
        identity = self.identities.of(name)
        node = material_iri(identity.name)
        g = self.g
        g.add((node, RDFS.label, Literal(identity.name)))
        g.add((node, SKOS.prefLabel, Literal(identity.name)))
        if name != identity.name:
            g.add((node, SKOS.altLabel, Literal(name)))
        if identity.key is not None:
            g.add((node, HKG.compositionKey, Literal(str(identity.key))))
        if identity.key is None or identity.key.arrangement is None:
            for cls in _material_classes(formula):
                g.add((node, RDF.type, cls))
        if formula:
            g.add((node, HKG.formula, Literal(formula)))
            reduced = _reduced_formula(formula)
            if reduced:
                g.add((node, HKG.reducedFormula, Literal(reduced)))
        self._described[(name, formula)] = node
        return node

    def canonical(self, unit: URIRef, key: str | None, value: float,
                  value_max: float | None) -> tuple[float, float | None] | None:
        """The value (and upper bound) in the canonical unit of the metric or condition ``key``,
        so that a numeric filter compares like with like (mV beside V, Å beside nm)."""
        target = self.vocab.canonical_unit.get(key or "")
        if target is None:
            return None
        if str(unit) == target or {str(unit), target} <= COUNT_UNITS:
            return value, value_max
        have, want = self.vocab.unit_by_iri(str(unit)), self.vocab.unit_by_iri(target)
        if have is None or want is None:
            return None
        try:
            high = convert(value_max, parse_unit(have.pint_expression), want.pint_expression) \
                if value_max is not None else None
            return convert(value, parse_unit(have.pint_expression), want.pint_expression), high
        except Exception:  # noqa: BLE001 - pint: not convertible (a count beside a ratio)
            return None

    def count_unit(self, parameter: str) -> URIRef | None:
        """The unit of a bare number given for a condition (cycles: a count)."""
        allowed = self.vocab.allowed_units.get(parameter, ())
        return URIRef(allowed[0]) if allowed else None

    def quantity_node(self, node: URIRef, q: Quantity, metric: str | None) -> None:
        unit, value, value_max = self.unit(q, metric)
        self.g.add((node, HKG.value, _decimal(value)))
        if value_max is not None:
            self.g.add((node, HKG.valueMax, _decimal(value_max)))
        canonical = self.canonical(unit, metric, value, value_max)
        if canonical is not None:
            # a converted value claims no more precision than was printed (3 digits at least)
            digits = max(3, _significant(q.value))
            self.g.add((node, HKG.canonicalValue, _decimal(canonical[0], digits)))
            if canonical[1] is not None:
                digits = max(3, _significant(q.value_max or canonical[1]))
                self.g.add((node, HKG.canonicalValueMax, _decimal(canonical[1], digits)))
        if q.qualifier:
            self.g.add((node, HKG.qualifier, Literal(q.qualifier)))
        self.g.add((node, HKG.unit, unit))
        if q.surface:
            self.g.add((node, HKG.surfaceForm, Literal(q.surface)))

    def claim(self, claim: Claim) -> URIRef:
        g, stem = self.g, self.stem
        node = claim_iri(stem, claim.id)
        g.add((node, RDF.type, KIND_CLASS[claim.kind]))
        g.add((node, HKG.aboutMaterial, self.material(claim)))
        g.add((node, HKG.subjectText, Literal(claim.material.name)))
        for field, (prop, scheme) in CONCEPT_PROPERTY.items():
            value = getattr(claim, field)
            if value:
                g.add((node, prop, self.concept(scheme, value)))
        if claim.metric or claim.quantity:
            m = URIRef(f"{node}/measurement")
            g.add((node, HKG.measurement, m))
            g.add((m, RDF.type, HKG.Measurement))
            if claim.metric:
                g.add((m, HKG.metric, self.concept("metric", claim.metric)))
            elif claim.property_text:
                g.add((m, HKG.propertyText, Literal(claim.property_text)))
            if claim.quantity:
                self.quantity_node(m, claim.quantity, claim.metric)
            for param, value in sorted(claim.conditions.items()):
                c = URIRef(f"{m}/condition/{param}")
                g.add((m, HKG.condition, c))
                g.add((c, RDF.type, HKG.TestCondition))
                g.add((c, HKG.parameter, self.concept("condition", param)))
                if isinstance(value, Quantity):
                    self.quantity_node(c, value, param)
                elif isinstance(value, bool) or not isinstance(value, (int, float)):
                    g.add((c, HKG.textValue, Literal(str(value))))
                else:
                    g.add((c, HKG.value, _decimal(value)))
                    unit = self.count_unit(param)
                    if unit is not None:
                        g.add((c, HKG.unit, unit))
        ev = claim.evidence
        e = URIRef(f"{node}/evidence")
        g.add((node, HKG.evidence, e))
        g.add((e, RDF.type, HKG.Evidence))
        g.add((e, HKG.inDocument, document_iri(stem)))
        g.add((e, HKG.quote, Literal(ev.quote)))
        g.add((e, HKG.startOffset, Literal(ev.start, datatype=XSD.nonNegativeInteger)))
        g.add((e, HKG.endOffset, Literal(ev.end, datatype=XSD.nonNegativeInteger)))
        g.add((e, HKG.sourcePart, Literal(ev.source_part)))
        if ev.section:
            g.add((e, HKG.section, Literal(ev.section)))
        for ref in self.figures_of(ev):
            g.add((e, HKG.figureRef, Literal(ref)))
        if ev.table_category:
            g.add((e, HKG.tableCategory, Literal(ev.table_category)))
        for ref in claim.cited_refs:
            g.add((node, CITO.citesAsEvidence, URIRef(f"{document_iri(stem)}/ref/{quote(ref)}")))
        g.add((node, PROV.wasDerivedFrom, document_iri(stem)))
        if claim.method == "curated":
            g.add((node, HKG.method, HKG.Curated))
            g.add((node, PROV.wasGeneratedBy, CURATION))
            if claim.status:
                g.add((node, HKG.reviewStatus, Literal(claim.status)))
            if claim.extractor:  # the extractor found this claim too
                g.add((node, HKG.alsoExtractedBy, extraction_activity()))
        else:
            g.add((node, HKG.method, HKG.MachineExtracted))
            g.add((node, PROV.wasGeneratedBy, extraction_activity()))
            if claim.matches:
                g.add((node, HKG.matchesCurated, claim_iri(stem, claim.matches)))
        if claim.note:
            g.add((node, RDFS.comment, Literal(claim.note)))
        g.add((node, HKG.confidence, _decimal(round(claim.confidence, 2))))
        for other in claim.contradicts:
            g.add((node, HKG.contradicts, claim_iri(stem, other)))
        for other in claim.citation_mismatch:
            g.add((node, HKG.citationMismatchWith, claim_iri(stem, other)))
        return node

    def figures_of(self, ev: Evidence) -> tuple[str, ...]:
        """The figures and tables the sentence names, and for a table row the table it is in
        (a row never names its own table)."""
        refs = figure_refs(ev.quote)
        if ev.source_part == "table":
            around = [label for label, start, end in self.tables if start <= ev.start and ev.end <= end]
            refs = tuple(dict.fromkeys((*figure_refs(" ".join(around)), *refs)))
        return refs


def author_list_iri(work: URIRef) -> URIRef:
    return URIRef(f"{work}/authors")


def describe_work(g: Graph, work: URIRef, item: Metadata | Reference) -> None:
    """Title, authors, year, journal and DOI of a source document or of a work it cites, in the
    same terms for both, so that one query or one page template reads either.

    Authors are written twice on purpose: ``dcterms:creator`` once per name, so that "works by
    Khan" is one triple pattern, and ``bibo:authorList`` (an ``rdf:Seq`` with its own IRI, as
    the graph has no blank nodes), which keeps the order printed, so "Khan et al." is the
    first author and not any of them."""
    if item.title:
        g.add((work, DCTERMS.title, Literal(item.title)))
    if item.doi:
        g.add((work, BIBO.doi, Literal(item.doi)))
        if doi_iri(item.doi):
            g.add((work, RDFS.seeAlso, doi_iri(item.doi)))
    if item.year:
        g.add((work, DCTERMS.issued, Literal(str(item.year), datatype=XSD.gYear)))
    if item.journal:
        g.add((work, DCTERMS.isPartOf, Literal(item.journal)))
    for author in item.authors:
        g.add((work, DCTERMS.creator, Literal(author)))
    if item.authors:
        seq = author_list_iri(work)
        g.add((work, BIBO.authorList, seq))
        g.add((seq, RDF.type, RDF.Seq))
        for i, author in enumerate(item.authors, start=1):
            g.add((seq, URIRef(f"{RDF}_{i}"), Literal(author)))


def _locate_reference(g: Graph, r: URIRef, ref: Reference) -> None:
    """Where a cited work stands in its journal, and its PubMed identifiers: what a reader needs
    to find the study when it has no DOI, and what tells two studies of one year apart."""
    for prop, value in ((BIBO.volume, ref.volume), (BIBO.pageStart, ref.first_page),
                        (BIBO.pageEnd, ref.last_page), (BIBO.pmid, ref.pmid),
                        (FABIO.hasPubMedCentralId, ref.pmcid)):
        if value:
            g.add((r, prop, Literal(value)))
    if ref.authors_abridged:
        g.add((r, HKG.authorListAbridged, Literal(True)))


def document_graph(
    stem: str, file_name: str, metadata: Metadata, sha256: str, references: Iterable[Reference],
    claims: Iterable[Claim], vocab: Vocabulary, identities: MaterialIdentities | None = None,
    tables: Iterable[tuple[str, int, int]] = (),
    graph: Graph | None = None,
) -> Graph:
    """The named graph of one source document: its description, references and claims.

    ``identities`` maps printed material names to materials across every document of the
    build; without it, the document's own claims decide which names are one material.
    ``tables``: (label, start, end) of the document's tables, so a table row's evidence names
    its table. ``graph`` is where the triples go (the build passes the document's named graph
    of its dataset, so that they are not copied there afterwards); a new Graph by default."""
    claims = list(claims)
    identities = identities or MaterialIdentities.from_claims(claims, NamedMaterials(vocab))
    g = Graph() if graph is None else graph
    d = document_iri(stem)
    g.add((d, RDF.type, HKG.Document))
    g.add((d, HKG.fileName, Literal(file_name)))
    g.add((d, HKG.sha256, Literal(sha256)))
    describe_work(g, d, metadata)
    if metadata.license:
        g.add((d, DCTERMS.license, URIRef(metadata.license) if metadata.license.startswith("http") else Literal(metadata.license)))
    references = list(references)
    for ref in references:
        r = URIRef(f"{d}/ref/{quote(ref.number)}")
        g.add((d, CITO.cites, r))
        g.add((r, RDF.type, HKG.Reference))
        g.add((r, HKG.referenceNumber, Literal(ref.number)))
        g.add((r, RDFS.label, Literal(ref.text[:300])))
        describe_work(g, r, ref)
        _locate_reference(g, r, ref)
    listed = {ref.number for ref in references}
    for number in sorted({n for c in claims for n in c.cited_refs} - listed):
        # Cited in the text, but the document has no (readable) reference list.
        r = URIRef(f"{d}/ref/{quote(number)}")
        g.add((d, CITO.cites, r))
        g.add((r, RDF.type, HKG.Reference))
        g.add((r, HKG.referenceNumber, Literal(number)))
    w = _Writer(g, vocab, stem, identities, tables)
    for claim in claims:
        w.claim(claim)
    if any(c.method != "curated" for c in claims):
        a = extraction_activity()
        g.add((a, RDF.type, PROV.Activity))
        g.add((a, PROV.wasAssociatedWith, EXTRACTOR_SOFTWARE))
        g.add((EXTRACTOR_SOFTWARE, RDF.type, PROV.SoftwareAgent))
        g.add((EXTRACTOR_SOFTWARE, RDFS.label, Literal("heterokg extractor")))
        g.add((a, RDFS.label, Literal(f"heterokg extractor {__version__}")))
    if any(c.method == "curated" for c in claims):
        g.add((CURATION, RDF.type, PROV.Activity))
        g.add((CURATION, RDFS.label, Literal("Curation of claims by reviewers reading the source")))
    return g


def bind_prefixes(g: Graph | Dataset) -> None:
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True, replace=True)


def new_dataset(ontology: Graph) -> Dataset:
    """A dataset with heterokg's prefixes and ``ontology`` as its ontology graph; a document's
    graph is ``ds.graph(graph_iri(stem))``, the description goes to the default graph."""
    ds = Dataset()
    bind_prefixes(ds)
    og = ds.graph(ONTOLOGY_GRAPH)
    og += ontology
    return ds
