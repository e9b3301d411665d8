"""The web client's files as the app serves them: caching by version, revalidation, no way out of ``web/``, its CSP."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import falcon.testing
import pytest

from api.middleware import SECURITY_HEADERS
from api.resources.web import IMMUTABLE, WEB_ROOT, WebFiles, page_policy, routes

_STATIC = re.compile(r'"/static/([0-9a-f]+)/([^"]+)"')
_IMPORT = re.compile(r'from "(\.{1,2}/[^"]+)"')


def _page(client: falcon.testing.TestClient) -> falcon.testing.Result:
    page = client.simulate_get("/")
    assert page.status_code == 200, page.text
    return page


def _named_files(client: falcon.testing.TestClient) -> tuple[str, set[str]]:
    """The version and the file names the page refers to."""
    named = _STATIC.findall(_page(client).text)
    [version] = {version for version, _ in named}
    return version, {name for _, name in named}


def test_the_page_is_revalidated_and_names_its_files_under_one_version(client: falcon.testing.TestClient) -> None:
    page = _page(client)
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-cache" and page.headers["etag"]
    assert "{{version}}" not in page.text
    version, names = _named_files(client)
    assert version == WebFiles().version
    assert {"app.js", "style.css"} <= names


def test_every_file_and_module_import_resolves_and_is_immutable_under_the_current_version(
    client: falcon.testing.TestClient,
) -> None:
    version, names = _named_files(client)
    pending, seen = list(names), set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        answer = client.simulate_get(f"/static/{version}/{name}")
        assert answer.status_code == 200, name
        assert answer.headers["cache-control"] == IMMUTABLE
        if name.endswith(".js"):
            assert answer.headers["content-type"] == "text/javascript; charset=utf-8"
            folder = posixpath.dirname(name)
            pending += [posixpath.normpath(posixpath.join(folder, imported)) for imported in _IMPORT.findall(answer.text)]
    assert {"api.js", "ui.js", "blurhash.js", "views/photos.js", "views/profile.js"} <= seen


def test_another_version_answers_today_s_file_without_long_caching(client: falcon.testing.TestClient) -> None:
    version, _ = _named_files(client)
    current = client.simulate_get(f"/static/{version}/app.js")
    stale = client.simulate_get("/static/0000000000000000/app.js")
    assert stale.status_code == 200 and stale.content == current.content
    assert stale.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/", "/static/0/style.css"])
def test_a_current_copy_is_answered_304(client: falcon.testing.TestClient, path: str) -> None:
    first = client.simulate_get(path)
    again = client.simulate_get(path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and not again.content
    assert again.headers["etag"] == first.headers["etag"]
    changed = client.simulate_get(path, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and changed.content == first.content


@pytest.mark.parametrize(
    "name",
    [
        "../api/app.py",
        "../../setup.cfg",
        "%2e%2e/README.md",
        "..%2fsetup.cfg",
        "views/../../setup.cfg",
        "%2fetc%2fpasswd",
        "/etc/passwd",
        "..%5c..%5csetup.cfg",
        "index.html",  # the page is served at / only, with its version filled in
        "views",
        "nothing.js",
    ],
)
def test_nothing_outside_the_client_s_files_is_served(client: falcon.testing.TestClient, name: str) -> None:
    answer = client.simulate_get(f"/static/0/{name}")
    assert answer.status_code == 404, answer.text
    assert answer.headers["content-type"] == "application/problem+json"


def test_the_pages_get_their_own_strict_policy_and_the_api_keeps_its_own(client: falcon.testing.TestClient) -> None:
    policy = _page(client).headers["content-security-policy"]
    assert policy == page_policy("/media")
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == directives["style-src"] == directives["connect-src"] == "'self'"
    assert directives["img-src"] == "'self' blob: data:"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
    assert "unsafe" not in policy
    assert _page(client).headers["x-content-type-options"] == "nosniff"
    api = client.simulate_get("/healthz")
    assert api.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]


def test_images_from_a_cdn_are_allowed_by_their_origin_only() -> None:
    policy = page_policy("https://cdn.example.com/media/")
    assert "img-src 'self' blob: data: https://cdn.example.com;" in policy


def test_the_version_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "views").mkdir()
    (tmp_path / "index.html").write_text('<script src="/static/{{version}}/app.js"></script>')
    (tmp_path / "app.js").write_text("one")
    (tmp_path / "views" / "x.js").write_text("x")
    before = WebFiles(tmp_path)
    (tmp_path / "views" / "x.js").write_text("y")
    after = WebFiles(tmp_path)
    assert before.version != after.version
    assert after.page.body == f'<script src="/static/{after.version}/app.js"></script>'.encode()
    assert set(after.static) == {"app.js", "views/x.js"}


def test_the_shipped_client_is_the_one_served() -> None:
    assert (WEB_ROOT / "index.html").is_file() and WebFiles().static["app.js"].body == (WEB_ROOT / "app.js").read_bytes()


def test_without_the_client_s_files_only_the_api_is_served(tmp_path: Path) -> None:
    assert routes("/media", tmp_path / "not-there") == []
    assert [route.path for route in routes("/media")] == ["/", "/static/{version}/{name:path}"]
