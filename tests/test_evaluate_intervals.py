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
