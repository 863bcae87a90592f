"""``heterokg link`` against a stub Materials Project on 127.0.0.1; no test reaches the network.

The stub's entries carry made-up ids of letters only (``mp-stub...``), so no answer here can be
mistaken for a statement about a real entry; the polymorph traps are in their energies and
space groups: FeS2 pyrite (Pa-3) against the lower-energy marcasite (Pnnm), and two hexagonal
MoS2 entries (P6_3/mmc and P-6m2) at the same energy, the wrong one with the lower id.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from heterokg import link, linkset, paths
from heterokg.cli import main


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail any connection to an address that is not loopback."""
    real = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
            raise AssertionError(f"test tried to reach the network: {address}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def test_the_guard_stops_a_non_loopback_connection():
    with socket.socket() as s, pytest.raises(AssertionError, match="network"):
        s.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed


def _entry(id_, sg, e, deprecated=False, theoretical=False):
    return {"id": id_, "type": "structures", "attributes": {
        "space_group_symbol_hermann_mauguin": sg, "_mp_energy_above_hull": e,
        "_mp_deprecated": deprecated, "_mp_theoretical": theoretical}}


OPTIMADE = {
    "FeS2": [_entry("mp-stubpyrite", "Pa-3", 0.009), _entry("mp-stubmarcasite", "Pnnm", 0.0),
             _entry("mp-stubdeprecated", "Pnnm", 0.0, deprecated=True)],
    "MoS2": [_entry("mp-stubb", "P6_3/mmc", 0.0), _entry("mp-stuba", "P-6m2", 0.0),
             _entry("mp-stubpredicted", "P-3m1", 0.1, theoretical=True)],
    "OZn": [_entry("mp-stubwurtzite", "P6_3mc", 0.0)],
}
MP_API = {"FeS2": [{"material_id": "mp-stubpyrite", "symmetry": {"symbol": "Pa-3"}, "energy_above_hull": 0.009},
                   {"material_id": "mp-stubmarcasite", "symmetry": {"symbol": "Pnnm"}, "energy_above_hull": 0.0}]}


class _Stub(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlparse(self.path)
        query = parse_qs(url.query)
        self.seen.append(self.path)
        if url.path == "/v1/structures":
            formula = query["filter"][0].split('"')[1]
            body = {"data": OPTIMADE.get(formula, []), "links": {"next": None}}
        elif url.path == "/materials/summary/" and self.headers.get("X-API-KEY") == "test-key":
            body = {"data": MP_API.get(query["formula"][0], [])}
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)  # a free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Stub.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


GRAPH = """@prefix hkg: <https://w3id.org/heterokg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/heterokg/graph/t> {
  <https://w3id.org/heterokg/material/FeS2> a hkg:Material ; rdfs:label "FeS2" .
  <https://w3id.org/heterokg/material/FeS2_particles> a hkg:Compound ; rdfs:label "FeS2 particles" ; hkg:reducedFormula "FeS2" .
  <https://w3id.org/heterokg/material/pyrite_FeS2> a hkg:Compound ; rdfs:label "pyrite FeS2" ; hkg:reducedFormula "FeS2" .
  <https://w3id.org/heterokg/material/MoS2> a hkg:Compound ; rdfs:label "MoS2" ; hkg:reducedFormula "MoS2" .
  <https://w3id.org/heterokg/material/2H-MoS2> a hkg:Material ; rdfs:label "2H-MoS2" .
  <https://w3id.org/heterokg/material/1T_2H_MoS2> a hkg:Material ; rdfs:label "1T/2H MoS2" .
  <https://w3id.org/heterokg/material/ZnO> a hkg:Compound ; rdfs:label "ZnO" ; hkg:reducedFormula "ZnO" .
  <https://w3id.org/heterokg/material/Bi2S3-CuS> a hkg:Heterostructure ; rdfs:label "Bi2S3-CuS" .
}
"""


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "g.trig").write_text(GRAPH)
    shutil.copy(paths.curated_dir() / linkset.LINKS_FILE, tmp_path / linkset.LINKS_FILE)
    return tmp_path


def _mp_rows(path):
    t = linkset.read(path)
    return {t.expand(r["subject_id"]).rsplit("/", 1)[-1]: r for r in t.rows
            if r["object_id"].startswith("mp:") and r["reviewed"] == "false"}, t


