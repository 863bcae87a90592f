"""``heterokg train``: fit the claim scorer on the development documents' labels.

Candidates are what the rules propose (``claims.extract.candidates``); a candidate is a
positive example when it matches a curated claim (``claims.match``), the same test
``heterokg evaluate`` scores by. Held-out documents are never read: their names are refused
before any file is opened. Regularisation is chosen, the score calibrated (Platt) and each
group's abstention threshold set on predictions cross-validated by document, so that no
document's labels judge a model trained on them. scikit-learn is needed here only; applying
the model (``claims.scorer``) is a dot product over the JSON it writes.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import build
from .claims import mechanisms, scorer
from .claims.curated import load_dir
from .claims.extract import candidates, mechanism_rows
from .claims.match import unmatched
from .claims.model import GROUPS, Claim
from .documents import Document, load, read
from .evaluate import splits
from .vocabulary import load as load_vocabulary

#: Inverse regularisation strengths tried, chosen by cross-validated log loss.
C_GRID = (0.03, 0.1, 0.3, 1.0)
#: The precision a group's threshold is set to reach on cross-validated scores: a claim the
#: graph ships should be right, so the model abstains rather than fill the graph with guesses
#: (measurements and mechanisms as the extractor's targets ask; the other groups alike).
PRECISION_TARGETS = {"measurement": 0.85, "mechanism": 0.80}
DEFAULT_PRECISION_TARGET = 0.80
#: A threshold reaching the target on fewer kept candidates than this is chance.
MIN_KEPT = 10
#: Cross-validated F1 values closer than this are a tie (they differ by a claim or two).
F1_TIE = 0.01
#: A threshold reaching the target must keep at least this share of the recall the best-F1
#: threshold has: precision bought with nearly all the recall (0.85 on the 60 most certain of
#: 600 measurements) is a model that says almost nothing, not a precise one.
MIN_RECALL_SHARE = 0.5


class TrainingError(Exception):
    pass


@dataclass
class Example:
    document: str
    claim: Claim
    label: int


@dataclass
class Labelled:
    """A development document, read once, with its curated claims."""
    name: str
    sha256: str
    document: Document
    reference: list[Claim]


def labelled_documents(sources: list[tuple[Path, Path]]) -> list[Labelled]:
    """The development documents of each (corpus folder, curated folder) that have curated
    claims. A document its folder's ``_splits.yaml`` holds out is never opened."""
    out = []
    for corpus, curated_dir in sources:
        split = splits(curated_dir)
        development = set(split.get("development", []))
        held_out = set(split.get("held_out", []))
        curated = load_dir(curated_dir)
        for path in build.corpus_files(corpus):
            if path.name in held_out or path.name not in development or path.name not in curated:
                continue
            data = read(path)
            out.append(Labelled(path.name, hashlib.sha256(data).hexdigest(), load(path, data=data),
                                curated[path.name].claims))
    if len(out) < 3:
        raise TrainingError("fewer than three labelled development documents: nothing to cross-validate on")
    return out


def examples(docs: list[Labelled], vocab, classifiers: dict[str, mechanisms.Classifier]
             ) -> tuple[list[Example], dict[str, dict[str, int]]]:
    """The candidates of every document, labelled right when they match a curated claim, and
    the curated claims per document and group (recall's denominators). Each document's
    mechanisms are weighed and proposed by ``classifiers[name]``, a mechanism classifier that
    never saw its labels, as the shipped one never saw a new paper's."""
    out: list[Example] = []
    gold: dict[str, dict[str, int]] = {}
    for d in docs:
        found = candidates(d.document, vocab, classifiers[d.name])
        extra, _ = unmatched(found, d.reference)
        wrong = {id(c) for c in extra}
        out += [Example(d.name, c, int(id(c) not in wrong)) for c in found]
        counts: dict[str, int] = {}
        for c in d.reference:
            counts[GROUPS[c.kind]] = counts.get(GROUPS[c.kind], 0) + 1
        gold[d.name] = counts
    return out, gold


def _fit(rows: list[dict], labels: list[int], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=2000, solver="lbfgs")
    model.fit(x, labels)
    return vec, model


def _oof_scores(rows, labels, docs, c: float) -> list[float]:
    """Each example's linear score from a model that never saw its document."""
    scores = [0.0] * len(rows)
    for held in sorted(set(docs)):
        train = [i for i, d in enumerate(docs) if d != held]
        test = [i for i, d in enumerate(docs) if d == held]
        vec, model = _fit([rows[i] for i in train], [labels[i] for i in train], c)
        for i, z in zip(test, model.decision_function(vec.transform([rows[i] for i in test]))):
            scores[i] = float(z)
    return scores


