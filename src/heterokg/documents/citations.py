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


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    surface: str
    numbers: tuple[str, ...]  # as printed, ranges expanded; "?" marks a digit not yet recovered


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


def find_citations(text: str) -> list[Citation]:
    found: list[Citation] = []
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
