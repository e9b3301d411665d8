"""The web client (``web/``): its page at ``/`` and its files at ``/static/{version}/{name}``.

Every file of ``web/`` is read once, when the app is made, into :class:`WebFiles`; a request
is answered from that table, so no path is ever built from what a client sends (``..`` and
its spellings find nothing). ``version`` is a hash of all the files together: the page names
its files under the current version, and the files import one another by relative names, so
one version string makes every URL content-addressed without renaming a file. A file under
the current version is cacheable for a year (``immutable``); the page itself is ``no-cache``
with an ETag, so a browser revalidates it and meets a new version as soon as one is served.
"""

from __future__ import annotations

import dataclasses
import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

import falcon

from api.operations import operation
from api.ratelimit import UNLIMITED
from api.routes import Route
from media.keys import IMMUTABLE

WEB_ROOT = Path(__file__).resolve().parents[2] / "web"
PAGE = "index.html"
VERSION_MARK = "{{version}}"
"""Where ``index.html`` names the current version (``/static/{{version}}/app.js``)."""
REVALIDATE = "no-cache"

_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
"""Content types of the client's files (``mimetypes`` varies by machine for ``.js``)."""
STATIC_TYPES = sorted({*_TYPES.values()})


def page_policy(media_public_url: str) -> str:
    """The Content-Security-Policy of the client: its own scripts, styles and API, images from the media base too.

    ``blob:`` shows the chosen photo before it is uploaded; ``data:`` the blurhash placeholders.
    """
    media = urlsplit(media_public_url)
    media_origin = f" {media.scheme}://{media.netloc}" if media.scheme and media.netloc else ""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        f"img-src 'self' blob: data:{media_origin}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


@dataclasses.dataclass(frozen=True)
class WebFile:
    """One file of the client, as it is served."""

    body: bytes
    content_type: str
    etag: str


class WebFiles:
    """Every file under ``root``, read once; ``version`` hashes them all."""

    def __init__(self, root: Path = WEB_ROOT) -> None:
        contents = {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}
        everything = hashlib.sha256()
        for name, body in contents.items():
            everything.update(f"{name}\0{len(body)}\0".encode())
            everything.update(body)
        self.version = everything.hexdigest()[:16]
        page = contents.pop(PAGE).decode("utf-8").replace(VERSION_MARK, self.version).encode("utf-8")
        self.page = _web_file(PAGE, page)
        self.static = {name: _web_file(name, body) for name, body in contents.items()}


def _web_file(name: str, body: bytes) -> WebFile:
    suffix = Path(name).suffix
    content_type = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if name == PAGE:
        content_type = falcon.MEDIA_HTML
    return WebFile(body, content_type, hashlib.sha256(body).hexdigest()[:32])


class _Served:
    """Answers a :class:`WebFile` with its ETag, a 304 when the client's copy is current."""

    rate_limit = UNLIMITED  # static bytes, as the media files: a page load asks for a dozen at once

    def __init__(self, files: WebFiles, media_public_url: str) -> None:
        self._files = files
        self.content_security_policy = page_policy(media_public_url)

    @staticmethod
    def _answer(req: falcon.Request, resp: falcon.Response, file: WebFile, cache_control: str) -> None:
        resp.etag = file.etag
        resp.set_header("Cache-Control", cache_control)
        if req.if_none_match and ("*" in req.if_none_match or file.etag in req.if_none_match):
            resp.status = falcon.HTTP_304
            return
        resp.content_type = file.content_type
        resp.data = file.body


class Page(_Served):
    """``/``: the client's one page (it routes on ``location.hash``)."""

    @operation(
        responses={
            200: {
                "description": "The web client's page; revalidate it (no-cache, ETag).",
                "content": {falcon.MEDIA_HTML: {"schema": {"type": "string"}}},
            },
            304: "The copy named in If-None-Match is the current one.",
        }
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """The web client, a small photo app on this API (not part of the JSON API)."""
        self._answer(req, resp, self._files.page, REVALIDATE)


class StaticFiles(_Served):
    """``/static/{version}/{name}``: a script, stylesheet or icon of the client."""

    @operation(
        responses={
            200: {
                "description": "The file; cacheable for a year under the current version, else no-cache.",
                "content": {content_type: {"schema": {"type": "string"}} for content_type in STATIC_TYPES},
            },
            304: "The copy named in If-None-Match is the current one.",
        },
        errors={404: "No such file of the web client."},
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, version: str, name: str) -> None:
        """A file of the web client (not part of the JSON API).

        A version other than the current one answers today's file, not to be cached long: a page
        loaded before a new version was served still finds its files.
        """
        file = self._files.static.get(name)
        if file is None:
            raise falcon.HTTPNotFound(description="The web client has no such file.")
        self._answer(req, resp, file, IMMUTABLE if version == self._files.version else REVALIDATE)


def routes(media_public_url: str, root: Path = WEB_ROOT) -> list[Route]:
    """The client's two routes, sharing one reading of ``root``.

    None when ``root`` is not there: the client ships with the source tree (``make run`` installs it
    editable), not in a wheel, and an installation without it serves the API alone.
    """
    if not (root / PAGE).is_file():
        return []
    files = WebFiles(root)
    return [
        Route("/", Page(files, media_public_url)),
        Route("/static/{version}/{name:path}", StaticFiles(files, media_public_url)),
    ]
