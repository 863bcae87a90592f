"""Named materials of a class (issue #17): the rule, the RDF it gives, and the shipped graph.

Every name below is printed in the reviews (the sentence checked is quoted beside it); the rule
sees only the name and the ontology's words.
"""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from heterokg import paths
from heterokg.claims.model import Claim, Evidence, Material
from heterokg.claims.named import NamedMaterials, names_one_material, vocabulary_words
from heterokg.documents.model import Metadata
from heterokg.rdf import HKG, document_graph, material_iri
from heterokg.vocabulary import load

MCL = "https://w3id.org/heterokg/materialclass/"


@pytest.fixture(scope="module")
def vocab():
    return load()


@pytest.fixture(scope="module")
def words(vocab):
    return vocabulary_words(vocab)


NAMED = [
    # 004: "The g-C3N4 modulating interface with the uniform nucleating electron field (the rich N species)"
    "g-C3N4",
    # 004: "the zeolitic imidazolate framework-8 (ZIF-8) have been proven to be effective protection layers"
    "ZIF-8",
    # 004: "the porous structure, trace amount of zinc in the framework, and high over-potential for
    # hydrogen evolution of the annealed ZIF-8"
    "annealed ZIF-8",
    # 004: "polyamide was chosen as the coating layer to elevate the nucleation barrier"
    "polyamide",
    # 004: "the carbonyl oxygen atoms of polyimide acted as electron-donating sites"
    "polyimide",
    # 004 Table 1 rows: "PA\tcoating layer\trobust chemical stability", "HsGDY\tcoating layer Functional\t
    # Zn-ion diffusion channels", "COP-CMC\tFunctional coating layer"
    "PA", "HsGDY", "COP-CMC",
    # 004: "could also be achieved using an Mg-Al layered double hydroxide (LDH) coating layer"
    "Mg-Al LDH",
    # 004: "the formed ZnP solid solution alloy further expanded the interplanar spacing"
    "ZnP solid solution alloy",
    # 003: "constructed sodiophilic nitrogen (N) and sulfur (S) co-doped carbon nanotube (NSCNT) paper"
    "N and S co-doped carbon nanotube (NSCNT) paper",
]

CLASS_LEVEL = [
    # 004: "artificially forming a stable SEI film would dramatically aid the development of ... AZIBs"
    "SEI film",
    # 001: "MXenes possess excellent electrical conductivity, flexibility and structural stability."
    "MXenes",
    # 002: "constructing heterostructures to enhance the electrochemical activity of Mn-based materials"
    "Mn-based heterostructures",
    # 002: "V-based materials have been widely adopted due to their excellent structural integrity"
    "V-based materials",
    # 001: "carbon materials (hard carbon, graphene) and titanium-based materials (TiO2, NazTi307)"
    "carbon materials (hard carbon, graphene)", "titanium-based materials (TiO2, Na2Ti3O7)",
    # 004: "polymer coating as one of the widespread anti-corrosion technique has been utilized"
    "polymer coating",
    # 001: "Iron selenide has emerged as a research hotspot": a family, no notation
    "iron selenide",
    # 000: "named epitaxial heterostructures (EHs)": a plural acronym is the class
    "EHs",
    "heterostructures", "the polymer", "polymeric", "metal-organic frameworks (MOFs)", "LDH",
]


@pytest.mark.parametrize("name", NAMED)
def test_a_name_with_notation_names_one_material(words, name):
    assert names_one_material(name, words)


@pytest.mark.parametrize("name", CLASS_LEVEL)
def test_a_mention_of_the_class_stays_the_class(words, name):
    assert not names_one_material(name, words)


def test_the_ontologys_words_name_no_material(words):
    """"SEI" and "LDH" are labels of classes; "ZIF-8-derived" (a synthesis label) does not make
    ZIF a word of the ontology, nor "Al-air battery" Al."""
    assert {"sei", "ldh", "mofs", "polymer"} <= words
    assert not {"zif", "al", "pa"} & words


def test_a_class_word_read_by_the_extractor_stays_the_class(vocab):
    """000 defines "epitaxial heterostructures (EHs)"; its singular "EH" in "a peony-like
    Ni/Co-LDH (LDH = layered double hydroxide) EH" is that class, though it looks like an acronym."""
    named = NamedMaterials(vocab)
    assert named(Material("EH", material_class="Heterostructure"))  # by the name alone
    assert not named(Material("EH", material_class="Heterostructure", class_word=True))
    assert not named(Material("PA"))  # not filed under a class: not this rule's business


def test_node_class_follows_the_ontology(vocab):
    named = NamedMaterials(vocab)
    assert named.node_class("Polymer") == str(HKG.Polymer)
    assert named.node_class("MetalOrganicFramework") == str(HKG.FrameworkMaterial)
    assert named.node_class("SolidElectrolyteInterphase") == str(HKG.Interphase)
    assert named.node_class("MetalSulfide") is None  # nor its broader MetalChalcogenide


def _graph(vocab, *materials: Material) -> Graph:
    claims = [Claim(id=f"c{i}", kind="effect", material=m, effect="UniformNucleation", method="curated",
                    confidence=1.0, evidence=Evidence("T.txt", 0, 4, "text"))
              for i, m in enumerate(materials)]
    return document_graph("T", "T.txt", Metadata(), "0" * 64, [], claims, vocab)


