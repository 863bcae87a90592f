"""Tables that PDF-to-text conversion flattened into lines, found again.

After a "Table N" caption, a line that starts with words and then carries several numeric
cells ("Bi2S3-CuS 0.01-3 93.8 592.2/8/1000 459.9/20 [50]") is a row; the lines between the
caption and the first row are the (often scrambled) header. Cells are whitespace-separated
tokens; the leading words are the row's label, and a token the conversion split off at a
slash is joined back ("424", "/15" → "424/15"). Nothing here knows what the columns mean.

Some conversions keep a table's columns apart with tabs. Then the first tabbed line after the
caption is the header, naming each column (``Table.columns``), and every tabbed line after it
is a row of tab-separated cells; a cell wrapped onto a line of its own shifts the cells of
that line, which the reader of the columns sees as a row whose cells do not line up. A
Markdown table after the caption is read the same way: its first pipe line is the header, and
the pipe lines after the rule of dashes are the rows.
"""

from __future__ import annotations

import re

from .model import Paragraph, Table, TableCell, TableRow

_TABLE_CAPTION = re.compile(r"^\s*(?:\*\*)?Table\s*(\d+)", re.I)
_NUMERIC = re.compile(r"^[\[(]?[\d.,]+(?:[-–/][\d.,]+)*[\])]?$|^—$")
_MAX_GAP_LINES = 6  # non-row lines tolerated inside a table (wrapped category names)


def _is_row(cells: list[str]) -> int:
    """Index of the first numeric cell when the line looks like a data row, else 0."""
    for i, c in enumerate(cells):
        if _NUMERIC.match(c) and any(ch.isdigit() for ch in c) or c == "—":
            numeric = sum(bool(_NUMERIC.match(x)) for x in cells[i:])
            return i if i > 0 and numeric >= 3 else 0
    return 0


def _cells(tokens: list[re.Match[str]], first: int, base: int) -> tuple[TableCell, ...]:
    """The label (tokens before ``first``) as one cell, then the tokens, split slashes re-joined."""
    label = tokens[:first]
    out = [TableCell(" ".join(t.group() for t in label), base + label[0].start(), base + label[-1].end())]
    for t in tokens[first:]:
        if t.group().startswith("/") and len(out) > 1:
            prev = out[-1]
            out[-1] = TableCell(prev.text + t.group(), prev.start, base + t.end())
        else:
            out.append(TableCell(t.group(), base + t.start(), base + t.end()))
    return tuple(out)


#: A line of at least three cells separated by tabs.
_TABBED = re.compile(r"^[^\n]*\t[^\n]*\t[^\n]*$", re.M)


def _tab_cells(line: str, base: int) -> tuple[TableCell, ...]:
    cells, at = [], 0
    for piece in line.split("\t"):
        lead = len(piece) - len(piece.lstrip())
        cells.append(TableCell(piece.strip(), base + at + lead, base + at + lead + len(piece.strip())))
        at += len(piece) + 1
    return tuple(cells)


def _tab_table(label: str, caption: str, source: str, start: int, stop: int) -> Table | None:
    """The table of tab-separated lines in ``source[start:stop]``, when its header is one."""
    lines = list(_TABBED.finditer(source, start, stop))
    if not lines or source[start:lines[0].start()].count("\n") > _MAX_GAP_LINES:
        return None
    header, rows, end = lines[0], [], lines[0].end()
    for line in lines[1:]:
        between = source[end:line.start()]
        if between.count("\n") > _MAX_GAP_LINES or len(between.split()) > 12:
            break  # prose after the table
        text = line.group().strip()
        lead = line.start() + line.group().index(text[:1])
        rows.append(TableRow(_tab_cells(text, lead), text, lead, lead + len(text)))
        end = line.end()
    if not rows:
        return None
    columns = tuple(c.text for c in _tab_cells(header.group(), header.start()))
    return Table(label, caption + "\n" + header.group(), rows, rows[0].start, rows[-1].end, False, columns)


#: A line of a Markdown pipe table ("| LPSC | 9.857 | 2.8 |"), and the rule under its header
#: ("|---|:---:|").
_PIPE_LINE = re.compile(r"^[ \t]*\|[^\n]*\|[ \t]*$", re.M)
_PIPE_RULE = re.compile(r"^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")


def _pipe_cells(line: str, base: int) -> tuple[TableCell, ...]:
    """The cells between a pipe line's bars, each where it stands."""
    inner_start = line.index("|") + 1
    inner = line[inner_start:line.rindex("|")]
    cells, at = [], base + inner_start
    for piece in inner.split("|"):
        lead = len(piece) - len(piece.lstrip())
        cells.append(TableCell(piece.strip(), at + lead, at + lead + len(piece.strip())))
        at += len(piece) + 1
    return tuple(cells)


def _pipe_table(label: str, caption: str, source: str, start: int, stop: int) -> Table | None:
    """The Markdown table in ``source[start:stop]`` right after its caption: its first line
    names the columns, a rule of dashes follows, and every pipe line after that is a row, up
    to the first line that is not one."""
    lines = list(_PIPE_LINE.finditer(source, start, stop))
    if len(lines) < 3 or source[start:lines[0].start()].count("\n") > _MAX_GAP_LINES:
        return None
    header, rule = lines[0], lines[1]
    if source[header.end():rule.start()].strip() or not _PIPE_RULE.match(rule.group()):
        return None
    columns = tuple(c.text for c in _pipe_cells(header.group(), header.start()))
    rows, end = [], rule.end()
    for line in lines[2:]:
        if source[end:line.start()].strip():
            break  # prose, or another table
        cells = _pipe_cells(line.group(), line.start())
        text = line.group().strip()
        lead = line.start() + line.group().index(text[:1])
        rows.append(TableRow(cells, text, lead, lead + len(text)))
        end = line.end()
    if not rows:
        return None
    return Table(label, caption + "\n" + header.group(), rows, rows[0].start, rows[-1].end, False, columns)


def find_tables(source: str, paragraphs: list[Paragraph]) -> list[Table]:
    tables = []
    for k, p in enumerate(paragraphs):
        m = _TABLE_CAPTION.match(p.text)
        if p.kind != "caption" or not m:
            continue
        # Header fragments look like headings ("Cycling Rate"): only the next caption, or prose
        # after the rows (the gap rule below), ends a table.
        stop = next((q.start for q in paragraphs[k + 1:] if q.kind == "caption"), len(source))
        if (tabbed := _tab_table(f"Table {m.group(1)}", p.text, source, p.end, stop)) is not None:
            tables.append(tabbed)
            continue
        if (piped := _pipe_table(f"Table {m.group(1)}", p.text, source, p.end, stop)) is not None:
            tables.append(piped)
            continue
        rows: list[TableRow] = []
        header_end = None
        gap = 0
        pos = p.end
        for line in source[p.end:stop].splitlines(keepends=True):
            start, text = pos, line.rstrip("\n")
            pos += len(line)
            tokens = list(re.finditer(r"\S+", text))
            first = _is_row([t.group() for t in tokens]) if tokens else 0
            if first:
                lead, end = start + tokens[0].start(), start + tokens[-1].end()
                rows.append(TableRow(_cells(tokens, first, start), source[lead:end], lead, end))
                header_end = header_end or lead
                gap = 0
            elif rows and tokens:
                gap += 1
                if gap > _MAX_GAP_LINES or len(tokens) > 12:
                    break
        if rows:
            header = source[p.end:header_end] if header_end else ""
            tables.append(Table(f"Table {m.group(1)}", p.text + "\n" + header, rows, rows[0].start, rows[-1].end, False))
    return tables
