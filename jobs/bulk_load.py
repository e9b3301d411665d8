"""Writing a synthetic graph into an empty LadybugDB graph: CSV files copied in by the engine, in one transaction.

Statements would take minutes for millions of rows; ``COPY FROM`` a CSV file
takes seconds. The rows go in as drawn, stored counters included (counted by
:mod:`jobs.synthetic`), which is right only when the graph has none of these
users and hashtags yet: :mod:`jobs.seed` checks. Everything is copied in one
write transaction, so an interrupted load leaves the graph as it was.

Synthetic users are made by :func:`_users` and hashtags by :func:`_hashtags`
(their only places on this path), and both are indexed for search by
:func:`_search_index`. No value contains a line break, which the engine's
parallel CSV reader refuses inside quotes.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph import search_index
from graph.gateway import BulkLoader, CsvTable
from jobs.synthetic import Progress, SyntheticGraph, quiet, synthetic_media

_PHOTO_ENDS, _COMMENT_ENDS = ("User", "Photo"), ("User", "Comment")


def load(graph: BulkLoader, synthetic: SyntheticGraph, *, password_hash: str, progress: Progress = quiet) -> None:
    """Copy ``synthetic`` into ``graph``, every user with ``password_hash``."""
    with tempfile.TemporaryDirectory(prefix="instagraph-seed-") as folder:
        files = _Files(Path(folder), progress)
        tables = [
            *_users(files, synthetic, password_hash),
            *_photos(files, synthetic),
            *_hashtags(files, synthetic),
            *_comments(files, synthetic),
            *_search_index(files, synthetic),
        ]
        progress("copying the files into the graph", 0, len(tables))
        graph.bulk_load(tables)
        progress("copying the files into the graph", len(tables), len(tables))


class _Files:
    """CSV files in one folder, each written whole, with its header, as the engine reads them."""

    def __init__(self, folder: Path, progress: Progress) -> None:
        self.folder, self.progress = folder, progress
        self.written = 0

    def table(
        self, table: str, header: tuple[str, ...], rows: Iterable[tuple[Any, ...]], ends: tuple[str, str] | None = None
    ) -> CsvTable:
        """A file of ``rows`` for ``table``; a relationship's rows start with the keys of its two ends."""
        self.written += 1
        path = self.folder / f"{self.written:02}-{table}.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file, quoting=csv.QUOTE_NONNUMERIC)  # "" is an empty string, an empty field null
            writer.writerow(header)
            writer.writerows(rows)
        self.progress(f"wrote {path.name}", self.written, self.written)
        return CsvTable(table, path, header if ends is None else header[2:], ends)


def _csv_list(names: list[str]) -> str:
    """A list of names as the engine's CSV reader reads one (no hashtag or username holds a comma or a bracket)."""
    return "[" + ",".join(names) + "]"


def _users(files: _Files, synthetic: SyntheticGraph, password_hash: str) -> list[CsvTable]:
    """Users with their Username nodes, and the relationships between users."""
    users = synthetic.users.dicts()
    return [
        files.table(
            "User",
            ("id", "username", "display_name", "bio", "private", "password_hash", "created_at",
             "photo_count", "follower_count", "following_count"),
            ((u["id"], u["username"], u["display_name"], "", u["private"], password_hash, u["created_at"],
              u["photo_count"], u["follower_count"], u["following_count"]) for u in users),
        ),
        files.table("Username", ("name",), ((u["username"],) for u in users)),
        files.table("NAMES", ("name", "id"), ((u["username"], u["id"]) for u in users), ends=("Username", "User")),
        *(
            files.table(rel, table.columns, table.rows, ends=("User", "User"))
            for rel, table in (("BLOCKED", synthetic.blocks), ("FOLLOWS", synthetic.follows),
                               ("REQUESTED", synthetic.requests))
        ),
    ]