def _choose_c(oof: Callable[[float], list[float]], labels: list[int]) -> tuple[float, float, list[float], tuple[float, float]]:
    """Of ``C_GRID``, the regularisation whose scores cross-validated by document (``oof(c)``),
    Platt-scaled, have the least log loss: (log loss, C, the scores, the scaling)."""
    best = None
    for c in C_GRID:
        z = oof(c)
        a, b = _platt(z, labels)
        loss = _log_loss([scorer.sigmoid(a * v + b) for v in z], labels)
        if best is None or loss < best[0]:
            best = (loss, c, z, (a, b))
    return best


def _log_loss(p: list[float], y: list[int]) -> float:
    eps = 1e-9
    return -sum(math.log(max(eps, q if t else 1 - q)) for q, t in zip(p, y)) / len(y)


def _platt(scores: list[float], labels: list[int]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1e6, solver="lbfgs").fit([[z] for z in scores], labels)
    return float(m.coef_[0][0]), float(m.intercept_[0])


def curve(probabilities, examples_, gold_total: int) -> list[dict]:
    """Precision and (approximate) recall of one group at each threshold: recall counts the
    kept positive candidates against the group's curated claims."""
    out = []
    for t in [i / 20 for i in range(1, 20)]:
        kept = [e for p, e in zip(probabilities, examples_) if p >= t]
        tp = sum(e.label for e in kept)
        p = tp / len(kept) if kept else None
        r = min(1.0, tp / gold_total) if gold_total else None
        f1 = 2 * p * r / (p + r) if p and r else 0.0
        out.append({"threshold": t, "precision": p, "recall": r, "f1": f1, "kept": len(kept)})
    return out


def threshold(points: list[dict], target: float) -> float:
    """The lowest threshold whose cross-validated precision reaches ``target`` (on at least
    ``MIN_KEPT`` kept candidates, keeping ``MIN_RECALL_SHARE`` of the best-F1 threshold's
    recall); where none does, the highest threshold whose F1 is within ``F1_TIE`` of the best."""
    best = max(pt["f1"] for pt in points)
    if best <= 0:
        return 0.5
    recall = max(pt["recall"] or 0.0 for pt in points if pt["f1"] == best)
    reach = [pt for pt in points if pt["precision"] is not None and pt["precision"] >= target
             and pt["kept"] >= MIN_KEPT and (pt["recall"] or 0.0) >= MIN_RECALL_SHARE * recall]
    if reach:
        return min(pt["threshold"] for pt in reach)
    # F1 is flat over a range of thresholds for most groups: within F1_TIE of the best, the
    # highest threshold, the most precise, and one that does not swing between retrainings
    return max(pt["threshold"] for pt in points if pt["f1"] >= best - F1_TIE)


def train(sources: list[tuple[Path, Path]]) -> tuple[dict, dict]:
    """The claim scorer and the mechanism classifier as JSON-ready data, each with its
    cross-validated curves. The scorer is trained on candidates whose mechanisms a classifier
    fitted without their document weighed and proposed."""
    docs = labelled_documents(sources)
    vocab = load_vocabulary()
    trained_on = {d.name: d.sha256 for d in docs}
    classifier, folds = fit_mechanisms(sentence_examples(docs, vocab), trained_on)
    ex, gold = examples(docs, vocab, folds)
    return fit_scorer(ex, gold, trained_on), classifier


@dataclass
class Sentence:
    """A claim-bearing sentence of a development document, with the classifier's features and
    the mechanism concepts its curated claims state (none: it asserts no mechanism)."""
    document: str
    features: dict[str, float]
    concepts: frozenset[str]


def sentence_examples(docs: list[Labelled], vocab) -> list[Sentence]:
    """Every claim-bearing sentence of the documents, labelled with the mechanisms curated
    claims overlapping it state."""
    out = []
    for d in docs:
        labelled = [(c.evidence.start, c.evidence.end, c.mechanism) for c in d.reference
                    if c.kind == "mechanism" and c.mechanism]
        for start, end, f in mechanism_rows(d.document, vocab):
            out.append(Sentence(d.name, f, frozenset(m for a, b, m in labelled if a < end and start < b)))
    return out


#: A feature is kept only when sentences of this many documents have it: a word one paper
#: uses is that paper's, not the field's.
MIN_FEATURE_DOCUMENTS = 2
#: A concept is learned only from at least this many labelled sentences.
MIN_CONCEPT_SENTENCES = 3
#: The mechanism classifier's concept stage's regularisation (inverse strength); the assertion
#: stage's is chosen from ``C_GRID`` by cross-validation.
MECHANISM_C = 0.3
#: A concept is proposed for a sentence no label of it matched when the cross-validated
#: precision of such proposals (the top concept is one the sentence's curated claims state)
#: reaches this at its support; the claim scorer then weighs subject and sentence.
PROPOSAL_PRECISION = 0.3


