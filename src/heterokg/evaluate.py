"""How far to trust machine claims: precision, recall and F1 against curated claims.

Scores are computed per claim kind and per document, and separately for the development
documents (those the extractor's rules were written against) and the held-out documents
(never looked at while writing rules), as listed in ``curated/_splits.yaml``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .claims.match import by_key, key, overlaps, same_subject, unmatched
from .claims.model import GROUPS, Claim


@dataclass
class Score:
    tp_pred: int = 0  # machine claims that match a curated claim
    pred: int = 0
    tp_gold: int = 0  # curated claims matched by some machine claim
    gold: int = 0

    def add(self, other: "Score") -> None:
        self.tp_pred += other.tp_pred
        self.pred += other.pred
        self.tp_gold += other.tp_gold
        self.gold += other.gold

    @property
    def precision(self) -> float | None:
        return self.tp_pred / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.tp_gold / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "machine": self.pred, "curated": self.gold}


#: Confidence floors at which precision and recall are also reported: a user who keeps only
#: claims at or above one of them should know what that buys and costs.
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)


@dataclass
class Evaluation:
    by_group: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    by_document: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    total: Score = field(default_factory=Score)
    #: (group, floor) -> score of the machine claims whose confidence is at least the floor
    by_confidence: dict[tuple[str, float], Score] = field(default_factory=lambda: defaultdict(Score))
    #: document -> group -> score, what the bootstrap resamples
    by_document_group: dict[str, dict[str, Score]] = field(default_factory=dict)
    #: machine claims whose concept (or metric and value) a curated claim of the same place
    #: states, and how many of them name its subject: the extractor's subject accuracy
    concept_right: int = 0
    subject_right: int = 0

    @property
    def subject_accuracy(self) -> float | None:
        return self.subject_right / self.concept_right if self.concept_right else None

    def interval(self, group: str | None, metric: str, resamples: int = 1000,
                 level: float = 0.95, seed: int = 0) -> tuple[float, float] | None:
        """A percentile bootstrap interval over documents for ``metric`` ("precision",
        "recall" or "f1") of ``group`` (None: all kinds): documents are what varies between
        corpora, so they are what is resampled. None with fewer than two documents."""
        import random

        docs = [d for d, groups in self.by_document_group.items()
                if group is None or group in groups]
        if len(docs) < 2:
            return None
        rng = random.Random(seed)
        values = []
        for _ in range(resamples):
            total = Score()
            for d in rng.choices(docs, k=len(docs)):
                for g, sc in self.by_document_group[d].items():
                    if group is None or g == group:
                        total.add(sc)
            v = getattr(total, metric)
            if v is not None:
                values.append(v)
        if not values:
            return None
        values.sort()
        lo = values[int((1 - level) / 2 * (len(values) - 1))]
        hi = values[int((1 + level) / 2 * (len(values) - 1))]
        return lo, hi

    @property
    def has_reference(self) -> bool:
        return self.total.gold > 0

    @property
    def overall(self) -> dict:
        return self.total.as_dict()


def score_document(machine: list[Claim], curated: list[Claim]) -> dict[str, Score]:
    out: dict[str, Score] = defaultdict(Score)
    extra, missed = unmatched(machine, curated)
    extra_ids, missed_ids = {id(m) for m in extra}, {id(c) for c in missed}
    for m in machine:
        s = out[GROUPS[m.kind]]
        s.pred += 1
        s.tp_pred += id(m) not in extra_ids
    for c in curated:
        s = out[GROUPS[c.kind]]
        s.gold += 1
        s.tp_gold += id(c) not in missed_ids
    return out


@dataclass
class DocumentScores:
    """One document's scores per claim group, overall and at each confidence floor."""

    document: str
    by_group: dict[str, Score]
    by_floor: dict[float, dict[str, Score]]
    #: (machine claims whose concept is right, of those about the right subject): see subjects()
    subjects: tuple[int, int] = (0, 0)


def score_pair(machine: list[Claim], curated: list[Claim]) -> DocumentScores | None:
    """The scores of one document's (machine, curated) claims; None without curated claims."""
    if not curated:
        return None
    by_floor = {floor: score_document([m for m in machine if m.confidence >= floor - 1e-9], curated)
                for floor in THRESHOLDS}
    return DocumentScores(curated[0].document, score_document(machine, curated), by_floor,
                          subjects(machine, curated))


def combine(documents: list[DocumentScores]) -> Evaluation:
    """The evaluation of several documents from their scores (which are left unchanged)."""
    ev = Evaluation()
    for d in documents:
        ev.by_document_group[d.document] = {g: replace(s) for g, s in d.by_group.items()}
        for group, s in d.by_group.items():
            ev.by_group[group].add(s)
            ev.by_document[d.document].add(s)
            ev.total.add(s)
        ev.concept_right += d.subjects[0]
        ev.subject_right += d.subjects[1]
        for floor, scores in d.by_floor.items():
            for group, s in scores.items():
                ev.by_confidence[(group, floor)].add(s)
    return ev


def subjects(machine: list[Claim], curated: list[Claim]) -> tuple[int, int]:
    """Of the machine claims that say what a curated claim of the same place says (same key,
    overlapping evidence), how many there are and how many are about its subject."""
    curated_by_key = by_key(curated)
    right = named = 0
    for m in machine:
        same = [c for c in curated_by_key.get(key(m), ()) if overlaps(m, c)]
        if same:
            right += 1
            named += any(same_subject(m, c) for c in same)
    return right, named


def evaluate(pairs: list[tuple[list[Claim], list[Claim]]]) -> Evaluation:
    """``pairs``: per document, (machine claims, curated claims). Documents without curated claims are skipped."""
    return combine([d for d in (score_pair(m, c) for m, c in pairs) if d is not None])


def splits(curated_dir: Path) -> dict[str, list[str]]:
    """Development and held-out document names (``curated/_splits.yaml``)."""
    path = curated_dir / "_splits.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {k: list(v or []) for k, v in data.items()}


def evaluate_splits(pairs: dict[str, tuple[list[Claim], list[Claim]]],
                    split_docs: dict[str, list[str]]) -> dict[str, Evaluation]:
    """``pairs`` by document name; the scores over all documents ("all") and over each split.
    Each document is scored once, whichever splits it counts in."""
    scored = {name: score_pair(*pair) for name, pair in pairs.items()}
    out = {"all": combine([d for d in scored.values() if d is not None])}
    for name, docs in split_docs.items():
        out[name] = combine([scored[d] for d in docs if scored.get(d) is not None])
    return out
