"""``Idempotency-Key`` on the operations that create something (API.md, "Retries").

A client that sends ``Idempotency-Key: <key>`` (1–255 printable ASCII
characters; the quoted form of the IETF draft, ``"<key>"``, is read as the
same key) with an operation declared ``idempotent`` (:mod:`api.operations`) may send the request again
with the same key for 24 hours: a retry answers what the first request
answered (status, body, ``Content-Type``, ``Location``, plus
``Idempotent-Replayed: true``) and creates nothing. The same key with another
request (method, path or body) answers 422 ``idempotency-key-reused``; while
the first request still runs, a retry answers 409 ``request-in-progress`` with
``Retry-After``. A malformed key answers 400 ``invalid-idempotency-key``.
Requests without the header are untouched.

Keys are scoped to the caller and the operation: the signed-in user for
photos and comments, the client address (:mod:`api.client_address`) for
sign-up, which has no user yet (so a sign-up retried from another network
runs again and meets its own account: 409, username taken).

The request's fingerprint is a SHA-256 of its method, path, media type and
body. The body is compared as the server reads it: JSON by its parsed value
(key order and spacing do not matter), ``multipart/form-data`` part by part
(name, filename, type and bytes; not the boundary, which clients draw anew
when they build a request again), anything else byte for byte. To hash it,
the body is read once into a spooled file (in memory up to 4 MiB, on disk
beyond; never more than the route's body limit) that the responder then reads.

Two middleware objects, both from :func:`idempotency_middleware`, stand around
the rate limits:

- :class:`ReplayMiddleware`, before them, answers from a stored record: a
  replay creates nothing and costs one lookup (like the token check every
  request gets before the limits), so it counts in no limit, and a client
  refused with 429 on a retry could not get its answer. 409 and 422 come from
  here too.
- :class:`ClaimMiddleware`, after them, claims the key for a request that is
  new work, so new work with a fresh key is counted like any other request,
  and stores the answer once the responder has given it.

What is stored: every answer but 5xx, 401, 408 and 429. A 2xx and the
refusals that follow from the request itself (400, 404, 409 username taken,
413, 415, 422) would be answered again by a rerun within the day, and the
contract is to answer what the first request answered: a client that changes
its request sends a new key. A 5xx, 408 and 429 say "try again", and a 401
was not the caller's answer: for those the claim is given up at once, so the
retry runs. Storage and its failure modes are :mod:`feed.idempotency`'s; when
the store cannot be reached the request answers 503 with ``Retry-After``
rather than run without its key, which could create the very duplicate the
key was sent to prevent (requests without a key are not affected).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import tempfile
import uuid
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import IO, Any, TypeVar

import falcon

from api import operations
from api.client_address import ClientAddress
from api.errors import Problem
from api.routes import Route, plain_path
from api.uploads import SPOOL_IN_MEMORY_BYTES
from feed.cache import PAUSE
from feed.idempotency import Answer, IdempotencyStore, IdempotencyUnavailable, Record
from graph.errors import GraphError
from instagraph.settings import Network

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255

SIGNED_IN_USER = "user"
CLIENT_ADDRESS = "address"

Operations = Mapping[tuple[str, str], str]
"""The operations that take an ``Idempotency-Key``: (method, path template without converters, as
OpenAPI writes paths) → whose keys they are, :data:`SIGNED_IN_USER`'s or the :data:`CLIENT_ADDRESS`'s."""

IN_PROGRESS_RETRY_AFTER = 1
"""``Retry-After`` seconds of a 409 while the first request runs (most answer well within a second)."""

_NOT_STORED = frozenset({401, 408, 429})
"""Statuses under 500 whose answers are not kept (see the module's docstring)."""

_CHUNK_BYTES = 256 * 1024

_log = logging.getLogger(__name__)

T = TypeVar("T")


def operation_of(method: str, uri_template: str) -> tuple[str, str]:
    """The key of :data:`Operations` for a request routed to ``uri_template``."""
    return method, plain_path(uri_template)


def idempotent_operations(routes: Iterable[Route]) -> Operations:
    """The operations of ``routes`` whose declaration says ``idempotent``, and whose keys they are.

    A logged-in operation's keys are its user's; sign-up has no user yet, so its keys are the client address's.
    """
    found = {}
    for route in routes:
        for method in operations.HTTP_METHODS:
            declaration = operations.operation_of(operations.responder_of(route.resource, method, route.suffix))
            if declaration is not None and declaration.idempotent:
                found[operation_of(method.upper(), route.path)] = SIGNED_IN_USER if declaration.auth else CLIENT_ADDRESS
    return MappingProxyType(found)


@dataclasses.dataclass
class _KeyedRequest:
    """A request with a valid key to one of the operations, as the two middleware objects share it.

    Attributes:
        key: the store's name of the key (the caller, the operation and the client's key, hashed).
        token: this request's name in the store.
        body: the spooled body, once read.
        fingerprint: its fingerprint, once computed.
        claimed: this request holds the key and must store its answer or give it up.
    """

    key: str
    token: str = dataclasses.field(default_factory=lambda: uuid.uuid4().hex)
    body: IO[bytes] | None = None
    fingerprint: str | None = None
    claimed: bool = False


def idempotency_middleware(
    store: IdempotencyStore, trusted_proxies: tuple[Network, ...], routes: Iterable[Route]
) -> tuple[ReplayMiddleware, ClaimMiddleware]:
    """The two middleware objects for the idempotent operations of ``routes``: the first goes before the
    rate limits, the second after them."""
    return ReplayMiddleware(store, ClientAddress(trusted_proxies), idempotent_operations(routes)), ClaimMiddleware(store)


class ReplayMiddleware:
    """Checks the key, then answers from its record if there is one: a replay, a 409 or a 422."""

    def __init__(self, store: IdempotencyStore, client_address: ClientAddress, idempotent: Operations) -> None:
        self._store = store
        self._client_address = client_address
        self._idempotent = idempotent

    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource: Any, params: dict) -> None:
        header = req.get_header(IDEMPOTENCY_KEY_HEADER)
        if header is None:
            return
        operation = operation_of(req.method, req.uri_template or "")
        scope = self._idempotent.get(operation)
        if scope is None:
            return
        client_key = _client_key(header)
        caller = self._caller(req, scope)
        if caller is None:  # an anonymous upload or comment: the responder answers 401
            return
        request = req.context.idempotency = _KeyedRequest(_store_key(caller, " ".join(operation), client_key))
        record = _reach(self._store.find, request.key)
        if record is not None:
            _answer_from(record, req, resp, request)

    def _caller(self, req: falcon.Request, scope: str) -> str | None:
        if scope == CLIENT_ADDRESS:
            return f"address:{self._client_address(req)}"
        return None if req.context.viewer is None else f"user:{req.context.viewer.id}"


