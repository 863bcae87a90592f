"""Flatten typographic chemistry (Unicode sub/superscripts, LaTeX fragments) to plain ASCII-ish text.

Why: reviews reach us as OCR'd PDF text, Markdown with LaTeX, or XML, and the same formula
appears as ``MoS₂``, ``MoS$_2$``, ``MoS_2`` or ``$\\rm MoS_2$``.  Every downstream matcher
(formula grammar, unit grammar) is written once against the plain form.  Because claims must
quote the *source* exactly, flattening keeps a per-character map back to the original string
(:class:`PlainText`), so a span found in the plain text can always be reported as the surface
string it came from.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["PlainText", "plain_formula_text", "plain_text_with_map"]

_SUBSCRIPTS = {
    **{chr(0x2080 + i): str(i) for i in range(10)},
    "₊": "+", "₋": "-", "₌": "=", "₍": "(", "₎": ")", "ₓ": "x", "ₙ": "n", "ₐ": "a", "ₑ": "e",
    "ₒ": "o", "ᵧ": "y", "ₘ": "m", "ₜ": "t",
}
_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
    "⁹": "9", "⁺": "+", "⁻": "-", "⁼": "=", "⁽": "(", "⁾": ")", "ⁿ": "n", "ˣ": "x", "ⁱ": "i",
}
# U+2212 MINUS SIGN is the typographic minus of exponents and negative values; ASCII '-' is
# what both the formula and the unit grammars expect.  En/em dashes are kept: they separate
# ranges and composite partners and that distinction matters downstream.
# The letter-like unit signs (U+212B ANGSTROM SIGN, U+2126 OHM SIGN) are canonically the
# letters Å and Ω, which is how the unit grammar knows them.
_CHAR_MAP = {**_SUBSCRIPTS, **_SUPERSCRIPTS, "\u2212": "-", "\u00a0": " ", "\u2009": " ",
             "\u202f": " ", "\u2219": "·", "\u22c5": "·", "\u2022": "·", "\u212b": "Å", "\u2126": "Ω"}

# LaTeX commands whose argument is plain text: the command itself disappears.
_FONT_COMMANDS = {"rm", "mathrm", "text", "textrm", "mathit", "it", "bf", "mathbf", "textit",
                  "textbf", "mbox", "operatorname", "mathsf", "textsf", "mathbb", "emph",
                  "left", "right", "displaystyle", "textstyle", "ce"}
_SYMBOL_COMMANDS = {
    "cdot": "·", "bullet": "·", "sim": "~", "approx": "≈", "times": "×", "pm": "±", "mp": "∓",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "degree": "°", "circ": "°", "mu": "μ",
    "Omega": "Ω", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ",
    "epsilon": "ε", "varepsilon": "ε", "theta": "θ", "kappa": "κ", "lambda": "λ", "eta": "η",
    "sigma": "σ", "omega": "ω", "rho": "ρ", "tau": "τ", "phi": "φ", "chi": "χ", "pi": "π",
    "AA": "Å", "angstrom": "Å", "%": "%", "prime": "′", "to": "→", "rightarrow": "→",
    "leftrightarrow": "↔", "subset": "⊂", "cdots": "…", "ldots": "…", "_": "_", "&": "&",
    "#": "#", "$": "$", "{": "{", "}": "}", "textdegree": "°", "minus": "-",
    ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": " ",
}


@dataclass(frozen=True)
class PlainText:
    """Flattened text plus, for each output character, the source span that produced it.

    ``starts[i]``/``ends[i]`` are offsets into ``source``; ``source_span`` turns an output
    span into the smallest source span covering it, so ``surface()`` is the exact quote.
    """

    source: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets for ``text[start:end]`` (an empty span maps to a point)."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.source)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def surface(self, start: int, end: int) -> str:
        """The original string behind ``text[start:end]``."""
        s, e = self.source_span(start, end)
        return self.source[s:e]

    def plain_offset(self, source: int) -> int:
        """The offset in ``text`` of the first character that comes from ``source`` or after it:
        how a span found in the source (a material's mention) is placed in the plain text."""
        return bisect_left(self.starts, source)


#: A minus sign opening a math span, before the number it belongs to.
_OPENING_SIGN = re.compile(r" *(?P<sign>[-\u2212]) +(?=[{\d.])")
#: Where the character-by-character work is: anything else is copied as a run, which is what
#: most of a sentence is (one character at a time cost more than the rest of extraction).
_SPECIAL = re.compile("[" + re.escape("$\\_^{}" + "".join(_CHAR_MAP)) + "]")


def plain_text_with_map(s: str) -> PlainText:
    """Flatten ``s`` and remember where every output character came from.

    Handles Unicode sub/superscripts, U+2212, ``$...$`` math, ``_x``/``_{..}``/``^{..}``,
    font commands (``\\rm``, ``\\text{}``, ``\\mathrm{}``) and symbol commands (``\\cdot`` → ``·``).
    Braces are dropped inside math and when they belong to a LaTeX group; other characters
    pass through unchanged, so the function is idempotent on plain text.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    group_stack: list[bool] = []  # True = the matching '}' belongs to LaTeX and is dropped
    in_math = False
    i, n = 0, len(s)

    def emit(chars: str, a: int, b: int) -> None:
        for ch in chars:
            out.append(ch)
            starts.append(a)
            ends.append(b)

    while i < n:
        c = s[i]
        special = _SPECIAL.search(s, i)
        if special is None or special.start() > i:
            k = special.start() if special else n
            out.append(s[i:k])
            starts.extend(range(i, k))
            ends.extend(range(i + 1, k + 1))
            i = k
            continue
        if c == "$":
            if in_math and ends and ends[-1] == i:
                ends[-1] = i + 1  # a closing '$' belongs to the quote of what it closes
            in_math = not in_math
            i += 1
            if in_math and (sign := _OPENING_SIGN.match(s, i)):
                # "$- {2.37}\mathrm{V}$": TeX ignores spaces in math, so a sign that opens it
                # is the number's own ("-2.37 V"), not a dash between words
                emit("-", sign.start("sign"), sign.end("sign"))
                i = sign.end()
            continue
        if c == "\\" and i + 1 < n:
            j = i + 1
            if s[j].isalpha():
                while j < n and s[j].isalpha():
                    j += 1
                name = s[i + 1:j]
            else:
                name = s[j]
                j += 1
            if name in _FONT_COMMANDS:
                while j < n and s[j] == " " and name in {"rm", "it", "bf"}:
                    j += 1  # "\rm ZrO_2": the space only ends the command name
                if j < n and s[j] == "{":
                    group_stack.append(True)
                    j += 1
                i = j
                continue
            if name in _SYMBOL_COMMANDS:
                emit(_SYMBOL_COMMANDS[name], i, j)
                if name.isalpha():
                    while j < n and s[j] == " " and in_math:
                        j += 1
                i = j
                continue
            emit(s[i:j], i, j)  # unknown command: keep verbatim
            i = j
            continue
        if c in "_^" and i + 1 < n and (in_math or (out and (out[-1][-1].isalnum() or out[-1][-1] in ")]}"))):
            nxt = s[i + 1]
            if nxt == "{":
                group_stack.append(True)
                i += 2
                continue
            if nxt.isalnum() or nxt in "+-\u2212":
                i += 1  # drop the marker; the next character is emitted normally
                continue
        if c == "{":
            group_stack.append(in_math)
            if in_math:
                i += 1
                continue
        if c == "}" and group_stack:
            if group_stack.pop():
                if ends and ends[-1] == i:
                    ends[-1] = i + 1
                i += 1
                continue
        emit(_CHAR_MAP.get(c, c), i, i + 1)
        i += 1
    return PlainText(s, "".join(out), tuple(starts), tuple(ends))


def plain_formula_text(s: str) -> str:
    """``MoS₂`` → ``MoS2``, ``Na⁺`` → ``Na+``, ``cm⁻²`` → ``cm-2``, ``Mo$_2$C`` → ``Mo2C``.

    Hydrate dots stay as ``·``.  Use :func:`plain_text_with_map` when offsets into the
    original are needed (the guarantee: every output character maps to a source span).
    """
    return plain_text_with_map(s).text
