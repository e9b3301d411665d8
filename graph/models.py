"""The graph's schema, declared once with neomodel.

These classes are the single source of the schema. From them come
:func:`graph.schema.ladybug_ddl` (LadybugDB tables), neomodel's install step
(Neo4j uniqueness constraints and indexes) and ``instagraph schema`` (the
document people who write Cypher read). The running code does not use
neomodel's object mapper: it runs named queries from ``cypher/``.

Conventions:
- The first ``unique_index`` property of a node is its key (LadybugDB's primary key).
- ``uid`` is stored as ``id`` (neomodel reserves the attribute name ``id``); ids are
  64-bit integers made by :mod:`graph.ids`.
- Relationships that record an event carry ``created_at`` (naive UTC).
- Properties ending in ``_count`` are stored counters (cards show them without
  scanning relationships): every write that adds or removes what they count
  changes them in the same statement, and only when it really added or removed
  something, so they stay exact under retries and concurrency. Statements that
  create a node set each counter to 0 explicitly (Neo4j has no column defaults).
- A relationship type with several end labels (``LIKED`` a Photo or a Comment) is
  declared once per end label; the generator folds them into one relationship table.
"""

from neomodel import (
    ArrayProperty,
    BooleanProperty,
    DateTimeProperty,
    IntegerProperty,
    JSONProperty,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
)

SCHEMA_VERSION = 6
"""Bump with a migration in :mod:`graph.migrations` whenever these classes change."""


class Event(StructuredRel):
    """A relationship that records when something happened.

    ``seq`` is an id from :mod:`graph.ids` made when the event happened: unique
    and time-sortable, it orders lists of events (followers newest first,
    follow requests oldest first) and is what their cursors remember.
    """

    created_at = DateTimeProperty(required=True)
    seq = IntegerProperty(required=True)


class Follow(Event):
    """A follow; ``approved`` when it was a request the followed account approved.

    Notifications tell the two apart: a plain follow tells the followed
    account "X started following you"; an approved one tells the follower
    "X approved your request" (the approver acted, so they are not told).
    """

    approved = BooleanProperty(default=False)


class User(StructuredNode):
    """An account. ``username`` is stored lower-case and unique; look it up through ``Username``."""

    uid = IntegerProperty(db_property="id", unique_index=True, required=True)
    username = StringProperty(unique_index=True, required=True)
    display_name = StringProperty(default="")
    bio = StringProperty(default="")
    private = BooleanProperty(default=False)
    password_hash = StringProperty(required=True)
    created_at = DateTimeProperty(required=True)
    photo_count = IntegerProperty(default=0)
    follower_count = IntegerProperty(default=0)
    following_count = IntegerProperty(default=0)

    follows = RelationshipTo("User", "FOLLOWS", model=Follow)
    requested = RelationshipTo("User", "REQUESTED", model=Event)
    blocked = RelationshipTo("User", "BLOCKED", model=Event)
    posted = RelationshipTo("Photo", "POSTED", model=Event)
    liked_photos = RelationshipTo("Photo", "LIKED", model=Event)
    liked_comments = RelationshipTo("Comment", "LIKED", model=Event)
    commented = RelationshipTo("Comment", "COMMENTED", model=Event)


class Username(StructuredNode):
    """The index of usernames: ``(:Username {name})-[:NAMES]->(:User)``.

    LadybugDB indexes primary keys only, so a ``User`` found by its
    ``username`` property is a scan of every user. Keyed by the name, this
    node makes every lookup by username a primary-key (hash index) lookup on
    LadybugDB and a unique-constraint index lookup on Neo4j, with one query
    text for both. Created with its user, deleted with it.

    Find a user by name through it, in every query::

        MATCH (:Username {name: $username})-[:NAMES]->(u:User)

    never with ``MATCH (u:User {username: $username})``, which scans. The
    ``User.username`` property stays, for display (and Neo4j's uniqueness
    constraint). ``accounts/create_user`` creates both nodes in one statement
    and ``accounts/delete_user`` deletes both; anything that changes a
    username later must change both in one statement.
    """

    name = StringProperty(unique_index=True, required=True)

    user = RelationshipTo("User", "NAMES")


