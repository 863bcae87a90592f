"""Measurement claims from table rows whose cells follow the field's conventions.

Review tables of electrode performance print compound cells whose header says what they
hold: "592.2/8/1000" under "[mAh g-1/A g-1/cycles]" is a capacity after that many cycles at
that current, "459.9/20" under a rate header a capacity at a current, "0.01-3" under a
voltage-window header a window, a bare number under "ICE [%]" an efficiency, "12" under
"Ref." a cited reference. The header decides (through the ontology's metric labels and the
unit words it prints); a column whose meaning the header does not give is left alone.

One reader serves every table. A structured table (JATS) names each column in its header
rows, so each cell is read by its own column's header; a table rebuilt from text lines has
only its caption and scrambled header lines, which then stand as the header of every cell.
The row's subject is the material named in the leftmost cell before its first value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..documents import Document, Table, TableCell
from ..documents.clean import clean
from ..documents.citations import find_citations
from ..vocabulary import Vocabulary, convert, parse_unit
from .model import EXTRACTOR, Claim, Evidence, Material, Quantity
from .measurements import _DEFAULT_METRIC
from .terms import TermMatcher

_NUM = r"\d+(?:[.,]\d+)?"
_TRIPLE = re.compile(rf"^({_NUM})/({_NUM})/(\d+)$")
_PAIR = re.compile(rf"^({_NUM})/({_NUM})$")
_RANGE = re.compile(rf"^({_NUM})[-–]({_NUM})$")
_SINGLE = re.compile(rf"^({_NUM})%?$")
#: Three digits with no point, where a percentage must be at most 100: a lost decimal point.
_LOST_POINT = re.compile(r"^[1-9]\d\d$")
_REF = re.compile(r"^[\[(](\d{1,3})(?:[\])]|$)")
#: The last cell of a row flattened into text, a bare integer, where the row has cited nothing
#: yet: the reference column (conventionally last) whose brackets OCR lost.
_BARE_REF = re.compile(r"^\d{1,3}$")
#: A header that says its column holds reference numbers ("Ref.", "Refs", "References").
_REF_HEADER = re.compile(r"^\W*ref(?:s|erences?)?\W*$", re.I)
#: A current per mass printed in milliamperes ("mA g-1", "mA g⁻¹", "mA/g"), not a capacity ("mAh g-1").
_MILLI_CURRENT = re.compile(r"(?<![A-Za-z])mA(?!\s*h)\s*(?:/\s*g|g\s*(?:[-−–⁻]\s*[1¹]|\^\{?-))")
#: Spaces a typeset cell keeps around its separators ("512 / 2 / 1000", "0.01 – 3").
_SEPARATOR_SPACE = re.compile(r"\s*([/–-])\s*")


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _words(text: str) -> set[str]:
    return {w.rstrip("s").lower() for w in re.findall(r"[A-Za-z]+", text)}


def _metric_named(header: str, vocab: Vocabulary, unit_iri: str) -> str | None:
    """The one metric with this canonical unit whose label's words all stand in the header."""
    words = _words(header)
    tokens = set(re.findall(r"[A-Za-z]+", header))
    hits = []
    for local, unit in vocab.canonical_unit.items():
        if unit != unit_iri or not vocab.has("metric", local):
            continue
        for label in vocab.concept("metric", local).labels:
            lw = _words(label)
            if (label.isupper() and label in tokens) or (not label.isupper() and lw and lw <= words):
                hits.append(local)
                break
    return hits[0] if len(hits) == 1 else None


@dataclass(frozen=True)
class _Header:
    """What a header says the cells under it hold."""

    capacity: bool  # capacities in mAh g-1: "a/b/c" capacity/current/cycles, "a/b" capacity/current
    rate: bool  # a capacity/current pair is a rate capability
    current_scale: float  # factor from the printed current to the canonical current unit
    percent_metric: str | None
    window_metric: str | None
    references: bool  # the column holds reference numbers


