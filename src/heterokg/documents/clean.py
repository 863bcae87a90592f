"""Undo what PDF-to-text conversion does to characters, keeping every source offset.

Converters that cannot map a glyph to Unicode write its name instead: ``/uniFB01`` for the
"fi" ligature (the Adobe glyph list's uniXXXX names), ``/C0`` for the first character of a
TeX math-symbol font (cmsy: 0 is the minus sign, 14 the open bullet printed as a degree
sign, 24 the tilde of "approximately"). Ligatures also come out with spaces around them
("sul /uniFB01 de", "the /uniFB01 eld"). The extractor cannot read "speci /uniFB01 c
capacity"; a reader can. Each rule here is one such reader's repair, for any document:

* ``/uniXXXX`` is the character U+XXXX, a ligature its letters; the space after a
  ligature always goes (a ligature never ends a word); the space before it goes when the
  fragment before is not a word of its own anywhere else in the document ("sul"), or
  when the joined word is one ("sulfide");
* ``/Cn`` is the cmsy character n, for the codes whose meaning in running text is
  unambiguous (minus, multiply, plus-minus, degree, less/greater-or-equal, tilde, approx);
  other codes are left as they are, since other fonts use the same names for other glyphs;
* ``GLYPH<n>`` (docling's name for an unmapped glyph) is read like ``/Cn``;
* an HTML character reference (``&gt;``, ``&#8722;``), left by converters that write
  Markdown for HTML, is its character; an escaped ``GLYPH&lt;0&gt;`` is ``GLYPH<0>``;
* a micro sign cut from its unit ("µ m") is joined to it, and a subscript digit to the symbol
  it counts, and the formula's next counted symbol to it ("CaCO ₃", "g-C ₃ N ₄"): no word
  starts with a subscript;
* the Symbol-font signs some PDFs print as Latin capitals are restored where nothing else
  can stand: "G" between a number and the next ("1.56 ( G 0.11) mS") is ±, and "U" right
  after a number and before punctuation, "cm" or a function word ("R ~ 30 U )", "35 U cm2",
  "0 U for") is the ohm sign Ω;
* no-break and thin spaces are spaces (one character for one: no offset moves).

:func:`clean` returns the new text and, for each of its characters, the offset of the
source character it came from, which is what ``Paragraph.offsets`` holds.
"""

from __future__ import annotations

import html
import re

__all__ = ["clean", "document_words"]

_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl",
              0xFB05: "st", 0xFB06: "st"}
#: cmsy10 code points whose character reads the same in any running text
_CMSY = {0: "−", 2: "×", 6: "±", 14: "°", 20: "≤", 21: "≥", 24: "~", 25: "≈"}
_TOKEN = re.compile(r"(?P<before>[A-Za-z]+ )?/uni(?P<hex>[0-9A-Fa-f]{4})(?P<after> (?=[a-z]))?"
                    r"|/C(?P<cmsy>\d{1,3})(?![0-9A-Za-z])|GLYPH(?:<|&lt;)(?P<glyph>\d{1,3})(?:>|&gt;)"
                    r"|(?P<entity>&(?:[A-Za-z]{2,8}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});)"
                    r"|(?P<micro>[µμ]) (?=[A-Za-zΩ])|(?<=[A-Za-z)\]])(?P<sub> )(?=[\u2080-\u2089])"
                    r"|(?<=[\u2080-\u2089])(?P<next> )(?=[A-Z][a-z]? ?[\u2080-\u2089])"
                    r"|(?<=\d)(?: ?\( ?| )(?P<pm>G)(?= ?\d)|(?<=\d )(?P<ohm>U)"
                    r"(?=\s?[),.;]|\s(?:cm|and|or|for|at|in|of|to|with|after|respectively)(?![A-Za-z])|$)")
_SYMBOL_CAPITAL = re.compile(r"\d ?\(? ?G ?\d|\d U(?![A-Za-z0-9])")
_SPLIT_SUBSCRIPT = re.compile(r"[A-Za-z)\]] [\u2080-\u2089]")
_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " "})
_WORD = re.compile(r"(?<![/A-Za-z])[A-Za-z]+(?![A-Za-z])")


def document_words(source: str) -> frozenset[str]:
    """The lower-cased words written out in ``source`` (not inside glyph names)."""
    return frozenset(w.lower() for w in _WORD.findall(source))


def clean(text: str, words: frozenset[str] = frozenset()) -> tuple[str, list[int] | None]:
    """``text`` repaired, and the source offset of each character (None when no character
    moved: the text is then the source slice, or differs from it only in kinds of space).

    Offsets are relative to ``text``; ``words`` are the document's words (see
    :func:`document_words`), which decide whether a ligature joins the fragment before it.
    """
    text = text.translate(_SPACES)
    if "/" not in text and "µ " not in text and "μ " not in text and "&" not in text and "GLYPH" not in text \
            and not _SYMBOL_CAPITAL.search(text) and not _SPLIT_SUBSCRIPT.search(text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    changed = False

    def keep(i: int, j: int) -> None:
        out.extend(text[i:j])
        offsets.extend(range(i, j))

    for m in _TOKEN.finditer(text):
        if m.group("hex"):
            code = int(m.group("hex"), 16)
            if code in (0xFFFD, 0) or 0xD800 <= code <= 0xDFFF:
                continue
            letters = _LIGATURES.get(code, chr(code))
            before = m.group("before")
            if before:
                fragment = before[:-1]
                right = re.match(r"[a-z]+", text[m.end():]) if m.group("after") else None
                joined = fragment + letters + (right.group() if right else "")
                glue = code in _LIGATURES and (
                    fragment.lower() not in words or joined.lower() in words)
                keep(pos, m.start("before") + len(fragment) + (0 if glue else 1))
            else:
                keep(pos, m.start())
            out.extend(letters)
            # the first letter at the glyph name's "/", the others at its last character, so
            # that a span over the letters covers the whole name in the source
            offsets.extend([m.start("hex") - 4] + [m.end("hex") - 1] * (len(letters) - 1))
            pos = m.end()
            if m.group("after") and code not in _LIGATURES:
                keep(m.end("hex"), m.end())  # only ligatures swallow the space after
            changed = True
        elif m.group("pm") or m.group("ohm"):
            keep(pos, m.start("pm") if m.group("pm") else m.start("ohm"))
            out.append("±" if m.group("pm") else "Ω")
            offsets.append(m.start("pm") if m.group("pm") else m.start("ohm"))
            pos = m.end()
            changed = True
        elif m.group("entity") or m.group("cmsy") is not None or m.group("glyph") is not None:
            if m.group("entity"):
                char = html.unescape(m.group("entity"))
                char = char if char != m.group("entity") and len(char) == 1 else None
            else:
                char = _CMSY.get(int(m.group("cmsy") or m.group("glyph")))
            if char is None:
                continue
            keep(pos, m.start())
            out.append(char)
            offsets.append(m.start())
            pos = m.end()
            changed = True
        elif m.group("sub") or m.group("next"):  # the space before a subscript or its next symbol goes
            keep(pos, m.start())
            pos = m.end()
            changed = True
        else:  # micro sign and a space: keep the sign, drop the space
            keep(pos, m.start() + 1)
            pos = m.end()
            changed = True
    if not changed:
        return text, None
    keep(pos, len(text))
    return "".join(out), offsets
