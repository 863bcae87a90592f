"""The shipped graph: rebuilt from the corpus it must be byte-identical, and it must conform."""

from __future__ import annotations

import json

import pytest

from heterokg import paths
from heterokg.cli import main

CORPUS = paths.project_root().parent / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"source documents not present at {CORPUS}: cannot rebuild")
def test_rebuild_matches_committed_graph(tmp_path):
    out = tmp_path / "graph"
    assert main(["build", "--corpus", str(CORPUS), "--out", str(out)]) == 0
    for name in ("heterokg.trig", "manifest.json"):
        assert (out / name).read_bytes() == (paths.graph_dir() / name).read_bytes(), (
            f"graph/{name} is stale: run `heterokg build --corpus {CORPUS}` and commit graph/"
        )


def test_manifest_names_every_source_with_checksum():
    manifest = json.loads(paths.manifest_file().read_text())
    docs = {d["file"]: d for d in manifest["documents"]}
    assert set(docs) == {
        "000_f60d993221bdc85d.txt", "001_643ddd5b20925d6a.txt", "002_498d6b69aacb8373.txt",
        "003_b434dd78c82ddd32.txt", "004_9a5f26c541105712.txt",
    }
    # checksums as published in the corpus README
    assert docs["003_b434dd78c82ddd32.txt"]["sha256"] == "b2f32125040253d942e7bdbb515a2c51a4c5a451a3e35581e3b0643fff04841e"
    assert docs["002_498d6b69aacb8373.txt"]["doi"] == "10.20517/energyz.2026.15"
    assert docs["004_9a5f26c541105712.txt"]["doi"] == "10.1039/d1nr06058a"


def test_shipped_graph_validates(capsys):
    assert main(["validate"]) == 0
    assert "Conforms: True" in capsys.readouterr().out