def test_named_material_is_a_node_typed_with_its_class(vocab):
    g = _graph(vocab, Material("polyimide", material_class="Polymer"),
               Material("Mg-Al LDH", material_class="LayeredDoubleHydroxide"),
               Material("SEI film", material_class="SolidElectrolyteInterphase"))
    pi, ldh = material_iri("polyimide"), material_iri("Mg-Al LDH")
    about = {str(o) for o in g.objects(None, HKG.aboutMaterial)}
    assert about == {str(pi), str(ldh), MCL + "SolidElectrolyteInterphase"}
    assert (pi, RDF.type, HKG.Polymer) in g and (pi, RDFS.label, Literal("polyimide")) in g
    assert (pi, HKG.materialClass, URIRef(MCL + "Polymer")) in g
    # a class concept without an OWL class: a material, with its concept
    assert set(g.objects(ldh, RDF.type)) == {HKG.Material}
    assert (ldh, HKG.materialClass, URIRef(MCL + "LayeredDoubleHydroxide")) in g


def test_named_material_is_one_node_with_the_same_material_printed_elsewhere(vocab):
    """004 files its Table 1 row g-C3N4 under carbon materials and also names g-C3N4 in a
    sentence; both claims are about one node."""
    g = _graph(vocab, Material("g-C3N4", material_class="CarbonMaterial"), Material("g-C3N4"))
    assert {str(o) for o in g.objects(None, HKG.aboutMaterial)} == {str(material_iri("g-C3N4"))}


# --- the shipped graph, over the SPARQL protocol --------------------------------------------

NAMED_OF_CLASS = """
PREFIX hkg: <https://w3id.org/heterokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?material ?label ?class (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
  ?claim hkg:aboutMaterial ?material .
  ?material hkg:materialClass ?class ; rdfs:label ?label .
} GROUP BY ?material ?label ?class
"""


@pytest.fixture(scope="module")
def client():
    from heterokg.web import create_app
    from heterokg.web.config import WebConfig

    return create_app(WebConfig(trig=paths.graph_file(), query_processes=0)).test_client()


def _sparql(client, query: str) -> list[dict[str, str]]:
    resp = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    return list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))


def test_g_c3n4_is_a_carbon_material_node(client):
    """004: "The g-C3N4 modulating interface with the uniform nucleating electron field (the rich
    N species) and fast electron transport" and its Table 1 row "g-C ₃ N ₄\tFunctional coating
    layer\tZincophilic interphase": curated under carbon materials, now a material node."""
    ask = """PREFIX hkg: <https://w3id.org/heterokg/ontology#>
    PREFIX mcl: <https://w3id.org/heterokg/materialclass/>
    ASK { <https://w3id.org/heterokg/material/g-C3N4> a hkg:CarbonMaterial , hkg:Material ;
          hkg:materialClass mcl:CarbonMaterial .
          ?claim hkg:aboutMaterial <https://w3id.org/heterokg/material/g-C3N4> ;
                 hkg:mechanism <https://w3id.org/heterokg/mechanism/Zincophilicity> }"""
    resp = client.post("/sparql", data={"query": ask}, headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 200 and resp.get_json()["boolean"] is True


def test_polymers_are_found_as_materials(client):
    """004: "polyamide was chosen as the coating layer"; "the carbonyl oxygen atoms of polyimide";
    Table 1 rows "PA\tcoating layer" and "COP-CMC\tFunctional coating layer"."""
    rows = _sparql(client, NAMED_OF_CLASS.replace("WHERE {", "WHERE { ?material a hkg:Polymer ."))
    assert {r["label"] for r in rows} == {"polyamide", "polyimide", "PA", "COP-CMC"}


def test_class_level_claims_are_still_counted_with_their_named_members(client):
    """The path of docs/data-model.md: a class's own claims and its named members' claims."""
    query = """PREFIX hkg: <https://w3id.org/heterokg/ontology#>
    PREFIX mcl: <https://w3id.org/heterokg/materialclass/>
    SELECT (COUNT(DISTINCT ?c) AS ?all) (COUNT(DISTINCT ?own) AS ?class) WHERE {
      ?c hkg:aboutMaterial/hkg:materialClass? mcl:Polymer .
      OPTIONAL { ?c hkg:aboutMaterial mcl:Polymer BIND(?c AS ?own) } }"""
    row = _sparql(client, query)[0]
    named = sum(int(r["claims"]) for r in _sparql(client, NAMED_OF_CLASS) if r["class"].endswith("/Polymer"))
    assert int(row["class"]) >= 1  # 004: "polymer coating as one of the widespread anti-corrosion technique"
    assert int(row["all"]) == int(row["class"]) + named


def test_mentions_of_a_class_stay_class_level(client):
    """004: "artificially forming a stable SEI film would ..."; 001: "MXenes possess excellent
    electrical conductivity": about the class, no material node of that name."""
    rows = _sparql(client, """PREFIX hkg: <https://w3id.org/heterokg/ontology#>
    SELECT DISTINCT ?text ?about WHERE { ?c hkg:subjectText ?text ; hkg:aboutMaterial ?about
      FILTER(?text IN ("SEI film", "MXenes", "heterostructures", "EH")) }""")
    assert rows and all("/materialclass/" in r["about"] for r in rows)
    # "EH" (000's acronym for epitaxial heterostructures) is the subject of machine claims only,
    # which the scorer keeps or drops; tests/test_extract_sentences.py reads it as the class
    assert {r["text"] for r in rows} - {"EH"} == {"SEI film", "MXenes", "heterostructures"}


def test_material_page_names_the_class(client):
    """004: "the carbonyl oxygen atoms of polyimide acted as electron-donating sites": polyimide's
    page says which class it was filed under, linked to the class."""
    resp = client.get("/resource/material/polyimide", headers={"Accept": "text/html"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "<dt>Material class</dt>" in page
    assert 'href="/resource/materialclass/Polymer"' in page and ">polymer<" in page
