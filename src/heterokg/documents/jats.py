"""JATS XML articles.

lxml checks the file is well-formed, without resolving entities or touching the network
(an entity declaration is refused outright: that is how XXE attacks arrive). The text the
extractor reads is then produced by scanning the raw XML once, so every character keeps its
offset in the file and an evidence quote can be checked against the file itself.

Tables keep their structure: each ``<td>``/``<th>`` is a cell with its own source span (an
empty cell too), merged cells (``colspan``/``rowspan``) are placed in every column and row
they cover, the header rows (``<thead>``, or leading rows of ``<th>``) name the columns, and
the ``<xref ref-type="bibr">`` inside a cell are resolved to reference numbers.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from lxml import etree

from .errors import DocumentError
from .model import Document, Metadata, Paragraph, Reference, Table, TableCell, TableRow
from .sentences import segment

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[(?P<cdata>.*?)\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|<(?P<close>/)?(?P<tag>[A-Za-z_][\w.:-]*)(?P<attrs>[^>]*?)(?P<empty>/)?>"
    r"|&(?P<ent>#x[0-9a-fA-F]+|#\d+|[A-Za-z][\w.]*);|(?P<text>[^<&]+)|(?P<stray>[<&])",
    re.S,
)
_TAG = re.compile(r"<[^>]+>")
_ENTITY = re.compile(r"&(?:#x[0-9a-fA-F]+|#\d+|[A-Za-z][\w.]*);")
_BLOCKS = {"p", "title", "article-title", "td", "th", "label"}
_SKIP = {"journal-meta", "contrib-group", "aff", "author-notes", "permissions", "history", "ref-list",
         "kwd-group", "pub-date", "article-categories", "funding-group", "fn-group", "ack"}
_XLINK = "{http://www.w3.org/1999/xlink}href"
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: A colspan/rowspan beyond this is damage (or an attempt to make the grid huge), not a table.
_MAX_SPAN = 64


def _attrs(raw: str | None) -> dict[str, str]:
    return {m.group(1).split(":")[-1]: m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTR.finditer(raw or "")}


def _span(value: str | None) -> int:
    m = re.fullmatch(r"\s*([0-9]{1,9})\s*", value or "")
    return min(max(int(m.group(1)), 1), _MAX_SPAN) if m else 1


@dataclass
class _Cell:
    """A ``<td>``/``<th>`` as the scan meets it, before merged cells are placed on the grid."""

    table: int
    row: int
    head: bool  # inside <thead>
    th: bool
    colspan: int
    rowspan: int
    at: int  # where an empty cell stands
    rids: list[str] = field(default_factory=list)
    paragraph: Paragraph | None = None


def strip_markup(raw: str) -> str:
    """Reader-visible text of a slice of the raw XML: tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", raw))


