"""The claim scorer: the model that decides which candidate claims the extractor keeps.

What is checked: applying a model keeps exactly the candidates at or above their group's
threshold; a missing or corrupt model stops a run with an error naming the file (never a
silent fall-back to rules); the shipped model was trained on development documents only;
training never opens a held-out document.
"""

import json
from pathlib import Path

import pytest
import yaml

from heterokg import paths, training
from heterokg.claims import mechanisms, scorer
from heterokg.claims.model import Claim, Evidence, Material
from heterokg.claims.terms import stem

ROOT = paths.project_root()


def _claim(quote: str, kind: str = "mechanism", confidence: float = 0.6) -> Claim:
    return Claim(id="x", kind=kind, material=Material("MoS2/C", ("MoS2", "C"), "Composite"),
                 evidence=Evidence("d.txt", 0, len(quote), quote), method="machine",
                 confidence=confidence, mechanism="BuiltInElectricField" if kind == "mechanism" else None,
                 effect="FasterIonDiffusion" if kind == "effect" else None)


def _model(**over) -> dict:
    data = {"format": scorer.FORMAT, "intercept": -1.0, "scale": [1.0, 0.0],
            "thresholds": {"mechanism": 0.5, "effect": 0.9},
            "weights": {"w=" + stem("interface"): 2.0, "mechanism&hedge": -3.0}}
    data.update(over)
    return data


def test_apply_keeps_what_reaches_the_threshold_with_its_probability():
    s = scorer.from_json(_model())
    kept = s.apply([_claim("MoS2/C has an interface field."),  # -1 + 2 = 1: p 0.73
                    _claim("MoS2/C may have an interface field."),  # 1 - 3 = -2: p 0.12
                    _claim("MoS2/C has an interface field.", kind="effect")])  # p 0.73 < 0.9
    assert [(c.kind, c.confidence) for c in kept] == [("mechanism", 0.73)]


_CLASSIFIER = {"format": mechanisms.FORMAT, "scale": [1.0, 0.0], "propose": 0.3,
               "asserts": {"intercept": -3.0, "weights": {"w=twist": 6.0}},
               "concepts": {"PolyhedralRotation": {"intercept": 0.0, "weights": {}}}}


@pytest.mark.parametrize("load, broken, reason", [
    (scorer.load, "{", "invalid JSON"),
    (scorer.load, json.dumps(_model(format="sklearn-pickle")), "format"),
    (scorer.load, json.dumps(_model(thresholds={"opinion": 0.5})), "unknown claim groups"),
    (scorer.load, json.dumps({**_model(), "scale": [1.0]}), "usable"),
    (scorer.load, json.dumps(_model(intercept=float("nan"))), "finite"),
    (mechanisms.load, "[1, 2", "invalid JSON"),
    (mechanisms.load, json.dumps({**_CLASSIFIER, "format": scorer.FORMAT}), "format"),
    (mechanisms.load, json.dumps({k: v for k, v in _CLASSIFIER.items() if k != "concepts"}), "usable mechanism"),
    (mechanisms.load, json.dumps({**_CLASSIFIER, "propose": "often"}), "usable mechanism"),
    (mechanisms.load, json.dumps({**_CLASSIFIER, "scale": [1.0, float("inf")]}), "finite"),
])
def test_a_corrupt_model_is_an_error_naming_the_file(tmp_path, load, broken, reason):
    """The claim scorer's and the mechanism classifier's files alike."""
    path = tmp_path / "model.json"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(scorer.ModelError) as err:
        load(path)
    assert str(path) in str(err.value) and reason in str(err.value)


def test_a_missing_model_stops_extract_with_exit_2_and_writes_nothing(extract_in_home):
    run, out = extract_in_home({"claim-scorer.json": "not json", "mechanism-classifier.json": None})
    assert run.returncode == 2
    assert "claim-scorer.json" in run.stderr and "invalid JSON" in run.stderr
    assert not out.exists()
    run, out = extract_in_home({"mechanism-classifier.json": None})
    assert run.returncode == 2 and "no claim scorer here" in run.stderr


