"""``heterokg build`` never loses what it did not make, and never leaves a half-swapped graph.

What an attacker (or an unlucky user) found: a file replaced or removed during the build mixed
two versions or crashed the run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from heterokg import build
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
