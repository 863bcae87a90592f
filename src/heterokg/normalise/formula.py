"""Parse one formula token, repairing OCR damage only where chemistry vouches for the repair.

Why: OCR of subscripts is the main source of noise in scanned reviews (``NazS``, ``Bi;S3``,
``Mo02``, ``FeoS10``).  Fixing these with a list of known materials would only work on the
papers we have seen, so every repair here is a *general* glyph confusion (``z``→``2``,
``;``→digit, ``0``→``O``...) whose result must (1) follow formula grammar, (2) parse with
periodictable, and (3) be chemically plausible by charge balance with common oxidation states
(:mod:`heterokg.normalise.oxidation`).  Candidates are ranked by
``glyph prior × plausibility × written-form penalties`` and the winner's share of the total
score is reported as its confidence, so callers can threshold.

Choices (documented because they are choices):

* ``formula`` is the repaired token without phase prefix, hydrate or charge, exactly in the
  written element order.
* ``reduced_formula`` keeps the written element order and divides integer counts by their gcd
  (``Mo2S4`` → ``MoS2``, ``Fe9S10`` stays).  Formulas with groups keep their written form when
  the flattened gcd is 1 (``Na3V2(PO4)3``); otherwise they are flattened in order of first
  appearance.  Decimal counts are kept as written.  Nonstoichiometric formulas get ``None``:
  ``MoS2-x`` is not the same compound as ``MoS2`` and must not merge with it.
* ``composition`` is the *nominal* composition (variable set to zero: ``MoS2-x`` → Mo1 S2,
  ``VOx`` → V1); the variable parts are in ``variable_counts``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import reduce
from math import gcd

import periodictable

from .grammar import ELEMENTS, Parsed, parse_body
from .oxidation import METALS, UNLIKELY_ELEMENTS, Balance, charge_balance
from .text import plain_formula_text

__all__ = ["Repair", "FormulaInfo", "parse_formula", "is_formula_token", "FIELD_ABBREVIATIONS",
           "ENGLISH_SYMBOL_WORDS"]


@dataclass(frozen=True)
class Repair:
    """One recorded change: what was read, what it became, which rule, how sure."""

    surface: str
    repaired: str
    rule: str
    confidence: float = 1.0


@dataclass
class FormulaInfo:
    """A parsed formula token.  See the module docstring for the meaning of each field."""

    surface: str
    formula: str
    reduced_formula: str | None
    composition: dict[str, float]
    phase_prefix: str | None = None
    dopants: list[str] = field(default_factory=list)
    nonstoichiometric: bool = False
    variable_counts: dict[str, str] = field(default_factory=dict)
    termination: str | None = None
    hydrate: str | None = None
    charge: int | None = None
    plausibility: str = "unknown"
    confidence: float = 1.0
    repairs: list[Repair] = field(default_factory=list)

    @property
    def elements(self) -> list[str]:
        """Element symbols in written order (no duplicates)."""
        return list(dict.fromkeys(self.composition) | dict.fromkeys(self.variable_counts))


# General electrochemistry / materials-characterisation abbreviations that happen to be
# spelled with element symbols.  Field vocabulary, not materials of any particular paper.
FIELD_ABBREVIATIONS: frozenset[str] = frozenset("""
SEI CEI HER OER ORR OOR NRR CO2RR DFT XRD TEM SEM XPS CV EIS GITT ICE CE SIB SIBs LIB LIBs
PIB PIBs ZIB ZIBs KIB KIBs BIEF BIEFs IEF MOF MOFs COF COFs NPs NP NC NCs CNT CNTs HRTEM
STEM EDS EDX EELS XAS XANES EXAFS AFM STM BET TGA DOS PDOS CBM VBM HOMO LUMO SHE RHE NHE
SCE OCV OCP CCD NMR FTIR IR UV PVDF PTFE NMP CMC SBR PEO PAN DMC EC PC DEC EMC DME DOL
FEC VC TFSI FSI LE SSE SPE ASEI CPE RT TM TMD TMDs TMC TMCs EH EHs HS HSs PBA PBAs CC NF
CFP GO rGO PDA MXene MXenes QD QDs NS NSs NW NWs NT NTs HCS HC CF CFs AC PB SPB ID OD
CN BN2 PCF CNF CNFs NCNT NSC CHPs SG NSG NG NPC CP ESI SI USA UK PR CN BE IC FE TOF ECSA
KB SP PS AN PANI PPy PEDOT PSS SS SSB SSBs ASSB DEMS TOF-SIMS SIMS XRR IV PV LED PEC
""".split())

# Element symbols that are also everyday English words or common non-chemical abbreviations.
# General language knowledge: outside a formula these are refused unless the caller says the
# context is chemical.
ENGLISH_SYMBOL_WORDS: frozenset[str] = frozenset(
    "In As At Be He No Am Es Ho Pa Po Md Mt Ne Ca Sc Ga Db Re Ge Cm Hs Ds Cs Os Bi Ta Fm Lr Sm Pm".split()
)

_PHASE_PREFIX = re.compile(
    r"^(?P<p>\d[A-Z](?:['′])?|[αβγδεθκλμσηωΑΒΓΔ]|[a-z]{1,2})\s?[-‐–]\s?(?=[A-Z(\[])"
)
_DOPANT_PREFIX = re.compile(r"^(?P<d>(?:[A-Z][a-z]?,?){1,3})[-‐–](?=[A-Z(\[])")
_HYDRATE = re.compile(r"[·•∙⋅]\s?(?P<n>\d+(?:\.\d+)?|[xyn])?\s?H2O$")
_CHARGE = re.compile(r"(?P<n>\d?)(?P<s>[+*\-])$")
_ION_CONTEXT = re.compile(
    r"^\W{0,3}(?:ions?|cations?|anions?|adsorption|diffusion|storage|insertion|extraction|"
    r"intercalation|deintercalation|transport|migration|flux|deposition|plating|stripping|"
    r"conduct\w*|mobility|solvation|desolvation|and|or|,|\)|/)", re.IGNORECASE)

# Glyph confusions of OCR on formula subscripts: replacement -> prior.
_LOST_DIGIT = {"2": 0.5, "3": 0.2, "4": 0.08, "5": 0.05, "6": 0.05, "7": 0.05, "8": 0.04, "9": 0.03}
_GARBAGE_DIGIT_GLYPHS = ":;,»«¡!|"
_LETTER_GLYPHS: dict[str, dict[str, float]] = {
    "z": {"2": 0.85, "3": 0.15},
    "Z": {"2": 0.85, "3": 0.15},
    "o": {"9": 0.5, "0": 0.5},
    "g": {"8": 0.6, "9": 0.4},
    "s": {"8": 0.3, "4": 0.3, "5": 0.25, "3": 0.15},
    "l": {"I": 0.5, "1": 0.5},
    "a": {"": 0.5},
}
# Substitutions tried only when the token as read is implausible (the letters are legal).
_IMPLAUSIBLE_ONLY: dict[str, dict[str, float]] = {
    "0": {"O": 0.3},
    "O": {"0": 0.3},
    "S": {"5": 0.3},
    "5": {"S": 0.3},
    "I": {"1": 0.3, "l": 0.0},
}
_PLAUSIBLE_KINDS = {"single", "mixed", "metal_rich", "intermetallic", "interstitial"}


def _plausible_symbol(sym: str) -> bool:
    return sym in ELEMENTS and sym not in UNLIKELY_ELEMENTS


def _stray_positions(body: str) -> list[int]:
    """Indices of characters that cannot belong to a plausible element symbol or a count."""
    stray: list[int] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c.isupper():
            if i + 1 < len(body) and body[i + 1].islower() and _plausible_symbol(body[i:i + 2]):
                i += 2
                continue
            if c == "T" and body[i + 1:i + 2] in ("x", "z") and i + 2 == len(body):
                i += 2
                continue
            if not _plausible_symbol(c):
                stray.append(i)
            i += 1
            continue
        if c.islower() and c not in "xyδ":
            stray.append(i)
        elif c in _GARBAGE_DIGIT_GLYPHS:
            stray.append(i)
        elif c in "xy" and i > 0 and body[i - 1].isdigit() and i + 1 < len(body) and body[i + 1].isupper():
            pass
        i += 1
    return stray


@dataclass
class _Candidate:
    body: str
    parsed: Parsed
    balance: Balance
    score: float
    changes: list[tuple[int, str, str, str]]  # (index, old, new, rule)


def _written_gcd(parsed: Parsed) -> int:
    nums = [int(c) if c else 1 for _, c in parsed.sequence if not c or c.isdigit()]
    if len(nums) != len(parsed.sequence):
        return 1
    return reduce(gcd, nums) if nums else 1


def _mxene_ok(parsed: Parsed) -> bool:
    """MXenes are M(n+1)X(n)Tx: one more metal layer than C/N layers."""
    metals = sum(v for el, v in parsed.composition.items() if el in METALS)
    xs = sum(v for el, v in parsed.composition.items() if el in ("C", "N"))
    return xs >= 1 and abs(metals - xs - 1) < 1e-9


def _assess(body: str, charge: int = 0) -> tuple[Parsed, Balance, float] | None:
    """Grammar + periodictable + plausibility for one candidate body; None if unparsable."""
    parsed = parse_body(body)
    if parsed is None:
        return None
    nominal = re.sub(r"(?<=\d)[-+][xyδ]|[xyδ](?:[-+]\d+(?:\.\d+)?)?|T[xz]$", "", body)
    try:
        if nominal:
            periodictable.formula(nominal)
    except Exception:
        return None
    comp = {k: v for k, v in parsed.composition.items() if v}
    if parsed.termination:
        ok = _mxene_ok(parsed)
        bal = Balance("mxene" if ok else "unbalanced", 1.0 if ok else 0.1)
    elif parsed.variable_counts:
        bal = Balance("nonstoichiometric", 0.8)
    else:
        bal = charge_balance(comp, charge)
    score = bal.score
    if any(el in UNLIKELY_ELEMENTS for el in comp):
        score *= 0.05
    if parsed.adjacent_repeat:
        score *= 0.1
    if _written_gcd(parsed) > 1:
        score *= 0.3
    if any(v > 30 for v in comp.values()):
        score *= 0.2
    if any(c == "1" for _, c in parsed.sequence):
        score *= 0.3  # an explicit subscript 1 ("S1O") is not how formulas are written
    return parsed, bal, score


def _candidates(body: str, implausible: bool, internal_end: bool, prefer_case: bool) -> list[list[tuple[str, float, str]]]:
    """For each character, the alternatives (replacement, prior, rule) worth trying."""
    stray = set(_stray_positions(body))
    alts: list[list[tuple[str, float, str]]] = []
    for i, c in enumerate(body):
        options: list[tuple[str, float, str]] = []
        nxt = body[i + 1] if i + 1 < len(body) else ""
        prev = body[i - 1] if i else ""
        if i in stray and c in _GARBAGE_DIGIT_GLYPHS:
            if i == len(body) - 1 and not internal_end:
                options.append(("", 0.6, "trailing punctuation"))
                scale = 0.4
            elif nxt.isdigit() or prev.isdigit():
                options.append(("", 0.6, "spurious glyph next to a digit"))
                scale = 0.4
            else:
                scale = 1.0
            options += [(d, p * scale, f"'{c}' read for a lost subscript digit") for d, p in _LOST_DIGIT.items()]
        elif c.isupper() and (i - 1) in stray and prev.isupper() and _plausible_symbol(prev + c.lower()):
            options.append((c.lower(), 0.95, "capital letter inside an element symbol (MO → Mo)"))
            options.append((c, 0.05, "kept"))
        elif i in stray and c in _LETTER_GLYPHS:
            options += [(r, p, f"'{c}' read for '{r}'" if r else f"stray '{c}' dropped")
                        for r, p in _LETTER_GLYPHS[c].items()]
        elif i in stray:
            options.append(("", 0.2, f"stray '{c}' dropped"))
            # May join a repaired neighbour: "Znln" → "ZnIn", "MOS2" → "MoS2".
            options.append((c, 0.3 if c.islower() else 0.8, "kept"))
        elif c == "0" and prev.isalpha() and nxt != ".":
            options += [("O", 0.75, "'0' read for 'O' (count cannot start with 0)"),
                        ("", 0.15, "spurious '0' dropped")]
        elif c == "O" and nxt == "." and body[i + 2:i + 3].isdigit():
            options.append(("0", 0.9, "'O' read for '0' before a decimal point"))
        elif (prefer_case or implausible) and c.isupper() and prev.isupper() and _plausible_symbol(prev + c.lower()) \
                and (i < 2 or not body[i - 2].isupper() or not _plausible_symbol(body[i - 2:i])):
            options.append((c.lower(), 0.8 if prefer_case else 0.4, "capital letter inside an element symbol (MO → Mo)"))
            options.append((c, 0.2 if prefer_case else 0.6, "kept"))
        elif implausible and c.isdigit() and prev.isalpha() and body[i + 1:i + 3].isdigit() \
                and body[i + 1] != "0" \
                and not body[i + 3:i + 4].isdigit():
            options += [(c + ".", 0.4, "lost decimal point in a 3-digit count"), (c, 0.6, "kept")]
        elif implausible and c in _IMPLAUSIBLE_ONLY:
            for r, p in _IMPLAUSIBLE_ONLY[c].items():
                if p:
                    options.append((r, p, f"'{c}' read for '{r}'"))
            options.append((c, 1.0 - sum(_IMPLAUSIBLE_ONLY[c].values()), "kept"))
        if i in stray or (options and all(o[2] != "kept" for o in options)):
            if i not in stray:
                options.append((c, 0.1, "kept"))
        alts.append(options or [(c, 1.0, "kept")])
    return alts


def _search(body: str, charge: int, implausible: bool, internal_end: bool, prefer_case: bool) -> tuple[_Candidate | None, float]:
    alts = _candidates(body, implausible, internal_end, prefer_case)
    varying = [i for i, a in enumerate(alts) if len(a) > 1 or a[0][0] != body[i]]
    if not varying or len(varying) > 7:
        return None, 0.0
    best: _Candidate | None = None
    total = 0.0
    for combo in itertools.product(*(alts[i] for i in varying)):
        chars = list(body)
        prior = 1.0
        changes = []
        for i, (r, p, rule) in zip(varying, combo):
            prior *= p
            if r != body[i]:
                chars[i] = r
                changes.append((i, body[i], r, rule))
        if prior <= 1e-6:
            continue
        cand = "".join(chars)
        assessed = _assess(cand, charge)
        if assessed is None:
            continue
        parsed, bal, plaus = assessed
        if bal.kind not in _PLAUSIBLE_KINDS | {"mxene", "nonstoichiometric"}:
            continue  # only chemically plausible readings compete
        score = prior * plaus
        total += score
        if best is None or score > best.score:
            best = _Candidate(cand, parsed, bal, score, changes)
    return best, total


def _reduced(parsed: Parsed, formula: str) -> str | None:
    if parsed.variable_counts or parsed.termination:
        return None
    comp = {k: v for k, v in parsed.composition.items() if v}
    if any(abs(v - round(v)) > 1e-9 for v in comp.values()):
        return formula
    ints = {k: int(round(v)) for k, v in comp.items()}
    g = reduce(gcd, ints.values())
    if g == 1:
        return formula
    return "".join(el + (str(n // g) if n // g != 1 else "") for el, n in ints.items())


def _fmt_comp(comp: dict[str, float]) -> dict[str, float]:
    return {k: (int(v) if float(v).is_integer() else v) for k, v in comp.items() if v}


def parse_formula(token: str, *, next_text: str = "", internal: bool = False,
                  prefer_case_repair: bool = False) -> FormulaInfo | None:
    """Parse ``token`` as one chemical formula, repairing OCR glyph confusions if needed.

    next_text: the text right after the token (decides ``Na*`` → ``Na+`` by ion context).
    internal: the token was cut out of a composite (``NiS,`` in ``NiS,@C``), so a trailing
    ``,;:`` is a lost digit rather than punctuation.  prefer_case_repair: a sibling in the same
    composite was written in capitals (``MOS2/COS2``), so read ``CO`` as ``Co``.
    Returns None when no reading (repaired or not) is a plausible formula.
    """
    surface = token
    s = plain_formula_text(token).strip()
    repairs: list[Repair] = []
    if not s:
        return None
    phase = None
    dopants: list[str] = []
    m = _PHASE_PREFIX.match(s)
    if m:
        phase = m.group("p")
        s = s[m.end():]
    else:
        m = _DOPANT_PREFIX.match(s)
        if m and parse_formula(s[m.end():], internal=internal) is not None:
            syms = [x for x in m.group("d").split(",") if x]
            flat = re.findall(r"[A-Z][a-z]?", "".join(syms))
            if flat and all(_plausible_symbol(x) for x in flat):
                dopants = flat
                s = s[m.end():]
    hydrate = None
    hm = _HYDRATE.search(s)
    if hm:
        hydrate = "·" + (hm.group("n") or "") + "H2O"
        s = s[:hm.start()]
    charge = None
    cm = _CHARGE.search(s)
    if cm and len(s) > len(cm.group(0)):
        sign = cm.group("s")
        n = int(cm.group("n")) if cm.group("n") else 1
        body_c = s[:cm.start()]
        if sign == "-" and (internal or not _CHARGE_ANION_OK(body_c)):
            pass  # a trailing hyphen: truncated composite or nonstoichiometry, not a charge
        elif sign == "*":
            single = parse_body(body_c)
            if single is not None and len(single.composition) == 1 and set(single.composition) <= METALS:
                ion = bool(_ION_CONTEXT.match(next_text)) if next_text else False
                conf = 0.85 if ion else 0.6
                charge = n
                repairs.append(Repair(cm.group(0), (cm.group("n") or "") + "+",
                                      "'*' read for superscript '+' after a metal", conf))
                s = body_c
            else:
                s = body_c  # footnote mark
        else:
            # "SO42-": the last digit may be the charge or a count; keep whichever balances.
            alt = None
            if cm.group("n"):
                with_count = _assess(s[:cm.start()] + cm.group("n"), -1 if sign == "-" else 1)
                as_charge = _assess(body_c, (-n if sign == "-" else n))
                if with_count and (not as_charge or with_count[2] > as_charge[2]):
                    alt = s[:cm.start()] + cm.group("n")
            if alt is not None:
                charge = -1 if sign == "-" else 1
                s = alt
            else:
                charge = -n if sign == "-" else n
                s = body_c
    body = s
    assessed = _assess(body, charge or 0)
    plausible = assessed is not None and (
        assessed[1].kind in _PLAUSIBLE_KINDS | {"mxene", "nonstoichiometric", "element"}
        and assessed[2] >= 0.3)
    if assessed is not None and prefer_case_repair and re.search(r"[A-Z]{2}", body):
        plausible = False
    chosen_body, parsed, bal, conf = body, None, None, 1.0
    if plausible and assessed is not None:
        parsed, bal = assessed[0], assessed[1]
    else:
        best, total = _search(body, charge or 0, implausible=True, internal_end=internal,
                              prefer_case=prefer_case_repair)
        if best is not None and best.body != body and best.balance.kind in (
                _PLAUSIBLE_KINDS | {"mxene", "nonstoichiometric"}) \
                and (assessed is None or best.score > assessed[2]):
            chosen_body, parsed, bal = best.body, best.parsed, best.balance
            conf = round(best.score / total * min(1.0, best.balance.score + 0.2), 3) if total else 0.0
            for idx, old, new, rule in best.changes:
                repairs.append(Repair(old, new, rule, conf))
        elif assessed is not None:
            parsed, bal = assessed[0], assessed[1]
            conf = min(1.0, assessed[1].score + 0.2)
        else:
            return None
    if repairs:
        repairs.insert(0, Repair(surface, _rebuild(phase, dopants, chosen_body, hydrate, charge),
                                 "token", min(r.confidence for r in repairs)))
    comp = _fmt_comp(parsed.composition)
    if not comp:
        return None
    return FormulaInfo(
        surface=surface,
        formula=chosen_body,
        reduced_formula=_reduced(parsed, chosen_body),
        composition=comp,
        phase_prefix=phase,
        dopants=dopants,
        nonstoichiometric=bool(parsed.variable_counts or parsed.termination),
        variable_counts=dict(parsed.variable_counts),
        termination=parsed.termination,
        hydrate=hydrate,
        charge=charge,
        plausibility=bal.kind if bal else "unknown",
        confidence=min([conf] + [r.confidence for r in repairs]),
        repairs=repairs,
    )


def _CHARGE_ANION_OK(body: str) -> bool:
    """A trailing '-' is a charge only on a plausible anion (OH-, F-, PO4 with digit...)."""
    p = parse_body(body)
    if p is None or p.variable_counts:
        return False
    return all(el in ("O", "H", "F", "Cl", "Br", "I", "S", "Se", "N", "C", "P", "B") for el in p.composition) \
        and not (len(p.composition) == 1 and body in ELEMENTS and body not in ("F", "Cl", "Br", "I"))


def _rebuild(phase: str | None, dopants: list[str], body: str, hydrate: str | None, charge: int | None) -> str:
    out = ""
    if phase:
        out += phase + "-"
    if dopants:
        out += ",".join(dopants) + "-"
    out += body
    if hydrate:
        out += hydrate
    if charge:
        out += (str(abs(charge)) if abs(charge) != 1 else "") + ("+" if charge > 0 else "-")
    return out


_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")


def is_formula_token(token: str, *, chemical_context: bool = False) -> bool:
    """Is ``token`` a chemical formula rather than an English word or an abbreviation?

    The rule, in order:
      1. field abbreviations (SEI, HER, DFT, CNT...) are refused;
      2. a token with a count digit (MoS2, Co0.9S, NazS after repair) is accepted when it parses
         plausibly (``parse_formula`` not None);
      3. without digits: CamelCase with ≥2 element symbols (ZnS, NaCl, CoSe) is accepted when
         plausible; all-capital strings of ≥3 letters (acronyms) are refused; a two-capital
         token (VN, WC, BN) only as a balanced binary led by a metal/metalloid;
      4. a single element symbol only when ``chemical_context`` is true, or when it is a
         two-letter symbol that is not also an English word (Zn, Na, Co: yes; In, As, No: no).
    """
    t = plain_formula_text(token).strip()
    if not t or t in FIELD_ABBREVIATIONS or t.rstrip("s") in FIELD_ABBREVIATIONS:
        return False
    if _ACRONYM.match(t) and len(t.rstrip("s")) >= 3:
        return False  # "CNT", "TEM", "COVID": all capitals and no count: an acronym
    info = parse_formula(t)
    if info is None:
        return False
    core = info.formula
    if info.confidence < 0.3:
        return False
    has_digit = any(ch.isdigit() for ch in core) or bool(info.variable_counts) or info.termination
    if info.hydrate or info.charge:
        has_digit = True
    if has_digit:
        return True
    symbols = list(dict.fromkeys(el for el, _ in parse_body(core).sequence)) if parse_body(core) else []
    if len(symbols) == 1 and len(parse_body(core).sequence) == 1:
        if chemical_context:
            return True
        return len(core) == 2 and core not in ENGLISH_SYMBOL_WORDS and info.phase_prefix is None
    if _ACRONYM.match(core) and len(core) >= 3 and not info.repairs:
        # "CNT", "TEM": all capitals and no count.  Real all-caps formulas (BN, VN) are short.
        return False
    if re.fullmatch(r"[A-Z]{2}", core):
        first = symbols[0]
        return (first in METALS or first in ("B", "Si", "H")) and info.plausibility == "single"
    return info.plausibility in _PLAUSIBLE_KINDS
