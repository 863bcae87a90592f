"""``heterokg evaluate``: the extractor's precision, recall and F1 against curated claims."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import build
from .evaluate import THRESHOLDS, Evaluation, evaluate_splits, splits
from .vocabulary import load as load_vocabulary


def _pairs(corpus: Path, curated_dir: Path) -> dict:
    """Only documents with curated claims are read: the others could not be scored."""
    from .claims.curated import load_dir

    vocab = load_vocabulary()
    labelled = set(load_dir(curated_dir))
    files = [f for f in build.corpus_files(corpus) if f.name in labelled]
    return build.reference_pairs(build.process(files, curated_dir, vocab))


def score(corpus: Path, curated_dir: Path) -> dict[str, Evaluation]:
    return evaluate_splits(_pairs(corpus, curated_dir), splits(curated_dir))


def errors(pairs: dict, development: list[str]) -> list[dict]:
    """The development documents' errors, one row each: machine claims that match no curated
    claim ("extra") and curated claims no machine claim matches ("missed"). Held-out
    documents are never listed: their errors must not guide the rules."""
    from .claims.match import key, unmatched

    rows = []
    for doc in development:
        if doc not in pairs:
            continue
        extra, missed = unmatched(*pairs[doc])
        for status, claims in (("extra", extra), ("missed", missed)):
            for c in claims:
                q = c.quantity
                rows.append({"document": doc, "status": status, "kind": c.kind, "key": list(key(c)),
                             "subject": c.material.name or c.material.material_class,
                             "value": q.value if q else None, "unit": q.unit if q else None,
                             "start": c.evidence.start, "end": c.evidence.end,
                             "quote": c.evidence.quote})
    return rows


def _span(iv) -> str:
    return "     —     " if iv is None else f"{iv[0]:.2f}-{iv[1]:.2f}"


def _fmt(x) -> str:
    return "  —  " if x is None else f"{x:5.2f}"


def run(corpus: Path, curated_dir: Path, fmt: str, errors_to: Path | None = None) -> int:
    pairs = _pairs(corpus, curated_dir)
    split_docs = splits(curated_dir)
    results = evaluate_splits(pairs, split_docs)
    if errors_to is not None:
        rows = errors(pairs, split_docs.get("development", list(pairs)))
        with open(errors_to, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{len(rows)} development errors written to {errors_to}", file=sys.stderr)
    if fmt == "json":
        json.dump({name: {"overall": ev.overall,
                          "by_kind": {k: s.as_dict() for k, s in sorted(ev.by_group.items())},
                          "by_document": {k: s.as_dict() for k, s in sorted(ev.by_document.items())},
                          "by_confidence": {f"{g} >= {t}": s.as_dict() for (g, t), s in sorted(ev.by_confidence.items())},
                          "subjects": {"concept_right": ev.concept_right, "subject_right": ev.subject_right,
                                       "accuracy": ev.subject_accuracy},
                          "intervals_95": {k or "overall": {"precision": ev.interval(k, "precision"),
                                                            "recall": ev.interval(k, "recall")}
                                           for k in [*sorted(ev.by_group), None]}}
                   for name, ev in results.items()}, sys.stdout, indent=2)
        print()
        return 0
    for name, ev in results.items():
        print(f"== {name} documents")
        print(f"{'':28} {'P':>5} {'R':>5} {'F1':>5} {'machine':>8} {'curated':>8}")
        rows = [(f"kind {k}", s) for k, s in sorted(ev.by_group.items())]
        rows += [(f"doc {k[:24]}", s) for k, s in sorted(ev.by_document.items())]
        rows.append(("overall", ev.total))
        for label, s in rows:
            print(f"{label:28} {_fmt(s.precision)} {_fmt(s.recall)} {_fmt(s.f1)} {s.pred:8d} {s.gold:8d}")
        intervals = [(k, ev.interval(k, "precision"), ev.interval(k, "recall"))
                     for k in [*sorted(ev.by_group), None]]
        if any(p or r for _, p, r in intervals):
            print(f"95 % bootstrap intervals over {len(ev.by_document_group)} documents:")
            for k, p, r in intervals:
                print(f"  {k or 'overall':26} P {_span(p)}  R {_span(r)}")
        if ev.concept_right:
            print(f"{'subject right, concept right':28} {_fmt(ev.subject_accuracy)} "
                  f"({ev.subject_right} of {ev.concept_right} machine claims whose concept a curated claim there states)")
        for group in ("mechanism", "measurement"):
            for t in THRESHOLDS:
                s = ev.by_confidence.get((group, t))
                if s is not None and s.gold:
                    print(f"{group + ' conf >= ' + str(t):28} {_fmt(s.precision)} {_fmt(s.recall)} {_fmt(s.f1)} "
                          f"{s.pred:8d} {s.gold:8d}")
        print()
    return 0
