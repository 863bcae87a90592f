"""Materials a review names by an acronym of its own: "a crystalline-amorphous VO2
heterostructure (SR-VO)", "a zinc hydroxide chloride (ZHC) and Cu heterostructure".

Reviews name a material once in words and then only by the acronym, and readers (and
curators) call it by the acronym. An acronym whose long form is a formula is already read as
that formula (``normalise.find_abbreviations``); this module finds the others, where the words
before the parenthesis hold a formula or name a compound in words. A plural acronym ("EHs",
"TMSs") names a class, not a material: when the words before it end in one of the ontology's
material classes ("epitaxial heterostructures (EHs)") the acronym names that class for the
rest of the review. Nothing here lists materials.
"""

from __future__ import annotations

import re
from functools import lru_cache

import periodictable

from ..normalise.materials import _LIST_SPLIT, _LIST_START, _NAMED_AS, find_material_mentions, parse_material
from ..normalise.vocabulary import FIELD_ABBREVIATIONS
from .model import Material
from .terms import TermMatch, TermMatcher

#: "(SR-VO)", "(NSSNs@HMCS)", "(LLO/LZP)": at least two capitals, no spaces; also named in words
#: inside the parenthesis: "(denoted NMS/NF)", "(hereafter referred to as CNP/CC)".
_DEFINED = re.compile(r"(?<=\s)\((?:(?:hereafter|hereinafter|henceforth)\s+)?"
                      r"(?:(?:denoted|abbreviated|referred\s+to|labell?ed|named|designated|called)\s+)?(?:as\s+)?"
                      r"([A-Za-z][A-Za-z0-9@/\-–]{1,19})\)")
#: Head nouns of what is done or seen rather than made: "N2 reduction reaction (NRR)".
_NOT_A_THING = re.compile(
    r"\b(?:reactions?|process(?:es)?|methods?|effects?|strateg(?:y|ies)|spectroscop(?:y|ies)|microscop(?:y|ies)|"
    r"theory|calculations?|batter(?:y|ies)|cells?|techniques?|analys[ie]s)\W*$", re.I)
#: "EHs", "LiPSs", "TMSs": an acronym made plural.
_PLURAL = re.compile(r"[A-Z]s$")
#: Where a long form cannot reach back past: a clause end or an opening bracket.
_CLAUSE_END = re.compile(r"[.;:,](?:\s|$)|[(\[]")
#: How many words before the parenthesis may name the material.
_WINDOW_WORDS = 6


def _long_form(text: str, at: int) -> list[str]:
    """The words of the clause before an acronym's parenthesis at ``at``, where its long form
    stands (a clause end or an opening bracket starts it)."""
    return _CLAUSE_END.split(text[max(0, at - 200):at])[-1].split()
#: How many words at the end of a long form may name its material class ("metal–organic frameworks").
_CLASS_WORDS = 3
#: The elements' names and symbols as alternatives of a pattern, longest first.
_ELEMENTS = [e for e in periodictable.elements if e.number > 0]
_ELEMENT_NAMES = "|".join(sorted((e.name for e in _ELEMENTS), key=len, reverse=True))
_ELEMENT_SYMBOLS = "|".join(sorted((e.symbol for e in _ELEMENTS), key=len, reverse=True))
#: A compound named in words: an element's name, then an anion's ("zinc hydroxide chloride",
#: "cobalt phosphide"); "lithium-ion batteries" is not one.
_CHEMICAL_NAME = re.compile(rf"\b(?:{_ELEMENT_NAMES})\s+\w+(?:ide|ate|ite)s?\b", re.I)


#: A polymer's name: source-based nomenclature puts "poly" before the monomer, with or
#: without brackets ("poly(ethylene oxide)", "polyethylene glycol", "poly pyromellitic ...").
_POLYMER_NAME = re.compile(r"poly(?!crystal|hedr)(?:\(|[a-z]{3,}|\s+[a-z])", re.I)