def _header(text: str, vocab: Vocabulary) -> _Header:
    current = "ampere / gram"
    printed = "milliampere / gram" if _MILLI_CURRENT.search(text) else current
    return _Header(
        capacity="mAh" in text.replace(" ", ""),
        rate="rate" in text.lower(),
        current_scale=convert(1.0, parse_unit(printed), current),
        percent_metric=(_metric_named(text, vocab, vocab.canonical_unit.get("InitialCoulombicEfficiency", ""))
                        if "%" in text else None),
        window_metric=_metric_named(text, vocab, vocab.canonical_unit.get("VoltageWindow", "")),
        references=bool(_REF_HEADER.match(text)),
    )


def _unit(vocab: Vocabulary, metric: str) -> str:
    return vocab.unit_by_iri(vocab.canonical_unit[metric]).pint_expression


def _same_dimension(unit: str, other: str) -> bool:
    try:
        return parse_unit(unit).dimensionality == parse_unit(other).dimensionality
    except Exception:  # noqa: BLE001 - pint: a unit it cannot read matches nothing
        return False


def _references(cell: TableCell, header: _Header) -> tuple[tuple[str, ...], bool]:
    """Reference numbers a cell gives, and whether giving them is all the cell does."""
    if header.references:
        body = cell.text.strip(" []()")
        printed = tuple(n for c in (find_citations(f"[{body}]") if body else ()) for n in c.numbers if n.isdigit())
        return tuple(dict.fromkeys(cell.refs + printed)), True
    if m := _REF.match(cell.text):
        return tuple(dict.fromkeys(cell.refs + (m.group(1),))), True
    return cell.refs, False


def _values(text: str, header: _Header, vocab: Vocabulary) -> list[tuple[str, Quantity, dict]]:
    """(metric, quantity, conditions) a cell gives under this header; [] when it gives none."""
    cell = _SEPARATOR_SPACE.sub(r"\1", text.strip())
    current = "ampere / gram"
    if (m := _TRIPLE.match(cell)) and header.capacity and vocab.has("metric", "CapacityAfterCycling"):
        return [("CapacityAfterCycling", Quantity(_num(m.group(1)), _unit(vocab, "CapacityAfterCycling"), surface=text),
                 {"CurrentDensity": Quantity(_num(m.group(2)) * header.current_scale, current, surface=text),
                  "CycleNumber": int(m.group(3))})]
    if (m := _PAIR.match(cell)) and header.capacity:
        metric = "RateCapacity" if header.rate else "SpecificCapacity"
        return [(metric, Quantity(_num(m.group(1)), _unit(vocab, metric), surface=text),
                 {"CurrentDensity": Quantity(_num(m.group(2)) * header.current_scale, current, surface=text)})]
    if (m := _RANGE.match(cell)) and header.window_metric and _num(m.group(2)) <= 6:
        lo, hi = _num(m.group(1)), _num(m.group(2))
        return [(header.window_metric, Quantity(lo, "volt", hi, surface=text), {})] if lo < hi else []
    if (m := _SINGLE.match(cell)) and header.percent_metric:
        value = _num(m.group(1))
        if _LOST_POINT.match(m.group(1)) and value > 100:
            value /= 10  # OCR dropped the point of "78.4": three digits cannot be a share above 100 %
        if 0 < value <= 100:
            return [(header.percent_metric, Quantity(value, "percent", surface=text), {})]
    return []


def row_material(label: str, abbreviations: dict[str, str]) -> Material | None:
    """The material a row's first cell names, as a reader of a table with columns takes it: a
    name chemistry cannot read, written as names are ("HsGDY", "ZIF-8": a capital after the
    first letter, or a digit), as printed; none in a cell of words ("coating layer", a cell
    the conversion wrapped onto a line of its own; "Coating", a header) or of numbers."""
    label = clean(label)[0].strip()
    material = _subject(label, abbreviations)
    if material is None and re.search(r"^[A-Za-z].*(?:[A-Z]|\d)", label):
        return Material(name=label)
    return material


def _subject(label: str, abbreviations: dict[str, str]) -> Material | None:
    from .extract import _materials

    mentions = _materials(label, abbreviations)
    if mentions:
        return mentions[-1].material
    return _damaged_material(label)


