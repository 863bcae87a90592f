"""Composite material names (``MoS2/SnS@C``, ``Bi2S3-CuS``, ``Na/VN``) and their mentions in text.

Why: heterostructure papers name materials with an ad-hoc but widely shared notation:
``@`` (or ``⊂``) for core@shell, ``/`` for a heterostructure or a material on a support,
``-``/``–`` for an intimate composite, ``|`` for stacked layers.  Reading this notation with
general rules (and formula grammar for every component) is what lets the pipeline work on
reviews it has never seen.  Supports are recognised by a general vocabulary of carbon and
current-collector abbreviations (field vocabulary, not a list of any paper's materials), and
by a grammar for heteroatom-doped carbons (``N-C``, ``NSC``, ``NCNT``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from .grammar import ELEMENTS
from .formula import (FIELD_ABBREVIATIONS, FormulaInfo, Repair, is_formula_token,
                      is_generic_formula, parse_formula)
from .oxidation import GASEOUS_ELEMENTS
from .text import plain_text_with_map

__all__ = ["Component", "MaterialInfo", "Mention", "parse_material", "find_material_mentions",
           "find_abbreviations", "is_support"]

_SUPPORT_CORE = (r"r?GO|(?:3D)?G|(?:3D)?C|CNTs?|SWCNTs?|MWCNTs?|CNFs?|CNSs?|CFs?|CFP|CC|PCF|PC|HCS?|CS|NF|CP|"
                 r"SG|AC|KB|PDA|MXenes?|CM|CNWs?|GF|CF|NG|CNS|ZIF(?:-\d+)?|MOFs?|COFs?")
# Morphology abbreviations glued to a formula ("CeO2NRs", "SnS2QDs"): field vocabulary.
_MORPHOLOGY_SUFFIX = re.compile(r"(?<=[\da-z)])(?:NRs?|NSs?|NWs?|NTs?|NPs?|QDs?|NFs?|NCs?|NBs?|HSs?|NPLs?|NSAs?)$")
# Optional heteroatom-dopant letters in front: N-C, NSC, NCNT, S-G, N,S-C.
_SUPPORT_ABBR = re.compile(rf"^(?:[NSPBFO](?:,?[NSPBFO]){{0,2}}-?)?(?:{_SUPPORT_CORE})$")
_SUPPORT_WORDS = re.compile(
    r"^(?:(?:nitrogen|sulfur|sulphur|phosphorus|boron|N|S|P|B|heteroatom)[- ]doped\s+)?"
    r"(?:reduced\s+)?(?:porous\s+|hard\s+|soft\s+|amorphous\s+|hollow\s+|hierarchical\s+)?"
    r"(?:graphene(?:\s+oxide)?|carbon(?:\s+(?:cloth|paper|nanotubes?|nanofibers?|nanofibres?|"
    r"fibers?|fibres?|foam|shell|layer|coating|matrix|nanosheets?|spheres?))?|"
    r"(?:nickel|copper|titanium)\s+foam|(?:copper|zinc|stainless\s+steel)\s+(?:foil|mesh)|"
    r"MXenes?|polydopamine|graphite)$",
    re.IGNORECASE)

_ARR_CORE_SHELL = "CoreShell"
_ARR_SUPPORTED = "SupportedOn"
_ARR_COMPOSITE = "Composite"
_ARR_LAYERED = "Layered"
_ARR_SINGLE = "Single"


def is_support(name: str) -> bool:
    """Carbon/current-collector support: rGO, N-C, NSC, CNTs, carbon cloth, nickel foam, MXene."""
    n = name.strip()
    if _SUPPORT_ABBR.match(n) or _SUPPORT_WORDS.match(n):
        return True
    info = parse_formula(n) if re.search(r"T[xz]$", n) else None
    return bool(info and info.termination)  # MXene formulas such as Ti3C2Tx


@dataclass
class Component:
    """One leaf of a composite: what was written, what it reads as, and its role."""

    surface: str
    name: str
    role: str  # "phase", "support", "abbreviation" or "unknown"
    formula: FormulaInfo | None = None
    resolved_from: str | None = None  # a document abbreviation (NVP) resolved to this


@dataclass
class MaterialInfo:
    """A (possibly composite) material name.

    arrangement: top-level relation (CoreShell for @/⊂, SupportedOn for a trailing support or
    "on", Composite for / - –, Layered for | || // (stacks and cells), Single);
    structure: nested ``(arrangement, [children])`` tuples whose leaves are component
    names, so ``MoS2/SnS@C`` is ``("CoreShell", [("Composite", ["MoS2", "SnS"]), "C"])``;
    components: leaf names in written order (OCR-repaired); parts: the leaves in detail.
    """

    surface: str
    name: str
    components: list[str]
    arrangement: str
    structure: object
    parts: list[Component] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    confidence: float = 1.0

    @property
    def valid(self) -> bool:
        """Every leaf is a formula or a support, and at least one leaf is a formula."""
        return bool(self.parts) and all(p.role != "unknown" for p in self.parts) and any(
            p.role == "phase" or (p.formula is not None and p.role != "abbreviation") or p.resolved_from
            for p in self.parts)


_TRUNCATED = re.compile(r"[-‐–]$")


#: Capitals only, no digit: an acronym ("NZSP", "LLZO"), which no OCR repair turns into a formula.
_ACRONYM = re.compile(r"[A-Z]{3,}")
#: Two capitals ending a composite before punctuation: a substrate's or support's abbreviation
#: ("Ni3S2/NF,": nickel foam; "CC", "CP"), where a lost subscript would make a molecule.
_SUPPORT_PAIR = re.compile(r"[A-Z]{2}")


def _leaf(piece: str, internal: bool, abbreviations: dict[str, str], prefer_case: bool,
          in_composite: bool, split_hyphens: bool = True) -> tuple[object, list[Component]]:
    """One piece between structural separators: support, abbreviation, formula, or A-B.

    Inside a composite a single element symbol counts as chemical (``Na`` in ``Na/VN``) and a
    lower repair confidence is accepted (0.15, not 0.3): the siblings vouch for the context.
    """
    raw = piece.strip()
    p = _TRUNCATED.sub("", raw) if not re.search(r"\d[-+]$", raw) else raw
    if p.startswith("(") and p.endswith(")") and _matching(p, 0) == len(p) - 1:
        p = p[1:-1]  # "(CNT)@MnO2"
    morph = _MORPHOLOGY_SUFFIX.search(p)
    if morph and parse_formula(p[:morph.start()]) is not None:
        p = p[:morph.start()]  # "CeO2NRs": the nanorods are CeO2
    if not p:
        return "", [Component(raw, raw, "unknown")]
    if is_support(p) and (not re.search(r"\d", p) or _SUPPORT_ABBR.match(p)):
        return p, [Component(raw, p, "support")]
    if p not in abbreviations and (layered := _layered_oxide(p)) is not None:
        return p, layered.parts
    if p in abbreviations:
        long = abbreviations[p]
        sub = parse_material(long, abbreviations={})
        role = "phase" if sub.valid else "abbreviation"
        if sub.valid and len(sub.parts) == 1:
            c = sub.parts[0]
            return c.name, [Component(raw, c.name, c.role, c.formula, resolved_from=p)]
        return p, [Component(raw, p, role, resolved_from=p if sub.valid else None)]
    info = parse_formula(p, internal=internal, prefer_case_repair=prefer_case)
    if info is not None and info.repairs and (_ACRONYM.fullmatch(p.rstrip(",;:")) or (
            in_composite and p[-1] in ",;:" and _SUPPORT_PAIR.fullmatch(p[:-1]))):
        # "NZSP" in "Na|NZSP" is an acronym, not an OCR'd "N3SP"; nor "NCNF," an "NCNF4", nor the
        # substrate "NF," ending "Ni3S2/NF," a lost subscript ("NF3")
        info = None
    if info is not None and info.confidence >= (0.15 if in_composite else 0.3) and (
            is_formula_token(p, chemical_context=in_composite) or info.repairs):
        role = "support" if info.termination else "phase"
        name = _display(info)
        return name, [Component(raw, name, role, info)]
    # A hyphenated piece that is not one formula: an intimate composite A-B.  Segment it so
    # that hyphens inside a formula survive: "Co1-xS-CoS2" is Co1-xS + CoS2.
    if split_hyphens and re.search(r"[-‐–]", p):
        bits = re.split(r"([-‐–])", p)
        seg = _segment(bits[0::2], bits[1::2], internal, abbreviations, prefer_case)
        if seg is not None and len(seg) > 1:
            kids = [node for node, _ in seg]
            parts = [c for _, ps in seg for c in ps]
            return (_supported_or(_ARR_COMPOSITE, kids, parts), kids), parts
    if info is not None and in_composite and info.confidence >= 0.3 and info.plausibility != "unbalanced":
        name = _display(info)
        return name, [Component(raw, name, "phase", info)]
    return p, [Component(raw, p, "unknown", info)]


def _segment(bits: list[str], seps: list[str], internal: bool, abbreviations: dict[str, str],
             prefer_case: bool) -> list[tuple[object, list[Component]]] | None:
    """Split hyphen-joined bits into the fewest leaves that all read as formulas/supports."""
    if not bits:
        return []
    if len(bits) > 8:
        return None  # a long hyphen chain is prose ("state-of-the-art"), not a composite
    for j in range(len(bits), 0, -1):
        head = "".join(b + (seps[k] if k < j - 1 else "") for k, b in enumerate(bits[:j]))
        if not head:
            continue
        last = j == len(bits)
        node, parts = _leaf(head, internal or not last, abbreviations, prefer_case, True,
                            split_hyphens=False)
        if all(c.role != "unknown" for c in parts):
            rest = _segment(bits[j:], seps[j:], internal, abbreviations, prefer_case)
            if rest is not None:
                return [(node, parts)] + rest
    return None


def _supported_or(arr: str, kids: list[object], parts: list[Component]) -> str:
    """``A/B/rGO``: when the last child is all support and something else is not, SupportedOn."""
    n_last = _count_leaves(kids[-1])
    if len(parts) >= 2 and all(p.role == "support" for p in parts[len(parts) - n_last:]) \
            and any(p.role != "support" for p in parts):
        return _ARR_SUPPORTED
    return arr


def _display(info: FormulaInfo) -> str:
    out = ""
    if info.phase_prefix:
        out += info.phase_prefix + "-"
    if info.dopants:
        out += ",".join(info.dopants) + "-"
    out += info.formula
    if info.hydrate:
        out += info.hydrate
    if info.charge:
        out += (str(abs(info.charge)) if abs(info.charge) != 1 else "") + ("+" if info.charge > 0 else "-")
    return out


def _composite_slash() -> re.Pattern[str]:
    """A slash between components, not one inside a fractional count: in "NaNi1/3Fe1/3Mn1/3O2"
    each slash sits between a count and a larger one-digit count followed by an element symbol;
    in "Co9S8/1T-MoS2" the count after it is smaller and "T" is no element."""
    symbol = "|".join(sorted(ELEMENTS, key=len, reverse=True))
    fractions = "|".join(rf"(?<=[A-Za-z)]{n}/)[{n + 1}-9](?:{symbol}|\(|$)" for n in range(1, 9))
    return re.compile(rf"/(?!{fractions})")


_COMPOSITE_SLASH = _composite_slash()


def _split(s: str, internal: bool, abbreviations: dict[str, str], prefer_case: bool,
           in_composite: bool) -> tuple[object, list[Component]]:
    """Recursive descent by precedence: '|'/'||'/'//' (outermost: stacks and cells), @/⊂,
    ' on ', '/', then hyphens."""
    for sep_re, arr in ((r"\|+|//", _ARR_LAYERED), (r"[@⊂]", _ARR_CORE_SHELL),
                        (r"\s+on\s+", _ARR_SUPPORTED), (_COMPOSITE_SLASH, _ARR_COMPOSITE)):
        bits = re.split(sep_re, s)
        if len(bits) > 1 and all(b.strip() for b in bits):
            kids, parts = [], []
            for k, b in enumerate(bits):
                node, ps = _split(b, internal or k < len(bits) - 1, abbreviations, prefer_case, True)
                kids.append(node)
                parts += ps
            if arr == _ARR_COMPOSITE:
                arr = _supported_or(arr, kids, parts)
            return (arr, kids), parts
    return _leaf(s, internal, abbreviations, prefer_case, in_composite)


def _count_leaves(node: object) -> int:
    if isinstance(node, tuple):
        return sum(_count_leaves(k) for k in node[1])
    return 1


#: A sample's label after its compound: a number of two to four digits ("Li3YCl6-500",
#: "MoS2-700"), never the counts of a formula damaged by OCR.
_SAMPLE_LABEL = re.compile(r"^(.*[A-Za-z)\]].*)[-–](\d{2,4})$")


def parse_material(name: str, *, abbreviations: dict[str, str] | None = None) -> MaterialInfo:
    """Read a (composite) material name; every leaf is parsed with :func:`parse_formula`.

    ``A/B@C`` → CoreShell(Composite(A, B), C); ``A@B@C`` → CoreShell(A, B, C);
    ``A/rGO`` → SupportedOn; ``A-B``/``A–B``/``A/B`` → Composite; ``A|B`` → Layered.
    Hyphens that belong to a formula (``MoS2-x``, ``Co1-xS``), a phase prefix (``1T-``,
    ``g-``), a dopant prefix (``N-NiMoO4``) or a doped-carbon support (``N-C``) do not split.
    """
    abbreviations = abbreviations or {}
    plain = plain_text_with_map(name).text.strip()
    if (label := _SAMPLE_LABEL.match(plain)) and (head := parse_material(label.group(1), abbreviations=abbreviations)).valid:
        # "Li3YCl6-500": the compound, labelled by how it was made (a temperature, a time)
        return replace(head, surface=name, name=plain)
    tree, parts = _split(plain, False, abbreviations, False, False)
    if any(r.rule.startswith("capital letter") for p in parts if p.formula for r in p.formula.repairs):
        tree, parts = _split(plain, False, abbreviations, True, False)
    if isinstance(tree, tuple):
        arrangement = tree[0]
        rendered = _rebuild_name(plain, parts)
    else:
        arrangement = _ARR_SINGLE
        rendered = str(tree)
    repairs = [r for p in parts if p.formula for r in p.formula.repairs]
    conf = min([1.0] + [p.formula.confidence for p in parts if p.formula])
    return MaterialInfo(surface=name, name=rendered, components=[p.name for p in parts],
                        arrangement=arrangement, structure=tree, parts=parts, repairs=repairs,
                        confidence=conf)


def _rebuild_name(plain: str, parts: list[Component]) -> str:
    """The surface string with each leaf replaced by its repaired reading, separators kept."""
    out, pos = [], 0
    for p in parts:
        idx = plain.find(p.surface.strip(), pos)
        if idx < 0:
            continue
        out.append(plain[pos:idx])
        leaf_surface = p.surface.strip()
        out.append(p.name + ("-" if _TRUNCATED.search(leaf_surface) and not p.name.endswith("-") else ""))
        pos = idx + len(leaf_surface)
    out.append(plain[pos:])
    return "".join(out)


@dataclass
class Mention:
    """A material mention: offsets into the text given to ``find_material_mentions``."""

    start: int
    end: int
    surface: str
    info: MaterialInfo
    resolved_from: str | None = None


_CHUNK = re.compile(r"[^\s]+")
#: Words that name a shell by what it does to a core. "ZnO-coated Zn" and "Zn coated with ZnO"
#: are the core@shell ``Zn@ZnO`` of the notation: read as two materials, the coating a claim
#: is about would be lost and the claim given to the bare core.
_COATING = r"coated|wrapped|encapsulated|covered|protected|shelled|clad"
_COATING_HEAD = re.compile(rf"^([^-–/@]+)[-–](?:{_COATING})$")
_SHELL_BEFORE = re.compile(rf"[-–](?:{_COATING})\s+$")
_SHELL_AFTER = re.compile(
    rf"\s+(?:[a-z]+\s+)?(?:{_COATING})\s+(?:with|by|in)\s+(?:an?\s+|the\s+)?(?:(?:ultra)?thin\s+|uniform\s+|conformal\s+)?$")
_AUTHOR_INITIAL = re.compile(r"(?:^|[\s,(])(?:[A-Z]\.-?)+\s$")
#: Addresses, identifiers, comparisons, bare numbers and dotted words ("e.g.", "fig.S1."); the
#: decimals of a fractional formula ("Na2.88Sb0.88W0.12S4") are not dotted words.
_NOT_MATERIAL = re.compile(r"https?:|www\.|doi|^10\.\d|[=<>≤≥]|^\d+(?:[.,]\d+)*$|\.[a-z]\w*\.", re.IGNORECASE)
_LEADING_PHASE = re.compile(r"^\d[A-Z]['′]?[-/]")
_CITATION_TAIL = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]$")
#: A supplementary figure, table or note ("Table S8", "Figures S2-S9", "Note S8 and S9") is
#: numbered like a formula of sulfur; after such a word it is a label.
_SUPPLEMENT = re.compile(r"S\d+[a-z]?(?:[-–]S?\d+[a-z]?)?")
_SUPPLEMENT_BEFORE = re.compile(
    r"\b(?:fig(?:ure)?s?|tables?|notes?|movies?|videos?|schemes?|sections?|eqs?|equations?)\.?\s+"
    r"(?:\(?S?\d+[a-z]?\)?\s*(?:[-–,]|and)\s*)*$", re.I)


def _trim(chunk: str) -> tuple[int, int]:
    """Strip quotation, bracket and sentence punctuation that is not part of the name."""
    a, b = 0, len(chunk)
    pairs = {"(": ")", "[": "]", "{": "}"}
    closers = {v: k for k, v in pairs.items()}
    changed = True
    while changed and a < b:
        changed = False
        c = chunk[a]
        if c in "\"'“‘-–/@":
            a += 1
            changed = True
        elif c in pairs and chunk[a:b].count(c) > chunk[a:b].count(pairs[c]):
            a += 1  # an opening bracket without its partner: "(MoS2-ZnIn2S4"
            changed = True
        c = chunk[b - 1] if b > a else ""
        if c and c in "\"'”’.!?/@":
            b -= 1
            changed = True
        elif c and c in closers and chunk[a:b].count(closers[c]) < chunk[a:b].count(c):
            b -= 1
            changed = True
        elif c and c in ",;:" and b - 1 > a and (chunk[b - 2].isdigit() or chunk[b - 2] in ")]"):
            b -= 1  # a lost subscript never follows a complete count
            changed = True
        elif c == "]" and (cite := _CITATION_TAIL.search(chunk, a, b)) and cite.start() > a:
            b = cite.start()  # "MoB/Si3N4[33]": a citation marker glued to the name
            changed = True
    # "(Na2Se)": a whole chunk in parentheses is an aside, not a group with a count.
    while b - a > 2 and chunk[a] == "(" and chunk[b - 1] == ")" and _matching(chunk, a) == b - 1:
        a, b = a + 1, b - 1
    return a, b


def _matching(s: str, i: int) -> int:
    depth = 0
    for k in range(i, len(s)):
        depth += {"(": 1, ")": -1}.get(s[k], 0)
        if depth == 0:
            return k
    return -1


def find_material_mentions(text: str, abbreviations: dict[str, str] | None = None) -> list[Mention]:
    """Formula-like tokens and composite names in running text, with offsets into ``text``.

    Ordinary words, field abbreviations and acronyms are refused (see ``is_formula_token``);
    a composite is kept only if all its leaves read as formulas or supports.  A hyphenated
    word whose head is a formula (``MoS2-based``) yields the formula alone.  Document
    abbreviations (from :func:`find_abbreviations`) resolve to their long form.
    """
    abbreviations = abbreviations or {}
    pt = plain_text_with_map(text)
    t = pt.text
    out: list[Mention] = []
    spaced = _spaced_formulas(t)
    for s, e, info in spaced:
        ss, ee = pt.source_span(s, e)
        out.append(Mention(ss, ee, text[ss:ee], info))
    for m in _CHUNK.finditer(t):
        a, b = _trim(m.group(0))
        s, e = m.start() + a, m.start() + b
        if any(s < b2 and a2 < e for a2, b2, _ in spaced):
            continue
        chunk = t[s:e]
        if not chunk or not re.search(r"[A-Z]", chunk) or _NOT_MATERIAL.search(chunk):
            continue
        if chunk[0].isdigit() and not _LEADING_PHASE.match(chunk):
            continue
        if _AUTHOR_INITIAL.search(t, max(0, s - 8), s) and re.fullmatch(r"[A-Z][a-z]?", chunk.rstrip(",;:")):
            continue  # "Q. Li," "G.-Q. Lu": a surname after an initial, not an element
        if _SUPPLEMENT.fullmatch(chunk.rstrip(",;:")) and _SUPPLEMENT_BEFORE.search(t, max(0, s - 40), s):
            continue  # "Table S8": a label in the supporting information, not sulfur
        mention = _mention_for(chunk, t[e:e + 30], abbreviations)
        if chunk[-1] in ",;:" and len(chunk) > 1 and (mention is None or mention[1] < len(chunk)
                                                      or not mention[0].repairs):
            # Sentence punctuation after a name, unless the glyph was read as a lost digit.
            shorter = _mention_for(chunk[:-1], t[e - 1:e + 29], abbreviations)
            if shorter is not None:
                mention = shorter
        if mention is None:
            continue
        info, used, resolved = mention
        ss, ee = pt.source_span(s, s + used)
        out.append(Mention(ss, ee, text[ss:ee], info, resolved))
    return _cells(text, _coatings(text, sorted(out, key=lambda x: x.start)))


#: Element symbols each with its count, printed apart as PDF text prints subscripts: "Li 2 S2",
#: "Li 9.54 Si 1.74 P1.44 S11.7 Cl0.3", "LiNi 0.6 Mn 0.2 Co 0.2 O 2".
_SPACED_TOKEN = r"(?:[A-Z][a-z]?)+(?:\s?\d+(?:\.\d+)?)?"
_SPACED = re.compile(rf"(?<![\w.\-/]){_SPACED_TOKEN}(?:\s{_SPACED_TOKEN})+(?![\w\-]|\.\d)")
_SPACED_COUNT = re.compile(r"[A-Za-z]\s\d")
#: What a formula printed apart must read as: a compound its oxidation states balance.
_SPACED_KINDS = {"single", "mixed", "polyanion"}


def _spaced_formulas(t: str) -> list[tuple[int, int, MaterialInfo]]:
    """Formulas whose counts PDF text printed apart from their symbols, as (start, end, info):
    the longest runs of symbols and counts that joined read as a compound of two or more
    elements with balanced oxidation states and no repair ("In Li 2 S" is In and Li2S)."""
    out = []
    for m in _SPACED.finditer(t):
        pieces = [(m.start() + k.start(), m.start() + k.end()) for k in re.finditer(r"\S+", m.group(0))]
        i = 0
        while i < len(pieces) - 1:
            found = None
            for j in range(len(pieces) - 1, i, -1):
                a, b = pieces[i][0], pieces[j][1]
                if _printed_apart(t, pieces[i:j + 1]) and (info := _balanced(re.sub(r"\s", "", t[a:b]))) is not None:
                    found = (a, b, info), j
                    break
            if found is None:
                i += 1
                continue
            out.append(found[0])
            i = found[1] + 1
    return out


def _printed_apart(t: str, pieces: list[tuple[int, int]]) -> bool:
    """Whether these pieces are one formula printed apart: a count printed apart from its
    symbol ("Li 2 S"), or pieces that each end in their count and of which none is a compound
    on its own ("Na2.5Zr2Si1.5 P1.5O12", "Na2.9375 PS3.9375 Cl0.0625"; not "MoS2 WS2", two)."""
    a, b = pieces[0][0], pieces[-1][1]
    if _SPACED_COUNT.search(t, a, b):
        return True
    return all(t[e - 1].isdigit() for _, e in pieces[:-1]) and all(_balanced(t[s:e]) is None for s, e in pieces)


def _balanced(joined: str) -> MaterialInfo | None:
    info = parse_formula(joined)
    if (info is None or info.repairs or info.confidence < 0.9 or len(info.composition) < 2
            or info.plausibility not in _SPACED_KINDS):
        return None
    material = parse_material(joined)
    return material if material.valid else None


def _coatings(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join a coating and what it coats into one core@shell mention (see ``_COATING``)."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        if i + 1 < len(mentions):
            nxt = mentions[i + 1]
            gap = text[m.end:nxt.start]
            core, shell = (nxt, m) if _SHELL_BEFORE.fullmatch(gap) else (m, nxt) if _SHELL_AFTER.fullmatch(gap) else (None, None)
            if core is not None and shell.info.arrangement == _ARR_SINGLE:
                info = parse_material(f"{core.info.name}@{shell.info.name}")
                if info.valid:
                    out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], info))
                    i += 2
                    continue
        out.append(m)
        i += 1
    return out


#: The bar of electrochemical cell notation, as PDF text prints it with spaces: "Li | LLZO".
_BAR = re.compile(r"\s*\|\s*")


T = TypeVar("T")


def joined_runs(items: list[T], joined: Callable[[T, T], bool]) -> list[list[T]]:
    """``items`` in order, grouped into the longest runs of neighbours that ``joined`` links
    (materials written as one: "Li | LLZO | Li", "A + B composite")."""
    out: list[list[T]] = []
    for item in items:
        if out and joined(out[-1][-1], item):
            out[-1].append(item)
        else:
            out.append([item])
    return out


def _cells(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join materials written in cell notation ("Li | LLZO | Li", "Na | NZSP interface") into
    one layered mention: the bar is how electrochemists write a stack of phases in contact, and
    printed without spaces it is read as one token already ("Li|Li6PS5Cl"). A run that does
    not read as one material gives its first mention alone, and the rest is tried again."""
    out: list[Mention] = []
    for run in joined_runs(mentions, lambda a, b: _BAR.fullmatch(text, a.end, b.start) is not None):
        while len(run) > 1 and not (info := parse_material("|".join(m.info.name for m in run))).valid:
            out.append(run.pop(0))
        if len(run) > 1:
            out.append(Mention(run[0].start, run[-1].end, text[run[0].start:run[-1].end], info))
        else:
            out.extend(run)
    return out


def _only_gases(info: MaterialInfo) -> bool:
    """A composite of gaseous elements alone is an atmosphere or a phase notation."""
    return all(p.formula is not None and set(p.formula.composition) <= GASEOUS_ELEMENTS for p in info.parts)


def _mention_for(chunk: str, after: str, abbreviations: dict[str, str]) -> tuple[MaterialInfo, int, str | None] | None:
    if chunk in abbreviations:
        info = parse_material(abbreviations[chunk])
        if info.valid:
            return info, len(chunk), chunk
        return None
    if chunk in FIELD_ABBREVIATIONS or chunk.rstrip("s") in FIELD_ABBREVIATIONS:
        return None
    if re.match(r"\s*et\s+al\b", after):
        return None  # "Li et al.": a surname
    if re.search(r"[/@⊂|–-]", chunk[1:]):
        bits = [b for b in re.split(r"[-–]", chunk) if b]
        if len(bits) > 1 and all(re.fullmatch(r"[A-Z][a-z]?", b) for b in bits):
            return None  # "Ti-O-Fe", "Co-S": bonds between elements, not a material
        info = parse_material(chunk, abbreviations=abbreviations)
        if info.valid and _only_gases(info):
            return None
        if info.valid:
            used = len(chunk)
            last = info.parts[-1]
            if last.formula and any(r.rule == "trailing punctuation" for r in last.formula.repairs):
                used -= 1
            return info, used, None
        # "MoS2-based", "Co9S8-decorated", "NiCo2O4/MnO2-based": keep the material a hyphenated
        # word is built on.
        if (named := _named_core_shell(chunk, abbreviations)) is not None:
            return named, len(chunk), None
        head = re.match(r"^(.+?)[-–]([a-z]{3,}[a-z-]*)$", chunk)
        if head is None:
            return None
        base = head.group(1)
        if re.search(r"[/@⊂|–-]", base):
            info = parse_material(base, abbreviations=abbreviations)
            if not info.valid and (named := _named_core_shell(base, abbreviations)) is not None:
                return named, len(base), None  # "MSN@NCNF-modified"
            return (info, len(base), None) if info.valid and not _only_gases(info) else None
        if (re.search(r"\d", base) or _COATING_HEAD.match(chunk)) and is_formula_token(base):
            return parse_material(base), len(base), None
        return None
    if "*" in chunk or "+" in chunk:
        info = parse_formula(chunk, next_text=after)
        if info is None or info.charge is None or info.confidence < 0.5:
            return None
        return parse_material(chunk), len(chunk), None
    if is_formula_token(chunk):
        info = parse_material(chunk)
        used = len(chunk)
        if info.parts and info.parts[-1].formula and any(
                r.rule == "trailing punctuation" for r in info.parts[-1].formula.repairs):
            used -= 1
        return info, used, None
    bare = chunk.rstrip(",;:.")
    if (layered := _layered_oxide(bare)) is not None:
        return layered, len(bare), None
    if is_generic_formula(bare):
        # a family of compounds ("LiMXCl4"): a material by its written name, with no formula
        return MaterialInfo(bare, bare, [bare], _ARR_SINGLE, bare, [Component(bare, bare, "phase")]), len(bare), None
    return None


#: The field's notation for a layered lithium nickel-cobalt-manganese oxide by its metals' ratio:
#: "NCM811" is LiNi0.8Co0.1Mn0.1O2, "NMC622" LiNi0.6Mn0.2Co0.2O2 (the letters give the order).
_LAYERED_OXIDE = re.compile(r"(NCM|NMC)[-‐]?(\d)(\d)(\d)")
_LAYERED_METALS = {"N": "Ni", "C": "Co", "M": "Mn"}


def _layered_oxide(name: str) -> MaterialInfo | None:
    """A layered oxide named by its metals' ratio ("NCM811", "NMC-622"), kept as printed with the
    formula the ratio spells, so that it is the same material as its written-out formula."""
    m = _LAYERED_OXIDE.fullmatch(name)
    if m is None:
        return None
    ratio = [int(d) for d in m.groups()[1:]]
    total = sum(ratio)
    if not total or min(ratio) == 0:
        return None
    formula = "Li" + "".join(f"{_LAYERED_METALS[letter]}{round(n / total, 2):g}"
                             for letter, n in zip(m.group(1), ratio)) + "O2"
    info = parse_material(formula)
    if not info.valid or len(info.parts) != 1:
        return None
    part = replace(info.parts[0], surface=name, name=name, resolved_from=name)
    return MaterialInfo(surface=name, name=name, components=[name], arrangement=_ARR_SINGLE, structure=name,
                        parts=[part])


#: A part of a sample's name in the core@shell notation that chemistry cannot read: the paper's
#: own acronym, with the amount or label it may carry ("LNO", "LNO0.5", "NCM", "MSN", "NCNF").
_NAME_PART = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:\d+(?:\.\d+)?)?")


