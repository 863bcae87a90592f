"""JATS XML articles.

lxml checks the file is well-formed, without resolving entities or touching the network
(an entity declaration is refused outright: that is how XXE attacks arrive). The text the
extractor reads is then produced by scanning the raw XML once, so every character keeps its
offset in the file and an evidence quote can be checked against the file itself.
"""

from __future__ import annotations

import html
import re

from lxml import etree

from .errors import DocumentError
from .model import Document, Metadata, Paragraph, Reference, Table, TableRow
from .sentences import segment

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[(?P<cdata>.*?)\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
    r"|<(?P<close>/)?(?P<tag>[A-Za-z_][\w.:-]*)(?P<attrs>[^>]*?)(?P<empty>/)?>"
    r"|&(?P<ent>#x[0-9a-fA-F]+|#\d+|[A-Za-z][\w.]*);|(?P<text>[^<&]+)|(?P<stray>[<&])",
    re.S,
)
_TAG = re.compile(r"<[^>]+>")
_BLOCKS = {"p", "title", "article-title", "td", "th", "label"}
_SKIP = {"journal-meta", "contrib-group", "aff", "author-notes", "permissions", "history", "ref-list",
         "kwd-group", "pub-date", "article-categories", "funding-group", "fn-group", "ack"}
_XLINK = "{http://www.w3.org/1999/xlink}href"


def strip_markup(raw: str) -> str:
    """Reader-visible text of a slice of the raw XML: tags removed, entities decoded."""
    return html.unescape(_TAG.sub("", raw))


def _check(path: str, source: str) -> etree._Element:
    prolog = source[: source.find("<article")] if "<article" in source else source[:4096]
    if "<!ENTITY" in prolog:
        raise DocumentError(path, "XML declares entities (<!ENTITY>): refused, external entities are not resolved")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(source.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(path, f"malformed XML: {exc}") from None
    if etree.QName(root).localname != "article":
        raise DocumentError(path, f"XML root <{etree.QName(root).localname}> is not a JATS <article>")
    return root


def load(path: str, source: str) -> Document:
    root = _check(path, source)
    paragraphs, table_cells = _scan(source)
    segment(paragraphs)
    return Document(path, "jats", source, _metadata(root), paragraphs, _references(root), _tables(table_cells))


def _scan(source: str) -> tuple[list[Paragraph], list[tuple[int, int, Paragraph]]]:
    """One pass over the raw XML: block elements become paragraphs with per-character offsets."""
    stack: list[str] = []
    blocks: list[tuple[list[str], list[int], str, int]] = []  # chars, offsets, kind, depth
    out: list[Paragraph] = []
    cells: list[tuple[int, int, Paragraph]] = []
    sec_titles: list[str] = []
    table_no = row_no = 0
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
        p = Paragraph(text, offs[0], offs[-1] + 1, kind, section, offs)  # type: ignore[arg-type]
        out.append(p)
        return p

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
                    if p is not None and name in ("td", "th"):
                        cells.append((table_no, row_no, p))
                continue
            if m.group("empty"):
                continue
            stack.append(name)
            if skip_depth is None and name in _SKIP:
                skip_depth = len(stack)
            if name == "sec":
                sec_titles.append("")
            elif name == "table":
                table_no += 1
            elif name == "tr":
                row_no += 1
            if skip_depth is None and name in _BLOCKS:
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
    return out, cells


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _metadata(root) -> Metadata:
    def first(xpath: str) -> str | None:
        hits = root.xpath(xpath)
        if not hits:
            return None
        return hits[0] if isinstance(hits[0], str) else _text(hits[0])

    authors = tuple(
        " ".join(filter(None, [_text(n.find("given-names")) if n.find("given-names") is not None else "",
                               _text(n.find("surname")) if n.find("surname") is not None else ""]))
        for n in root.xpath("front/article-meta/contrib-group/contrib[@contrib-type='author']/name")
    )
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


def _references(root) -> list[Reference]:
    refs = []
    for i, ref in enumerate(root.xpath("back/ref-list/ref"), start=1):
        label = ref.find("label")
        number = _text(label).strip("[]. ") if label is not None else str(i)
        doi = ref.xpath(".//pub-id[@pub-id-type='doi']")
        parts = [_text(c) for c in ref if c.tag != "label"]
        refs.append(Reference(number, " ".join(parts), _text(doi[0]) if doi else None))
    return refs


def _tables(cells: list[tuple[int, int, Paragraph]]) -> list[Table]:
    tables: dict[int, dict[int, list[Paragraph]]] = {}
    for t, r, p in cells:
        tables.setdefault(t, {}).setdefault(r, []).append(p)
    out = []
    for t, rows in sorted(tables.items()):
        table_rows = [
            TableRow(tuple(p.text for p in ps), " | ".join(p.text for p in ps), ps[0].start, ps[-1].end)
            for _, ps in sorted(rows.items())
        ]
        out.append(Table(f"Table {t}", "", table_rows, table_rows[0].start, table_rows[-1].end, True))
    return out
