"""Extraction speed: the corpus, and a synthetic corpus, single process and with --jobs.

    python benchmarks/bench_extract.py --corpus ../shared/corpus --synthetic 1000 --jobs 2

Reports CPU seconds for the corpus (target: under 10 s for the five reviews), and
documents/s and MB/s for the synthetic corpus with 1 and N processes. The synthetic
documents are generated from the ontology's own labels and random formulas, so they exercise
the same code paths without copying any source text.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from heterokg import build  # noqa: E402
from heterokg.vocabulary import load as load_vocabulary  # noqa: E402

METALS = ["Mo", "W", "Co", "Ni", "Fe", "Cu", "Zn", "Sn", "Sb", "Bi", "V", "Ti", "Mn"]
ANIONS = ["S2", "Se2", "O2", "S", "Se", "P", "N", "Te2"]


def _formula(rng: random.Random) -> str:
    return rng.choice(METALS) + rng.choice(ANIONS)


def synthetic_document(rng: random.Random, vocab, paragraphs: int = 12) -> str:
    mech = [c.pref_label for c in vocab.concepts["mechanism"].values()]
    eff = [c.pref_label for c in vocab.concepts["effect"].values()]
    syn = [c.pref_label for c in vocab.concepts["synthesis"].values()]
    out = ["A Synthetic Review Of Heterostructures For Benchmarking", ""]
    for i in range(paragraphs):
        out.append(f"{i + 1}. Section {i + 1}")
        out.append("")
        sents = []
        for _ in range(6):
            a, b = _formula(rng), _formula(rng)
            sents.append(
                f"The {a}/{b} heterostructure shows {rng.choice(mech)} that leads to {rng.choice(eff)}.[{rng.randint(1, 99)}] "
                f"It was made by {rng.choice(syn)} and delivers {rng.uniform(100, 900):.1f} mAh g-1 after "
                f"{rng.choice([100, 500, 1000, 2000])} cycles at {rng.choice([0.5, 1, 2, 5, 10])} A g-1."
            )
        out.append(" ".join(sents))
        out.append("")
    return "\n".join(out)


def run(files: list[Path], jobs: int) -> tuple[float, float, int]:
    vocab = load_vocabulary()
    wall, cpu = time.perf_counter(), time.process_time()
    result = build.process(files, None, vocab, jobs=jobs)
    return time.perf_counter() - wall, time.process_time() - cpu, sum(len(r.machine) for r in result.documents)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--synthetic", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    load_vocabulary()
    if args.corpus.is_dir():
        files = build.corpus_files(args.corpus)
        size = sum(f.stat().st_size for f in files) / 1e6
        wall, cpu, n = run(files, 1)
        print(f"corpus: {len(files)} documents, {size:.2f} MB, {n} machine claims: "
              f"{wall:.1f} s wall, {cpu:.1f} s CPU, {len(files) / wall:.2f} docs/s, {size / wall:.3f} MB/s")
    rng = random.Random(42)
    vocab = load_vocabulary()
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(args.synthetic):
            f = Path(tmp) / f"synthetic-{i:05d}.txt"
            f.write_text(synthetic_document(rng, vocab))
            files.append(f)
        size = sum(f.stat().st_size for f in files) / 1e6
        base = None
        for jobs in (1, args.jobs):
            wall, _, n = run(files, jobs)
            base = base or wall
            print(f"synthetic: {len(files)} documents, {size:.1f} MB, jobs={jobs}: {wall:.1f} s wall, "
                  f"{len(files) / wall:.1f} docs/s, {size / wall:.2f} MB/s, {n} claims, speed-up {base / wall:.2f}x")


if __name__ == "__main__":
    main()
