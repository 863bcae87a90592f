"""The mechanism classifier: what it reads of a sentence, how it weighs and proposes mechanism
claims, how it is trained, and that a missing or broken model file stops a run naming the file.

Sentences are made up for these tests; the classifiers are small hand-written models whose
every weight the assertions follow.
"""

import json

import pytest

from heterokg import training
from heterokg.claims import mechanisms, scorer
from heterokg.claims.extract import _readers, candidates
from heterokg.claims.model import Claim, Evidence, Material
from heterokg.documents import load_bytes
from heterokg.vocabulary import load as load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def _model(**over) -> dict:
    """A classifier that holds a sentence saying "twist" to assert a mechanism, and reads that
    mechanism as polyhedral rotation rather than lattice strain."""
    data = {"format": mechanisms.FORMAT, "scale": [1.0, 0.0], "propose": 0.3,
            "asserts": {"intercept": -3.0, "weights": {"w=twist": 6.0, "label=LatticeStrain": 4.0}},
            "concepts": {"PolyhedralRotation": {"intercept": 0.0, "weights": {"w=twist": 3.0}},
                         "LatticeStrain": {"intercept": 0.0, "weights": {"label=LatticeStrain": 3.0}}}}
    data.update(over)
    return data


def _candidates(text: str, vocab, model: dict | None = None):
    doc = load_bytes("made-up.txt", text.encode("utf-8"))
    return [c for c in candidates(doc, vocab, mechanisms.from_json(model or _model())) if c.kind == "mechanism"]


def test_features_are_ordinary_words_and_the_ontology_never_a_material_name(vocab):
    matcher, cue_matcher, targets, _ = _readers(vocab)
    text = "In Li3InCl6 the lattice strain from LPSCl coatings speeds ion hopping."
    f = mechanisms.features(text, matcher.find(text), cue_matcher.find(text), targets.ancestors)
    words = {k for k in f if k.startswith(mechanisms.WORD_FEATURE)}
    assert {"w=hop", "w=coat", "w=speed"} <= words
    assert not any("li3" in k or "lpscl" in k.lower() for k in f), "formulas and acronyms are no feature"
    assert f["label=LatticeStrain"] == 1.0 and f["under=StructuralMechanism"] == 1.0


def test_sentence_type_cues_are_features(vocab):
    f = mechanisms.features("This may be due to faster ion hopping (Smith et al.).", [], [], {}, asserts=False,
                            caption=True)
    assert {"type=cause", "type=hedge", "type=cited", "type=problem or outlook", "type=caption"} <= set(f)


def test_support_is_the_assertion_times_the_concept_probability():
    c = mechanisms.from_json(_model())
    f = {"w=twist": 1.0}
    p = scorer.sigmoid(3.0)
    q = scorer.sigmoid(3.0)  # a softmax of two scores, 3 and 0
    assert c.asserts_mechanism(f) == pytest.approx(p)
    assert c.support(f)["PolyhedralRotation"] == pytest.approx(p * q, rel=1e-6)
    assert sum(c.concept_probabilities(f).values()) == pytest.approx(1.0)


def test_a_concept_worded_in_the_papers_own_words_is_proposed_for_the_rules_subject(vocab):
    [claim] = _candidates("In Li3InCl6 the chloride octahedra twist as each lithium ion hops.", vocab)
    assert (claim.mechanism, claim.material.name, claim.proposed) == ("PolyhedralRotation", "Li3InCl6", True)
    assert claim.support == pytest.approx(scorer.sigmoid(3.0), abs=1e-4)


def test_no_proposal_below_the_threshold_nor_in_an_outlook_sentence(vocab):
    assert not _candidates("In Li3InCl6 the chloride octahedra twist as each lithium ion hops.", vocab,
                           _model(propose=training.NEVER))
    assert not _candidates("Whether the chloride octahedra of Li3InCl6 twist is worth studying in future.", vocab)


def test_a_label_named_mechanism_carries_the_assertion_probability_and_is_not_proposed_again(vocab):
    [claim] = _candidates("In Li3InCl6 the lattice strain speeds each lithium hop.", vocab)
    assert (claim.mechanism, claim.proposed) == ("LatticeStrain", False)
    assert claim.support == pytest.approx(scorer.sigmoid(1.0), abs=1e-4)


