"""Curated claims: well-formed, expressible in the ontology, and every quote verbatim in its source."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from heterokg import paths
from heterokg.claims.curated import load_dir, problems
from heterokg.documents import load
from heterokg.vocabulary import load as load_vocabulary

CORPUS = paths.project_root().parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"source documents not present at {CORPUS}")


@pytest.fixture(scope="module")
def curated():
    return load_dir(paths.curated_dir())


def test_every_document_has_curated_claims(curated):
    assert len(curated) == 5
    counts = {name: len(cd.claims) for name, cd in curated.items()}
    assert sum(counts.values()) > 1000, counts


def test_curated_claims_are_expressible_in_the_ontology(curated):
    assert problems(curated, load_vocabulary()) == []


def test_quotes_are_short_and_unique_ids(curated):
    for name, cd in curated.items():
        ids = Counter(c.id for c in cd.claims)
        assert not [i for i, n in ids.items() if n > 1], name
        for c in cd.claims:
            assert 0 < len(c.evidence.quote) <= 200, (name, c.id)
            assert c.evidence.start < c.evidence.end


@needs_corpus
def test_every_quote_is_verbatim_at_its_offsets(curated):
    mismatches = []
    for name, cd in curated.items():
        doc = load(CORPUS / name)
        for c in cd.claims:
            if doc.plain(c.evidence.start, c.evidence.end) != c.evidence.quote:
                mismatches.append(f"{name} {c.id}: {c.evidence.quote[:60]!r}")
    assert mismatches == []


@needs_corpus
def test_table_1_of_001_is_complete(curated):
    """001's Table 1 lists 55 heterostructure anodes; each row gives a voltage window."""
    table = [c for c in curated["001_643ddd5b20925d6a.txt"].claims if c.evidence.source_part == "table"]
    windows = [c for c in table if c.metric == "VoltageWindow"]
    assert len(windows) == 55
    bi2s3 = [c for c in table if c.material.name == "Bi2S3-CuS" and c.metric == "CapacityAfterCycling"]
    # "Bi;S3-CuS 0.01-3 93.8 592.2/8/1000 459.9/20 [50]" in the OCR'd table
    assert [(c.quantity.value, c.conditions["CycleNumber"]) for c in bi2s3] == [(592.2, 1000)]
    assert bi2s3[0].cited_refs == ("50",)


def test_text_and_table_disagreements_are_linked(curated):
    """001 says 592.2 mAh/g at 15 A/g in the text but 8 A/g in Table 1 for Bi2S3-CuS [50]."""
    claims = curated["001_643ddd5b20925d6a.txt"].claims
    by_id = {c.id: c for c in claims}
    pairs = [(c, by_id[o]) for c in claims for o in c.contradicts]
    assert pairs
    assert all(c.id in other.contradicts for c, other in pairs), "contradictions go both ways"
    bi = [(a, b) for a, b in pairs if a.material.name.startswith("Bi2S3") and a.metric == "CapacityAfterCycling"]
    assert bi and {bi[0][0].evidence.source_part, bi[0][1].evidence.source_part} == {"text", "table"}


def test_table_1_of_004_gives_lifespans_for_26_interphases(curated):
    table = [c for c in curated["004_9a5f26c541105712.txt"].claims if c.evidence.source_part == "table"]
    materials = {c.material.name for c in table if c.metric == "SymmetricCellLifespan"}
    assert len(materials) >= 24, sorted(materials)


def test_citation_mismatches_go_both_ways_and_cite_different_references(curated):
    """A citation mismatch is one study under two reference numbers: 001 cites the SnS/Fe2O3-G
    work as [73] in the text ("Cheng et al. [73] firmly anchored the SnS/Fe203 heterostructures")
    and as [75] in Table 1 and the Figure 6 caption ("Reproduced with permission.[7s]")."""
    pairs = []
    for cd in curated.values():
        by_id = {c.id: c for c in cd.claims}
        pairs += [(c, by_id[o]) for c in cd.claims for o in c.citation_mismatch]
    assert pairs
    assert all(a.id in b.citation_mismatch for a, b in pairs), "citation mismatches go both ways"
    cited = [(a, b) for a, b in pairs if a.cited_refs and b.cited_refs]
    assert all(set(a.cited_refs) != set(b.cited_refs) for a, b in cited)
    sns = {(a.evidence.source_part, a.cited_refs) for a, _ in pairs if a.material.name == "SnS/Fe2O3-G"}
    assert {("text", ("73",)), ("table", ("75",))} <= sns


def test_table_categories_are_table_rows_of_001(curated):
    """001's Table 1 prints six row groups in its "Classifications" column; every row has one."""
    table = [c for c in curated["001_643ddd5b20925d6a.txt"].claims if c.evidence.source_part == "table"]
    assert all(c.evidence.table_category for c in table)
    assert {c.evidence.table_category for c in table} == {
        "Sulfides/sulfides heterostructures", "Sulfides/oxides heterostructures",
        "Sulfides/selenides heterostructures", "Selenides/selenides heterostructures",
        "Selenides/oxides heterostructures", "Chalcogenides/MXene heterostructures"}
    others = [c for cd in curated.values() for c in cd.claims if c.evidence.source_part != "table"]
    assert not [c.id for c in others if c.evidence.table_category]


def _one_claim_file(tmp_path: Path, **extra) -> Path:
    import yaml

    claim = {"id": "c1", "kind": "mechanism", "material": "MoS2", "mechanism": "BuiltInElectricField",
             "quote": "q", "start": 0, "end": 1, "source_part": "text", **extra}
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump({"document": "doc.txt", "claims": [claim]}))
    return path


def test_a_table_category_outside_a_table_is_refused(tmp_path):
    from heterokg.claims.curated import CuratedError, load_file

    with pytest.raises(CuratedError, match=r"doc\.yaml: claim c1: table_category is for table rows"):
        load_file(_one_claim_file(tmp_path, table_category="Oxides"))


def test_a_citation_mismatch_with_an_unknown_claim_is_refused(tmp_path):
    from heterokg.claims.curated import CuratedError, load_file

    with pytest.raises(CuratedError, match=r"doc\.yaml: claim c1: citation_mismatch unknown ids \['c9'\]"):
        load_file(_one_claim_file(tmp_path, citation_mismatch=["c9"]))