def _named_core_shell(chunk: str, abbreviations: dict[str, str]) -> MaterialInfo | None:
    """A sample the paper names in the core@shell notation with acronyms of its own ("LNO@NCM",
    "LNO1@NCM", "MSN@NCNF"): "@" is the field's sign for a coated or encapsulated material, so
    the name is a material even where chemistry reads none of its parts. Each part is a formula,
    a support, or an acronym of two capitals at least; the name is kept as printed."""
    pieces = chunk.split("@")
    if len(pieces) < 2 or len(chunk) > 30:
        return None
    parts: list[Component] = []
    for piece in pieces:
        if _NAME_PART.fullmatch(piece) and len(piece) <= 12:
            resolved = parse_material(abbreviations[piece]) if piece in abbreviations else None
            if resolved is not None and resolved.valid and len(resolved.parts) == 1:
                parts.append(replace(resolved.parts[0], surface=piece, resolved_from=piece))
            else:
                parts.append(Component(piece, piece, "phase"))
            continue
        info = parse_material(piece, abbreviations=abbreviations)
        if not info.valid or len(info.parts) != 1:
            return None
        parts.append(info.parts[0])
    return MaterialInfo(surface=chunk, name=chunk, components=[p.name for p in parts], arrangement=_ARR_CORE_SHELL,
                        structure=(_ARR_CORE_SHELL, [p.name for p in parts]), parts=parts)


