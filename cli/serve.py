"""``instagraph serve``: the API under gunicorn (threaded workers), started from Python.

The app is built inside each worker, after the fork, never in the master: the
graph is opened per process, and LadybugDB lets only one process write its file.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import gunicorn.http.wsgi
from gunicorn.app.base import BaseApplication

from cli.arguments import positive_int
from instagraph.settings import Settings

_DEFAULTS = {field.name: field.default for field in dataclasses.fields(Settings)}
_MAX_SOCKET_PATH = 100  # AF_UNIX paths are limited to 108 bytes on Linux

SERVER_HEADER = "instagraph"
"""The ``Server`` header of every answer: no software name or version for a scanner to match to known flaws."""


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command to the CLI."""
    parser = commands.add_parser(
        "serve",
        help="run the HTTP API (gunicorn, threaded workers)",
        description="Run the HTTP API under gunicorn with threaded (gthread) workers; the server log goes to "
        "stderr, and the access log, off unless INSTAGRAPH_ACCESS_LOG is set (- for stdout, or a file), "
        "where it says. SIGTERM or Ctrl-C stops it gracefully. With the embedded "
        "LadybugDB graph there is exactly one worker (one writing process): add --threads, not --workers.",
    )
    parser.add_argument("--host", help=f"address to bind (default: $INSTAGRAPH_HOST or {_DEFAULTS['host']})")
    parser.add_argument(
        "--port", type=_port, help=f"TCP port to bind (default: $INSTAGRAPH_PORT or {_DEFAULTS['port']})"
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        help=f"worker processes (default: $INSTAGRAPH_WORKERS or {_DEFAULTS['workers']}; "
        "more than 1 only with Neo4j)",
    )
    parser.add_argument(
        "--threads",
        type=positive_int,
        help=f"threads per worker (default: $INSTAGRAPH_THREADS or {_DEFAULTS['threads']})",
    )
    parser.set_defaults(func=run)


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a TCP port: {value}")
    return value


def redacted(url: str) -> str:
    """``url`` without a password, fit to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class InstagraphServer(BaseApplication):
    """gunicorn configured from a dict, loading the app in each worker.

    Args:
        settings: the process's settings (host, port, workers, threads included).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.options = gunicorn_options(settings)
        _hide_server_banner()
        super().__init__(prog="instagraph serve")

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Runs in the worker after fork (preload_app is off): the graph file is opened here.
        from api.app import get_app

        return get_app(self.settings)


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """gunicorn's settings for ``settings``."""
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    options: dict[str, Any] = {
        "bind": [f"{host}:{settings.port}"],
        "workers": settings.workers,
        "threads": settings.threads,
        "worker_class": "cli.http_worker.ThreadWorker",  # gthread, with less work per keep-alive request
        # gunicorn's C request parser (picohttpparser): parsing in Python cost a third of a cached read's time
        "http_parser": "fast",
        "preload_app": False,  # never open the graph in the master
        "accesslog": settings.access_log,  # None: off. gunicorn's default format holds no Authorization header
        "errorlog": "-",
        "loglevel": settings.log_level,
        "proc_name": "instagraph",
        "when_ready": _announce,
    }
    # gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl);
    # a second server would take it over. Keep it beside the data instead.
    control = settings.home / "gunicorn.ctl"
    if len(str(control).encode()) < _MAX_SOCKET_PATH:
        options["control_socket"] = str(control)
    else:
        options["control_socket_disable"] = True
    return options


def _hide_server_banner() -> None:
    """Make gunicorn send ``Server: instagraph`` instead of ``Server: gunicorn``.

    gunicorn has no setting for it: each response takes its ``Server`` header from
    the ``SERVER`` global of :mod:`gunicorn.http.wsgi` when it is made. Set here, in
    the master, it holds in every worker forked after.
    """
    gunicorn.http.wsgi.SERVER = SERVER_HEADER


def _announce(server: Any) -> None:
    """Print where the API listens, once the sockets are bound."""
    app: InstagraphServer = server.app
    for listener in server.LISTENERS:
        host, port = listener.sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(f"Instagraph serving on http://{shown}:{port}/", flush=True)
    print(f"graph: {redacted(app.settings.graph_url)}", flush=True)


def run(args: argparse.Namespace) -> int:
    """Run the ``serve`` command until gunicorn stops."""
    settings = Settings.from_env()
    overrides = {key: getattr(args, key) for key in ("host", "port", "workers", "threads")}
    settings = settings.replace(**{key: value for key, value in overrides.items() if value is not None})
    if settings.graph_url.startswith("ladybug://") and settings.workers > 1:
        print(
            f"error: --workers {settings.workers} with the embedded LadybugDB graph: only one process may "
            "write its file. Serve with one worker and more --threads, or point INSTAGRAPH_GRAPH_URL at "
            "Neo4j to run several workers.",
            file=sys.stderr,
        )
        return 2
    settings.home.mkdir(parents=True, exist_ok=True)
    InstagraphServer(settings).run()
    return 0
