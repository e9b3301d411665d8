"""Schemathesis hooks of the fuzz test (``SCHEMATHESIS_HOOKS=tests.fuzz_hooks``): the logged-in user.

The fuzzer is free to log its own session out, end it by id or delete its
account: any of them turns its token into a 401. Schemathesis then asks this
provider for a fresh token and replays the request once, so the run keeps
reaching the routes behind a log-in. The user is signed up again when the
fuzzer has deleted it.
"""

from __future__ import annotations

import os
import uuid

import requests
import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.transport.serialization import Binary

BASE_URL = os.environ.get("INSTAGRAPH_FUZZ_BASE_URL", "")
USER = {"username": "fuzzer", "password": "fuzzer's password"}
"""Who the fuzz run is; the test signs it up before the run."""
IDEMPOTENCY_KEY = "Idempotency-Key"



@schemathesis.auth()
class FuzzUser:
    """A bearer token of :data:`USER`, signed up again if the account is gone."""

    def get(self, case: schemathesis.Case, context: schemathesis.AuthContext) -> str:
        answer = _log_in()
        if answer.status_code == 401:  # the fuzzer deleted the account
            requests.post(f"{BASE_URL}/v1/accounts", json=USER, timeout=30).raise_for_status()
            answer = _log_in()
        answer.raise_for_status()
        return answer.json()["token"]

    def set(self, case: schemathesis.Case, data: str, context: schemathesis.AuthContext) -> None:
        if case.operation.schema.is_security_param_negated(case) or _is_negative(case, ParameterLocation.HEADER):
            return  # a case testing missing or broken headers keeps them as drawn
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def _log_in() -> requests.Response:
    return requests.post(f"{BASE_URL}/v1/sessions", json=USER, timeout=30)


# -- what JSON Schema cannot say -----------------------------------------------------------------
# Some requests are schema-valid yet refused by a rule no schema can state; a case the fuzzer draws
# as valid ("positive") is steered off them, so positive_data_acceptance checks what the document
# does promise. Negative cases are left alone, and every check stays on.


@schemathesis.hook
def filter_case(context: schemathesis.HookContext, case: schemathesis.Case) -> bool:
    """No valid case makes the fuzz user follow or block itself (API.md: 422; the document cannot know who calls)."""
    if _is_negative(case, ParameterLocation.PATH) or case.method != "POST":
        return True
    target = (case.path_parameters or {}).get("username", "")
    return not (case.path.endswith(("/follow", "/block")) and str(target).lower() == USER["username"])


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
    """A valid case carries a fresh Idempotency-Key, no cursor of its own, a real image and no made-up comment to reply to.

    A key reused with another body is a 422 (API.md), only the server makes cursors (a drawn one
    is a 400), an image is judged by its content (random bytes are a 415), and ``reply_to`` must
    name a comment on the photo (422).
    """
    if case.headers and IDEMPOTENCY_KEY in case.headers and _is_positive(case, ParameterLocation.HEADER):
        case.headers = {**case.headers, IDEMPOTENCY_KEY: uuid.uuid4().hex}
    if case.query and "cursor" in case.query and _is_positive(case, ParameterLocation.QUERY):
        case.query = {name: value for name, value in case.query.items() if name != "cursor"}
    if isinstance(case.body, dict) and _is_positive(case, ParameterLocation.BODY):
        if case.path == "/v1/photos" and "image" in case.body:
            # In place, in schemathesis's own wrapper of binary parts: a body replaced after generation
            # is validated again to relabel the case, and that validator refuses every multipart body
            # with a binary part, which turned valid uploads into "schema-violating" ones.
            case.body["image"] = Binary(_jpeg())
        elif case.path.endswith("/comments"):
            case.body = {name: value for name, value in case.body.items() if name != "reply_to"}
    return case


def _is_positive(case: schemathesis.Case, location: ParameterLocation) -> bool:
    """Whether the part of ``case`` at ``location`` was drawn valid (a case may break one part and keep the others)."""
    component = case.meta.components.get(location) if case.meta else None
    return component is not None and component.mode.is_positive


def _is_negative(case: schemathesis.Case, location: ParameterLocation) -> bool:
    component = case.meta.components.get(location) if case.meta else None
    return component is not None and component.mode.is_negative


def _jpeg() -> bytes:
    from tests.factories.images import jpeg_bytes

    return jpeg_bytes(32, 24)
