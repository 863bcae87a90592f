"""``heterokg extract`` / ``build`` through the CLI on a folder of one good document and many bad ones.

Without --keep-going a bad file stops the run: exit 2, one line naming the file and the
reason, nothing written. With --keep-going the good document's claims are written, every bad
file is named with its reason, and the exit status is 3 (documented in --help). Output is
swapped in whole, so a failed run never leaves an existing output file or graph half-written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from heterokg import export
from heterokg.cli import PARTIAL, main

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = "mini-review.txt"
MARKER = "XXE-MARKER-7f3a9c"
TEXT = "Heterostructures of MoS2 and SnS form a built-in electric field at the interface.\n"


def _truncated_jats() -> bytes:
    data = (FIXTURES / "table-review.xml").read_bytes()
    return data[: data.index(b"<tbody>") + 40]


def _xxe(secret: Path) -> bytes:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE article [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
            '<article><body><p>The MoS2/SnS heterostructure &xxe; builds a built-in electric field.</p></body></article>\n'
            ).encode()


def _hidden_xxe(secret: Path) -> bytes:
    """An entity declared after a comment that mentions ``<article``: a check that cut the
    prolog at the first ``<article`` never saw the declaration."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE article [<!-- <article --><!ENTITY xxe SYSTEM "file://{secret}">]>\n'
            '<article><body><p>The MoS2/SnS heterostructure &xxe; builds a built-in electric field.</p></body></article>\n'
            ).encode()


def _scan_pdf() -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)  # a drawing, no text layer
    return bytes(pdf.output())


#: name -> (what the reason must say); contents are made by _write_bad.
BAD = {
    "empty.txt": "empty file",
    "blob.bin": "binary file",
    "truncated.xml": "malformed XML",
    "latin1.txt": "not UTF-8",
    "utf16.txt": "UTF-16",
    "xxe.xml": "entities",
    "xxe-hidden.xml": "entities",
    "huge.txt": "over the 8 MB limit",
    "scan.pdf": "no text layer",
}


