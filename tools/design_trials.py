"""Two designs issue #16 asks for, tried on the development labels and not adopted: re-measurable.

    python tools/design_trials.py subject-ranker
    python tools/design_trials.py definition-similarity

Both read the development documents of the five reviews and of the field corpus only
(``training.labelled_documents`` refuses held-out names before opening a file) and judge
against their curated claims, cross-validated by document where anything is learned.

``subject-ranker``: a logistic model choosing, for each number the rules read, its material
among the sentence's materials and the paragraph's or paper's subject, from general features
(before or after the number, how many materials and words lie between, bound by a parenthesis
or "for"/"of", a clause boundary between, baseline, protected metal, composite, class, element,
how often the document names it), against the material the rules choose. Counted over the
numbers whose labelled material is among the candidates.

``definition-similarity``: ranking the ontology's mechanism concepts by the overlap of a
sentence's words with each concept's labels, definition and cues (tf-idf weighted), against
the mechanism classifier's concept stage, on labelled sentences whose concept no label of the
sentence names; then whether the top concept could be proposed for sentences that name no
mechanism at all (precision of the top-k sentences by similarity).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from heterokg.claims import extract as extract_module  # noqa: E402
from heterokg.claims import measurements  # noqa: E402
from heterokg.claims.match import name_key, same_subject  # noqa: E402
from heterokg.claims.mechanisms import LABEL_FEATURE, WORD_FEATURE, stems  # noqa: E402
from heterokg.normalise.quantities import find_quantities  # noqa: E402
from heterokg.normalise.text import plain_text_with_map  # noqa: E402
from heterokg.training import fit_mechanisms, labelled_documents, sentence_examples  # noqa: E402
from heterokg.vocabulary import load as load_vocabulary  # noqa: E402

#: Concepts added from the development labels' notes: their definitions were written from
#: those sentences, so they are left out of the similarity trial.
_FROM_DEVELOPMENT_NOTES = {"CurrentConstriction", "DualIonStorage", "CationSiteDisorder"}
_CLAUSE = re.compile(r";|,\s*(?:while|whereas|but|which|and)\b|\bwhereas\b|\bwhile\b|\bbut\b", re.I)


def _documents(shared: Path):
    return labelled_documents([(shared / "corpus", REPO / "curated"),
                               (shared / "field-corpus", REPO / "curated" / "field")])


def _bucket(n: int, cuts: tuple[int, ...]) -> str:
    return next((str(c) for c in cuts if n <= c), "more")


def _owner_features(text: str, q, m, ranks: tuple[int, int], n: int, counts: Counter, context) -> dict[str, float]:
    """General features of one candidate material for one number (``m`` a Mention, or the
    paragraph's/paper's subject when ``ranks`` is (0, 0))."""
    f: dict[str, float] = {}
    material = m.material
    before, after = ranks
    if before or after:
        gap = text[m.end:q.start] if before else text[q.end:m.start]
        side = "before" if before else "after"
        f[f"{side}={_bucket(before or after, (1, 2, 3))}"] = 1
        f[f"{side} words={_bucket(len(gap.split()), (0, 2, 5, 10, 20))}"] = 1
        f["clause between"] = float(bool(_CLAUSE.search(gap)))
        f["bound"] = float(bool(measurements._PAREN_BEFORE.match(gap) if before else
                                measurements._OPEN_PAREN.match(gap) or measurements._OWNER_AFTER.fullmatch(gap)))
        f["baseline"], f["protected"] = float(m.baseline), float(m.protected)
    else:
        f["from " + context.source] = 1
    f["composite"] = float(bool(material.components))
    f["class"] = float(bool(material.material_class or material.class_word))
    f["element"] = float(bool(material.formula) and len(re.findall(r"[A-Z]", material.formula)) == 1)
    f[f"named in document={_bucket(counts[name_key(material.name)], (1, 3, 10, 30))}"] = 1
    f[f"materials in sentence={_bucket(n, (0, 1, 2, 4))}"] = 1
    return f


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 + 0.005 * max(abs(a), abs(b))


def _subject_groups(docs, vocab) -> list[tuple[str, list[tuple[dict, int]], int]]:
    """Per number with a labelled value whose material is among the candidates: (document,
    [(features, is the labelled material)], whether the rules' material is the labelled one)."""
    groups = []
    for d in docs:
        calls = []
        real = measurements.extract

        def record(text, ev, refs, mentions, context, vocab_, _calls=calls, _real=real):
            _calls.append((text, ev, mentions, context))
            return _real(text, ev, refs, mentions, context, vocab_)

        with mock.patch.object(extract_module.measurements, "extract", record):
            extract_module.candidates(d.document, vocab)
        reading = extract_module._Reading.of(d.document, vocab)
        counts = Counter(name_key(m.material.name) for ms in reading.materials.values() for m in ms)
        labels = [c for c in d.reference if c.kind in ("performance", "property") and c.quantity is not None]
        index = measurements._metric_index(vocab)
        for text, ev, mentions, context in calls:
            here = [c for c in labels if c.evidence.start < ev.end and ev.start < c.evidence.end]
            if not here or measurements._TABLE_RULE.search(text):
                continue
            plain = plain_text_with_map(text)
            ms = [replace(m, start=plain.plain_offset(m.start), end=plain.plain_offset(m.end)) for m in mentions]
            t = plain.text
            quantities = find_quantities(t)
            for q, _, _ in [*measurements._read(t, quantities, index, vocab), *measurements._unitless(t, quantities, vocab)]:
                gold = [c for c in here if _close(c.quantity.value, measurements._ordered(q)[0])]
                if not gold:
                    continue
                right = lambda material: any(same_subject(replace(c, material=material), c) for c in gold)  # noqa: E731
                rule = measurements._subject_for(t, q, ms) or (context.material if context else None)
                before = [m for m in ms if m.end <= q.start]
                after = [m for m in ms if m.start >= q.end]
                rows = [(_owner_features(t, q, m, (len(before) - before.index(m) if m in before else 0,
                                                   after.index(m) + 1 if m in after else 0), len(ms), counts, context),
                         int(right(m.material))) for m in ms]
                if context is not None and all(name_key(m.material.name) != name_key(context.material.name) for m in ms):
                    rows.append((_owner_features(t, q, context, (0, 0), len(ms), counts, context), int(right(context.material))))
                if any(y for _, y in rows):
                    groups.append((d.name, rows, int(rule is not None and right(rule))))
    return groups


def subject_ranker(shared: Path) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vocab = load_vocabulary()
    groups = _subject_groups(_documents(shared), vocab)
    names = sorted({g[0] for g in groups})
    print(f"numbers whose labelled material is a candidate: {len(groups)} "
          f"({sum(len(g[1]) == 1 for g in groups)} with one candidate)")
    print(f"  rules' material right: {sum(g[2] for g in groups)} ({sum(g[2] for g in groups) / len(groups):.3f}; "
          "in-sample: the rules were written from these documents)")
    for c in (0.1, 0.3, 1.0, 3.0):
        right = 0
        for held in names:
            train = [(f, y) for name, rows, _ in groups if name != held for f, y in rows]
            vec = DictVectorizer()
            model = LogisticRegression(C=c, max_iter=3000).fit(vec.fit_transform([f for f, _ in train]), [y for _, y in train])
            for name, rows, _ in groups:
                if name == held:
                    scores = model.decision_function(vec.transform([f for f, _ in rows]))
                    right += rows[max(range(len(rows)), key=lambda i: scores[i])][1]
        print(f"  ranker (C={c}), cross-validated by document: {right} ({right / len(groups):.3f})")


def definition_similarity(shared: Path) -> None:
    vocab = load_vocabulary()
    docs = _documents(shared)
    concepts = {c.local: c for c in vocab.concepts["mechanism"].values() if c.local not in _FROM_DEVELOPMENT_NOTES}
    profiles = {k: stems(" ".join([c.pref_label, *c.alt_labels, *c.hidden_labels, c.definition or "", *c.cues]).lower())
                for k, c in concepts.items()}
    df = Counter(s for p in profiles.values() for s in p)
    idf = {s: math.log(len(profiles) / n) for s, n in df.items()}

    def similarity(words: set[str], concept: str) -> float:
        p = profiles[concept]
        return sum(idf[s] for s in p & words) / (math.sqrt(sum(idf[s] ** 2 for s in p)) or 1.0)

    rows = sentence_examples(docs, vocab)
    _, folds = fit_mechanisms(rows, {d.name: d.sha256 for d in docs})
    ranked = unnamed = by_stage = 0
    label_less = []
    for r in rows:
        words = {k[len(WORD_FEATURE):] for k in r.features if k.startswith(WORD_FEATURE)}
        named = {k[len(LABEL_FEATURE):] for k in r.features if k.startswith(LABEL_FEATURE)}
        gold = {c for c in r.concepts if c in concepts and c not in named}
        scores = sorted(((similarity(words, k), k) for k in concepts if k not in named), reverse=True)
        if gold:
            unnamed += 1
            ranked += scores[0][1] in gold
            proposal = folds[r.document].proposal(r.features)
            by_stage += bool(proposal and proposal[0] in gold)
        if not named:
            label_less.append((scores[0][0], scores[0][1] in r.concepts, bool(r.concepts)))
    print(f"labelled sentences whose concept no label of theirs names: {unnamed}")
    print(f"  top concept right, by definition similarity: {ranked}; by the classifier's concept stage "
          f"(cross-validated by document): {by_stage}")
    label_less.sort(reverse=True)
    asserting = sum(x[2] for x in label_less)
    print(f"sentences naming no mechanism: {len(label_less)}, of which {asserting} assert one")
    for k in (10, 25, 50, 100, 200):
        print(f"  the {k} most similar to a concept: its top concept right in {sum(x[1] for x in label_less[:k])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trial", choices=["subject-ranker", "definition-similarity"])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="the folder holding corpus/ and field-corpus/ (default: ../shared)")
    a = ap.parse_args(argv)
    {"subject-ranker": subject_ranker, "definition-similarity": definition_similarity}[a.trial](a.shared)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
