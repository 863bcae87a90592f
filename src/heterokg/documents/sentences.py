"""Sentence boundaries with exact character spans.

pysbd handles the abbreviations of scientific prose ("Fig. 3b", "et al.", "ca. 5 nm") that a
naive splitter breaks on. Hard line wraps of OCR'd text are not sentence ends, so newlines
are presented to it as spaces (same length, so spans map back one to one).
"""

from __future__ import annotations

import re
from functools import cache

import pysbd

from .model import Paragraph, Sentence

# A citation printed after the full stop ("... alloy-type. [15] Intercalation ...") belongs
# to the sentence before it.
_LEADING_CITATION = re.compile(r"(?:\[[^\]\n]{1,15}\]|[\u00b9\u00b2\u00b3\u2070-\u2079\u207b,\u2013-]+)(?=\s|$)")


# pysbd keeps "... at 5 A g-1.[2] A VN interlayer ..." together; a citation marker between a
# full stop and a capital letter is a sentence end in every numbered-reference style.
_CITED_END = re.compile(r"[.!?](?:\[[0-9,\s\-–]{1,15}\]|[\u00b9\u00b2\u00b3\u2070-\u2079\u207b,\u2013]+)(?=\s+[A-Z])")


# A figure caption is a list of panels, "(A) HRTEM image of X; (B) energy diagram of Y;
# reproduced with permission ...": each panel is its own statement, and a licence notice in
# one panel must not silence the others.
_PANEL = re.compile(r"[;.]\s+(?=\(?[A-Za-z]\)\s)")


# pysbd reads "C." after a number as an initial ("... delivers 62 mAh g-1 at 2 C. When the rate
# is returned ..."): a C-rate before a full stop and a capital ends a sentence.
_RATE_END = re.compile(r"\d\s?C\.(?=\s+[A-Z][a-z])")


# pysbd ends a sentence at "e.g.," or "i.e." when a capital follows ("halide electrolytes
# (e.g., Li3YCl6 and Li3YBr6) have ..."): a Latin abbreviation never ends a sentence.
_LATIN_END = re.compile(r"\b(?:e\.\s?g|i\.\s?e|cf|viz)\.,?$", re.I)


# A full stop glued to the lowercase word after it ends no sentence: "52 mA .hour g-1", where a
# conversion printed a unit's middle dot as a full stop.
_GLUED_STOP = re.compile(r"\.(?=[a-z])")


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def _sentences(flat: str) -> list[str]:
    """pysbd's sentences of ``flat``, without its character spans: it finds those by compiling
    one regular expression per sentence (a third of the reading time, and they push everything
    else out of ``re``'s cache), and ``split_spans`` finds the offsets itself. A sentence pysbd
    could not find in the text is dropped, as its spans would drop it."""
    return [piece for piece in _segmenter().processor(flat).process() if piece in flat]


# A line of cells a conversion separated by tabs ("In\tcoating layer\t...\t0.2, 0.2\t1500\t12"):
# a table row. Its line end is a sentence end: rows run on without full stops, and read as prose
# a whole table would be one sentence of thousands of characters.
_TAB_ROW = re.compile(r"^[^\n]*\t[^\n]*\t[^\n]*$", re.M)


def split_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, surrounding whitespace trimmed; each row
    of tab-separated cells is a sentence of its own."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for row in _TAB_ROW.finditer(text):
        spans += [(a + cursor, b + cursor) for a, b in _prose_spans(text[cursor:row.start()])]
        lead = len(row.group()) - len(row.group().lstrip())
        if row.group().strip():
            spans.append((row.start() + lead, row.start() + len(row.group().rstrip())))
        cursor = row.end()
    return spans + [(a + cursor, b + cursor) for a, b in _prose_spans(text[cursor:])]


def _prose_spans(text: str) -> list[tuple[int, int]]:
    flat = text.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if not flat.strip():
        return []
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _sentences(flat):
        # pysbd's own offsets drift on repeated substrings; re-find from the cursor instead.
        i = flat.find(piece, cursor)
        if i < 0:
            i = cursor
        j = i + len(piece)
        cursor = j
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        s, e = i + lead, j - trail
        if e <= s:
            continue
        if spans and _GLUED_STOP.match(flat, spans[-1][1] - 1) and s == spans[-1][1]:
            s = spans.pop()[0]
        m = _LEADING_CITATION.match(flat, s)
        if spans and m and m.end() >= e:  # nothing but the citation: it ends the sentence before
            spans[-1] = (spans[-1][0], e)
            continue
        if spans and m:
            spans[-1] = (spans[-1][0], m.end())
            s = m.end() + (len(flat[m.end():e]) - len(flat[m.end():e].lstrip()))
        for cut in sorted([*_CITED_END.finditer(flat, s, e), *_RATE_END.finditer(flat, s, e)], key=lambda c: c.end()):
            spans.append((s, cut.end()))
            s = cut.end() + (len(flat[cut.end():e]) - len(flat[cut.end():e].lstrip()))
        if spans and _LATIN_END.search(flat, spans[-1][0], spans[-1][1]):
            s = spans.pop()[0]
        spans.append((s, e))
    return spans


def segment(paragraphs: list[Paragraph]) -> None:
    """Fill ``sentences`` of every paragraph that is prose (not a heading)."""
    for index, p in enumerate(paragraphs):
        if p.kind == "heading":
            p.sentences = []
            continue
        sentences = []
        spans = split_spans(p.text)
        if p.kind == "caption":
            spans = [piece for span in spans for piece in _panels(p.text, *span)]
        for s, e in spans:
            a, b = p.source_span(s, e)
            sentences.append(Sentence(p.text[s:e], a, b, index))
        p.sentences = sentences


def _panels(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A caption sentence cut at its panel labels, the separator kept with the panel before."""
    out = []
    for cut in _PANEL.finditer(text, start, end):
        out.append((start, cut.start() + 1))
        start = cut.end()
    out.append((start, end))
    return out
