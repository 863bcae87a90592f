"""Shared fixtures: the small fixture graph, free loopback ports and server processes.

Generic on purpose: other test modules may add fixtures here.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
FIXTURE_TRIG = DATA / "fixture.trig"


@contextlib.contextmanager
def web_app(**config) -> Iterator:
    """A Flask app over ``WebConfig(**config)``; its query processes stop afterwards."""
    from heterokg.web import WebConfig, create_app

    app = create_app(WebConfig(**config))
    try:
        yield app
    finally:
        app.extensions["heterokg"]["backend"].close()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    """Poll ``url`` (loopback only) until it answers anything, or fail."""
    import requests

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException as e:
            last = e
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s: {last}")


class ServerProcess:
    """A server subprocess on 127.0.0.1:``port``, stopped (its process group) on exit."""

    def __init__(self, cmd: list[str], port: int, ready_path: str = "/",
                 env: dict[str, str] | None = None, timeout: float = 60.0):
        self.cmd = cmd
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        full_env = dict(os.environ)
        src = str(REPO / "src")
        full_env["PYTHONPATH"] = src + (os.pathsep + full_env["PYTHONPATH"]
                                        if full_env.get("PYTHONPATH") else "")
        full_env.update(env or {})
        # output to a file, not a pipe nobody reads (a full pipe would block the server)
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                     env=full_env, start_new_session=True)
        try:
            wait_for_http(self.url + ready_path, timeout, self.proc)
        except BaseException as e:
            self.stop()
            raise RuntimeError(f"{cmd[:4]} did not start: {e}\n{self.output()[-3000:]}") from e

    def output(self) -> str:
        """What the server printed so far."""
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, 15)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(5)


    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@pytest.fixture(scope="session")
def fixture_trig() -> Path:
    return FIXTURE_TRIG


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory) -> Path:
    """An on-disk Oxigraph store of the fixture graph (built once per session)."""
    from heterokg.store import load_store

    location = tmp_path_factory.mktemp("store") / "store"
    store = load_store(FIXTURE_TRIG, location)
    del store
    return location


@pytest.fixture
def server_process() -> Iterator:
    """Factory: ``server_process(cmd, port, ready_path="/")`` -> ServerProcess, stopped after."""
    started: list[ServerProcess] = []

    def start(cmd: list[str], port: int, ready_path: str = "/", env=None, timeout=60.0):
        sp = ServerProcess(cmd, port, ready_path, env, timeout)
        started.append(sp)
        return sp

    yield start
    for sp in started:
        sp.stop()


PYTHON = sys.executable


@pytest.fixture
def extract_in_home(tmp_path) -> Callable:
    """Factory: ``extract_in_home(models)`` -> the finished ``heterokg extract`` of a one-sentence
    review, run in a project home whose models/ holds ``models`` (file name -> text, None: a
    copy of the shipped file), with the output file it was asked to write."""
    import shutil

    from heterokg import paths

    root = paths.project_root()

    def run(models: dict[str, str | None]):
        home = tmp_path / "home"
        if not home.exists():
            home.mkdir()
            for name in ("ontology", "shapes", "curated", "queries"):
                (home / name).symlink_to(root / name)
            shutil.copy(root / "pyproject.toml", home / "pyproject.toml")
        shutil.rmtree(home / "models", ignore_errors=True)
        (home / "models").mkdir()
        for name, text in models.items():
            target = home / "models" / name
            target.write_text(text, encoding="utf-8") if text is not None else shutil.copy(root / "models" / name, target)
        doc = tmp_path / "review.txt"
        doc.write_text("The MoS2/C heterostructure shows a built-in electric field.\n", encoding="utf-8")
        out = tmp_path / "claims.csv"
        done = subprocess.run([sys.executable, "-m", "heterokg.cli", "extract", str(doc), "-o", str(out)],
                              capture_output=True, text=True, env={**os.environ, "HETEROKG_HOME": str(home)})
        return done, out

    return run
