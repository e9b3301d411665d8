"""Settings: the one module that reads the environment.

Every knob of the service is an ``INSTAGRAPH_*`` environment variable with a
default that suits a laptop (the embedded deployment). Backends are chosen by
the scheme of their URL. Nothing else in the code base touches ``os.environ``
for configuration; parts are built *from* a :class:`Settings` object.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclasses.dataclass(frozen=True)
class Rate:
    """At most ``limit`` events in any ``window`` seconds (a sliding window)."""

    limit: int
    window: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"LIMIT/SECONDS"`` (``"200/3600"``: 200 an hour), both positive integers."""
        limit, _, window = text.partition("/")
        try:
            rate = cls(int(limit), int(window))
        except ValueError:
            rate = None
        if rate is None or rate.limit < 1 or rate.window < 1:
            raise ValueError(f"not a rate (LIMIT/SECONDS, both positive): {text!r}")
        return rate


def _on_off(text: str) -> bool:
    if text not in ("on", "off"):
        raise ValueError(f"'on' or 'off', not {text!r}")
    return text == "on"


def _networks(text: str) -> tuple[Network, ...]:
    """Comma-separated addresses or networks (``10.0.0.0/8, 2001:db8::/32``)."""
    return tuple(ipaddress.ip_network(part.strip()) for part in text.split(",") if part.strip())


def _text_or_none(text: str) -> str | None:
    return text or None


def _int_or_none(text: str) -> int | None:
    return int(text) if text else None


def _from_env(default: Any, parse: Callable[[str], Any] = int, *, variable: str | None = None) -> Any:
    """A setting of ``default`` unless ``variable`` (``INSTAGRAPH_`` and its name in capitals) says otherwise,
    read by ``parse``: the one place its default is written (:meth:`Settings.from_env` reads every such field)."""
    return dataclasses.field(default=default, metadata={"parse": parse, "variable": variable})