def _damaged_material(label: str) -> Material | None:
    """The material column of an OCR'd table is a material even where OCR damaged it past
    validation ("FesSes/ZnSe@C"): keep it as printed, with the components chemistry could
    repair, when at least one component is a valid formula."""
    from ..normalise.materials import parse_material

    tokens = [t for t in label.split() if any(c.isupper() for c in t)]
    if not tokens:
        return None
    info = parse_material(tokens[-1].strip("[](),;"))
    valid = [p.formula.reduced_formula if p.formula else None for p in info.parts]
    if not info.name or not any(valid) or len(valid) != len(info.components):
        return None
    repaired = [v or c for v, c in zip(valid, info.components)]
    if len(repaired) < 2:
        return Material(name=info.name, formula=valid[0])
    return Material(name=info.name, components=tuple(repaired), arrangement=info.arrangement)


#: How far apart the capacities of one row may be before a point is taken as lost: a row's
#: capacities (after cycling, at a high rate) are of one order of magnitude, and a lost point
#: makes one ten times the rest.
_CAPACITY_SPREAD = 8
_MEASURED_CAPACITIES = frozenset({"CapacityAfterCycling", "RateCapacity", "SpecificCapacity"})


def _restore_lost_points(made: list[tuple[TableCell, str, Quantity, dict]]) -> list[tuple[TableCell, str, Quantity, dict]]:
    """A capacity printed without a point that is many times every other capacity of its row
    ("4749/5/600" beside "456.6/10") lost its point to OCR, like "784" under "ICE [%]": it is
    474.9. A row with one capacity gives nothing to compare with and is left as printed."""
    capacities = [q.value for _, metric, q, _ in made if metric in _MEASURED_CAPACITIES]
    out = []
    for cell, metric, q, conditions in made:
        head = q.surface.strip().split("/")[0]
        if (metric in _MEASURED_CAPACITIES and "." not in head and q.value >= 1000 and len(capacities) > 1
                and all(q.value > _CAPACITY_SPREAD * v for v in capacities if v != q.value)):
            q = replace(q, value=q.value / 10)
        out.append((cell, metric, q, conditions))
    return out


def extract_tables(doc: Document, vocab: Vocabulary, matcher: TermMatcher, abbreviations: dict[str, str],
                   system: str | None = None) -> list[Claim]:
    """Claims from every table; ``system`` is the review's own (the one it names most), for
    tables whose caption and header name none."""
    out: list[Claim] = []
    for table in doc.tables:
        if table.columns and not table.structured:
            out.extend(_column_claims(doc, table, vocab, matcher, abbreviations, system))
            out.extend(_lattice_claims(doc, table, abbreviations))
            continue
        out.extend(_table_claims(doc, table, vocab, matcher, abbreviations, system))
        out.extend(_lattice_claims(doc, table, abbreviations))
    return out


#: A table of a crystal's cell: "Lattice parameters of ...", "unit-cell parameters".
_LATTICE_TABLE = re.compile(r"\b(?:lattice|unit[- ]cell|cell)\s+(?:parameter|constant)s?\b", re.I)
#: A cell edge with its standard uncertainty, as crystallographers print it: "8.9918 (6)".
_EDGE_VALUE = re.compile(r"^(\d+\.\d+)\s*(?:\(\d{1,3}\))?$")
#: A space group printed after the formula in a column header ("R -- 3c", "C2 = c", "Pnma").
_SPACE_GROUP = re.compile(r"\s+[PABCFIR](?:[-–—=/\d\s]|[abcmnd]+(?![A-Za-z]))+$")


def _pipe_cells(text: str) -> list[str]:
    return [c.strip() for c in text.strip().strip("|").split("|")]


def _lattice_claims(doc: Document, table: Table, abbreviations: dict[str, str]) -> list[Claim]:
    """A table of lattice parameters prints one material per column and one cell edge per
    row ("| a | 8.9918 (6) | 15.7344 (4) |"): each value is its column's material's lattice
    parameter, in ångström (the unit cell edges are given in) unless the table prints nm."""
    if not _LATTICE_TABLE.search(" ".join([table.caption, *table.columns])) or not table.rows:
        return []
    header = list(table.columns) or _pipe_cells(table.rows[0].text)
    spaced = bool(header) and "space group" in header[0].lower()
    materials = [_subject(_SPACE_GROUP.sub("", h) if spaced else h, abbreviations) for h in header]
    unit = "nanometer" if re.search(r"\bnm\b", " ".join([table.caption, *header])) else "angstrom"
    out: list[Claim] = []
    for row in table.rows:
        cells = _pipe_cells(row.text)
        if len(cells) != len(header) or cells[0] not in ("a", "b", "c"):
            continue
        ev = Evidence(doc.name, row.start, row.end, row.text, "table", table.label)
        for k, cell in enumerate(cells[1:], start=1):
            if (m := _EDGE_VALUE.match(cell)) and materials[k] is not None:
                out.append(Claim(
                    id=f"t{row.start}-a{k}", kind="property", material=materials[k], evidence=ev, method="machine",
                    confidence=0.8, property_text=f"lattice parameter {cells[0]}",
                    quantity=Quantity(float(m.group(1)), unit, surface=cell), extractor=EXTRACTOR))
    return out