def _polymer(short: str, before: str) -> bool:
    """Whether the acronym abbreviates a polymer: "polyethylene oxide (PEO)",
    "poly(vinylidene fluoride) (PVDF)". Polymer acronyms keep the P of "poly" ("PEO", "PVDF",
    "PPMDA") and are all capitals; "polycrystalline" and "polyhedra", the crystallographer's
    words that start alike, name no polymer. ``before`` is the text before the parenthesis,
    brackets and all, since a polymer's name holds its own."""
    if not short.startswith("P") or not short.isupper():
        return False
    words = before.split()[-_POLYMER_WORDS:]
    return any(_POLYMER_NAME.match(" ".join(words[i:])) for i in range(len(words)))


def _polymer_class(matcher: TermMatcher) -> str | None:
    """The ontology's material class labelled "polymer", if it has one."""
    return next((t.local for t in matcher.find("polymer") if t.scheme == "materialclass"), None)


#: How many words before the parenthesis a polymer's name may start: "poly(vinylidene
#: fluoride-co-hexafluoropropylene)" is two or three.
_POLYMER_WORDS = 4


#: A device's head noun, singular: an acronym of a plural ("LIBs") names a kind of device.
_DEVICE = re.compile(r"\b(?:battery|cell)\W*$", re.I)
#: Words with which a paper presents what it made itself: "We designed a quasi-solid-state
#: magnesium-ion battery (QSMB)", "In this work, an aqueous Zn battery (AZB) ...".
_OWN_WORK = re.compile(r"\b(?:we|our|this (?:work|study|paper)|here(?:in)?)\b", re.I)
#: Where the sentence that defines an acronym begins, read back from the parenthesis.
_SENTENCE_START = re.compile(r"[.!?]\s+(?=[A-Z])")


def defined_devices(text: str, abbreviations: dict[str, str]) -> dict[str, Material]:
    """Acronym → the cell it names, for acronyms a paper defines for a cell it built itself
    ("We designed a quasi-solid-state magnesium-ion battery (QSMB)")."""
    out: dict[str, Material] = {}
    for m in _DEFINED.finditer(text):
        short = m.group(1)
        if short in out or sum(c.isupper() for c in short) < 2 or _PLURAL.search(short) or parse_material(short).valid:
            continue
        if _own_device(text, m.start(), " ".join(_long_form(text, m.start())[-_WINDOW_WORDS:]), abbreviations):
            out[short] = Material(name=short)
    return out


#: A paper's own cell named without its acronym: "the battery", "this cell", "the assembled
#: battery" (not "the battery community", nor "the cell (Fig. 2)" or "the cell-level").
_DEVICE_ANAPHORA = re.compile(
    r"\b(?:the|this|our)\s+(?:(?:assembled|as-assembled|fabricated|full|resulting)\s+)?(?:battery|cell)\b"
    r"(?![-(]|\s+(?:technolog|communit|industr|chemistr|field|research|design|component|level|configuration))", re.I)


def find_device_anaphora(text: str, device: Material | None) -> list[tuple[int, int, Material]]:
    """Where ``text`` speaks of the paper's own cell as "the battery" or "this cell"."""
    if device is None:
        return []
    return [(m.start(), m.end(), device) for m in _DEVICE_ANAPHORA.finditer(text)]


def _own_device(text: str, at: int, window: str, abbreviations: dict[str, str]) -> bool:
    """Whether the acronym at ``at`` names a cell the paper built itself: its long form
    ends in "battery" or "cell", names a chemistry (an element in words or a formula:
    "magnesium-ion", "Li-S"), and the sentence presents it as the paper's own ("we
    designed"). Its numbers (energy density, cycle life) are then that device's. An acronym
    of a kind of device that others make ("lithium-ion battery (LIB)" in an introduction)
    is no material."""
    if not _DEVICE.search(window):
        return False
    sentence = _SENTENCE_START.split(text[max(0, at - 300):at])[-1]
    if not _OWN_WORK.search(sentence):
        return False
    return bool(_CHEMISTRY.search(window) or any(x.info.valid for x in find_material_mentions(window, abbreviations)))


#: An element's name as a word or the first part of one ("magnesium-ion"), or its symbol
#: joined to the rest of a chemistry's name ("Mg-ion", "Li-S", "Zn/MnO2").
_CHEMISTRY = re.compile(rf"\b(?i:{_ELEMENT_NAMES})\b|(?<![A-Za-z])(?:{_ELEMENT_SYMBOLS})(?=[-–/])")