def _check(path: str, source: str) -> etree._Element:
    """The parsed article, refused when its DOCTYPE declares any entity.

    The parser neither resolves entities nor loads a DTD nor touches the network, so an
    external DTD named by the DOCTYPE (as every published JATS file does) is never read. The
    entity check asks the parsed internal subset, not the text: comments, quoted strings and
    parameter entities cannot hide a declaration from it.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(source.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(path, "malformed XML: " + re.sub(r"\s*\(<string>, line \d+\)$", "", str(exc))) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and dtd.entities():
        raise DocumentError(path, "XML declares entities (<!ENTITY>): refused, external entities are not resolved")
    if etree.QName(root).localname != "article":
        raise DocumentError(path, f"XML root <{etree.QName(root).localname}> is not a JATS <article>")
    return root


def load(path: str, source: str) -> Document:
    root = _check(path, source)
    paragraphs, table_cells, titles = _scan(source)
    segment(paragraphs)
    references = _references(root)
    numbers = {el.get("id"): r.number for el, r in zip(root.xpath("back/ref-list/ref"), references) if el.get("id")}
    return Document(path, "jats", source, _metadata(root), paragraphs, references,
                    _tables(table_cells, titles, numbers))


def _scan(source: str) -> tuple[list[Paragraph], list[_Cell], dict[int, tuple[str, str]]]:
    """One pass over the raw XML: block elements become paragraphs with per-character offsets.

    Also returns every table cell, and per table its (label, caption) from the ``<table-wrap>``.
    """
    stack: list[str] = []
    blocks: list[tuple[list[str], list[int], str, int]] = []  # chars, offsets, kind, depth
    out: list[Paragraph] = []
    cells: list[_Cell] = []
    cell: _Cell | None = None  # the cell being read
    sec_titles: list[str] = []
    table_no = row_no = wrap_no = 0
    wrap_of: dict[int, int] = {}  # table number -> number of the <table-wrap> around it
    wrap_label: dict[int, str] = {}
    wrap_caption: dict[int, list[str]] = {}
    skip_depth: int | None = None

    def emit(chars: list[str], offs: list[int], kind: str) -> Paragraph | None:
        text = "".join(chars)
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        text = text.strip()
        if not text:
            return None
        offs = offs[lead: len(offs) - trail]
        section = next((t for t in reversed(sec_titles) if t), "")
        entity = _ENTITY.match(source, offs[-1])  # ends with a decoded entity: the span takes all of it
        end = entity.end() if entity else offs[-1] + 1
        p = Paragraph(text, offs[0], end, kind, section, offs)  # type: ignore[arg-type]
        out.append(p)
        return p

    def open_cell(name: str, attrs: dict[str, str], at: int) -> _Cell:
        return _Cell(table_no, row_no, "thead" in stack, name == "th", _span(attrs.get("colspan")),
                     _span(attrs.get("rowspan")), at)

    def cite(attrs: dict[str, str]) -> None:
        if cell is not None and attrs.get("ref-type") == "bibr":
            cell.rids.extend(attrs.get("rid", "").split())

    for m in _TOKEN.finditer(source):
        tag = m.group("tag")
        if tag:
            name = tag.split(":")[-1]
            if m.group("close"):
                while stack and stack[-1] != name:
                    stack.pop()
                if stack:
                    stack.pop()
                if skip_depth is not None and len(stack) < skip_depth:
                    skip_depth = None
                if name == "sec" and sec_titles:
                    sec_titles.pop()
                if blocks and blocks[-1][3] == len(stack) + 1 and name in _BLOCKS:
                    chars, offs, kind, _ = blocks.pop()
                    p = emit(chars, offs, kind)
                    if p is not None and name == "title" and stack and stack[-1] == "sec":
                        sec_titles[-1] = p.text
                    if p is not None and "table-wrap" in stack:
                        if kind == "caption":
                            wrap_caption.setdefault(wrap_no, []).append(p.text)
                        elif name == "label" and stack[-1] == "table-wrap":
                            wrap_label[wrap_no] = p.text
                    if name in ("td", "th") and cell is not None:
                        cell.paragraph = p
                        cell.at = m.start()
                        cells.append(cell)
                        cell = None
                continue
            attrs = _attrs(m.group("attrs")) if name in ("xref", "td", "th") else {}
            if name == "xref":
                cite(attrs)
            if m.group("empty"):
                if name in ("td", "th") and skip_depth is None and table_no:
                    cells.append(open_cell(name, attrs, m.start()))
                continue
            stack.append(name)
            if skip_depth is None and name in _SKIP:
                skip_depth = len(stack)
            if name == "sec":
                sec_titles.append("")
            elif name == "table-wrap":
                wrap_no += 1
            elif name == "table":
                table_no += 1
                wrap_of[table_no] = wrap_no if "table-wrap" in stack else 0
            elif name == "tr":
                row_no += 1
            elif name in ("td", "th") and skip_depth is None and table_no:
                cell = open_cell(name, attrs, m.end())
            inside_cell = bool(blocks) and blocks[-1][2] == "table"  # a <p> in a cell is the cell's text
            if skip_depth is None and name in _BLOCKS and not inside_cell:
                if "caption" in stack:
                    kind = "caption"
                elif name in ("td", "th"):
                    kind = "table"
                elif name in ("title", "article-title", "label"):
                    kind = "heading"
                else:
                    kind = "text"
                blocks.append(([], [], kind, len(stack)))
            continue
        if skip_depth is not None or not blocks:
            continue
        chars, offs = blocks[-1][0], blocks[-1][1]
        if m.group("ent"):
            decoded = html.unescape(m.group(0))
            chars.extend(decoded)
            offs.extend([m.start()] * len(decoded))
        else:
            piece = m.group("cdata") if m.group("cdata") is not None else (m.group("text") or m.group("stray"))
            if piece is None:
                continue
            base = m.start("cdata") if m.group("cdata") is not None else m.start()
            chars.extend(piece)
            offs.extend(range(base, base + len(piece)))
    titles = {t: (wrap_label.get(w, f"Table {t}"), " ".join(wrap_caption.get(w, []))) for t, w in wrap_of.items()}
    return out, cells, titles


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _metadata(root) -> Metadata:
    def first(xpath: str) -> str | None:
        hits = root.xpath(xpath)
        if not hits:
            return None
        return hits[0] if isinstance(hits[0], str) else _text(hits[0])

    authors = tuple(_person(n) for n in root.xpath("front/article-meta/contrib-group/contrib[@contrib-type='author']/name"))
    year = first("front/article-meta/pub-date/year")
    lic = root.xpath("front/article-meta/permissions/license/@*[local-name()='href']")
    return Metadata(
        title=first("front/article-meta/title-group/article-title"),
        doi=first("front/article-meta/article-id[@pub-id-type='doi']"),
        authors=authors,
        year=int(year) if year and year.isdigit() else None,
        journal=first("front/journal-meta/journal-title-group/journal-title"),
        license=str(lic[0]) if lic else None,
    )


def _person(name) -> str:
    """"Given-names surname" of a JATS ``<name>``: the one form for the article's own authors
    and for the authors of the works it cites, so that a page or a query shows them alike."""
    parts = (name.find("given-names"), name.find("surname"))
    return " ".join(t for t in (_text(p) for p in parts if p is not None) if t)


def _field(citation, path: str) -> str | None:
    hits = citation.xpath(path)
    return (_text(hits[0]) or None) if hits else None


def _authors(citation) -> tuple[tuple[str, ...], bool]:
    """The authors of a cited work in the order printed, and whether the list stops at "et al."

    A list with no ``person-group-type`` is taken for the authors; editors' groups are not."""
    groups = citation.xpath("person-group[@person-group-type='author']") or citation.xpath("person-group[not(@person-group-type)]")
    names: list[str] = []
    abridged = False
    for group in groups[:1]:
        for el in group:
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if tag == "name":
                names.append(_person(el))
            elif tag in ("collab", "string-name"):
                names.append(_text(el))
            abridged = abridged or tag == "etal"
    return tuple(n for n in names if n), abridged


