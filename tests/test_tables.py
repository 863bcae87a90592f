"""Table cells → measurement claims: structured (JATS) and flattened text tables, one reader.

The fixture ``table-review.xml`` is a made-up JATS review with one ``<table-wrap>``: a two-row
header with merged cells and units, multi-value cells ("512/2/1000"), an empty cell, a cell
spanning two columns, one spanning two rows, and references as ``<xref>`` in a Ref. column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from heterokg.claims.extract import candidates, extract
from heterokg.documents import load, load_bytes
from heterokg.vocabulary import convert, load as load_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def doc():
    return load(FIXTURES / "table-review.xml")


@pytest.fixture(scope="module")
def table_claims(doc, vocab):
    return [c for c in extract(doc, vocab) if c.evidence.source_part == "table"]


def _unit(vocab, metric: str) -> str:
    return vocab.unit_by_iri(vocab.canonical_unit[metric]).pint_expression


def _by(claims, material: str, metric: str):
    (claim,) = [c for c in claims if c.material.name == material and c.metric == metric]
    return claim


def test_jats_table_cells_columns_and_merged_cells(doc):
    assert doc.format == "jats"
    (table,) = doc.tables
    assert table.structured and table.label == "Table 1"
    assert table.caption == "Sodium storage performance of sulfide heterostructure anodes"
    # a header cell merged over two columns names both; one merged over two rows is named once
    assert table.columns == (
        "Material",
        "Sodium storage Capacity (mAh g−1) / current (A g−1) / cycles",
        "Sodium storage Rate capability (mAh g−1) / current (mA g−1)",
        "ICE (%)", "Voltage window (V)", "Ref.",
    )
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows == [
        ["Fe-MoS2/C", "512/2/1000", "420/500", "85.1", "0.01–3", "2"],
        ["CoSe2/ZnSe@C", "398.5 / 5 / 2000", "", "78", "0.5–3", "[3]"],
        ["Bi2S3–CuS", "—", "", "93.8", "0.01–2.5", "4, 5"],  # "—" spans two columns
        ["Bi2S3", "301.2/0.5/100", "210.4/2000", "70.5", "0.01–2.5", "4"],  # window spans two rows
    ]
    for row in table.rows:
        for cell in row.cells:
            assert doc.plain(cell.start, cell.end) == cell.text
    third, fourth = table.rows[2], table.rows[3]
    assert fourth.cells[4] is third.cells[4]  # the row-spanning cell, where it stands in the source
    assert fourth.start > third.cells[4].end  # a row's own span starts at its own first cell
    empty = table.rows[1].cells[2]
    assert empty.start == empty.end and doc.source[empty.start:].startswith("<td")
    assert [r.cells[5].refs for r in table.rows] == [("2",), ("3",), ("4", "5"), ()]


def test_structured_cells_become_claims(table_claims, vocab):
    got = {(c.material.name, c.metric, c.quantity.value, c.quantity.value_max) for c in table_claims}
    assert got == {
        ("Fe-MoS2/C", "CapacityAfterCycling", 512.0, None),
        ("Fe-MoS2/C", "RateCapacity", 420.0, None),
        ("Fe-MoS2/C", "InitialCoulombicEfficiency", 85.1, None),
        ("Fe-MoS2/C", "VoltageWindow", 0.01, 3.0),
        ("CoSe2/ZnSe@C", "CapacityAfterCycling", 398.5, None),
        ("CoSe2/ZnSe@C", "InitialCoulombicEfficiency", 78.0, None),
        ("CoSe2/ZnSe@C", "VoltageWindow", 0.5, 3.0),
        ("Bi2S3–CuS", "InitialCoulombicEfficiency", 93.8, None),
        ("Bi2S3–CuS", "VoltageWindow", 0.01, 2.5),
        ("Bi2S3", "CapacityAfterCycling", 301.2, None),
        ("Bi2S3", "RateCapacity", 210.4, None),
        ("Bi2S3", "InitialCoulombicEfficiency", 70.5, None),
        ("Bi2S3", "VoltageWindow", 0.01, 2.5),
    }
    for c in table_claims:
        assert c.kind == "performance" and c.method == "machine"
        assert c.quantity.unit == _unit(vocab, c.metric)  # canonical units
        assert c.system == "SodiumIonBattery" and c.role == "Anode"  # from the caption and headers
        assert c.evidence.section == "Table 1"
    assert len({c.id for c in table_claims}) == len(table_claims)


def test_multi_value_cells_give_conditions_in_canonical_units(table_claims):
    cycled = _by(table_claims, "Fe-MoS2/C", "CapacityAfterCycling")
    assert cycled.conditions["CycleNumber"] == 1000
    current = cycled.conditions["CurrentDensity"]
    assert (current.value, current.unit) == (2.0, "ampere / gram")
    # the rate column prints its current in mA g-1: 500 mA g-1 is 0.5 A g-1
    rate = _by(table_claims, "Fe-MoS2/C", "RateCapacity").conditions["CurrentDensity"]
    assert (rate.value, rate.unit) == (0.5, "ampere / gram")
    spaced = _by(table_claims, "CoSe2/ZnSe@C", "CapacityAfterCycling")  # "398.5 / 5 / 2000"
    assert spaced.conditions["CurrentDensity"].value == 5.0 and spaced.conditions["CycleNumber"] == 2000
    assert _by(table_claims, "Fe-MoS2/C", "InitialCoulombicEfficiency").conditions == {}


def test_material_and_cited_refs(table_claims):
    hetero = _by(table_claims, "Fe-MoS2/C", "CapacityAfterCycling").material
    assert set(hetero.components) == {"Fe-MoS2", "C"}
    assert _by(table_claims, "Bi2S3", "InitialCoulombicEfficiency").material.formula == "Bi2S3"
    refs = {c.material.name: c.cited_refs for c in table_claims}
    # an <xref> alone, an <xref> in brackets, two <xref>s, a bare number in the Ref. column
    assert refs == {"Fe-MoS2/C": ("2",), "CoSe2/ZnSe@C": ("3",), "Bi2S3–CuS": ("4", "5"), "Bi2S3": ("4",)}


def test_evidence_is_the_cell_with_exact_offsets(doc, table_claims):
    for c in table_claims:
        ev = c.evidence
        assert doc.plain(ev.start, ev.end) == ev.quote == c.quantity.surface
    window = _by(table_claims, "Fe-MoS2/C", "VoltageWindow").evidence
    assert doc.source[window.start:window.end] == "0.01&#x2013;3" and window.quote == "0.01–3"
    # the row-spanning window cell is quoted where it stands, in the row above
    shared = _by(table_claims, "Bi2S3", "VoltageWindow").evidence
    assert shared == _by(table_claims, "Bi2S3–CuS", "VoltageWindow").evidence


FLATTENED = """A Review Of Sulfide Anodes

