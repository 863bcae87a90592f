"""95 % bootstrap intervals over documents (issue 16, part 5)."""

from heterokg.evaluate import Evaluation, Score


def _ev(per_doc: dict[str, tuple[int, int, int, int]]) -> Evaluation:
    ev = Evaluation()
    for doc, (tp_pred, pred, tp_gold, gold) in per_doc.items():
        ev.by_document_group[doc] = {"mechanism": Score(tp_pred, pred, tp_gold, gold)}
    return ev


def test_interval_spans_the_documents_and_holds_the_pooled_value():
    ev = _ev({"a": (9, 10, 9, 10), "b": (1, 10, 1, 10), "c": (5, 10, 5, 10)})
    lo, hi = ev.interval("mechanism", "precision")
    assert 0.1 <= lo < 0.5 < hi <= 0.9
    assert ev.interval("mechanism", "precision") == (lo, hi)  # seeded: reproducible


def test_identical_documents_give_a_point_and_one_document_no_interval():
    assert _ev({"a": (3, 4, 3, 6), "b": (3, 4, 3, 6)}).interval("mechanism", "recall") == (0.5, 0.5)
    assert _ev({"a": (3, 4, 3, 6)}).interval("mechanism", "recall") is None
    assert _ev({"a": (3, 4, 3, 6), "b": (1, 2, 1, 2)}).interval("effect", "recall") is None


def test_errors_list_development_documents_only(tmp_path):
    """`heterokg evaluate --errors`: extra and missed claims of development documents, never
    of held-out ones."""
    from dataclasses import replace

    from heterokg.claims.curated import load_file
    from heterokg.evaluation_report import errors

    (tmp_path / "d.yaml").write_text(
        "document: d.md\nclaims:\n"
        "- {id: c1, kind: mechanism, material: VN, mechanism: Sodiophilicity, quote: q, start: 0, end: 10}\n"
        "- {id: c2, kind: mechanism, material: VN, mechanism: LatticeStrain, quote: r, start: 20, end: 30}\n",
        "utf-8")
    curated = load_file(tmp_path / "d.yaml").claims
    hit = replace(curated[0], method="machine")
    extra = replace(curated[0], id="m9", mechanism="BuiltInElectricField", method="machine")
    pairs = {"d.md": ([hit, extra], curated), "h.md": ([extra], curated)}
    rows = errors(pairs, ["d.md"])
    assert sorted((r["status"], r["key"][1]) for r in rows) == [
        ("extra", "BuiltInElectricField"), ("missed", "LatticeStrain")]
    assert {r["document"] for r in rows} == {"d.md"}


def test_subject_accuracy_counts_claims_whose_concept_is_right(tmp_path):
    """The issue's subject target: of the machine claims stating a curated claim's concept at
    its place, the share about its subject. A claim with another concept is not counted."""
    from dataclasses import replace

    from heterokg.claims.curated import load_file
    from heterokg.claims.model import Material
    from heterokg.evaluate import evaluate

    (tmp_path / "d.yaml").write_text(
        "document: d.md\nclaims:\n"
        "- {id: c1, kind: mechanism, material: ZrO2, mechanism: Zincophilicity, quote: q, start: 0, end: 10}\n"
        "- {id: c2, kind: mechanism, material: kaolin, mechanism: IonSieving, quote: r, start: 20, end: 30}\n",
        "utf-8")
    c1, c2 = load_file(tmp_path / "d.yaml").claims
    right = replace(c1, method="machine")
    wrong_subject = replace(c2, method="machine", material=Material("Zn", formula="Zn"))
    other_concept = replace(c2, method="machine", mechanism="Desolvation")
    ev = evaluate([([right, wrong_subject, other_concept], [c1, c2])])
    assert (ev.concept_right, ev.subject_right, ev.subject_accuracy) == (2, 1, 0.5)
