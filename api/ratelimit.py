"""Rate limits at the edge: every request counts once, in the sliding window of its route's class.

The classes, and whom they count (the limits are settings, see README):

- ``requests``, every route unless it says otherwise: per user when the request
  carries a valid token (``INSTAGRAPH_RATE_LIMIT_USER``), per client address
  when it carries none (``INSTAGRAPH_RATE_LIMIT_ADDRESS``, :mod:`api.client_address`);
- ``sign-ups`` (``POST /v1/accounts``): per client address;
- ``uploads`` (``POST /v1/photos``) and ``comments`` (``POST …/comments``): per user;
  anonymous calls to them count as ``requests`` of their address (they end in 401);
- :data:`UNLIMITED`: the probes, which load balancers and Prometheus call at their
  own pace, and ``/media/{key}``, the embedded stand-in for the CDN.

A resource names the class of its responders with a ``rate_limit`` attribute (one
class, or a mapping from HTTP method to class; methods left out are ``requests``),
the way ``max_body_bytes`` names body limits.

The windows are :meth:`feed.counters.Counters.take`: in Redis when it is configured,
so every server shares them, in the process otherwise; one call per request. A
refused request is not counted. Every counted answer, errors included, carries
``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset`` (seconds until
everything counted so far has left the window); past the limit the answer is a 429
problem with ``Retry-After`` (seconds until one more request fits).

When the counters cannot be reached the limiter fails open: it logs a warning and
lets requests through uncounted (and without RateLimit headers) for
:data:`feed.cache.PAUSE` seconds before trying again, so a dead or slow Redis
neither takes the API down nor costs each request a timeout. ``/readyz`` says
``degraded`` meanwhile. The service prefers availability: these limits keep one
client from crowding out the others, they are not what stands between the API
and a flood (the load balancer is).

Authentication runs first (a user's limit needs the user), so a request whose
token is refused ends in 401 before it is counted; it costs one session lookup.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import falcon

from api.client_address import ClientAddress
from api.errors import Problem
from feed.cache import PAUSE
from feed.counters import Counters, CountersUnavailable, Taken
from instagraph.settings import Rate, Settings

REQUESTS = "requests"
SIGN_UPS = "sign-ups"
UPLOADS = "uploads"
COMMENTS = "comments"
UNLIMITED = "unlimited"

_log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class _Policy:
    """One limit: what it counts, at what rate, and whether per user or per client address."""

    noun: str
    rate: Rate
    per_user: bool

    def key(self, who: object) -> str:
        """The counter of ``who`` (a user id or an address) under this limit."""
        return f"rate:{self.noun}:{'user' if self.per_user else 'address'}:{who}"


def route_class(resource: Any, method: str) -> str:
    """The rate-limit class of ``method`` requests to ``resource`` (see the module's docstring)."""
    declared = getattr(resource, "rate_limit", REQUESTS)
    if isinstance(declared, Mapping):
        return declared.get(method, REQUESTS)
    return declared


class RateLimitMiddleware:
    """Counts each request in its window; 429 past the limit; RateLimit headers on every counted answer.

    Args:
        settings: the limits and the trusted proxies.
        counters: where the windows are kept (the login throttle's counters).
        clock: monotonic seconds for the pause after a failure (tests pass their own).
    """

    def __init__(self, settings: Settings, counters: Counters, clock: Callable[[], float] = time.monotonic) -> None:
        self._counters = counters
        self._clock = clock
        self._paused_until = float("-inf")
        self._client_address = ClientAddress(settings.trusted_proxies)
        self._by_address = _Policy(REQUESTS, settings.rate_limit_address, per_user=False)
        self._sign_ups = _Policy(SIGN_UPS, settings.rate_limit_signups, per_user=False)
        self._by_user = {
            REQUESTS: _Policy(REQUESTS, settings.rate_limit_user, per_user=True),
            UPLOADS: _Policy(UPLOADS, settings.rate_limit_uploads, per_user=True),
            COMMENTS: _Policy(COMMENTS, settings.rate_limit_comments, per_user=True),
        }

    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource: Any, params: dict) -> None:
        kind = route_class(resource, req.method)
        if kind == UNLIMITED:
            return
        policy = self._policy(kind, req.context.viewer is not None)
        who = req.context.viewer.id if policy.per_user else self._client_address(req)
        taken = self._take(policy.key(who), policy.rate)
        if taken is None:
            return
        req.context.rate_limit_headers = {
            "RateLimit-Limit": str(policy.rate.limit),
            "RateLimit-Remaining": str(max(0, policy.rate.limit - taken.count)),
            "RateLimit-Reset": str(taken.reset),
        }
        if not taken.allowed:
            raise Problem(429, _refusal(policy, taken), headers={"Retry-After": str(taken.retry_after)})

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: Any, req_succeeded: bool) -> None:
        # Here rather than in process_resource, so that error answers carry the headers too.
        headers = getattr(req.context, "rate_limit_headers", None)
        if headers:
            resp.set_headers(headers)

    def _policy(self, kind: str, logged_in: bool) -> _Policy:
        if kind == SIGN_UPS:
            return self._sign_ups
        if not logged_in:
            return self._by_address
        return self._by_user.get(kind, self._by_user[REQUESTS])

    def _take(self, key: str, rate: Rate) -> Taken | None:
        """The window's answer, or ``None`` (let the request through) while the counters are failing."""
        if self._clock() < self._paused_until:
            return None
        try:
            return self._counters.take(key, rate.window, rate.limit)
        except CountersUnavailable as error:
            self._paused_until = self._clock() + PAUSE
            _log.warning("rate limits are off for %.0f s, the counters are not answering: %s", PAUSE, error)
            return None


def _refusal(policy: _Policy, taken: Taken) -> str:
    whose = "this user" if policy.per_user else "this address"
    return (
        f"More than {policy.rate.limit} {policy.noun} in {policy.rate.window} seconds from {whose}; "
        f"try again in {taken.retry_after} seconds."
    )