def table_system(table: Table, matcher: TermMatcher, doc_system: str | None) -> str | None:
    """The battery a table's caption or header names, else the document's own: what its rows
    are used in."""
    return _system_named(_header_terms(table, matcher), doc_system)


def _header_terms(table: Table, matcher: TermMatcher) -> list:
    return matcher.find("\n".join([table.caption, *table.columns]))


def _system_named(terms: list, doc_system: str | None) -> str | None:
    return next((t.local for t in terms if t.scheme == "system"), doc_system)


def _table_claims(doc, table: Table, vocab, matcher, abbreviations, doc_system) -> list[Claim]:
    terms = _header_terms(table, matcher)
    system = _system_named(terms, doc_system)
    role = next((t.local for t in terms if t.scheme == "role"), None)
    whole = _header(table.caption, vocab)
    columns = [_header(c, vocab) for c in table.columns]
    listed = {r.number for r in doc.references}
    out: list[Claim] = []
    for row in table.rows:
        subject: Material | None = None
        refs: tuple[str, ...] = ()
        made: list[tuple[TableCell, str, Quantity, dict]] = []
        for k, cell in enumerate(row.cells):
            header = columns[k] if k < len(columns) else whole
            cited, only = _references(cell, header)
            if not only and not table.structured and k == len(row.cells) - 1 and not refs and _BARE_REF.match(cell.text):
                # "... 191.9/20 51": the last column's number, brackets lost; cited if the review lists it
                number = cell.text.strip()
                cited, only = ((number,) if not listed or number in listed else ()), True
            refs = tuple(dict.fromkeys(refs + cited))
            if only or not cell.text:
                continue
            values = _values(cell.text, header, vocab)
            made.extend((cell, *v) for v in values)
            if subject is None and not made:
                subject = _subject(cell.text, abbreviations)
        if subject is None:
            continue
        made = _restore_lost_points(made)
        row_evidence = Evidence(doc.name, row.start, row.end, row.text, "table", table.label)
        for i, (cell, metric, q, conditions) in enumerate(made, start=1):
            # a structured cell is quoted exactly; a text row is quoted whole, as the line a reader sees
            ev = (Evidence(doc.name, cell.start, cell.end, cell.text, "table", table.label)
                  if table.structured else row_evidence)
            # a table's header names the metric and the row the material: the surest claims made
            out.append(Claim(
                id=f"t{row.start}-{i}", kind="performance", material=subject, evidence=ev, method="machine",
                confidence=0.9, metric=metric, quantity=q, conditions=conditions, system=system, role=role,
                cited_refs=refs, extractor=EXTRACTOR,
            ))
    return out