def test_the_shipped_model_was_trained_on_development_documents_only():
    model = json.loads((ROOT / "models" / "claim-scorer.json").read_text(encoding="utf-8"))
    development, held_out = set(), set()
    for splits in (ROOT / "curated" / "_splits.yaml", ROOT / "curated" / "field" / "_splits.yaml"):
        data = yaml.safe_load(splits.read_text(encoding="utf-8"))
        development |= set(data.get("development") or [])
        held_out |= set(data.get("held_out") or [])
    assert set(model["trained_on"]) <= development
    assert not set(model["trained_on"]) & held_out
    assert held_out, "the field corpus keeps a held-out split"


def test_training_never_opens_a_held_out_document(tmp_path, monkeypatch):
    corpus, curated = tmp_path / "corpus", tmp_path / "curated"
    corpus.mkdir()
    curated.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "secret.txt"):
        (corpus / name).write_text("The MoS2/C heterostructure shows a built-in electric field.\n", encoding="utf-8")
        (curated / f"{name}.yaml").write_text(yaml.safe_dump({"document": name, "claims": []}), encoding="utf-8")
    (curated / "_splits.yaml").write_text(yaml.safe_dump(
        {"development": ["a.txt", "b.txt", "c.txt"], "held_out": ["secret.txt"]}), encoding="utf-8")
    opened = []
    real_read = training.read
    monkeypatch.setattr(training, "read", lambda p: opened.append(Path(p).name) or real_read(p))
    docs = training.labelled_documents([(corpus, curated)])
    assert sorted(opened) == ["a.txt", "b.txt", "c.txt"]
    assert [d.name for d in docs] == ["a.txt", "b.txt", "c.txt"]


def test_write_refuses_a_model_that_would_not_load(tmp_path):
    target = tmp_path / "claim-scorer.json"
    target.write_text(json.dumps(_model()), encoding="utf-8")
    with pytest.raises(ValueError):
        training.write(_model(format="other"), target)
    assert scorer.load(target).thresholds == {"mechanism": 0.5, "effect": 0.9}, "the old model is left as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claim-scorer.json"]


def test_a_group_threshold_reaches_its_precision_target_or_falls_back_to_f1():
    from heterokg.training import threshold

    def pt(t, p, r, kept):
        return {"threshold": t, "precision": p, "recall": r, "kept": kept,
                "f1": 2 * p * r / (p + r) if p and r else 0.0}

    points = [pt(0.1, 0.5, 0.6, 100), pt(0.3, 0.7, 0.5, 60), pt(0.5, 0.86, 0.3, 30), pt(0.7, 0.9, 0.1, 9)]
    assert threshold(points, 0.85) == 0.5     # the lowest threshold reaching the target
    assert threshold(points, 0.88) == 0.3     # reached only on 9 kept candidates: chance; best F1
    flat = [pt(0.2, 0.5, 0.5, 50), pt(0.3, 0.51, 0.495, 45), pt(0.4, 0.6, 0.3, 20)]
    assert threshold(flat, 0.9) == 0.3        # F1 within 0.01 of the best: the higher threshold
    assert threshold([pt(0.1, None, 0.0, 0)], 0.8) == 0.5  # nothing kept anywhere
    # reached only by keeping a tenth of the recall the best F1 has: a model that says almost
    # nothing; the F1 rule instead
    steep = [pt(0.1, 0.71, 0.55, 600), pt(0.5, 0.76, 0.5, 590), pt(0.6, 0.77, 0.4, 460), pt(0.85, 0.85, 0.06, 60)]
    assert threshold(steep, 0.85) == 0.1


def test_features_read_markdown_latex_as_a_reader_sees_it():
    """A paper converted to Markdown prints formulas and values in LaTeX; the scorer reads
    the subject and where it stands as in plain text, not the TeX commands."""
    from heterokg.claims.model import Quantity

    quote = r"The conductivity of ${\mathrm{{MgCl}}}_{2}$ is ${1.24}\mathrm{{mS}}{\mathrm{{cm}}}^{-1}$ at 25 °C."
    claim = Claim(id="x", kind="property", material=Material("MgCl2", formula="MgCl2"),
                  evidence=Evidence("d.md", 0, len(quote), quote), method="machine", confidence=0.8,
                  metric="IonicConductivity",
                  quantity=Quantity(1.24, "millisiemens / centimeter", surface=r"${1.24}\mathrm{{mS}}{\mathrm{{cm}}}^{-1}$"))
    f = scorer.features(claim)
    assert f.get("subject named") == 1.0 and f.get("subject before value") == 1.0
    assert not any("mathrm" in k for k in f)