def test_the_scorer_reads_the_classifiers_support_and_whether_it_proposed():
    quote = "In Li3InCl6 the chloride octahedra twist."
    claim = Claim(id="x", kind="mechanism", material=Material("Li3InCl6", formula="Li3InCl6"),
                  evidence=Evidence("d.txt", 0, len(quote), quote), method="machine", confidence=0.6,
                  mechanism="PolyhedralRotation", support=0.72, proposed=True)
    f = scorer.features(claim)
    assert f["mechanism&support"] == 0.72 and f["mechanism&support=3"] == 1.0 and f["mechanism&proposed"] == 1.0
    assert not any("support" in k for k in scorer.features(Claim(**{**claim.__dict__, "support": None})))


def test_a_missing_classifier_stops_extract_with_exit_2_naming_it(extract_in_home):
    run, out = extract_in_home({"claim-scorer.json": None})
    assert run.returncode == 2
    assert "mechanism-classifier.json" in run.stderr and "no mechanism classifier here" in run.stderr
    assert not out.exists()
    run, out = extract_in_home({"claim-scorer.json": None, "mechanism-classifier.json": "{}"})
    assert run.returncode == 2 and "not a usable mechanism classifier" in run.stderr


def test_the_shipped_classifier_loads_and_was_trained_on_what_the_scorer_was():
    shipped = json.loads(mechanisms.model_file().read_text(encoding="utf-8"))
    assert mechanisms.load().concepts
    assert shipped["trained_on"] == json.loads(scorer.model_file().read_text(encoding="utf-8"))["trained_on"]


def _sentence(doc: str, words: str, concepts=(), cue: str | None = None) -> training.Sentence:
    f = {"w=" + w: 1.0 for w in words.split()}
    return training.Sentence(doc, {**f, "cue=" + cue: 1.0} if cue else f, frozenset(concepts))


def test_training_learns_what_documents_share_and_proposes_only_what_cross_validation_shows_right():
    rows = []
    for d in ("a", "b", "c"):
        rows += [_sentence(d, f"twist hop {d}only", ["PolyhedralRotation"], "Twist") for _ in range(4)]
        rows += [_sentence(d, f"strain hop {d}only", ["LatticeStrain"], "Strain") for _ in range(4)]
        rows += [_sentence(d, f"anneal heat {d}only") for _ in range(12)]
    model, folds = training.fit_mechanisms(rows, {"a": "0"})
    c = mechanisms.from_json(model)
    assert not any("only" in k for k in model["asserts"]["weights"]), "a word of one document is not learned"
    assert not any(k.startswith("w=") for m in model["concepts"].values() for k in m["weights"]), \
        "the concept stage reads the ontology and the sentence type, not words"
    assert c.asserts_mechanism({"w=twist": 1.0}) > 0.5 > c.asserts_mechanism({"w=anneal": 1.0})
    assert sorted(folds) == ["a", "b", "c"] and all(f.scale == c.scale for f in folds.values())
    # every labelled concept is named by no label: proposals are what is measured, and right here
    assert model["cross_validated"]["proposals"][0]["precision"] == 1.0
    assert model["propose"] <= 0.5


def test_no_proposal_threshold_where_cross_validated_proposals_are_not_right_often_enough():
    def pt(t, p, kept):
        return {"threshold": t, "precision": p, "recall": 0.1, "kept": kept, "f1": 0.1}

    assert training.proposal_threshold([pt(0.1, 0.1, 100), pt(0.2, 0.25, 40), pt(0.3, 0.5, 4)]) == training.NEVER
    assert training.proposal_threshold([pt(0.1, 0.1, 100), pt(0.2, 0.35, 40)]) == 0.2


def test_write_refuses_a_classifier_that_would_not_load(tmp_path):
    target = tmp_path / "mechanism-classifier.json"
    with pytest.raises(ValueError):
        training.write(_model(format="other"), target, mechanisms.from_json)
    assert not target.exists()


def test_a_proposal_is_never_a_concept_a_label_of_the_sentence_names():
    c = mechanisms.from_json(_model())
    f = {"label=LatticeStrain": 1.0, "w=twist": 1.0}
    assert max(c.support(f), key=c.support(f).get) in ("LatticeStrain", "PolyhedralRotation")
    assert c.proposal(f)[0] == "PolyhedralRotation"
    assert c.proposal({"label=LatticeStrain": 1.0, "label=PolyhedralRotation": 1.0}) is None