def _shared_features(rows: list[Sentence]) -> set[str]:
    """The features sentences of at least ``MIN_FEATURE_DOCUMENTS`` documents have."""
    seen: dict[str, set[str]] = {}
    for r in rows:
        for k in r.features:
            seen.setdefault(k, set()).add(r.document)
    return {k for k, d in seen.items() if len(d) >= MIN_FEATURE_DOCUMENTS}


def _linear_json(vec, coef, intercept) -> dict:
    return {"intercept": round(float(intercept), 6),
            "weights": {k: round(float(w), 5) for k, w in zip(vec.get_feature_names_out(), coef) if abs(w) >= 1e-4}}


def _assertion_stage(rows: list[Sentence], c: float) -> dict:
    """P(asserts a mechanism), uncalibrated, by logistic regression over the features that
    sentences of several documents have (classes balanced: few sentences assert one)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    shared = _shared_features(rows)
    vec = DictVectorizer()
    x = vec.fit_transform([{k: v for k, v in r.features.items() if k in shared} for r in rows])
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(x, [int(bool(r.concepts)) for r in rows])
    return _linear_json(vec, model.coef_[0], model.intercept_[0])


def _fit_stages(rows: list[Sentence], c: float) -> dict:
    """The classifier's two stages fitted on ``rows`` (uncalibrated, proposing nothing): the
    assertion stage with regularisation ``c``; P(concept | asserts) by multinomial logistic
    regression over the concepts labelled often enough."""
    counts: dict[str, int] = {}
    for r in rows:
        for concept in r.concepts:
            counts[concept] = counts.get(concept, 0) + 1
    pos = [(r, k) for r in rows for k in sorted(r.concepts) if counts[k] >= MIN_CONCEPT_SENTENCES]
    concepts = {}
    if len({k for _, k in pos}) >= 2:
        # the concept stage reads the ontology's labels and cues and the sentence type, not the
        # words: left out by document, words picked the right concept less often (109 of 374
        # labelled sentences against 114), most of all where a label names it
        shared = {k for k in _shared_features([r for r, _ in pos]) if not k.startswith(mechanisms.WORD_FEATURE)}
        concepts = _concept_stage(pos, shared) if shared else {}
    return {"format": mechanisms.FORMAT, "sentences": len(rows), "asserting": sum(bool(r.concepts) for r in rows),
            "C": c, "scale": [1.0, 0.0], "propose": 1.0, "asserts": _assertion_stage(rows, c), "concepts": concepts}


def _assertion_c(rows: list[Sentence]) -> float:
    """The assertion stage's regularisation: of ``C_GRID``, the one whose Platt-scaled scores,
    cross-validated by document, have the least log loss."""
    docs = sorted({r.document for r in rows})

    def oof(c: float) -> list[float]:
        stage = {d: mechanisms.from_json({"format": mechanisms.FORMAT, "scale": [1, 0], "propose": 1, "concepts": {},
                                          "asserts": _assertion_stage([r for r in rows if r.document != d], c)})
                 for d in docs}
        return [stage[r.document].asserts.score(r.features) for r in rows]

    return _choose_c(oof, [int(bool(r.concepts)) for r in rows])[1]


def _concept_stage(pos: list[tuple[Sentence, str]], shared: set[str]) -> dict[str, dict]:
    """P(concept | asserts) over the (sentence, concept) pairs, reading the ``shared`` features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([{k: v for k, v in r.features.items() if k in shared} for r, _ in pos])
    model = LogisticRegression(C=MECHANISM_C, max_iter=500, tol=1e-3).fit(x, [c for _, c in pos])
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one score for the second class: a softmax of it against 0
        coef, intercept = [0 * coef[0], coef[0]], [0.0, intercept[0]]
    return {c: _linear_json(vec, coef[k], intercept[k]) for k, c in enumerate(model.classes_)}


@dataclass(frozen=True)
class _Flag:
    label: int


