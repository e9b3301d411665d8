"""The ceiling: a bare Falcon app answering a small JSON body, served exactly as ``instagraph serve`` serves the API.

``python -m bench.load.ceiling --port N`` runs it under gunicorn through
:class:`cli.serve.InstagraphServer`, so it gets the very options
:func:`cli.serve.gunicorn_options` gives the API (worker class, workers,
threads, access log) from the same ``INSTAGRAPH_*`` environment: only the app
differs. It answers every path and method with 200, so the load run's own wrk
script and data file drive it unchanged, and it echoes ``X-Request-ID`` as the
API does (the script counts statuses by route through it).
"""

from __future__ import annotations

import argparse
import sys

import falcon

from cli.serve import InstagraphServer
from instagraph.settings import Settings

REQUEST_ID_HEADER = "X-Request-ID"


def _answer(req: falcon.Request, resp: falcon.Response, **_params: str) -> None:
    req.bounded_stream.read()  # a POST's body is read, as the API reads it
    resp.media = {"id": "1", "ok": True}
    resp.set_header(REQUEST_ID_HEADER, req.get_header(REQUEST_ID_HEADER) or "-")


def create_app() -> falcon.App:
    """The bare app: one sink answering everything."""
    app = falcon.App()
    app.add_sink(_answer, prefix="/")
    return app


class CeilingServer(InstagraphServer):
    """``instagraph serve``'s gunicorn, loading the bare app instead of the API."""

    def load(self) -> falcon.App:
        return create_app()


def main(argv: list[str] | None = None) -> int:
    """Serve the bare app on ``--port`` until SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m bench.load.ceiling", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    settings = Settings.from_env().replace(port=parser.parse_args(argv).port)
    settings.home.mkdir(parents=True, exist_ok=True)
    CeilingServer(settings).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
