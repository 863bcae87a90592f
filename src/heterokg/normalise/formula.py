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

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from math import gcd


from .grammar import ELEMENTS, Parsed, parse_body
from .oxidation import METALS, UNLIKELY_ELEMENTS
from .repair import (GARBAGE_DIGIT_GLYPHS, PLAUSIBLE_KINDS, assess, plausible_symbol,
                     search_repairs)
from .text import plain_formula_text
from .vocabulary import ENGLISH_SYMBOL_WORDS, FIELD_ABBREVIATIONS, MOLECULAR_ELEMENTS

__all__ = ["Repair", "FormulaInfo", "parse_formula", "is_formula_token", "is_generic_formula",
           "FIELD_ABBREVIATIONS", "ENGLISH_SYMBOL_WORDS"]


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


_PHASE_PREFIX = re.compile(
    r"^(?P<p>\d[A-Z](?:['′])?|[αβγδεθκλμσηωΑΒΓΔ]|[a-z]{1,6}|(?![BCFHIKNOPSUVWY]-)[A-Z])\s?[-‐–]\s?(?=[A-Z(\[])"
)
_DOPANT_PREFIX = re.compile(r"^(?P<d>(?:[A-Z][a-z]?,?){1,3})[-‐–](?=[A-Z(\[])")
# Hydrate dot, or what OCR/plain text makes of it (":", ".", "*"): "CuSO4.5H2O".
_HYDRATE = re.compile(r"(?:[·•∙⋅]\s?|[:.*](?=\d|[xyn]H2O))(?P<n>\d+(?:\.\d+)?|[xyn])?\s?H2O$")
_CHARGE = re.compile(r"(?P<n>\d?)(?P<s>[+*\-])$")
_ION_CONTEXT = re.compile(
    r"^\W{0,3}(?:ions?|cations?|anions?|adsorption|diffusion|storage|insertion|extraction|"
    r"intercalation|deintercalation|transport|migration|flux|deposition|plating|stripping|"
    r"conduct\w*|mobility|solvation|desolvation|and|or|,|\)|/)", re.IGNORECASE)

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
    Returns None when the token follows no formula reading at all; otherwise check
    ``plausibility`` and ``confidence`` (an unbalanced string such as ``NC`` still parses).
    The function is pure; results are cached and returned as copies.
    """
    ion = bool(_ION_CONTEXT.match(next_text)) if next_text else False
    info = _parse_formula_cached(token, ion, internal, prefer_case_repair)
    return copy.deepcopy(info) if info is not None else None


@lru_cache(maxsize=8192)
def _parse_formula_cached(token: str, ion_context: bool, internal: bool,
                          prefer_case_repair: bool) -> FormulaInfo | None:
    """Uncached body of :func:`parse_formula`."""
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
        if m and _parse_formula_cached(s[m.end():], False, internal, False) is not None:
            syms = [x for x in m.group("d").split(",") if x]
            flat = re.findall(r"[A-Z][a-z]?", "".join(syms))
            if flat and all(plausible_symbol(x) for x in flat):
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
        if sign == "-" and (internal or not _charge_anion_ok(body_c)):
            pass  # a trailing hyphen: truncated composite or nonstoichiometry, not a charge
        elif sign == "*":
            single = parse_body(body_c)
            if single is not None and len(single.composition) == 1 and set(single.composition) <= METALS:
                conf = 0.85 if ion_context else 0.6
                charge = n
                repairs.append(Repair(cm.group(0), (cm.group("n") or "") + "+",
                                      "'*' read for superscript '+' after a metal", conf))
                s = body_c
            else:
                s = s[:-1]  # a footnote mark on a compound: drop only the '*'
                charge = None
        elif sign == "+" and len(re.findall(r"[A-Z]", s)) > 1 and (neutral := assess(s[:-1], 0)) is not None \
                and neutral[1].kind in PLAUSIBLE_KINDS:
            # "ZnIn2S4+": a neutral, balanced compound with a sign is a footnote mark.
            repairs.append(Repair("+", "", "sign after a neutral compound dropped", 0.7))
            s = s[:-1]
        else:
            # "SO42-": the last digit may be the charge or a count; keep whichever balances.
            alt = None
            if cm.group("n"):
                with_count = assess(s[:cm.start()] + cm.group("n"), -1 if sign == "-" else 1)
                as_charge = assess(body_c, (-n if sign == "-" else n))
                if with_count and (not as_charge or with_count[2] > as_charge[2]):
                    alt = s[:cm.start()] + cm.group("n")
            if alt is not None:
                charge = -1 if sign == "-" else 1
                s = alt
            else:
                charge = -n if sign == "-" else n
                s = body_c
    body = s
    if charge and charge > 0 and len(re.findall(r"[A-Z]", body)) > 1:
        # "ZnIn2S4+": judge the compound as neutral first; the charge is restored below only
        # if it balances better (NH4+).
        eval_charge = 0
    else:
        eval_charge = charge or 0
    assessed = assess(body, eval_charge)
    # As written, a token needs a plausible balance, no synthetic element and no subscript
    # above 30; the written-form penalties (gcd > 1: H2O2, Li2O2) only rank repairs.
    plausible = assessed is not None and (
        assessed[1].kind in PLAUSIBLE_KINDS | {"mxene", "nonstoichiometric", "element"}
        and assessed[1].score >= 0.3
        and not any(el in UNLIKELY_ELEMENTS for el in assessed[0].composition)
        and not any(v > 30 for v in assessed[0].composition.values()))
    if assessed is not None and prefer_case_repair and re.search(r"[A-Z]{2}", body):
        plausible = False
    chosen_body, parsed, bal, conf = body, None, None, 1.0
    if plausible and assessed is not None:
        parsed, bal = assessed[0], assessed[1]
    else:
        best, total = search_repairs(body, eval_charge, implausible=True, internal_end=internal,
                              prefer_case=prefer_case_repair)
        if best is not None and best.body != body and best.balance.kind in (
                PLAUSIBLE_KINDS | {"mxene", "nonstoichiometric"}) \
                and (assessed is None or best.score > assessed[2] or prefer_case_repair):
            chosen_body, parsed, bal = best.body, best.parsed, best.balance
            # Confidence: the winner's share of all plausible readings, times how plausible it
            # is, times the fourth root of its glyph prior (an unlikely confusion that is
            # the only plausible reading is still not certain).
            conf = round(best.score / total * min(1.0, best.balance.score + 0.2)
                         * best.prior ** 0.25, 3) if total else 0.0
            for idx, old, new, rule in best.changes:
                repairs.append(Repair(old, new, rule, conf))
        elif assessed is not None:
            parsed, bal = assessed[0], assessed[1]
            conf = min(1.0, assessed[1].score + 0.2)
        else:
            return None
    if charge and charge > 0 and len([v for v in parsed.composition.values() if v]) > 1:
        # A '+' after a neutral-looking compound ("ZnIn2S4+") is a footnote or OCR mark, not
        # a charge: keep a charge only where it balances better than neutrality.
        with_c, without = assess(chosen_body, charge), assess(chosen_body, 0)
        if without is not None and (with_c is None or without[2] >= with_c[2]):
            repairs = [r for r in repairs if not r.rule.startswith("'*' read")]
            repairs.append(Repair(cm.group(0) if cm else "+", "", "sign after a neutral compound dropped", 0.7))
            charge = None
            bal = without[1]
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


def _charge_anion_ok(body: str) -> bool:
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
    bare = t.rstrip(GARBAGE_DIGIT_GLYPHS + ".")
    if bare in FIELD_ABBREVIATIONS or (_ACRONYM.match(bare) and len(bare.rstrip("s")) >= 3):
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
    if info.plausibility not in PLAUSIBLE_KINDS | {"mxene", "nonstoichiometric", "element"} \
            or any(v > 30 for v in info.composition.values()):
        return False  # "KY2060000173" (a grant number), unbalanced strings
    if len(info.composition) == 1 and not info.variable_counts and not info.charge and not info.hydrate:
        # A single element with a count is a molecule only for the molecular elements:
        # "O2", "N2", "S8" yes; "S12" (a supplementary figure), "U1910210" (a grant) no.
        el, n = next(iter(info.composition.items()))
        if any(ch.isdigit() for ch in core) and (el, n) not in MOLECULAR_ELEMENTS:
            return False
        if el in UNLIKELY_ELEMENTS:
            return False
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
        return (first in METALS or first in ("B", "Si")) and info.plausibility == "single"
    return info.plausibility in PLAUSIBLE_KINDS


#: Symbols that stand for a family of elements in a generic formula ("Li3MCl6 (M = Y, Er)",
#: "LiMXCl4"): M or Me a metal, X or Hal a halogen (or any anion), A an alkali or A-site
#: cation, Ln a lanthanide, RE a rare earth, TM a transition metal, Ch a chalcogen.
PLACEHOLDERS = frozenset({"M", "Me", "X", "Hal", "A", "Ln", "RE", "TM", "Ch"})
_GENERIC_SYMBOL = re.compile(r"TM|RE|Hal|[A-Z][a-z]?|\d+(?:\.\d+)?|[()\[\]]")


def is_generic_formula(token: str) -> bool:
    """Is ``token`` a generic formula, a family of compounds written with placeholder symbols?

    Families are how solid-electrolyte papers name what they study ("the Li3MCl6 halides",
    "LiMXCl4 systems"); no element reading fits them, so :func:`is_formula_token` refuses
    them. Accepted: the token is symbols and counts only, at least three symbols, at least one
    a placeholder and one a real element written with a lower-case letter (so that acronyms
    such as NMC811 stay acronyms), and a count; no count above 30.
    """
    t = plain_formula_text(token).strip()
    if not t or is_formula_token(t):
        return False
    pieces = _GENERIC_SYMBOL.findall(t)
    if "".join(pieces) != t:
        return False
    counts = [float(p) for p in pieces if p[0].isdigit()]
    symbols = [p for p in pieces if p[0].isalpha()]
    placeholders = [p for p in symbols if p in PLACEHOLDERS and p not in ELEMENTS]
    elements = {p for p in symbols if p in ELEMENTS}
    if not placeholders or len(symbols) < 3 or len(placeholders) + len(elements) < len(set(symbols)):
        return False
    return bool(counts) and max(counts) <= 30 and any(len(e) == 2 for e in elements)
