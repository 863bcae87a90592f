"""OCR repair of formula tokens: glyph confusions proposed, chemistry decides.

Why: subscripts are where OCR fails (``NazS``, ``Bi;S3``, ``Mo02``, ``FeoS10``).  Each rule
here is a *general* glyph confusion with a prior (how often the glyph stands for that
character).  Every candidate reading must follow the formula grammar, parse with
periodictable and be chemically plausible by charge balance; candidates are ranked by
``prior × plausibility × written-form penalties`` (a written gcd > 1, an explicit "1",
subscripts above 30, a synthetic element, the same element twice in a row).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache, reduce
from math import gcd

import periodictable

from .grammar import ELEMENTS, Parsed, parse_body
from .oxidation import METALS, UNLIKELY_ELEMENTS, Balance, charge_balance

__all__ = ["GARBAGE_DIGIT_GLYPHS", "PLAUSIBLE_KINDS", "Candidate", "assess", "plausible_symbol",
           "search_repairs"]

# Glyph confusions of OCR on formula subscripts: replacement -> prior.
_LOST_DIGIT = {"2": 0.5, "3": 0.2, "4": 0.08, "5": 0.05, "6": 0.05, "7": 0.05, "8": 0.04, "9": 0.03}
GARBAGE_DIGIT_GLYPHS = ":;,»«¡!|"
_LETTER_GLYPHS: dict[str, dict[str, float]] = {
    "z": {"2": 0.8, "3": 0.15, "": 0.05},  # or a stray mark before the digit itself ("MoSz2")
    "Z": {"2": 0.8, "3": 0.15, "": 0.05},
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
PLAUSIBLE_KINDS = {"single", "mixed", "metal_rich", "intermetallic", "interstitial", "polyanion"}


def plausible_symbol(sym: str) -> bool:
    return sym in ELEMENTS and sym not in UNLIKELY_ELEMENTS


def _stray_positions(body: str) -> list[int]:
    """Indices of characters that cannot belong to a plausible element symbol or a count."""
    stray: list[int] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c.isupper():
            if i + 1 < len(body) and body[i + 1].islower() and plausible_symbol(body[i:i + 2]):
                i += 2
                continue
            if c == "T" and body[i + 1:i + 2] in ("x", "z") and i + 2 == len(body):
                i += 2
                continue
            if not plausible_symbol(c):
                stray.append(i)
            i += 1
            continue
        if c.islower() and c not in "xyδ":
            stray.append(i)
        elif c in GARBAGE_DIGIT_GLYPHS:
            stray.append(i)
        i += 1
    return stray


@dataclass
class Candidate:
    body: str
    parsed: Parsed
    balance: Balance
    score: float
    changes: list[tuple[int, str, str, str]]  # (index, old, new, rule)
    prior: float = 1.0


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


@lru_cache(maxsize=16384)
def _periodictable_reads(formula: str) -> bool:
    """Whether periodictable parses ``formula``: each OCR repair candidate is tried many
    times in a document, and its parser is the extractor's costliest step."""
    try:
        periodictable.formula(formula)
    except Exception:  # noqa: BLE001 - pyparsing and periodictable raise many types
        return False
    return True


def assess(body: str, charge: int = 0) -> tuple[Parsed, Balance, float] | None:
    """Grammar + periodictable + plausibility for one candidate body; None if unparsable."""
    parsed = parse_body(body)
    if parsed is None:
        return None
    nominal = re.sub(r"(?<=\d)[-+][xyδ]|[xyδ](?:[-+]\d+(?:\.\d+)?)?|T[xz]$", "", body)
    # periodictable reads decimals, not the fractional counts of "NaNi1/3Fe1/3Mn1/3O2"
    nominal = re.sub(r"(\d+)/(\d+)", lambda m: f"{int(m[1]) / int(m[2]):.6f}", nominal)
    if nominal and not _periodictable_reads(nominal):
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
        score *= 0.15  # "Ni2Se4": formulas are written reduced unless molecular
    if any(v > 30 for v in comp.values()):
        score *= 0.02  # subscripts above 30 are not written in inorganic formulas
    if any(c == "1" for _, c in parsed.sequence):
        score *= 0.3  # an explicit subscript 1 ("S1O") is not how formulas are written
    return parsed, bal, score


