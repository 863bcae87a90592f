"""Values a numeric filter can trust (issue 17): canonical units, no float noise."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from heterokg import paths
from heterokg.store import load_store, run_query

K = "https://w3id.org/heterokg/"
P = "PREFIX hkg: <https://w3id.org/heterokg/ontology#>\n"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store(paths.graph_file())


def _one(store, sparql: str) -> list[str]:
    return run_query(store, P + sparql, "csv").splitlines()[1:]


@pytest.mark.parametrize("claim,value,unit,canonical", [
    # 003: "the thickness of the artificial interlayer of VN is about 70 µm"
    ("003_b434dd78c82ddd32/c0072", "70", "unit/MicroM", "70000"),
    # 002: "The synergistic effect reduces the overpotential from 0.68 V (Fe2N@NC) ..."
    ("002_498d6b69aacb8373/c0211", "0.68", "unit/V", "680"),
    # 002: "lowers the energy barrier for the rate-determining step of ORR from 0.59 eV to
    # 0.46 eV": per mole 0.46 eV x N_A = 44.38 kJ/mol, given to 3 digits
    ("002_498d6b69aacb8373/c0193", "0.46", "unit/EV", "44.4"),
])
def test_values_also_in_the_metrics_canonical_unit(store, claim, value, unit, canonical):
    rows = _one(store, f"SELECT ?v ?u ?cv WHERE {{ <{K}claim/{claim}> hkg:measurement ?m . "
                       "?m hkg:value ?v ; hkg:unit ?u ; hkg:canonicalValue ?cv }")
    v, u, cv = rows[0].split(",")
    assert (v, u.endswith(unit), cv) == (value, True, canonical)


def test_every_convertible_measurement_has_a_canonical_value(store):
    """Only an areal power density (mW/cm2) beside the gravimetric canonical unit (W/kg) has
    none: no conversion exists between the two without the electrode's loading."""
    missing = _one(store, "SELECT DISTINCT ?u WHERE { ?m hkg:metric/hkg:canonicalUnit ?cu ; "
                          "hkg:value ?v ; hkg:unit ?u FILTER NOT EXISTS { ?m hkg:canonicalValue ?cv } }")
    assert missing == [K + "unit/MilliwattPerSquareCentimetre"]


def test_no_float_noise_and_confidences_of_two_places():
    text = paths.graph_file().read_text("utf-8")
    decimals = re.findall(r'"(-?\d+\.\d+(?:[eE][-+]?\d+)?)"\^\^xsd:decimal', text)
    assert decimals
    noisy = [d for d in decimals if re.search(r"[1-9][0-9.]*?(?:0{6,}|9{6,})[0-9]$", d)]
    assert noisy == []
    confidences = re.findall(r'hkg:confidence "([^"]+)"', text)
    assert confidences and all(len(c.split(".")[-1]) <= 2 for c in confidences if "." in c)


def test_export_keeps_qualifiers_and_canonical_values(store):
    """002: "with a low overpotential < 0.5 V" is less than 0.5 V, i.e. less than 500 mV."""
    from heterokg import export

    rows = {r["claim"]: r for r in export.rows(store)}
    row = rows[K + "claim/002_498d6b69aacb8373/c0255"]
    assert (row["qualifier"], row["value"], row["unit"]) == ("lt", "0.5", "V")
    assert (row["canonical_value"], row["canonical_unit"]) == ("500", "MilliV")
