"""The machine extractor: claims from the sentences of any review.

Its vocabulary is the ontology (concept labels and synonyms, see ``terms``) and chemistry
(formula grammar, see ``heterokg.normalise``): nothing here names a material or a document.
Each sentence is read once: the concepts it names, the materials it names, the numbers it
gives. A sentence that names no material takes its subject from the paragraph so far
("the heterostructure", "this material") or from a material class it names. Its mechanisms
are made as specific as the species it names allow (see ``targets``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

import periodictable

from ..documents import Document
from ..documents.citations import find_citations, resolve_damaged
from ..documents.divisions import divisions, genre
from ..normalise.materials import joined_runs
from ..normalise.oxidation import GASEOUS_ELEMENTS
from ..vocabulary import Vocabulary
from . import measurements
from .directions import ConductivitySense, DirectionMatcher, conductivity_sense, given_with_value
from .families import find_families
from .match import name_key
from .model import EXTRACTOR, Claim, Evidence, Material
from .names import (defined_classes, defined_devices, defined_materials, find_classes, find_defined,
                    find_device_anaphora, find_elements_in_words, named_samples)
from .mechanisms import Classifier as MechanismClassifier
from .mechanisms import features as mechanism_features
from .mechanisms import load as load_mechanisms
from .scorer import Scorer
from .scorer import load as load_scorer
from .tables import extract_tables, row_material, table_system
from .targets import Targets
from .terms import TermMatch, TermMatcher

_CONCEPT_SCHEMES = ("mechanism", "effect", "system", "role", "synthesis", "interface", "materialclass", "species")
#: Words that point back to the subject of the paragraph so far. "The heterostructure" does;
#: the plural "the heterostructures" speaks of the class.
_ANAPHORA = re.compile(
    r"\b(?:the|this|these|such|as-prepared|as-obtained|obtained|resulting)\s+"
    r"(?:hetero\w*(?<!s)|composites?|materials?|electrodes?|anodes?|cathodes?|samples?|hybrids?|structures?|interlayers?|"
    r"layers?|coatings?|interphases?|catalysts?|nanosheets?|nanostructures?|architectures?)\b|\b(?:it|they)\b",
    re.I,
)


#: Sentences that assert nothing about materials: licences and permissions of figures,
#: authors' biographies, open questions ("... are still unknown"), and a reference list's
#: entries that the page put among the text ("12. A. Carter, J. Dubois, Lattice strain in ...").
_NOT_A_CLAIM = re.compile(
    r"^\W*(?:copyright|©|reproduced|reprinted|adapted)\b|\bunder (?:a )?CC[ -]BY\b|research (?:focus|interest)|"
    r"\b(?:still|remains?|largely) (?:unknown|unclear|elusive|ambiguous)\b|\?\s*$|"
    r"(?-i:^\W*\d{1,3}\.\s+(?:[A-Z]\.\s*(?:-\s*[A-Z]\.\s*)?){1,3}[A-Z][\w'-]+,)",
    re.I,
)
#: Sentences that state a problem to solve or work still to do: they name mechanisms without
#: claiming that one operates ("single-phase materials suffer from limitations in the
#: regulation of electronic structures"; "... should be explored", "... are worth studying",
#: "more efforts are needed"). Their numbers still count.
_PROBLEM_OR_OUTLOOK = re.compile(
    r"\b(?:suffers?|suffered|limitations?|challenges?|bottlenecks?|drawbacks?|is hindered|are hindered)\b|"
    r"\b(?:should|could|can|need to|needs to) be (?:explored|utili[sz]ed|developed|investigated|studied)\b|"
    r"\b(?:is|are) expected to\b|\bfuture\b|\bprospects?\b|"
    r"\bworth (?:studying|exploring|investigating)\b|\b(?:efforts|work|studies) (?:is|are) (?:still )?needed\b|"
    r"\bremains? to be\b",
    re.I,
)
#: A paper's closing hope for what its work leads to ("may open a new avenue for designing
#: heterostructure catalysts for Li-S batteries", "paves the way for ...", "we hope ...") is an
#: outlook: it names uses and mechanisms to come, and claims none of them.
_OUTLOOK = re.compile(
    r"\bpav(?:e|es|ed|ing)\s+(?:the|a)\s+(?:\w+\s+)?(?:way|road)\b|"
    r"\bopen(?:s|ed|ing)?\s+(?:up\s+)?(?:an?\s+|the\s+)?(?:new\s+|novel\s+|promising\s+)?(?:avenues?|doors?|windows?|directions?)\b|"
    r"\bwe\s+(?:hope|envision|anticipate)\b|\b(?:may|might|could|will|would)\s+(?:further\s+)?inspire\b|"
    r"\b(?:guidance|guidelines?|insights?|strateg(?:y|ies)|directions?)\s+(?:\w+\s+)?for\s+(?:the\s+)?(?:future\s+|rational\s+)?"
    r"(?:design|designing|development|developing)\b", re.I)
#: A sentence that says how something was done ("DFT calculations of the electronic structure
#: were performed with VASP", "the microstrain was refined from the XRD patterns") is a method:
#: it may name a route, but asserts no mechanism or effect, unless it goes on to say what was
#: found ("... were performed, revealing ...") or gives the result ("was calculated to be"), or
#: tells how only in a clause it leads with ("Although this comparison is carried out among
#: denser pellets, W substitution improves ...").
_METHOD = re.compile(
    r"^(?!\W*(?:although|though|even|while|whereas|when|if|since|as|because|after|once|unless)\b)"
    r".*\b(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:performed|carried\s+out|conducted|calculated|computed|simulated|"
    r"refined|recorded|acquired|collected|measured|evaluated|examined|characteri[sz]ed|investigated|studied|tested|probed|"
    r"analy[sz]ed)\b", re.I | re.S)
_FINDING = re.compile(r"\bto\s+be\b|\b(?:show|reveal|indicat|suggest|confirm|demonstrat|prov|verif|evidenc|find|found)\w*", re.I)
#: A sentence about no material in particular that says what "will" happen ("when two
#: materials come into contact, electrons will flow ...") explains textbook physics; it does
#: not report that a mechanism operates in the reviewed materials.
_HYPOTHETICAL = re.compile(r"\bwill\b|\bwould\b|^\W*(?:assuming|suppose|if)\b", re.I)
_ALNUM = re.compile(r"[^\W_]")
#: A concept negated where it is named ("not confined to", "without a built-in electric field",
#: "the absence of ...", "no Schottky barrier was observed") is denied, not claimed, and so is an
#: interface. "not only X but also Y" claims both.
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|never|without|neither|nor|(?:lack|absence) of|free of)\s+(?:an?\s+|the\s+|any\s+)?$", re.I)
_CLAIMED = ("mechanism", "effect", "interface")
#: ... and so is a concept a verb denies ("does not show any catalytic conversion", "did not
#: exhibit obvious strain"), and a benefit said to be poor ("poor corrosion resistance", "inferior
#: rate capability"): the material lacks it.
_DENIED_BEFORE = re.compile(
    r"\b(?:not|never|n't)\s+(?:show|exhibit|display|possess|have|has|induce|involve|cause|undergo|observe|find)\w*\s+"
    r"(?:an?\s+|the\s+|any\s+)?(?:obvious\s+|significant\s+|noticeable\s+|clear\s+|evident\s+)?$", re.I)
#: A material said to fail at it ("fails to suppress dendrite growth", "is unable to provide fast
#: ion transport", "hardly improves the Coulombic efficiency") lacks it too.
_FAILS_BEFORE = re.compile(
    r"\b(?:fail(?:s|ed)?\s+to|unable\s+to|cannot|can't|could\s+not|hardly|barely|scarcely)\s+(?:[\w-]+\s+){0,3}$", re.I)
_POOR_BEFORE = re.compile(r"\b(?:poor|inferior|unsatisfactory|insufficient|weak|deteriorated)\s+$", re.I)
#: A review outlining its own scope ("the heterostructure anodes for SIBs will be discussed",
#: "this review ...") names a field to cover, not a use a material was shown in: no application.
_OUTLINE = re.compile(
    r"\b(?:this|the present|our) (?:review|article|paper|section|chapter|minireview|perspective)\b|"
    r"\b(?:in|of) this (?:section|part)\b|"
    r"\b(?:will be|are|is|were|was) (?:discussed|summari[sz]ed|reviewed|outlined|introduced|presented)\b|"
    r"\bwe (?:further |then |first |also )?(?:summari[sz]e|review|discuss|outline|introduce|present|highlight)\b|"
    r"\breviewed the\b",
    re.I)
#: A sentence that sorts junctions into kinds ("heterojunctions can be divided into p-n, p-p or
#: n-n junctions") names interface types as kinds, not as the interface of any material. (Sorting
#: a class's properties, "the properties of heterostructures can be categorized into built-in
#: fields ...", still claims the properties.)
_TAXONOMY = re.compile(
    r"\b(?:can|could|may|is|are)\s+(?:be\s+)?(?:usually\s+|generally\s+|mainly\s+)?(?:divided|classified|categori[sz]ed|grouped|sorted)"
    r"\s+(?:in)?to\b|\bdivides?\b.{0,80}\binto\b|\b(?:main|following|several|two|three|four) (?:categories|classes|kinds)\b",
    re.I | re.S)


#: A reaction named as what is suppressed or suffered ("suppressing Zn corrosion and hydrogen
#: evolution", "preventing the Zn anode from side reactions of HER", "suffering from severe
#: hydrogen evolution") is a side reaction at an electrode, not the system a material is used in.
_SUPPRESSED_BEFORE = re.compile(
    r"(?:\b(?:sup-?\s*press|inhibit|prevent|mitigat|restrain|retard|avoid|eliminat|minimi[sz]|block|hinder|alleviat)\w*"
    r"|\bsuffer\w*\s+from|\bside[\s-]reactions?)[^.;:]{0,45}$", re.I)


def _suppressed(text: str, term: TermMatch) -> bool:
    return term.scheme == "system" and bool(_SUPPRESSED_BEFORE.search(text, max(0, term.start - 60), term.start))


#: Metals used as battery anodes in their elemental form (Li, Na, K, Mg, Ca, Zn, Al metal).
METAL_ANODE_ELEMENTS = frozenset({"Li", "Na", "K", "Mg", "Ca", "Zn", "Al"})
#: A metal anode's element deposited in a cell ("Zn electrodeposition on bare Cu", "lithium
#: electrodeposition leads to dendrites", "the electrodeposited lithium", "lithium is cathodically
#: deposited") is plating, not a route that makes a material (guideline: plating or stripping
#: metal in a cell is not a synthesis), unless the sentence says it prepares something ("the Zn
#: anode was prepared by electrodeposition of Zn on carbon cloth").
_ANODE_METAL = "(?:" + "|".join([*sorted(METAL_ANODE_ELEMENTS), *(
    periodictable.elements.symbol(e).name.replace("aluminum", "alumin(?:i)?um") for e in sorted(METAL_ANODE_ELEMENTS))]) + ")"
_METAL_BEFORE = re.compile(rf"\b{_ANODE_METAL}(?:\s+metal)?(?:\s+(?:is|was|are|were|being))?\s+$")
_METAL_AFTER = re.compile(rf"\s*(?:of\s+(?:the\s+)?)?{_ANODE_METAL}\b(?!\s*[-‐]?\s*(?:based|containing|doped))")
_PREPARED = re.compile(r"\b(?:prepar|fabricat|synthesi[sz]|construct|obtain|made|grown|form)\w*|\b(?:by|via)\s+(?:an?\s+|the\s+)?\w*\s*$",
                       re.I)


def _plated(text: str, term: TermMatch) -> bool:
    if term.scheme != "synthesis" or not re.match(r"electro|cathodic", term.surface, re.I):
        return False
    metal = _METAL_BEFORE.search(text, max(0, term.start - 30), term.start) or _METAL_AFTER.match(text, term.end)
    return bool(metal) and not _PREPARED.search(text, 0, term.start)


def _negated(text: str, term: TermMatch) -> bool:
    return term.scheme in _CLAIMED and bool(
        _NEGATED_BEFORE.search(text, max(0, term.start - 30), term.start)
        or _DENIED_BEFORE.search(text, max(0, term.start - 60), term.start)
        or _FAILS_BEFORE.search(text, max(0, term.start - 50), term.start)
        or (term.scheme == "effect" and _POOR_BEFORE.search(text, max(0, term.start - 20), term.start)))


def _is_prose(text: str) -> bool:
    """OCR'd figure artwork comes out as "sentences" of stray symbols; prose and table rows
    are mostly words and numbers."""
    tokens = text.split()
    return sum(not _ALNUM.search(t) for t in tokens) < 0.25 * len(tokens)


@dataclass(frozen=True)
class _Subject:
    material: Material
    start: int  # offset in the sentence, -1 when taken from context
    source: str = "named"  # how it was found: a key of _CONFIDENCE

    @property
    def from_context(self) -> bool:
        return self.source in ("components", "anaphora", "context", "topic", "paper")


#: How much a claim is worth by how its subject was found, in the order of the precision each
#: way had on the development documents: a heterostructure named in the sentence, or the
#: paragraph's heterostructure when the sentence names its components, is most often right, and
#: so is a table row's first cell (a table's convention); a material class or a pointer back
#: ("the heterostructure") next; a single compound named
#: beside others (often a component or a product) less; the paragraph's subject carried over
#: silently, or the review's topic, least.
_CONFIDENCE = {"composite": 0.8, "components": 0.8, "row": 0.8, "class": 0.7, "anaphora": 0.7,
               "named": 0.6, "context": 0.5, "topic": 0.5, "paper": 0.4}


_READERS: dict[int, tuple[TermMatcher, TermMatcher, Targets, DirectionMatcher]] = {}


def _readers(vocab: Vocabulary) -> tuple[TermMatcher, TermMatcher, Targets, DirectionMatcher]:
    """The concepts' labels, the mechanisms' cues, what mechanisms act on and the qualities
    effects change. Indexing every label is the costly part: once per vocabulary."""
    if id(vocab) not in _READERS:
        _READERS[id(vocab)] = (TermMatcher(vocab, _CONCEPT_SCHEMES),
                               TermMatcher(vocab, ("mechanism",), wordings=lambda c: c.cues),
                               Targets.of(vocab), DirectionMatcher(vocab))
    return _READERS[id(vocab)]


def extract(doc: Document, vocab: Vocabulary, scorer: Scorer | None = None) -> list[Claim]:
    """The claims a document makes: the rules' candidates, kept or dropped by the claim scorer
    (by default the project's trained model; a missing or corrupt model is a ModelError)."""
    claims = (scorer or load_scorer()).apply(candidates(doc, vocab))
    link_contradictions(claims)
    return claims


def candidates(doc: Document, vocab: Vocabulary, mechanisms: MechanismClassifier | None = None) -> list[Claim]:
    """Every claim the rules can read in a document, before the scorer decides: what a
    scorer is trained on. The mechanism classifier (by default the project's trained model; a
    missing or corrupt model is a ModelError) weighs each mechanism the rules read and proposes
    those a sentence words in its own words."""
    mechanisms = mechanisms or load_mechanisms()
    matcher, cue_matcher, targets, directions = _readers(vocab)
    reading = _Reading.of(doc, vocab)
    named = _named_concepts(doc, matcher)
    topic = _topic(named)
    paper = _paper_subject(reading.materials.values())
    system = _most_named(named, "system")
    tables = _table_systems(doc, matcher, system[0] if system else None)
    claims: list[Claim] = []
    parts = divisions(doc.paragraphs)
    kind = genre(parts)
    for p, division in zip(doc.paragraphs, parts):
        if p.kind not in ("text", "caption"):
            continue
        context: _Subject | None = None
        row: _Subject | None = None  # the subject of the table row above
        for s in p.sentences:
            if s.start not in reading.materials:
                continue
            found = reading.materials[s.start]
            mentions = [m for m in found if m.species is None]
            terms, cues = _terms(s.text, found, reading, vocab)
            specific = targets.specific_mechanisms(terms, cues)
            # the classifier's word is read only where a mechanism claim can take it
            said = (_mechanisms_said(mechanisms, _mechanism_features(s.text, terms, cues, targets, p.kind == "caption"))
                    if mechanisms.proposes or any(t.scheme == "mechanism" for t in specific) else None)
            terms = specific
            before = context  # the paragraph's subject as the sentences before left it
            subject = _subject(s.text, mentions, terms, context, topic)
            if "\t" in s.text:  # a table row: a sentence of its own (documents.sentences)
                subject = row = _row_subject(s.text, mentions, reading.abbreviations) or row
                if not any(t.scheme == "system" for t in terms):
                    terms += next((found for (a, b), found in tables.items() if a <= s.start < b), [])
            if subject is not None and not subject.from_context and _carries_over(subject.material):
                context = _Subject(subject.material, -1, "context")
            refs = reading.citations.get(s.start, ())
            ev = Evidence(doc.name, s.start, s.end, s.text, "caption" if p.kind == "caption" else "text", p.section,
                          division=division, genre=kind)
            asserts = _asserts(s.text, subject)
            if _TAXONOMY.search(s.text):
                terms = [t for t in terms if t.scheme != "interface"]
            if _OUTLINE.search(s.text) or _OUTLOOK.search(s.text):
                terms = [t for t in terms if t.scheme != "role"]  # no role, no application claim
            made = _concept_claims(subject, terms, ev, refs, asserts, mentions, said) if _is_prose(s.text) else []
            # "Its Tafel slope ... than those of Y", "it retains 586 mAh g-1, whereas Y fades": a
            # value no material of the sentence owns is the one the pronoun points back to
            owner = before if before is not None and _points_back(s.text, mentions) else context
            made += measurements.extract(s.text, ev, refs, mentions, owner or paper, vocab, reading.metrics)
            for i, c in enumerate(made):
                c.id = f"m{s.start}-{i + 1}"
                claims.append(c)
    claims += extract_tables(doc, vocab, matcher, reading.abbreviations, system[0] if system else None)
    return claims


@dataclass(frozen=True)
class _Reading:
    """What is read of a document as a whole before its sentences: the abbreviations it
    defines, the references each sentence cites, and the materials each claim-bearing
    sentence names (keyed by the sentence's start)."""
    abbreviations: dict[str, str]
    classes: dict  # the review's acronyms for material classes (see ``names.defined_classes``)
    citations: dict[int, tuple[str, ...]]
    materials: dict[int, list[Mention]]
    conductivity: ConductivitySense  # which effect a conductivity names
    metrics: dict  # the metrics' labels and the acronyms the document defines for them

    @classmethod
    def of(cls, doc: Document, vocab: Vocabulary) -> "_Reading":
        from ..normalise.materials import find_abbreviations

        matcher, _, targets, _ = _readers(vocab)
        full_text = "\n".join(p.text for p in doc.paragraphs)
        abbreviations = find_abbreviations(full_text)
        devices = defined_devices(full_text, abbreviations)
        acronyms = {**named_samples(full_text, abbreviations), **defined_materials(full_text, abbreviations, matcher),
                    **devices}
        device = next(iter(devices.values())) if len(devices) == 1 else None  # which "the battery" is
        read = {s.start: _materials(s.text, abbreviations, targets, acronyms, matcher, device) for p in doc.paragraphs
                if p.kind in ("text", "caption") for s in p.sentences if not _NOT_A_CLAIM.search(s.text)}
        return cls(abbreviations, defined_classes(full_text, matcher), _citations(doc), read,
                   conductivity_sense(full_text, vocab), measurements.document_index(full_text, vocab))


def _terms(text: str, found: list[Mention], reading: "_Reading", vocab: Vocabulary) -> tuple[list[TermMatch], list[TermMatch]]:
    """The concepts a sentence names (none negated where named, no reaction named as what is
    suppressed, no effect given only as the name of a value, an unqualified conductivity in
    the paper's sense), the material classes and species it names, and the mechanism cues it
    holds."""
    matcher, cue_matcher, targets, directions = _readers(vocab)
    terms = matcher.find(text)
    terms = [t for t in terms + directions.find(text, terms) if not _negated(text, t)
             and not _suppressed(text, t) and not _plated(text, t)
             and not (t.scheme == "effect" and given_with_value(_cell_of(text, t), t))]
    terms = reading.conductivity.read(terms)
    terms += find_classes(text, reading.classes)
    terms += [TermMatch("species", m.species, m.start, m.end, text[m.start:m.end]) for m in found if m.species]
    terms += targets.related_species(terms)
    return terms, _cues(text, cue_matcher.find(text))


#: Cues that only name a reaction ("polysulfides are reduced to Li2S2", "the conversion from S8 to
#: Li2S4", "the redox reactions"): a paper tells its cell's chemistry with them. They cue catalysis
#: only where the sentence says the reaction is sped up or catalysed.
_REACTION_CUE = re.compile(r"(?:conver|reduc|redox|reaction)", re.I)
_SPED_UP = re.compile(
    r"\b(?:accelerat|promot|facilitat|boost|enhanc|expedit|speed|fast|rapid|swift|quick|improv|"
    r"catalys|catalyz|catalyt|electrocatalys|electrocatalyt)\w*", re.I)


def _cues(text: str, cues: list[TermMatch]) -> list[TermMatch]:
    """The mechanism cues of a sentence, without those that only name a reaction where nothing
    in the sentence speeds it up."""
    if _SPED_UP.search(text):
        return cues
    return [c for c in cues if not _REACTION_CUE.match(c.surface)]


def _cell_of(text: str, term: TermMatch) -> str:
    """The text up to the end of the table cell a term is in (the whole text of prose): a
    number in the next cell of a row is not the value of a quantity the term names."""
    end = text.find("\t", term.end)
    return text if end < 0 else text[:end]


def _asserts(text: str, subject: _Subject | None) -> bool:
    """Whether a sentence asserts its mechanisms and effects: not a problem or an outlook, not
    a method, and not textbook physics told of no material in particular."""
    if _PROBLEM_OR_OUTLOOK.search(text) or _OUTLOOK.search(text):
        return False
    if _METHOD.search(text) and not _FINDING.search(text):
        return False
    return not (subject is not None and subject.source == "topic" and _HYPOTHETICAL.search(text))


def _mechanism_features(text: str, terms: list[TermMatch], cues: list[TermMatch], targets: Targets,
                        caption: bool) -> dict[str, float]:
    """The mechanism classifier's reading of a sentence (see ``mechanisms.features``)."""
    return mechanism_features(text, terms, cues, targets.ancestors, asserts=_asserts(text, None), caption=caption)


@dataclass(frozen=True)
class _Said:
    """What the mechanism classifier says of a sentence: the probability that it asserts a
    mechanism, and the concept to propose (see ``mechanisms.Classifier.proposal``), if its
    support reaches the classifier's threshold."""
    asserts: float
    proposed: str | None = None


def _mechanisms_said(classifier: MechanismClassifier, f: dict[str, float]) -> _Said:
    best = classifier.proposal(f) if classifier.proposes else None
    return _Said(classifier.asserts_mechanism(f), best[0] if best and best[1] >= classifier.propose else None)


def mechanism_rows(doc: Document, vocab: Vocabulary) -> list[tuple[int, int, dict[str, float]]]:
    """Every claim-bearing sentence of a document with the mechanism classifier's features:
    (start, end, features), what the classifier is trained on."""
    reading = _Reading.of(doc, vocab)
    targets = _readers(vocab)[2]
    return [(s.start, s.end, _mechanism_features(s.text, *_terms(s.text, reading.materials[s.start], reading, vocab),
                                                 targets, p.kind == "caption"))
            for p in doc.paragraphs if p.kind in ("text", "caption")
            for s in p.sentences if s.start in reading.materials and _is_prose(s.text)]


def link_contradictions(claims: list[Claim]) -> None:
    """A table row and a sentence that give the same material and metric different values or
    conditions contradict each other: both stay, each pointing at the other."""
    from collections import defaultdict

    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.metric and c.quantity is not None:
            groups[(name_key(c.material.name), c.metric)].append(c)
    for group in groups.values():
        tables = [c for c in group if c.evidence.source_part == "table"]
        texts = [c for c in group if c.evidence.source_part != "table"]
        for t in tables:
            for x in texts:
                if _disagree(t, x):
                    t.contradicts = tuple(sorted({*t.contradicts, x.id}))
                    x.contradicts = tuple(sorted({*x.contradicts, t.id}))


def _disagree(a: Claim, b: Claim) -> bool:
    """Same value under different conditions, or different values under the same ones."""
    same_value = abs(a.quantity.value - b.quantity.value) <= 0.01 * max(abs(a.quantity.value), 1e-9)
    shared = set(a.conditions) & set(b.conditions)
    if not shared:
        return False
    same_conditions = all(_same(a.conditions[p], b.conditions[p]) for p in shared)
    return same_value != same_conditions


def _same(x, y) -> bool:
    vx, vy = getattr(x, "value", x), getattr(y, "value", y)
    if isinstance(vx, (int, float)) and isinstance(vy, (int, float)):
        return abs(vx - vy) <= 0.01 * max(abs(vx), 1e-9)
    return vx == vy


def _citations(doc: Document) -> dict[int, tuple[str, ...]]:
    """Reference numbers cited by each sentence (keyed by its start), damaged markers recovered doc-wide."""
    found = []
    valid = {r.number for r in doc.references} or None
    before = None
    for s in doc.sentences():
        for c in find_citations(s.text, valid):
            found.append((before if c.previous and before is not None else s.start, c))
        before = s.start
    resolved = resolve_damaged([c for _, c in found], valid)
    out: dict[int, list[str]] = {}
    for (start, _), c in zip(found, resolved):
        out.setdefault(start, []).extend(n for n in c.numbers if n not in out.get(start, []))
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    material: Material
    species: str | None = None  # a species/ concept (Li2S6 is a polysulfide): acted on, not a subject
    baseline: bool = False  # named as what the subject is compared with ("than pristine VO2")
    protected: bool = False  # the metal anode a coating acts on ("on the Zn anode")


#: Words before a material that make it the baseline of a comparison, not the claim's subject:
#: "in stark contrast to ... pristine VO2", "higher than that of a single DCN", "compared with MoS2",
#: "close to that of Li", "similar to Li3YCl6",
#: "outperforms existing halide conductors", "nearly three times that of Y", "about twice that of
#: the Y cell", "than that of the best LGPS-type X" (two words may
#: qualify what is compared with); and what a statement excepts ("all of them except
#: stoichiometric X", "other than X", "with the exception of X"), which it is not about.
_BASELINE_BEFORE = re.compile(
    r"\b(?:(?:pristine|bare|pure|single|individual)\s+"
    r"|(?:than|versus|vs\.?|outperform\w*|surpass\w*|twice|times|"
    r"(?:compared|superior|inferior|relative|contrast|similar|comparable|close|identical)\s+(?:to|with)|except(?:\s+for)?|excluding|apart\s+from|"
    r"with\s+the\s+exceptions?\s+of)\s+"
    r"(?:(?:that|those)\s+(?:of|on|in|for)\s+)?(?:the\s+|an?\s+|all\s+)?(?:[A-Za-z][\w‐-]*\s+){0,2})$",
    re.I,
)
#: The host a substitution or doping changes ("substitution of antimony in Na3SbS4 with
#: tungsten", "replacing some of the Sb ions in Na3SbS4"): the claim is about what it became.
_HOST_BEFORE = re.compile(r"\b(?:substitut|replac|dop)\w*\b[^.;()]{0,40}\bin\s+(?:the\s+)?(?:parent\s+)?$", re.I)


def _is_baseline(text: str, start: int) -> bool:
    """Whether the material at ``start`` is introduced as the thing compared against, or as
    the host that a substitution changed."""
    window = max(0, start - 60)
    return bool(_BASELINE_BEFORE.search(text, window, start) or _HOST_BEFORE.search(text, window, start))


#: An element named as a place, a dopant or the ion that moves ("Te atoms", "Li vacancies",
#: "Co-doped", "O3-type", "Zn-ion batteries", "Na + conductivity" with the charge printed apart,
#: "Li diffusion") is not the material a sentence speaks of.
_MODIFIED_ELEMENT = re.compile(
    r"[\s-]*(?:(?:atoms?|vacanc(?:y|ies)|dop(?:ed|ing|ants?)|type|rich|sites?|ions?|"
    r"diffusion|diffusivit(?:y|ies)|transport|conducti(?:vity|vities|on)|migration|hopping|mobility|"
    r"insertion|extraction|intercalation|storage)\b|\d?\+(?!\w))", re.I)


#: An element named as what a host is doped or substituted with: "doping Li3InCl6 with Zr",
#: "substituting Sb with W".
_DOPANT_BEFORE = re.compile(r"\b(?:dop|substitut|replac|co-dop)\w*\b[^.;()]{0,40}\b(?:with|by)\s+$", re.I)


#: A phase named as what a sample holds besides itself: "LiCl impurity", "a Li2CO3 secondary phase".
_IMPURITY_AFTER = re.compile(r"[\s-]+(?:impurit(?:y|ies)|secondary\s+phases?|by-?products?)\b", re.I)
#: A compound named as what a process acts on, right before the process: "the Li2S nucleation
#: capacity", "Li2S6 adsorption", "Li2S decomposition barrier": what a host does to it, not the host.
_ACTED_ON_AFTER = re.compile(r"[\s-]+(?:nucleation|precipitation|deposition|adsorption|decomposition|dissolution|"
                             r"oxidation|reduction|conversion)\b", re.I)


#: What follows a metal named as the electrode a coating protects ("the Zn anode", "Na metal",
#: "Li deposition", "the Zn surface"): the metal is the setting, not what the sentence claims for.
_PROTECTED_ELECTRODE = re.compile(
    r"[\s-]*(?:metals?|anodes?|foils?|electrodes?|surfaces?|substrates?|deposition|deposits?|plating|"
    r"stripping|dendrites?|nucleation|growth|ions?|batter(?:y|ies)|cells?|affinity|corrosion)\b", re.I)


def _protected_electrode(text: str, material: Material, end: int) -> bool:
    """Is this mention the metal anode that the sentence's coating or layer acts on?"""
    return (not material.components and material.formula in METAL_ANODE_ELEMENTS
            and bool(_PROTECTED_ELECTRODE.match(text, end)))


#: What puts a potential on a reference electrode's scale: "vs. Li/Li+", "versus Ag/AgCl", also
#: where Markdown with LaTeX opens the electrode's math first ("versus $\\mathrm{{Ag}}/...$").
_REFERENCE_BEFORE = re.compile(r"\b(?:vs\.?|versus)(?:\s|\$|\\[A-Za-z]+|\{)*$", re.I)


def _reference_electrode(text: str, start: int, info) -> bool:
    """An element, or a couple of an element and its ion or salt, named after "vs." ("Li",
    "Li/Li+", "Zn2+/Zn", "Ag/AgCl") is a reference electrode: one element, or parts whose
    elements hold each other's. A compound after "vs." ("MoS2/C vs. MoS2") is compared with."""
    if not _REFERENCE_BEFORE.search(text, max(0, start - 30), start):
        return False
    parts = [set(p.formula.composition) for p in info.parts if p.formula is not None]
    if not parts or len(parts) != len(info.parts):
        return False
    if len(parts) == 1:
        return len(parts[0]) == 1
    return all(a <= b or b <= a for a in parts for b in parts)


def _materials(text: str, abbreviations: dict[str, str], targets: Targets | None = None,
               acronyms: dict[str, Material] | None = None, matcher: TermMatcher | None = None,
               device: Material | None = None) -> list[Mention]:
    """Materials a text names, by formula, by an acronym the review defined for one or by
    their family ("sulfide SEs", see ``families``), and the paper's own cell (``device``)
    where the text calls it "the battery"; given the ontology's targets, compounds that are
    a reacting species (by the species' formula patterns) are marked as such."""
    from ..normalise.materials import find_material_mentions

    out = []
    for m in find_material_mentions(text, abbreviations):
        info = m.info
        if not info.valid:
            continue
        composite = len(info.components) > 1
        single = info.parts[0].formula if not composite and info.parts else None
        if single is not None and single.charge:
            continue  # an ion (Na+, Zn2+) is what moves, not the material a claim is about
        if single is not None and len(single.composition) == 1 and (
                _MODIFIED_ELEMENT.match(text, m.end) or _DOPANT_BEFORE.search(text, max(0, m.start - 60), m.start)):
            continue  # "Te atoms", "Co-doped", "doping Li3InCl6 with Zr": a place, a dopant
        if _IMPURITY_AFTER.match(text, m.end):
            continue  # "the content of LiCl impurity was 4.3 wt%": what the sample holds, not what it is
        if not composite and single is not None and len(single.composition) > 1 and _ACTED_ON_AFTER.match(text, m.end):
            continue  # "its Li2S nucleation capacity reached 284 mAh g-1": the host's, Li2S is acted on
        species = targets.species_of(single.formula) if single is not None and targets is not None else None
        if single is not None and species is None and set(single.composition) <= GASEOUS_ELEMENTS:
            continue  # "under Ar", "an NH3 yield", "the O2 phase": an atmosphere, a product, a stacking
        if _reference_electrode(text, m.start, info):
            continue  # "2.8 V vs. Li/Li+": the scale a potential is read on
        out.append(Mention(m.start, m.end, Material(
            name=info.name,
            components=tuple(info.components) if composite else (),
            arrangement=info.arrangement if composite else None,
            formula=single.reduced_formula if single is not None else None,
        ), species, _is_baseline(text, m.start)))
    # a family is told from the ontology's own classes by the ontology's words: none without them
    families = find_families(text, matcher) if matcher is not None else []
    for start, end, material in [*find_defined(text, acronyms or {}), *find_elements_in_words(text), *families,
                                 *find_device_anaphora(text, device)]:
        if material.formula and _ELEMENT.fullmatch(material.formula) and _MODIFIED_ELEMENT.match(text, end):
            continue  # "lithium ion", "sodium diffusion": the moving ion
        if not any(x.start < end and start < x.end for x in out):
            out.append(Mention(start, end, material, None, _is_baseline(text, start)))
    out = [replace(m, protected=_protected_electrode(text, m.material, m.end)) for m in out]
    return _examples(text, _mixtures(text, sorted(out, key=lambda x: x.start)))


#: Phases mixed into one electrode are joined by "+" and called a composite or a mixture:
#: "a LiCoO2 + Li3InCl6 composite cathode". A "+" with neither word after it is a reaction's
#: ("S8 + 16 Li+ → 8 Li2S") or a list's, and joins nothing.
_PLUS = re.compile(r"\s*\+\s*")
_MIXTURE_AFTER = re.compile(r"(?P<more>\s*\+\s*(?P<last>[A-Za-z][\w()]*))?\s+(?:\w+\s+)?(?:composites?|mixtures?)\b")


def _mixtures(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with each run of phases joined by "+" and called a composite made one
    composite material, whose components are the phases."""
    out: list[Mention] = []
    for run in joined_runs(mentions, lambda a, b: bool(a.material.formula and b.material.formula
                                                       and _PLUS.fullmatch(text, a.end, b.start))):
        after = _MIXTURE_AFTER.match(text, run[-1].end) if len(run) > 1 else None
        if after is None:
            out.extend(run)
            continue
        # a last part no formula reads ("+ C", "+ CNT") ends the run
        last = [after.group("last")] if after.group("more") else []
        end = after.end("more") if last else run[-1].end
        out.append(Mention(run[0].start, end, Material(
            name=text[run[0].start:end], components=tuple(m.material.name for m in run) + tuple(last),
            arrangement="Composite")))
    return out


#: Materials given as examples of a family just named: "halide electrolytes (e.g., Li3YCl6 and
#: Li3YBr6) have high conductivity" speaks of the family.
_EXAMPLES = re.compile(r"\s*\(\s*(?:e\.\s?g\.|for example|for instance|such as)[^()]*\)", re.I)


def _examples(text: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions with those inside an example list after a family marked as not the subject
    (as a baseline is)."""
    spans = [(e.start(), e.end()) for m in mentions if _is_class(m.material)
             for e in [_EXAMPLES.match(text, m.end)] if e is not None]
    return [replace(m, baseline=True) if any(a <= m.start < b for a, b in spans) else m for m in mentions]


#: A pronoun that points back to what the sentences before spoke of.
_POINTER = re.compile(r"\b(?:it|its|they|their)\b", re.I)


def _points_back(text: str, mentions: list[Mention]) -> bool:
    """Whether a sentence speaks of the paragraph's subject by a pronoun before it names any
    material ("Its Tafel slope of 58 mV dec-1 is smaller than those of Y", "After 200 cycles,
    it retains 586 mAh g-1, whereas Y fades"): the materials it names later are compared with."""
    first = min((m.start for m in mentions), default=len(text))
    return bool(_POINTER.search(text, 0, first))


def _carries_over(material: Material) -> bool:
    """Whether a sentence's subject stays the paragraph's for the sentences that name none: not
    a class or family, and not a bare element (most often the ion that moves or a metal named
    in passing, as for the paper's subject)."""
    return not _is_class(material) and not _ELEMENT.fullmatch(material.name)


def _is_class(material: Material) -> bool:
    """A class or family of materials, not one material: not a paragraph's or a paper's subject."""
    return bool(material.material_class) or material.class_word


_ELEMENT = re.compile(r"[A-Z][a-z]?")
#: How often a paper must name its most named material, what share of all its mentions of
#: materials that must be, and how many times as often as any other, for that material to be
#: what the paper is about.
_PAPER_MIN_MENTIONS = 10
_PAPER_SHARE = 0.25
_PAPER_LEAD = 1.5


def _paper_subject(found) -> _Subject | None:
    """The material a research paper is about: the one it names most (a bare element, most
    often the ion or the metal anode, aside), when it names it often and clearly more than
    any other (a review of many materials has none). A value in a sentence and paragraph that
    name no material is the paper's subject's, if anything's."""
    counts: Counter = Counter()
    materials: dict[str, Material] = {}
    for mentions in found:
        for m in mentions:
            if m.species is None and not m.baseline and not m.protected and _carries_over(m.material):
                counts[m.material.name] += 1
                materials.setdefault(m.material.name, m.material)
    top = counts.most_common(2)
    if (not top or top[0][1] < _PAPER_MIN_MENTIONS or top[0][1] < _PAPER_SHARE * sum(counts.values())
            or (len(top) > 1 and top[0][1] < _PAPER_LEAD * top[1][1])):
        return None
    return _Subject(materials[top[0][0]], -1, "paper")


def _named_concepts(doc: Document, matcher: TermMatcher) -> Counter:
    """How often the review names each concept, counted once for every document-level choice."""
    return Counter((t.scheme, t.local) for p in doc.paragraphs for t in matcher.find(p.text))


def _most_named(named: Counter, scheme: str) -> tuple[str, int] | None:
    """The concept of ``scheme`` the review names most, with its count (first named on a tie)."""
    return next(((local, n) for (sch, local), n in named.most_common() if sch == scheme), None)


def _topic(named: Counter) -> _Subject | None:
    """The material class a review is about: the one it names most often, if it names one
    often enough to be its topic ("heterostructures" in a review of heterostructures)."""
    top = _most_named(named, "materialclass")
    if top is None or top[1] < _TOPIC_MIN_MENTIONS:
        return None
    return _Subject(Material(name=top[0], material_class=top[0], class_word=True), -1, "topic")


#: How often a review must name a material class for it to be the review's topic.
_TOPIC_MIN_MENTIONS = 5
#: A sentence shorter than this (a figure label, a heading) is not attributed to the topic.
_TOPIC_MIN_WORDS = 6


def _subject(text: str, mentions: list[Mention], terms: list[TermMatch], context: _Subject | None,
             topic: _Subject | None = None) -> _Subject | None:
    """Who a sentence speaks of: a heterostructure it names; the paragraph's heterostructure
    when the sentence names only its components ("electrons flow from MoS2 to ZnIn2S4");
    another material it names; the paragraph's subject when it points back to it; a material
    class it names (the review's topic class if among them); the paragraph's subject; the
    review's topic."""
    mentions = [m for m in mentions if not m.baseline]
    # "a ZrO2 coating on the Zn anode", "an interphase with high Zn affinity": the metal anode
    # is where the claim acts, not what it is about; it is the subject only when nothing else
    # (a material, the paragraph's subject, a class, the review's topic) can be
    anode = next((m for m in mentions if m.protected), None)
    mentions = [m for m in mentions if not m.protected]
    found = _subject_of(text, mentions, terms, context, topic)
    if found is None and anode is not None:
        return _Subject(anode.material, anode.start)
    return found


def _subject_of(text: str, mentions: list[Mention], terms: list[TermMatch], context: _Subject | None,
                topic: _Subject | None) -> _Subject | None:
    composite = next((m for m in mentions if m.material.components), None)
    if composite is not None:
        return _Subject(composite.material, composite.start, source="composite")
    if mentions and context is not None and _components_of(context.material, mentions):
        return replace(context, source="components")
    if mentions:
        return _Subject(mentions[0].material, mentions[0].start)
    if context is not None and _ANAPHORA.search(text):
        return replace(context, source="anaphora")
    classes = [t for t in terms if t.scheme == "materialclass"]
    if classes:  # the review's own topic first: "oxides and carbon in heterostructures" speaks of heterostructures
        c = next((t for t in classes if topic is not None and t.local == topic.material.material_class), classes[0])
        return _Subject(Material(name=c.surface, material_class=c.local, class_word=True), c.start, source="class")
    if context is not None:
        return context
    if topic is not None and len(text.split()) >= _TOPIC_MIN_WORDS and any(t.scheme == "mechanism" for t in terms):
        return topic
    return None


def _table_systems(doc: Document, matcher: TermMatcher, doc_system: str | None) -> dict[tuple[int, int], list[TermMatch]]:
    """(start, end) of each table → the battery its rows are used in, as a term of their
    sentences (see :func:`tables.table_system`)."""
    return {(t.start, t.end): [TermMatch("system", system, 0, 0, "")] for t in doc.tables
            if (system := table_system(t, matcher, doc_system)) is not None}


def _row_subject(text: str, mentions: list[Mention], abbreviations: dict[str, str]) -> _Subject | None:
    """A table row is about the material its first cell names, as a table's reader takes it,
    whatever else its cells name ("In | coating layer | suppressing Zn corrosion | ...": In, not
    Zn), see :func:`tables.row_material`. A first cell that names none continues the row above
    (a cell the conversion wrapped onto a line of its own), and the caller keeps that row's
    subject."""
    first = text.index("\t")
    named = [m for m in mentions if m.end <= first]
    if named:
        return _Subject(named[0].material, named[0].start, source="row")
    material = row_material(text[:first], abbreviations)
    return _Subject(material, 0, source="row") if material is not None else None


def _components_of(whole: Material, mentions: list[Mention]) -> bool:
    parts = {name_key(c) for c in whole.components}
    return bool(parts) and all(name_key(m.material.name) in parts for m in mentions)


def _first(terms: list[TermMatch], scheme: str) -> str | None:
    return next((t.local for t in terms if t.scheme == scheme), None)


def _unique(terms: list[TermMatch], scheme: str) -> list[TermMatch]:
    seen, out = set(), []
    for t in terms:
        if t.scheme == scheme and t.local not in seen:
            seen.add(t.local)
            out.append(t)
    return out


def _nearest(subject: _Subject, term: TermMatch, mentions: list[Mention]) -> Material:
    """Of several compounds a sentence names, a mechanism belongs to the last one before it
    ("ZnO is hydrophilic, while the adjacent Cu serves as a zincophilic site"); the subject
    found any other way (a heterostructure, a pointer back) holds for the whole sentence."""
    if subject.source != "named":
        return subject.material
    before = [m for m in mentions if not m.baseline and m.end <= term.start]
    before = [m for m in before if not m.protected] or before
    return before[-1].material if before else subject.material


def _concept_claims(subject, terms, ev, refs, asserts_mechanisms: bool, mentions,
                    said: _Said | None = None) -> list[Claim]:
    """Mechanism and effect claims only from sentences that assert them; what a material is
    made by or used in holds even in a sentence about a problem. ``said`` is the mechanism
    classifier's reading: each mechanism claim carries its probability that the sentence
    asserts a mechanism, and the concept it supports most is proposed as well when no label
    names it and its support reaches the classifier's threshold (the sentence worded the
    mechanism in its own words)."""
    if subject is None:
        return []
    conf = _CONFIDENCE[subject.source]
    base = dict(material=subject.material, evidence=ev, method="machine", cited_refs=refs, extractor=EXTRACTOR)
    system, role = _first(terms, "system"), _first(terms, "role")
    out: list[Claim] = []
    mechanisms = _unique(terms, "mechanism") if asserts_mechanisms else []
    effects = _unique(terms, "effect") if asserts_mechanisms else []
    said = said or _Said(0.0)
    for t in mechanisms:
        out.append(Claim(id="", kind="mechanism", confidence=conf, mechanism=t.local,
                         effect=effects[0].local if effects else None, system=system, role=role,
                         support=round(said.asserts, 4), **{**base, "material": _nearest(subject, t, mentions)}))
    if asserts_mechanisms and said.proposed is not None and said.proposed not in {t.local for t in mechanisms}:
        out.append(Claim(id="", kind="mechanism", confidence=conf, mechanism=said.proposed,
                         effect=effects[0].local if effects else None, system=system, role=role,
                         support=round(said.asserts, 4), proposed=True, **base))
    if not mechanisms:
        for t in effects:
            out.append(Claim(id="", kind="effect", confidence=conf - 0.1, effect=t.local, system=system, role=role, **base))
    for t in _unique(terms, "synthesis"):
        out.append(Claim(id="", kind="synthesis", confidence=conf, synthesis=t.local, **base))
    for t in _unique(terms, "interface"):
        out.append(Claim(id="", kind="interface", confidence=conf, interface_type=t.local, **base))
    if role and not subject.from_context:  # "a bifunctional electrocatalyst for the HER and OER": both
        for t in _unique(terms, "system"):
            out.append(Claim(id="", kind="application", confidence=conf - 0.1, system=t.local, role=role, **base))
    return out