Table 1. Sodium storage performance of sulfide heterostructure anodes.

Voltage ICE Cycling stability
Materials Window [%] [mAh g-1/A g-1/cycles] Ref.
Fe-MoS2/C 0.01-3 85.1 512/2/1000 [2]
Bi2S3 0.01-2.5 70.5 301.2/0.5 /100 [4]

2. Discussion

The anodes above were compared in sodium-ion half cells.
"""

STRUCTURED = """<?xml version="1.0" encoding="utf-8"?>
<article><front><article-meta><title-group><article-title>A Review Of Sulfide Anodes</article-title></title-group></article-meta></front>
<body><sec><title>Discussion</title><p>The anodes above were compared in sodium-ion half cells.</p>
<table-wrap><label>Table 1</label><caption><title>Sodium storage performance of sulfide heterostructure anodes.</title></caption>
<table><tr><th>Materials</th><th>Voltage window</th><th>ICE [%]</th><th>Cycling stability [mAh g-1/A g-1/cycles]</th><th>Ref.</th></tr>
<tr><td>Fe-MoS<sub>2</sub>/C</td><td>0.01-3</td><td>85.1</td><td>512/2/1000</td><td>[2]</td></tr>
<tr><td>Bi<sub>2</sub>S<sub>3</sub></td><td>0.01-2.5</td><td>70.5</td><td>301.2/0.5/100</td><td>4</td></tr>
</table></table-wrap></sec></body></article>
"""


def _facts(claims):
    return {(c.material.name, c.metric, c.quantity.value, c.quantity.value_max, c.quantity.unit,
             tuple(sorted((k, getattr(v, "value", v), getattr(v, "unit", "")) for k, v in c.conditions.items())),
             c.cited_refs) for c in claims if c.evidence.source_part == "table"}


def test_flattened_and_structured_rows_are_read_alike(vocab):
    text = load_bytes("flat.txt", FLATTENED.encode())
    xml = load_bytes("structured.xml", STRUCTURED.encode())
    assert not text.tables[0].structured and text.tables[0].columns == ()
    assert xml.tables[0].structured and xml.tables[0].columns[0] == "Materials"  # leading <th> row, no <thead>
    flat_claims = [c for c in extract(text, vocab) if c.evidence.source_part == "table"]
    facts = _facts(flat_claims)
    assert len(facts) == 6
    assert facts == _facts(extract(xml, vocab))
    # a text row is quoted whole, as the line a reader sees; the split "301.2/0.5 /100" is re-joined
    bi = next(c for c in flat_claims if c.material.name == "Bi2S3" and c.metric == "CapacityAfterCycling")
    assert bi.evidence.quote == "Bi2S3 0.01-2.5 70.5 301.2/0.5 /100 [4]" == text.plain(bi.evidence.start, bi.evidence.end)
    assert bi.conditions["CycleNumber"] == 100


def test_hostile_spans_do_not_blow_up_the_grid():
    xml = STRUCTURED.replace("<td>85.1</td>", '<td colspan="1000000" rowspan="99999999">85.1</td>')
    table = load_bytes("spans.xml", xml.encode()).tables[0]
    assert max(len(r.cells) for r in table.rows) <= 70


def test_damaged_material_cell_keeps_the_components_chemistry_repairs():
    """An OCR'd material column too damaged to validate as a whole still names the row's
    material: repaired components kept, nothing made up when no component is a formula."""
    from heterokg.claims.tables import _damaged_material

    m = _damaged_material("Sulfides Zn;S/CoSz@C")  # made up: "Zn;S" cannot be repaired to a formula
    assert m is not None and m.arrangement == "CoreShell"
    assert "CoS2" in m.components and "C" in m.components
    assert _damaged_material("Selenides/oxides") is None
    assert _damaged_material("— 0.01-3") is None


def test_a_percentage_that_lost_its_point_to_ocr(vocab):
    # "784" under "ICE [%]" can only be 78.4 %; a two-digit "85" stays 85 %.
    text = FLATTENED.replace("85.1", "784").replace("70.5", "70")
    claims = [c for c in extract(load_bytes("flat.txt", text.encode()), vocab) if c.metric == "InitialCoulombicEfficiency"]
    assert {(c.material.name, c.quantity.value, c.quantity.surface) for c in claims} == {
        ("Fe-MoS2/C", 78.4, "784"), ("Bi2S3", 70.0, "70")}


def test_a_bare_number_closing_a_flattened_row_is_its_reference(vocab):
    # "— ... 51": the ICE is missing and the reference lost its brackets; 51 is no ICE of 51 %.
    text = FLATTENED.replace("Bi2S3 0.01-2.5 70.5 301.2/0.5 /100 [4]", "Bi2S3 0.01-2.5 — 301.2/0.5 /100 51")
    claims = [c for c in extract(load_bytes("flat.txt", text.encode()), vocab) if c.material.name == "Bi2S3"]
    assert {c.metric for c in claims} == {"VoltageWindow", "CapacityAfterCycling"}
    assert {c.cited_refs for c in claims} == {("51",)}


def test_a_capacity_that_lost_its_point_to_ocr(vocab):
    # "5120/2/1000" beside "430.2/10" in one row: ten times the row's other capacity, no point: 512.0
    row = "Fe-MoS2/C 0.01-3 85.1 512/2/1000 [2]"
    text = FLATTENED.replace(row, "Fe-MoS2/C 0.01-3 85.1 5120/2/1000 430.2/10 [2]").replace(
        "[mAh g-1/A g-1/cycles] Ref.", "[mAh g-1/A g-1/cycles] rate capacity [mAh g-1/A g-1] Ref.")
    claims = [c for c in extract(load_bytes("flat.txt", text.encode()), vocab) if c.material.name == "Fe-MoS2/C"]
    values = {c.metric: c.quantity.value for c in claims if c.quantity}
    assert values["CapacityAfterCycling"] == 512.0 and values["RateCapacity"] == 430.2
    # a lone capacity has nothing to compare with: left as printed
    lone = [c for c in extract(load_bytes("flat.txt", FLATTENED.replace("512/2/1000", "5120/2/1000").encode()), vocab)
            if c.metric == "CapacityAfterCycling" and c.material.name == "Fe-MoS2/C"]
    assert [c.quantity.value for c in lone] == [5120.0]


LATTICE_MD = """# Results

