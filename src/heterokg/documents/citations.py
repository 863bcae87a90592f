"""In-text citation markers: [43], [42-44], [7,9], superscripts ¹⁻³, "ref. 35", and OCR damage.

Reviews number their references in order of first citation, so a damaged marker ("[*4]",
"[1¢]") between [43] and [45] can only be 44: the unreadable digit is recovered from the
neighbouring markers, and only when exactly one reading fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_OCR_DIGIT = "*¢°'\"§$&?!|lIoOSsgzZ"
_BRACKET = re.compile(r"\[\s*([0-9" + re.escape(_OCR_DIGIT) + r"][0-9" + re.escape(_OCR_DIGIT) + r",\s\-–]{0,40})\s*\]")
_SUPERSCRIPT = re.compile(r"(?<=[A-Za-z\)\].,;:%])([⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[⁻,–-][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)")
_REF_WORD = re.compile(r"\b[Rr]efs?\.\s*(\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)")
#: A superscript the PDF conversion flattened into the line: "sulfides 4,6 show", "NASICON 23
#: and", "(~470 meV) 26", "reported so far 4." — numbers after a word or a closing parenthesis,
#: before punctuation, the end of the text or a lower-case word.
_FLAT = re.compile(r"(?<=[A-Za-z\)])(?P<before>[A-Za-z]*)\s(?P<body>\d{1,3}(?:\s?[,–-]\s?\d{1,3})*)"
                   r"(?=\s?[.,;:](?:\s|$)|\s*$|\s[a-z])")
#: A flattened superscript that opens a sentence, before its capitalised first word.
_LEADING = re.compile(r"^(?P<body>\d{1,3}(?:\s?[,–-]\s?\d{1,3})*)\s+(?=[A-Z][a-z])")
#: Words a number after them counts, locates or measures: "for 10 min", "Fig. 2", "x = 3".
_NOT_CITING = frozenset("at of for to by with in on from than about over under and or fig figs figure figures table "
                        "tables eq eqs equation equations supplementary section step steps sample samples cycle "
                        "cycles day days group groups type ratio number no vol page pages its their the these those "
                        "all only every each approximately nearly some first last total".split())


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    surface: str
    numbers: tuple[str, ...]  # as printed, ranges expanded; "?" marks a digit not yet recovered
    #: A flattened superscript opening the text ("10-12 Prior to 2023, ..."): the sentence
    #: splitter cut it from the sentence before, whose full stop it followed.
    previous: bool = False


def _expand(body: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in re.split(r"\s*,\s*", body.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\S+?)\s*[-–]\s*(\S+)", part)
        if m and m.group(1).isdigit() and m.group(2).isdigit() and 0 < int(m.group(2)) - int(m.group(1)) < 60:
            out.extend(str(n) for n in range(int(m.group(1)), int(m.group(2)) + 1))
        elif m:
            out.extend([_clean(m.group(1)), _clean(m.group(2))])
        else:
            out.append(_clean(part))
    return tuple(out)


def _clean(token: str) -> str:
    return "".join(c if c.isdigit() else "?" for c in token.strip())


def _flat_citations(text: str, valid: set[str]) -> list[Citation]:
    """Superscript markers flattened into plain numbers, where each number is one of the
    document's references and the number is neither a quantity nor a figure, step or count."""
    from ..normalise.quantities import find_quantities

    from ..normalise.formula import is_formula_token

    out = []
    spans = [(q.start, q.end) for q in find_quantities(text)]
    for m in _FLAT.finditer(text):
        at = m.start("body")
        word = re.search(r"[A-Za-z]+$", text[:at].rstrip())
        if any(a <= at < b for a, b in spans) or re.match(r"\s*(?:and|or|to|,)\s*[~≈<>]?\s*\d", text[m.end("body"):]):
            continue  # "approximately 12 meV", "were 10 and ~1 mm": values
        if word and (word.group().lower() in _NOT_CITING or len(word.group()) < 3 or is_formula_token(word.group())):
            continue  # "Fig. 2", "its 20 motions", "cm 2", "LiMXCl 4": a figure, a count, a unit's power, a formula's count
        numbers = _expand(m.group("body").replace(" ", ""))
        if numbers and all(n in valid for n in numbers):
            out.append(Citation(m.start("body"), m.end("body"), m.group("body"), numbers))
    return out


def find_citations(text: str, valid: set[str] | None = None) -> list[Citation]:
    """Citation markers in ``text``; with the document's reference numbers (``valid``), also
    superscripts the conversion flattened into plain numbers."""
    found: list[Citation] = _flat_citations(text, valid) if valid else []
    if valid and (lead := _LEADING.match(text)):
        numbers = _expand(lead.group("body"))
        if all(n in valid for n in numbers):
            found.append(Citation(0, lead.end("body"), lead.group("body"), numbers, previous=True))
    for m in _BRACKET.finditer(text):
        if any(c.isdigit() for c in m.group(1)):
            found.append(Citation(m.start(), m.end(), m.group(0), _expand(m.group(1))))
    for m in _SUPERSCRIPT.finditer(text):
        found.append(Citation(m.start(), m.end(), m.group(0), _expand(m.group(1).translate(_SUP))))
    for m in _REF_WORD.finditer(text):
        found.append(Citation(m.start(), m.end(), m.group(0), _expand(m.group(1))))
    found.sort(key=lambda c: c.start)
    return found


def resolve_damaged(sequence: list[Citation], valid: set[str] | None = None) -> list[Citation]:
    """Recover "?" digits from the neighbours in reading order; drop what stays unreadable."""
    numbers = [n for c in sequence for n in c.numbers]
    out = []
    flat_index = 0
    for c in sequence:
        fixed = []
        for n in c.numbers:
            if "?" in n:
                n = _recover(n, numbers, flat_index)
            flat_index += 1
            if n and (valid is None or n in valid):
                fixed.append(n)
        out.append(Citation(c.start, c.end, c.surface, tuple(fixed)))
    return out


def _recover(pattern: str, numbers: list[str], index: int) -> str | None:
    before = [int(n) for n in numbers[max(0, index - 6):index] if n.isdigit()]
    after = [int(n) for n in numbers[index + 1:index + 7] if n.isdigit()]
    lo = before[-1] if before else 0
    hi = after[0] if after else lo + 10
    if hi <= lo:
        hi = lo + 10
    rx = re.compile("^" + pattern.replace("?", r"\d") + "$")
    candidates = [str(k) for k in range(lo + 1, hi) if rx.match(str(k))]
    return candidates[0] if len(candidates) == 1 else None
