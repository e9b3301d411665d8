"""Capacity on paper: servers, Redis memory, graph size, cluster shape, storage and egress from a few parameters.

``instagraph capacity`` renders :func:`report` as Markdown; ``docs/capacity.md``
is that output for the brief's parameters, and a test recomputes it, so the
document cannot drift from the formulas. Every line shows its formula, and
every figure that is not a parameter is a :class:`Figure` that says where it
comes from: measured on this code (and by which benchmark), or assumed (and
why), so a reader knows which numbers to re-measure first.
"""

from __future__ import annotations

import dataclasses
import math


@dataclasses.dataclass(frozen=True)
class Figure:
    """A number the plan uses that is not a parameter, with where it comes from."""

    value: float
    unit: str
    source: str


MEASURED = {
    "server_rps": Figure(1_686, "requests/s", "measured: bench/load's 95/5 mix at 100,000 users on one 2-core server with the embedded graph in the same process, gunicorn's threaded worker as cli/http_worker.py runs it, 4 request threads, 300 s after a 60 s warm-up, one 0.9 s checkpoint of the graph included (1,741 at 10,000 users; 0.69 ms of server CPU per request, 1.17 of the 2 cores, the machine 38% idle: one process bound by its interpreter lock; p99 27 ms)"),
    "timeline_entry_bytes": Figure(115, "B", "measured: Redis 7.0 MEMORY USAGE of an 800-id timeline, 92,312 B"),
    "variant_bytes": Figure(122_635, "B", "measured: the three variants (76,467 + 33,759 + 12,409 B) of a synthetic 12 MP, 3 MB JPEG (bench/media_pipeline's); real photos compress less"),
    "served_variant_bytes": Figure(33_759, "B", "measured: the 640 px variant of that JPEG, the one feeds show"),
    "graph_bytes_per_user": Figure(5_203, "B", "measured: the LadybugDB file of `instagraph seed --users 100000`, 520,286,208 B, per user (17.6 follows, 5.0 photos with the media descriptors of their three sizes, 9.0 likes, 2.0 comments each, search index included); a Neo4j store is of the same order"),
    "session_bytes": Figure(200, "B", "assumed: a session hash of token digest, user id and two times in Redis"),
    "card_bytes": Figure(600, "B", "assumed: a cached user or photo card as JSON"),
    "queries_per_read": Figure(3, "graph queries", "counted in the code: a feed page from the graph is three queries (followed ids, photo ids, photos by id)"),
    "neo4j_follower_qps": Figure(5_000, "queries/s", "assumed: one 8-core Neo4j follower on primary-key lookups; Neo4j cannot run on the development machines"),
}
"""The figures the plan rests on, by name."""


@dataclasses.dataclass(frozen=True)
class Parameters:
    """What the plan is for (defaults: the brief).

    Attributes:
        users: accounts.
        peak_rps: requests per second at peak, all servers together.
        read_share: share of requests that only read.
        weekly_active_share: share of users who read their feed within a timeline's life (a week).
        uploads_per_user_per_day: photos posted per user per day, on average.
        upload_mb: size of an upload (the original is not kept; only its variants are).
        follows_per_user: accounts each user follows, on average.
        big_follow_share: share of follows that point at accounts too big to fan out.
        timeline_length: ids per Redis timeline (:data:`feed.timelines.MAX_ITEMS`).
        cache_hit_share: share of graph reads a cache answers once cards and sessions are cached.
        image_views_per_active_user_per_day: photos an active user's app fetches a day.
        headroom: the load one server is planned at, as a share of what it can carry.
    """

    users: int = 10_000_000
    peak_rps: int = 10_000
    read_share: float = 0.95
    weekly_active_share: float = 0.6
    uploads_per_user_per_day: float = 0.1
    upload_mb: float = 3.0
    follows_per_user: float = 150.0
    big_follow_share: float = 0.3
    timeline_length: int = 800
    cache_hit_share: float = 0.8
    image_views_per_active_user_per_day: float = 200.0
    headroom: float = 0.6


@dataclasses.dataclass(frozen=True)
class Line:
    """One result: what, its formula, its value and unit."""

    what: str
    formula: str
    value: float
    unit: str