The cells were refined.

Table 2 | Lattice parameters of two chloride samples from XRD

| Space group | Li 3 In Cl 6 C2 = m | Li 3 Y Cl 6 P -- 3m1 |
|---|---|---|
| a | 6.4132 (3) | 11.2088 (5) |
| c | 6.3811 (4) | 6.0311 (2) |
| Volume | 447.2 | 656.1 |

More text follows here.
"""


def test_a_lattice_parameter_table_gives_each_column_its_cell_edges(vocab):
    """One material per column (its space group cut from the header), one cell edge per row,
    in ångström; the volume row names no edge."""
    from heterokg.claims.extract import candidates

    doc = load_bytes("lattice.md", LATTICE_MD.encode())
    got = sorted((c.material.name, c.property_text, c.quantity.value, c.quantity.unit)
                 for c in candidates(doc, vocab) if c.evidence.source_part == "table")
    assert got == [("Li3InCl6", "lattice parameter a", 6.4132, "angstrom"), ("Li3InCl6", "lattice parameter c", 6.3811, "angstrom"),
                   ("Li3YCl6", "lattice parameter a", 11.2088, "angstrom"), ("Li3YCl6", "lattice parameter c", 6.0311, "angstrom")]


#: A made-up review page whose table a conversion printed with tabs between its columns; the
#: third row's first cell wrapped onto a line of its own, which shifts that line's cells.
TABBED = (
    "Artificial layers on zinc anodes are compared below.\n\n"
    " Table 3\n Coatings for aqueous zinc-ion batteries\n\n"
    "Coating\tType\tMain function\tCurrent density (mA cm ⁻²), capacity (mA h cm ⁻²)\tLife span (h)\tRef.\n"
    "Al ₂ O ₃\tcoating layer\tSuppressing Zn dendrite growth\t1, 1 5, 2\t>900 300\t7\n"
    "QXR-9\tcoating layer\tSuppressing Zn corrosion\t0.5, 0.5\t1200\t8\n"
    "polymer film\tguiding uniform nucleation\t2, 2\t640\n"
    "MoS2\tcoating layer\tReducing side reactions\t1, 1\t(h)\t9\n\n"
    "The layers above all thin the electric double layer, as discussed in the next section of "
    "this review, which turns to electrolytes and their additives in turn.\n"
)


def test_a_tabbed_text_table_is_read_by_its_header(vocab):
    doc = load_bytes("tabbed.txt", TABBED.encode())
    (table,) = doc.tables
    assert table.columns[-2:] == ("Life span (h)", "Ref.") and len(table.rows) == 4
    assert [c.text for c in table.rows[0].cells][:2] == ["Al ₂ O ₃", "coating layer"]
    claims = [c for c in extract(doc, vocab) if c.evidence.source_part == "table"]
    facts = {(c.material.name, c.metric, c.quantity.value, c.quantity.qualifier,
              tuple(sorted((k, v.value) for k, v in c.conditions.items())), c.cited_refs, c.system)
             for c in claims}
    # two lifespans and two groups of conditions in one row: paired in order; ">900" a bound;
    # a name chemistry cannot read is kept as printed; the wrapped line (cells shifted) and a
    # cell without a number give nothing
    assert facts == {
        ("Al2O3", "SymmetricCellLifespan", 900.0, "gt", (("ArealCapacity", 1.0), ("CurrentDensity", 1.0)), ("7",),
         "AqueousZincIonBattery"),
        ("Al2O3", "SymmetricCellLifespan", 300.0, None, (("ArealCapacity", 2.0), ("CurrentDensity", 5.0)), ("7",),
         "AqueousZincIonBattery"),
        ("QXR-9", "SymmetricCellLifespan", 1200.0, None, (("ArealCapacity", 0.5), ("CurrentDensity", 0.5)), ("8",),
         "AqueousZincIonBattery"),
    }
    row = next(c for c in claims if c.material.name == "QXR-9")
    assert doc.plain(row.evidence.start, row.evidence.end) == "QXR-9\tcoating layer\tSuppressing Zn corrosion\t0.5, 0.5\t1200\t8"


def test_a_tabbed_row_is_a_sentence_about_its_first_cell(vocab):
    """Each row is a sentence of its own (the table is not one long sentence), and what its
    cells say is said of the material in its first cell, not of the metal its words name; a
    wrapped line (first cell in lower case) goes on about the row above; a row naming no
    battery is used in the one its table's caption names."""
    doc = load_bytes("tabbed.txt", TABBED.encode())
    rows = [s.text for p in doc.paragraphs for s in p.sentences if "\t" in s.text]
    assert len(rows) == 5 and rows[1].startswith("Al₂O₃\tcoating layer")
    effects = {(c.material.name, c.effect) for c in extract(doc, vocab)
               if c.kind == "effect" and c.evidence.source_part != "table"}
    assert ("Al2O3", "DendriteSuppression") in effects and ("QXR-9", "CorrosionSuppression") in effects
    assert ("QXR-9", "UniformNucleation") in effects  # "polymer film ...": the wrapped line of the row above
    assert not any(name == "Zn" for name, _ in effects)
    # the caption names the battery the rows' coatings are used in
    uses = {(c.material.name, c.system, c.role) for c in candidates(doc, vocab) if c.kind == "application"}
    assert uses == {(name, "AqueousZincIonBattery", "ProtectiveCoating") for name in ("Al2O3", "QXR-9", "MoS2")}


