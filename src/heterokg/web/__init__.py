"""heterokg's web front end and SPARQL 1.1 Protocol endpoint.

Public API (the CLI calls these):

* :class:`WebConfig` -- configuration dataclass (``WebConfig.from_env()``,
  ``WebConfig.add_arguments(parser)`` / ``WebConfig.from_args(ns)``).
* :func:`create_app` -- the Flask application.
* :func:`serve_dev` -- Flask's development server.
* :func:`serve_production` -- gunicorn, workers sharing one copy of the graph (in memory
  or on disk).
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import signal
import tempfile
from pathlib import Path

from heterokg.web.config import WebConfig

__all__ = ["WebConfig", "create_app", "serve_dev", "serve_production", "worker_config",
           "prepare_store", "remove_stale_stores"]

log = logging.getLogger("heterokg.web")


def prepare_store(config: WebConfig, default_location: Path | None = None) -> Path:
    """Make sure an on-disk store exists for ``config`` and return its directory.

    ``config.store`` with ``config.trig``: build or reuse (checksum) the store there.
    ``config.store`` alone: use it as it is. ``config.trig`` alone (or neither: the shipped
    graph): build at ``default_location``, or in a temporary directory removed at exit.
    """
    from heterokg import paths
    from heterokg.store import load_store

    if config.store is not None and config.trig is None:
        if not Path(config.store).is_dir():
            raise FileNotFoundError(f"no store at {config.store} (give --trig to build one)")
        return Path(config.store)
    trig = config.served_trig() or paths.graph_file()
    if not trig.is_file():
        raise FileNotFoundError(f"no TriG at {trig}")
    location = config.store or default_location
    if location is None:
        remove_stale_stores()
        tmp = Path(tempfile.mkdtemp(prefix=f"{TEMP_STORE_PREFIX}{os.getpid()}-"))
        atexit.register(shutil.rmtree, tmp, ignore_errors=True)
        location = tmp / "store"
    store = load_store(trig, Path(location))
    del store  # release the writer: the query processes open it read-only
    return Path(location)


TEMP_STORE_PREFIX = "heterokg-store-"


def remove_stale_stores(tmp: Path | None = None) -> list[Path]:
    """Remove temporary stores whose server has gone (killed: atexit never ran)."""
    from heterokg import paths

    return paths.remove_orphans(Path(tmp or tempfile.gettempdir()), TEMP_STORE_PREFIX)


def _make_backend(config: WebConfig):
    from heterokg.store import recorded_checksum, trig_checksum
    from heterokg.web.backend import LocalBackend, RemoteBackend
    from heterokg.web.executor import InProcessExecutor, QueryExecutor

    if config.sparql_endpoint:
        return RemoteBackend(config.sparql_endpoint,
                             config.remote_timeout or config.query_timeout + 5, config.row_cap)
    if config.query_processes <= 0:
        # no killable processes: queries run in the request thread, without a time limit
        from heterokg.store import load_store, open_read_only

        trig = config.served_trig()
        if trig is None and config.store is None:
            raise FileNotFoundError("no graph to serve: give --trig or --store")
        if trig is None:
            store, version = open_read_only(config.store), recorded_checksum(Path(config.store))
        else:  # in memory, or on disk at config.store
            store = load_store(trig, Path(config.store) if config.store else None)
            version = trig_checksum(trig)
        return LocalBackend(InProcessExecutor(store, config.row_cap, config.query_timeout,
                                              config.max_result_bytes), version)
    in_memory = config.in_memory()
    fast_budget = config.fast_budget if config.fast_budget is not None else 1.0 if in_memory else 2.0
    limits = dict(memory_bytes=config.query_memory_mb * 1024 * 1024, fast_budget=fast_budget,
                  slow_processes=config.slow_queries, byte_cap=config.max_result_bytes)
    if in_memory:
        executor = QueryExecutor.in_memory(
            config.served_trig(), config.query_processes, config.query_timeout, config.row_cap,
            zygote_socket=config.zygote_socket,
            recycle_bytes=config.query_recycle_mb * 1024 * 1024, **limits)
        # the graph the zygote holds, which a shared one loaded before this worker started
        return LocalBackend(executor, executor.zygote.version)
    location = prepare_store(config)
    return LocalBackend(QueryExecutor(location, config.query_processes, config.query_timeout,
                                      config.row_cap, **limits), recorded_checksum(location))


def create_app(config: WebConfig | None = None):
    """Build the Flask app: /sparql, /void, /, /query, /resource/..., /search, /ontology."""
    from flask import Flask

    from heterokg.web import pages, sparql
    from heterokg.web.result_cache import ResultCache

    config = config or WebConfig.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_query_bytes + 64 * 1024
    app.config["JSON_SORT_KEYS"] = False
    backend = _make_backend(config)
    app.extensions["heterokg"] = {"config": config, "backend": backend, "cache": {},
                                  "results": ResultCache(int(config.result_cache_mb * 1024 * 1024))}
    app.register_blueprint(sparql.bp)
    app.register_blueprint(pages.bp)
    atexit.register(backend.close)
    return app


def serve_dev(config: WebConfig, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Flask's development server (threaded, no reloader) over the configured store."""
    app = create_app(_with_public_url(config, host, port))
    log.warning("heterokg development server on http://%s:%d/", host, port)
    app.run(host=host, port=port, threaded=True, use_reloader=False, debug=False)


