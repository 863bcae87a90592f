"""The document model: formats sniffed from content, offsets that point into the file."""

from __future__ import annotations

import html
import re

import pytest

from heterokg.documents import DocumentError, load, load_bytes
from heterokg.documents.citations import find_citations, resolve_damaged

TEXT = b"""A Review Of Interfaces In Sodium Batteries

1. Introduction

Heterostructures of MoS2 and SnS form a built-in electric field at the interface, which
accelerates Na+ diffusion (Fig. 2b).[3-5] The composite delivers 512 mAh g-1 after 300
cycles at 2 A g-1. Its ICE is 81.2%. [6]

The interlayer of VN is sodiophilic and
guides uniform nucleation.[*7] Both effects were confirmed by DFT.[8]

References
- 3 A. Author, J. Chem., 2020, 1, 1.
- 4 B. Author, J. Chem., 2020, 1, 2.
- 5 C. Author, J. Chem., 2020, 1, 3. DOI: 10.1000/xyz.5
- 6 D. Author, J. Chem., 2020, 1, 4.
- 7 E. Author, J. Chem., 2020, 1, 5.
- 8 F. Author, J. Chem., 2020, 1, 6.
"""

JATS = """<?xml version="1.0" encoding="utf-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="review-article">
  <front><article-meta>
    <article-id pub-id-type="doi">10.1000/test.1</article-id>
    <title-group><article-title>Interfaces &amp; batteries</article-title></title-group>
    <pub-date><year>2025</year></pub-date>
  </article-meta></front>
  <body><sec><title>Mechanisms</title>
    <p>The MoS<sub>2</sub>/SnS heterostructure builds a built-in electric field<sup>[<xref ref-type="bibr" rid="B1">1</xref>]</sup>. It buffers volume change &amp; strain.</p>
  </sec></body>
  <back><ref-list><ref id="B1"><label>1</label><element-citation><article-title>A study</article-title>
    <pub-id pub-id-type="doi">10.1000/ref.1</pub-id></element-citation></ref></ref-list></back>
</article>
"""


def test_plain_text_sentences_point_into_the_file():
    doc = load_bytes("review.txt", TEXT)
    source = TEXT.decode()
    assert doc.format == "text"
    sentences = list(doc.sentences())
    assert sentences, "no sentences"
    for s in sentences:
        assert source[s.start:s.end] == s.text
    first = next(s for s in sentences if "built-in electric field" in s.text)
    # the hard line wrap is inside the sentence, and the citation after the full stop belongs to it
    assert "\n" in first.text and first.text.endswith("[3-5]")
    assert [r.number for r in doc.references] == ["3", "4", "5", "6", "7", "8"]
    assert doc.references[2].doi == "10.1000/xyz.5"
    assert all("References" not in p.text for p in doc.paragraphs)


def test_jats_offsets_map_plain_text_back_to_raw_xml():
    doc = load_bytes("article.xml.txt", JATS.encode())
    assert doc.format == "jats"
    assert doc.metadata.doi == "10.1000/test.1"
    assert doc.metadata.title == "Interfaces & batteries"
    assert doc.metadata.year == 2025
    assert doc.references[0].doi == "10.1000/ref.1"
    s = next(s for s in doc.sentences() if "built-in" in s.text)
    assert s.text == "The MoS2/SnS heterostructure builds a built-in electric field[1]."
    raw = JATS[s.start:s.end]
    assert "<sub>2</sub>" in raw
    assert html.unescape(re.sub(r"<[^>]+>", "", raw)) == s.text == doc.plain(s.start, s.end)
    amp = next(s for s in doc.sentences() if "buffers" in s.text)
    assert amp.text == "It buffers volume change & strain."
    assert doc.locate("volume change & strain") == (JATS.index("volume change &amp;"), JATS.index(" strain.</p>") + 7)
    assert any(p.kind == "heading" and p.text == "Mechanisms" for p in doc.paragraphs)


def test_markdown_is_sniffed_from_content(tmp_path):
    md = "# Title of a review\n\n**Abstract** MoS$_2$ and Mo$_2$C form a **Schottky** junction.\n\n## 2. Results\n\nText with $\\rm ZrO_2$ here.\n"
    f = tmp_path / "x.txt"
    f.write_text(md)
    doc = load(f)
    assert doc.format == "markdown"
    assert any(s.text.startswith("**Abstract**") for s in doc.sentences())


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"<?xml version='1.0'?><article><body><p>cut", "malformed XML"),
        (b"<?xml version='1.0'?><html><body/></html>", "not a JATS <article>"),
        (b'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><article>&xxe;</article>',
         "entities"),
        (b'<?xml version="1.0"?><!DOCTYPE article [<!-- <article --><!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
         b'<article>&xxe;</article>', "entities"),
        (b'<?xml version="1.0"?><!DOCTYPE article [<?pi <article ?>'
         b'<!ENTITY % p SYSTEM "file:///etc/passwd">]><article/>', "entities"),
        (b"%PDF-1.4\n%%EOF", "PDF"),
    ],
)
def test_bad_input_is_named_and_explained(data, reason):
    with pytest.raises(DocumentError) as info:
        load_bytes("bad.txt", data)
    assert str(info.value).startswith("bad.txt: ")
    assert reason in str(info.value)


def test_directory_and_oversize(tmp_path, monkeypatch):
    with pytest.raises(DocumentError, match="is a directory"):
        load(tmp_path)
    import heterokg.documents as documents

    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    monkeypatch.setattr(documents, "MAX_BYTES", 1024)
    with pytest.raises(DocumentError, match="over the"):
        load(big)