_ABBR = re.compile(r"(?<=\s)\(\s*([A-Za-z](?:[A-Za-z0-9\-]|(?<=\d)\.(?=\d)){0,11}?)\s*\)")


def _sh_long_form(short: str, long: str) -> str | None:
    """Schwartz–Hearst: shortest tail of ``long`` whose characters spell ``short`` in order."""
    s_i, l_i = len(short) - 1, len(long) - 1
    while s_i >= 0:
        c = short[s_i].lower()
        if not c.isalnum():
            s_i -= 1
            continue
        while l_i >= 0 and (long[l_i].lower() != c or (s_i == 0 and l_i > 0 and long[l_i - 1].isalnum())):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    start = max(long.rfind(" ", 0, l_i + 1) + 1, 0)
    return long[start:].strip()


#: The capitals of an acronym, each the first letter of an element symbol: "NCM" in "NCM811".
_ACRONYM_CAPITALS = re.compile(r"[A-Z]")


def _formula_spelt(short: str, before: str) -> str | None:
    """The formula right before an acronym's parenthesis whose element symbols the acronym's
    capitals begin, in order ("Li6PS5Cl (LPSCl)", "LiNi0.8Co0.1Mn0.1O2 (NCM811)", "Li 6 PS 5 Cl
    (LPSCl)" printed with its counts apart). Its letters need not start its first word, as the
    Schwartz–Hearst rule asks: chemists name a compound by its framework elements."""
    tail = before.rstrip().rsplit(None, 1)[-1] if before.strip() else ""
    candidates = [tail]
    spaced = [f for f in _spaced_formulas(before.rstrip()) if f[1] == len(before.rstrip())]
    if spaced:
        candidates.insert(0, spaced[-1][2].name)
    for name in candidates:
        info = parse_formula(name) if name and is_formula_token(name) else None
        if info is None or info.repairs or len(info.composition) < 2:
            continue
        if _spells(short, re.findall(r"[A-Z][a-z]?", info.formula)):
            return name
    return None


