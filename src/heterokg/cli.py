"""``heterokg``: the command line that ties the stages together.

Exit status: 0 success, 1 the graph does not conform (validate), 2 bad input or usage
(the message names the file or parameter and the reason), 3 with --keep-going, some
documents were skipped (each named on standard error) and the output holds the others.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from . import __version__, paths

#: Exit status when --keep-going skipped some documents but the others were written.
PARTIAL = 3
EXIT_STATUS = """exit status:
  0  success
  1  the graph does not conform to the shapes (validate)
  2  bad input or usage: one line on standard error names the file or parameter and the reason;
     nothing is written (an existing output file or graph/ is left as it was)
  3  --keep-going skipped some documents (each named on standard error with its reason);
     the output holds the others"""


class UsageError(Exception):
    pass


def _fail(message: str) -> int:
    print(f"heterokg: {message}", file=sys.stderr)
    return 2


def _skipped(errors: list[str]) -> int:
    """Name every skipped document on standard error; the exit status for a run that skipped them."""
    for err in errors:
        print(f"heterokg: skipped {err}", file=sys.stderr)
    return PARTIAL if errors else 0


@contextmanager
def _replacing(path: str):
    """A text stream for ``path``, written to a temporary file beside it and renamed over it only
    once complete: a failed or interrupted run leaves an existing file as it was."""
    target = Path(path)
    if target.exists() and not target.is_file():  # /dev/stdout, a FIFO: nothing to swap
        with open(target, "w", encoding="utf-8", newline="") as fh:
            yield fh
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else paths.default_mode(0o666))
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def _terminate_as_exit():
    """SIGTERM ends the run with SystemExit (status 143) instead of on the spot, so every
    ``finally`` still removes its temporary files and an interrupted swap is undone."""
    if threading.current_thread() is not threading.main_thread():  # signals go to the main thread only
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _write(text_or_rows, fmt: str, output: str | None) -> None:
    """Turtle text or export rows, to ``output`` (swapped in whole) or standard output."""
    from . import export

    def write(fh) -> None:
        if isinstance(text_or_rows, str):
            fh.write(text_or_rows)
        else:
            export.write(text_or_rows, fmt, fh)

    if output:
        with _replacing(output) as fh:
            write(fh)
    else:
        write(sys.stdout)


def cmd_build(args) -> int:
    from .build import build

    with _terminate_as_exit():
        result, scores = build(Path(args.corpus), Path(args.out) if args.out else None,
                               Path(args.curated) if args.curated else None, keep_going=args.keep_going)
    n = sum(len(r.claims) for r in result.documents)
    out = Path(args.out) if args.out else paths.graph_dir()
    print(f"built {out}: {len(result.documents)} documents, {n} claims")
    return _skipped(result.errors)


def cmd_link(args) -> int:
    from .link import LinkError, run

    try:
        lines = run(args.endpoint, Path(args.linkset) if args.linkset else None, _graph_file(args))
    except LinkError as exc:
        raise UsageError(str(exc)) from None
    print("\n".join(lines) if lines else "every material already has a reviewed Materials Project row")
    return 0


def _graph_file(args) -> Path:
    path = Path(args.graph) if getattr(args, "graph", None) else paths.graph_file()
    if not path.is_file():
        raise UsageError(f"{path}: no built graph here (run `heterokg build --corpus DIR` first)")
    return path


def cmd_validate(args) -> int:
    from rdflib import Dataset, Graph

    from . import rdf
    from . import validate as validation

    path = _graph_file(args)
    ds = Dataset()
    try:
        ds.parse(path, format="trig")
    except Exception as exc:  # rdflib raises many parser types
        raise UsageError(f"{path}: not valid TriG: {exc}") from None
    data, ontology = Graph(), Graph()
    for g in ds.graphs():
        target = ontology if g.identifier == rdf.ONTOLOGY_GRAPH else data
        for t in g:
            target.add(t)
    report = validation.validate(data, ontology=ontology)
    print(report.report_text)
    return 0 if report.conforms else 1


def cmd_serve(args) -> int:
    from .web import WebConfig, serve_dev, serve_production

    config = WebConfig.from_args(args)
    if not config.sparql_endpoint and config.store is None:
        # the embedded store lives on disk outside the repository, rebuilt when the graph changes
        data_dir = Path(args.data_dir) if args.data_dir else paths.default_data_dir()
        config = config.with_(store=data_dir / "store", trig=config.trig or paths.graph_file())
    trig = config.trig
    if trig is not None and not Path(trig).is_file():
        raise UsageError(f"{trig}: no graph to serve (run `heterokg build --corpus DIR` first)")
    if args.production:
        serve_production(config, args.host, args.port, args.workers)
    else:
        serve_dev(config, args.host, args.port)
    return 0


def _read_query(args) -> str:
    if args.file:
        try:
            return Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.file}: cannot read query: {exc.strerror}") from None
    if not args.query:
        raise UsageError("query: give a SPARQL query or -f FILE")
    return args.query


def cmd_query(args) -> int:
    from .store import load_store, run_query

    text = _read_query(args)
    store = load_store(_graph_file(args))
    try:
        sys.stdout.write(run_query(store, text, args.format))
    except SyntaxError as exc:
        raise UsageError(f"query: {exc}") from None
    return 0


def cmd_export(args) -> int:
    from . import export
    from .store import load_store

    rows = export.rows(load_store(_graph_file(args)))
    _write(rows, args.format, args.output)
    return 0


def cmd_extract(args) -> int:
    from .extraction import extract_files

    with _terminate_as_exit():
        result = extract_files([Path(p) for p in args.paths], keep_going=args.keep_going, jobs=args.jobs)
        if not result.documents:
            _skipped(result.errors)
            return _fail(f"none of the {len(result.errors)} documents could be read; nothing written")
        _write(result.turtle() if args.format == "turtle" else result.rows(), args.format, args.output)
    return _skipped(result.errors)


def cmd_train(args) -> int:
    from . import training
    from .claims import mechanisms, scorer

    pairs = args.source or [[str(Path("..") / "shared" / "corpus"), str(paths.curated_dir())],
                            [str(Path("..") / "shared" / "field-corpus"), str(paths.curated_dir() / "field")]]
    sources = []
    for corpus, curated in pairs:
        if not Path(curated).is_dir():
            raise UsageError(f"--source {corpus} {curated}: {curated} is not a folder of curated claims")
        sources.append((Path(corpus), Path(curated)))
    out = Path(args.out) if args.out else scorer.model_file()
    try:
        model, classifier = training.train(sources)
    except ImportError as exc:
        raise UsageError(f"training needs scikit-learn (pip install '.[train]'): {exc}") from None
    except training.TrainingError as exc:
        raise UsageError(str(exc)) from None
    training.write(model, out)
    beside = out.with_name(mechanisms.model_file().name)
    training.write(classifier, beside, mechanisms.from_json)
    cv = model["cross_validated"]
    print(f"{out}: {model['examples']} candidates ({model['positives']} labelled claims) from "
          f"{len(model['trained_on'])} development documents; C={model['C']}, "
          f"cross-validated log loss {cv['log_loss']}, Brier {cv['brier']}")
    print(f"{'group':12} {'threshold':>9} {'P':>5} {'R':>5}   (cross-validated by document)")
    for group, points in sorted(cv["curves"].items()):
        t = model["thresholds"][group]
        pt = min(points, key=lambda x: abs(x["threshold"] - t))
        p, r = (f"{v:5.2f}" if v is not None else "  —  " for v in (pt["precision"], pt["recall"]))
        print(f"{group:12} {t:9.2f} {p} {r}")
    propose = classifier["propose"]
    print(f"{beside}: {classifier['sentences']} sentences ({classifier['asserting']} asserting a mechanism); "
          f"proposes {'no concept' if propose > 1 else f'a concept no label names at support >= {propose}'}")
    return 0


def cmd_evaluate(args) -> int:
    from .evaluation_report import run

    return run(Path(args.corpus), Path(args.curated) if args.curated else paths.curated_dir(), args.format,
               Path(args.errors) if args.errors else None)


def _web_arguments(p: argparse.ArgumentParser) -> None:
    from .web.config import WebConfig

    WebConfig.add_arguments(p)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="heterokg", description=__doc__.splitlines()[0], epilog=EXIT_STATUS,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"heterokg {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="re-create graph/ from the source documents", epilog=EXIT_STATUS,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--corpus", required=True, help="folder of source documents")
    b.add_argument("--out", help="output folder (default: graph/ of the checkout)")
    b.add_argument("--curated", help="folder of curated claim files (default: curated/)")
    b.add_argument("--keep-going", action="store_true",
                   help="skip unreadable documents (named on standard error) instead of stopping; exit status 3 "
                        "when any were skipped, 2 when none could be read")
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="check the built graph against shapes/ and the ontology")
    v.add_argument("--graph", help="TriG file (default: graph/heterokg.trig)")
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("serve", help="serve the graph: SPARQL endpoint and pages")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=5000)
    s.add_argument("--data-dir", help="where the on-disk store is kept (default: $HETEROKG_DATA_DIR or ~/.local/share/heterokg)")
    s.add_argument("--production", action="store_true", help="gunicorn workers sharing one copy of the graph (in memory, or the on-disk store)")
    s.add_argument("--workers", type=int, default=1,
                   help="gunicorn workers in --production (default 1; queries run in --query-processes)")
    _web_arguments(s)
    s.set_defaults(func=cmd_serve)

    q = sub.add_parser("query", help="run a SPARQL query over the built graph")
    q.add_argument("query", nargs="?")
    q.add_argument("-f", "--file", help="read the query from a .rq file")
    q.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    q.add_argument("--graph", help="TriG file (default: graph/heterokg.trig)")
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("export", help="export the graph's claims as flat rows")
    e.add_argument("what", choices=("claims",))
    e.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    e.add_argument("--graph", help="TriG file (default: graph/heterokg.trig)")
    e.add_argument("-o", "--output", help="write to this file instead of standard output")
    e.set_defaults(func=cmd_export)

    x = sub.add_parser("extract", help="run the extractor on documents; graph/ is not touched", epilog=EXIT_STATUS,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    x.add_argument("paths", nargs="+")
    x.add_argument("--format", choices=("csv", "jsonl", "turtle"), default="csv")
    x.add_argument("--keep-going", action="store_true",
                   help="skip unreadable documents (named on standard error) instead of stopping; exit status 3 "
                        "when any were skipped, 2 when none could be read")
    x.add_argument("--jobs", type=int, default=1, help="extract in this many processes")
    x.add_argument("-o", "--output", help="write to this file (replaced only when the run succeeds) instead of "
                                          "standard output")
    x.set_defaults(func=cmd_extract)

    lk = sub.add_parser("link", help="propose Materials Project entries (online) as candidate rows of curated/links.sssom.tsv")
    lk.add_argument("--endpoint", help="base URL of the OPTIMADE endpoint, or of the mp-api when MP_API_KEY is set")
    lk.add_argument("--linkset", help="SSSOM file to update (default: curated/links.sssom.tsv)")
    lk.add_argument("--graph", help="TriG file whose materials to link (default: graph/heterokg.trig)")
    lk.set_defaults(func=cmd_link)

    tr = sub.add_parser("train", help="fit the claim scorer and the mechanism classifier on the development "
                                      "documents' curated claims",
                        description="Fits models/claim-scorer.json and models/mechanism-classifier.json beside it "
                                    "(needs scikit-learn: pip install '.[train]'). "
                                    "Only documents a curated folder's _splits.yaml lists as development are read.")
    tr.add_argument("--source", nargs=2, action="append", metavar=("CORPUS", "CURATED"),
                    help="a corpus folder and its curated folder (repeatable; default: ../shared/corpus with "
                         "curated/, and ../shared/field-corpus with curated/field/)")
    tr.add_argument("--out", help="where to write the claim scorer (default: models/claim-scorer.json); the "
                                  "mechanism classifier is written beside it")
    tr.set_defaults(func=cmd_train)
    ev = sub.add_parser("evaluate", help="score the extractor against curated claims")
    ev.add_argument("--corpus", default=str(Path("..") / "shared" / "corpus"))
    ev.add_argument("--curated", help="folder of curated claim files (default: curated/)")
    ev.add_argument("--format", choices=("table", "json"), default="table")
    ev.add_argument("--errors", help="write the development documents' errors (extra and missed claims, with "
                                     "their quotes) to this JSONL file; held-out documents are never listed")
    ev.set_defaults(func=cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from .build import BuildError
    from .claims.curated import CuratedError
    from .claims.scorer import ModelError
    from .documents import DocumentError

    try:
        return args.func(args)
    except (UsageError, DocumentError, BuildError, CuratedError, ModelError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
