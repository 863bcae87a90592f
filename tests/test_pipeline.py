"""End to end on a short document written for the tests: every stage, no corpus needed."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from heterokg import build, export
from heterokg.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(FIXTURES / "mini-review.txt", corpus / "mini-review.txt")
    out = tmp_path_factory.mktemp("out") / "graph"
    empty_curated = tmp_path_factory.mktemp("curated")
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--curated", str(empty_curated)]) == 0
    return out


def _store(trig: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store


def test_build_writes_trig_and_manifest(built):
    manifest = json.loads((built / "manifest.json").read_text())
    (doc,) = manifest["documents"]
    assert doc["file"] == "mini-review.txt"
    assert len(doc["sha256"]) == 64
    assert doc["claims"]["machine"] > 0
    text = (built / "heterokg.trig").read_text()
    assert "<https://w3id.org/heterokg/graph/mini-review>" in text or "graph/mini-review" in text


def test_mechanism_claim_with_exact_evidence(built):
    rows = export.rows(_store(built / "heterokg.trig"))
    source = (FIXTURES / "mini-review.txt").read_text()
    for r in rows:
        assert source[int(r["evidence_start"]):int(r["evidence_end"])] == r["evidence"]
        assert r["method"] == "machine"
    bief = [r for r in rows if r["mechanism"] == "BuiltInElectricField"]
    assert bief, rows
    assert bief[0]["material"] == "CoSe2/ZnSe"
    assert set(bief[0]["components"].split(";")) == {"CoSe2", "ZnSe"}
    assert bief[0]["cited_refs"] == "2"
    assert any(r["mechanism"] == "Sodiophilicity" and r["material"] == "VN" for r in rows)
    assert any(r["synthesis"] == "Hydrothermal" for r in rows)


def test_capacity_measurement_with_conditions(built):
    rows = export.rows(_store(built / "heterokg.trig"))
    cap = [r for r in rows if r["metric"] == "CapacityAfterCycling"]
    assert cap, [r for r in rows if r["kind"] == "performance"]
    r = cap[0]
    assert float(r["value"]) == pytest.approx(512.4)
    conditions = json.loads(r["conditions"])
    assert conditions["CycleNumber"] in ("1000", 1000)
    assert conditions["CurrentDensity"].startswith("5")


def test_build_is_deterministic(built, tmp_path):
    corpus = built.parent.parent / "again"
    corpus.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "mini-review.txt", corpus / "mini-review.txt")
    out = tmp_path / "graph"
    empty = tmp_path / "curated"
    empty.mkdir()
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--curated", str(empty)]) == 0
    assert (out / "heterokg.trig").read_bytes() == (built / "heterokg.trig").read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blob.bin", bytes(range(256)) * 4, "binary file"),
        ("cut.xml", b"<?xml version='1.0'?><article><body><p>truncated", "malformed XML"),
        ("page.html", b"<html><body>hello</body></html>", "unknown format"),
    ],
)
def test_bad_input_exits_2_and_leaves_graph(built, tmp_path, capsys, name, data, reason):
    before = (built / "heterokg.trig").read_bytes()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_bytes(data)
    assert main(["build", "--corpus", str(corpus), "--out", str(built), "--curated", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and name in err[0] and reason in err[0]
    assert (built / "heterokg.trig").read_bytes() == before


def test_directory_without_documents(tmp_path, capsys):
    (tmp_path / "README.md").write_text("# not a document\n")
    assert main(["build", "--corpus", str(tmp_path), "--out", str(tmp_path / "g")]) == 2
    assert "no documents" in capsys.readouterr().err
    assert not (tmp_path / "g").exists()


def test_export_csv_columns(built, capsys):
    assert main(["export", "claims", "--format", "csv", "--graph", str(built / "heterokg.trig")]) == 0
    reader = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert tuple(reader.fieldnames) == export.COLUMNS
    assert len(list(reader)) > 0


def test_extract_does_not_touch_graph(tmp_path, capsys):
    assert main(["extract", str(FIXTURES / "mini-review.txt"), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(r["mechanism"] == "BuiltInElectricField" for r in rows)
    assert all(list(r) == list(export.COLUMNS) for r in rows)
    assert main(["extract", str(FIXTURES / "mini-review.txt"), "--format", "turtle"]) == 0
    assert "hkg:MechanismClaim" in capsys.readouterr().out


def test_query_cli_formats(built, capsys):
    q = "PREFIX hkg: <https://w3id.org/heterokg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?c hkg:mechanism ?m }"
    assert main(["query", q, "--graph", str(built / "heterokg.trig"), "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].strip() == "n" and int(out[1]) >= 2
    assert main(["query", "SELECT nonsense", "--graph", str(built / "heterokg.trig")]) == 2


def test_flattened_table_rows_become_measurements(built):
    rows = export.rows(_store(built / "heterokg.trig"))
    table = [r for r in rows if r["source_part"] == "table"]
    got = {(r["material"], r["metric"], float(r["value"])) for r in table}
    assert ("CoSe2/ZnSe", "InitialCoulombicEfficiency", 81.5) in got
    assert ("MoS2@C", "CapacityAfterCycling", 402.3) in got
    assert ("MoS2@C", "VoltageWindow", 0.1) in got
    window = next(r for r in table if r["material"] == "MoS2@C" and r["metric"] == "VoltageWindow")
    assert float(window["value_max"]) == 3
    assert next(r for r in table if r["material"] == "MoS2@C")["cited_refs"] == "3"


def test_text_and_table_disagreeing_are_linked(built):
    """The text says 512.4 mAh/g after 1000 cycles at 5 A/g; the table says at 2 A/g."""
    rows = export.rows(_store(built / "heterokg.trig"))
    text = next(r for r in rows if r["metric"] == "CapacityAfterCycling" and r["source_part"] == "text")
    table = next(r for r in rows if r["metric"] == "CapacityAfterCycling" and r["material"] == "CoSe2/ZnSe"
                 and r["source_part"] == "table")
    assert text["contradicts"] == table["claim"]
    assert table["contradicts"] == text["claim"]


def test_dataset_description_measures_the_extractor_per_split_and_kind():
    from rdflib import Literal, Namespace, URIRef

    from heterokg.evaluate import Evaluation, Score

    dqv, hkg = Namespace("http://www.w3.org/ns/dqv#"), Namespace("https://w3id.org/heterokg/ontology#")
    held_out = Evaluation()
    held_out.by_group["mechanism"] = Score(tp_pred=1, pred=4, tp_gold=1, gold=2)  # P 0.25, R 0.5
    held_out.total = Score(tp_pred=1, pred=4, tp_gold=1, gold=2)
    g = build.dataset_description(build.BuildResult([]), {}, {"held_out": held_out, "development": Evaluation()})
    node = URIRef("https://w3id.org/heterokg/dataset/quality/held_out/mechanism/precision")
    assert (build.DATASET, dqv.hasQualityMeasurement, node) in g
    assert g.value(node, dqv.isMeasurementOf) == hkg.ExtractorPrecision
    assert float(g.value(node, dqv.value)) == 0.25
    assert (node, hkg.documentSplit, Literal("held_out")) in g and (node, hkg.claimGroup, Literal("mechanism")) in g
    assert float(g.value(URIRef(str(node).replace("precision", "f1")), dqv.value)) == 0.333
    # a split without curated claims measures nothing
    assert not any("/development/" in str(s) for s in g.subjects(dqv.value, None))
