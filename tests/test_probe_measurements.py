"""Measurement claims on made-up sentences of the kind any results section holds, written
from probes of text the extractor was never developed on (a coated cathode in a solid-state
cell, a heterostructure interlayer in a Li-S cell). Each case is what a reader would record
by hand from the sentence alone."""

from __future__ import annotations

import pytest

from heterokg.claims.extract import candidates
from heterokg.documents import load_bytes
from heterokg.normalise.materials import find_material_mentions
from heterokg.vocabulary import load as load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def _measured(vocab, text: str) -> list[tuple]:
    doc = load_bytes("made-up.md", ("# A paper\n\n## Results\n\n" + text + "\n").encode("utf-8"))
    return [(c.metric, c.quantity.value, c.material.name) for c in candidates(doc, vocab)
            if c.kind in ("performance", "property")]


def test_a_sample_named_core_at_shell_with_its_own_acronyms_is_a_material():
    # "@" is the notation of a coated or encapsulated material: the name is the sample's even
    # where chemistry reads none of its parts
    found = {m.surface: m.info.components for m in find_material_mentions(
        "the LNO1@NCM cathode and the MSN@NCNF-modified separator and the LNO@NCM samples")}
    assert found == {"LNO1@NCM": ["LNO1", "NCM"], "MSN@NCNF": ["MSN", "NCNF"], "LNO@NCM": ["LNO", "NCM"]}


def test_an_acronym_before_a_comma_is_not_repaired_into_a_formula():
    # "NCNF," is not an OCR'd "NCNF4"
    assert [m.surface for m in find_material_mentions("for MSN@NCNF and MoS2@NCNF, respectively")] == [
        "MSN@NCNF", "MoS2@NCNF"]


def test_values_of_a_sample_named_by_acronyms(vocab):
    assert _measured(vocab, "The LNO1@NCM cathode retains 178 and 149 mAh g-1 at 0.2 and 1 C, respectively.") == [
        ("RateCapacity", 178.0, "LNO1@NCM"), ("RateCapacity", 149.0, "LNO1@NCM")]
