"""What an ``Idempotency-Key`` adds to a request, with the keys in the graph and in a real Redis.

Over the real app (Falcon's testing client, a LadybugDB file, rate limits off),
``POST /v1/photos/{id}/comments`` three ways, taken in turn so that noise falls
on all three alike, :data:`ROUNDS` times each:

- without a key (the baseline);
- with a fresh key: new work, so the key is looked up, the body hashed, the key
  claimed and the answer stored;
- with a key already answered: a replay, which runs no rule and writes nothing.

The added cost is the second's median minus the first's. On the graph it is two
more write transactions (the claim and the answer) on the single writer, so it
is worth knowing before every client sends keys.
"""

from __future__ import annotations

import dataclasses
import itertools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import falcon.testing

from api.app import create_app
from feed.cache import Cache
from graph.backends.ladybug import LadybugGraph
from graph.migrations import setup_schema
from instagraph.settings import Settings
from social.context import Context
from tests.conftest import RedisServer, make_context
from tests.factories.photos import api_photo
from tests.factories.users import api_user

ROUNDS = 300


def _timed(call: Callable[[], falcon.testing.Result]) -> float:
    started = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - started
    assert result.status_code == 201, result.text
    return elapsed


def measure(ctx: Context) -> dict[str, float]:
    """Median milliseconds of a comment without a key, with a fresh key, and replayed."""
    client = falcon.testing.TestClient(create_app(ctx))
    ann = api_user(client, "ann")
    path = f"/v1/photos/{api_photo(client, ann)['id']}/comments"
    keys = (f"key-{n}" for n in itertools.count())

    def post(key: str | None) -> falcon.testing.Result:
        headers = {**ann.headers, **({"Idempotency-Key": key} if key else {})}
        return client.simulate_post(path, json={"text": "Nice"}, headers=headers)

    replayed = next(keys)
    post(replayed)
    samples: dict[str, list[float]] = {"no key": [], "new key": [], "replay": []}
    for _ in range(ROUNDS):
        samples["no key"].append(_timed(lambda: post(None)))
        samples["new key"].append(_timed(lambda: post(next(keys))))
        samples["replay"].append(_timed(lambda: post(replayed)))
    return {name: statistics.median(times) * 1000 for name, times in samples.items()}


def _context(home: Path) -> tuple[Context, LadybugGraph]:
    settings = Settings.from_env({"INSTAGRAPH_HOME": str(home), "INSTAGRAPH_SECRET_KEY": "bench", "INSTAGRAPH_RATE_LIMITS": "off"})
    graph = LadybugGraph.from_url(settings.graph_url)
    setup_schema(graph)
    return make_context(settings, graph), graph


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        redis_server = RedisServer(root)
        try:
            rows = []
            for store in ("graph", "Redis"):
                ctx, graph = _context(root / store)
                if store == "Redis":
                    ctx = dataclasses.replace(ctx, cache=Cache.from_url(redis_server.url, 0.25))
                try:
                    rows.append((store, measure(ctx)))
                finally:
                    graph.close()
        finally:
            redis_server.stop()
    print(f"POST /v1/photos/{{id}}/comments, median of {ROUNDS} each, in turn (ms)")
    print(f"{'keys in':<8} {'no key':>8} {'new key':>8} {'added':>8} {'replay':>8}")
    for store, ms in rows:
        added = ms["new key"] - ms["no key"]
        print(f"{store:<8} {ms['no key']:>8.2f} {ms['new key']:>8.2f} {added:>+8.2f} {ms['replay']:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
