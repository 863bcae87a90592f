"""A paragraph's division (introduction, methods, results, ...) read from the headings above
it: what tells the claim scorer a method's setting from a finding under any subsection name."""

from __future__ import annotations

import pytest

from heterokg.claims.model import Claim, Evidence, Material
from heterokg.claims.scorer import features
from heterokg.documents import load_bytes
from heterokg.documents.divisions import division_of, divisions, genre


@pytest.mark.parametrize("heading, division", [
    ("Introduction", "introduction"),
    ("1. Introduction", "introduction"),
    ("Introduction 1.", "introduction"),  # numbering printed after the title
    ("RESULTS AND DISCUSSION", "results"),
    ("MATERIALS AND METHODS", "methods"),
    ("Experimental Section", "methods"),
    ("2. Computational Details", "methods"),
    ("Discussion", "discussion"),
    ("Conclusions and outlook", "conclusion"),
    ("5. Summary and outlook", "conclusion"),  # a conclusion, not an abstract
    ("Summary", "front"),
    ("Acknowledgements", "back"),
    ("REFERENCES AND NOTES", "back"),
    ("Materials preparation", None),  # a subsection: its division is the one above it
    ("3.1 Electrocatalysis", None),
    ("Results of the impedance fit under pressure", "results"),
])
def test_a_heading_names_its_division_or_none(heading, division):
    assert division_of(heading) == division


def _doc(text: str):
    return load_bytes("paper.md", text.encode())


def test_subsections_belong_to_the_division_above_them():
    doc = _doc("# A paper\n\n## Experimental section\n\nPowders were mixed.\n\n"
               "### Electrochemical measurements\n\nCells were cycled at 0.1 C.\n\n"
               "## Results and discussion\n\nThe conductivity is 2 mS cm-1.\n\n"
               "### Interfacial stability\n\nThe resistance grows to 40 ohm.\n")
    by_text = {p.text.strip(): d for p, d in zip(doc.paragraphs, divisions(doc.paragraphs))}
    assert by_text["Cells were cycled at 0.1 C."] == "methods"
    assert by_text["The resistance grows to 40 ohm."] == "results"


def test_a_review_body_after_its_introduction_is_not_introduction():
    doc = _doc("# A review\n\n## 1. Introduction\n\nEarlier work showed much.\n\n"
               "## Heterostructure design\n\nThe field has grown.\n\n"
               "## 3. Applications in batteries\n\nMoS2 delivers 500 mAh g-1.\n")
    by_text = {p.text.strip(): d for p, d in zip(doc.paragraphs, divisions(doc.paragraphs))}
    assert by_text["Earlier work showed much."] == "introduction"
    assert by_text["The field has grown."] == "body"
    assert by_text["MoS2 delivers 500 mAh g-1."] == "body"


def test_the_scorer_reads_the_division_not_the_subsection_title():
    ev = Evidence("paper.md", 0, 10, "Cells were cycled at 0.1 C.", section="Electrochemical measurements",
                  division="methods")
    f = features(Claim(id="x", kind="synthesis", material=Material("LiCoO2"), evidence=ev,
                       method="machine", confidence=0.6, synthesis="BallMilling"))
    assert f["division=methods"] == 1.0
    assert not any(k.startswith("section=") for k in f)  # a topic word of one paper is not a feature


def test_the_scorer_learns_ordinary_words_not_one_papers_materials():
    ev = Evidence("paper.md", 0, 10, "The LPSCl pellets of Li6PS5Cl showed conductivities of 2 mS cm-1.")
    f = features(Claim(id="x", kind="synthesis", material=Material("Li6PS5Cl"), evidence=ev,
                       method="machine", confidence=0.6, synthesis="BallMilling"))
    words = {k for k in f if k.startswith("w=")}
    assert {"w=pellet", "w=conduct"} <= words
    assert not any(w in k for k in words for w in ("lpscl", "li6ps5cl", "ps5cl"))


def test_a_document_with_results_or_methods_is_a_paper_else_a_review():
    paper = _doc("# A paper\n\n## Introduction\n\nEarlier work.\n\n## Results\n\nWe found 2 mS cm-1.\n")
    review = _doc("# A review\n\n## 1. Introduction\n\nEarlier work.\n\n## 2. Sulfide electrolytes\n\n"
                  "Li6PS5Cl reaches 2 mS cm-1 [12].\n")
    assert genre(divisions(paper.paragraphs)) == "paper"
    assert genre(divisions(review.paragraphs)) == "review"


def test_the_scorer_reads_cited_work_by_the_kind_of_document():
    """A review reports cited work as its claims; a research paper's cited values are not its findings."""
    ev = Evidence("paper.md", 0, 10, "Li6PS5Cl reaches 2 mS cm-1 [12].", genre="paper")
    f = features(Claim(id="x", kind="synthesis", material=Material("Li6PS5Cl"), evidence=ev, method="machine",
                       confidence=0.6, synthesis="BallMilling", cited_refs=("12",)))
    assert f["synthesis&refs&genre=paper"] == 1.0 and "synthesis&refs&genre=review" not in f
