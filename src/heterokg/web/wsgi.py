"""WSGI entry for a gunicorn command line: ``gunicorn 'heterokg.web.wsgi:app'``.

Configured by HETEROKG_* environment variables (see docs/serving.md). Point HETEROKG_STORE at
a store built beforehand (``heterokg.store.load_store``) so that the workers only read it.
"""

from heterokg.web import WebConfig, create_app

app = create_app(WebConfig.from_env())