def defined_materials(text: str, abbreviations: dict[str, str], matcher: TermMatcher) -> dict[str, Material]:
    """Acronym → the material it names, for acronyms defined after words that name one, and
    not after an ontology concept ("nitrogen reduction reaction (NRR)" names a reaction)."""
    out: dict[str, Material] = {}
    for m in _DEFINED.finditer(text):
        short = m.group(1)
        if short in out or sum(c.isupper() for c in short) < 2 or _PLURAL.search(short):
            continue  # "EHs", "LiPSs": a plural acronym names a class of materials, not one
        if short in abbreviations and parse_material(abbreviations[short]).valid:
            continue  # "Na3V2(PO4)3 (NVP)": read as the formula already
        info = parse_material(short)
        if info.valid:
            continue  # "(MoS2)" restates a formula
        window = " ".join(_long_form(text, m.start())[-_WINDOW_WORDS:])
        polymer = _polymer(short, text[max(0, m.start() - 80):m.start()])
        if not (polymer or _CHEMICAL_NAME.search(window)
                or any(x.info.valid for x in find_material_mentions(window, abbreviations))):
            continue
        if _NOT_A_THING.search(window) or any(
                t.end >= len(window) - 1 and t.scheme != "materialclass" for t in matcher.find(window)):
            continue
        composite = len(info.components) > 1  # "MoO2/DCN": the acronym keeps its own notation
        out[short] = Material(name=short, components=tuple(info.components) if composite else (),
                              arrangement=info.arrangement if composite else None,
                              material_class=_polymer_class(matcher) if polymer else None)
    return out


#: A sample's name as papers coin it: capitals, digits and joiners ("PL-10", "CPE-5", "LiF@LMA").
_SAMPLE_NAME = re.compile(r"[A-Z][A-Za-z0-9@\-–.]{0,19}")


def named_samples(text: str, abbreviations: dict[str, str]) -> dict[str, Material]:
    """Name → the sample it names, for names a paper gives its samples in words ("the
    composites with 5, 10 and 20 wt% LLZTO are denoted CPE-5, CPE-10 and CPE-20", "the
    treated foil, hereafter referred to as TF") where the named things are not a list of
    formulas (those are read as the formulas, ``normalise.find_abbreviations``). The sentence
    must name a material before the verb (a formula, a polymer, a compound in words); the
    names are read outwards from the verb, each with two capitals at least, until a word that
    is not one ("respectively"). A name in brackets names the word before them, so only when
    that is a plain noun ("the treated foil (hereafter denoted TF)"): after a formula or an
    acronym it abbreviates that. A name that is a formula, a field abbreviation or an
    abbreviation of a formula is no new sample."""
    out: dict[str, Material] = {}
    for m in _NAMED_AS.finditer(text):
        names = _LIST_START.match(text, m.end(), m.end() + 200)
        if names is None:
            continue
        sentence = _SENTENCE_START.split(text[max(0, m.start() - 300):m.start()])[-1]
        opened = sentence.rfind("(")
        if opened > sentence.rfind(")") and not re.search(r"(?:^|\s)[a-z]+\s*$", sentence[:opened]):
            continue  # "Na1+xZr2SixP3-xO12 (hereafter referred to as NASICON)": the name of what precedes
        if not (_POLYMER_NAME.search(sentence) or _CHEMICAL_NAME.search(sentence)
                or any(x.info.valid for x in find_material_mentions(sentence, abbreviations))):
            continue
        for x in _LIST_SPLIT.split(names.group(0)):
            x = x.rstrip(".,;:")
            if not _SAMPLE_NAME.fullmatch(x) or sum(c.isupper() for c in x) < 2:
                break  # "PL-20, respectively": the list of names has ended
            if x in out or x in FIELD_ABBREVIATIONS or parse_material(x, abbreviations=abbreviations).valid:
                continue
            out[x] = Material(name=x)
    return out


