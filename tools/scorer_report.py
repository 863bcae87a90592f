"""What the claim scorer buys, and where the development documents' missed measurements go.

    python tools/scorer_report.py --corpus ../shared/field-corpus --curated curated/field
    python tools/scorer_report.py --corpus ../shared/corpus --curated curated

Prints, per split, precision and recall of the rules alone (every candidate kept) and of the
rules with the shipped scorer, overall and for measurements, mechanisms and effects. Then,
for the development documents only (held-out documents are scored, never listed or
inspected), sorts each labelled measurement the rules do not propose into why: a candidate
with the value but another material or metric, the number read but no candidate made, or the
number not read at all; and each labelled mechanism likewise: a candidate with its concept but
another subject, one with a broader or narrower concept, one with another concept, or no
mechanism candidate in the sentence. Last, the precision/recall curves of the mechanism
decision, cross-validated by document, as the shipped models recorded them: the claim
scorer's for mechanism candidates, and the mechanism classifier's for "the sentence asserts a
mechanism" and for proposing a concept no label names.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from heterokg import build  # noqa: E402
from heterokg.claims import mechanisms, scorer  # noqa: E402
from heterokg.claims.curated import load_dir  # noqa: E402
from heterokg.claims.extract import candidates, extract  # noqa: E402
from heterokg.claims.match import matches, overlaps  # noqa: E402
from heterokg.claims.targets import Targets  # noqa: E402
from heterokg.documents import load  # noqa: E402
from heterokg.evaluate import evaluate_splits, splits  # noqa: E402
from heterokg.normalise.quantities import find_quantities  # noqa: E402
from heterokg.vocabulary import load as load_vocabulary  # noqa: E402

_KEEP_ALL = scorer.Scorer({}, 0.0, (1.0, 0.0), {g: 0.0 for g in (
    "mechanism", "effect", "measurement", "synthesis", "application", "interface")})


def _cell(score) -> str:
    return "—" if score is None or not score.gold else f"P {score.precision or 0:.2f} R {score.recall or 0:.2f} n{score.pred}"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.011 * abs(b)


def _why_missed(doc, found, label) -> str:
    same_value = [c for c in found if c.quantity and overlaps(c, label) and _close(c.quantity.value, label.quantity.value)]
    if same_value:
        return "wrong metric" if all(c.metric != label.metric for c in same_value) else "wrong subject"
    quote = doc.plain(label.evidence.start, label.evidence.end)
    read = any(_close(q.value, label.quantity.value) for q in find_quantities(quote))
    return "number read, no candidate" if read else "number not read"


def _why_mechanism_missed(found, label, targets: Targets) -> str:
    """Why the rules propose no candidate matching a labelled mechanism."""
    there = [c for c in found if c.kind == "mechanism" and overlaps(c, label)]
    if any(c.mechanism == label.mechanism for c in there):
        return "right concept, wrong subject"
    related = targets.ancestors.get(label.mechanism, frozenset())
    if any(c.mechanism in related or label.mechanism in targets.ancestors.get(c.mechanism, ()) for c in there):
        return "broader or narrower concept"
    return "another concept" if there else "no mechanism candidate"


def _print_curve(title: str, points: list[dict]) -> None:
    print(f"\n{title} (cross-validated by document):")
    print("  threshold     P     R  kept")
    for pt in points:
        p, r = (f"{v:5.2f}" if v is not None else "  —  " for v in (pt["precision"], pt["recall"]))
        print(f"  {pt['threshold']:9.2f} {p} {r} {pt['kept']:5d}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--curated", type=Path, required=True)
    args = ap.parse_args()
    vocab = load_vocabulary()
    curated = load_dir(args.curated)
    split = splits(args.curated)
    docs = {p.name: load(p) for p in build.corpus_files(args.corpus) if p.name in curated}
    for name, model in (("rules only", _KEEP_ALL), ("rules + scorer", scorer.load())):
        pairs = {n: (extract(d, vocab, model), curated[n].claims) for n, d in docs.items()}
        for part, ev in evaluate_splits(pairs, split).items():
            if part != "all" and ev.total.gold:
                g = ev.by_group
                print(f"{part:12} {name:15} all {_cell(ev.total):22} measurement {_cell(g.get('measurement')):22} "
                      f"mechanism {_cell(g.get('mechanism')):22} effect {_cell(g.get('effect'))}")
    why: Counter[str] = Counter()
    why_mechanism: Counter[str] = Counter()
    targets = Targets.of(vocab)
    for name in split.get("development", list(docs)):
        if name not in docs:
            continue
        found = candidates(docs[name], vocab)
        for label in curated[name].claims:
            if label.kind in ("performance", "property") and label.quantity is not None:
                why["found" if any(matches(c, label) for c in found) else _why_missed(docs[name], found, label)] += 1
            elif label.kind == "mechanism":
                why_mechanism["found" if any(matches(c, label) for c in found)
                              else _why_mechanism_missed(found, label, targets)] += 1
    for what, counts in (("measurements", why), ("mechanisms", why_mechanism)):
        total = sum(counts.values())
        if total:
            print(f"\ndevelopment {what} ({total} labelled), rules only:")
            for reason, n in counts.most_common():
                print(f"  {reason:28} {n:4d}  {n / total:5.0%}")
    _print_curve("claim scorer, mechanism candidates",
                 json.loads(scorer.model_file().read_text(encoding="utf-8"))["cross_validated"]["curves"]["mechanism"])
    cv = json.loads(mechanisms.model_file().read_text(encoding="utf-8"))["cross_validated"]
    _print_curve("mechanism classifier, P(the sentence asserts a mechanism)", cv["asserts"])
    _print_curve("mechanism classifier, proposing a concept no label names", cv["proposals"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