def fit_mechanisms(rows: list[Sentence], trained_on: dict[str, str]) -> tuple[dict, dict[str, mechanisms.Classifier]]:
    """The mechanism classifier fitted on every labelled sentence, and per document one fitted
    without it. The assertion score is Platt-scaled, and the least support at which a concept
    is proposed set, on the scores the per-document models give their held-out document; their
    precision/recall curves are kept in the model."""
    docs = sorted({r.document for r in rows})
    c = _assertion_c(rows)
    fold_data = {d: _fit_stages([r for r in rows if r.document != d], c) for d in docs}
    unscaled = {d: mechanisms.from_json(m) for d, m in fold_data.items()}
    z = [unscaled[r.document].asserts.score(r.features) for r in rows]
    y = [int(bool(r.concepts)) for r in rows]
    a, b = (round(v, 6) for v in _platt(z, y))
    folds = {d: replace(m, scale=(a, b)) for d, m in unscaled.items()}
    points = proposal_curve([folds[r.document] for r in rows], rows)
    propose = proposal_threshold(points)
    model = {**_fit_stages(rows, c), "trained_on": trained_on, "scale": [a, b], "propose": propose,
             "cross_validated": {"asserts": curve([scorer.sigmoid(a * v + b) for v in z], [_Flag(t) for t in y], sum(y)),
                                 "proposals": points}}
    return model, {d: replace(f, propose=propose) for d, f in folds.items()}


def proposal_threshold(points: list[dict]) -> float:
    """The least support at which proposals reach ``PROPOSAL_PRECISION`` cross-validated (on
    at least ``MIN_KEPT`` of them); above 1, proposing nothing, where none does: a concept
    guessed from a sentence's own words is no claim unless such guesses were shown right."""
    reach = [pt["threshold"] for pt in points if pt["precision"] is not None
             and pt["precision"] >= PROPOSAL_PRECISION and pt["kept"] >= MIN_KEPT]
    return min(reach, default=NEVER)


#: The support threshold of a classifier that proposes nothing.
NEVER = 1.01


def proposal_curve(said: list[mechanisms.Classifier], rows: list[Sentence]) -> list[dict]:
    """Precision and recall of proposing, for each sentence, the concept no label of it names
    that its document's held-out classifier supports most (``Classifier.proposal``): right when
    the sentence's curated claims state it; recall counts the labelled concepts of sentences
    that name none of them by a label."""
    support, flags = [], []
    for classifier, r in zip(said, rows):
        best = classifier.proposal(r.features)
        if best is not None:
            support.append(best[1])
            flags.append(_Flag(int(best[0] in r.concepts)))
    unnamed = sum(1 for r in rows for c in r.concepts if mechanisms.LABEL_FEATURE + c not in r.features)
    return curve(support, flags, unnamed)


def fit_scorer(ex: list[Example], gold: dict[str, dict[str, int]], trained_on: dict[str, str]) -> dict:
    """The scorer fitted on labelled candidates: regularisation by cross-validated log loss,
    Platt scaling and a threshold per group on cross-validated scores."""
    import sklearn

    rows = [scorer.features(e.claim) for e in ex]
    labels = [e.label for e in ex]
    docs = [e.document for e in ex]
    loss, c, z, (a, b) = _choose_c(lambda c: _oof_scores(rows, labels, docs, c), labels)
    oof = [scorer.sigmoid(a * v + b) for v in z]
    thresholds, curves, targets = {}, {}, {}
    for group in sorted({GROUPS[e.claim.kind] for e in ex}):
        idx = [i for i, e in enumerate(ex) if GROUPS[e.claim.kind] == group]
        total = sum(g.get(group, 0) for g in gold.values())
        points = curve([oof[i] for i in idx], [ex[i] for i in idx], total)
        curves[group] = points
        targets[group] = PRECISION_TARGETS.get(group, DEFAULT_PRECISION_TARGET)
        thresholds[group] = threshold(points, targets[group])
    vec, model = _fit(rows, labels, c)
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(w) > 1e-6}
    brier = sum((p - y) ** 2 for p, y in zip(oof, labels)) / len(labels)
    return {
        "format": scorer.FORMAT,
        "trained_on": trained_on,
        "examples": len(ex), "positives": sum(labels),
        "C": c, "cross_validated": {"log_loss": round(loss, 4), "brier": round(brier, 4), "curves": curves},
        "sklearn": sklearn.__version__,
        "intercept": round(float(model.intercept_[0]), 6),
        "scale": [round(a, 6), round(b, 6)],
        "thresholds": thresholds,
        "precision_targets": targets,
        "weights": dict(sorted(weights.items())),
    }


def write(model: dict, path: Path, parse=scorer.from_json) -> None:
    """Written beside the target and renamed over it, once ``parse`` reads it back: a failed
    run leaves the old model."""
    tmp = path.with_name(f".{path.name}.part")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        tmp.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        parse(json.loads(tmp.read_text(encoding="utf-8")))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
