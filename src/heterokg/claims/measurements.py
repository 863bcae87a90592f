"""Measurement claims from a sentence's numbers.

A number becomes a claim only when the ontology can say what it measures: its unit must
fit a metric's canonical unit, and where several metrics share a dimension (percent,
electronvolt, millivolt) a label of the metric must stand near the number. Capacities are
the exception the field's prose allows: "x mAh g-1" is a specific capacity unless cycling
or rate words say more.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..normalise.grammar import ELEMENTS
from ..normalise.text import PlainText, plain_text_with_map
from ..vocabulary import Vocabulary, convert, parse_unit
from .curated import CONDITION_KEYS
from .model import EXTRACTOR, Claim, Evidence, Material, Quantity
from .terms import is_acronym

_WINDOW = 240  # characters before a number in which a metric label counts
#: A number that is a test condition, not a result: "at 15 A g-1", "under 0.5 mA cm-2",
#: "at a current density of 2 A g-1", "0.5 mA cm-2/1 mA h cm-2".
_CONDITION_LEAD = re.compile(r"(?:\b(?:at|under)\s*(?:an?\s+)?|/\s*"
                             # a critical, an exchange or a corrosion current density is a result
                             r"|(?<!critical )(?<!exchange )(?<!corrosion )\bcurrent density of\s*"
                             # "under a stack pressure of 5 MPa", "at an applied pressure of 10 MPa"
                             r"|\b(?:at|under)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}pressures?\s+of\s*"
                             # "charged to 4.2 V", "cycled between 1.2 and 2.8 V": where the test took the cell
                             r"|\b(?:charg|discharg|cycl|test|polari[sz]|scann)\w*\s+(?:back\s+)?(?:to|between|from)\s*"
                             # "with a capacity of 1 mAh cm-2": what a symmetric cell was cycled with
                             r"|\b(?:at|with)\s+(?:an?|the)\s+(?:areal\s+|plating\s+)?capacity\s+of\s*"
                             # "at the full charge state of 2.8 V": the state a spectrum was taken in
                             r"|\bstate\s+of\s*)$", re.I)
#: The current densities a series of tests was run at.
_CURRENTS_OF = re.compile(r"\bat\s+(?:(?:different|various|several|increasing|stepwise)\s+)?current densities\s+of\s*$", re.I)
#: "at" after what is found at a value ("two reduction peaks exist at 2.29 V", "a plateau at
#: 2.1 V") or after a verb of staying at a level ("the capacity remained at 86 mAh g-1") gives a
#: result, not a test condition.
_LOCATED_AT = re.compile(
    r"\b(?P<feature>(?:peak|plateau|shoulder|maximum|minimum|maxima|minima)s?)\s+(?:[a-z]+\s+){0,2}?(?:at|around)\s*$"
    r"|\b(?:remain|stay|stabili[sz]|maintain|retain|settl)\w*\s+at\s*$", re.I)
#: Where prose names no metric, a number in the canonical unit of this metric is one:
#: "delivers 512 mAh g-1" is a specific capacity.
_DEFAULT_METRIC = "SpecificCapacity"


def _metric_index(vocab: Vocabulary):
    """metric local → (dimensionalities of the units it allows, labels). A metric may be given in
    units of more than one dimension: power density per mass (W kg-1) or, for metal–air cells,
    per electrode area (mW cm-2)."""
    key = id(vocab)
    if key not in _CACHE:
        index = {}
        for local, unit_iri in vocab.canonical_unit.items():
            units = [vocab.unit_by_iri(u) for u in vocab.allowed_units.get(local) or (unit_iri,)]
            if None in units or not vocab.has("metric", local):
                continue
            dims = [parse_unit(u.pint_expression).dimensionality for u in units]
            index[local] = (dims, vocab.concept("metric", local).labels)
        _CACHE[key] = index
    return _CACHE[key]


_CACHE: dict[int, dict] = {}
_UNITLESS: dict[int, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {}


#: An acronym in brackets, as a paper defines one after the words it stands for:
#: "electrochemical stability window (ESW)".
_ACRONYM_DEFINED = re.compile(r"\s?\(\s?([A-Z][A-Za-z]{1,5})s?\s?\)")


def document_index(text: str, vocab: Vocabulary) -> dict:
    """The metric index for one document: the ontology's labels, and the acronyms the document
    defines for them ("the electrochemical stability window (ESW)"), so that a later sentence's
    "the ESW of X is 2.9 V" names the window. An acronym the ontology gives another metric, or
    that the document defines for two, is left as the ontology has it. Each bracketed acronym
    is checked for a label ending right before it (a few per paper), not each label searched
    for in the whole text."""
    index = _metric_index(vocab)
    taken = {label for _, labels in index.values() for label in labels if is_acronym(label)}
    defined: dict[str, set[str]] = {}
    for a in _ACRONYM_DEFINED.finditer(text):
        acronym = a.group(1)
        if not is_acronym(acronym) or acronym in taken:
            continue
        named = _last_label(text, max(0, a.start() - 80), a.start(), index)
        if named is not None and named[1] == a.start() and named[2] >= 8:
            defined.setdefault(acronym, set()).add(named[0])
    added = {acronym: metrics.pop() for acronym, metrics in defined.items() if len(metrics) == 1}
    if not added:
        return index
    return {local: (dims, labels + tuple(a for a, m in added.items() if m == local))
            for local, (dims, labels) in index.items()}


_OPEN_PAREN = re.compile(r"\s*\(\s*$")
#: A value followed by the material it belongs to: "0.35 eV for X", "9 mS/cm for stoichiometric
#: X", "a band gap (1.75 eV) of X", "5 mS cm-1 in the X" (one word may qualify the material).
_OWNER_AFTER = re.compile(r"\)?\s*(?:for|of|in)\s+(?:the\s+|an?\s+)?(?:[A-Za-z][\w‐-]*\s+)?")
#: Values each given for its material, listed side by side: "0.52 eV for PL and 0.38 eV for X" (what
#: stands before the second value).
_PAIRED_FOR_BEFORE = re.compile(r"\bfor\s+(?:the\s+)?[^\s,;()]+\s*,?\s*(?:and|while|whereas|but)\s+$")
#: The words that mark a baseline by what it lacks ("bare Cu", "the pristine electrode").
_BARE = r"(?:bare|pristine|pure|uncoated|unmodified)"
#: The baseline a compared value is given for, right after it: "compared with 85 mV on bare Cu".
_BASELINE_OWNER_AFTER = re.compile(r"\)?\s*(?:for|of|on|in|with)\s+(?:the\s+|an?\s+)?"
                                   # "for the cell with bare NCM811": the baseline is what the cell holds
                                   r"(?:(?:cells?|samples?|electrodes?|batter(?:y|ies)|one)\s+(?:with|using)\s+)?"
                                   rf"{_BARE}?\s*")
#: A value in brackets right after a material, or after the word naming its form: "bare Na
#: (-0.860 eV)", "than the bare Zn anode (500 h)", "MoS2 nanosheets (210 mAh g-1)"; not after a
#: property's words ("a higher Li2S precipitation capacity (165 mAh g-1)").
_PAREN_BEFORE = re.compile(r"^(?:[\s\-‐]*(?:anodes?|cathodes?|electrodes?|films?|layers?|coatings?|foils?|metal|"
                           r"pellets?|powders?|samples?|(?:nano)?particles|(?:nano)?sheets|nanowires|nanorods|"
                           r"cells?|composites?|crystals?|substrates?))?\s*\([^()]{0,40}$")
#: A value that qualifies the material named after it, at most one word between: "a 90 nm
#: thick silver film", "the 2 nm thick Al2O3 film".
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)\s+$", re.I)
_ATTRIBUTIVE = re.compile(r"[\s\-‐]*(?:[a-z]+[\s\-‐]+)?")
#: A value a material is described with right after its name: "X with a porosity of ~8%" (after a
#: comma, "Y outperforms X, with conductivities of", the phrase is said of the sentence's subject).
_WITH_PROPERTY = re.compile(r"\s+with\s+(?:an?\s+|the\s+|its\s+)?(?:[\w‐-]+\s+){1,3}of\s*(?:[~≈∼<>≤≥]\s*)?")


#: What joins the materials of a list: "SnO2 and SnSe2", "NiS2, CoS2 and FeS2", "MoS2/WS2".
_LIST_JOIN = re.compile(r"\s*(?:,\s*and|,|and|/)\s*$")


def _listed(text: str, group) -> bool:
    return all(_LIST_JOIN.fullmatch(text, a.end, b.start) for a, b in zip(group, group[1:]))


#: The values of a series after one of them, each with its unit printed: " and 11.2 Ω", ", 3.1 and 4.2 mS cm-1".
_SERIES_REST = re.compile(r"(?:\s*(?:,\s*and|,|and)\s*[~≈∼]?\s*[−-]?\d[\d.]*(?:\s*[^\s\d,;()]+){0,2}?(?=\s*(?:,|and|for|of|in)\b))*")


def _respective(text: str, q, mentions):
    """The material of a series paired by position with a list of as many materials: "the band
    gaps of SnO2 and SnSe2 are 3.8 and 1.0 eV" gives SnO2 3.8 eV and SnSe2 1.0 eV, as does
    "3.8 and 1.0 eV for SnO2 and SnSe2"."""
    position, size = q.series
    after = [m for m in mentions if m.start >= q.end][:size]
    rest = _SERIES_REST.match(text, q.end).end()  # "6.4 Ω and 11.2 Ω for X and Y": past the series' other values
    if len(after) == size and _OWNER_AFTER.fullmatch(text, rest if rest <= after[0].start else q.end, after[0].start) \
            and _listed(text, after):
        return after[position].material
    before = [m for m in mentions if m.end <= q.start]
    for first in range(len(before) - size, -1, -1):
        group = before[first:first + size]
        if _listed(text, group):
            return group[position].material
    return None


def _subject_for(text: str, q, mentions):
    """Which material a number is about, from how reviews print them:
    "X (96 mV)" and "0.81 eV (X)" bind tightly; values listed in the order of a list of
    materials pair by position; otherwise a heterostructure that is the sentence's subject wins
    over a single phase named nearer the number ("X achieves a higher Li2S precipitation
    capacity (165 mAh g-1)")."""
    if q.series[1] > 1 and (paired := _respective(text, q, mentions)) is not None:
        return paired
    after = next((m for m in mentions if m.start >= q.end), None)
    if after is not None and _OPEN_PAREN.match(text[q.end:after.start]):
        return after.material
    if after is not None and not after.baseline and _OWNER_AFTER.fullmatch(text, q.end, after.start):
        return after.material  # "0.35 eV for SG-LPSCl", "(1.75 eV) of Li2S2": whose value it is
    if after is not None and after.baseline and _BASELINE_OWNER_AFTER.fullmatch(text, q.end, after.start) \
            and _COMPARED.search(text, max(0, q.start - 30), q.start):
        return after.material  # "compared with 85 mV on bare Cu", "versus 1.5 mA cm-2 for bare Zn"
    if after is not None and after.baseline and _OWNER_AFTER.fullmatch(text, q.end, after.start) \
            and _PAIRED_FOR_BEFORE.search(text, max(0, q.start - 60), q.start):
        return after.material  # "48.2 kJ mol-1 for X and 71.5 kJ mol-1 for bare Li": each value and its own
    if after is not None and _ARTICLE_BEFORE.search(text, max(0, q.start - 8), q.start) \
            and _ATTRIBUTIVE.fullmatch(text, q.end, after.start):
        return after.material  # "a 90 nm thick silver film": the value of what the noun names
    if (compared := _compared_by_vs(text, q, mentions)) is not None:
        return compared
    before = [m for m in mentions if m.end <= q.start]
    if before and (_PAREN_BEFORE.match(text[before[-1].end:q.start]) or _WITH_PROPERTY.fullmatch(text, before[-1].end, q.start)):
        # "bare Na (-0.860 eV)", "compared with X with a porosity of ~8%": the compared material's own value
        return before[-1].material
    if before and _own_clause_baseline(text, before, q):
        return before[-1].material  # "..., whereas that of bare NCM83 grows from 45.2 to 310.5 Ω"
    # otherwise, what the value is compared with ("vs. Li/Li+", "than pristine VO2") is not its
    # subject; "the bare Na anode shows 35 mV" is bare Na's, as nothing else is named. A value
    # before the comparison ("the electrolyte gives 21 kJ mol-1, lower than that of Y") is the
    # paragraph's or paper's subject's where the sentence names nothing else
    if all(m.baseline and m.start >= q.end for m in mentions):
        return None
    first_named = not any(m.end <= q.start for m in mentions)
    mentions = [m for m in mentions if not m.baseline] or mentions
    before = [m for m in mentions if m.end <= q.start]
    if not before:
        if first_named and _ITS.match(text):
            return None  # "Its Tafel slope of 58 mV dec-1 is smaller than those of Y ...": the last subject's
        # a bare element named after the value ("3.2 × 10-2 S cm-1 is the highest among sulfide
        # Li and Na-ion conductors", "... Li stuffing is not needed") is most often the ion or an
        # element named in passing, as for the paragraph's subject: not whose value it is, unless
        # named as the metal ("-2.37 V ..., Mg anodes can deliver"). Nor is a material named
        # with its own value ("... than those of Y (112 mV dec-1) and Z (95 mV dec-1)") or in a
        # clause that turns to it ("it retains 586 mAh g-1, whereas Y fades to 312 mAh g-1").
        named = [m for m in mentions if (m.material.name not in ELEMENTS or m.protected)
                 and not (first_named and (_OWN_VALUE_AFTER.match(text, m.end) or _CONTRAST.search(text, q.end, m.start)))]
        return named[0].material if named else None
    # "the nano-CaCO3 coated Zn cell worked for 836 h": the metal anode a coating protects is
    # where the value was measured, the coating what it is told of (as for concept claims)
    if _ITS.match(text) and all(m.protected or _ELECTRODE_AFTER.match(text, m.end) for m in before):
        return None  # "Its electronic conductivity, measured with blocking Au electrodes, is": the last subject's
    before = [m for m in before if not m.protected] or before
    nearest = before[-1]
    first = before[0]
    if first.material.components and not nearest.material.components \
            and not _CONTRAST.search(text, first.end, nearest.start):
        return first.material
    return nearest.material


#: A material printed with a value of its own in brackets: "Y (112 mV dec-1)", "Y (~52.4 %)".
_OWN_VALUE_AFTER = re.compile(r"\s*\(\s*[~≈∼<>≤≥]?\s*[−-]?\d")
#: A material named as the electrodes a measurement used: "blocking Au electrodes", "stainless steel
#: current collectors".
_ELECTRODE_AFTER = re.compile(r"[\s-]*(?:(?:ion-?)?blocking\s+)?(?:electrodes?|current\s+collectors?)\b", re.I)
#: A sentence about the property of what the last one spoke of: "Its electronic conductivity ...".
_ITS = re.compile(r"\s*(?:its|their)\s", re.I)
#: A clause that turns to another material: "X delivers 186 mAh g-1, while the uncoated Y reaches
#: only 152 mAh g-1", "whereas the Y cell short-circuits after 230 h": the value after it is Y's.
_CONTRAST = re.compile(r"\b(?:while|whereas|but|although|though|in\s+contrast|by\s+contrast|on\s+the\s+other\s+hand)\b|;",
                       re.I)


#: A baseline marked by what it lacks ("bare NCM83", "the pristine electrode"), not by a word
#: of comparison ("than", "compared with").
_BARE_BEFORE = re.compile(rf"\b{_BARE}\s+$", re.I)


def _own_clause_baseline(text: str, before, q) -> bool:
    """Whether the material last named before a value is a bare baseline that its own
    contrasting clause gives the value to ("X retains 91 %, while the retention of bare Y drops
    to 58 %"; "..., whereas that of bare Y grows from 45 to 310 Ω"): the clause opens after the
    sentence's other material, and no word compares the value with the baseline."""
    last = before[-1]
    if not last.baseline or not _BARE_BEFORE.search(text, max(0, last.start - 12), last.start):
        return False
    if _COMPARED.search(text, last.end, q.start):
        return False
    others = [m for m in before if not m.baseline]
    opened = _CONTRAST.search(text, others[-1].end if others else 0, last.start)
    return opened is not None and not _COMPARED.search(text, opened.end(), last.start)


#: A value compared with the value that follows it ("0.13 eV vs. 0.197 eV"), and the value
#: compared with the one before it, its unit's letters or a bracket between.
_VS_AFTER = re.compile(r"\s*(?:vs\.?|versus)\s*[~≈∼<>]?\s*\d")
_VS_BEFORE = re.compile(r"\d\s*[^\s\d()]{0,12}\s*(?:vs\.?|versus)\s*[~≈∼<>]?\s*$")


def _vs_pair(text: str, q) -> bool:
    """Whether a value is one of two compared by "vs." ("0.13 eV vs. 0.197 eV")."""
    return bool(_VS_BEFORE.search(text, max(0, q.start - 30), q.start) or _VS_AFTER.match(text, q.end))


def _compared_by_vs(text: str, q, mentions):
    """Whose value each of two values compared by "vs." is: the second the compared material's
    (the baseline named before them: "comparable to Y (0.13 eV vs. 0.197 eV), X exhibits"), the
    first the other's; where no baseline is marked, the two materials last named before them,
    in order ("X and Y have different conductivities (9 mS/cm vs. 3 mS/cm)"). None where the
    values are no such pair, or the sentence does not name both."""
    second = bool(_VS_BEFORE.search(text, max(0, q.start - 30), q.start))
    if not second and not _VS_AFTER.match(text, q.end):
        return None  # not one of two values compared by "vs."
    before = [m for m in mentions if m.end <= q.start]
    baselines = [m for m in before if m.baseline]
    if baselines:
        others = [m for m in mentions if not m.baseline]
        nearest = [m for m in others if m.end <= q.start][-1:] or others[:1]
        return baselines[-1].material if second else (nearest[0].material if nearest else None)
    if len(before) >= 2 and before[-1].material.name != before[-2].material.name:
        return before[-1].material if second else before[-2].material
    return None


def _owners(text: str, q, mentions, subject) -> list:
    """Every material a value belongs to: the subject, and the materials coordinated with it
    when they are the subject of the sentence together ("Li3YCl6 and Li3YBr6 exhibit 1 mS
    cm-1": the predicate holds for each). A series is paired by position instead ("3.8 and
    1.0 eV, respectively"), as are two values compared by "vs.", and a value bound to one material
    by a parenthesis or "for" keeps that one."""
    if subject is None or q.series[1] > 1 or _RESPECTIVELY.search(text) or _vs_pair(text, q):
        return [subject]
    before = [m for m in mentions if m.end <= q.start and not m.baseline]
    if not before or before[-1].material is not subject or _PAREN_BEFORE.match(text[before[-1].end:q.start]):
        return [subject]
    group = [before[-1]]
    for m in reversed(before[:-1]):
        if not _AND_JOIN.fullmatch(text, m.end, group[0].start):
            break
        group.insert(0, m)
    if len(group) < 2 or not _AND_JOIN_LAST.fullmatch(text, group[-2].end, group[-1].start) \
            or _PARTS_OF.search(text, max(0, group[0].start - 40), group[0].start):
        return [subject]
    return [m.material for m in group]


#: The reference numbers a PDF's text prints after a material, once superscripts: "Na11Sn2PS12 16,17 and".
_CITED = r"(?:\s+\[?\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\]?)?"
#: What joins the members of a coordinated subject: "A and B", "A, B and C", "A or B", "A 16,17 and B 18".
_AND_JOIN = re.compile(_CITED + r"\s*(?:,\s*(?:and|or)|,|and|or)\s*")
#: The last two members of a coordination are joined by a conjunction, not only a comma
#: ("A, B" is an apposition or a list of examples).
_AND_JOIN_LAST = re.compile(_CITED + r"\s*,?\s*(?:and|or)\s*")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
#: Members that are the parts of one material: "a composite of A and B", "made of A and B".
_PARTS_OF = re.compile(r"\b(?:composites?|mixtures?|blends?|heterostructures?|consisting|composed|made)\s+of\s+(?:the\s+)?$", re.I)


#: The metric whose value belongs to an ion, not to the compound it sits in: "Zr4+ (0.72 Å)",
#: "Cl− = 167 pm". Its value is claimed for the ion printed right before it.
_ION_RADIUS = "IonicRadius"
#: An ion printed right before a value, as tables of radii and prose print them: "Cl− = 167 pm",
#: "(F−, 122 pm)", "Zr4+ (~0.72 Å)", "Tb 3+ = 106 pm", "Li + = 90 pm". The charge sign is
#: required: "Y (0.9 Å)" may be yttrium the element or a placeholder.
_ION_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?P<el>[A-Z][a-z]?)\s?(?P<n>\d?)\s?(?P<sign>[+\-−])\s?[=,:(]?\s?[~≈∼]?\s*$")


def _ion_before(text: str, start: int) -> Material | None:
    """The ion whose value starts at ``start``, when one is printed right before it."""
    m = _ION_BEFORE.search(text, max(0, start - 16), start)
    if m is None or m.group("el") not in ELEMENTS:
        return None
    sign = "+" if m.group("sign") == "+" else "−"
    return Material(name=f"{m.group('el')}{m.group('n')}{sign}", formula=m.group("el"))


_CURRENTS = ("specific_current", "current_density", "c_rate")


#: A capacity named as the first cycle's: "an initial discharge capacity of", "the first-cycle
#: capacity is", "initial discharge and charge capacities of" (what ends right before the value,
#: or the label of its metric).
_INITIAL_CAPACITY = re.compile(
    r"\b(?:initial|first(?:[\s-]+cycle)?)\s+(?:(?:discharge|charge|specific|reversible|gravimetric)(?:\s+and|\s*/)?\s+)*capacit(?:y|ies)"
    r"(?:\s+(?:of|is|was|reach(?:es|ed)?)\s*(?:about\s+|approximately\s+|up\s+to\s+|[~≈∼]\s*)?)?$", re.I)


def _capacity_by_test(metric: str, conditions: dict, vocab: Vocabulary, initial: bool = False,
                      first: bool = False) -> str:
    """A capacity is named by the test it comes from: after N cycles it is a capacity after
    cycling; at a stated current but no cycle count, a point of the rate test, unless it is
    named as the first cycle's ("an initial discharge capacity of 203 mAh g-1 at 0.1 C"), which
    every test starts with. A value named so right before it (``first``) is no capacity after
    cycling either, though the sentence goes on to what is left of it "after 300 cycles"; one
    that only shares the label ("an initial capacity of 1023 and 745 mAh g-1 after 1000
    cycles") is."""
    if metric != _DEFAULT_METRIC:
        return metric
    if "cycles" in conditions and not first and vocab.has("metric", "CapacityAfterCycling"):
        return "CapacityAfterCycling"
    if not initial and any(k in conditions for k in _CURRENTS) and vocab.has("metric", "RateCapacity"):
        return "RateCapacity"
    return metric


def _default_metric(unit: str, vocab: Vocabulary) -> str | None:
    iri = vocab.canonical_unit.get(_DEFAULT_METRIC)
    canonical = vocab.unit_by_iri(iri) if iri else None
    if canonical is not None and vocab.unit_among(parse_unit(unit), (canonical.iri,)):
        return _DEFAULT_METRIC
    return None


_SPACES = re.compile(r"[\s\-‐‑–]+")


@lru_cache(maxsize=4096)
def _label_rx(label: str) -> re.Pattern[str]:
    """A metric label as printed: acronyms ("ICE", "CE") case-sensitive and never inside a
    word; other labels in any case, across line breaks and hyphens ("theoretical\ncapacity"),
    their digits also as subscripts."""
    words = [re.escape(w) for w in _SPACES.split(label.strip()) if w]
    if words and not is_acronym(label) and words[-1][-1:].isalpha():
        # the plural of the last word: "ion conductivities", "band gaps"
        words[-1] = words[-1][:-1] + "(?:y|ies)" if words[-1].endswith("y") else words[-1] + "(?:e?s)?"
    # a count in a label may be printed as a subscript: "NH3 yield" is "NH₃ yield"
    body = re.sub(r"\d", lambda d: f"[{d.group()}{chr(0x2080 + int(d.group()))}]", r"[\s\-‐‑–]+".join(words))
    if is_acronym(label):
        return re.compile(rf"(?<![A-Za-z]){body}s?(?![A-Za-z])")
    return re.compile(rf"(?<![A-Za-z]){body}", re.I)


def _nearest_metric(text: str, pos: int, candidates: dict) -> tuple[str, int] | None:
    """The metric whose label ends nearest before ``pos`` (the longer label on a tie). An
    acronym a paper defines in parentheses after a label ("the initial coulombic efficiency
    (CE)") stands for that label, whatever metric the acronym alone would name."""
    best = _last_label(text, max(0, pos - _WINDOW), pos, candidates)
    if best is not None and (opened := _DEFINED_BEFORE.search(text, max(0, best[1] - best[2] - 3), best[1] - best[2])):
        defined = _last_label(text, max(0, opened.start() - 80), opened.start(), candidates)
        if defined is not None and defined[1] == opened.start():
            return defined[0], best[1]
    return (best[0], best[1]) if best else None


#: A current density named again, plainly, after a metric's label and before the value: the
#: current the test applied ("The CCD was determined by increasing the current density stepwise
#: from 0.1 mA cm-2").
_PLAIN_CURRENT = re.compile(r"\b(?:the|a|an|increasing|increased|applied)\s+current\s+densit(?:y|ies)\b(?!\s+at\s+which)", re.I)


def _own_nearest_metric(text: str, pos: int, candidates: dict, taken_before: int) -> tuple[str, int] | None:
    """:func:`_nearest_metric`, unless its label stands before an earlier value (ending at
    ``taken_before``) and the words right before this one name a quantity of their own: in "a
    thickness of 800 µm and a diameter of 10 mm" the thickness is the first value's."""
    near = _nearest_metric(text, pos, candidates)
    if near is not None and near[1] <= taken_before and _OWN_NAME_BEFORE.search(text, max(0, pos - 40), pos):
        return None
    return near


#: A value named by a noun phrase of its own right before it: "and a diameter of 10 mm".
#: ("in the order of 10-6 S cm-1" says how big, see _MAGNITUDE_IDIOM).
_OWN_NAME_BEFORE = re.compile(r"\b(?:a|an|the|its|their)\s+(?!(?:order|range|region|vicinity)\b)(?:[A-Za-z][\w-]*\s+){1,2}of"
                              r"\s*(?:about\s+|~\s*|≈\s*)?$", re.I)


#: An acronym's opening parenthesis, right after the words it abbreviates.
_DEFINED_BEFORE = re.compile(r"\s?\(\s?$")


def _last_label(text: str, lo: int, hi: int, candidates: dict) -> tuple[str, int, int] | None:
    """(metric, end, length) of the label ending last in ``text[lo:hi]`` (the longer on a tie)."""
    best = None
    for local, (_, labels) in candidates.items():
        for label in labels:
            if len(label) < 3 and not is_acronym(label):
                continue
            hits = list(_label_rx(label).finditer(text, lo, hi))
            if not hits:
                continue
            m = hits[-1]
            if best is None or m.end() > best[1] or (m.end() == best[1] and len(m.group(0)) > best[2]):
                best = (local, m.end(), len(m.group(0)))
    return best


#: What may stand between a value and the metric it qualifies: "a 1200 h lifespan", "a 1200-h lifespan".
_BEFORE_LABEL = re.compile(r"[ \t\-‐‑–]{0,2}")


def _metric_after(text: str, end: int, candidates: dict) -> tuple[str, int] | None:
    """The metric whose label follows the value as the noun it qualifies ("a 1200 h lifespan",
    "95.1 % capacity retention", "-0.63 eV binding energy"): the longest such label."""
    pos = _BEFORE_LABEL.match(text, end).end()
    if pos == end and end < len(text) and text[end].isalnum():
        return None
    best = None
    for local, (_, labels) in candidates.items():
        for label in labels:
            if len(label) < 3 and not is_acronym(label):
                continue
            m = _label_rx(label).match(text, pos) or _adjective_rx(label).match(text, pos)
            if m and (best is None or len(m.group(0)) > best[2]):
                best = (local, m.end(), len(m.group(0)))
    return (best[0], best[1]) if best else None


_NEVER = re.compile(r"(?!)")


@lru_cache(maxsize=4096)
def _adjective_rx(label: str) -> re.Pattern[str]:
    """The adjective a one-word "-ness" label is the quality of, as printed after a value:
    "a 120 nm thick copper film" is a thickness."""
    if " " in label or not label.endswith("ness") or len(label) < 8:
        return _NEVER
    return re.compile(rf"{re.escape(label[:-4])}(?![A-Za-z])", re.I)


#: The rule under a Markdown table's header ("|---|:---:|"): what follows are cells, whose
#: column headers say what they hold, not words that name a value.
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$", re.M)


#: What an outlook says of values (what should be reached, what is expected), which no one
#: measured (docs/annotation-guideline.md: an outlook sentence carries no claim), but not "it
#: should be mentioned that", which introduces a finding. Not "could"
#: ("the cell could be cycled for 1000 h" reports what was done) nor "required" ("110 mV is
#: required to reach 10 mA cm-2" is how a catalyst is measured).
_OUTLOOK = re.compile(r"\b(?:should(?! be (?:mentioned|noted|pointed out|emphasi[sz]ed|stressed|highlighted))|must|needs? to|"
                      r"(?:is|are) expected to|would|future|aims? (?:at|to)|targets?|targeting)\b", re.I)


def extract(text: str, ev: Evidence, refs, mentions, context, vocab: Vocabulary, index=None) -> list[Claim]:
    """The measurement claims of one sentence. Its words are read as plain text (LaTeX and
    Unicode exponents flattened, see :func:`plain_text_with_map`): "a capacity of ${52}\\mathrm{mA}$"
    names its metric as "a capacity of 52 mA" does, and the rules reading the words around a
    number are written once, against the plain form. Quotes of values stay the source's."""
    from ..normalise.quantities import find_quantities

    if _TABLE_RULE.search(text):
        return []  # a Markdown table the page left among the prose: cells, not a sentence
    if _OUTLOOK.search(text):
        return []  # "should exceed 20 mg cm-2", "is expected to reach 5 mS cm-1": no value was measured
    plain = plain_text_with_map(text)
    if plain.text != text:
        mentions = [replace(m, start=plain.plain_offset(m.start), end=plain.plain_offset(m.end)) for m in mentions]
        text = plain.text
    index = index or _metric_index(vocab)  # the document's (see document_index), or the ontology's
    quantities = find_quantities(text)
    out: list[Claim] = []
    for q, readings, conditions in [*_read(text, quantities, index, vocab), *_unitless(text, quantities, vocab)]:
        subject = _subject_for(text, q, mentions)
        owners, penalty = _owners(text, q, mentions, subject), 0.0
        if subject is None and context is not None:
            # the paragraph's subject, else the paper's (see extract._paper_subject)
            owners, penalty = [context.material], 0.3 if context.source == "paper" else 0.2
        ion = _ion_before(text, q.start) if any(r[0] == _ION_RADIUS for r in readings) else None
        value, unit, value_max = _ordered(q)
        for metric, prior, phrase in readings:
            if _out_of_bounds(metric, value, unit, vocab) or _misread_range(text, q):
                continue  # a misread number: outside the metric's physical bounds, or a range that is none
            if metric is None and _photon_energy(q):
                continue  # a spectrum's peak ("a feature at 2473.0 eV"), not a property of the material
            kind = "property" if metric is None or metric in vocab.property_metrics else "performance"
            by_ion = ion is not None and metric == _ION_RADIUS
            for owner in [ion] if by_ion else owners:
                if owner is None:
                    continue
                out.append(Claim(
                    id="", kind=kind, material=owner, evidence=ev, method="machine",
                    # a subject carried over from an earlier sentence is the commonest error
                    confidence=prior - (0.0 if by_ion else penalty),
                    metric=metric, property_text=phrase,
                    quantity=Quantity(value, unit, value_max, _qualifier(q.qualifier), plain.surface(q.start, q.end)),
                    conditions=_conditions(conditions, plain),
                    cited_refs=refs, extractor=EXTRACTOR,
                ))
    return out


#: "a voltage plateau of 2.6 to 2.0 V", "between 2.4 and 1.6 V": a range printed from its upper end, in words.
_WORDED_RANGE = re.compile(r"\s(?:to|and)\s")
#: "decreases from 600 to 400 mAh g-1": a value before a change and one after it, not a range.
_FROM = re.compile(r"\bfrom\s*$", re.I)


def _misread_range(text: str, q) -> bool:
    """A range running downwards that is no range: printed with a dash ("12-2 V", more often
    a misread than a range), or the two ends of a change ("from 2.6 to 2.0 V"). A sloping
    plateau "of 2.6 to 2.0 V" is a range printed from its upper end."""
    if q.value_max is None or q.value_max >= q.value:
        return False
    return not _WORDED_RANGE.search(text, q.start, q.end) or bool(_FROM.search(text, max(0, q.start - 8), q.start))


def _ordered(q) -> tuple[float, str, float | None]:
    """(value, unit, value_max) with a range's smaller end first, as the guideline writes
    ranges printed in either order."""
    if q.value_max is not None and q.value_max < q.value:
        return q.value_max, q.unit, q.value
    return q.value, q.unit, q.value_max


#: A step of making a sample, in the clause before a time it took: "ball milling for a longer
#: time (20 h", "annealed at 250 °C for 2 h".
_PROCESSED_FOR = re.compile(r"\b(?:mill|anneal|sinter|calcin|heat|stirr|dried|drying|reflux|quench|soak|press|grind)\w*\b"
                            r"(?![^,;.]*\bcycl)[^,;.]{0,50}$", re.I)
#: The moment a measurement was taken at, not how long a cell lasted: "before and after 100 h of
#: cycling", "during the first 500 h", "within the first 50 h".
_TAKEN_AT = re.compile(r"\b(?:before|after|during|within|in)\s+(?:and\s+after\s+)?(?:the\s+(?:first|initial|last|final)\s+)?$", re.I)


def _processing_time(text: str, lead: int) -> bool:
    """Whether a time is how long a sample was processed, or when during a test a measurement was
    taken (in a sentence that tells of no failure: "short-circuits after 230 h" is the time a cell lasted)."""
    if _PROCESSED_FOR.search(text, max(0, lead - 60), lead):
        return True
    taken = _TAKEN_AT.search(text, max(0, lead - 30), lead)
    return bool(taken) and ("the" in taken.group().lower().split() or "before" in taken.group().lower()) \
        and not _FAILURE.search(text)


#: A value that is one part of a ratio: "active material:electrolyte = 85%:15%".
_RATIO_PART = re.compile(r"\s?:\s?\d")
#: A value that names a level to compare with, not one measured: "crosses the 1 mS/cm line",
#: "intersects the 10 mS/cm and 100 mS/cm lines", "the 500 Wh kg-1 target".
_REFERENCE_LEVEL = re.compile(r"(?:\s*(?:,|and|or)\s*[~≈∼]?\d[\d.]*\s?[^\s,;()]{0,12})*\s+(?:lines?|thresholds?|marks?|benchmarks?|targets?)\b", re.I)
#: A value by which one exceeds another, not a value of either: "40 mV higher than that of the
#: pristine electrode", "a capacity 50 mAh g-1 larger than". (A share, "~10% higher than", is
#: the relative difference papers report as a finding.)
_DIFFERENCE = re.compile(r"\s+(?:higher|lower|larger|smaller|greater|bigger|longer|shorter|wider|narrower|more|less)\s+than\b",
                         re.I)
#: What may stand between a value and the range of its test that follows it.
_BEFORE_WINDOW = re.compile(r"\s*(?:between|from|within|in\s+the\s+range\s+of)?\s*", re.I)


def _window_of_value_before(text: str, quantities: list, q, lead: int) -> bool:
    """Whether a range follows another kind of value with nothing but "between" or "from"
    between them ("a capacity of 120 mAh g-1 between 2.6 and 1.6 V"): the window that value was
    measured in, not a result of its own."""
    before = [o for o in quantities if o.end <= lead]
    return (q.value_max is not None and bool(before) and before[-1].kind != q.kind
            and bool(_BEFORE_WINDOW.fullmatch(text, before[-1].end, lead)))


def _read(text: str, quantities: list, index, vocab: Vocabulary) -> list[tuple[object, list, dict]]:
    """Each number with a unit and what it may measure: (quantity, [(metric, prior, property
    text)], conditions); numbers that are test conditions or name nothing are left out."""
    out = []
    for q, lead in _series(text, quantities):
        # the values of a series ("0.4 and 0.9 mA cm-2", "415/367 mAh g-1", "2.5 V and 2.2 V")
        # are named, and made conditions, by the words before the first of them (at ``lead``)
        if q.qualifier == "±":
            continue  # "an RMS error of ~±38 meV": the error of some value, not a value
        if _RATIO_PART.match(text, q.end) or _window_of_value_before(text, quantities, q, lead) \
                or _REFERENCE_LEVEL.match(text, q.end) or (q.kind != "percentage" and _DIFFERENCE.match(text, q.end)):
            continue  # a part of a ratio, the window another value was measured in, a plot's reference line, a difference
        if q.kind == "time" and _processing_time(text, lead):
            continue  # "ball milling for a longer time (20 h", "before and after 100 h of cycling": a setting
        if q.kind == "cycle_count" and _is_cycle_life(text, q):
            q = replace(q, unit="dimensionless", kind="count")
            readings, conditions = [(_CYCLE_LIFE, 0.7, None)], {}
        elif worded := _by_wording(text, q, lead, vocab):
            readings, conditions = worded
        elif q.kind == "length" and _ion_before(text, q.start) is not None and vocab.has("metric", _ION_RADIUS):
            readings, conditions = [(_ION_RADIUS, 0.7, None)], {}  # "Cl− = 167 pm", "(F−, 133 pm)": an ion's size
        else:
            earlier = [o.end for o in quantities if o.end <= lead and o.kind == q.kind]
            found = _metric_for(text, q, index, vocab, lead, earlier[-1] if earlier else -1)
            if found is None:
                continue
            metric, near, conditions = found
            # a metric named beside the number beats one guessed from its unit, which beats one
            # whose name shares its head word with the words before the number ("conductivity
            # of 32 mS cm-1": ionic or electronic, the scorer decides), which beats a property
            # named only in words (precision of each on development text)
            readings = [(metric, 0.8 if near else 0.7, None)] if metric else _unnamed(text, lead, q, index, vocab)
            if not readings and out:
                readings = _reading_of_earlier(text, out, q, lead)
        out.append((q, readings, conditions))
    return out


#: What stands between two values given for two materials in turn: "(SG-LPSCl) and", "for X,".
_PAIRED = re.compile(r"(?:\s*(?:\([^()]{1,40}\)|for\s+[^\s,;()]+)){1,2}\s*(?:,\s*and|,|and)\s*")


def _paired_after(text: str, prev, q, lead: int) -> bool:
    """Whether a value follows another of its kind with only the first one's material between
    ("<500 nm (SG-LPSCl) and ~20-40 µm (LG-LPSCl)", "~83% for A, ~92% for B")."""
    return prev.kind == q.kind and prev.end <= lead and bool(_PAIRED.fullmatch(text, prev.end, lead))


#: What stands between the two ends of a change, each perhaps said of a material: "from 9.86 Å
#: for X (LPSC) to 9.83 Å", "from 6.74 Å to 6.81 Å".
_CHANGE_TO = re.compile(r"(?:\s*(?:\([^()]{1,40}\)|for\s+[^\s,;()]+))*\s*to\s*")
#: A change of the quantity just given, told of it by a pronoun: "18 nm for X, and annealing
#: increases it to 45 nm", "raises them to".
_CHANGES_IT = re.compile(r"\b(?:increases|increased|decreases|decreased|raises|raised|lowers|lowered|reduces|reduced|"
                         r"changes|changed|brings|brought)\s+(?:it|them)\s+to\s*$", re.I)


def _changed_to(text: str, prev, q, lead: int) -> bool:
    """Whether a value is where a change of an earlier one of its kind ends: one that began
    "from" it (the same quantity, of the material named after it or of the one before), or one
    a pronoun tells of it ("increases it to")."""
    if prev.kind != q.kind or prev.end > lead:
        return False
    between = text[prev.end:lead]
    return bool(_FROM.search(text, max(0, prev.start - 8), prev.start)) and bool(_CHANGE_TO.fullmatch(between)) \
        or bool(_CHANGES_IT.search(between)) and not re.search(r"[;.]\s", between)


#: Words that compare what follows with what came before: "wider than for X", "vs.", "compared with X".
_COMPARED = re.compile(r"\b(?:than|vs\.|versus|compared\s+(?:to|with)|relative\s+to|in\s+contrast\s+to)(?!\w)", re.I)


def _reading_of_earlier(text: str, out: list, q, lead: int) -> list:
    """What an earlier value of the same kind measures, for a value no words name that is given
    for another material in turn ("1.1 µm (SG-LPSCl) and 6.5 µm (LG-LPSCl)") or compared with
    it ("(2.54 V and 2.20 V), which is wider than for X and Y (1.82 V and 1.16 V)", "(0.4 mA
    cm-2) compared with X (0.9 mA cm-2)"), or where a change of it ends ("decreases from 9.86 Å
    for X to 9.83 Å for Y", "increases it to 45 nm"): the comparison is of one quantity."""
    if _paired_after(text, out[-1][0], q, lead):
        return out[-1][1]
    earlier = next((o for o in reversed(out) if o[1] and o[0].kind == q.kind and o[0].end <= lead), None)
    if earlier is not None and (_COMPARED.search(text, earlier[0].end, lead) or _changed_to(text, earlier[0], q, lead)):
        return earlier[1]
    return []


#: A number printed with no unit: "0.54", "0.078(5)" (a standard uncertainty), not part of a
#: word, a formula, a site label ("Na(1)"), a ratio ("1:2"), a power of ten or a range.
_BARE_NUMBER = re.compile(r"(?<![\w.\-−/=:+])(?<!\w\()(?P<v>\d+(?:\.\d+)?)(?:\(\d{1,3}\))?(?![\w%:/+]|\.\d|\s?[×x]\s?10|\s?[-–]\s?\d)")
#: The head words of quantities that have no unit: ratios (Pugh's, Poisson's, Haven), site
#: occupancies, transference numbers, correlation and tortuosity factors.
_UNITLESS_HEADS = frozenset("ratio occupancy number factor".split())
#: What makes a number a transference number rather than a count ("the number of cycles").
_TRANSFER_WORDS = frozenset("transference transport transfer".split())
#: Ratios of amounts are compositions or recipes ("a molar ratio of 3"), not properties.
_AMOUNT_WORDS = frozenset("molar mass weight atomic volume stoichiometric mixing feed mole aspect".split())


def _unitless(text: str, quantities: list, vocab: Vocabulary) -> list[tuple[object, list, dict]]:
    """Numbers without a unit that the words before them name as a quantity that has none:
    "Pugh's ratio of 0.54", "the W occupancy is 0.078(5)", "a Li+ transference number of 0.82"
    (the ontology's metric where its label is printed, else those words as property text).
    A composition ("x = 0.5") or a ratio of amounts ("a molar ratio of 3") is no such number."""
    from ..normalise.quantities import _QUALIFIER
    from ..normalise.quantities import Quantity as Found

    taken = [(q.start, q.end) for q in quantities]
    unitless = _unitless_metrics(vocab)
    out = []
    for m in _BARE_NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        qual = _QUALIFIER.search(text, max(0, m.start() - 20), m.start())
        lead = qual.start() if qual else m.start()
        if named := [local for local, (_, symbols) in unitless.items() if _symbol_before(text, lead, symbols)]:
            readings = [(local, 0.6, None) for local in named]  # "(t+ ≈ 0.82)", "tLi+ = 0.63"
        elif not (readings := _unitless_phrase(text, lead, vocab)):
            continue
        value = float(m.group("v"))
        q = Found(lead, m.end(), text[lead:m.end()], value, None, qual.group("q") if qual else None,
                  "dimensionless", value, "dimensionless", "count")
        out.append((q, readings, {}))
    return out


def _unitless_metrics(vocab: Vocabulary) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each metric that has no unit, with its labels and the symbols written for it: its quantity
    symbols and its labels that are symbols ("t+", "tLi+"). Found once per vocabulary."""
    key = id(vocab)
    if key not in _UNITLESS:
        _UNITLESS[key] = {
            local: (c.labels, c.symbols + tuple(label for label in c.labels if " " not in label and len(label) <= 6))
            for local, unit in vocab.canonical_unit.items()
            if vocab.has("metric", local) and unit.endswith("/UNITLESS") and (c := vocab.concept("metric", local))}
    return _UNITLESS[key]


def _unitless_phrase(text: str, lead: int, vocab: Vocabulary) -> list[tuple[str | None, float, str | None]]:
    """The reading of a number without a unit from the words before it (at ``lead``), if they
    name a quantity that has none (see :func:`_unitless`)."""
    phrase = property_phrase(text, lead)
    words = phrase.lower().split() if phrase else []
    if not words or _singular(words[-1]) not in _UNITLESS_HEADS or _AMOUNT_WORDS.intersection(words):
        return []
    if len(words) == 1 and words[0] != "occupancy":
        return []  # "the ratio can be 240": a ratio of what the sentence does not say
    if _singular(words[-1]) == "number" and not _TRANSFER_WORDS.intersection(words):
        return []
    metric = next((local for local, (labels, _) in _unitless_metrics(vocab).items()
                   if any(label.lower() in phrase.lower() for label in labels)), None)
    return [(metric, 0.5, None if metric else phrase)]


def _series(text: str, quantities: list) -> list[tuple[object, int]]:
    """Each quantity with the start of the series it belongs to: values sharing one unit
    ("0.4 and 0.9 mA cm-2"), and values of one kind each with its unit, listed with nothing
    but commas and "and" between them ("(2.54 V and 2.20 V)"), which become a series too."""
    out: list[tuple[object, int]] = []
    group: list = []

    def flush():
        if len(group) > 1:
            out.extend((replace(g, series=(i, len(group))), group[0].start) for i, g in enumerate(group))
        else:
            out.extend((g, g.start) for g in group)
        group.clear()

    for q in quantities:
        if q.series[1] > 1:
            flush()
            first = next((o.start for o in quantities if o.end == q.end and o.series == (0, q.series[1])), q.start)
            out.append((q, first))
            continue
        if group and not (group[-1].kind == q.kind and group[-1].unit == q.unit
                          and _AND_LIST.fullmatch(text, group[-1].end, q.start)):
            flush()
        group.append(q)
    flush()
    return out


#: What joins the values of a list: "2.54 V and 2.20 V", "1 V, 2 V and 3 V", also each read on a
#: reference electrode's scale ("0.9 V versus Ag/AgCl and 0.5 V versus Ag/AgCl").
_AND_LIST = re.compile(r"(?:\s*(?:vs\.?|versus)\s*[^\s,;()]+(?:\s?[+/]\s?[^\s,;()]*){0,3}?)?\s*(?:,\s*and|,|and)\s*")


def _unnamed(text: str, lead: int, q, index, vocab: Vocabulary) -> list[tuple[str | None, float, str | None]]:
    """Readings of a number no metric label stands beside: each metric of its unit whose
    label ends in the head word of the words before it (before ``lead``, where its series
    begins), else those words as its property text; nothing when no words name it, or they
    name no metric and stand before the parenthesis the value opens or the value's unit has
    no IRI to be written with."""
    unit = parse_unit(q.unit)
    fitting = [m for m, (dims, _) in index.items() if unit.dimensionality in dims]
    by_symbol = sorted(m for m in fitting if _symbol_before(text, lead, vocab.concept("metric", m).symbols))
    if len(by_symbol) > 1:  # "σ" stands for an ionic and an electronic conductivity alike
        by_symbol = _of_several(by_symbol, [], text, index)
    if by_symbol:  # "σ 25 of 3.2 × 10 -2 S cm -1", "E a of 19 kJ mol -1"
        return [(m, 0.6, None) for m in by_symbol]
    if (edge := _CELL_EDGE.search(text, max(0, lead - 24), lead)) and unit.dimensionality == _LENGTH \
            and _LATTICE.search(text):
        return [(None, 0.6, f"lattice parameter {edge.group(1)}")]  # "a cubic structure ( a = 7.19 Å"
    located = _LOCATED_AT.search(text, max(0, lead - 60), lead)
    phrase = property_phrase(text, located.end("feature") if located and located.group("feature") else lead)
    if phrase is None:
        if q.kind in _CURRENTS:
            return []
        named = [(m, 0.6, None) for m in _named_in_sentence(text, lead, fitting, index)]
        if not named and q.kind == "conductivity" and _PLAIN_CONDUCTIVITY in fitting:
            # "Li10GeP2S12 (12 mS cm-1)": a conductivity no words name is the ionic one, the
            # one a battery paper gives a material (see _PLAIN_CONDUCTIVITY)
            named = [(_PLAIN_CONDUCTIVITY, 0.5, None)]
        if not named and len(fitting) == 1 and q.kind not in _UNIT_NAMES_NOTHING \
                and condition_key(q.kind) is None \
                and vocab.unit_among(unit, tuple(vocab.allowed_units.get(fitting[0]) or ())):
            # "reached 42.3 Wh kg-1", "produced only 9.8 µg h-1 mg-1", "pure Ti3C2Tx (198 F g-1)":
            # a unit only one metric is given in names it (its own unit, not one of the same
            # dimension: Hz is no yield rate), when it is no test setting (a time, an areal
            # capacity) or a resistance, which words name ("bulk", "SEI")
            named = [(fitting[0], 0.5, None)]
        return named
    words = phrase.lower().split()
    if _setting(words, q):
        return []  # "a cut-off voltage of 5 V", "an applied voltage of 10 mV": how the test was run
    if _FIT_QUALITY.search(phrase):
        return []  # "a weighted profile R factor of 5.2%": how well a model fits, not the material
    head = _singular(words[-1])
    heads = {m: {_singular(label.split()[-1].lower()) for label in index[m][1]} for m in fitting}
    if head == "value":  # "our computed value of ~0.170 S cm-1": the value of what the sentence measures
        head = (_last_head(text[:lead], set().union(*heads.values())) or [head])[-1]
    metrics = sorted(m for m in fitting if head in heads[m])
    if not metrics and _PARTICLES.fullmatch(words[-1]) and _PARTICLE_SIZE in fitting:
        metrics = [_PARTICLE_SIZE]  # "SnO2 nanocrystals of 4-6 nm": the size of the particles
    if len(metrics) > 1:
        metrics = _of_several(metrics, words, text, index)
        if len(metrics) > 1 and q.kind in _CURRENTS and not _FAILURE.search(text):
            # "increasing the current density to 0.3 mA cm-2": no critical or exchange one, the
            # test's; where cells fail at it ("short-circuiting at current densities of"), critical
            return []
        if len(metrics) > 1 and 0 < len(props := [m for m in metrics if m in vocab.property_metrics]) < len(metrics):
            # none named more closely: "the lowest electrochemical potential (-3.04 V)" of a
            # material is its own (redox) potential, not a figure of a test it was put to
            # (a catalyst's onset or half-wave potential), which a paper names as such
            metrics = props
    elif metrics and _named_otherwise(metrics[0], words, index):
        metrics = []  # "a relaxation time of 5 s", "a dwell time of 2 h": not the cycling time
    if metrics:  # written in the metric's canonical unit when its own has no IRI ("458 meV")
        return [(m, 0.6, None) for m in metrics]
    if q.kind in _CURRENTS:
        return []  # a current no metric names is the current a test was run at
    if (_PAREN_OPENED.search(text, max(0, lead - 3), lead) and not _listed_in_parenthesis(text, q)) \
            or vocab.unit_for(unit) is None:
        return []  # words before a parenthesis name a metric's head, or they only describe ("long cycle life (")
    return [(None, 0.5, " ".join(w for w in phrase.split() if w.lower() not in _VARIED))]


def _named_in_sentence(text: str, lead: int, fitting: list[str], index) -> list[str]:
    """The metrics of a value no words right before it (at ``lead``) name, where its unit and the
    sentence leave no doubt: every metric the unit fits shares one head word ("conductivity" for
    S cm-1, ionic or electronic) and the sentence names it, last before the value ("The range of
    conductivities computed is large, from 9 mS/cm", "The conductivity of this material, 3.2 ×
    10-2 S cm-1") or else after it ("Compared to sulfur (5 × 10-28 S cm-1), selenium has a higher
    electronic conductivity"). Told apart, or refused for a qualifier of another kind ("bulk
    resistance"), as a named head is (see ``_of_several``)."""
    heads = [{_singular(label.split()[-1].lower()) for label in index[m][1]} for m in fitting]
    shared = set.intersection(*heads) if heads else set()
    words = (_last_head(text[:lead], shared) or _last_head(text, shared)) if shared else None
    return _of_several(sorted(set(fitting)), words, text, index) if words else []


#: A value given for one of several samples: "(~83% for SG-LPSCl, ~92% for LG-LPSCl)".
_FOR_ONE_OF = re.compile(r"\s*for\s+[^\s,;()]+\s*[,;]")


def _listed_in_parenthesis(text: str, q) -> bool:
    """Whether the parenthesis a value opens lists values of several samples ("relative densities
    (>70% and >90%)", "its density (~83% for A, ~92% for B)") or gives a range ("a voltage plateau
    (2.6 to 2.0 V)"): values of the property named before it, where one value alone ("long cycle
    life (1000 cycles)") is an example of what the words describe."""
    return q.series[1] > 1 or q.value_max is not None or bool(_FOR_ONE_OF.match(text, q.end))


#: Words that make a value a setting of the test, not its result: "a cut-off voltage of 5 V",
#: "an applied voltage of 10 mV", "a fixed capacity of 1 mAh cm-2", "a voltage amplitude of 20 mV".
_SETTING = frozenset("applied constant cut-off cutoff fixed preset scan sweep "
                     # an instrument's settings: "a pass energy of 20 eV", "an accelerating voltage of 15 kV"
                     "pass accelerating acceleration sputter sputtering".split())
_SETTING_HEADS = frozenset("amplitude cut-off cutoff step resolution".split())
#: Words that say a quantity was varied over a series of tests ("at different current densities
#: between 0.1 and 1.8 mA cm-2") or of samples ("pellets with different compacities (>70% and >90%)").
_VARIED = frozenset("different various several".split())
#: Kinds of quantity that describe a sample, not how it was tested: varied, they are the samples' values.
_SAMPLE_KINDS = frozenset("percentage length areal_loading mass specific_surface_area".split())


#: How well a refinement or a fit matches the data: "R factor", "Rwp", "goodness of fit", "χ2".
_FIT_QUALITY = re.compile(r"\bR[\s_-]?(?:factors?|wp|p|exp|Bragg)\b|\bgoodness\b|χ\s?2|\bchi[-\s]?squared?\b|\bresiduals?\b",
                          re.I)


def _setting(words: list[str], q) -> bool:
    """Whether the words naming a value make it a setting of the test rather than its result: a
    setting's words ("applied", "cut-off", "a voltage amplitude"), or a quantity varied over the
    tests ("different current densities"); a property of samples varied over them ("different
    compacities", "various thicknesses") is measured on each."""
    qualifiers = set(words[:-1])
    return bool(_SETTING & qualifiers or words[-1] in _SETTING_HEADS
                or (_VARIED & qualifiers and q.kind not in _SAMPLE_KINDS))
#: An unqualified conductivity in a battery paper is the ionic one: what electrolytes are
#: measured for; an electronic one is named so ("electronic conductivity of 1e-9 S cm-1").
_PLAIN_CONDUCTIVITY = "IonicConductivity"
#: Kinds of quantity whose unit, though only one metric is given in it, names no metric by
#: itself: a duration ("for 12 h"), a count, a resistance (of a bulk, an SEI, a cell) and the
#: settings of a test (see ``_unnamed``).
_UNIT_NAMES_NOTHING = ("time", "cycle_count", "resistance", "areal_capacity") + _CURRENTS
#: Endings of adjectives, which qualify a metric's head word without naming another quantity
#: ("total conductivity", "average size", "lower energy").
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ed", "ing", "est", "er", "ful", "able", "ible", "ant", "ent", "ar", "ary")
#: The endings that mark an adjective before a head word some labels of one metric share with
#: other quantities: not "-ing" ("charging time") nor "-ary" ("grain boundary resistance").
_NOUN_ADJECTIVE_ENDINGS = tuple(e for e in _ADJECTIVE_ENDINGS if e not in ("ing", "ary"))


def _named_otherwise(metric: str, words: list[str], index) -> bool:
    """Whether the words before a value name a quantity of their own with the head word of some
    of the metric's labels only ("relaxation time" beside "cycling time"): no label is that head
    word alone, and the word before the head is a noun that none of its labels holds (see
    :func:`_of_several` for heads several metrics share)."""
    labels = index[metric][1]
    head = _singular(words[-1]) if words else ""
    if not head or any(_singular(label.lower()) == head for label in labels):
        return False
    own = {w.lower() for label in labels for w in label.split()[:-1]}
    return _names_its_own(words[-2] if len(words) > 1 else "", own, _NOUN_ADJECTIVE_ENDINGS)


def _names_its_own(modifier: str, own: set[str], adjective_endings: tuple[str, ...]) -> bool:
    """Whether a word before a metric's head is a noun none of its labels holds ("relaxation"
    time, "crystallite" size): the words then name a quantity of their own."""
    return modifier.isalpha() and not modifier.endswith(adjective_endings) and modifier not in _DEGREE \
        and modifier not in _PLAIN_DEGREE and modifier not in own


def _of_several(metrics: list[str], words: list[str], text: str, index) -> list[str]:
    """The metrics, of several sharing a head word ("size": particle or pore size), that the
    words before the value name: one whose own distinguishing word stands in the sentence
    ("particle" for a particle size); none when a noun of another kind qualifies the head
    ("crystallite size", "grain size", "formation energy": their own quantities, read as
    property text); an unqualified conductivity is ionic."""
    sentence = {_singular(w.lower()) for w in re.findall(r"[A-Za-z]+", text)}
    head = _singular(words[-1]) if words else ""
    own = {m: {w.lower() for label in index[m][1] for w in label.split()[:-1]
               if w.isalpha() and _singular(w.lower()) != head} for m in metrics}
    marked = [m for m in metrics if own[m] & sentence]
    if len(marked) == 1:
        return marked
    if not marked and _PLAIN_CONDUCTIVITY in metrics:
        return [_PLAIN_CONDUCTIVITY]
    # the word before the head, past words every one of them has ("corrosion" in "corrosion
    # current density", beside the critical and the exchange current density)
    shared = set.intersection(*own.values()) if own else set()
    modifier = next((w for w in reversed(words[:-1]) if w not in shared), "")
    if _names_its_own(modifier, set().union(*own.values()), _ADJECTIVE_ENDINGS):
        return []
    return marked or metrics


#: A cell edge as crystallographers print it, "a = 7.1920(1) Å", in a sentence about a lattice.
_CELL_EDGE = re.compile(r"(?<![A-Za-z])([abc])\s?(?:=|(?:(?:increases|decreases|expands|shrinks|changes)\s+)?from)\s?$")
_LATTICE = re.compile(r"\b(?:lattice|unit cell|cell parameters?|structure|space group)\b", re.I)
_LENGTH = parse_unit("nm").dimensionality
#: Particles a length is told of ("nanocrystals of 4-6 nm", "particles of ~200 nm"): their size.
_PARTICLES = re.compile(r"(?:nano)?(?:particles|crystals|spheres)|particle", re.I)
_PARTICLE_SIZE = "ParticleSize"


def _symbol_before(text: str, start: int, symbols: tuple[str, ...]) -> bool:
    """Whether one of a metric's symbols stands just before the value, with at most a
    subscript and a linking word between: "σ 25 of", "σRT =", "E a of", "Ea:", "η ≈", or the
    one name of what it is of: "tLi+ of PL-10 is"."""
    window = text[max(0, start - 30):start]
    return any(_symbol_rx(sym).search(window) for sym in symbols)


@lru_cache(maxsize=64)
def _symbol_rx(symbol: str) -> re.Pattern[str]:
    # PDF text splits a symbol from its subscript and its letters apart ("E a", "R ct"); a
    # subscript names what the value is of, a second part after a comma ("σ Bulk", "E a,GB", "σ Li+")
    body = r"[\s_]?".join(re.escape(ch) for ch in symbol)
    part = r"(?:\d{1,3}|[A-Za-z]{1,5}\+?|\{[^{}]{1,10}\}|\([^()]{1,10}\))"
    return re.compile(rf"(?<![^\W\d_]){body}(?:[\s_]?{part})?(?:,\s?{part})?"
                      rf"\s*(?:of|=|:|is|was|values? of|~|≈|∼|of\s+{_OWNER_TOKEN}\s+(?:is|was|=))?"
                      rf"\s*(?:about|approximately|~|≈|∼)?\s*$")


#: The one name of what a symbol's value is of, between the symbol and "is": "tLi+ of PL-10 is".
_OWNER_TOKEN = r"(?:the\s+)?[^\s,;()\[\]]{1,20}"


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _metric_for(text: str, q, index, vocab: Vocabulary, start: int | None = None,
                taken_before: int = -1) -> tuple[str | None, bool, dict] | None:
    """What a number measures: a metric whose unit it fits, named right after it ("a 1200 h
    lifespan", "95 % capacity retention"), near before it (before ``start``, where its series
    begins; not one that names the earlier value ending at ``taken_before`` where the words
    before this one name a quantity of their own) or implied by its unit (None in first place
    when no metric fits); None for a test condition ("at 15 A g-1")."""
    from ..normalise.quantities import find_measurement_context

    start = q.start if start is None else start
    if q.kind in ("c_rate", "cycle_count") or q.unit in ("dimensionless", ""):
        return None
    if _CONDITION_LEAD.search(text[max(0, start - 40):start]) and not _LOCATED_AT.search(text, max(0, start - 60), start):
        return None  # a condition ("at 15 A g-1", "at 1/2 A g-1")
    if _CURRENTS_OF.search(text, max(0, start - 40), start) and not _FAILURE.search(text):
        return None  # "cycled at current densities of 0.1, 0.2 and 0.5 mA cm-2"; where cells fail at them, critical
    try:
        dim = parse_unit(q.unit).dimensionality
    except Exception:
        return None
    candidates = {m: v for m, v in index.items() if dim in v[0]}
    near = (_metric_after(text, q.end, candidates) or _own_nearest_metric(text, start, candidates, taken_before)
            ) if candidates else None
    if near and q.kind in _CURRENTS and _PLAIN_CURRENT.search(text, near[1], start):
        return None  # "the CCD was determined by increasing the current density from 0.1 mA cm-2": the test's
    metric = near[0] if near else _default_metric(q.unit, vocab)
    conditions = find_measurement_context(text, q)
    if metric is None:
        return None, False, conditions
    first = bool(_INITIAL_CAPACITY.search(text, max(0, q.start - 80), q.start))  # named so right before this value
    initial = first or bool(near and _INITIAL_CAPACITY.search(text, max(0, near[1] - 80), near[1]))
    return _capacity_by_test(metric, conditions, vocab, initial, first), near is not None, conditions


#: Verbs by which a quantity changes, which link its name to the values it changes between
#: as "is" does: "the lattice parameter decreases from 9.86 Å", "the crystallite size grows to 45
#: nm" (labellers take each end of a change as a value; a current density changed so is the
#: test's, see ``_unnamed``).
_CHANGE_VERBS = frozenset("increases increased decreases decreased rises rose grows grew drops dropped falls fell "
                          "shrinks shrank expands expanded contracts contracted changes changed".split())
#: Words that link a property's name to its value ("the relative density of 93%", "the
#: microstrain is 0.166%", "was determined to be 97.64 nm") or hedge the value.
_LINKING = frozenset(
    "of is was were are be been being to found determined estimated calculated reached reaches "
    "amounts amounted only about around approximately nearly roughly almost just ca as high low up than "
    # "the conductivity will range between 10 and 100 mS/cm", "conductivities ranging from"
    "will would can could may might should ranging vary varies varying between from".split()) | {"="} \
    | _CHANGE_VERBS
#: Words that end a property's name when read backwards from its value: determiners, pronouns,
#: prepositions and conjunctions belong to the sentence, not to the name.
_PHRASE_STOP = frozenset(
    "the a an this that these those its their his her our which who it they there and or but with by each every all "
    "for in on at from into while whereas when where after before since because also has have had "
    "shows showed show exhibits exhibited exhibit delivers delivered deliver gives gave give yields "
    "achieved achieves obtained reach using via vs versus compared et al "
    # other verbs that say what a sample holds or does: "X contains about 5 wt% LiCl", "took 10 h"
    "contains contain contained includes include included comprises comprise comprised displays displayed "
    "display presents presented provides provided offers offered possesses possessed took takes lasted lasts "
    "grows grew loses lose lost gains gained "
    # verbs of change, where they do not link a name to its value (``_CHANGE_VERBS``, read first):
    # "X improves the conductivity" names no property
    "increase increases increased decrease decreases decreased rise rises rose drop drops dropped shift shifts "
    "shifted change changes changed improve improves improved reduce reduces reduced lowers raises absorb absorbs".split())
_VERBS = frozenset("is was were are be been being will would can could may might should ranging "
                   "vary varies varying".split()) | _CHANGE_VERBS
#: "in the order of 10 -6 %", "in the range between 100% and 4.3%": how big a value is, said
#: before it; the property is named before the idiom ("residuals in the order of").
_MAGNITUDE_IDIOM = re.compile(
    r"\s(?:in|on|within|of)\s+(?:(?:the|a)\s+)?(?:order|range|region|vicinity)(?:\s+(?:of|between|from))?\s*$"
    # "a transference number close to unity (>0.999)"
    r"|\s(?:close\s+to|near|approaching)\s+(?:unity|zero)\s*$", re.I)
#: Adjectives of degree, which compare a value ("still lower (0.1 mA cm-2)") and name nothing.
_DEGREE = frozenset("lower higher smaller larger greater wider narrower better worse lowest highest smallest "
                    "largest greatest widest narrowest best worst".split())
#: Their plain forms, which qualify a metric's head without naming a quantity of their own ("a
#: small polarization of 25 mV" is an overpotential); a sample may be named by one ("small Li3YCl6").
_PLAIN_DEGREE = frozenset("low high small large wide narrow good poor".split())
#: Endings of adjectives and participles, which do not end a property's name.
_NOT_A_NOUN = ("able", "ible", "ous", "ive", "ful", "less", "ed", "ing", "metric", "ally")


#: A value opening a parenthesis ("low polarization (24 mV", "stability of X (>4.25 V") is
#: named by the words before the parenthesis.
_PAREN_OPENED = re.compile(r"\(\s*$")
#: Whose property the words before a parenthesis name: "of Li3YCl6", "for X and Y", "at the X",
#: "in the X family".
_OWNED_BY = re.compile(r"\s(?:of|for|in|at|on)\s+(?:the\s+|an?\s+)?(?:[\w‐-]+\s+)?\S*[A-Z\d]\S*"
                       r"(?:\s*(?:,|and|or)\s*\S*[A-Z\d]\S*)*(?:\s+(?:famil(?:y|ies)|systems?|frameworks?|phases?|series))?\s*$")


#: A short aside in brackets, closed before the value; not a caption's panel labels ("(A and B)"),
#: which start a new statement.
_ASIDE = re.compile(r"\s?[(\[](?![A-Za-z](?:\s*(?:,|and|-|–)\s*[A-Za-z])*[)\]])[^()\[\]]{1,30}[)\]]")


def _aside(m: re.Match[str]) -> str:
    """An aside dropped from the words before a value, unless it gives a value of its own
    ("conductivity of denser pellets (with 90% compacity) of"): a statement, which ends them. A
    number glued to a letter ("the Li site (6g)") is a site's label, not a value."""
    from ..normalise.quantities import find_quantities

    valued = any(q.kind == "percentage" or " " in q.surface
                 for q in find_quantities(m.group(0)))
    return m.group(0) if valued else ""


#: What opens the phrase of whose (or where) a property is, after its name: "the voltage gap of
#: the cell is", "the microstrain in the film was", "the barrier at the interface is lowered to".
_OWNER_PREPOSITIONS = ("of", "in", "at", "on")


def property_phrase(text: str, start: int) -> str | None:
    """The words naming what a number measures when no metric of the ontology does: "the
    relative density of 93%" → "relative density", "the crystallite size of the Li3ScCl6 was
    determined to be 97.64 nm" → "crystallite size", "the oxidative stability of Li3YCl6 (>4.25 V"
    → "oxidative stability". Read backwards from the number within its clause (from the
    parenthesis it opens, past whose property it is): linking words skipped; after a verb ("X
    of the cell is N"), what follows "of" or "in" is whose property it is, not its name. None
    when no name stands there, or what stands there is a material ("SnS2 (1.7 eV)")."""
    window = text[max(0, start - 160):start]
    opened = _PAREN_OPENED.search(window)
    if opened is not None:
        window = window[:opened.start()]
        if owned := _OWNED_BY.search(window):
            window = window[:owned.start()]
    # an aside in brackets ("the occupancy of the Na site (6b) is", "the density of X (ref. 24) is")
    # does not end the clause that names the property
    clause = re.split(r"[,;:()\[\]]", _ASIDE.sub(_aside, window[-120:]))[-1]
    clause = _MAGNITUDE_IDIOM.sub("", clause)
    words = [w.strip(".\"'") for w in clause.split()]
    i = len(words) - 1
    verb = False
    while i >= 0 and (words[i].lower() in _LINKING or _verb_range(words, i) or _passive(words, i)
                      or words[i].lower() == "by" and i > 0 and words[i - 1].lower() in _CHANGE_VERBS):
        verb = verb or words[i].lower() in _VERBS
        i -= 1
    linked = i  # the last word before the linking words
    name, i = _name_before(words, i)
    owner = i >= 1 and words[i].lower() in ("the", "a", "an") and words[i - 1].lower() in _OWNER_PREPOSITIONS
    sample = name and (_material_word(name[0]) or len(name) == 1 and _ACRONYM_OWNER.fullmatch(name[0])
                       and i >= 0 and words[i].lower() in ("of", "in"))
    if verb and not owner and name and (sample or i >= 1 and _material_word(words[i])):
        # "the density of the Li3YCl6 pellet is", "the density of LG-LPSCl pellets is", "the
        # density of NYZC is": the words after the material name the sample, those before "of"
        # the property
        k = i if sample else i - 1
        k -= k >= 0 and words[k].lower() in ("the", "a", "an")
        if k >= 1 and words[k].lower() in ("of", "in"):
            name, _ = _name_before(words, k - 1)
    if verb and (owner or name and any(ch.isdigit() for ch in name[-1])):
        # "the voltage gap of the solid cell is", "the microstrain in Li3ErCl6 was"
        k = i - 1 if owner else linked
        if not owner:  # the material named after "of"/"in": skip it and its article
            while k >= 0 and (any(ch.isdigit() for ch in words[k]) or words[k].lower() in ("the", "a", "an")):
                k -= 1
        if k >= 0 and words[k].lower() in (_OWNER_PREPOSITIONS if owner else ("of", "in")):
            name, _ = _name_before(words, k - 1)
    elif verb and _after_preposition(words, i) and (owned := _owned_name(words, i)):
        name = owned  # "the conductivity of LNOC in our calculations is"
    name = [w for w in name if not any(ch.isdigit() for ch in w)]
    if not name or not any(w.islower() and len(w) >= 3 for w in name) or name[-1].lower().endswith(_NOT_A_NOUN) \
            or _material_word(name[-1]) \
            or name[-1].lower() in _DEGREE:
        return None  # "stable up to 4.2 V", "the measured 5.69 Å", "bare Na (": no property is named
    return " ".join(name)


#: Prepositions that open a phrase saying where, when or how a value holds ("at room
#: temperature", "in our calculations"), which may follow the owner of a property.
_PREPOSITIONS = frozenset("at in for under during from by on with within".split())
#: How many words may stand between "of" and the verb: the owner and its phrases.
_OWNER_WORDS = 8


def _after_preposition(words: list[str], i: int) -> bool:
    """Whether the words after ``i`` are a prepositional phrase: "at room temperature", "in
    our calculations"."""
    if i >= 1 and words[i].lower() in _DETERMINERS:
        i -= 1
    return i >= 0 and words[i].lower() in _PREPOSITIONS


_DETERMINERS = frozenset("the a an this that these those its their our".split())


def _owned_name(words: list[str], i: int) -> list[str] | None:
    """The property named before "of" when its owner and phrases about the conditions stand
    between it and the verb: "the conductivity of Li3YCl6 at room temperature is",
    "the conductivity of LNOC in our calculations is". Read back from ``i`` to the nearest
    "of"; None when a number or another verb stands first ("a current density of 0.1 mA
    cm-2 was": the "of" introduces a value, not an owner)."""
    for k in range(i, max(-1, i - _OWNER_WORDS), -1):
        w = words[k].lower()
        if w in _VERBS or _NUMBER.fullmatch(w):
            return None
        if w == "of":
            name, _ = _name_before(words, k - 1)
            return name or None
    return None


_NUMBER = re.compile(r"[~≈<>±+-]?\d[\d.,]*%?")


def _last_head(text: str, heads: set[str]) -> list[str] | None:
    """The last of these metric head words ("conductivity", "barrier") the text names, after the
    word before it ("of conductivities", "bulk resistance"), which may qualify it."""
    words = [_singular(m.group().lower()) for m in re.finditer(r"[A-Za-z]+", text)]
    at = next((i for i in range(len(words) - 1, -1, -1) if words[i] in heads), None)
    return None if at is None else words[max(0, at - 1):at + 1]


def _passive(words: list[str], i: int) -> bool:
    """A participle after "is" or "was" and before "to" or "from" ("is lowered to", "was
    downshifted to"): a verb that changes the property to its new value, not its name ("no
    current is observed below 3.8 V" names none)."""
    return (bool(_CHANGED.fullmatch(words[i])) and 0 < i < len(words) - 1 and words[i - 1].lower() in _VERBS
            and words[i + 1].lower() in ("to", "from"))


#: Participles of a change in size ("lowered", "downshifted", "elongated"), not of a setting
#: ("the humidity was controlled to 70%").
_CHANGED = re.compile(r"(?:lower|rais|increas|decreas|reduc|enhanc|improv|\w*shift|elongat|shorten|expand|enlarg|"
                      r"narrow|widen|boost|suppress|weaken|strengthen)ed", re.I)


def _verb_range(words: list[str], i: int) -> bool:
    """"range" as the verb of "will range between", not the noun of "a voltage range of"."""
    return words[i].lower() in ("range", "ranges") and i > 0 and words[i - 1].lower() in _VERBS


#: A sample's acronym in capitals ("NYZC", "LLZO"), the whole owner between "of" and the verb:
#: "the measured density of NYZC is 2.61 g cm-3".
_ACRONYM_OWNER = re.compile(r"[A-Z]{2,6}(?:[@/][A-Z]{1,6})*")  # also a sample's "SSO@G", "NMS/NF"


def _material_word(word: str) -> bool:
    """A formula ("Na", "LiCl"), a mixed-case name ("SGLPSCl") or an element's name ("sulfur")
    names a material, not a property."""
    from ..normalise.formula import is_formula_token
    from .names import element_named

    return is_formula_token(word) or (word[:1].isupper() and any(c.isupper() for c in word[1:])
                                      and any(c.islower() for c in word)) or element_named(word) is not None


def _name_before(words: list[str], i: int) -> tuple[list[str], int]:
    """Up to four words ending at ``i`` that can name a property (no function words, no
    numbers), and the index just before them."""
    name: list[str] = []
    while i >= 0 and len(name) < 4:
        w = words[i]
        if w.lower() in _PHRASE_STOP or w.lower() in _LINKING or not (
                re.sub(r"[-'’]", "", w).isalnum() or _ACRONYM_OWNER.fullmatch(w)):  # also "SSO@G", "NMS/NF"
            break
        if name and any(ch.isdigit() for ch in w):
            break
        name.insert(0, w)
        i -= 1
    return name, i


_CYCLE_LIFE = "CycleLife"
_CYCLE_LIFE_LEAD = re.compile(
    r"\b(?:stabl[ey]|stability|life(?:span)?|achiev\w*|sustain\w*|last(?:s|ed|ing)?|(?<!after )cycl(?:e|es|ed|ing))"
    r"\s+(?:(?!after\b)\w+\s+){0,2}?\(?\s?(?:over|for|beyond|up to|more than|exceeding|of)?\s*$", re.I)


#: Words after a count of cycles that say it was achieved: "over 1,000 cycles can be achieved".
_ACHIEVED_AFTER = re.compile(r"\s*(?:(?:can|could|were|was|are|is|has been|have been)\s+)?(?:be\s+)?"
                            r"(?:achieved|obtained|reached|sustained|realized|realised|demonstrated)\b", re.I)


def _is_cycle_life(text: str, q) -> bool:
    """A count of cycles is a result where the words around it say it was achieved ("stable
    cycling over 1,000 cycles", "cycling stability (over 800 cycles)", "over 1,000 cycles can be
    achieved"); elsewhere ("96%
    retention after 800 cycles") it is the condition of another result."""
    return bool(_CYCLE_LIFE_LEAD.search(text[max(0, q.start - 60):q.start]) or _ACHIEVED_AFTER.match(text, q.end))


#: A voltage a material is stable up to: "stable up to 4.06 V", "the oxidative stability of
#: Li3YCl6 (>4.25 V", "the highest oxidative stability at 4.20 V" (a few words may stand between).
_STABILITY = re.compile(r"\b(?:(?P<side>oxidative|reductive|anodic|cathodic|oxidation|reduction)\s+)?stab(?:le|ility)"
                        r"(?:\s+(?!and\b|but\b|while\b|which\b)[^\s.;,]+){0,4}?\s*(?:at|of|to|until|from|between|\()?\s*$", re.I)
#: Where an electrolyte starts to decompose, named: "an oxidation onset at 2.5 V", "the reduction
#: limit (1.7 V)", "its anodic decomposition potential of 3.9 V".
_ONSET = re.compile(r"\b(?P<side>oxidation|reduction|oxidative|reductive|anodic|cathodic)\s+(?:decomposition\s+)?"
                    r"(?:onsets?|limits?|onset\s+potentials?)\s*(?:(?:of\s+[^\s()]+\s*)?\(|at|of|is|was|=)?\s*(?:about|~|≈)?\s*$",
                    re.I)
#: The same told by a verb: "NYZC is reduced below 1.1 V", "is oxidized above 3.8 V".
_DECOMPOSED = re.compile(r"\b(?:is|are|was|were|gets?)\s+(?P<side>oxidi[sz]ed|reduced)\s+(?:(?:below|above|at|beyond)\s*)?$", re.I)


def _limit_name(side: str | None) -> str:
    """The property text of an electrolyte's stability limit on the side the words name."""
    side = (side or "").lower()
    return ("oxidative " if side.startswith(("oxid", "anod")) else "reductive " if side else "") + "stability limit"


#: A stability window named, whose width a single value gives.
_WINDOW_NAMED = re.compile(r"\bwindows?\b", re.I)
#: A time a cell was cycled for: "stably cycled for up to 500 hours", "cycling over 800 h", "a
#: cycling stability over 1060 h".
_CYCLED_FOR = re.compile(r"\bcycl\w*\s+(?:(?:stability|performance|life)\s+(?:of\s+)?|stabl[ey]\s+|steadily\s+|smoothly\s+)?"
                         r"(?:for|over|beyond|of|\(\s?(?:over|up\s+to|>|≥)?)?\s*$", re.I)
#: A time followed by the cycling it lasted: "4000 hours of steady lithium plating/stripping",
#: "over 800 h of stable cycling", "a 2500 h cycling performance", "a 900 h stable cycling life".
_OF_CYCLING = re.compile(r"\s+of\s+(?:[\w-]+\s+){0,2}?(?:cycling|plating|stripping)\b"
                         r"|\s+(?:(?:stable|steady|long)\s+)?(?:cycling\s+(?:performance|stability|life(?:span)?|time)"
                         r"|cycle\s+(?:life(?:span)?|stability))\b", re.I)  # not "a 2 h cycle time": one cycle's
_VOLTAGE = parse_unit("V").dimensionality
_TIME = parse_unit("h").dimensionality


#: A voltage a catalyst needs for a current: "(needed 278 [and 465] mV) to reach the same current
#: density", "(only 98 mV) to drive 10 mA cm-2", "to afford a current density of 100 mA cm-2".
_TO_REACH_CURRENT = re.compile(r"(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)[\d.]+)*\s*(?:mV)?\s+(?:vs\.?\s+RHE\s+)?(?:is\s+|are\s+)?"
                               r"(?:needed\s+|required\s+)?to\s+(?:reach|achieve|deliver|drive|afford|attain|obtain|generate|produce)\s+"
                               r"(?:a\s+|the\s+)?(?:same\s+|benchmark\s+|\w+\s+)?(?:current\s+densit|\d[\d.,]*\s*mA\s*cm)", re.I)


def _by_wording(text: str, q, lead: int, vocab: Vocabulary) -> tuple[list, dict] | None:
    """Readings the words before a value give where no metric label stands: a voltage after
    "stable"/"stability" is a stability limit (a voltage window where it spans a range), a
    time after "cycled for", or "after" in a sentence about the cell failing, a cycling
    lifespan."""
    from ..normalise.quantities import find_measurement_context

    try:
        dim = parse_unit(q.unit).dimensionality
    except Exception:  # noqa: BLE001 - pint: a unit it cannot read names nothing here
        return None
    if dim == _VOLTAGE and (m := _STABILITY.search(text, max(0, lead - 60), lead)):
        if (q.value_max is not None or _WINDOW_NAMED.search(m.group())) and vocab.has("metric", "VoltageWindow"):
            # a range, or the width of a window ("a narrow electrochemical stability window of 1.23 V")
            return [("VoltageWindow", 0.6, None)], {}
        return [(None, 0.6, _limit_name(m.group("side")))], {}
    if dim == _VOLTAGE and (m := _ONSET.search(text, max(0, lead - 40), lead) or _DECOMPOSED.search(text, max(0, lead - 30), lead)):
        # "an oxidation onset at 2.5 V", "the reduction limit (1.7 V)", "is reduced below 1.1 V"
        return [(None, 0.6, _limit_name(m.group("side")))], {}
    if dim == _VOLTAGE and q.unit.startswith("milli") and vocab.has("metric", "Overpotential") \
            and _TO_REACH_CURRENT.match(text, q.end):
        # "needed 278 and 465 mV to reach the same current density", "requires only 98 mV to
        # drive 10 mA cm-2": the overpotential a catalyst needs for a current
        return [("Overpotential", 0.6, None)], find_measurement_context(text, q)
    if dim == _TIME and vocab.has("metric", "SymmetricCellLifespan") and (
            _CYCLED_FOR.search(text, max(0, lead - 40), lead) or _OF_CYCLING.match(text, q.end)
            or (_AFTER.search(text, max(0, lead - 12), lead) and _FAILURE.search(text))
            or _kept_working(text, lead)):
        return [("SymmetricCellLifespan", 0.6, None)], find_measurement_context(text, q)
    if q.kind == "current_density" and vocab.has("metric", "CriticalCurrentDensity") \
            and _FAILED_AT.search(text, max(0, lead - 40), lead):
        # "short circuit occurred at 1.3 mA cm-2", "the cells short-circuited at 0.9 mA cm-2"
        return [("CriticalCurrentDensity", 0.6, None)], find_measurement_context(text, q)
    if q.kind == "length" and vocab.has("metric", "LayerThickness") and (
            _LAYER_OF.search(text, max(0, lead - 40), lead)
            or (_ARTICLE_BEFORE.search(text, max(0, lead - 8), lead) and _LAYER_AFTER.match(text, q.end))) \
            and not _GRAINS_AFTER.match(text, q.end):
        return [("LayerThickness", 0.6, None)], find_measurement_context(text, q)
    if q.kind == "percentage" and vocab.has("metric", "CapacityRetention") and (
            _share_of_capacity(text, q.end) or _RETAINED_AFTER.match(text, q.end)
            or (_KEEPS.search(text, max(0, lead - 30), lead) and _OVER_CYCLES.match(text, q.end))):
        return [("CapacityRetention", 0.7, None)], find_measurement_context(text, q)
    return None


#: A layer's length, as a layer is described by it: "a porous passivation layer of 42 µm", "an
#: SEI of about 20 nm", and "a ~4 nm LiNbO3 layer", "a 10 nm Al2O3 coating" (a name between).
_LAYER_NOUN = r"(?:layers?|coatings?|films?|shells?|interphases?|interlayers?|skins?|SEI|CEI)"
_LAYER_OF = re.compile(rf"\b{_LAYER_NOUN}\s+of\s*(?:about\s+|approximately\s+|only\s+|[~≈∼]\s*)?$", re.I)
_LAYER_AFTER = re.compile(rf"[\s-]*(?:[^\s,;.()]+\s+)?{_LAYER_NOUN}\b", re.I)
#: ... but not the size of the grains a layer is made of ("a layer of 5 nm particles").
_GRAINS_AFTER = re.compile(r"\s*(?:[\w-]+\s+)?(?:nano)?(?:particles?|grains?|spheres?|crystal(?:lite)?s?|pores?|"
                           r"sheets?|rods?|wires?|dots?|clusters?)\b", re.I)


#: A verb of keeping right before a share ("retains 84.0 %", "keeps only 58 %", "maintains ~90 %")
#: and the cycles it was kept over right after it ("after 300 cycles", "of it after 500 cycles", "over the same 300
#: cycles"): a capacity retention, though the sentence prints no word of capacity.
_KEEPS = re.compile(r"\b(?:retain|keep|kept|maintain|preserv)\w*\s+(?:only\s+|still\s+|about\s+|approximately\s+|nearly\s+|"
                    r"over\s+|up\s+to\s+|[~≈∼>]\s*)?$", re.I)
_OVER_CYCLES = re.compile(r"\s*(?:of\s+(?:it|them)\s+)?(?:after|over|for|upon|during|within)\s+(?:the\s+)?(?:same\s+|first\s+|next\s+)?"
                          r"(?:\d[\d,]*\s*)?(?:charge[-/ ]discharge\s+)?cycles?\b", re.I)


#: A time a cell kept working, told by a verb of lasting: "the Na|X|Na cell is stable for more
#: than 800 h", "the X cell runs for 1000 h"; in a sentence about a cell, not about a sample
#: kept in air ("stable for 24 h in humid air").
_LASTED_FOR = re.compile(r"\b(?:is|was|remains|remained|stays|stayed|runs?|ran|operates?|operated|works?|worked|"
                         r"lasts?|lasted|survives?|survived)\s+(?:stabl[ey]\s+|steadily\s+)?for\s+"
                         r"(?:more\s+than\s+|over\s+|up\s+to\s+|about\s+|~\s*|>\s*)?$", re.I)
_A_CELL = re.compile(r"\bcells?\b|\|", re.I)
#: A time a cell or anode endured, the verb right before it or before the conditions and "for":
#: "the symmetric cell sustained 800 h", "its symmetric cell achieved 3000 h", "the anode
#: withstood 10 mA cm-2 for 500 h".
_ENDURED = re.compile(r"\b(?:sustain(?:s|ed)?|achiev(?:es|ed)|withst(?:and|ands|ood)|endur(?:es|ed))\s+"
                      r"(?:(?:stabl[ey]|steadily)\s+)?(?:[^,;.()\[\]]{1,30}?\s+for\s+)?"
                      r"(?:(?:more\s+than|over|up\s+to|about|nearly|~|>)\s*)?$", re.I)
_A_CELL_OR_ANODE = re.compile(_A_CELL.pattern + r"|\banodes?\b", re.I)
_EXPOSURE = re.compile(r"\b(?:air|humid\w*|moisture|exposed|exposure|storage|stored|immers\w*)\b", re.I)


def _kept_working(text: str, lead: int) -> bool:
    """Whether the time before ``lead`` is how long a cell (or anode) kept working, told by a
    verb of lasting or enduring, in a sentence about no sample kept in air."""
    if _EXPOSURE.search(text):
        return False
    return bool(_LASTED_FOR.search(text, max(0, lead - 40), lead) and _A_CELL.search(text)
                or _ENDURED.search(text, max(0, lead - 50), lead) and _A_CELL_OR_ANODE.search(text))
#: A current density at which a cell failed: its critical current density.
_FAILED_AT = re.compile(r"\b(?:short[- ]?circuit(?:s|ed|ing)?|fail(?:s|ed)?|failure)\s+(?:\w+\s+){0,2}?at\s*$", re.I)


#: "retains 88% of its capacity", "90% of the initial capacity is retained", "91.3 % of the
#: second-cycle value": a share of the capacity a cell keeps is its capacity retention, though
#: no label of that metric is printed.
#: "only 54 % is retained after 100 cycles": the share a cell keeps, told by the verb after it.
_RETAINED_AFTER = re.compile(r"\s*(?:(?:of\s+(?:it|them)\s+)?(?:is|was|are|were|can\s+be|could\s+be)\s+)?(?:still\s+)?retained\b", re.I)
_SHARE_OF_CAPACITY = re.compile(r"\s*of\s+(?:its|the|their|this|that)\s+(?:initial\s+|original\s+|reversible\s+|"
                                r"(?:first|second|third|\d+(?:st|nd|rd|th))[- ]cycle\s+)?(?:(?P<capacity>capacity)|value)\b", re.I)
#: A capacity the sentence names, for a share "of the second-cycle value" to be a share of it.
_A_CAPACITY = re.compile(r"\bcapacit(?:y|ies)\b|mAh", re.I)


def _share_of_capacity(text: str, end: int) -> bool:
    """"88% of its capacity", "91.3 % of the second-cycle value" in a sentence that names a
    capacity: the share of its capacity a cell keeps."""
    m = _SHARE_OF_CAPACITY.match(text, end)
    return m is not None and (m.group("capacity") is not None or bool(_A_CAPACITY.search(text)))


#: "after ~15.4 h" in a sentence about a cell failing: the time the cell lasted.
_AFTER = re.compile(r"\bafter\s*$", re.I)
_FAILURE = re.compile(r"\bshort[- ]circuit|\bsudden(?:ly)?\s+(?:rise|rises|drop|drops|increase|increases)\b"
                      r"|\b(?:potential|voltage)\s+(?:rises|drops)\s+sudden|\bcontact loss\b|\bfailures?\b|\bfails?\b", re.I)


#: Above this many electronvolts an energy is a photon's or an electron's in a spectrum
#: (XPS, XANES peak positions, a plane-wave cutoff), never a material's property, whose
#: energies (band gaps, barriers, binding energies) stay within tens of eV.
_SPECTRAL_EV = 50.0


def _photon_energy(q) -> bool:
    """Whether a value in energy units lies where only spectra put energies."""
    unit = parse_unit(q.unit)
    if unit.dimensionality != parse_unit("eV").dimensionality:
        return False
    return convert(q.value, unit, "eV") > _SPECTRAL_EV


def _out_of_bounds(metric: str | None, value: float, unit: str, vocab: Vocabulary) -> bool:
    """Outside the ontology's bounds of the metric (capacities > 0, efficiencies 0-100 %, a
    DFT binding energy within ±50 eV where an XPS peak position is hundreds of eV): a misread
    number, or another quantity printed in the same unit."""
    if metric in vocab.lower_bounds:
        bound, inclusive = vocab.lower_bounds[metric]
        if value < bound if inclusive else value <= bound:
            return True
    if metric in vocab.upper_bounds:
        canonical = vocab.unit_by_iri(vocab.canonical_unit.get(metric, ""))
        try:
            v = convert(value, parse_unit(unit), canonical.pint_expression) if canonical else value
        except Exception:  # noqa: BLE001 - pint: a count beside a ratio; the value as printed
            v = value
        bound, inclusive = vocab.upper_bounds[metric]
        return v > bound if inclusive else v >= bound
    return False
_QUALIFIERS = {"gt": (">", "over", "more than", "above", "exceeding", "higher than", "greater than", "beyond"),
               "ge": ("≥", ">=", "at least"), "lt": ("<", "below", "less than", "lower than", "under"),
               "le": ("≤", "<=", "at most"), "approx": ("~", "≈", "about", "approximately", "around", "nearly", "ca.", "roughly"),
               "upTo": ("up to", "as high as", "as much as")}


def _qualifier(word: str | None) -> str | None:
    """The normaliser's qualifier words ("nearly", "≈", "as high as") as the ontology's codes."""
    if not word:
        return None
    w = word.strip().lower()
    return next((code for code, words in _QUALIFIERS.items() if w == code.lower() or w in words), None)



#: The normaliser's names for what a condition quantity measures → condition keys.
_CONDITION_ALIASES = {"specific_current": "current_density"}


def condition_key(kind: str) -> str | None:
    """The ontology's condition for a kind of quantity (``normalise.quantities``), if it is one."""
    return CONDITION_KEYS.get(_CONDITION_ALIASES.get(kind, kind))


def _conditions(found: dict, plain: PlainText) -> dict:
    """The conditions of a value under the ontology's keys, quoted from the source."""
    out = {}
    for k, v in found.items():
        name = condition_key(k)
        if name is None:
            continue
        if isinstance(v, tuple):
            out[name] = f"{v[0]}-{v[1]}"
        elif hasattr(v, "unit"):
            out[name] = Quantity(v.value, v.unit, v.value_max, None, plain.surface(v.start, v.end))
        else:
            out[name] = v
    return out