PIPED = (
    "# A paper\n\n## Results\n\n"
    "Li5.5PS4.5Cl1.5 (LPSC1.5) and Li6PS5Cl (LPSC) were made by ball milling.\n\n"
    "Table 1. Lattice parameters, conductivities and activation energies of the electrolytes.\n\n"
    "| Sample | a (Å) | σRT (S cm−1) | Ea (eV) | CCD (mA cm−2) | Ref. |\n"
    "|---|:---:|---|---|---|---|\n"
    "| LPSC | 9.857 | 2.8 × 10−3 | 0.36 | 0.7 | [12] |\n"
    "| LPSC1.5 | 9.826 | 6.4 × 10−3 | 0.31 | – | this work |\n\n"
    "The conductivities rise with the chlorine content.\n"
)


def test_a_markdown_table_after_its_caption_is_read_by_its_header(vocab):
    """A Markdown table is read as a tabbed one: its header names each column, by a metric's
    symbol or acronym alone ("σRT", "Ea", "CCD": σ is the ionic conductivity a table of
    electrolytes gives), a cell edge by its letter ("a (Å)"); a value in powers of ten is one
    value; a bracketed number under "Ref." is what the row cites."""
    doc = load_bytes("piped.md", PIPED.encode())
    (table,) = doc.tables
    assert table.columns == ("Sample", "a (Å)", "σRT (S cm−1)", "Ea (eV)", "CCD (mA cm−2)", "Ref.")
    claims = [c for c in candidates(doc, vocab) if c.evidence.source_part == "table"]
    facts = {(c.material.name, c.metric or c.property_text, round(c.quantity.value, 6), c.cited_refs)
             for c in claims}
    assert facts == {
        ("Li6PS5Cl", "lattice parameter a", 9.857, ("12",)),
        ("Li6PS5Cl", "IonicConductivity", 0.0028, ("12",)),
        ("Li6PS5Cl", "ActivationEnergy", 0.36, ("12",)),
        ("Li6PS5Cl", "CriticalCurrentDensity", 0.7, ("12",)),
        ("Li5.5PS4.5Cl1.5", "lattice parameter a", 9.826, ()),
        ("Li5.5PS4.5Cl1.5", "IonicConductivity", 0.0064, ()),
        ("Li5.5PS4.5Cl1.5", "ActivationEnergy", 0.31, ()),
    }


