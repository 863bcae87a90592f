"""The normalised document model every loader produces and every extractor reads.

Offsets always point into the *source*: the file's text decoded as UTF-8 (for PDF, the
text layer the PDF library extracted). A loader whose plain text differs from its source
(JATS: tags removed, entities decoded) keeps, per paragraph, the source offset of every
character, so evidence can be traced back to the exact bytes a reader can open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

BlockKind = Literal["text", "heading", "caption", "table", "reference", "metadata"]


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # source offset of the first character
    end: int  # source offset one past the last character
    paragraph: int  # index into Document.paragraphs


@dataclass
class Paragraph:
    text: str
    start: int
    end: int
    kind: BlockKind = "text"
    section: str = ""
    #: Source offset of each character of ``text``; ``None`` when text is the source
    #: slice ``source[start:end]`` itself.
    offsets: list[int] | None = None
    sentences: list[Sentence] = field(default_factory=list)

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        """Source offsets of ``text[i:j]``."""
        if self.offsets is None:
            return self.start + i, self.start + j
        if j <= i:
            k = self.offsets[i] if i < len(self.offsets) else self.end
            return k, k
        return self.offsets[i], self.offsets[j - 1] + 1


@dataclass(frozen=True)
class Reference:
    """One entry of a review's reference list.

    ``text`` is the entry as printed; the other fields are what a structured list (JATS
    ``<element-citation>``) states separately, so that a reader can be shown "who, what, where,
    when" of a cited study without parsing the printed string. A list printed as plain text
    leaves them empty. Field names follow ``Metadata`` where they mean the same thing.
    """

    number: str  # as printed in the review's list ("12")
    text: str
    doi: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()  # "given-names surname", in the order printed
    authors_abridged: bool = False  # the list names the first authors only ("et al.")
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    first_page: str | None = None
    last_page: str | None = None  # in full: "1215"-"25" as printed is 1225
    pmid: str | None = None
    pmcid: str | None = None


@dataclass(frozen=True)
class TableCell:
    """One cell of a table row, where it stands in the source.

    ``text`` is the reader-visible text: for a structured table exactly
    ``Document.plain(start, end)``; for a row rebuilt from a text line the cell's tokens
    joined by one space. A cell the source leaves empty (or a position a merged cell covers)
    has ``text == ""`` and an empty span where it stands. ``refs``: reference numbers the
    source links from inside the cell (JATS ``<xref ref-type="bibr">``), not those printed.
    """

    text: str
    start: int
    end: int
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableRow:
    """A body row; ``cells`` are in column order, one per column of a structured table."""

    cells: tuple[TableCell, ...]
    text: str  # the row as a reader sees it: the source line, or the cells joined by " | "
    start: int
    end: int


@dataclass
class Table:
    label: str
    caption: str
    rows: list[TableRow]
    start: int
    end: int
    structured: bool  # True when the source marks cells (JATS), False for rows parsed from text lines
    #: What each column holds, from the header rows (a merged header cell names every column it
    #: covers); empty when the source gives no per-column header (text tables: the header lines
    #: are scrambled, and ``caption`` carries them whole).
    columns: tuple[str, ...] = ()


@dataclass
class Metadata:
    title: str | None = None
    doi: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str | None = None
    license: str | None = None


@dataclass
class Document:
    path: str  # file name as given (the corpus file name is the document's key)
    format: str  # "jats" | "markdown" | "text" | "pdf"
    source: str
    metadata: Metadata
    paragraphs: list[Paragraph]
    references: list[Reference] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def name(self) -> str:
        return PurePath(self.path).name

    @property
    def stem(self) -> str:
        return PurePath(self.path).stem

    def sentences(self):
        for p in self.paragraphs:
            yield from p.sentences

    def plain(self, start: int, end: int) -> str:
        """The reader-visible text of a source span (what an evidence quote must equal)."""
        if self.format == "jats":
            from .jats import strip_markup

            return strip_markup(self.source[start:end])
        return self.source[start:end]

    def locate(self, quote: str, after: int = 0) -> tuple[int, int] | None:
        """Source span of the first occurrence of a reader-visible quote at or after ``after``."""
        for p in self.paragraphs:
            if p.end < after:
                continue
            i = p.text.find(quote)
            while i >= 0:
                s, e = p.source_span(i, i + len(quote))
                if s >= after:
                    return s, e
                i = p.text.find(quote, i + 1)
        if self.format != "jats":
            i = self.source.find(quote, after)
            if i >= 0:
                return i, i + len(quote)
        return None