def report(p: Parameters) -> dict[str, list[Line]]:
    """Every line of the plan, by section."""
    m = {name: figure.value for name, figure in MEASURED.items()}
    active = p.users * p.weekly_active_share
    writes = p.peak_rps * (1 - p.read_share)
    servers = math.ceil(p.peak_rps / (m["server_rps"] * p.headroom)) + 1
    uploads_per_s = p.users * p.uploads_per_user_per_day / 86_400
    pushes = uploads_per_s * p.follows_per_user * (1 - p.big_follow_share)
    graph_reads = p.peak_rps * p.read_share * (1 - p.cache_hit_share) * m["queries_per_read"]
    timelines_gb = active * p.timeline_length * m["timeline_entry_bytes"] / 1e9
    sessions_gb = active * m["session_bytes"] / 1e9
    cards_gb = active * 0.1 * m["card_bytes"] / 1e9
    graph_gb = p.users * m["graph_bytes_per_user"] / 1e9
    stored_tb = p.users * p.uploads_per_user_per_day * 365 * m["variant_bytes"] / 1e12
    egress_tb = active * p.image_views_per_active_user_per_day * 30 * m["served_variant_bytes"] / 1e12
    return {
        "API servers": [
            Line("writes at peak", "peak_rps × (1 − read_share)", writes, "requests/s"),
            Line("API servers", "⌈peak_rps / (server_rps × headroom)⌉ + 1 spare", servers, "servers"),
        ],
        "Redis": [
            Line("timelines", "users × weekly_active_share × timeline_length × timeline_entry_bytes", timelines_gb, "GB"),
            Line("sessions", "active users × session_bytes", sessions_gb, "GB"),
            Line("cards (a tenth of active users' hot)", "active users × 0.1 × card_bytes", cards_gb, "GB"),
            Line("Redis nodes (64 GB each, each with a replica)", "⌈(timelines + sessions + cards) / 64 GB⌉ × 2", math.ceil((timelines_gb + sessions_gb + cards_gb) / 64) * 2, "nodes"),
            Line("fan-out pushes", "users × uploads_per_user_per_day / 86,400 × follows_per_user × (1 − big_follow_share)", pushes, "ZADDs/s"),
        ],
        "Graph (Neo4j cluster)": [
            Line("size on disk, each member", "users × graph_bytes_per_user", graph_gb, "GB"),
            Line("read queries at peak", "peak_rps × read_share × (1 − cache_hit_share) × queries_per_read", graph_reads, "queries/s"),
            Line("followers (reads routed to them)", "⌈read queries / neo4j_follower_qps⌉ + 1 spare", math.ceil(graph_reads / m["neo4j_follower_qps"]) + 1, "servers"),
            Line("leader (every write)", "writes at peak go to one leader", 1, "server"),
        ],
        "Media (S3 + CDN)": [
            Line("uploads", "users × uploads_per_user_per_day / 86,400", uploads_per_s, "photos/s"),
            Line("upload bandwidth in", "uploads/s × upload_mb × 8", uploads_per_s * p.upload_mb * 8, "Mbit/s"),
            Line("S3 storage added per year", "users × uploads_per_user_per_day × 365 × variant_bytes", stored_tb, "TB"),
            Line("CDN egress per month", "active users × image_views_per_active_user_per_day × 30 × served_variant_bytes", egress_tb, "TB"),
        ],
    }


def render(p: Parameters) -> str:
    """The plan as Markdown: parameters, the figures used with their sources, then each section's lines."""
    out = ["# Capacity plan", "", "Generated by `instagraph capacity` (instagraph/capacity.py); do not edit by hand.", ""]
    out += ["## Parameters", "", "| parameter | value |", "|---|---|"]
    out += [f"| `{field.name}` | {_number(getattr(p, field.name))} |" for field in dataclasses.fields(p)]
    out += ["", "## Figures used", "", "| figure | value | source |", "|---|---|---|"]
    out += [f"| `{name}` | {_number(f.value)} {f.unit} | {f.source} |" for name, f in MEASURED.items()]
    for section, lines in report(p).items():
        out += ["", f"## {section}", "", "| what | formula | value |", "|---|---|---|"]
        out += [f"| {line.what} | {line.formula} | {_number(line.value)} {line.unit} |" for line in lines]
    return "\n".join(out) + "\n"


def _number(value: float) -> str:
    """Whole numbers with thousands separators; others to three significant figures."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
