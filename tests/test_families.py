"""Families of materials named without a formula ("sulfide SEs", "close-packed halides",
"NASICON-type conductors") as the subjects of claims, on made-up sentences."""

from __future__ import annotations

import pytest

from heterokg.claims.extract import _readers, candidates
from heterokg.claims.families import find_families
from heterokg.documents import load_bytes
from heterokg.vocabulary import load as load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def matcher(vocab):
    return _readers(vocab)[0]


def _families(matcher, text):
    return [m.name for _, _, m in find_families(text, matcher)]


@pytest.mark.parametrize("text, names", [
    ("Iodide SEs are soft.", ["Iodide SEs"]),
    ("Face-sharing bromide conductors migrate Li fast.", ["Face-sharing bromide conductors"]),
    ("oxyfluoride cathodes and selenide glasses were compared", ["oxyfluoride cathodes", "selenide glasses"]),
    ("The chlorides are stable against oxidation.", ["chlorides"]),  # no class of the ontology
    ("Perovskite-type ceramics and spinels", ["Perovskite-type ceramics", "spinels"]),
    ("Na β-alumina", ["β-alumina"]),
])
def test_families_by_anion_or_structure_prototype(matcher, text, names):
    assert _families(matcher, text) == names


@pytest.mark.parametrize("text", [
    "the bromide electrolyte Li3YBr6 was annealed",  # an apposition: the formula is the material
    "garnet LLZO pellets",
    "metal oxides and sulfides",  # labels of the ontology's classes: read as those classes
    "an oxide layer forms",  # no head noun of a material kind, not plural
    "chlorination of the surface",
])
def test_not_a_family(matcher, text):
    assert _families(matcher, text) == []


def _subjects(vocab, text, kind):
    doc = load_bytes("made-up.txt", text.encode("utf-8"))
    return {(c.material.name, c.quantity.value if c.quantity else None)
            for c in candidates(doc, vocab) if c.kind in kind}


def test_a_value_of_a_family_is_the_family_not_its_examples(vocab):
    text = "Bromide solid electrolytes (e.g., Li3InBr6 and Li3YBr6) reach ionic conductivities above 2 mS cm-1."
    assert _subjects(vocab, text, ("property",)) == {("Bromide solid electrolytes", 2.0)}


def test_what_a_material_outperforms_is_not_its_subject(vocab):
    text = "Li7P2S8I outperforms existing iodide conductors, with an ionic conductivity of 5 mS cm-1."
    assert _subjects(vocab, text, ("property",)) == {("Li7P2S8I", 5.0)}


def test_the_host_of_a_substitution_is_not_the_subject(vocab):
    text = ("Substitution of zirconium in Li2ZrCl6 with indium introduces lithium vacancies, which gives "
            "Li2.5Zr0.5In0.5Cl6 an ionic conductivity of 1.1 mS cm-1.")
    assert _subjects(vocab, text, ("property",)) == {("Li2.5Zr0.5In0.5Cl6", 1.1)}
    assert {name for name, _ in _subjects(vocab, text, ("mechanism",))} == {"Li2.5Zr0.5In0.5Cl6"}


def test_a_bare_element_does_not_become_the_paragraphs_subject(vocab):
    # "Li" in the second sentence is the ion on its sites; the value after it is Li3YCl6's
    text = ("Li3YCl6 was annealed at 500 °C. Li occupies the octahedral sites of the chloride framework. "
            "The ionic conductivity reaches 1.2 mS cm-1 at 25 °C.")
    assert ("Li3YCl6", 1.2) in _subjects(vocab, text, ("property",))
    assert ("Li", 1.2) not in _subjects(vocab, text, ("property",))
