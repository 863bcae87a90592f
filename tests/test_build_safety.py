"""``heterokg build`` never loses what it did not make, and never leaves a half-swapped graph.

What an attacker (or an unlucky user) found: ``--out`` deleted whatever folder it named; a kill
between the two renames of the swap left no graph; a file replaced or removed during the
build mixed two versions or crashed the run; temporary folders of killed builds stayed
forever. Each test here failed on the code before the fix.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from heterokg import build, paths
from heterokg.cli import PARTIAL, main

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = "mini-review.txt"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(FIXTURES / GOOD, folder / GOOD)
    return folder


@pytest.fixture
def curated(tmp_path) -> Path:
    folder = tmp_path / "curated"
    folder.mkdir()
    return folder


def _build(corpus: Path, out: Path, curated: Path, *extra: str) -> int:
    return main(["build", "--corpus", str(corpus), "--out", str(out), "--curated", str(curated), *extra])


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _one_line(err: str) -> str:
    (line,) = [x for x in err.splitlines() if x]
    return line


# --- 1. --out is never a folder of someone else's files -----------------------------------------

def test_out_folder_that_is_not_a_graph_is_refused_untouched(corpus, curated, tmp_path, capsys):
    out = tmp_path / "thesis"
    (out / "chapters").mkdir(parents=True)
    (out / "notes.txt").write_text("three years of work\n")
    (out / GOOD).write_text("not a graph file\n")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    assert _build(corpus, out, curated) == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith(f"heterokg: {out.resolve()}: not a heterokg graph folder") and "refusing" in line, line
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert (out / "notes.txt").read_text() == "three years of work\n"


def test_out_that_is_a_file_is_refused(corpus, curated, tmp_path, capsys):
    out = tmp_path / "graph"
    out.write_text("a file\n")
    assert _build(corpus, out, curated) == 2
    assert "not a directory" in _one_line(capsys.readouterr().err)
    assert out.read_text() == "a file\n"


def test_graph_folder_with_one_file_missing_is_replaced(corpus, curated, tmp_path):
    out = tmp_path / "graph"
    out.mkdir()
    (out / "manifest.json").write_text("{}\n")
    assert _build(corpus, out, curated) == 0
    assert sorted(p.name for p in out.iterdir()) == ["heterokg.trig", "manifest.json"]


@pytest.mark.parametrize("mode", [0o755, 0o750, 0o775])
def test_out_folder_keeps_its_permissions(corpus, curated, tmp_path, mode):
    out = tmp_path / "graph"
    out.mkdir()
    os.chmod(out, mode)
    assert _build(corpus, out, curated) == 0
    assert out.stat().st_mode & 0o7777 == mode
    assert _build(corpus, out, curated) == 0  # over a built graph too
    assert out.stat().st_mode & 0o7777 == mode


def test_new_out_folder_gets_the_umask_not_0700(corpus, curated, tmp_path):
    out = tmp_path / "new" / "graph"
    assert _build(corpus, out, curated) == 0
    assert out.stat().st_mode & 0o7777 == paths.default_mode(0o777)


# --- 2. a swap cut between its two renames is repaired -------------------------------------------

def test_a_build_killed_between_the_renames_is_repaired_by_the_next_even_failing(corpus, curated, tmp_path, capsys):
    out = tmp_path / "graph"
    assert _build(corpus, out, curated) == 0
    before = _contents(out)
    # what a kill between `graph -> .graph.old` and `.graph.new-* -> graph` leaves
    os.replace(out, tmp_path / ".graph.old")
    half = tmp_path / ".graph.new-a1b2c3d4"
    half.mkdir()
    (half / "heterokg.trig").write_text("@prefix half")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    capsys.readouterr()
    assert _build(bad, out, curated) == 2  # fails on its document...
    assert "empty file" in _one_line(capsys.readouterr().err)
    assert _contents(out) == before  # ...and still puts the previous graph back
    assert ".graph.old" not in _hidden(tmp_path) and ".graph.new-a1b2c3d4" not in _hidden(tmp_path)


def test_a_failure_between_the_renames_puts_the_graph_back(corpus, curated, tmp_path, monkeypatch):
    out = tmp_path / "graph"
    assert _build(corpus, out, curated) == 0
    before = _contents(out)
    replace = os.replace

    def failing(src, dst):
        if Path(dst) == out.resolve() and Path(src).name.startswith(".graph.new-"):
            raise OSError(5, "Input/output error")
        replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="Input/output error"):
        _build(corpus, out, curated)
    assert _contents(out) == before
    assert _hidden(tmp_path) == []


# --- 3 and 4. a document changed or removed while the build runs ---------------------------------

def _touching_after_load(monkeypatch, touch) -> None:
    """After the document is parsed, ``touch(path)`` changes the file on disk."""
    load = build.load

    def loading(path, *args, **kwargs):
        doc = load(path, *args, **kwargs)
        touch(Path(path))
        return doc

    monkeypatch.setattr(build, "load", loading)


def test_checksum_is_of_the_bytes_that_were_parsed(corpus, curated, monkeypatch):
    original = (corpus / GOOD).read_bytes()
    _touching_after_load(monkeypatch, lambda p: p.write_text("Replaced meanwhile: MoS2 forms nothing.\n"))
    result = build.process([corpus / GOOD], curated, build.load_vocabulary())
    (doc,) = result.documents
    assert doc.sha256 == hashlib.sha256(original).hexdigest()
    assert doc.document.source.encode("utf-8") == original


def test_a_file_removed_after_it_was_read_does_not_crash_the_build(corpus, curated, tmp_path, monkeypatch, capsys):
    out = tmp_path / "graph"
    _touching_after_load(monkeypatch, Path.unlink)
    assert _build(corpus, out, curated) == 0
    assert hashlib.sha256((FIXTURES / GOOD).read_bytes()).hexdigest() in (out / "manifest.json").read_text()


def test_a_file_gone_between_listing_and_reading_is_skipped_or_stops(corpus, curated, tmp_path, monkeypatch, capsys):
    out = tmp_path / "graph"
    assert _build(corpus, out, curated) == 0
    before = _contents(out)
    listing = build.corpus_files
    monkeypatch.setattr(build, "corpus_files", lambda folder: [*listing(folder), folder / "gone.txt"])
    capsys.readouterr()
    assert _build(corpus, out, curated) == 2
    line = _one_line(capsys.readouterr().err)
    assert "gone.txt: no such file" in line, line
    assert _contents(out) == before
    assert _build(corpus, out, curated, "--keep-going") == PARTIAL
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("heterokg: skipped ") and "gone.txt: no such file" in line, line


# --- 5. temporary folders are removed on every way out -------------------------------------------

def test_a_build_removes_temporary_folders_of_dead_builds_only(corpus, curated, tmp_path):
    out = tmp_path / "graph"
    stale = [".graph.new-a1b2c3d4", ".graph.new-999999999-a1b2c3d4"]  # an older heterokg's; a dead pid's
    kept = [f".graph.new-{os.getpid()}-a1b2c3d4", ".graph.new-my-notes", ".other.new-a1b2c3d4"]
    for name in stale + kept:
        (tmp_path / name).mkdir()
    assert _build(corpus, out, curated) == 0
    assert _hidden(tmp_path) == sorted(kept)


def test_sigterm_during_the_write_removes_the_temporary_folder(corpus, curated, tmp_path):
    """SIGTERM (what `kill` and service managers send) ends the run through the finally clauses."""
    out = tmp_path / "graph"
    assert _build(corpus, out, curated) == 0
    before = _contents(out)
    script = (
        "import json, os, signal, sys, types\n"
        "from heterokg import build, cli\n"
        "def killed(*args, **kwargs):  # writing the manifest, the TriG already in the folder\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return json.dumps(*args, **kwargs)\n"
        "build.json = types.SimpleNamespace(dumps=killed)\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    proc = subprocess.run([sys.executable, "-c", script, "build", "--corpus", str(corpus), "--out", str(out),
                           "--curated", str(curated)], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 128 + 15, proc.stderr
    assert _contents(out) == before
    assert _hidden(tmp_path) == []
