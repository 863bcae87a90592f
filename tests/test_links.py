"""The linkset (curated/links.sssom.tsv) and the links graph the build makes of it.

The expected ids below were read by hand in the public sources that ../shared/external-ids.md
names (materialsproject/pymatgen, hackingmaterials/robocrystallographer and matminer,
abinit/abipy, materialsproject/public-docs, emmo-repo/domain-chemical-substance); they are
not taken from the linkset itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from heterokg import linkset, paths

M = paths.BASE_IRI + "material/"
HKG = rdflib.Namespace(paths.BASE_IRI + "ontology#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
EXTERNAL_IDS = paths.project_root().parent / "shared" / "external-ids.md"

# Materials Project ids the graph ships (reviewed rows): one id stated for the formula. "bare Zn",
# "metallic zinc" and "Zn nanoparticles" are spellings of the one Zn node (issue #17), not nodes.
MP = {"ZnO": "mp-2133", "SnO2": "mp-856", "Zn": "mp-79", "Cu": "mp-30", "ZnS": "mp-10695", "VN": "mp-925", "Bi2S3": "mp-22856",
      "NiSe2": "mp-20901", "Sb2S3": "mp-2809", "Fe2O3": "mp-24972"}
# Plain compounds: exact matches to Wikidata and PubChem.
EXACT = {"ZnO": ("Q190077", "14806"), "ZnS": ("Q204952", "14821"), "ZnF2": ("Q204783", "10129912"),
         "SnO2": ("Q129163", "29011"), "CuS": ("Q416688", "14831"), "FeS2": ("Q1311146", "14788"),
         "Fe2O3": ("Q419170", None), "Na": ("Q658", "5360545"), "Zn": ("Q758", "23994"),
         "Cu": ("Q753", "23978"), "TiO2": (None, "26042")}
# Formulas of the Materials Project table of external-ids.md, plus the two it names as unlinkable.
MP_FORMULAS = {"ZnO", "SnO2", "Zn", "Cu", "ZnS", "ZnSe", "VN", "MoS2", "WS2", "Bi2S3", "NiSe2", "Sb2S3",
               "NaF", "SnS2", "CoSe2", "TiO2", "MoSe2", "ZnF2", "FeS2", "Fe2O3", "Co9S8", "Na"}
WD = "http://www.wikidata.org/entity/"
PC = "https://pubchem.ncbi.nlm.nih.gov/compound/"


@pytest.fixture(scope="module")
def table() -> linkset.Linkset:
    return linkset.read(paths.curated_dir() / linkset.LINKS_FILE)


@pytest.fixture(scope="module")
def shipped() -> rdflib.Dataset:
    ds = rdflib.Dataset(default_union=True)  # read as a SPARQL endpoint serves it
    ds.parse(paths.graph_file(), format="trig")
    return ds


@pytest.fixture(scope="module")
def links(shipped) -> rdflib.Graph:
    return shipped.graph(linkset.LINKS_GRAPH)


def test_shipped_materials_project_links_are_the_verified_ones(links):
    found = {str(s).removeprefix(M): str(o) for s, o in links.subject_objects(HKG.mpId)}
    assert found == MP
    for slug, mp_id in MP.items():
        assert (URIRef(M + slug), SKOS.closeMatch, URIRef(linkset.MP_PAGE + mp_id)) in links
        assert (URIRef(M + slug), SKOS.exactMatch, URIRef(linkset.MP_PAGE + mp_id)) not in links


def test_plain_compounds_match_wikidata_and_pubchem_exactly(links):
    for slug, (qid, cid) in EXACT.items():
        got = {str(o) for o in links.objects(URIRef(M + slug), SKOS.exactMatch)}
        assert got == {x for x in (qid and WD + qid, cid and PC + cid) if x}, slug
    # qualified or doped forms are only close: alpha phase, doping, facets, electrodes
    assert (URIRef(M + "%CE%B1-Fe2O3"), SKOS.closeMatch, URIRef(WD + "Q419170")) in links
    assert (URIRef(M + "F-TiO2"), SKOS.closeMatch, URIRef(PC + "26042")) in links
    assert not set(links.objects(URIRef(M + "F-TiO2"), SKOS.exactMatch))


def test_heterostructures_link_only_through_components(shipped, links):
    heteros = set(shipped.subjects(RDF.type, HKG.Heterostructure))
    assert URIRef(M + "Bi2S3-CuS") in heteros
    assert not heteros & set(links.subjects())
    assert (URIRef(M + "CuS"), SKOS.exactMatch, URIRef(WD + "Q416688")) in links  # a component of Bi2S3-CuS


def test_never_same_as_and_candidates_stay_out(shipped, links):
    assert not any(str(s).startswith(M) for s in shipped.subjects(OWL.sameAs, None))
    # several ids stated for MoS2 and TiO2 without a phase: candidates for review, not shipped
    assert not set(links.objects(URIRef(M + "MoS2"), HKG.mpId))
    assert not set(links.objects(URIRef(M + "TiO2"), HKG.mpId))
    # FeS2: the one id stated is pyrite, the rule would pick the ground state (marcasite)
    assert not set(links.objects(URIRef(M + "FeS2"), SKOS.closeMatch))


def test_every_linkset_row_names_a_material_of_the_graph_by_its_label(table, shipped):
    for row in table.rows:
        subject = URIRef(table.expand(row["subject_id"]))
        assert Literal(row["subject_label"]) in set(shipped.objects(subject, rdflib.RDFS.label)), row["subject_id"]
        assert row["mapping_justification"] == "semapv:ManualMappingCuration"
        assert row["reviewed"] in ("true", "false")
        if row["object_id"] != linkset.NO_TERM:
            assert row["id_source"], row


@pytest.mark.skipif(not EXTERNAL_IDS.is_file(), reason=f"{EXTERNAL_IDS} not present")
def test_every_id_was_stated_in_a_public_source(table):
    text = EXTERNAL_IDS.read_text(encoding="utf-8")
    for row in table.rows:
        if row["object_id"] != linkset.NO_TERM:
            local = row["object_id"].split(":", 1)[1]
            assert re.search(rf"(?<![\w-]){re.escape(local)}(?![\w-])", text), row["object_id"]


def test_every_material_with_a_listed_formula_has_a_row(table, shipped):
    """A link, a candidate or a stated reason for none, for each plain-formula material."""
    subjects = {table.expand(r["subject_id"]) for r in table.rows
                if r["object_id"] == linkset.NO_TERM or r["object_id"].startswith("mp:")}
    named = {str(s) for s, label in shipped.subject_objects(rdflib.RDFS.label)
             if str(s).startswith(M) and str(label) in MP_FORMULAS}
    assert named and named <= subjects, sorted(named - subjects)


def test_void_counts_links_per_target(shipped):
    dataset = URIRef(paths.BASE_IRI + "dataset")
    counts = {}
    for ls in shipped.default_graph.objects(dataset, VOID.subset):
        target = shipped.default_graph.value(ls, VOID.objectsTarget)
        pred = shipped.default_graph.value(ls, VOID.linkPredicate)
        counts[(str(target).rsplit("/", 1)[-1], str(pred).rsplit("#", 1)[-1])] = int(shipped.default_graph.value(ls, VOID.triples))
    assert counts[("materialsproject", "closeMatch")] == len(MP)
    assert counts[("wikidata", "exactMatch")] == sum(q is not None for q, _ in EXACT.values())
    assert counts[("pubchem", "exactMatch")] == sum(c is not None for _, c in EXACT.values())
    dois = {(s, str(d)) for s, d in shipped.subject_objects(URIRef("http://purl.org/ontology/bibo/doi"))
            if isinstance(s, URIRef)}
    assert counts[("doi", "seeAlso")] == len(dois) > 100  # 002 alone lists 100 references with DOIs


def test_dois_become_doi_org_links(shipped):
    ref = URIRef(paths.BASE_IRI + "document/004_9a5f26c541105712/ref/5")
    assert (ref, rdflib.RDFS.seeAlso, URIRef("https://doi.org/10.1016/j.esci.2021.09.003")) in shipped
    doc = URIRef(paths.BASE_IRI + "document/003_b434dd78c82ddd32")
    assert (doc, rdflib.RDFS.seeAlso, URIRef("https://doi.org/10.1039/d2nh00152g")) in shipped


def test_mp_id_pattern_accepts_numeric_and_letter_ids_and_matches_the_shape():
    assert linkset.MP_ID.match("mp-2133") and linkset.MP_ID.match("mp-" + "abc")
    assert not linkset.MP_ID.match("2133") and not linkset.MP_ID.match("mp-") and not linkset.MP_ID.match("mvc-1")
    shapes = (paths.shapes_dir() / "heterokg-shapes.ttl").read_text()
    assert 'sh:pattern "^mp-(?:[0-9]+|[a-z]+)$"' in shapes and linkset.MP_ID.pattern == "^mp-(?:[0-9]+|[a-z]+)$"


def _one_row(tmp_path: Path, table: linkset.Linkset, **changes) -> linkset.Linkset:
    row = dict(next(r for r in table.rows if r["object_id"] == "mp:mp-2133"), **changes)
    return linkset.Linkset(table.header, table.curie_map, [row])


@pytest.mark.parametrize("changes,message", [
    ({"subject_id": "hkgmat:NoSuchMaterial"}, "not a material of the built graph"),
    ({"predicate_id": "owl:sameAs"}, "is not one of"),
    ({"predicate_id": "skos:exactMatch"}, "Materials Project link is skos:closeMatch"),
    ({"object_id": "mp:2133"}, "Materials Project link is skos:closeMatch"),
    ({"object_id": "nowhere:x"}, "prefix not in the curie_map"),
])
def test_bad_rows_stop_the_build(tmp_path, table, changes, message):
    with pytest.raises(linkset.LinksetError, match=message):
        linkset.to_graph(_one_row(tmp_path, table, **changes), {URIRef(M + "ZnO")})


def test_unreviewed_and_no_term_rows_make_no_triples(tmp_path, table):
    assert not linkset.to_graph(_one_row(tmp_path, table, reviewed="false"), {URIRef(M + "ZnO")})
    assert not linkset.to_graph(_one_row(tmp_path, table, object_id=linkset.NO_TERM), {URIRef(M + "ZnO")})


def test_write_keeps_header_and_rows(tmp_path, table):
    out = tmp_path / linkset.LINKS_FILE
    linkset.write(table, out)
    again = linkset.read(out)
    assert again.header == table.header and again.rows == table.rows and again.curie_map == table.curie_map
    assert out.read_text() == (paths.curated_dir() / linkset.LINKS_FILE).read_text()


def test_every_material_with_a_formula_has_a_link_or_a_reason(table, shipped, links):
    """Issue #18's target: a material whose composition a source names links out, or the graph
    says why not: its reviewed sssom:NoTermFound row's comment, else the general reason (no id
    stated in a public source; a doped or non-stoichiometric phase)."""
    linked = set(links.subjects(SKOS.closeMatch)) | set(links.subjects(SKOS.exactMatch))
    reasons = dict(links.subject_objects(HKG.noLinkReason))
    for material, formula in set(shipped.subject_objects(HKG.reducedFormula)):
        assert material in linked or material in reasons, material
        assert not (material in linked and material in reasons), material
        if material in reasons and re.search(r"\d\.\d", str(formula)) and material not in {
                URIRef(table.expand(r["subject_id"])) for r in table.rows}:
            assert str(reasons[material]) == linkset.NON_STOICHIOMETRIC
    stated = {URIRef(table.expand(r["subject_id"])): r["comment"] for r in table.rows
              if linkset.is_reviewed(r) and r["object_id"] == linkset.NO_TERM}
    for material, comment in stated.items():
        if material not in linked:
            assert str(reasons[material]) == comment
    assert any(str(r) == linkset.NO_SOURCE for r in reasons.values())
