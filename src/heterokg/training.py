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
from dataclasses import dataclass
from pathlib import Path

from . import build
from .claims import scorer
from .claims.curated import load_dir
from .claims.extract import candidates
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


def examples(docs: list[Labelled], vocab) -> tuple[list[Example], dict[str, dict[str, int]]]:
    """The candidates of every document, labelled right when they match a curated claim, and
    the curated claims per document and group (recall's denominators)."""
    out: list[Example] = []
    gold: dict[str, dict[str, int]] = {}
    for d in docs:
        found = candidates(d.document, vocab)
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
    ``MIN_KEPT`` kept candidates); where none does, the highest threshold whose F1 is within
    ``F1_TIE`` of the best."""
    reach = [pt for pt in points if pt["precision"] is not None and pt["precision"] >= target
             and pt["kept"] >= MIN_KEPT]
    if reach:
        return min(pt["threshold"] for pt in reach)
    best = max(pt["f1"] for pt in points)
    if best <= 0:
        return 0.5
    # F1 is flat over a range of thresholds for most groups: within F1_TIE of the best, the
    # highest threshold, the most precise, and one that does not swing between retrainings
    return max(pt["threshold"] for pt in points if pt["f1"] >= best - F1_TIE)


def train(sources: list[tuple[Path, Path]]) -> dict:
    """The claim scorer as JSON-ready data, with its cross-validated curve per group."""
    docs = labelled_documents(sources)
    ex, gold = examples(docs, load_vocabulary())
    return fit_scorer(ex, gold, {d.name: d.sha256 for d in docs})


def fit_scorer(ex: list[Example], gold: dict[str, dict[str, int]], trained_on: dict[str, str]) -> dict:
    """The scorer fitted on labelled candidates: regularisation by cross-validated log loss,
    Platt scaling and a threshold per group on cross-validated scores."""
    import sklearn

    rows = [scorer.features(e.claim) for e in ex]
    labels = [e.label for e in ex]
    docs = [e.document for e in ex]
    best = None
    for c in C_GRID:
        z = _oof_scores(rows, labels, docs, c)
        a, b = _platt(z, labels)
        loss = _log_loss([scorer.sigmoid(a * v + b) for v in z], labels)
        if best is None or loss < best[0]:
            best = (loss, c, z, (a, b))
    loss, c, z, (a, b) = best
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


def write(model: dict, path: Path) -> None:
    """Written beside the target and renamed over it, once it loads: a failed run leaves
    the old model."""
    tmp = path.with_name(f".{path.name}.part")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        tmp.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        scorer.from_json(json.loads(tmp.read_text(encoding="utf-8")))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
