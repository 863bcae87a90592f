"""The ontology as the extractor and the pipeline use it: concepts, labels, units.

Every term the extractor recognises comes from here, so adding an altLabel to the ontology
is how the extractor learns a synonym; nothing in the code lists mechanisms or materials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from . import paths

BASE = paths.BASE_IRI
HKG = Namespace(BASE + "ontology#")
QUDT_UNIT = "http://qudt.org/vocab/unit/"
SCHEMES = ("mechanism", "effect", "synthesis", "system", "role", "interface", "metric", "condition",
           "materialclass", "arrangement", "species")


@dataclass(frozen=True)
class Concept:
    iri: str
    scheme: str
    local: str
    pref_label: str
    alt_labels: tuple[str, ...]
    definition: str
    broader: tuple[str, ...]  # local names in the same scheme
    #: skos:hiddenLabel: wordings the extractor matches but pages never show ("electric field"
    #: for the built-in field is how reviews write it, not a name for it).
    hidden_labels: tuple[str, ...] = ()
    #: hkg:cue: words that signal this kind of mechanism only together with a species.
    cues: tuple[str, ...] = ()
    acts_on: tuple[str, ...] = ()  # hkg:actsOn: local names of species/ concepts
    #: hkg:formulaPattern: regular expressions over a written formula that is this species.
    formula_patterns: tuple[str, ...] = ()
    #: hkg:falseFriend: wordings that contain a label but mean something else ("tunnel structure").
    false_friends: tuple[str, ...] = ()
    #: hkg:raises / hkg:lowers: qualities an effect raises ("conductivity") or burdens it lowers
    #: ("volume expansion"); they name the effect only beside a word of that direction.
    raises: tuple[str, ...] = ()
    lowers: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # skos:related, as IRIs (the ORR is related to oxygen intermediates)
    #: hkg:materialNodeClass (material classes): the IRI of the OWL class its named materials
    #: are typed with (materialclass/Polymer: hkg:Polymer), None where the ontology has none.
    node_class: str | None = None
    #: hkg:quantitySymbol (metrics): the symbols written for the quantity (σ, Ea, η).
    symbols: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """Every wording that names the concept in text: preferred, alternative and hidden."""
        return (self.pref_label, *self.alt_labels, *self.hidden_labels)


@dataclass(frozen=True)
class Unit:
    iri: str
    local: str
    pint_expression: str
    symbol: str


@dataclass
class Vocabulary:
    concepts: dict[str, dict[str, Concept]]  # scheme -> local -> concept
    units: list[Unit]
    canonical_unit: dict[str, str]  # metric local -> unit IRI
    graph: Graph
    pint_definitions: tuple[str, ...] = ()  # units pint lacks (the decade of a Tafel slope, the C-rate)
    allowed_units: dict[str, tuple[str, ...]] = field(default_factory=dict)  # metric/condition local -> unit IRIs
    property_metrics: frozenset[str] = frozenset()  # metrics of the material, not of a device
    lower_bounds: dict[str, tuple[float, bool]] = field(default_factory=dict)  # metric -> (bound, inclusive)
    upper_bounds: dict[str, tuple[float, bool]] = field(default_factory=dict)  # in the canonical unit

    def concept(self, scheme: str, local: str) -> Concept:
        try:
            return self.concepts[scheme][local]
        except KeyError:
            raise KeyError(f"{local!r} is not a concept of the {scheme} scheme in the ontology") from None

    def has(self, scheme: str, local: str) -> bool:
        return local in self.concepts.get(scheme, {})

    def iri(self, scheme: str, local: str) -> str:
        return self.concept(scheme, local).iri

    def unit_for(self, pint_unit) -> Unit | None:
        """The ontology unit equal to a pint unit: same dimension and scale, whatever the
        spelling ("mAh/g" is pint's milliampere_hour / gram, the ontology's mA*h/g)."""
        for u in self.units:
            if _same_unit(_pint_unit(u.pint_expression), pint_unit):
                return u
        return None

    def unit_among(self, pint_unit, iris: tuple[str, ...]) -> Unit | None:
        """The first of ``iris`` equal to a pint unit: a metric's own units win over look-alikes
        (a transference number is UNITLESS, not a count, though pint calls both dimensionless)."""
        for iri in iris:
            u = self.unit_by_iri(iri)
            if u is not None and _same_unit(_pint_unit(u.pint_expression), pint_unit):
                return u
        return None

    def unit_by_iri(self, iri: str) -> Unit | None:
        return next((u for u in self.units if u.iri == iri), None)


@cache
def _registry():
    """One pint registry, taught the units the ontology declares and pint does not know."""
    import pint

    ureg = pint.UnitRegistry()
    for definition in load().pint_definitions:
        ureg.define(definition)
    return ureg


@lru_cache(maxsize=1024)
def _pint_unit(expr: str):
    return _registry().Unit(expr)


def convert(value: float, unit, to_expression: str) -> float:
    """``value`` in pint ``unit`` expressed in the unit ``to_expression``.

    Per particle and per mole are one step apart (an activation energy of 0.59 eV is
    56.9 kJ/mol): when the dimensions differ by exactly an amount of substance, the
    Avogadro constant converts. Anything else not convertible raises pint's error.
    """
    import pint

    reg = _registry()
    q = reg.Quantity(value, unit)
    try:
        return q.to(to_expression).magnitude
    except pint.DimensionalityError:
        for scaled in (q * reg.avogadro_constant, q / reg.avogadro_constant):
            try:
                return scaled.to(to_expression).magnitude
            except pint.DimensionalityError:
                continue
        raise


def _same_unit(a, b) -> bool:
    if a == b:
        return True
    if a.dimensionality != b.dimensionality:
        return False
    try:
        factor = _registry().Quantity(1.0, a).to(b).magnitude
    except Exception:  # offset units (degC) refuse multiplicative conversion
        return False
    return abs(factor - 1.0) < 1e-9


@lru_cache(maxsize=4096)
def parse_unit(text: str):
    """A pint unit from the spellings papers and curators use ("mAh/g", "mA h g-1", "%").

    Cached: a corpus writes a few dozen units thousands of times, and pint parses slowly.
    Pint units are immutable, so callers may share one."""
    t = text.strip().replace("%", "percent").replace("Ω", "ohm").replace("μ", "u").replace("µ", "u")
    t = t.replace("⁻¹", "^-1").replace("⁻²", "^-2").replace("−", "-")
    t = re.sub(r"([A-Za-z])-(\d)", r"\1^-\2", t)
    if t in ("", "dimensionless"):
        return _registry().dimensionless
    return _pint_unit(t)


def _strings(g: Graph, subject, prop) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in g.objects(subject, prop)))


def load(path: Path | None = None) -> Vocabulary:
    return _load(str(path or paths.ontology_file()))


@cache
def _load(path: str) -> Vocabulary:
    g = Graph()
    g.parse(path, format="turtle")
    concepts: dict[str, dict[str, Concept]] = {s: {} for s in SCHEMES}
    for c in sorted(set(g.subjects(RDF.type, SKOS.Concept))):  # sorted: a stable order for every caller
        m = re.match(re.escape(BASE) + r"([a-z]+)/(.+)$", str(c))
        if not m or m.group(1) not in concepts:
            continue
        scheme, local = m.groups()
        pref = next((str(l) for l in g.objects(c, SKOS.prefLabel) if getattr(l, "language", None) in (None, "en")), local)
        alts = tuple(sorted(str(l) for l in g.objects(c, SKOS.altLabel)))
        definition = str(next(g.objects(c, SKOS.definition), ""))
        broader = tuple(sorted(str(b).rsplit("/", 1)[-1] for b in g.objects(c, SKOS.broader)))
        concepts[scheme][local] = Concept(
            str(c), scheme, local, pref, alts, definition, broader,
            hidden_labels=_strings(g, c, SKOS.hiddenLabel), cues=_strings(g, c, HKG.cue),
            acts_on=tuple(sorted(str(o).rsplit("/", 1)[-1] for o in g.objects(c, HKG.actsOn))),
            formula_patterns=_strings(g, c, HKG.formulaPattern), related=_strings(g, c, SKOS.related),
            false_friends=_strings(g, c, HKG.falseFriend), raises=_strings(g, c, HKG.raises),
            lowers=_strings(g, c, HKG.lowers), node_class=next(iter(_strings(g, c, HKG.materialNodeClass)), None),
            symbols=_strings(g, c, HKG.quantitySymbol))
    units = []
    for u, expr in g.subject_objects(HKG.pintExpression):
        symbol = str(next(g.objects(u, HKG.symbol), "") or expr)
        units.append(Unit(str(u), re.split(r"[/#]", str(u))[-1], str(expr), symbol))
    units.sort(key=lambda u: u.iri)
    canonical = {str(m).rsplit("/", 1)[-1]: str(u) for m, u in g.subject_objects(HKG.canonicalUnit)}
    definitions = tuple(sorted(str(d) for d in g.objects(None, HKG.pintDefinition)))
    allowed: dict[str, list[str]] = {}
    for c, u in g.subject_objects(HKG.allowedUnit):
        allowed.setdefault(str(c).rsplit("/", 1)[-1], []).append(str(u))
    for local, unit in canonical.items():  # the canonical unit first
        allowed.setdefault(local, [])
        allowed[local] = [unit] + sorted(x for x in allowed[local] if x != unit)
    props = frozenset(str(m).rsplit("/", 1)[-1] for m in g.subjects(RDF.type, HKG.MaterialPropertyMetric))
    bounds = {str(m).rsplit("/", 1)[-1]: (float(b), True) for m, b in g.subject_objects(HKG.minInclusive)}
    bounds.update({str(m).rsplit("/", 1)[-1]: (float(b), False) for m, b in g.subject_objects(HKG.minExclusive)})
    upper = {str(m).rsplit("/", 1)[-1]: (float(b), True) for m, b in g.subject_objects(HKG.maxInclusive)}
    upper.update({str(m).rsplit("/", 1)[-1]: (float(b), False) for m, b in g.subject_objects(HKG.maxExclusive)})
    return Vocabulary(concepts, units, canonical, g, definitions, {k: tuple(v) for k, v in allowed.items()}, props,
                      bounds, upper)