def _spells(short: str, symbols: list[str]) -> bool:
    """Each capital of ``short`` begins the next symbol it can, in order; two capitals at least."""
    capitals = _ACRONYM_CAPITALS.findall(short)
    if len(capitals) < 2:
        return False
    i = 0
    for c in capitals:
        while i < len(symbols) and symbols[i][0] != c:
            i += 1
        if i == len(symbols):
            return False
        i += 1
    return True


def find_abbreviations(text: str) -> dict[str, str]:
    """Definitions such as ``NaTi2(PO4)3 (NTP)`` or ``nitrogen-doped carbon (NC)``.

    The long form is found by the Schwartz–Hearst rule (abbreviation letters matched in
    order, the first at a word start) within the preceding few words of the same clause.
    A parenthesis that is itself a formula, a citation or a figure label is not a definition.
    First definition wins: a document defines an abbreviation once.
    """
    t = plain_text_with_map(text).text
    found: dict[str, str] = {}
    for m in _ABBR.finditer(t):
        short = m.group(1)
        if short in found or sum(ch.isupper() for ch in short) < 2 or len(short) < 2:
            continue
        if re.search(r"\d", short) and (info := parse_formula(short)) is not None and not info.repairs:
            continue  # "(MoS2)" restates a formula; "(LPSC1.5)" is one only if OCR damage is supposed
        before = t[max(0, m.start() - 200):m.start()]
        # the clause before the parenthesis (brackets inside formulas do not end it)
        before = re.split(r"[.;:](?:\s|$)|\s[(\[]|[)\]](?=\s)", before)[-1].rstrip()
        words = before.split()
        window = words[-min(len(short) + 5, 2 * len(short)):]
        if not window:
            continue
        formula = _formula_spelt(short, before)
        if formula is not None:
            found[short] = formula
            continue
        long = _sh_long_form(short, " ".join(window))
        if not long or len(long) <= len(short) or long.lower() == short.lower():
            continue
        if long[0].lower() != short[0].lower() or len(long.split()) > min(len(short) + 5, 2 * len(short)):
            continue  # the first letter must start the long form; no run-on table text
        long = re.sub(r"^(?:the|a|an|of|and|with|as|by|in|on)\s+", "", long, flags=re.IGNORECASE)
        found[short] = long
    for short, long in _named_as(t):
        found.setdefault(short, long)
    return found


