"""Plain OCR'd text and Markdown-like text (headings, **bold**, LaTeX fragments).

Both keep their source as the text the extractor reads, but for the characters a PDF
conversion wrote as glyph names (``documents.clean``), whose source offsets each paragraph
keeps; formula normalisation (subscripts, LaTeX, OCR confusions) happens later, on tokens, so
every offset stays exact.
"""

from __future__ import annotations

from . import blocks, clean
from .model import Document, Metadata
from .sentences import segment
from .texttables import find_tables


def load(path: str, source: str, fmt: str) -> Document:
    ref_start, references = blocks.split_references(source)
    paras = blocks.paragraphs(source, 0, ref_start)
    words = clean.document_words(source)
    for p in paras:  # glyph names and split units repaired; offsets still point at the source
        p.text, offsets = clean.clean(p.text, words)
        if offsets is not None:
            p.offsets = [p.start + o for o in offsets]
    segment(paras)
    meta = Metadata(doi=blocks.find_doi(source[: min(ref_start, 20000)]), title=_title(paras))
    return Document(path, fmt, source, meta, paras, references, find_tables(source, paras))


def _title(paras) -> str | None:
    """The longest early heading-like line: a guess, which the source manifest overrides."""
    early = [p.text.strip("*# ") for p in paras[:12] if p.kind == "heading" and 25 <= len(p.text) <= 200]
    return max(early, key=len) if early else None