@dataclasses.dataclass(frozen=True)
class Settings:
    """All configuration of one Instagraph process.

    Attributes:
        home: folder for embedded state (graph file, media, generated secret).
        graph_url: ``ladybug:///path/to/file`` or ``neo4j://…`` / ``bolt://…``.
        graph_checkpoint_bytes: on the embedded graph, the write-ahead log's size
            past which the commit that crosses it folds the log into the file
            (a checkpoint); ``None``, the engine's measured threshold:
            graph.backends.ladybug.CHECKPOINT_BYTES (16 MB, which stalled writes
            the least in the served load mix at 100,000 users).
        neo4j_user / neo4j_password: credentials for a Neo4j ``graph_url``.
        redis_url: ``redis://…``; ``None`` keeps caches and counters in-process
            and reads the home feed from the graph (no timelines, no fan-out).
        redis_timeout: socket timeout (seconds) of every Redis call (timelines, caches, counters):
            short, so that a slow or dead Redis costs a request this much at most
            before the graph answers instead.
        fanout_max_followers: accounts with more followers than this are not
            fanned out into their followers' timelines; their photos are merged
            into each follower's feed when it is read.
        timeline_ttl: seconds an unread timeline lives in Redis (a read renews
            it); an expired one is rebuilt from the graph on the next read.
        object_cache_ttl: seconds a cached card, relation set or session lives in
            Redis (:mod:`feed.objects`): writes forget what they change at once;
            this bounds what a write that could not reach Redis leaves behind.
        explore_pool_age: seconds each server keeps explore's pool of popular
            photos (the same for every viewer) before reading it again.
        suggestions_max_age: seconds the stored suggestions of ``instagraph jobs
            suggestions`` are served; older ones give way to the live traversal.
        media_url: ``file:///folder`` or ``s3://bucket/prefix``.
        media_public_url: base URL clients fetch image bytes from (a CDN in production).
        secret_key: server secret; generated once under ``home`` when unset.
        shard_id: this process's shard number in generated ids (0–8191).
        max_body_bytes: largest JSON body accepted (larger: 413).
        max_upload_bytes: largest photo upload (``multipart/form-data``) accepted (larger: 413).
        max_image_pixels: largest image, in pixels, an upload may declare (more:
            422, refused from the header before any decoding: a decompression bomb).
        aws_endpoint_url: S3 endpoint for an ``s3://`` media URL (MinIO, moto); ``None``: AWS.
        login_failure_limit / login_failure_window: failed logins per username
            allowed inside the window (seconds) before ``POST /v1/sessions`` answers 429.
        rate_limits: ``False`` (``INSTAGRAPH_RATE_LIMITS=off``) turns every rate limit
            below off, for load tests; the login throttle stays.
        rate_limit_user: requests per user (with a valid token) in any window.
        rate_limit_address: requests without a token per client address.
        rate_limit_signups: sign-ups per client address.
        rate_limit_uploads / rate_limit_comments: photos posted / comments written per user.
        trusted_proxies: networks of the load balancers whose ``X-Forwarded-For``
            names the client address; none (the default) trusts the header from nobody.
        session_idle_days: a session unused this many days ends (its token answers
            401). 30: a month away from the app costs one log-in, and a token
            left behind on a device nobody uses stops working.
        session_max_days: a session ends this many days after its log-in, however
            much it is used. 90: a stolen token that is kept busy still dies
            within a quarter, while people type their password four times a year.
        host / port / workers / threads: defaults for ``instagraph serve``. 4
            threads: the server is bound by Python's one interpreter lock, and
            in the load benchmark's mix (10,000 users, 2 cores) 2–4 threads
            served 1,430–1,500 requests/s with p99 21–24 ms, 6 and 8 threads
            1,290–1,370 with p99 30–35 ms (the ceiling app gained less: ratio
            0.49 at 4 against 0.46 at 8). More threads pay off only when
            requests wait on something else: slow uploads not buffered by a
            proxy in front, Neo4j over the network.
        access_log: where ``instagraph serve`` writes one line per request
            (``-``: standard output, else a file); ``None``, the default: no
            access log. Writing it cost a fifth of a cheap route's throughput
            (``/healthz`` under wrk: 2,002 against 2,574 requests/s), and
            ``/metrics`` already counts requests by route and status.
    """

    home: Path
    graph_url: str
    neo4j_user: str
    neo4j_password: str
    redis_url: str | None
    media_url: str
    media_public_url: str
    secret_key: str
    shard_id: int = _from_env(0)
    graph_checkpoint_bytes: int | None = _from_env(None, _int_or_none)
    max_body_bytes: int = _from_env(64 * 1024)
    max_upload_bytes: int = _from_env(20 * 1024 * 1024)
    max_image_pixels: int = _from_env(50_000_000)
    aws_endpoint_url: str | None = _from_env(None, _text_or_none, variable="AWS_ENDPOINT_URL")
    login_failure_limit: int = _from_env(10)
    login_failure_window: int = _from_env(15 * 60)
    session_idle_days: int = _from_env(30)
    session_max_days: int = _from_env(90)
    redis_timeout: float = _from_env(0.25, float)
    fanout_max_followers: int = _from_env(10_000)
    timeline_ttl: int = _from_env(7 * 24 * 3600)
    object_cache_ttl: int = _from_env(600)
    suggestions_max_age: int = _from_env(24 * 3600)
    explore_pool_age: float = _from_env(60.0, float)
    rate_limits: bool = _from_env(True, _on_off)
    rate_limit_user: Rate = _from_env(Rate(500, 10), Rate.parse)
    rate_limit_address: Rate = _from_env(Rate(500, 10), Rate.parse)
    rate_limit_signups: Rate = _from_env(Rate(200, 3600), Rate.parse)
    rate_limit_uploads: Rate = _from_env(Rate(100, 3600), Rate.parse)
    rate_limit_comments: Rate = _from_env(Rate(300, 3600), Rate.parse)
    trusted_proxies: tuple[Network, ...] = _from_env((), _networks)
    host: str = _from_env("127.0.0.1", str)
    port: int = _from_env(8080)
    workers: int = _from_env(1)
    threads: int = _from_env(4)
    log_level: str = _from_env("info", str)
    access_log: str | None = _from_env(None, _text_or_none)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``environ`` (default: the process environment)."""
        env = os.environ if environ is None else environ
        home = Path(env.get("INSTAGRAPH_HOME", "./var")).resolve()
        return cls(
            home=home,
            graph_url=env.get("INSTAGRAPH_GRAPH_URL") or f"ladybug://{home / 'graph'}",
            neo4j_user=env.get("INSTAGRAPH_NEO4J_USER", "neo4j"),
            neo4j_password=env.get("INSTAGRAPH_NEO4J_PASSWORD", ""),
            redis_url=env.get("INSTAGRAPH_REDIS_URL") or None,
            media_url=env.get("INSTAGRAPH_MEDIA_URL") or f"file://{home / 'media'}",
            media_public_url=env.get("INSTAGRAPH_MEDIA_PUBLIC_URL", "/media"),
            secret_key=env.get("INSTAGRAPH_SECRET_KEY") or _stored_secret(home),
            **_read(env),
        )

    @property
    def embedded_graph(self) -> bool:
        """The graph is a LadybugDB file: one process may write it, the server's."""
        return self.graph_url.startswith("ladybug://")

    def replace(self, **changes: object) -> Settings:
        """A copy with some settings changed (tests and the CLI use this)."""
        return dataclasses.replace(self, **changes)


def _read(env: Mapping[str, str]) -> dict[str, object]:
    """The settings of :func:`_from_env` fields that ``env`` sets, parsed; the others keep their defaults.

    Raises:
        ValueError: a value its setting cannot take (the message names the variable): a typo fails at start-up.
    """
    found: dict[str, object] = {}
    for field in dataclasses.fields(Settings):
        if "parse" not in field.metadata:
            continue
        variable = field.metadata["variable"] or f"INSTAGRAPH_{field.name.upper()}"
        if variable in env:
            try:
                found[field.name] = field.metadata["parse"](env[variable])
            except ValueError as error:
                raise ValueError(f"{variable}: {error}") from error
    return found


def _stored_secret(home: Path) -> str:
    """A secret generated on first start and kept under ``home``.

    A laptop install needs no set-up; production sets ``INSTAGRAPH_SECRET_KEY``
    so that every server shares one.
    """
    path = home / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        home.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker won the race: use its secret
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(secret)
    return secret
