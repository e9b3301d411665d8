"""The contract holds under fuzzing: schemathesis against a real ``instagraph serve``'s own ``/openapi.json``.

Every check is on (``--checks all``), in every phase (examples, coverage, fuzzing
and the stateful phase, which follows the document's links from sign-up and
posting a photo to the routes that take their names and ids), as a logged-in
user (:mod:`tests.fuzz_hooks`). ``INSTAGRAPH_FUZZ_EXAMPLES`` bounds the cases per
operation (default :data:`DEFAULT_EXAMPLES`, about a minute and a half on two
cores); ``INSTAGRAPH_FUZZ_SEED`` picks another seed than the fixed default.
Rate limits are off (``INSTAGRAPH_RATE_LIMITS=off``) and the failed-login limit is
raised, as for load tests: the fuzzer sends thousands of requests a minute and
tries wrong passwords on purpose.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fuzz_hooks import USER
from tests.served import REPO, Server

DEFAULT_EXAMPLES = 20
DEFAULT_SEED = 1
RUN_TIMEOUT = 900


def test_the_api_keeps_its_document_under_fuzzing(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    server = Server(
        tmp_path / "home", tmp_path / "logs", INSTAGRAPH_RATE_LIMITS="off", INSTAGRAPH_LOGIN_FAILURE_LIMIT="1000000"
    )
    server.start()
    try:
        assert server.request("POST", "/v1/accounts", USER).status == 201
        base_url = f"http://127.0.0.1:{server.port}"
        run = subprocess.run(
            [
                sys.executable, "-m", "schemathesis.cli", "run", f"{base_url}/openapi.json",
                "--checks", "all",
                "--phases", "examples,coverage,fuzzing,stateful",
                "--max-examples", os.environ.get("INSTAGRAPH_FUZZ_EXAMPLES", str(DEFAULT_EXAMPLES)),
                "--seed", os.environ.get("INSTAGRAPH_FUZZ_SEED", str(DEFAULT_SEED)),
                "--workers", "1",  # hypothesis's lambda descriptions are not thread-safe on Python 3.11
                "--report", "junit", "--report-dir", str(tmp_path / "report"),
            ],
            cwd=REPO,
            env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.fuzz_hooks", "INSTAGRAPH_FUZZ_BASE_URL": base_url},
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    finally:
        server.stop()
    assert run.returncode == 0, f"{run.stdout[-30000:]}\n{run.stderr[-5000:]}\n--- server\n{server.stderr[-5000:]}"