#: A name given in words rather than in parentheses: "A, B and C are denoted as X, Y and Z,
#: respectively", "A (hereafter referred to as X)", "A, hereafter denoted X,". The verb is
#: found first; the lists are read outwards from it.
_NAMED_AS = re.compile(r"\b(?:denoted|abbreviated|referred(?:\s+to)?|labell?ed|named|designated|called)\s+(?:as\s+)?")
#: What may stand between the list of formulas and the verb.
_BEFORE_VERB = re.compile(r"[\s,(]*(?:(?:are|is|were|was)\s+)?(?:(?:hereafter|hereinafter|henceforth)\s+)?$")
#: A list read outwards from the verb: items joined by commas and "and".
_LIST_ITEM = r"[^\s,;()]+"
_LIST_END = re.compile(rf"({_LIST_ITEM}(?:(?:,?\s+and\s+|,\s*){_LIST_ITEM})*)$")
_LIST_START = re.compile(rf"{_LIST_ITEM}(?:(?:,?\s+and\s+|,\s*)(?!and\b){_LIST_ITEM})*")
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
#: How far before the verb the list of formulas may begin.
_LIST_REACH = 200


def _named_as(text: str) -> list[tuple[str, str]]:
    """(short, formula) for formulas a text names in words: each listed formula with the name
    at the same place in the list of names after "denoted as" ("LiTaOCl4 and LiNbOCl4 are
    denoted as LTOC and LNOC, respectively"). Only formulas are read, and the lists must be
    equally long; a name that is itself a formula or has fewer than two capitals is not one."""
    out = []
    for m in _NAMED_AS.finditer(text):
        before = text[max(0, m.start() - _LIST_REACH):m.start()]
        lead = _BEFORE_VERB.search(before)
        listed = _LIST_END.search(before[:lead.start()]) if lead else None
        names = _LIST_START.match(text, m.end(), m.end() + _LIST_REACH)
        if listed is None or names is None:
            continue
        longs = [x for x in _LIST_SPLIT.split(listed.group(1)) if x]
        longs = longs[next((i for i in range(len(longs) - 1, -1, -1) if not parse_material(longs[i]).valid), -1) + 1:]
        shorts = []
        for x in _LIST_SPLIT.split(names.group(0)):
            if sum(ch.isupper() for ch in x) < 2:
                break  # "LPSCl, was used": the list of names has ended
            shorts.append(x)
        if not longs or len(shorts) != len(longs) or any(_as_written(x) for x in shorts):
            continue
        out.extend(zip(shorts, longs))
    return out


def _as_written(token: str) -> bool:
    """Whether a token is a formula as printed, without any repair ("NASICON" is read as a
    formula only by repairing it)."""
    info = parse_formula(token)
    return info is not None and not info.repairs