def test_pdf_text_layer(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Heterostructures of CoSe2 and ZnSe create a built-in electric field that speeds up ion diffusion.")
    path = tmp_path / "paper.pdf"
    pdf.output(str(path))
    doc = load(path)
    assert doc.format == "pdf"
    s = next(doc.sentences())
    assert "CoSe2 and ZnSe" in s.text
    assert doc.source[s.start:s.end] == s.text


def test_jats_naming_an_external_dtd_is_read_without_it():
    """Published JATS names its DTD; it is never loaded (no network, no file), so it is fine."""
    doc = load_bytes("public.xml", b'<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) '
                     b'Journal Publishing DTD v1.0 20120330//EN" "http://jats.nlm.nih.gov/publishing/1.0/'
                     b'JATS-journalpublishing1.dtd">\n<article><body><p>MoS2 forms a heterostructure.</p></body></article>')
    assert doc.format == "jats"


def test_the_default_size_limit_fits_reviews_not_memory():
    """8 MB: 40 times the largest review of the corpora, a few GB for the extractor."""
    import heterokg.documents as documents

    if "HETEROKG_MAX_DOCUMENT_BYTES" not in __import__("os").environ:
        assert documents.MAX_BYTES == 8 * 2**20


def test_pdf_text_layer_is_held_to_the_limit(tmp_path):
    """A small PDF can unpack to a long text; the text counts against the limit too."""
    fpdf = pytest.importorskip("fpdf")
    from heterokg.documents import pdf as pdf_loader

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Heterostructures of CoSe2 and ZnSe create a built-in electric field. " * 20)
    data = bytes(pdf.output())
    assert pdf_loader.extract_text("long.pdf", data, max_chars=100_000)
    with pytest.raises(DocumentError, match="long.pdf: PDF text layer is over the"):
        pdf_loader.extract_text("long.pdf", data, max_chars=100)


def test_pdf_without_text_layer_is_refused(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError, match="no text layer"):
        load(path)


def test_citations_ranges_superscripts_and_damaged_markers():
    text = "slow kinetics.[7-10] and energy.¹⁻³ and ref. 35 and [12, 14]"
    assert [c.numbers for c in find_citations(text)] == [("7", "8", "9", "10"), ("1", "2", "3"), ("35",), ("12", "14")]
    seq = find_citations("first [43] then [*4] then [45]")
    assert [c.numbers for c in resolve_damaged(seq)] == [("43",), ("44",), ("45",)]
    # two readings fit: the marker is dropped rather than guessed
    seq = find_citations("first [40] then [4*] then [49]")
    assert [c.numbers for c in resolve_damaged(seq)][1] == ()


def test_a_short_line_cut_from_its_sentence_by_a_page_break_is_not_a_heading():
    text = ("2. Anodes\n\nMXene layers are conductive.\n\n"
            "The MXene provided diffusion channels for ions and released\n\n"
            "volume stress of the material. It also buffers.\n\nShort Heading Here\n\nThe next paragraph.\n")
    doc = load_bytes("page-break.txt", text.encode("utf-8"))
    got = [(p.kind, p.section, p.text.split()[0]) for p in doc.paragraphs]
    assert got == [("heading", "2. Anodes", "2."), ("text", "2. Anodes", "MXene"), ("text", "2. Anodes", "The"),
                   ("heading", "Short Heading Here", "Short"), ("text", "Short Heading Here", "The")]
    assert "released\n\nvolume stress" in doc.paragraphs[2].text


def test_figure_and_table_references_are_normalised():
    """001: "... migration of electrons from the semiconductors to the metals (Figure 2a)";
    field papers print "(Fig. 1D and fig. S3)"; 001's Table 1."""
    from heterokg.documents.figures import figure_refs

    assert figure_refs("to the metals (Figure 2a). At") == ("Figure 2a",)
    assert figure_refs("(Fig. 1D and fig. S3)") == ("Figure 1d", "Figure S3")
    assert figure_refs("listed in Table 1 and Scheme 2") == ("Table 1", "Scheme 2")
    assert figure_refs("the figure shows a trend") == ()


def test_a_latin_abbreviation_before_a_formula_ends_no_sentence():
    from heterokg.documents.sentences import split_spans

    text = "Iodide conductors (e.g., Li4PS4I and LiI) are soft. They deform."
    assert [text[a:b] for a, b in split_spans(text)] == [
        "Iodide conductors (e.g., Li4PS4I and LiI) are soft.", "They deform."]


def test_a_full_stop_glued_to_a_lowercase_word_ends_no_sentence():
    from heterokg.documents.sentences import split_spans

    text = "The cell gives 52 mA .hour g-1 at 1 A g-1 in tests. It fades."
    assert [text[a:b] for a, b in split_spans(text)] == [
        "The cell gives 52 mA .hour g-1 at 1 A g-1 in tests.", "It fades."]


def test_prose_that_begins_with_a_figure_label_is_no_caption():
    """"Fig. 2a compares ...", "Table 1 lists ...", "Fig. 3(a) shows ...": prose that begins with
    the label it discusses is text (its values are findings, and no table follows it); a caption
    goes on with its panels or its title."""
    from heterokg.documents.blocks import classify

    for prose in ("Fig. 2a compares the Arrhenius plots of the two halides.", "Table 1 lists the values.",
                  "Fig. 3(a) shows the voltage profile.", "Figure 4a and b show the plots."):
        assert classify(prose) == "text", prose
    for caption in ("Fig. 2. (a) XRD patterns of X.", "Figure 3 | Cycling of X.", "Fig. 2 XRD patterns of X and Y.",
                    "Table 1. Lattice parameters of the electrolytes."):
        assert classify(caption) == "caption", caption