def defined_classes(text: str, matcher: TermMatcher) -> dict[str, TermMatch]:
    """Acronym → the material class its plural acronym's long form ends in ("epitaxial
    heterostructures (EHs)" → heterostructure), singular ("EH") and plural, so that a review's
    later "EHs" are read as that class."""
    out: dict[str, TermMatch] = {}
    for m in _DEFINED.finditer(text):
        short = m.group(1)
        if short in out or sum(c.isupper() for c in short) < 2 or not _PLURAL.search(short):
            continue
        words = _long_form(text, m.start())
        for n in range(1, min(_CLASS_WORDS, len(words)) + 1):  # the head noun is last: "epitaxial heterostructures"
            tail = " ".join(words[-n:])
            hit = next((t for t in matcher.find(tail) if t.scheme == "materialclass" and t.end == len(tail)), None)
            if hit is not None:
                out[short] = out[short[:-1]] = hit
                break
    return out


def find_classes(text: str, named: dict[str, TermMatch]) -> list[TermMatch]:
    """Where ``text`` names a defined class by its acronym ("EHs", "EH")."""
    if not named:
        return []
    return [TermMatch("materialclass", named[m.group(0)].local, m.start(), m.end(), m.group(0))
            for m in _acronym_pattern(tuple(named)).finditer(text)]


def find_defined(text: str, named: dict[str, Material]) -> list[tuple[int, int, Material]]:
    """Where ``text`` names one of the defined materials by its acronym."""
    if not named:
        return []
    return [(m.start(), m.end(), named[m.group(0)]) for m in _acronym_pattern(tuple(named)).finditer(text)]


@lru_cache(maxsize=64)
def _acronym_pattern(shorts: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a document's acronyms, built once and used on every sentence."""
    alternatives = "|".join(re.escape(x) for x in sorted(shorts, key=len, reverse=True))
    return re.compile(rf"(?<![\w@/-])(?:{alternatives})(?![\w@/-])")


#: What turns an element's name into a material: "sodium metal", "a copper foil" or "film", "the zinc
#: anode", "metallic lithium". The bare name ("sodium-ion", "zinc ions") is the ion or a word
#: in a battery's name, not a material. "Layer" and "coating" are left out: "the carbon layer"
#: in a composite's paragraph is the composite's carbon, and the composite stays the subject.
_FORM_AFTER = (r"(?:metal|anodes?|foils?|electrodes?|discs?|disks?|plates?|sheets?|mesh|powders?|films?"
               r"|substrates?|current\s+collectors?|(?:nano)?wires?)")


#: An element named in words as a material, and each element's symbol by its name: "sodium metal",
#: "metallic zinc", an element given a value of its own in brackets ("sulfur (5 × 10-28 S cm-1)",
#: "lithium (3860 mAh g-1)") and one that has a property ("selenium has a higher conductivity").
_ELEMENT_WORDS = re.compile(rf"\b(?:metallic\s+(?P<n1>{_ELEMENT_NAMES})\b|(?P<n2>{_ELEMENT_NAMES})[\s-]+{_FORM_AFTER}\b"
                            rf"|(?P<n3>{_ELEMENT_NAMES})(?=\s?\(\s?[~≈∼<>]?\s?\d|\s+(?:has|have|had|shows?|showed|"
                            rf"exhibits?|exhibited|possess(?:es)?|delivers?|offers?)\b))", re.I)
_SYMBOL_OF = {e.name: e.symbol for e in _ELEMENTS}


def element_named(word: str) -> str | None:
    """The symbol of the element a word names ("sulfur" → "S"), if it names one."""
    return _SYMBOL_OF.get(word.lower())


def find_elements_in_words(text: str) -> list[tuple[int, int, Material]]:
    """Elements a text names in words as a material ("sodium metal", "metallic zinc", "sulfur (5
    × 10-28 S cm-1)")."""
    out = []
    for m in _ELEMENT_WORDS.finditer(text):
        name = next(n for n in ("n1", "n2", "n3") if m.group(n))
        word, start = m.group(name), m.start(name)
        symbol = element_named(word)
        out.append((start, start + len(word), Material(name=symbol, formula=symbol)))
    return out
