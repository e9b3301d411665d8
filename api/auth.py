"""Authentication at the edge: bearer token → ``req.context.viewer``.

:class:`AuthMiddleware` resolves the token of every request (``None`` when there
is none); :func:`login_required` is the hook a responder uses when API.md marks
it *(auth)*. A token that is present but unknown or logged out is a 401 on every
route, so a client learns at once that its session is over.
"""

from __future__ import annotations

from typing import Any

import falcon

from social import sessions
from social.cards import ANONYMOUS
from social.context import Context
from social.errors import Unauthenticated


class AuthMiddleware:
    """Puts the authenticated :class:`social.sessions.Viewer` (or ``None``) on ``req.context.viewer``."""

    def __init__(self, context: Context) -> None:
        self._context = context

    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource: Any, params: dict) -> None:
        req.context.viewer = None
        header = req.get_header("Authorization")
        if header is None or resource is None:
            return
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("Use 'Authorization: Bearer <token>'.")
        viewer = sessions.authenticate(self._context, token.strip())
        if viewer is None:
            raise Unauthenticated("The token is not valid or the session has ended.")
        req.context.viewer = viewer


def login_required(req: falcon.Request, resp: falcon.Response, resource: Any, params: dict) -> None:
    """``falcon.before`` hook: 401 unless the request carries a valid token."""
    if req.context.viewer is None:
        raise Unauthenticated("This needs a logged-in user: send 'Authorization: Bearer <token>'.")


def viewer_id(req: falcon.Request) -> int:
    """The id of the request's viewer, or :data:`social.accounts.ANONYMOUS`."""
    return req.context.viewer.id if req.context.viewer else ANONYMOUS