def _photos(files: _Files, synthetic: SyntheticGraph) -> list[CsvTable]:
    """Photos, who posted them, who liked them and whom their captions mention."""
    photos = synthetic.photos.dicts()
    return [
        files.table(
            "Photo",
            ("id", "caption", "alt_text", "hashtags", "mentions", "media", "blurhash", "created_at",
             "like_count", "comment_count"),
            ((p["id"], p["caption"], "", _csv_list(p["hashtags"]), _csv_list(p["mentions"]), synthetic_media(p["id"]), "",
              p["created_at"], p["like_count"], p["comment_count"]) for p in photos),
        ),
        files.table(
            "POSTED",
            ("owner", "id", "created_at", "seq"),
            ((p["owner"], p["id"], p["created_at"], p["id"]) for p in photos),
            ends=_PHOTO_ENDS,
        ),
        files.table("LIKED", synthetic.photo_likes.columns, synthetic.photo_likes.rows, ends=_PHOTO_ENDS),
        files.table(
            "MENTIONS", synthetic.photo_mentions.columns, synthetic.photo_mentions.rows, ends=("Photo", "User")
        ),
    ]


def _hashtags(files: _Files, synthetic: SyntheticGraph) -> list[CsvTable]:
    """Hashtags and the photos they tag."""
    return [
        files.table("Hashtag", synthetic.hashtags.columns, synthetic.hashtags.rows),
        files.table(
            "TAGGED",
            ("id", "name"),
            ((photo["id"], name) for photo in synthetic.photos.dicts() for name in photo["hashtags"]),
            ends=("Photo", "Hashtag"),
        ),
    ]


def _comments(files: _Files, synthetic: SyntheticGraph) -> list[CsvTable]:
    """Comments, their authors, photos and threads, who liked them and whom they mention."""
    comments = synthetic.comments.dicts()
    return [
        files.table(
            "Comment",
            ("id", "text", "hashtags", "mentions", "created_at", "like_count"),
            ((c["id"], c["text"], "[]", _csv_list(c["mentions"]), c["created_at"], c["like_count"]) for c in comments),
        ),
        files.table(
            "COMMENTED",
            ("author", "id", "created_at", "seq"),
            ((c["author"], c["id"], c["created_at"], c["id"]) for c in comments),
            ends=_COMMENT_ENDS,
        ),
        files.table("ON", ("id", "photo"), ((c["id"], c["photo"]) for c in comments), ends=("Comment", "Photo")),
        files.table(
            "REPLY_TO",
            ("id", "reply_to"),
            ((c["id"], c["reply_to"]) for c in comments if c["reply_to"] is not None),
            ends=("Comment", "Comment"),
        ),
        files.table("LIKED", synthetic.comment_likes.columns, synthetic.comment_likes.rows, ends=_COMMENT_ENDS),
        files.table(
            "MENTIONS", synthetic.comment_mentions.columns, synthetic.comment_mentions.rows, ends=("Comment", "User")
        ),
    ]


def _search_index(files: _Files, synthetic: SyntheticGraph) -> list[CsvTable]:
    """The search terms (:mod:`graph.search_index`) that find the users and hashtags."""
    users = {u["id"]: search_index.user_keys(u["username"], u["display_name"]) for u in synthetic.users.dicts()}
    hashtags = {name: search_index.hashtag_keys(name) for name, _ in synthetic.hashtags.rows}
    terms = sorted({key for keys in (*users.values(), *hashtags.values()) for key in keys})
    return [
        files.table("SearchTerm", ("key",), ((key,) for key in terms)),
        files.table(
            "FINDS",
            ("key", "id"),
            ((key, id_) for id_, keys in users.items() for key in keys),
            ends=("SearchTerm", "User"),
        ),
        files.table(
            "FINDS",
            ("key", "name"),
            ((key, name) for name, keys in hashtags.items() for key in keys),
            ends=("SearchTerm", "Hashtag"),
        ),
    ]
