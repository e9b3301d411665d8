"""The web client in a real browser: ``tests/web/flow.mjs`` (playwright-core, Debian's Chromium) against ``instagraph serve``.

The flow's steps are in its own header. Its screenshots (feed, profile, upload form at phone and
desktop sizes) land in ``tests/web/artifacts/`` on every run, for people to look at; git ignores them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories.images import jpeg_bytes
from tests.served import REPO, Server

FLOW = Path(__file__).with_name("flow.mjs")
ARTIFACTS = Path(__file__).with_name("artifacts")
CHROMIUM = Path("/usr/bin/chromium")
FLOW_TIMEOUT = 120
SCREENSHOTS = {f"{page}-{size}.png" for page in ("feed", "profile", "upload") for size in ("phone", "desktop")}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    (tmp_path / "logs").mkdir()
    server = Server(tmp_path / "home", tmp_path / "logs", INSTAGRAPH_LOGIN_FAILURE_LIMIT="2")
    server.start()
    yield server
    server.stop()


def test_two_people_use_the_web_client_in_a_browser(server: Server, tmp_path: Path) -> None:
    if not CHROMIUM.exists() or not (REPO / "node_modules" / "playwright-core").is_dir():
        pytest.fail("the web test needs /usr/bin/chromium and node_modules (`make test` installs both)")
    photo = tmp_path / "lake.jpg"
    photo.write_bytes(jpeg_bytes(1200, 900, quality=85))
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    run = subprocess.run(
        ["node", str(FLOW), f"http://127.0.0.1:{server.port}", str(ARTIFACTS), str(photo)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=FLOW_TIMEOUT,
    )
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}\n--- server\n{server.stderr[-5000:]}"
    assert SCREENSHOTS <= {path.name for path in ARTIFACTS.iterdir()}