def _write_bad(folder: Path, name: str, secret: Path) -> Path:
    path = folder / name
    if name == "huge.txt":
        with open(path, "wb") as f:  # sparse: 200 MB on paper, nothing on disk
            f.write(b"MoS2 heterostructures ")
            f.truncate(200 * 1024 * 1024)
        return path
    data = {
        "empty.txt": b"",
        "blob.bin": bytes(range(256)) * 16,
        "truncated.xml": _truncated_jats(),
        "latin1.txt": "Les hétérostructures MoS2/SnS créent un champ électrique.\n".encode("latin-1"),
        "utf16.txt": TEXT.encode("utf-16"),
        "xxe.xml": _xxe(secret),
        "xxe-hidden.xml": _hidden_xxe(secret),
        "scan.pdf": _scan_pdf(),
    }[name]
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def secret(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(MARKER + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, secret) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    shutil.copy(FIXTURES / GOOD, folder / GOOD)
    for name in BAD:
        _write_bad(folder, name, secret)
    return folder


def _lines(err: str) -> list[str]:
    return [line for line in err.strip().splitlines() if line]


def _no_leftovers(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")], "temporary files left behind"


@pytest.mark.parametrize("name", sorted(BAD))
def test_without_keep_going_a_bad_file_stops_the_run(corpus, tmp_path, capsys, name):
    out = tmp_path / "claims.csv"
    code = main(["extract", str(corpus / GOOD), str(corpus / name), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 2
    (line,) = _lines(captured.err)
    assert line.startswith("heterokg: ") and name in line and BAD[name] in line, line
    assert not out.exists()
    _no_leftovers(tmp_path)
    assert MARKER not in captured.out + captured.err


def test_keep_going_writes_the_good_document_and_names_every_bad_one(corpus, tmp_path, capsys):
    out = tmp_path / "claims.jsonl"
    code = main(["extract", str(corpus), "--keep-going", "--format", "jsonl", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == PARTIAL == 3
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and {r["document"] for r in rows} == {GOOD}
    assert any(r["mechanism"] == "BuiltInElectricField" for r in rows)
    assert all(list(r) == list(export.COLUMNS) for r in rows)
    lines = _lines(captured.err)
    assert len(lines) == len(BAD), lines
    for name, reason in BAD.items():
        (line,) = [x for x in lines if f"/{name}: " in x]
        assert line.startswith("heterokg: skipped ") and reason in line, line
    assert captured.out == ""  # the rows went to -o
    assert MARKER not in out.read_text() + captured.err
    _no_leftovers(tmp_path)


def test_keep_going_with_nothing_readable_fails(corpus, tmp_path, capsys):
    bad = [str(corpus / n) for n in ("empty.txt", "blob.bin")]
    out = tmp_path / "claims.csv"
    assert main(["extract", *bad, "--keep-going", "-o", str(out)]) == 2
    lines = _lines(capsys.readouterr().err)
    assert len(lines) == 3 and "none of the 2 documents" in lines[-1]
    assert not out.exists()


def test_failed_run_leaves_existing_output_as_it_was(corpus, tmp_path, capsys):
    out = tmp_path / "claims.csv"
    out.write_text("previous run\n")
    assert main(["extract", str(corpus), "-o", str(out)]) == 2
    assert out.read_text() == "previous run\n"
    assert main(["extract", str(corpus / GOOD), "--format", "turtle", "-o", str(out)]) == 0
    assert "hkg:MechanismClaim" in out.read_text()  # turtle honours -o too
    _no_leftovers(tmp_path)


def test_output_is_not_half_written_when_writing_fails(corpus, tmp_path, monkeypatch):
    out = tmp_path / "claims.csv"
    out.write_text("previous run\n")

    def broken(rows, fmt, fh):
        fh.write("claim,document\nhalf")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(export, "write", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        main(["extract", str(corpus / GOOD), "-o", str(out)])
    assert out.read_text() == "previous run\n"
    _no_leftovers(tmp_path)


def test_oversized_file_is_refused_before_it_is_opened(corpus, monkeypatch, capsys):
    opened = []
    original = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **kw: opened.append(str(path)) or original(path, *a, **kw))
    assert main(["extract", str(corpus / "huge.txt")]) == 2
    assert "over the 8 MB limit" in capsys.readouterr().err
    assert not [p for p in opened if p.endswith("huge.txt")]


def _limited_run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI in a process held to 2 GB of address space: a reader that does not stop at the
    limit fails the test instead of the machine."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    return subprocess.run([sys.executable, "-m", "heterokg.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, preexec_fn=limit)


@pytest.mark.skipif(not Path("/dev/zero").exists() or not hasattr(os, "mkfifo"), reason="needs /dev/zero and FIFOs")
@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_devices_and_fifos_are_refused_at_once(tmp_path, kind):
    """/dev/zero never ends and a FIFO without a writer blocks: both are refused unread."""
    if kind == "fifo":
        path = tmp_path / "review.txt"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    proc = _limited_run("extract", str(path), timeout=30)
    assert proc.returncode == 2, proc.stderr
    (line,) = _lines(proc.stderr)
    assert line == f"heterokg: {path}: not a regular file"


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs /proc")
def test_the_size_limit_is_held_by_reading_not_by_st_size(monkeypatch):
    """A /proc file says it is 0 bytes long; the read itself stops at the limit."""
    import heterokg.documents as documents

    monkeypatch.setattr(documents, "MAX_BYTES", 64)
    assert os.stat("/proc/self/status").st_size == 0
    with pytest.raises(documents.DocumentError, match="over the 64 bytes limit"):
        documents.load("/proc/self/status")


def test_entities_and_includes_are_never_resolved(secret, tmp_path, capsys):
    """An internal entity is refused; an external DTD or an XInclude is never fetched."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY xxe SYSTEM "file://{secret}">\n')
    (tmp_path / "external.xml").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE article SYSTEM "file://{dtd}">\n'
        '<article><body><p>The MoS2/SnS heterostructure builds a built-in electric field &xxe;.</p></body></article>\n')
    (tmp_path / "xinclude.xml").write_text(
        '<?xml version="1.0"?>\n<article xmlns:xi="http://www.w3.org/2001/XInclude"><body>'
        '<p>The MoS2/SnS heterostructure builds a built-in electric field.</p>'
        f'<p><xi:include href="file://{secret}" parse="text"/></p></body></article>\n')
    (tmp_path / "internal.xml").write_bytes(_xxe(secret))
    out = tmp_path / "out.jsonl"
    code = main(["extract", *(str(tmp_path / n) for n in ("external.xml", "xinclude.xml", "internal.xml")),
                 "--keep-going", "--format", "jsonl", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == PARTIAL
    (line,) = _lines(captured.err)
    assert "internal.xml" in line and "entities" in line
    assert MARKER not in out.read_text() + captured.out + captured.err
    assert main(["extract", str(tmp_path / "external.xml"), "--format", "turtle"]) == 0
    assert MARKER not in capsys.readouterr().out


def test_build_keeps_the_graph_whole(corpus, tmp_path, capsys):
    graph = tmp_path / "graph"
    curated = tmp_path / "curated"
    curated.mkdir()
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(FIXTURES / GOOD, good / GOOD)
    assert main(["build", "--corpus", str(good), "--out", str(graph), "--curated", str(curated)]) == 0
    before = {p.name: p.read_bytes() for p in graph.iterdir()}
    capsys.readouterr()

    assert main(["build", "--corpus", str(corpus), "--out", str(graph), "--curated", str(curated)]) == 2
    assert len(_lines(capsys.readouterr().err)) == 1
    assert {p.name: p.read_bytes() for p in graph.iterdir()} == before

    assert main(["build", "--corpus", str(corpus), "--out", str(graph), "--curated", str(curated), "--keep-going"]) == PARTIAL
    captured = capsys.readouterr()
    assert len([x for x in _lines(captured.err) if x.startswith("heterokg: skipped ")]) == len(BAD)
    manifest = json.loads((graph / "manifest.json").read_text())
    assert [d["file"] for d in manifest["documents"]] == [GOOD]
    assert MARKER not in (graph / "heterokg.trig").read_text()
    _no_leftovers(tmp_path)


def test_help_documents_exit_statuses(capsys):
    with pytest.raises(SystemExit) as info:
        main(["extract", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "--keep-going" in text and "exit status" in text and "  3  --keep-going skipped" in text


def test_real_process_exit_status_and_streams(corpus, tmp_path):
    """The same through a separate process: sys.exit carries the status, rows on stdout."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    files = [str(corpus / GOOD), str(corpus / "xxe.xml"), str(corpus / "huge.txt")]
    proc = subprocess.run([sys.executable, "-m", "heterokg.cli", "extract", *files, "--keep-going", "--format", "jsonl"],
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == PARTIAL, proc.stderr
    assert [json.loads(x)["document"] for x in proc.stdout.splitlines()][0] == GOOD
    lines = _lines(proc.stderr)
    assert len(lines) == 2 and "xxe.xml" in lines[0] and "huge.txt" in lines[1]
    assert MARKER not in proc.stdout + proc.stderr
