"""Cited references described from a structured reference list (issue #18).

The expected values were read by hand in review 002's JATS reference list
(``../shared/corpus/002_498d6b69aacb8373.txt``, ``<ref id="B1">``, ``"B2"``, ``"B70"``, ``"B88"``),
not taken from the reader's output.
"""

from __future__ import annotations

import csv
import io

import pytest

from heterokg import paths
from heterokg.documents import load, load_bytes
from heterokg.documents.jats import full_last_page
from heterokg.store import load_store, run_query

CORPUS = paths.project_root().parent / "shared" / "corpus"
REVIEW = CORPUS / "002_498d6b69aacb8373.txt"
REF = "https://w3id.org/heterokg/document/002_498d6b69aacb8373/ref/"
needs_corpus = pytest.mark.skipif(not REVIEW.is_file(), reason=f"{REVIEW} not present")


@pytest.fixture(scope="module")
def refs():
    return {r.number: r for r in load(REVIEW).references}


@needs_corpus
def test_reference_with_pubmed_ids(refs):
    """B1: Khan, Thatipamula, Tresca, Xu, Trewartha, Onori, "High-power lithium-ion battery
    characterization dataset for stochastic battery modeling", Sci. Data 2025, 12, 1506;
    PMID 40877310, PMCID PMC12394511; no last page, no "et al."."""
    r = refs["1"]
    assert r.title == "High-power lithium-ion battery characterization dataset for stochastic battery modeling"
    assert r.authors == ("M. A. Khan", "S. Thatipamula", "L. Tresca", "L. Xu", "A. Trewartha", "S. Onori")
    assert not r.authors_abridged
    assert (r.journal, r.year, r.volume, r.first_page, r.last_page) == ("Sci. Data", 2025, "12", "1506", None)
    assert (r.pmid, r.pmcid, r.doi) == ("40877310", "PMC12394511", "10.1038/s41597-025-05725-y")


@needs_corpus
def test_reference_with_shortened_page_range_and_et_al(refs):
    """B2: Park G., Park N., Ryu J. <etal/>, "Zero-strain Mn-rich layered cathode ...", Nat. Energy
    2025, 10, fpage 1215, lpage 25 (pages 1215-1225); no PubMed ids."""
    r = refs["2"]
    assert r.title == ("Zero-strain Mn-rich layered cathode for sustainable and high-energy "
                       "next-generation batteries")
    assert r.authors == ("G. Park", "N. Park", "J. Ryu") and r.authors_abridged
    assert (r.journal, r.year, r.volume, r.first_page, r.last_page) == ("Nat. Energy", 2025, "10", "1215", "1225")
    assert r.pmid is None and r.pmcid is None


@needs_corpus
def test_reference_title_keeps_the_text_of_its_markup(refs):
    """B70: "Electronic spin alignment within homologous NiS<sub>2</sub>/NiSe<sub>2</sub>
    heterostructures ...", Huang C., Yu J., Zhang C. Y. et al., Adv. Mater. 2024, 36, 2400810.
    B88: "The 2e<sup>-</sup> <italic>vs.</italic> 4e<sup>-</sup> pathways ...", Energy Environ.
    Sci. 2026, 19, 1899-915 (pages 1899-1915)."""
    r = refs["70"]
    assert r.title == ("Electronic spin alignment within homologous NiS2/NiSe2 heterostructures to promote "
                       "sulfur redox kinetics in lithium-sulfur batteries")
    assert r.authors == ("C. Huang", "J. Yu", "C. Y. Zhang") and r.authors_abridged
    assert (r.journal, r.year, r.volume, r.first_page, r.last_page) == ("Adv. Mater.", 2024, "36", "2400810", None)
    r = refs["88"]
    assert r.title == "The 2e- vs. 4e- pathways for ORR in rechargeable zinc-air batteries"
    assert (r.journal, r.year, r.volume, r.first_page, r.last_page) == ("Energy Environ. Sci.", 2026, "19", "1899", "1915")


@pytest.mark.parametrize("first,last,full", [
    ("1215", "25", "1225"), ("3140", "51", "3151"), ("7241", "8", "7248"), ("1899", "915", "1915"),
    ("35", "43", "43"), ("100", "120", "120"), (None, "12", "12"), ("1506", None, None),
    ("e12", "4", "4"),  # not a page number: left as printed
    ("195", "02", "02"),  # 102 is before 195: no completion is right, the shapes warn
])
def test_full_last_page(first, last, full):
    assert full_last_page(first, last) == full


def test_reference_list_without_structure_and_with_editors():
    """A <ref> with only a <mixed-citation> string, and one whose editors are listed before a
    collaboration author: editors are not authors, a collaboration is one."""
    doc = load_bytes("refs.xml", b"""<article><body><p>Text.</p></body><back><ref-list>
      <ref id="B1"><label>1</label><mixed-citation>A. Author, J. Chem., 2020, 1, 1.</mixed-citation></ref>
      <ref id="B2"><label>2</label><element-citation publication-type="book">
        <person-group person-group-type="editor"><name><surname>Editor</surname><given-names>E.</given-names></name></person-group>
        <person-group person-group-type="author"><collab>The Battery Consortium</collab></person-group>
        <chapter-title>Interfaces</chapter-title><source>Handbook</source><year>2019a</year>
      </element-citation></ref>
      <ref id="B3"><label>3</label><note>Personal communication.</note></ref>
    </ref-list></back></article>""")
    one, two, three = doc.references
    assert one.text == "A. Author, J. Chem., 2020, 1, 1." and one.title is None and one.authors == ()
    assert two.authors == ("The Battery Consortium",) and not two.authors_abridged
    assert (two.title, two.journal, two.year) == ("Interfaces", "Handbook", 2019)
    assert three.text == "Personal communication." and three.year is None


