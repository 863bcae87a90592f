"""Paragraphs, headings, captions and the reference list of line-oriented text.

Shared by the plain-text, Markdown-like and PDF loaders: all three arrive as lines with
blank lines between blocks, hard-wrapped, with page breaks that cut paragraphs in two.
"""

from __future__ import annotations

import re

from .model import Paragraph, Reference

_BLANK_RUN = re.compile(r"\n[ \t\f\r]*\n(?:[ \t\f\r]*\n)*")
_CAPTION = re.compile(r"^\s*(?:\*\*)?(?:Fig(?:ure)?\.?|Scheme|Table)\s*\d+[.:|]?", re.I)
_NUMBERED_HEADING = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+[A-Z][^\n]{0,90}$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
_HEADING_TRAILER = re.compile(r"^[A-Z][A-Za-z ,&\-–/()]{2,60}\s+\d+(?:\.\d+)*\.?$")  # "Introduction 1."
_REFERENCES = re.compile(r"^\s*(?:#{1,6}\s*)?(?:Notes and references|References|Bibliography)\s*$", re.I)
_REF_ENTRY = re.compile(r"^\s*(?:[-*]\s*)?\[?(\d{1,4})[\].]?\s+(\S.*)$")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)\]])")
_TERMINAL = ".!?:;)]\"'”’%"


def _raw_blocks(text: str, base: int) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _BLANK_RUN.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if e - trail > s + lead:
            out.append((base + s + lead, base + e - trail))
    return out


#: What follows a figure's or table's label in prose that begins with it ("Fig. 2a compares the
#: Arrhenius plots", "Table 1 lists ..."): a panel letter, then a verb; a caption goes on with
#: its panels or its title ("Fig. 2. (a) XRD patterns").
_PROSE_AFTER_LABEL = re.compile(
    r"\s?\(?[a-z]?(?:\s*(?:and|,|[-–])\s*\d*[a-z])?\)?\s+(?:also\s+|further\s+|clearly\s+)?(?:shows?|compares?|displays?|"
    r"presents?|illustrates?|depicts?|summari[sz]es|lists?|gives?|reveals?|demonstrates?|confirms?|"
    r"indicates?|plots?|provides?|collects?|reports?|highlights?)\b")


def classify(block: str) -> str:
    if (m := _CAPTION.match(block)) and not _PROSE_AFTER_LABEL.match(block, m.end()):
        return "caption"
    single_line = "\n" not in block
    if single_line and (_MD_HEADING.match(block) or _NUMBERED_HEADING.match(block) or _HEADING_TRAILER.match(block)):
        return "heading"
    if single_line and len(block) <= 80 and block[-1] not in _TERMINAL and len(block.split()) <= 10 and block[0].isupper():
        return "heading"
    return "text"


def _continues(prev: str, nxt: str) -> bool:
    """A paragraph cut by a page break: no closing punctuation, next part starts lower-case."""
    return bool(prev) and prev.rstrip()[-1] not in _TERMINAL and nxt[:1].islower()


def paragraphs(source: str, start: int = 0, end: int | None = None) -> list[Paragraph]:
    """Paragraphs of ``source[start:end]`` with source offsets; text is the source slice."""
    end = len(source) if end is None else end
    blocks = _raw_blocks(source[start:end], start)
    out: list[Paragraph] = []
    section = before = ""
    for s, e in blocks:
        text = source[s:e]
        kind = classify(text)
        if kind == "text" and out and _continues(out[-1].text, text) and (
                out[-1].kind == "text" or _short_line(out[-1].text)):
            prev = out[-1]
            if prev.kind == "heading":  # a short line cut from its sentence by a page break
                section = before
            out[-1] = Paragraph(source[prev.start:e], prev.start, e, "text", section)
            continue
        if kind == "heading":
            before, section = section, re.sub(r"^\s*#+\s*", "", text).strip("* ")
        out.append(Paragraph(text, s, e, kind, section))  # type: ignore[arg-type]
    return out


def _short_line(block: str) -> bool:
    """A heading only by its shape (short, unpunctuated), not by a number or Markdown mark."""
    return not (_MD_HEADING.match(block) or _NUMBERED_HEADING.match(block) or _HEADING_TRAILER.match(block))


def split_references(source: str) -> tuple[int, list[Reference]]:
    """Where the reference list starts (``len(source)`` if none) and its entries."""
    lines = source.splitlines(keepends=True)
    pos, ref_start = 0, None
    for line in lines:
        if _REFERENCES.match(line):
            ref_start = pos
        pos += len(line)
    if ref_start is None:
        return len(source), []
    entries: list[list[str]] = []
    for line in source[ref_start:].splitlines()[1:]:
        m = _REF_ENTRY.match(line)
        if m:
            entries.append([m.group(1), m.group(2).strip()])
        elif entries and line.strip() and not line.lstrip().startswith("-"):
            entries[-1][1] += " " + line.strip()
    refs = []
    seen = set()
    for number, text in entries:
        if number in seen:
            continue
        seen.add(number)
        doi = _DOI.search(text)
        refs.append(Reference(number, text, doi.group(1) if doi else None))
    return ref_start, refs


def find_doi(text: str) -> str | None:
    m = re.search(r"DOI:?\s*(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)\]])", text, re.I)
    return m.group(1) if m else None
