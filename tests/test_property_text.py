"""Values no metric of the ontology fits are kept with the words that name them (hkg:propertyText)."""

import pytest

from heterokg.claims.extract import candidates
from heterokg.claims.measurements import property_phrase
from heterokg.documents import load_bytes
from heterokg.vocabulary import load


@pytest.fixture(scope="module")
def vocab():
    return load()


@pytest.mark.parametrize("before, name", [
    ("The pellet heated for 1.5 h (relative density of ", "relative density"),
    ("The crystallite size of the Li3ScCl6 was determined to be ", "crystallite size"),
    ("The microstrain in Li3ErCl6 was found to be ", "microstrain"),
    ("The voltage gap of the solid cell is ", "voltage gap"),
    ("the optimized lattice constant of ", "optimized lattice constant"),
    ("a film with a thickness of about ", "thickness"),
])
def test_the_words_before_a_value_name_its_property(before, name):
    assert property_phrase(before + "93 %", len(before)) == name


@pytest.mark.parametrize("before", ["The pellet was heated for ", "peaks appear at ", "It also shows ", "Li3ErCl6 was "])
def test_no_name_where_none_is_printed(before):
    assert property_phrase(before + "1.5 h", len(before)) is None


def test_a_value_without_a_metric_is_a_candidate_with_its_property_text(vocab):
    text = "The Li3YCl6 pellet reaches a relative density of 93 % after pressing.\n"
    found = [c for c in candidates(load_bytes("x.txt", text.encode()), vocab) if c.quantity]
    assert [(c.material.name, c.metric, c.property_text, c.quantity.value) for c in found] == [
        ("Li3YCl6", None, "relative density", 93.0)]