class ClaimMiddleware:
    """Claims the key of a request the rate limits let through, and stores or gives up its answer."""

    def __init__(self, store: IdempotencyStore) -> None:
        self._store = store

    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource: Any, params: dict) -> None:
        request = getattr(req.context, "idempotency", None)
        if request is None:
            return
        record = _reach(self._store.claim, request.key, _fingerprint(req, request), request.token)
        if record.token == request.token:
            request.claimed = True
        else:  # another request claimed it since the lookup
            _answer_from(record, req, resp, request)

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: Any, req_succeeded: bool) -> None:
        request = getattr(req.context, "idempotency", None)
        if request is None:
            return
        if request.body is not None:
            request.body.close()
        if request.claimed:
            self._settle(request, _answer_of(resp))

    def _settle(self, request: _KeyedRequest, answer: Answer | None) -> None:
        """Store ``answer`` (or give the key up for ``None``); a failure here must not spoil the answer itself."""
        try:
            if answer is None:
                self._store.release(request.key, request.token)
            elif not self._store.complete(request.key, request.token, answer):
                _log.warning("an idempotency key's lease ended before its request answered; its answer is not stored")
        except (IdempotencyUnavailable, GraphError) as error:
            _log.warning("an idempotency key's answer could not be stored; a retry after its lease runs again: %s", error)


def _client_key(header: str) -> str:
    """The key the client sent, in either form.

    Raises:
        Problem: 400 when it is empty, too long or has a character that is not printable ASCII.
    """
    key = header[1:-1] if len(header) >= 2 and header[0] == header[-1] == '"' else header
    if not key:
        fault = "is empty"
    elif len(key) > MAX_KEY_LENGTH:
        fault = f"has {len(key)}"
    elif not all(" " <= char <= "~" for char in key):
        fault = "has a character that is not printable ASCII"
    else:
        return key
    raise Problem(
        400,
        f"The {IDEMPOTENCY_KEY_HEADER} header must be 1 to {MAX_KEY_LENGTH} printable ASCII characters "
        f"(a random UUID makes a good key); this one {fault}.",
        slug="invalid-idempotency-key",
        title="Invalid Idempotency Key",
    )


def _store_key(caller: str, operation: str, client_key: str) -> str:
    return hashlib.sha256(f"{caller}\n{operation}\n{client_key}".encode()).hexdigest()


def _reach(call: Callable[..., T], *args: Any) -> T:
    """``call(*args)`` on the store; 503 when it cannot be reached (a graph that cannot is errors.py's 503)."""
    try:
        return call(*args)
    except IdempotencyUnavailable as error:
        _log.warning("idempotency keys cannot be reached: %s", error)
        raise Problem(
            503,
            f"Requests with an {IDEMPOTENCY_KEY_HEADER} cannot be checked right now; retry with the same key shortly.",
            headers={"Retry-After": str(int(PAUSE))},
        ) from error