def _year(text: str | None) -> int | None:
    m = re.match(r"\s*(\d{4})", text or "")  # "2024a": the letter tells two works of one year apart
    return int(m.group(1)) if m else None


def full_last_page(first: str | None, last: str | None) -> str | None:
    """The last page in full. Reference lists print only the digits that change ("1215–25" for
    pages 1215 to 1225), and a last page of 25 would be read as a page before the first.

    A shortened page that cannot be completed to one at or after the first stays as printed."""
    if not (first and last and first.isdigit() and last.isdigit()) or len(last) >= len(first):
        return last
    full = first[: len(first) - len(last)] + last
    return full if int(full) >= int(first) else last


def _citation(ref) -> dict:
    """The structured fields of a ``<ref>``: what ``Reference`` holds beyond the printed text.

    Read from its ``<element-citation>`` (or ``<mixed-citation>``); a ``<ref>`` without one
    gives no fields, and its printed text alone describes it."""
    citations = ref.xpath("element-citation|mixed-citation|citation")
    if not citations:
        return {}
    c = citations[0]
    authors, abridged = _authors(c)
    first = _field(c, "fpage")
    return {
        "title": _field(c, "article-title") or _field(c, "chapter-title"),
        "authors": authors, "authors_abridged": abridged,
        "journal": _field(c, "source"), "year": _year(_field(c, "year")), "volume": _field(c, "volume"),
        "first_page": first, "last_page": full_last_page(first, _field(c, "lpage")),
        "pmid": _field(c, "pub-id[@pub-id-type='pmid']"), "pmcid": _field(c, "pub-id[@pub-id-type='pmcid']"),
    }