def _candidates(body: str, implausible: bool, internal_end: bool, prefer_case: bool) -> list[list[tuple[str, float, str]]]:
    """For each character, the alternatives (replacement, prior, rule) worth trying."""
    stray = set(_stray_positions(body))
    # An English word has neither digits nor OCR glyphs.  In such letter-only tokens only the
    # 'z'→'2' confusion and capitalisation are repaired ("NazS", "MOS"), never 'l'/'s'/'o'/'g'
    # → digit or dropped letters: that is what turns "Waals" or "Wiley" into formulas.
    core = body.rstrip(GARBAGE_DIGIT_GLYPHS)  # "Wiley;" is still a word
    letters_only = not re.search(r"[\d" + re.escape(GARBAGE_DIGIT_GLYPHS) + "]", core) \
        and not any(body[i] in "zZ" for i in stray)
    all_caps = not re.search(r"[a-z]", body)
    suspect = {i for i in stray if body[i] in GARBAGE_DIGIT_GLYPHS or body[i] in "zZ"}
    alts: list[list[tuple[str, float, str]]] = []
    lowered: set[int] = set()  # capitals offered for lower-casing (not two in a row)
    for i, c in enumerate(body):
        options: list[tuple[str, float, str]] = []
        nxt = body[i + 1] if i + 1 < len(body) else ""
        prev = body[i - 1] if i else ""
        if i in stray and c in GARBAGE_DIGIT_GLYPHS:
            if i == len(body) - 1 and not internal_end:
                options.append(("", 0.6, "trailing punctuation"))
                scale = 0.4
            elif nxt.isdigit() or prev.isdigit() or (i - 1) in suspect or (i + 1) in suspect:
                options.append(("", 0.6, "spurious glyph next to a digit"))
                scale = 0.4
            else:
                scale = 1.0
            options += [(d, p * scale, f"'{c}' read for a lost subscript digit") for d, p in _LOST_DIGIT.items()]
        elif c.isupper() and (i - 1) in stray and prev.isupper() and plausible_symbol(prev + c.lower()):
            options.append((c.lower(), 0.95, "capital letter inside an element symbol (MO → Mo)"))
            options.append((c, 0.05, "kept"))
        elif i in stray and c == "o" and nxt == "." and body[i + 2:i + 3].isdigit():
            options.append(("0", 0.9, "'o' read for '0' before a decimal point"))
        elif i in stray and c in _LETTER_GLYPHS and (not letters_only or c in "zZ"):
            options += [(r, p, f"'{c}' read for '{r}'" if r else f"stray '{c}' dropped")
                        for r, p in _LETTER_GLYPHS[c].items()]
            if c in "zZ" and (nxt.isdigit() or prev.isdigit()):
                options.append(("", 0.5, f"spurious '{c}' next to a digit"))
        elif i in stray and letters_only:
            pass  # a letter-only token with a stray letter is a word, not a damaged formula
        elif i in stray:
            options.append(("", 0.2, f"stray '{c}' dropped"))
            # May join a repaired neighbour: "Znln" → "ZnIn", "MOS2" → "MoS2".
            options.append((c, 0.3 if c.islower() else 0.8, "kept"))
        elif c == "0" and prev.isalpha() and nxt != ".":
            options += [("O", 0.75, "'0' read for 'O' (count cannot start with 0)"),
                        ("", 0.15, "spurious '0' dropped")]
            if nxt.isdigit():
                options.append(("0.", 0.1, "lost decimal point after a leading 0"))
        elif c in "Oo" and nxt == "." and body[i + 2:i + 3].isdigit():
            options.append(("0", 0.9, "'O' read for '0' before a decimal point"))
        elif (prefer_case or (implausible and all_caps)) and c.isupper() and prev.isupper() and plausible_symbol(prev + c.lower()) \
                and (i - 1) not in lowered:
            lowered.add(i)
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


def search_repairs(body: str, charge: int, implausible: bool, internal_end: bool, prefer_case: bool) -> tuple[Candidate | None, float]:
    alts = _candidates(body, implausible, internal_end, prefer_case)
    varying = [i for i, a in enumerate(alts) if len(a) > 1 or a[0][0] != body[i]]
    if not varying or len(varying) > 7:
        return None, 0.0
    best: Candidate | None = None
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
        assessed = assess(cand, charge)
        if assessed is None:
            continue
        parsed, bal, plaus = assessed
        if bal.kind not in PLAUSIBLE_KINDS | {"mxene", "nonstoichiometric"} \
                or any(el in UNLIKELY_ELEMENTS for el in parsed.composition):
            continue  # only chemically plausible readings compete
        score = prior * plaus
        total += score
        if best is None or score > best.score:
            best = Candidate(cand, parsed, bal, score, changes, prior)
    return best, total


