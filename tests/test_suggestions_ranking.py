"""The suggestions job ranks a batch at once in Python: its lists must be the live ranking's, user for user."""

from __future__ import annotations

import pytest

from feed.suggestions import MAX_ITEMS
from graph.backends.ladybug import LadybugGraph
from jobs import suggestions
from jobs.seed import seed
from jobs.synthetic import Shape
from social import discovery
from social.context import Context


@pytest.mark.parametrize("recent", [discovery.RECENT_FOLLOWINGS, 7], ids=["all-recent", "horizon-cuts"])
def test_each_batched_list_is_the_live_ranking(
    context: Context, graph: LadybugGraph, monkeypatch: pytest.MonkeyPatch, recent: int
) -> None:
    shape = Shape(users=300, follows_per_user=25, blocks_per_user=0.2, requests_per_private=3, private_share=0.2)
    seed(graph, shape, seed=3)
    monkeypatch.setattr(discovery, "RECENT_FOLLOWINGS", recent)  # a small horizon cuts most users' follows
    users = [row[0] for row in graph.execute("MATCH (u:User) RETURN u.id ORDER BY u.id")[1]]
    batched = suggestions.rank_batch(context, users)
    live = {user: discovery.rank_suggestions(context, user, limit=MAX_ITEMS) for user in users}
    assert batched == live
    # many lists, some cut at MAX_ITEMS (so the order of ties decides), and blocks to keep out
    assert sum(map(len, live.values())) > 1000 and sum(len(v) == MAX_ITEMS for v in live.values()) >= 5
    assert graph.execute("MATCH ()-[b:BLOCKED]->() RETURN count(b)")[1][0][0] > 20