class Photo(StructuredNode):
    """A posted photo; its image bytes live in the media store under ``media``'s keys.

    ``hashtags`` and ``mentions`` are the names the caption linked when it was
    last written, in caption order, for display; queries follow the
    ``TAGGED`` and ``MENTIONS`` relationships instead.
    """

    uid = IntegerProperty(db_property="id", unique_index=True, required=True)
    caption = StringProperty(default="")
    alt_text = StringProperty(default="")
    hashtags = ArrayProperty(StringProperty(), default=list)
    mention_names = ArrayProperty(StringProperty(), db_property="mentions", default=list)
    media = JSONProperty()
    blurhash = StringProperty(default="")
    created_at = DateTimeProperty(required=True)
    like_count = IntegerProperty(default=0)
    comment_count = IntegerProperty(default=0)

    tagged = RelationshipTo("Hashtag", "TAGGED")
    mentions = RelationshipTo("User", "MENTIONS")


class Comment(StructuredNode):
    """A comment on a photo, possibly a reply to another comment (``hashtags``, ``mentions``: as on ``Photo``)."""

    uid = IntegerProperty(db_property="id", unique_index=True, required=True)
    text = StringProperty(required=True)
    hashtags = ArrayProperty(StringProperty(), default=list)
    mention_names = ArrayProperty(StringProperty(), db_property="mentions", default=list)
    created_at = DateTimeProperty(required=True)
    like_count = IntegerProperty(default=0)

    on = RelationshipTo("Photo", "ON")
    reply_to = RelationshipTo("Comment", "REPLY_TO")
    tagged = RelationshipTo("Hashtag", "TAGGED")
    mentions = RelationshipTo("User", "MENTIONS")


class Hashtag(StructuredNode):
    """A hashtag, keyed by its lower-case name without the ``#``."""

    name = StringProperty(unique_index=True, required=True)
    photo_count = IntegerProperty(default=0)


class SearchTerm(StructuredNode):
    """The search index: ``(:SearchTerm {key})-[:FINDS]->(:User|Hashtag)``, one term per prefix.

    Neither engine shares a prefix index with the other (LadybugDB indexes
    primary keys only, by hash), so every prefix of a username, of each word
    of a display name and of a hashtag name is a term keyed by its kind and
    text (``u:al``, ``h:sun``; :mod:`graph.search_index` makes them), and a
    search is one primary-key lookup, the same text on both engines.
    """

    key = StringProperty(unique_index=True, required=True)

    users = RelationshipTo("User", "FINDS")
    hashtags = RelationshipTo("Hashtag", "FINDS")


class Session(StructuredNode):
    """A login. Only the SHA-256 of the bearer token is stored.

    Keyed by ``token_hash``: authenticating a request is one primary-key lookup.
    ``uid`` is the id its owner sees and ends it by (``/v1/me/sessions/{id}``),
    never the token nor its hash. ``last_used_at`` is refreshed at most once an
    hour (``social/sessions.py`` says why); ``client`` is the User-Agent it
    logged in with, truncated.
    """

    token_hash = StringProperty(unique_index=True, required=True)
    uid = IntegerProperty(db_property="id", unique_index=True, required=True)
    created_at = DateTimeProperty(required=True)
    last_used_at = DateTimeProperty(required=True)
    client = StringProperty(default="")

    user = RelationshipTo("User", "AUTHENTICATES")


class IdempotencyKey(StructuredNode):
    """An ``Idempotency-Key`` of a create request (API.md): the claim while it runs, then its answer.

    ``key`` is the SHA-256 of the caller, the operation and the key the client
    sent, never the key itself. ``fingerprint`` is the SHA-256 of the request
    (method, path and body) a retry must match. ``token`` names the request
    that claimed the key: only it may store its answer or give the key up.
    ``status`` is 0 while that request runs (``expires_at`` is then the end of
    its lease), else the answer's status, stored with its body, content type
    and ``Location``, until ``expires_at`` 24 hours later. :mod:`feed.idempotency`
    says what is kept and why.
    """

    key = StringProperty(unique_index=True, required=True)
    fingerprint = StringProperty(required=True)
    token = StringProperty(required=True)
    status = IntegerProperty(default=0)
    content_type = StringProperty(default="")
    location = StringProperty(default="")
    body = StringProperty(default="")
    expires_at = DateTimeProperty(required=True)


class SchemaInfo(StructuredNode):
    """Bookkeeping: the schema version a database was migrated to."""

    name = StringProperty(unique_index=True, required=True)
    version = IntegerProperty(required=True)


NODE_CLASSES: tuple[type[StructuredNode], ...] = (
    User, Username, Photo, Comment, Hashtag, SearchTerm, Session, IdempotencyKey, SchemaInfo
)
"""Every node class, in the order their tables are created."""
