"""Claims: the typed model between documents and RDF.

A claim is one statement a review makes about one subject (a material, a heterostructure or
a material class), with the evidence that lets anyone check it. The fields mirror the flat
export, so a claim round-trips through CSV/JSONL without loss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .. import __version__

EXTRACTOR = f"heterokg-extractor {__version__}"

Kind = Literal["mechanism", "effect", "performance", "property", "synthesis", "application", "interface"]
KINDS: tuple[str, ...] = ("mechanism", "effect", "performance", "property", "synthesis", "application", "interface")
#: The groups claims are scored, thresholded and reported in: "measurement" joins performance
#: and property claims, which differ only in whether the metric is of a device or a material.
GROUPS: dict[str, str] = {"mechanism": "mechanism", "effect": "effect", "performance": "measurement",
                          "property": "measurement", "synthesis": "synthesis", "application": "application",
                          "interface": "interface"}
SOURCE_PARTS = ("text", "table", "caption")
QUALIFIERS = ("gt", "ge", "lt", "le", "approx", "upTo")
#: Concept-valued fields and the ontology scheme each draws from.
CONCEPT_FIELDS: dict[str, str] = {
    "mechanism": "mechanism",
    "effect": "effect",
    "system": "system",
    "role": "role",
    "synthesis": "synthesis",
    "interface_type": "interface",
    "metric": "metric",
}


@dataclass(frozen=True)
class Evidence:
    document: str  # file name of the source document
    start: int  # source offsets (see heterokg.documents.model)
    end: int
    quote: str  # reader-visible text of source[start:end]
    source_part: str = "text"  # text | table | caption
    section: str = ""
    #: The row group a table row sits in, as the table prints it ("Sulfides/oxides
    #: heterostructures"): a review's own classification of what the row describes.
    table_category: str = ""
    #: The paper's division the quote sits in (``documents.divisions``: "methods", "results",
    #: "introduction", ...): whether a value is a finding or a setting, a claim own or cited.
    division: str = ""
    #: What kind of document the quote is from: "paper" (it has results or methods) or
    #: "review" (``documents.divisions.genre``): a review reports cited work as its claims.
    genre: str = ""


@dataclass(frozen=True)
class Quantity:
    """A value with a unit, as used in measurements and test conditions."""

    value: float
    unit: str  # canonical pint expression, e.g. "milliampere * hour / gram"
    value_max: float | None = None
    qualifier: str | None = None
    surface: str = ""  # the string as printed


@dataclass(frozen=True)
class Material:
    name: str  # as written, OCR repaired
    components: tuple[str, ...] = ()
    arrangement: str | None = None  # CoreShell | SupportedOn | Layered | Composite
    formula: str | None = None  # reduced formula, single phase only
    #: materialclass/ concept: the class the subject is, or the class of the named material it
    #: is ("polyimide" under Polymer); heterokg.claims.named tells which from the name.
    material_class: str | None = None
    #: The subject was read as a word of its class (a label, a review's acronym for the class):
    #: the class itself, whatever the name looks like ("EH" for "epitaxial heterostructure");
    #: or, without a material_class, a family the ontology has no class for ("sulfide SEs",
    #: see claims.families).
    class_word: bool = False


@dataclass
class Claim:
    id: str  # unique within its document
    kind: str
    material: Material
    evidence: Evidence
    method: str  # "curated" | "machine"
    confidence: float
    mechanism: str | None = None
    effect: str | None = None
    system: str | None = None
    role: str | None = None
    synthesis: str | None = None
    interface_type: str | None = None
    metric: str | None = None
    #: What a measured value is of, as printed, where no metric of the ontology fits it
    #: ("relative density", "voltage gap"): the value is kept rather than dropped.
    property_text: str | None = None
    quantity: Quantity | None = None
    #: Test conditions: parameter local name → Quantity, int (cycles) or text.
    conditions: dict[str, Quantity | int | float | str] = field(default_factory=dict)
    cited_refs: tuple[str, ...] = ()
    contradicts: tuple[str, ...] = ()  # ids of claims of the same document
    #: ids of claims of the same document that cite the study this claim reports under another
    #: reference number (text against caption or table); a kind of contradiction.
    citation_mismatch: tuple[str, ...] = ()
    status: str | None = None  # curated: reviewed | uncertain
    note: str | None = None
    extractor: str | None = None  # "name version" for machine claims
    matches: str | None = None  # machine claim: id of the curated claim it reproduces
    #: Machine mechanism claims: the mechanism classifier's probability that the sentence
    #: asserts this mechanism (``claims.mechanisms``), for the scorer to weigh; None elsewhere.
    support: float | None = None
    #: Machine mechanism claims the classifier proposed for a sentence no label of that
    #: mechanism matched (the paper worded it in its own words).
    proposed: bool = False

    @property
    def document(self) -> str:
        return self.evidence.document

    def concepts(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in CONCEPT_FIELDS if getattr(self, f)}
