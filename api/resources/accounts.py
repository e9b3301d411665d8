"""Accounts and sessions: sign up, log in and out, my card, my sessions and password, a user's card."""

from __future__ import annotations

import falcon

from api.auth import viewer_id
from api.operations import operation
from api.ratelimit import SIGN_UPS
from api.resources import Resource, dump
from api.schemas import (
    ChangePasswordSchema,
    LogInSchema,
    OpenSessionPageSchema,
    PageQuery,
    PatchMeSchema,
    SessionSchema,
    SignUpSchema,
    UserSchema,
)
from social import accounts, sessions


class Accounts(Resource):
    """``/v1/accounts``."""

    rate_limit = {"POST": SIGN_UPS}

    @operation(
        body=SignUpSchema,
        responses={201: (UserSchema, "The new account's card.")},
        errors={409: "The username is taken (whatever its case)."},
        idempotent=True,
        supplies={"username": "/username"},
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, body: dict) -> None:
        """Sign up.

        The username is stored lower-case: ``Ann`` and ``ann`` are one account.
        """
        card = accounts.sign_up(self._context, **body)
        resp.media = dump(UserSchema, card)
        resp.status = falcon.HTTP_201
        resp.location = f"/v1/users/{card['username']}"


class Sessions(Resource):
    """``/v1/sessions`` and ``/v1/sessions/current``."""

    @operation(
        body=LogInSchema,
        responses={201: (SessionSchema, "The bearer token (shown once) and the user's card.")},
        errors={
            401: "Wrong username or password.",
            429: "Too many failed logins for this username (see Retry-After).",
        },
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, body: dict) -> None:
        """Log in and get a bearer token."""
        token, card = sessions.log_in(self._context, **body, client=req.user_agent or "")
        resp.media = dump(SessionSchema, {"token": token, "user": card})
        resp.status = falcon.HTTP_201

    @operation(auth=True, responses={204: "Logged out."})
    def on_delete_current(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Log out; the token stops working."""
        sessions.log_out(self._context, req.context.viewer)
        resp.status = falcon.HTTP_204


class Me(Resource):
    """``/v1/me``: the logged-in user's own account."""

    @operation(auth=True, responses={200: UserSchema})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """The logged-in user's card."""
        viewer = req.context.viewer
        resp.media = dump(UserSchema, accounts.profile(self._context, viewer.username, viewer_id=viewer.id))

    @operation(auth=True, body=PatchMeSchema, responses={200: UserSchema})
    def on_patch(self, req: falcon.Request, resp: falcon.Response, body: dict) -> None:
        """Change display_name, bio or private.

        Making an account public approves all its pending follow requests.
        """
        card = accounts.update_profile(self._context, req.context.viewer.id, **body)
        resp.media = dump(UserSchema, card)

    @operation(auth=True, responses={204: "The account is gone; every token of it stops working."})
    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Delete the account and everything it owns.

        Photos and their media, comments, likes, follows, requests, blocks and sessions.
        """
        accounts.delete_account(self._context, req.context.viewer.id)
        resp.status = falcon.HTTP_204


class MySessions(Resource):
    """``/v1/me/sessions`` and ``/v1/me/sessions/{session_id}``: where I am logged in."""

    @operation(auth=True, query=PageQuery, responses={200: OpenSessionPageSchema})
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: dict) -> None:
        """Where I am logged in, newest first.

        Each session with when it logged in, when it was last used (true to the hour) and the User-Agent
        it logged in with; ``current`` marks the one this request came through. A session ends after
        ``INSTAGRAPH_SESSION_IDLE_DAYS`` (30) days without use or ``INSTAGRAPH_SESSION_MAX_DAYS`` (90)
        days after its log-in, whichever comes first; ended sessions are not listed.
        """
        page = sessions.open_sessions(self._context, req.context.viewer, **query)
        resp.media = dump(OpenSessionPageSchema, page)

    @operation(
        auth=True,
        responses={204: "The session has ended."},
        errors={404: "I have no session with that id (another account's sessions are not mine to know of)."},
    )
    def on_delete_session(self, req: falcon.Request, resp: falcon.Response, session_id: int) -> None:
        """End one of my sessions; its token stops working.

        Ending the current session is logging out.
        """
        sessions.end_session(self._context, req.context.viewer, session_id)
        resp.status = falcon.HTTP_204


class Password(Resource):
    """``/v1/me/password``."""

    @operation(
        auth=True,
        body=ChangePasswordSchema,
        responses={204: "Changed."},
        errors={
            403: "The current password is wrong (it counts as a failed login).",
            429: "Too many failed logins for this username (see Retry-After).",
        },
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, body: dict) -> None:
        """Change my password; every other session of mine ends.

        The new password follows the rule of sign-up. The session this request came through stays;
        every other one ends in the same transaction as the change.
        """
        sessions.change_password(self._context, req.context.viewer, **body)
        resp.status = falcon.HTTP_204


class Users(Resource):
    """``/v1/users/{username}``."""

    @operation(responses={200: UserSchema}, errors={404: "No such user (or it blocks the viewer)."})
    def on_get(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """A user's profile card.

        Visible to everyone except users it blocks (404 for them).
        """
        resp.media = dump(UserSchema, accounts.profile(self._context, username, viewer_id=viewer_id(req)))