def _references(root) -> list[Reference]:
    refs = []
    for i, ref in enumerate(root.xpath("back/ref-list/ref"), start=1):
        label = ref.find("label")
        number = _text(label).strip("[]. ") if label is not None else str(i)
        doi = ref.xpath(".//pub-id[@pub-id-type='doi']")
        parts = [_text(c) for c in ref if c.tag != "label"]
        refs.append(Reference(number, " ".join(parts), _text(doi[0]) if doi else None, **_citation(ref)))
    return refs


def _tables(cells: list[_Cell], titles: dict[int, tuple[str, str]], numbers: dict[str, str]) -> list[Table]:
    """Cells onto a grid: header rows name the columns, body rows become ``TableRow``s."""
    by_table: dict[int, dict[int, list[_Cell]]] = {}
    for c in cells:
        by_table.setdefault(c.table, {}).setdefault(c.row, []).append(c)
    out = []
    for t, by_row in sorted(by_table.items()):
        rows = [by_row[r] for r in sorted(by_row)]
        heads = [any(c.head for c in row) for row in rows]
        if not any(heads):  # no <thead>: leading rows of <th> are the header
            n = next((i for i, row in enumerate(rows) if not all(c.th for c in row)), len(rows))
            heads = [i < n for i in range(len(rows))]
        grid = _grid(rows, heads, numbers)
        width = max((max(line) + 1 for line in grid if line), default=0)
        columns = []
        for k in range(width):
            names: list[TableCell] = []
            for line, head in zip(grid, heads):
                if head and k in line and line[k][0].text and not any(line[k][0] is n for n in names):
                    names.append(line[k][0])
            columns.append(" ".join(n.text for n in names))
        body = []
        for line, head in zip(grid, heads):
            own = [c for c, mine in line.values() if mine]
            if head or not own:
                continue
            start, end = min(c.start for c in own), max(c.end for c in own)
            row_cells = tuple(line[k][0] if k in line else TableCell("", end, end) for k in range(width))
            body.append(TableRow(row_cells, " | ".join(c.text for c in row_cells), start, end))
        spans = [c for line in grid for c, mine in line.values() if mine]
        label, caption = titles.get(t, (f"Table {t}", ""))
        out.append(Table(label, caption, body, min(c.start for c in spans), max(c.end for c in spans), True,
                         tuple(columns) if any(heads) else ()))
    return out


def _grid(rows: list[list[_Cell]], heads: list[bool], numbers: dict[str, str]) -> list[dict[int, tuple[TableCell, bool]]]:
    """Each row as column -> (cell, whether the row holds the cell itself rather than a rowspan above).

    A merged header cell names every column it covers; a merged body cell stands in its first
    column (the others are empty there) and in every row it covers.
    """
    carried: dict[int, tuple[TableCell, int]] = {}  # column -> (cell, rows it still covers)
    out = []
    for row, head in zip(rows, heads):
        line: dict[int, tuple[TableCell, bool]] = {}
        for k, (c, left) in list(carried.items()):
            line[k] = (c, False)
            if left > 1:
                carried[k] = (c, left - 1)
            else:
                del carried[k]
        col = 0
        for c in row:
            while col in line:
                col += 1
            refs = tuple(dict.fromkeys(numbers[r] for r in c.rids if r in numbers))
            p = c.paragraph
            tc = TableCell(p.text, p.start, p.end, refs) if p is not None else TableCell("", c.at, c.at, refs)
            for k in range(c.colspan):
                placed = tc if k == 0 or head else TableCell("", tc.end, tc.end)
                line[col + k] = (placed, True)
                if c.rowspan > 1:
                    carried[col + k] = (placed, c.rowspan - 1)
            col += c.colspan
        out.append(line)
    return out