def _answer_from(record: Record, req: falcon.Request, resp: falcon.Response, request: _KeyedRequest) -> None:
    """Answer with the key's record: 409 while it runs, else its answer if the request is the same, else 422."""
    if record.answer is None:
        raise Problem(
            409,
            f"A request with this {IDEMPOTENCY_KEY_HEADER} is still running; retry once it has answered.",
            slug="request-in-progress",
            title="Request In Progress",
            headers={"Retry-After": str(IN_PROGRESS_RETRY_AFTER)},
        )
    if record.fingerprint != _fingerprint(req, request):
        raise Problem(
            422,
            f"This {IDEMPOTENCY_KEY_HEADER} was used for a different request (method, path or body) within the "
            "last 24 hours; a new request needs a new key.",
            slug="idempotency-key-reused",
            title="Idempotency Key Reused",
            extensions={"errors": {IDEMPOTENCY_KEY_HEADER: ["Already used for a different request."]}},
        )
    _replay(record.answer, resp)


def _replay(answer: Answer, resp: falcon.Response) -> None:
    resp.status = answer.status
    resp.data = answer.body.encode("utf-8")
    if answer.content_type:
        resp.content_type = answer.content_type
    if answer.location:
        resp.set_header("Location", answer.location)
    resp.set_header(REPLAYED_HEADER, "true")
    resp.complete = True  # neither the rate limits nor the responder run


def _answer_of(resp: falcon.Response) -> Answer | None:
    """What to store of ``resp``; ``None`` when it is not kept (see the module's docstring)."""
    status = resp.status_code
    if status >= 500 or status in _NOT_STORED:
        return None
    try:
        body = (resp.render_body() or b"").decode("utf-8")
    except UnicodeDecodeError:  # the API answers JSON: this would be a bug, not a reason to fail the answer
        _log.warning("an answer that is not UTF-8 is not stored for its idempotency key")
        return None
    return Answer(status, body, resp.content_type or "", resp.get_header("Location") or "")


# -- the fingerprint ---------------------------------------------------------------------------


def _fingerprint(req: falcon.Request, request: _KeyedRequest) -> str:
    """The request's fingerprint, its body read (once) into a spool the responder reads next."""
    if request.fingerprint is None:
        request.body = _spooled_body(req)
        media_type = (req.content_type or "").partition(";")[0].strip().lower()
        digest = hashlib.sha256()
        for field in (req.method, req.path, media_type, _body_digest(req, media_type, request.body)):
            digest.update(field.encode("utf-8") + b"\n")
        request.fingerprint = digest.hexdigest()
        request.body.seek(0)
    return request.fingerprint


def _spooled_body(req: falcon.Request) -> IO[bytes]:
    """The body copied into a spooled file, which then stands in for the socket.

    As much as ``Content-Length`` says is read, which is what Falcon itself reads
    (none of a body without one); the body limit middleware refused it already
    if that was over the route's limit.
    """
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)
    remaining = req.content_length or 0
    while remaining > 0 and (chunk := req.stream.read(min(_CHUNK_BYTES, remaining))):
        spool.write(chunk)
        remaining -= len(chunk)
    spool.seek(0)
    req.env["wsgi.input"] = req.stream = spool  # Falcon's bounded_stream wraps env["wsgi.input"] when first asked
    return spool


def _body_digest(req: falcon.Request, media_type: str, body: IO[bytes]) -> str:
    """The body's digest as the server reads it; byte for byte when it cannot be parsed."""
    if media_type == falcon.MEDIA_JSON:
        try:
            canonical = json.dumps(json.load(body), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        except (ValueError, RecursionError):
            body.seek(0)
    elif media_type == falcon.MEDIA_MULTIPART:
        try:
            return _multipart_digest(req, body)
        except (falcon.HTTPError, ValueError):  # broken framing, no boundary, an undecodable header
            body.seek(0)
    return _stream_digest(body)


def _multipart_digest(req: falcon.Request, body: IO[bytes]) -> str:
    """The parts' names, filenames, types and bytes in order, whatever boundary separates them."""
    handler = req.options.media_handlers[falcon.MEDIA_MULTIPART]
    digest = hashlib.sha256()
    for part in handler.deserialize(body, req.content_type, req.content_length):
        for field in (part.name, part.filename, part.content_type):
            digest.update(json.dumps(field).encode("utf-8") + b"\n")
        digest.update(_stream_digest(part.stream).encode("ascii") + b"\n")
    return digest.hexdigest()


def _stream_digest(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK_BYTES):
        digest.update(chunk)
    return digest.hexdigest()
