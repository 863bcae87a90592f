"""Smoke test on the real corpus (skipped when ../shared/corpus is absent): offsets are exact
quotes and refused vocabulary never appears as a material."""

from pathlib import Path

import pytest

from heterokg.normalise.formula import FIELD_ABBREVIATIONS as FIELD
from heterokg.normalise import find_material_mentions, find_quantities

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.mark.corpus
@pytest.mark.skipif(not FILES, reason="needs ../shared/corpus")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_offsets_and_refusals(path):
    text = path.read_text(encoding="utf-8")[:12000]
    for m in find_material_mentions(text):
        assert text[m.start:m.end] == m.surface
        assert m.surface not in FIELD and m.surface not in {"In", "As", "No", "CNT", "SEI"}
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.surface