#: A made-up review's Markdown table whose thickness column prints its unit in each cell.
UNITS_IN_CELLS = (
    "# A review\n\n## 2. Coatings\n\nCoatings on zinc anodes are compared below.\n\n"
    "Table 1. Coatings on Zn anodes.\n\n"
    "| Coating | Thickness | Lifespan (h) | Ref. |\n"
    "|---|---|---|---|\n"
    "| Al2O3 | 100 nm | 2100 | [32] |\n"
    "| ZnS | 2 μm | 1100 | [37] |\n"
    "| TiO2 | 5 mA | 800 | [38] |\n"
)


def test_a_column_whose_cells_print_their_units_is_read_by_the_metric_its_header_names(vocab):
    """"Thickness" names a metric but gives no unit: each cell's own unit is read, when it is
    one of the metric's dimension ("5 mA" under "Thickness" is no thickness)."""
    doc = load_bytes("units.md", UNITS_IN_CELLS.encode())
    (table,) = doc.tables
    claims = [c for c in extract(doc, vocab) if c.evidence.source_part == "table" and c.metric == "LayerThickness"]
    got = sorted((c.material.name, round(convert(c.quantity.value, c.quantity.unit, "nm"), 3)) for c in claims)
    assert got == [("Al2O3", 100.0), ("ZnS", 2000.0)]
