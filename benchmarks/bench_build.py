"""Build speed by stage: ``heterokg build`` over N fresh processes, medians per stage.

    python benchmarks/bench_build.py --corpus ../shared/corpus --runs 5

Each run is a new interpreter (caches do not carry over, as in a real build) that builds
into a temporary folder, never ``graph/``. The stages are the functions ``build.build``
calls, timed by wrapping them in place; nested stages are indented and included in their
parent's time. ``process`` is the whole process from start to exit, ``import`` the time to
import heterokg.build, ``CPU`` the CPU seconds of the run and its workers. Work done in forked
processes beside the build's own has no row: the TriG is serialised while SHACL validation
runs, and each document's graph is validated from the moment ``to_dataset`` has built it, so
``SHACL validation`` is only what is left to wait for once the dataset is built. Target: the
whole process under 10 s on two cores for the five reviews.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: (module, attribute, label, depth): what is timed, in the order it is printed.
STAGES = (
    ("heterokg.build", "load_vocabulary", "vocabulary", 0),
    ("heterokg.build", "process", "documents (read, extract, match)", 0),
    ("heterokg.claims.curated", "load_dir", "curated YAML", 1),
    ("heterokg.validate", "PartValidation.prepare", "SHACL set-up, while they are read", 1),
    ("heterokg.build", "evaluate_splits", "evaluation", 0),
    ("heterokg.build", "to_dataset", "to_dataset", 0),
    ("heterokg.rdf", "document_graph", "document graphs", 1),
    ("heterokg.entailment", "entail", "entailment", 1),
    ("heterokg.aggregates", "aggregates_graph", "aggregates", 1),
    ("heterokg.build", "dataset_description", "description", 1),
    ("heterokg.rdf", "new_dataset", "dataset", 1),
    ("heterokg.build", "validation_parts", "validation parts", 0),
    ("heterokg.validate", "PartValidation.report", "SHACL validation", 0),
    ("heterokg.build", "write_graph", "write and swap graph/", 0),
)


def _timed(fn, label: str, totals: dict[str, float]):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - start
    return wrapper


def once(corpus: Path) -> dict[str, float]:
    """One build in this process: seconds by stage label."""
    import importlib

    totals: dict[str, float] = {}
    start = time.perf_counter()
    from heterokg import build
    totals["import"] = time.perf_counter() - start
    for module, attribute, label, _depth in STAGES:
        owner = importlib.import_module(module)
        *path, name = attribute.split(".")  # a method: "Class.method"
        for step in path:
            owner = getattr(owner, step, None)
        if hasattr(owner, name):
            setattr(owner, name, _timed(getattr(owner, name), label, totals))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        build.build(corpus, Path(tmp) / "graph")
        totals["build()"] = time.perf_counter() - start
    return totals


def _children_cpu() -> float:
    """CPU seconds of the finished children (their workers included): a figure a busy machine moves less."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--once", action="store_true", help=argparse.SUPPRESS)  # a child run: JSON out
    args = ap.parse_args()
    if args.once:
        sys.path.insert(0, str(REPO / "src"))
        print(json.dumps(once(args.corpus.resolve())))
        return
    runs = []
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), _children_cpu()
        out = subprocess.run([sys.executable, __file__, "--once", "--corpus", str(args.corpus)],
                             check=True, capture_output=True, text=True, cwd=REPO).stdout
        runs.append({**json.loads(out.splitlines()[-1]), "process": time.perf_counter() - start,
                     "cpu": _children_cpu() - cpu})
    rows = [("process", "process", 0), ("cpu", "CPU (user+sys, all processes)", 0), ("import", "import", 0),
            ("build()", "build()", 0),
            *((label, label, depth) for _m, _a, label, depth in STAGES)]
    print(f"{'stage':<40} {'median s':>9} {'min':>7} {'max':>7}   ({len(runs)} runs)")
    for key, label, depth in rows:
        values = [r[key] for r in runs if key in r]
        if values:
            print(f"{'  ' * depth + label:<40} {statistics.median(values):9.2f} {min(values):7.2f} {max(values):7.2f}")


if __name__ == "__main__":
    main()
