import json
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest

from heterokg.store import CHECKSUM_FILE, load_store, open_read_only, run_query

K = "https://w3id.org/heterokg/"
FIXTURE_QUADS = 188


def test_load_in_memory(fixture_trig):
    store = load_store(fixture_trig)
    assert len(store) == FIXTURE_QUADS
    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {K + "graph/ontology", K + "graph/001_aaaa", K + "graph/002_bbbb"}


def test_load_on_disk_reuses_and_rebuilds(fixture_trig, tmp_path):
    trig = tmp_path / "g.trig"
    shutil.copy(fixture_trig, trig)
    location = tmp_path / "data" / "store"
    store = load_store(trig, location)
    assert len(store) == FIXTURE_QUADS
    del store
    record = json.loads((location / CHECKSUM_FILE).read_text())
    assert len(record["sha256"]) == 64 and record["quads"] == FIXTURE_QUADS
    (location / "marker").write_text("kept when reused")
    store = load_store(trig, location)  # same checksum: reused as it is
    assert (location / "marker").exists() and len(store) == FIXTURE_QUADS
    del store
    with open(trig, "a") as f:
        f.write('\n<https://w3id.org/heterokg/graph/extra> { <urn:a> <urn:b> "c" . }\n')
    store = load_store(trig, location)  # changed: rebuilt in a sibling and swapped
    assert not (location / "marker").exists()
    assert len(store) == FIXTURE_QUADS + 1
    del store
    leftovers = [p.name for p in location.parent.iterdir() if p.name != "store"]
    assert leftovers == []


def test_open_read_only_from_other_processes(fixture_store):
    ro = open_read_only(fixture_store)
    assert len(ro) == FIXTURE_QUADS
    code = f"import pyoxigraph as ox; print(len(ox.Store.read_only({str(fixture_store)!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(FIXTURE_QUADS)
    with pytest.raises(FileNotFoundError):
        open_read_only(fixture_store.parent / "missing")


@pytest.fixture(scope="module")
def mem_store(fixture_trig):
    return load_store(fixture_trig)


MATERIALS = """PREFIX hkg: <https://w3id.org/heterokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?m ?label WHERE { ?m a hkg:Compound ; rdfs:label ?label } ORDER BY ?label"""


def test_run_query_table(mem_store):
    out = run_query(mem_store, MATERIALS)
    lines = out.splitlines()
    assert lines[0].split() == ["m", "|", "label"]
    assert set(lines[1]) <= {"-", "+"}
    assert "material:Bi2S3" in lines[2] and lines[2].rstrip().endswith("Bi2S3")
    assert lines[-1] == "(3 rows)"
    # columns are aligned
    assert len({line.index("|") for line in lines[2:-1]}) == 1


def test_run_query_formats(mem_store):
    csv = run_query(mem_store, MATERIALS, "csv")
    assert csv.splitlines()[0] == "m,label" and "https://w3id.org/heterokg/material/CuS,CuS" in csv
    tsv = run_query(mem_store, MATERIALS, "tsv")
    assert tsv.splitlines()[0] == "?m\t?label" and "<https://w3id.org/heterokg/material/CuS>" in tsv
    js = json.loads(run_query(mem_store, MATERIALS, "json"))
    assert js["head"]["vars"] == ["m", "label"] and len(js["results"]["bindings"]) == 3
    with pytest.raises(ValueError):
        run_query(mem_store, MATERIALS, "yaml")


def test_run_query_ask_construct_describe(mem_store):
    assert run_query(mem_store, "ASK { ?s ?p ?o }") == "true\n"
    assert json.loads(run_query(mem_store, "ASK { ?s ?p ?o }", "json"))["boolean"] is True
    ttl = run_query(mem_store, f"CONSTRUCT {{ ?m ?p ?o }} WHERE {{ BIND(<{K}material/CuS> AS ?m) ?m ?p ?o }}")
    assert "@prefix" in ttl and "material:CuS" in ttl
    g = ox.Store()
    g.load(ttl.encode(), format=ox.RdfFormat.TURTLE)
    assert len(g) == 5
    ttl = run_query(mem_store, f"DESCRIBE <{K}material/CuS>", "csv")
    assert '"CuS"' in ttl


def test_union_default_graph_and_dataset(mem_store):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/heterokg/ontology#Claim> }"
    assert json.loads(run_query(mem_store, q, "json"))["results"]["bindings"][0]["n"]["value"] == "4"
    one = run_query(mem_store, q, "json", default_graph=[K + "graph/002_bbbb"])
    assert json.loads(one)["results"]["bindings"][0]["n"]["value"] == "1"
    q_from = q.replace("WHERE", f"FROM <{K}graph/001_aaaa> WHERE")
    assert json.loads(run_query(mem_store, q_from, "json"))["results"]["bindings"][0]["n"]["value"] == "3"
    named = run_query(mem_store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "json",
                      named_graphs=[K + "graph/ontology"])
    assert [b["g"]["value"] for b in json.loads(named)["results"]["bindings"]] == [K + "graph/ontology"]


def test_run_query_syntax_error(mem_store):
    with pytest.raises(SyntaxError):
        run_query(mem_store, "SELEC ?x WHERE {}")


def test_unbound_values_in_table(mem_store):
    out = run_query(mem_store, "SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 UNDEF) } }")
    assert out.splitlines()[2].replace(" ", "") == "1|" and "None" not in out



def test_run_query_predeclares_the_projects_prefixes(mem_store):
    """No PREFIX lines needed for hkg:, rdfs:, skos:, material: ...; IRIs print with them."""
    out = run_query(mem_store, "SELECT ?m WHERE { ?m a hkg:Compound ; rdfs:label ?l } ORDER BY ?l LIMIT 1")
    assert out.splitlines()[2].startswith("material:")
    assert " k:" not in out
