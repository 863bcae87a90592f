"""Glyph names and split units that PDF conversions leave (issue 16, part 1), on made-up text."""

from __future__ import annotations

import pytest

from heterokg.claims.extract import extract
from heterokg.documents import load_bytes
from heterokg.documents.clean import clean, document_words
from heterokg.vocabulary import load as load_vocabulary

WORDS = document_words("the field of this paper; a promising electrolyte; sulfide glasses")


@pytest.mark.parametrize("raw,cleaned", [
    ("a sul /uniFB01 de electrolyte", "a sulfide electrolyte"),          # mid-word: both spaces go
    ("the /uniFB01 eld strength", "the field strength"),                 # word start: the left stays
    ("an e /uniFB00 ective coating", "an effective coating"),
    ("O 2 /C0 and Cl /C0 anions", "O 2 − and Cl − anions"),               # cmsy 0: minus
    ("rotations of 15 /C14 to 25 /C14", "rotations of 15 ° to 25 °"),     # cmsy 14: degree
    ("barriers of /C24 0.3 eV", "barriers of ~ 0.3 eV"),                  # cmsy 24: tilde
    ("a 4.4 µ m thick film", "a 4.4 µm thick film"),
    ("Na(1) /uni27F7 Na(2) hops", "Na(1) ⟷ Na(2) hops"),
    ("139.1\u00a0mAh in the /uniFB01 rst cycle", "139.1 mAh in the first cycle"),
])
def test_repairs(raw, cleaned):
    text, offsets = clean(raw, WORDS)
    assert text == cleaned
    assert len(offsets) == len(text) and offsets == sorted(offsets)
    # a character kept from the source points at itself (repaired ones point into a glyph name)
    src = raw.replace("\u00a0", " ")
    assert all(src[o] == c for c, o in zip(text, offsets) if src[o] not in "/0123456789ABCDEF")


@pytest.mark.parametrize("raw", ["space group R /C22 3c", "plain text with a / slash", "C0 and /Cx"])
def test_unknown_or_ambiguous_codes_are_left_alone(raw):
    assert clean(raw, WORDS) == (raw, None)


def test_offsets_cover_the_glyph_name_in_the_source():
    raw = "a sul /uniFB01 de electrolyte"
    text, offsets = clean(raw, WORDS)
    i, j = text.index("sulfide"), text.index("sulfide") + len("sulfide")
    assert raw[offsets[i]:offsets[j - 1] + 1] == "sul /uniFB01 de"


def test_the_extractor_reads_through_ligatures():
    """A metric label with a ligature in it ("specific capacity") is found once repaired,
    and the evidence still quotes the source as it is."""
    vocab = load_vocabulary()
    text = ("The CoSe2/ZnSe heterostructure delivers a speci /uniFB01 c capacity of 512 mAh g-1 "
            "at 0.1 A g-1 after 100 cycles.")
    doc = load_bytes("made-up.md", text.encode("utf-8"))
    claims = [c for c in extract(doc, vocab) if c.quantity and c.quantity.value == 512]
    assert claims and claims[0].metric is not None
    assert "/uniFB01" in doc.plain(claims[0].evidence.start, claims[0].evidence.end)


def test_no_break_spaces_alone_move_no_offset():
    assert clean("a 2\u00a0mA\u2009cm-2 current", WORDS) == ("a 2 mA cm-2 current", None)


def test_html_character_references_and_docling_glyph_names():
    """Markdown written from HTML keeps "&gt;" and an escaped "GLYPH&lt;0&gt;" (docling's name
    for the cmsy minus): a reader sees ">" and "−", and each maps back to where it was."""
    from heterokg.documents.clean import clean

    source = "of &gt;10 mS cm GLYPH&lt;0&gt; 1 and A &amp; B, not &bogus;"
    text, offsets = clean(source)
    assert text == "of >10 mS cm − 1 and A & B, not &bogus;"
    assert source[offsets[text.index(">")]] == "&" and source[offsets[text.index("−")]:].startswith("GLYPH")


@pytest.mark.parametrize("raw,cleaned", [
    # a Symbol font's plus-minus printed as "G", its omega as "U"
    ("a conductivity of 2.31 ( G 0.08) mS cm-1", "a conductivity of 2.31 ( ± 0.08) mS cm-1"),
    ("an error of 0.52 G 0.03 eV", "an error of 0.52 ± 0.03 eV"),
    ("a resistance ( R ~ 120 U ) at 25 °C", "a resistance ( R ~ 120 Ω ) at 25 °C"),
    ("an ASR of 35 U cm2.", "an ASR of 35 Ω cm2."),
    # a subscript set apart from the symbol it counts, and the formula's next counted symbol
    ("coated with CaCO ₃ particles", "coated with CaCO₃ particles"),
    ("a g-C ₃ N ₄ layer", "a g-C₃N₄ layer"),
    ("the (NH4) ₂ salt", "the (NH4)₂ salt"),
    ("Li ₃ N, with no count after N", "Li₃ N, with no count after N"),
])
def test_characters_repaired_keep_their_source_offsets(raw, cleaned):
    text, offsets = clean(raw, WORDS)
    assert text == cleaned and len(offsets) == len(text) and offsets == sorted(offsets)


@pytest.mark.parametrize("raw", ["group G 5 of the table", "in 235 U nuclei", "the 5 Units", "a 10 G magnet field"])
def test_capitals_that_are_words_or_symbols_stay(raw):
    assert clean(raw, WORDS)[0] == raw


@pytest.mark.parametrize("raw", ["after 5 ₂ no symbol", "Zn ²⁺ ions"])
def test_a_subscript_after_no_symbol_and_a_superscript_stay_apart(raw):
    assert clean(raw, WORDS)[0] == raw
