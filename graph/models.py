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
- A relationship type with several end labels (``LIKED`` a Photo or a Comment) is
  declared once per end label; the generator folds them into one relationship table.
"""

from neomodel import (
    BooleanProperty,
    DateTimeProperty,
    IntegerProperty,
    JSONProperty,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
)

SCHEMA_VERSION = 1
"""Bump with a migration in :mod:`graph.migrations` whenever these classes change."""


class Event(StructuredRel):
    """A relationship that records when something happened.

    ``seq`` is an id from :mod:`graph.ids` made when the event happened: unique
    and time-sortable, it orders lists of events (followers newest first,
    follow requests oldest first) and is what their cursors remember.
    """

    created_at = DateTimeProperty(required=True)
    seq = IntegerProperty(required=True)


class User(StructuredNode):
    """An account. ``username`` is stored lower-case and unique."""

    uid = IntegerProperty(db_property="id", unique_index=True, required=True)
    username = StringProperty(unique_index=True, required=True)
    display_name = StringProperty(default="")
    bio = StringProperty(default="")
    private = BooleanProperty(default=False)
    password_hash = StringProperty(required=True)
    created_at = DateTimeProperty(required=True)

    follows = RelationshipTo("User", "FOLLOWS", model=Event)
    requested = RelationshipTo("User", "REQUESTED", model=Event)
    blocked = RelationshipTo("User", "BLOCKED", model=Event)
    posted = RelationshipTo("Photo", "POSTED", model=Event)
    liked_photos = RelationshipTo("Photo", "LIKED", model=Event)
    liked_comments = RelationshipTo("Comment", "LIKED", model=Event)
    commented = RelationshipTo("Comment", "COMMENTED", model=Event)


class Photo(StructuredNode):
    """A posted photo; its image bytes live in the media store under ``media``'s keys."""

    uid = IntegerProperty(db_property="id", unique_index=True, required=True)
    caption = StringProperty(default="")
    alt_text = StringProperty(default="")
    media = JSONProperty()
    blurhash = StringProperty(default="")
    created_at = DateTimeProperty(required=True)

    tagged = RelationshipTo("Hashtag", "TAGGED")
    mentions = RelationshipTo("User", "MENTIONS")


class Comment(StructuredNode):
    """A comment on a photo, possibly a reply to another comment."""

    uid = IntegerProperty(db_property="id", unique_index=True, required=True)
    text = StringProperty(required=True)
    created_at = DateTimeProperty(required=True)

    on = RelationshipTo("Photo", "ON")
    reply_to = RelationshipTo("Comment", "REPLY_TO")
    tagged = RelationshipTo("Hashtag", "TAGGED")
    mentions = RelationshipTo("User", "MENTIONS")


class Hashtag(StructuredNode):
    """A hashtag, keyed by its lower-case name without the ``#``."""

    name = StringProperty(unique_index=True, required=True)


class Session(StructuredNode):
    """A login. Only the SHA-256 of the bearer token is stored."""

    token_hash = StringProperty(unique_index=True, required=True)
    created_at = DateTimeProperty(required=True)

    user = RelationshipTo("User", "AUTHENTICATES")


class SchemaInfo(StructuredNode):
    """Bookkeeping: the schema version a database was migrated to."""

    name = StringProperty(unique_index=True, required=True)
    version = IntegerProperty(required=True)


NODE_CLASSES: tuple[type[StructuredNode], ...] = (User, Photo, Comment, Hashtag, Session, SchemaInfo)
"""Every node class, in the order their tables are created."""