def _with_public_url(config: WebConfig, host: str, port: int) -> WebConfig:
    if config.public_url:
        return config
    shown = f"[{host}]" if ":" in host else host
    return config.with_(public_url=f"http://{shown}:{port}/")


def gunicorn_options(config: WebConfig, host: str, port: int, workers: int) -> dict:
    """Settings for gunicorn (also what docs/serving.md shows on the command line)."""
    return {
        "bind": f"{host}:{port}",
        "workers": max(1, workers),
        "worker_class": "gthread",
        # a thread per fast and slow query process, and two for pages and static files
        "threads": max(2, config.query_processes + config.slow_queries + 2),
        # the arbiter's kill is only a backstop: queries stop at query_timeout with a 503
        "timeout": int(config.query_timeout + 30),
        "graceful_timeout": 10,
        # gunicorn's maximum: a longer GET query is 414, POST takes up to max_query_bytes
        "limit_request_line": 8190,
        "limit_request_field_size": 8190,
        "limit_request_fields": 100,
        "accesslog": "-",
        "preload_app": False,  # each worker starts its own query processes after the fork
        # gunicorn 25.1+ listens on a control socket by default, at one path for every server
        # of the user (each new one takes it over); a public server needs no remote control
        "control_socket_disable": True,
    }


def _shared_zygote(config: WebConfig):
    """The zygote that all workers share (in memory), started before they are: the graph is
    loaded once, whatever the number of workers. It stops, and its socket's directory is
    removed, when this process exits."""
    from heterokg.web.executor import child_env
    from heterokg.web.zygote import SharedZygote

    zygote = SharedZygote(config.served_trig(), child_env())
    log.info("graph in memory: %d quads in one zygote for all workers (%s)", zygote.quads,
             zygote.isolation)
    return zygote


def worker_config(config: WebConfig, workers: int) -> WebConfig:
    """What each of ``workers`` web processes runs with: its share of the answer cache, so
    that the server's memory does not grow with the number of workers."""
    return config.with_(result_cache_mb=config.result_cache_mb / max(1, workers))


def _import_before_fork() -> None:
    """Import what the workers' app imports, once, here in the arbiter, and freeze it: the
    workers forked from it share those modules' pages (the collector never writes to frozen
    objects) instead of each importing its own copy. The app itself (its backend: threads,
    pipes, query processes) is still made in each worker after the fork."""
    import gc

    import flask  # noqa: F401

    from heterokg.web import pages, sparql  # noqa: F401
    from heterokg.web import result_cache  # noqa: F401

    gc.collect()
    gc.freeze()


def serve_production(config: WebConfig, host: str = "127.0.0.1", port: int = 8000,
                     workers: int = 1, store_location: Path | None = None) -> None:
    """gunicorn with ``workers`` processes sharing ONE copy of the graph.

    In memory mode, one zygote loads it here, before the workers start, and forks the query
    processes of every worker (:class:`heterokg.web.zygote.SharedZygote`). In disk mode the
    store is built (or reused, by checksum) once here, at ``config.store`` or
    ``store_location`` (default: ``paths.default_data_dir()/store``), and every worker's query
    processes open it read-only.
    """
    from gunicorn.app.base import BaseApplication

    from heterokg import paths

    config = _with_public_url(config, host, port)
    zygote = None
    if not config.sparql_endpoint and not config.in_memory():
        location = prepare_store(config, store_location or paths.default_data_dir() / "store")
        config = config.with_(store=location, trig=None)
    elif not config.sparql_endpoint and config.query_processes > 0:
        zygote = _shared_zygote(config)
        config = config.with_(zygote_socket=zygote.path)
    options = gunicorn_options(config, host, port, workers)
    config = worker_config(config, workers)
    _import_before_fork()

    class _App(BaseApplication):
        def load_config(self):
            for k, v in options.items():
                if k in self.cfg.settings:  # settings this gunicorn does not know are moot
                    self.cfg.set(k, v)

        def load(self):
            return create_app(config)

        def run(self):
            _arbiter(zygote)(self).run()

    _App().run()


def _arbiter(zygote):
    """gunicorn's arbiter, which also revives the shared zygote (if any) when it has died:
    its loop manages the workers at least every second, and at once when a child exits."""
    from gunicorn.arbiter import Arbiter

    class ZygoteArbiter(Arbiter):
        def manage_workers(self):
            if zygote is not None and zygote.revive():
                log.warning("the shared zygote had died: a new one holds the graph (%s, %s); "
                            "the workers are replaced", zygote.version[:12], zygote.isolation)
                os.kill(self.pid, signal.SIGHUP)  # new workers, connected to the new zygote
            super().manage_workers()

    return ZygoteArbiter
