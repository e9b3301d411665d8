"""Accounts and sessions: sign up, log in and out, my card, my sessions and password, a user's card."""

from __future__ import annotations

import falcon

from api.auth import login_required, viewer_id
from api.ratelimit import SIGN_UPS
from api.resources import Resource, schema
from api.schemas import (
    ChangePasswordSchema,
    LogInSchema,
    OpenSessionPageSchema,
    PatchMeSchema,
    SessionSchema,
    SignUpSchema,
    UserSchema,
    load,
    page_params,
)
from social import accounts, sessions


class Accounts(Resource):
    """``/v1/accounts``."""

    rate_limit = {"POST": SIGN_UPS}

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Sign up.
        ---
        summary: Sign up
        requestBody:
          required: true
          content:
            application/json:
              schema: SignUpSchema
        responses:
          201:
            description: The new account's card.
            content:
              application/json:
                schema: UserSchema
          409:
            description: The username is taken.
          422:
            description: The body breaks a rule.
        """
        card = accounts.sign_up(self._context, **load(SignUpSchema, req))
        resp.media = schema(UserSchema).dump(card)
        resp.status = falcon.HTTP_201
        resp.location = f"/v1/users/{card['username']}"


class Sessions(Resource):
    """``/v1/sessions`` and ``/v1/sessions/current``."""

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Log in.
        ---
        summary: Log in and get a bearer token
        requestBody:
          required: true
          content:
            application/json:
              schema: LogInSchema
        responses:
          201:
            description: The bearer token (shown once) and the user's card.
            content:
              application/json:
                schema: SessionSchema
          401:
            description: Wrong username or password.
          429:
            description: Too many failed logins for this username (see Retry-After).
        """
        token, card = sessions.log_in(self._context, **load(LogInSchema, req), client=req.user_agent or "")
        resp.media = schema(SessionSchema).dump({"token": token, "user": card})
        resp.status = falcon.HTTP_201

    @falcon.before(login_required)
    def on_delete_current(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Log out.
        ---
        summary: Log out; the token stops working
        security: [{bearerAuth: []}]
        responses:
          204:
            description: Logged out.
        """
        sessions.log_out(self._context, req.context.viewer)
        resp.status = falcon.HTTP_204


class Me(Resource):
    """``/v1/me``: the logged-in user's own account."""

    @falcon.before(login_required)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """My card.
        ---
        summary: The logged-in user's card
        security: [{bearerAuth: []}]
        responses:
          200:
            content:
              application/json:
                schema: UserSchema
        """
        viewer = req.context.viewer
        resp.media = schema(UserSchema).dump(accounts.profile(self._context, viewer.username, viewer_id=viewer.id))

    @falcon.before(login_required)
    def on_patch(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Change my profile.
        ---
        summary: Change display_name, bio or private
        description: Making an account public approves all its pending follow requests.
        security: [{bearerAuth: []}]
        requestBody:
          required: true
          content:
            application/json:
              schema: PatchMeSchema
        responses:
          200:
            content:
              application/json:
                schema: UserSchema
          422:
            description: The body breaks a rule.
        """
        card = accounts.update_profile(self._context, req.context.viewer.id, **load(PatchMeSchema, req))
        resp.media = schema(UserSchema).dump(card)

    @falcon.before(login_required)
    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Delete my account.
        ---
        summary: Delete the account and everything it owns
        description: Photos and their media, comments, likes, follows, requests, blocks and sessions.
        security: [{bearerAuth: []}]
        responses:
          204:
            description: The account is gone; every token of it stops working.
        """
        accounts.delete_account(self._context, req.context.viewer.id)
        resp.status = falcon.HTTP_204


class MySessions(Resource):
    """``/v1/me/sessions`` and ``/v1/me/sessions/{session_id}``: where I am logged in."""

    @falcon.before(login_required)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """My sessions, newest first.
        ---
        summary: Where I am logged in, newest first
        description: >-
          Each session with when it logged in, when it was last used (true to the hour) and the User-Agent
          it logged in with; ``current`` marks the one this request came through. A session ends after
          ``INSTAGRAPH_SESSION_IDLE_DAYS`` (30) days without use or ``INSTAGRAPH_SESSION_MAX_DAYS`` (90)
          days after its log-in, whichever comes first; ended sessions are not listed.
        security: [{bearerAuth: []}]
        parameters: [Limit, Cursor]
        responses:
          200:
            content:
              application/json:
                schema: OpenSessionPageSchema
        """
        page = sessions.open_sessions(self._context, req.context.viewer, **page_params(req))
        resp.media = schema(OpenSessionPageSchema).dump(page)

    @falcon.before(login_required)
    def on_delete_session(self, req: falcon.Request, resp: falcon.Response, session_id: int) -> None:
        """End one of my sessions.
        ---
        summary: End one of my sessions; its token stops working
        description: Ending the current session is logging out.
        security: [{bearerAuth: []}]
        responses:
          204:
            description: The session has ended.
          404:
            description: I have no session with that id (another account's sessions are not mine to know of).
        """
        sessions.end_session(self._context, req.context.viewer, session_id)
        resp.status = falcon.HTTP_204


class Password(Resource):
    """``/v1/me/password``."""

    @falcon.before(login_required)
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Change my password.
        ---
        summary: Change my password; every other session of mine ends
        description: >-
          The new password follows the rule of sign-up. The session this request came through stays;
          every other one ends in the same transaction as the change.
        security: [{bearerAuth: []}]
        requestBody:
          required: true
          content:
            application/json:
              schema: ChangePasswordSchema
        responses:
          204:
            description: Changed.
          403:
            description: The current password is wrong (it counts as a failed login).
          422:
            description: The body breaks a rule.
          429:
            description: Too many failed logins for this username (see Retry-After).
        """
        sessions.change_password(self._context, req.context.viewer, **load(ChangePasswordSchema, req))
        resp.status = falcon.HTTP_204


class Users(Resource):
    """``/v1/users/{username}``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, username: str) -> None:
        """A user's card.
        ---
        summary: A user's profile card
        description: Visible to everyone except users it blocks (404 for them).
        responses:
          200:
            content:
              application/json:
                schema: UserSchema
          404:
            description: No such user (or it blocks the viewer).
        """
        resp.media = schema(UserSchema).dump(accounts.profile(self._context, username, viewer_id=viewer_id(req)))
