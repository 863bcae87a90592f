"""``python -m heterokg.web``: run the web server (development or production mode)."""

from __future__ import annotations

import argparse
import logging

from heterokg.web import WebConfig, serve_dev, serve_production


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m heterokg.web", description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--production", action="store_true",
                   help="gunicorn with --workers processes sharing one copy of the graph")
    p.add_argument("--workers", type=int, default=1,
                   help="gunicorn workers (default 1: its threads only pass bytes; the queries run in query processes)")
    WebConfig.add_arguments(p)
    ns = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    config = WebConfig.from_args(ns)
    if ns.production:
        serve_production(config, ns.host, ns.port, ns.workers)
    else:
        serve_dev(config, ns.host, ns.port)


if __name__ == "__main__":
    main()