def test_link_against_the_optimade_stub(stub, workdir, monkeypatch, capsys):
    monkeypatch.delenv("MP_API_KEY", raising=False)
    before = linkset.read(workdir / linkset.LINKS_FILE)
    reviewed_before = [r for r in before.rows if r["reviewed"] == "true"]
    assert main(["link", "--endpoint", stub, "--linkset", str(workdir / linkset.LINKS_FILE),
                 "--graph", str(workdir / "g.trig")]) == 0
    rows, after = _mp_rows(workdir / linkset.LINKS_FILE)
    # FeS2 without a phase: the ground state (marcasite), not the pyrite of third-party tests
    assert rows["FeS2_particles"]["object_id"] == "mp:mp-stubmarcasite"
    assert rows["FeS2_particles"]["phase_in_review"] == "phase unspecified"
    assert "FeS2" not in rows  # its reviewed NoTermFound row stands
    # a phase in the label picks its space group, even above the ground state
    assert rows["pyrite_FeS2"]["object_id"] == "mp:mp-stubpyrite" and rows["pyrite_FeS2"]["space_group"] == "Pa-3"
    # 2H: P6_3/mmc, not the other hexagonal entry that has the same energy and the lower id
    assert rows["2H-MoS2"]["object_id"] == "mp:mp-stubb" and rows["2H-MoS2"]["phase_in_review"] == "2h"
    # no phase: same energy, so the lower id; the predicted-only entry never counts
    assert rows["MoS2"]["object_id"] == "mp:mp-stuba" and rows["MoS2"]["energy_above_hull"] == "0"
    assert "1T_2H_MoS2" not in rows and "Bi2S3-CuS" not in rows  # two phases named; a heterostructure
    # the old unreviewed MoS2 candidates were replaced; reviewed rows are untouched (ZnO keeps mp-2133)
    assert not any(r["object_id"] in ("mp:mp-2815", "mp:mp-1434") for r in after.rows)
    assert [r for r in after.rows if r["reviewed"] == "true"] == reviewed_before
    assert "ZnO" not in rows and not any("OZn" in s for s in _Stub.seen)
    assert any('chemical_formula_reduced="FeS2"' in s.replace("%22", '"').replace("%3D", "=") for s in _Stub.seen)
    assert "mp-stubmarcasite" in capsys.readouterr().out


def test_link_through_mp_api_when_a_key_is_set(stub, workdir, monkeypatch):
    monkeypatch.setenv("MP_API_KEY", "test-key")
    assert main(["link", "--endpoint", stub, "--linkset", str(workdir / linkset.LINKS_FILE),
                 "--graph", str(workdir / "g.trig")]) == 0
    rows, after = _mp_rows(workdir / linkset.LINKS_FILE)
    assert rows["FeS2_particles"]["object_id"] == "mp:mp-stubmarcasite" and "API" in rows["FeS2_particles"]["id_source"]
    # the stub knows no MoS2 here: the candidates read in public sources stay for review
    assert {r["object_id"] for r in after.rows if r["subject_id"] == "hkgmat:MoS2"} >= {"mp:mp-2815", "mp:mp-1434"}


def test_an_unreachable_endpoint_is_an_error_not_a_guess(workdir, monkeypatch, capsys):
    monkeypatch.delenv("MP_API_KEY", raising=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    text = (workdir / linkset.LINKS_FILE).read_text()
    assert main(["link", "--endpoint", f"http://127.0.0.1:{port}", "--linkset", str(workdir / linkset.LINKS_FILE),
                 "--graph", str(workdir / "g.trig")]) == 2
    assert f"127.0.0.1:{port}" in capsys.readouterr().err
    assert (workdir / linkset.LINKS_FILE).read_text() == text


def test_rule_pieces():
    assert link.optimade_formula("ZnO") == "OZn" and link.optimade_formula("SnO2") == "O2Sn"
    assert link.optimade_formula("Na3V2(PO4)3") == "Na3O12P3V2"
    assert link.phase_of("α-Fe2O3", "Fe2O3") == ("α", "R-3c") and link.phase_of("anatase TiO2", "TiO2")[1] == "I4_1/amd"
    assert link.phase_of("1T/2H MoS2", "MoS2") == ("mixed", None) and link.phase_of("MoS2", "MoS2") == (None, None)
    assert link._label_formula("2H-MoS2", lambda f: f) == "MoS2" and link._label_formula("bare Zn", lambda f: f) is None
    assert link.space_group_key("P 63/m m c") == link.space_group_key("P6_3/mmc") == link.space_group_key("P6₃/mmc")
    # lowest id is numeric: mp-856 before mp-2133 (ids as stated in public sources)
    entries = [link.Entry("mp-2133", "X", 0.0), link.Entry("mp-856", "X", 0.0)]
    assert link.choose(entries, None).id == "mp-856"
    assert link.choose([link.Entry("mp-856", "X", 0.0, deprecated=True)], None) is None
