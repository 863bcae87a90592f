"""Measurement claims from table rows whose cells follow the field's conventions.

Review tables of electrode performance print compound cells whose header says what they
hold: "592.2/8/1000" under "[mAh g-1/A g-1/cycles]" is a capacity after that many cycles at
that current, "459.9/20" under a rate header a capacity at a current, "0.01-3" under a
voltage-window header a window, a bare number under "ICE [%]" an efficiency. The header
decides (through the ontology's metric labels and the unit words it prints); a column whose
meaning the header does not give is left alone.
"""

from __future__ import annotations

import re
from collections import Counter

from ..documents import Document, Table, TableRow
from ..vocabulary import Vocabulary
from .model import EXTRACTOR, Claim, Evidence, Material, Quantity
from .terms import TermMatcher

_NUM = r"\d+(?:[.,]\d+)?"
_TRIPLE = re.compile(rf"^({_NUM})/({_NUM})/(\d+)$")
_PAIR = re.compile(rf"^({_NUM})/({_NUM})$")
_RANGE = re.compile(rf"^({_NUM})[-–]({_NUM})$")
_SINGLE = re.compile(rf"^({_NUM})$")
_REF = re.compile(r"^[\[(](\d{1,3})(?:[\])]|$)")


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


def _cells(row: TableRow) -> list[str]:
    """Re-join cells the conversion split at a slash ("424", "/15" → "424/15")."""
    out: list[str] = []
    for c in row.cells[1:]:
        if c.startswith("/") and out:
            out[-1] += c
        else:
            out.append(c)
    return out


def _subject(label: str, abbreviations: dict[str, str]) -> Material | None:
    from .extract import _materials

    mentions = _materials(label, abbreviations)
    return mentions[-1].material if mentions else None


def extract_tables(doc: Document, vocab: Vocabulary, matcher: TermMatcher, abbreviations: dict[str, str]) -> list[Claim]:
    system = _document_system(doc, matcher)
    out: list[Claim] = []
    for table in doc.tables:
        if table.structured:
            continue  # JATS tables: cells are exact; their reading is a separate job
        out.extend(_table_claims(doc, table, vocab, matcher, abbreviations, system))
    return out


def _document_system(doc: Document, matcher: TermMatcher) -> str | None:
    counts = Counter(t.local for p in doc.paragraphs for t in matcher.find(p.text) if t.scheme == "system")
    return counts.most_common(1)[0][0] if counts else None


def _unit(vocab: Vocabulary, metric: str) -> str:
    return vocab.unit_by_iri(vocab.canonical_unit[metric]).pint_expression


def _table_claims(doc, table: Table, vocab, matcher, abbreviations, doc_system) -> list[Claim]:
    header = table.caption
    terms = matcher.find(header)
    system = next((t.local for t in terms if t.scheme == "system"), doc_system)
    role = next((t.local for t in terms if t.scheme == "role"), None)
    capacity = "mAh" in header.replace(" ", "")
    percent_metric = _metric_named(header, vocab, vocab.canonical_unit.get("InitialCoulombicEfficiency", "")) if "%" in header else None
    window_metric = _metric_named(header, vocab, vocab.canonical_unit.get("VoltageWindow", ""))
    rate = "rate" in header.lower()
    out: list[Claim] = []
    for row in table.rows:
        subject = _subject(row.cells[0], abbreviations)
        if subject is None:
            continue
        refs: tuple[str, ...] = ()
        ev = Evidence(doc.name, row.start, row.end, row.text, "table", table.label)
        made: list[tuple[str, Quantity, dict]] = []
        for cell in _cells(row):
            if m := _REF.match(cell):
                refs = (m.group(1),)
            elif (m := _TRIPLE.match(cell)) and capacity and vocab.has("metric", "CapacityAfterCycling"):
                made.append(("CapacityAfterCycling", Quantity(_num(m.group(1)), _unit(vocab, "CapacityAfterCycling"), surface=cell),
                             {"CurrentDensity": Quantity(_num(m.group(2)), "ampere / gram", surface=cell),
                              "CycleNumber": int(m.group(3))}))
            elif (m := _PAIR.match(cell)) and capacity:
                metric = "RateCapacity" if rate else "SpecificCapacity"
                made.append((metric, Quantity(_num(m.group(1)), _unit(vocab, metric), surface=cell),
                             {"CurrentDensity": Quantity(_num(m.group(2)), "ampere / gram", surface=cell)}))
            elif (m := _RANGE.match(cell)) and window_metric and _num(m.group(2)) <= 6:
                lo, hi = _num(m.group(1)), _num(m.group(2))
                if lo < hi:
                    made.append((window_metric, Quantity(lo, "volt", hi, surface=cell), {}))
            elif (m := _SINGLE.match(cell)) and percent_metric and 0 < _num(m.group(1)) <= 100:
                made.append((percent_metric, Quantity(_num(m.group(1)), "percent", surface=cell), {}))
        for i, (metric, q, conditions) in enumerate(made, start=1):
            out.append(Claim(
                id=f"t{row.start}-{i}", kind="performance", material=subject, evidence=ev, method="machine",
                confidence=0.7, metric=metric, quantity=q, conditions=conditions, system=system, role=role,
                cited_refs=refs, extractor=EXTRACTOR,
            ))
    return out