#: What a column header says in brackets: the unit of its values ("Life span (h)"); several
#: for a column of grouped values ("Current density (mA cm-2), capacity (mA h cm-2)").
_HEADER_UNIT = re.compile(r"([^(),]*)\(([^()]+)\)")
#: A number printed in powers of ten ("6.6 × 10−10", "3.2 x 10^-4").
_POWER_OF_TEN = re.compile(r"\d\s*[×x·]\s*10\s*(?:\^|<sup>)?\s*[-−–⁻]")
#: A number in a cell, with the sign of a bound before it (">3800").
_CELL_NUMBER = re.compile(r"([<>≤≥~≈]?)\s*([-−]?\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class _Column:
    """A tab table's column whose header gives units: the metric its values are (None for a
    column of test conditions), and the unit of each value of a group."""

    metric: str | None
    units: tuple[str, ...]
    #: the words that name the values of a column no metric fits ("lattice parameter a")
    property_text: str | None = None


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _column(header: str, vocab: Vocabulary) -> _Column | None:
    """What a header with units in brackets says its column holds: values of the one metric
    whose label its words spell ("Life span (h)": a lifespan, however the words are spaced)
    and whose unit has the bracket's dimension, or test conditions, when every unit is that of
    a condition ("Current density (mA cm-2), capacity (mA h cm-2)")."""
    from ..normalise.quantities import find_quantities
    from .measurements import condition_key

    parts = _HEADER_UNIT.findall(header)
    if not parts:
        # a header with no unit ("Thickness") whose words spell one metric's label: its cells
        # print their own units ("100 nm", "20 μm"), read per cell (see :func:`_groups`)
        words = _letters(header)
        spelt = {local for local in vocab.canonical_unit if vocab.has("metric", local)
                 and any(len(_letters(label)) > 3 and _letters(label) == words
                         for label in vocab.concept("metric", local).labels)}
        return _Column(spelt.pop(), ()) if len(spelt) == 1 else None
    kinds = [next(iter(find_quantities(f"1 {unit}")), None) for _, unit in parts]
    if any(k is None for k in kinds):
        return None
    if len(parts) == 1:
        words, dims = _letters(parts[0][0]), parse_unit(kinds[0].unit).dimensionality
        same = {local for local, iri in vocab.canonical_unit.items() if vocab.has("metric", local)
                and (u := vocab.unit_by_iri(iri)) is not None
                and parse_unit(u.pint_expression).dimensionality == dims}
        # a label spelt by the header's words ("Life span (h)"); a symbol or an acronym ("ICE (%)",
        # "Ea (eV)") is read below
        spelt = {local: max((len(_letters(label)) for label in vocab.concept("metric", local).labels
                             if len(_letters(label)) > 3 and _letters(label) in words), default=0) for local in same}
        hits = {local for local, n in spelt.items() if n}
        if len(hits) > 1 and sum(n == max(spelt.values()) for n in spelt.values()) == 1:
            # "Nucleation overpotential (mV)" spells an overpotential too: the longest label read
            # is the narrower metric the header names
            hits = {max(spelt, key=spelt.get)}
        if not hits and _DEFAULT_METRIC in same and "capacit" in words:
            hits = {_DEFAULT_METRIC}  # "Capacity at 0.2 C (mAh g-1)": a capacity, as prose prints one
        if len(hits) == 1:
            return _Column(hits.pop(), (parts[0][1],))
        if (named := _column_symbol(parts[0][0], dims, vocab)) is not None:
            return _Column(named, (parts[0][1],))
        if _CELL_EDGE_HEADER.match(parts[0][0]) and dims == parse_unit("angstrom").dimensionality:
            # "a (Å)": a cell edge, the lattice parameter no metric of the ontology names
            return _Column(None, (parts[0][1],), f"lattice parameter {parts[0][0].strip()}")
    if all(condition_key(k.kind) for k in kinds):
        return _Column(None, tuple(unit for _, unit in parts))
    return None


#: A column header naming a cell edge by its letter alone ("a (Å)", "c (nm)").
_CELL_EDGE_HEADER = re.compile(r"^\s*[abc]\s*$")
#: What may follow a symbol in a header as its subscript ("σRT", "σ25°C", "E a,bulk", "σ Li+").
_SUBSCRIPT = re.compile(r"(?:$|[A-Z0-9°,+_{(\-]|\s)")


def _column_symbol(name: str, dims, vocab: Vocabulary) -> str | None:
    """The metric a header names by its symbol or acronym alone ("Ea (eV)", "CCD (mA cm-2)",
    "σRT (S cm-1)"), among the metrics one of whose units its unit's dimension fits; a symbol
    two metrics share ("σ", ionic or electronic) is the plain conductivity a battery paper's
    table gives, the ionic one."""
    from .measurements import _PLAIN_CONDUCTIVITY

    printed = re.sub(r"(?<=^[^\W\d_]) (?=[a-z]\b)", "", name.strip())  # "E a" printed apart
    hits = []
    for local, iris in vocab.allowed_units.items():
        if not vocab.has("metric", local) or not any(
                (u := vocab.unit_by_iri(iri)) is not None and parse_unit(u.pint_expression).dimensionality == dims
                for iri in iris):
            continue
        concept = vocab.concept("metric", local)
        names = (*concept.symbols, *(label for label in concept.labels if len(label) <= 5 and not label.islower()))
        if any(printed.startswith(n) and _SUBSCRIPT.match(printed, len(n)) for n in names):
            hits.append(local)
    if len(hits) > 1 and _PLAIN_CONDUCTIVITY in hits:
        hits = [_PLAIN_CONDUCTIVITY]
    return hits[0] if len(hits) == 1 else None


def _groups(cell: TableCell, units: tuple[str, ...]) -> list[list]:
    """The quantities of a cell, in groups of one per unit ("2, 2 10, 5" under two units: two
    groups), or [] when the numbers do not fill whole groups."""
    from ..normalise.quantities import find_quantities

    if not units:  # a column whose cells print their units: one quantity per cell
        found = list(find_quantities(cell.text))
        return [[found[0]]] if len(found) == 1 else []
    if len(units) == 1 and _POWER_OF_TEN.search(cell.text):
        # "6.6 × 10−10": one value in powers of ten, read as prose prints it
        found = list(find_quantities(f"{cell.text.strip()} {units[0]}"))
        return [[found[0]]] if len(found) == 1 else []
    numbers = _CELL_NUMBER.findall(cell.text)
    if not numbers or len(numbers) % len(units):
        return []
    out = []
    for i in range(0, len(numbers), len(units)):
        group = []
        for (bound, number), unit in zip(numbers[i:i + len(units)], units):
            q = next(iter(find_quantities(f"{bound}{number} {unit}")), None)
            if q is None:
                return []
            group.append(q)
        out.append(group)
    return out


def _column_claims(doc, table: Table, vocab, matcher, abbreviations, doc_system) -> list[Claim]:
    """Values of a table whose header names its columns: each row's values under a column
    that names a metric, with the conditions of the row's condition column (paired in order
    when the row gives as many groups of conditions as values), about the row's first cell.
    A row whose cells do not line up with the header is left to the sentence reader."""
    from .measurements import _qualifier, condition_key

    system = table_system(table, matcher, doc_system)
    columns = [_column(c, vocab) for c in table.columns]
    refs_at = next((k for k, c in enumerate(table.columns) if _REF_HEADER.match(c)), None)
    at = next((k for k, col in enumerate(columns) if col is not None and col.metric is None and col.property_text is None), None)
    out: list[Claim] = []
    for row in table.rows:
        if len(row.cells) != len(columns):
            continue
        subject = row_material(row.cells[0].text, abbreviations)
        if subject is None:
            continue
        cited = row.cells[refs_at].text.strip() if refs_at is not None else ""
        refs = (m.group(1),) if (m := _REF.match(cited)) else (cited,) if _BARE_REF.match(cited) else ()
        conditions = _groups(row.cells[at], columns[at].units) if at is not None else []
        ev = Evidence(doc.name, row.start, row.end, row.text, "table", table.label)
        for cell, col in zip(row.cells, columns):
            if col is None or (col.metric is None and col.property_text is None):
                continue
            values = [g[0] for g in _groups(cell, col.units)]
            if not col.units:  # units printed in the cell: only those of the metric's dimension
                values = [q for q in values if _same_dimension(q.unit, _unit(vocab, col.metric))]
            for i, q in enumerate(values):
                group = conditions[i] if len(conditions) == len(values) else (
                    conditions[0] if len(conditions) == 1 else [])
                out.append(Claim(
                    id=f"t{row.start}-c{len(out) + 1}",
                    kind="performance" if col.metric and col.metric not in vocab.property_metrics else "property",
                    material=subject, evidence=ev, property_text=col.property_text,
                    method="machine", confidence=0.9, metric=col.metric,
                    quantity=Quantity(q.value, q.unit, None, _qualifier(q.qualifier), cell.text),
                    conditions={condition_key(c.kind): Quantity(c.value, c.unit, surface=row.cells[at].text)
                                for c in group},
                    system=system, cited_refs=refs, extractor=EXTRACTOR))
    return out