# --- in the shipped graph ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def store():
    return load_store(paths.graph_file())


def _select(store, sparql: str) -> list[dict[str, str]]:
    prologue = ("PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX bibo: <http://purl.org/ontology/bibo/> "
                "PREFIX fabio: <http://purl.org/spar/fabio/> PREFIX hkg: <https://w3id.org/heterokg/ontology#> "
                "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ")
    return list(csv.DictReader(io.StringIO(run_query(store, prologue + sparql, "csv"))))


def test_graph_describes_cited_references(store):
    """The same four references as above, as the graph writes them (B1, B2, B70)."""
    rows = _select(store, f"""SELECT ?title ?journal ?year ?volume ?first ?last ?pmid ?pmcid WHERE {{
        VALUES ?r {{ <{REF}1> }} ?r dcterms:title ?title ; dcterms:isPartOf ?journal ; dcterms:issued ?year ;
        bibo:volume ?volume ; bibo:pageStart ?first ; bibo:pmid ?pmid ; fabio:hasPubMedCentralId ?pmcid
        OPTIONAL {{ ?r bibo:pageEnd ?last }} }}""")
    assert rows == [{"title": "High-power lithium-ion battery characterization dataset for stochastic battery modeling",
                     "journal": "Sci. Data", "year": "2025", "volume": "12", "first": "1506", "last": "",
                     "pmid": "40877310", "pmcid": "PMC12394511"}]
    rows = _select(store, f"SELECT ?first ?last ?abridged WHERE {{ <{REF}2> bibo:pageStart ?first ; "
                          f"bibo:pageEnd ?last ; hkg:authorListAbridged ?abridged }}")
    assert rows == [{"first": "1215", "last": "1225", "abridged": "true"}]
    rows = _select(store, f"SELECT ?title ?journal WHERE {{ <{REF}70> dcterms:title ?title ; dcterms:isPartOf ?journal }}")
    assert rows[0]["journal"] == "Adv. Mater." and "NiS2/NiSe2 heterostructures" in rows[0]["title"]


def test_graph_keeps_the_order_of_authors(store):
    """B2 lists Park G., Park N., Ryu J.; the review's own front matter lists Zheng Yang first."""
    rows = _select(store, f"SELECT ?p ?name WHERE {{ <{REF}2> bibo:authorList ?l . ?l ?p ?name "
                          f"FILTER(STRSTARTS(STR(?p), STR(rdf:_))) }}")
    order = sorted(rows, key=lambda r: int(r["p"].rsplit("_", 1)[1]))
    assert [r["name"] for r in order] == ["G. Park", "N. Park", "J. Ryu"]
    doc = "https://w3id.org/heterokg/document/002_498d6b69aacb8373"
    rows = _select(store, f"SELECT ?name WHERE {{ <{doc}> bibo:authorList/rdf:_1 ?name }}")
    assert rows == [{"name": "Zheng Yang"}]


def test_superscripts_flattened_into_plain_numbers_are_citations():
    """PDF conversion prints superscript markers as plain numbers ("sulfides 4,6 show"); with
    the document's reference numbers they are told from values, figures and counts."""
    from heterokg.documents.citations import find_citations

    refs = {str(n) for n in range(1, 40)}
    found = lambda text: [c.numbers for c in find_citations(text, refs)]  # noqa: E731
    assert found("halide electrolytes 4,6 show high conductivity") == [("4", "6")]
    assert found("as reported for garnets (~0.4 eV) 12 and for oxides 13-15 .") == [("12",), ("13", "14", "15")]
    assert found("the pellets were heated for 10 min and pressed at 3 MPa") == []
    assert found("shown in Fig. 2 and Equation 3 and its 20 rotations") == []
    assert found("the pellets were 10 and ~1 mm thick") == []
    assert found("an energy of approximately 12 meV/atom") == []
    # without the document's references, a plain number is never taken for one
    assert [c.numbers for c in find_citations("halide electrolytes 4,6 show")] == []


def test_a_flattened_marker_opening_a_sentence_belongs_to_the_one_before():
    """"... (10-30 mS/cm). 10-12 Prior to 2023, ...": the splitter cut the marker from its sentence."""
    from heterokg.claims.extract import _citations

    text = ("# Results\n\nHalide electrolytes conduct well at room temperature near 1 mS/cm. 4-6 Prior to 2023, "
            "no chloride reached 10 mS/cm.\n\n# References\n\n" + "".join(f"{n}. A. Author, J. Chem. {n} (2020).\n" for n in range(1, 8)))
    doc = load_bytes("lead.md", text.encode())
    if not doc.references:
        pytest.skip("references not parsed from this layout")
    cited = {s.text[:20]: _citations(doc).get(s.start, ()) for s in doc.sentences() if "Halide" in s.text or "Prior" in s.text}
    assert [v for k, v in cited.items() if k.startswith("Halide")] == [("4", "5", "6")]
    assert all(v == () for k, v in cited.items() if not k.startswith("Halide"))
