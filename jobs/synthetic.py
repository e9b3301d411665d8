"""The synthetic graph: a realistic social graph drawn in memory, for ``instagraph seed`` and the benchmarks.

:func:`generate` draws users, blocks, follows, pending requests, photos with
hashtags, likes, comments (some of them replies) and likes of comments from
one seeded random generator, so a seed gives the same graph every time (ids and
times aside: both are relative to the moment of drawing), and @mentions in some
captions and comments. Its shape is a real network's: whom people follow is drawn by a Zipf-distributed popularity, so a
few accounts gather tens of thousands of followers at 100,000 users while most
have a handful; how many accounts a user follows and how many photos they post
are log-normal (most a few, some hundreds); hashtags come from a Zipf-distributed
vocabulary (a few are huge); likes and comments go to photos in proportion to
their owner's followers. A share of captions and comments tag accounts, mostly
ones their author follows, and a reply addresses the author it answers, as
Instagram's Reply button writes it.

The graph is drawn as the rules would leave it: no follow or request across a
block, requests only to private accounts the asker does not follow, likes and
comments only by people who may see the photo (the privacy rule), replies only
to a photo's top-level comments and later than them, everything later than
the accounts and photos it involves, mentions only as :func:`social.text.links`
would link them (:meth:`_Drawing._mentioned`). Every stored counter is counted
here, so a writer into an empty graph may store them as they are
(:mod:`jobs.bulk_load`).

Ids are made as the app makes them (:mod:`graph.ids`), from each thing's own
moment in the past year, all of them in time order, so feeds and cursors see
a history. The shard number is drawn per run (never 0, the server's default),
so the back-dated ids of two runs into one graph do not meet.

Synthetic photos have no image bytes: their ``media`` names the three sizes an
upload of their shape would have, under keys of their own that hold nothing
(:func:`synthetic_media`), so their cards weigh what real ones do and a load
test never fetches images.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import json
import math
import random
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from graph.ids import EPOCH, MAX_SHARD, IdGenerator
from media.images import VARIANT_WIDTHS, Variant, variant_sizes
from social.media import media_entry

SHAPES = ((1080, 1080), (1080, 1350), (1080, 566))
"""Uploads' sizes, square, portrait (4:5) and landscape (1.91:1), one per photo in turn by id."""

HISTORY = timedelta(days=365)
"""How far back the synthetic history goes (never before :data:`graph.ids.EPOCH`)."""

ZIPF_EXPONENT = 1.0
"""Popularity of the account or hashtag of rank r is proportional to 1 / r ** ZIPF_EXPONENT."""

ACTIVITY_SPREAD = 1.0
"""Sigma of the log-normal draws of how much each user does (follows, photos, hashtags per caption)."""

FOLLOWER_SHARE = 0.8
"""Of the likes and comments a photo gets, the share drawn among its owner's followers (the rest: anyone);
likewise, of the accounts a text tags, the share drawn among those its author follows."""

POPULAR_HASHTAGS = (
    "love", "instagood", "photooftheday", "fashion", "beautiful", "happy", "cute", "travel", "food", "nature",
    "art", "photography", "summer", "friends", "style", "fitness", "sunset", "nofilter", "coffee", "dog",
)
"""The top of the hashtag vocabulary; further down, numbered topics (``topic57``)."""

_UNIX_EPOCH = datetime(1970, 1, 1)
_CAPTIONS = ("", "Good times", "Look at this", "Weekend", "Made my day", "Finally", "Throwback", "New here")
_COMMENTS = ("Nice!", "Love this", "Wow", "So good", "Where is this?", "Amazing shot", "Haha", "Beautiful")

Progress = Callable[[str, int, int], None]
"""Told what is being made or written, how many are done and the total."""


def quiet(what: str, done: int, total: int) -> None:
    """Progress that shows nothing."""


def print_progress(what: str, done: int, total: int) -> None:
    """Progress as a line per step."""
    print(f"  {what}: {done:,}/{total:,}", flush=True)


@dataclasses.dataclass(frozen=True)
class SyntheticUser:
    """A user the generator made."""

    id: int
    username: str


@dataclasses.dataclass(frozen=True)
class Shape:
    """How big and how busy the synthetic graph is. Rates are means; each is spread as a real network's is.

    Attributes:
        users: how many accounts.
        prefix: usernames are ``prefix0``, ``prefix1``, …
        follows_per_user: accounts each user follows, on average.
        photos_per_user: photos each user posts, on average.
        hashtags_per_photo: hashtags per caption, on average (at most :data:`social.text.MAX_HASHTAGS`).
        vocabulary: how many different hashtags captions may use.
        likes_per_photo: likes per photo, on average (skewed to popular owners).
        comments_per_photo: comments per photo, on average, replies included.
        reply_share: the share of comments that answer a photo's top-level comment.
        likes_per_comment: likes per comment, on average.
        private_share: the share of private accounts.
        requests_per_private: pending follow requests per private account, on average.
        blocks_per_user: blocks per user, on average.
        mention_share: the share of captions and of comments that tag accounts with ``@name``
            (besides, every reply addresses the author it answers).
        mentions_per_text: accounts a tagging text tags, on average (at least one, at most
            :data:`social.text.MAX_MENTIONS`).
    """

    users: int
    prefix: str = "user"
    follows_per_user: float = 20.0
    photos_per_user: float = 5.0
    hashtags_per_photo: float = 1.5
    vocabulary: int = 10_000
    likes_per_photo: float = 2.0
    comments_per_photo: float = 0.4
    reply_share: float = 0.3
    likes_per_comment: float = 0.3
    private_share: float = 0.1
    requests_per_private: float = 2.0
    blocks_per_user: float = 0.005
    mention_share: float = 0.1
    mentions_per_text: float = 1.5


@dataclasses.dataclass(frozen=True)
class Table:
    """Rows of one kind of thing, as tuples of ``columns`` (ids, text, naive UTC datetimes, counters)."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """Rows ``start:stop`` as maps of column to value (for ``UNWIND``)."""
        return [dict(zip(self.columns, row)) for row in self.rows[start:stop]]


@dataclasses.dataclass(frozen=True)
class SyntheticGraph:
    """A drawn graph, every stored counter counted, ready to be written.

    Attributes:
        users: ``id, username, display_name, private, created_at`` and the
            ``photo_count, follower_count, following_count`` counters.
        blocks: ``blocker, blocked, created_at, seq``.
        follows: ``follower, followed, created_at, seq, approved`` (approved: the followed account is private).
        requests: ``requester, target, created_at, seq`` (pending, to private accounts).
        photos: ``owner, id, caption, hashtags, mentions, created_at, like_count, comment_count``
            (``mentions``: the usernames the caption links, as :mod:`social.photos` stores them).
        hashtags: ``name, photo_count``.
        comments: ``author, photo, id, text, mentions, created_at, reply_to, like_count``, every comment
            after the one it replies to (``reply_to``: a top-level comment's id, or ``None``).
        photo_likes: ``user, photo, created_at, seq``.
        comment_likes: ``user, comment, created_at, seq``.
        photo_mentions: ``photo, user``: each account a caption mentions (``MENTIONS`` has no properties).
        comment_mentions: ``comment, user``: each account a comment mentions.
    """

    users: Table
    blocks: Table
    follows: Table
    requests: Table
    photos: Table
    hashtags: Table
    comments: Table
    photo_likes: Table
    comment_likes: Table
    photo_mentions: Table
    comment_mentions: Table

    def accounts(self) -> list[SyntheticUser]:
        """The users, by id and username."""
        return [SyntheticUser(user["id"], user["username"]) for user in self.users.dicts()]

    def counts(self) -> dict[str, int]:
        """How many of each thing, by field name."""
        return {field.name: len(getattr(self, field.name)) for field in dataclasses.fields(self)}


def usernames(shape: Shape) -> list[str]:
    """The usernames :func:`generate` gives ``shape``'s users, in order."""
    return [f"{shape.prefix}{number}" for number in range(shape.users)]


def generate(shape: Shape, *, seed: int = 0, now: datetime, progress: Progress = quiet) -> SyntheticGraph:
    """Draw a graph of ``shape`` from ``seed``, its history ending at ``now`` (naive UTC).

    The same shape and seed give the same graph, but for ids and times, which
    follow ``now`` (and a shard number drawn for the run).
    """
    return _Drawing(shape, random.Random(seed), now, progress).graph()


def _key(a: int, b: int, size: int) -> int:
    """One int for the ordered pair ``(a, b)`` of numbers below ``size`` (lighter in a set than a tuple)."""
    return a * size + b


def _zipf_cumulative_weights(count: int, rng: random.Random | None) -> list[float]:
    """Cumulative Zipf weights of ``count`` items: rank order, or ranks shuffled with ``rng``."""
    ranks = list(range(1, count + 1))
    if rng is not None:
        rng.shuffle(ranks)
    return list(itertools.accumulate(rank**-ZIPF_EXPONENT for rank in ranks))


def _hashtag_name(rank: int) -> str:
    return POPULAR_HASHTAGS[rank] if rank < len(POPULAR_HASHTAGS) else f"topic{rank}"


def _counted(items: Sequence[int], size: int) -> list[int]:
    """How many times each number below ``size`` occurs in ``items``."""
    counts = [0] * size
    for item in items:
        counts[item] += 1
    return counts


@dataclasses.dataclass(slots=True)  # millions of them
class _Event:
    """Something that happened between numbered things (user, photo or comment numbers) at ``time`` (ms)."""

    actor: int
    target: int
    time: int


class _Drawing:
    """One drawing of a graph: things are numbered (and timed) while drawn, and given ids at the end."""

    def __init__(self, shape: Shape, rng: random.Random, now: datetime, progress: Progress) -> None:
        self.shape, self.rng, self.progress = shape, rng, progress
        self.now = _unix_ms(now)
        self.start = _unix_ms(max(now - HISTORY, EPOCH.replace(tzinfo=None)))
        self.size = shape.users
        self.private = [rng.random() < shape.private_share for _ in range(self.size)]
        self.joined = [self._after(self.start) for _ in range(self.size)]
        self.blocked: set[int] = set()
        self.following: set[int] = set()
        self.followers: list[list[int]] = [[] for _ in range(self.size)]
        self.followed: list[list[int]] = [[] for _ in range(self.size)]

    def graph(self) -> SyntheticGraph:
        blocks, follows, requests = self._blocks(), self._follows(), self._requests()
        photos, photo_tags = self._photos()
        photo_weights = self._photo_weights(photos)
        photo_likes = self._photo_likes(photos, photo_weights)
        comments, parents = self._comments(photos, photo_weights)
        comment_likes = self._comment_likes(photos, comments)
        caption_mentions, comment_mentions = self._mentions(photos, comments, parents)
        kinds = (blocks, follows, requests, photos, comments, photo_likes, comment_likes)
        user_ids, *ids = _ids_in_time_order(
            [self.joined, *([event.time for event in kind] for kind in kinds)], shard=1 + secrets.randbelow(MAX_SHARD)
        )
        block_ids, follow_ids, request_ids, photo_ids, comment_ids, like_ids, comment_like_ids = ids
        names = usernames(self.shape)
        photo_counts = _counted([p.actor for p in photos], self.size)
        follower_counts = _counted([f.target for f in follows], self.size)
        following_counts = _counted([f.actor for f in follows], self.size)
        like_counts = _counted([like.target for like in photo_likes], len(photos))
        comment_counts = _counted([c.target for c in comments], len(photos))
        comment_like_counts = _counted([like.target for like in comment_likes], len(comments))
        return SyntheticGraph(
            users=Table(
                ("id", "username", "display_name", "private", "created_at",
                 "photo_count", "follower_count", "following_count"),
                [(id_, names[u], names[u].title(), self.private[u], _moment(self.joined[u]),
                  photo_counts[u], follower_counts[u], following_counts[u]) for u, id_ in enumerate(user_ids)],
            ),
            blocks=_user_events(("blocker", "blocked"), blocks, block_ids, user_ids),
            follows=Table(
                ("follower", "followed", "created_at", "seq", "approved"),
                [(user_ids[f.actor], user_ids[f.target], _moment(f.time), seq, self.private[f.target])
                 for f, seq in zip(follows, follow_ids)],
            ),
            requests=_user_events(("requester", "target"), requests, request_ids, user_ids),
            photos=Table(
                ("owner", "id", "caption", "hashtags", "mentions", "created_at", "like_count", "comment_count"),
                [(user_ids[p.actor], id_, _caption(p.target, mentioned, tags), tags, mentioned, _moment(p.time),
                  like_counts[n], comment_counts[n])
                 for n, (p, id_, tags, mentioned) in enumerate(
                     zip(photos, photo_ids, photo_tags, _names(caption_mentions, names)))],
            ),
            hashtags=Table(("name", "photo_count"), sorted(collections.Counter(itertools.chain(*photo_tags)).items())),
            comments=Table(
                ("author", "photo", "id", "text", "mentions", "created_at", "reply_to", "like_count"),
                [(user_ids[c.actor], photo_ids[c.target], id_, _comment_text(n, mentioned), mentioned,
                  _moment(c.time), None if parent is None else comment_ids[parent], comment_like_counts[n])
                 for n, (c, id_, parent, mentioned) in enumerate(
                     zip(comments, comment_ids, parents, _names(comment_mentions, names)))],
            ),
            photo_likes=_events(("user", "photo"), photo_likes, like_ids, user_ids, photo_ids),
            comment_likes=_events(("user", "comment"), comment_likes, comment_like_ids, user_ids, comment_ids),
            photo_mentions=_mention_table(("photo", "user"), caption_mentions, photo_ids, user_ids),
            comment_mentions=_mention_table(("comment", "user"), comment_mentions, comment_ids, user_ids),
        )

    # -- drawing helpers -----------------------------------------------------------

    def _after(self, *moments: int) -> int:
        """A random moment (ms) after all of ``moments`` and before now."""
        earliest = max(moments)
        return earliest + int((self.now - earliest) * self.rng.random())

    def _skewed(self, mean: float) -> int:
        """A non-negative count with this mean, log-normally spread (most near it, a few far above)."""
        if mean <= 0:
            return 0
        mu = math.log(mean) - ACTIVITY_SPREAD**2 / 2  # so that the mean is ``mean``
        return round(self.rng.lognormvariate(mu, ACTIVITY_SPREAD))

    def _can_see(self, viewer: int, owner: int) -> bool:
        """The privacy rule: the owner, or no block either way and a public account or an approved follower."""
        pair = _key(viewer, owner, self.size)
        return viewer == owner or (pair not in self.blocked and (not self.private[owner] or pair in self.following))

    def _can_see_comment(self, viewer: int, photo_owner: int, author: int) -> bool:
        """What the app asks of a reply or a like of a comment: the photo visible, no block with its author."""
        return self._can_see(viewer, photo_owner) and (viewer == author or _key(viewer, author, self.size) not in self.blocked)

    def _audience(self, owner: int) -> int:
        """Someone who might like or comment on ``owner``'s photo: mostly a follower, else anyone."""
        followers = self.followers[owner]
        if followers and self.rng.random() < FOLLOWER_SHARE:
            return self.rng.choice(followers)
        return self.rng.randrange(self.size)

    def _made(self, what: str, events: list[_Event]) -> list[_Event]:
        self.progress(f"drew {what}", len(events), len(events))
        return events

    # -- each kind of thing -------------------------------------------------------------

    def _blocks(self) -> list[_Event]:
        """Blocks between random users; drawn first, so nothing else crosses them."""
        blocks = []
        for _ in range(round(self.size * self.shape.blocks_per_user)):
            blocker, blocked = self.rng.randrange(self.size), self.rng.randrange(self.size)
            pair = _key(blocker, blocked, self.size)
            if blocker != blocked and pair not in self.blocked:
                self.blocked.update((pair, _key(blocked, blocker, self.size)))
                blocks.append(_Event(blocker, blocked, self._after(self.joined[blocker], self.joined[blocked])))
        return self._made("blocks", blocks)

    def _follows(self) -> list[_Event]:
        """Each user follows a log-normal number of accounts, picked by Zipf popularity."""
        everyone, popularity = range(self.size), _zipf_cumulative_weights(self.size, self.rng)
        follows = []
        for follower in everyone:
            picks = min(self._skewed(self.shape.follows_per_user), self.size - 1)
            for followed in sorted(set(self.rng.choices(everyone, cum_weights=popularity, k=picks))):
                pair = _key(follower, followed, self.size)
                if followed != follower and pair not in self.blocked:
                    self.following.add(pair)
                    self.followers[followed].append(follower)
                    self.followed[follower].append(followed)
                    moment = self._after(self.joined[follower], self.joined[followed])
                    follows.append(_Event(follower, followed, moment))
        return self._made("follows", follows)

    def _requests(self) -> list[_Event]:
        """Pending requests to private accounts, from random users who do not follow them, with no block."""
        asked: set[int] = set()
        requests = []
        for target in (user for user in range(self.size) if self.private[user]):
            for _ in range(self._skewed(self.shape.requests_per_private)):
                asker = self.rng.randrange(self.size)
                pair = _key(asker, target, self.size)
                if asker != target and pair not in self.following and pair not in self.blocked and pair not in asked:
                    asked.add(pair)
                    requests.append(_Event(asker, target, self._after(self.joined[asker], self.joined[target])))
        return self._made("requests", requests)

    def _photos(self) -> tuple[list[_Event], list[list[str]]]:
        """Each user posts a log-normal number of photos, each caption with Zipf-drawn hashtags.

        Returns:
            The photos (``actor``: the owner, ``target``: which caption) and each one's hashtags.
        """
        from social.text import MAX_HASHTAGS  # here: it imports the rules' collaborators, which the CLI need not load

        vocabulary = range(self.shape.vocabulary)
        tag_weights = _zipf_cumulative_weights(self.shape.vocabulary, None)
        photos, tags = [], []
        for owner in range(self.size):
            for _ in range(self._skewed(self.shape.photos_per_user)):
                picks = min(self._skewed(self.shape.hashtags_per_photo), MAX_HASHTAGS)
                ranks = dict.fromkeys(self.rng.choices(vocabulary, cum_weights=tag_weights, k=picks))
                photos.append(_Event(owner, self.rng.randrange(len(_CAPTIONS)), self._after(self.joined[owner])))
                tags.append([_hashtag_name(rank) for rank in ranks])
        return self._made("photos", photos), tags

    def _photo_weights(self, photos: list[_Event]) -> list[float]:
        """Cumulative weights of the photos for likes and comments: the owner's followers, give or take."""
        jitter = self.rng.lognormvariate
        return list(itertools.accumulate((len(self.followers[p.actor]) + 1) * jitter(0, 1) for p in photos))

    def _photo_likes(self, photos: list[_Event], weights: list[float]) -> list[_Event]:
        """Likes, drawn to photos by ``weights``, each by someone who may see the photo, once."""
        if not photos:
            return []
        liked: set[int] = set()
        likes = []
        draws = round(len(photos) * self.shape.likes_per_photo)
        for photo in self.rng.choices(range(len(photos)), cum_weights=weights, k=draws):
            owner, liker = photos[photo].actor, self._audience(photos[photo].actor)
            pair = _key(liker, photo, len(photos))
            if pair not in liked and self._can_see(liker, owner):
                liked.add(pair)
                likes.append(_Event(liker, photo, self._after(photos[photo].time, self.joined[liker])))
        return self._made("likes", likes)

    def _comments(self, photos: list[_Event], weights: list[float]) -> tuple[list[_Event], list[int | None]]:
        """Top-level comments drawn to photos by ``weights``, then replies to them; each by someone who sees the photo.

        Returns:
            The comments (``target``: the photo's number) and the number of the comment each replies to.
        """
        if not photos:
            return [], []
        wanted = round(len(photos) * self.shape.comments_per_photo)
        replies = round(wanted * self.shape.reply_share)
        comments, parents = [], []
        for photo in self.rng.choices(range(len(photos)), cum_weights=weights, k=wanted - replies):
            self._comment(photos[photo], photo, None, photos[photo].time, comments, parents)
        top_level = len(comments)
        for _ in range(replies if top_level else 0):
            parent = self.rng.randrange(top_level)
            photo = comments[parent].target
            self._comment(photos[photo], photo, parent, comments[parent].time, comments, parents)
        return self._made("comments", comments), parents

    def _comment(
        self,
        photo: _Event,
        number: int,
        parent: int | None,
        after: int,
        comments: list[_Event],
        parents: list[int | None],
    ) -> None:
        """Add a comment on photo ``number`` (a reply to ``parent``) by someone who may see it, if one is drawn."""
        author = self._audience(photo.actor)
        answered = photo.actor if parent is None else comments[parent].actor
        if self._can_see_comment(author, photo.actor, answered):
            comments.append(_Event(author, number, self._after(after, self.joined[author])))
            parents.append(parent)

    def _comment_likes(self, photos: list[_Event], comments: list[_Event]) -> list[_Event]:
        """Likes of random comments, each by someone who may see the comment's photo, once."""
        if not comments:
            return []
        liked: set[int] = set()
        likes = []
        for _ in range(round(len(comments) * self.shape.likes_per_comment)):
            comment = self.rng.randrange(len(comments))
            owner = photos[comments[comment].target].actor
            liker = self._audience(owner)
            pair = _key(liker, comment, len(comments))
            if pair not in liked and self._can_see_comment(liker, owner, comments[comment].actor):
                liked.add(pair)
                likes.append(_Event(liker, comment, self._after(comments[comment].time, self.joined[liker])))
        return self._made("comment likes", likes)

    def _mentions(
        self, photos: list[_Event], comments: list[_Event], parents: list[int | None]
    ) -> tuple[list[list[int]], list[list[int]]]:
        """Whom each caption and each comment mentions (user numbers, in the order the text names them).

        A reply addresses the author of the comment it answers; a share of
        captions and comments tag accounts besides.
        """
        from social.text import MAX_MENTIONS  # here: see _photos

        captions = [self._mentioned(p.actor, p.time, None, MAX_MENTIONS) for p in photos]
        texts = [
            self._mentioned(c.actor, c.time, None if parent is None else comments[parent].actor, MAX_MENTIONS)
            for c, parent in zip(comments, parents)
        ]
        made = sum(map(len, captions)) + sum(map(len, texts))
        self.progress("drew mentions", made, made)
        return captions, texts

    def _mentioned(self, author: int, moment: int, addressed: int | None, limit: int) -> list[int]:
        """The accounts a text ``author`` writes at ``moment`` mentions: ``addressed`` (a reply's), then some it tags.

        Only mentions :func:`social.text.links` would link: accounts that
        exist by then, with no block either way, each once, at most ``limit``
        (the app refuses more). Never the author: the app would link it, but
        nobody tags themselves (and it would notify nobody).
        """
        wanted = [] if addressed is None else [addressed]
        if self.rng.random() < self.shape.mention_share:
            tags = 1 + self._skewed(self.shape.mentions_per_text - 1)
            wanted += (self._acquaintance(author) for _ in range(tags))
        return [user for user in dict.fromkeys(wanted) if self._may_mention(author, user, moment)][:limit]

    def _acquaintance(self, user: int) -> int:
        """Someone ``user`` might tag: mostly an account they follow, else anyone."""
        followed = self.followed[user]
        if followed and self.rng.random() < FOLLOWER_SHARE:
            return self.rng.choice(followed)
        return self.rng.randrange(self.size)

    def _may_mention(self, author: int, user: int, moment: int) -> bool:
        return user != author and _key(author, user, self.size) not in self.blocked and self.joined[user] <= moment


def _unix_ms(moment: datetime) -> int:
    """Milliseconds since 1970 of a naive UTC datetime."""
    return (moment - _UNIX_EPOCH) // timedelta(milliseconds=1)


def _moment(unix_ms: int) -> datetime:
    """Milliseconds since 1970 as a naive UTC datetime (as the graph stores times)."""
    return _UNIX_EPOCH + timedelta(milliseconds=unix_ms)


def _ids_in_time_order(times: Sequence[Sequence[int]], shard: int) -> list[list[int]]:
    """Ids for things that happened at ``times`` (one list per kind, ms since 1970), made in time order.

    Made by one :class:`graph.ids.IdGenerator` whose clock reads the moments
    in order, so the ids are unique across kinds and sort as the moments do.
    """
    flat = list(itertools.chain.from_iterable(times))
    order = sorted(range(len(flat)), key=flat.__getitem__)
    new_id = IdGenerator(shard, clock=map(flat.__getitem__, order).__next__)
    ids = [0] * len(flat)
    for index in order:
        ids[index] = new_id()
    bounds = list(itertools.accumulate(len(kind) for kind in times))
    return [ids[start:stop] for start, stop in zip([0, *bounds], bounds)]


def _user_events(columns: tuple[str, str], events: list[_Event], seqs: list[int], user_ids: list[int]) -> Table:
    """A table of events between two users: their ids, then ``created_at`` and ``seq``."""
    return _events(columns, events, seqs, user_ids, user_ids)


def _events(
    columns: tuple[str, str], events: list[_Event], seqs: list[int], actor_ids: list[int], target_ids: list[int]
) -> Table:
    """A table of events: the actor's and the target's ids, then ``created_at`` and ``seq``."""
    return Table(
        (*columns, "created_at", "seq"),
        [(actor_ids[e.actor], target_ids[e.target], _moment(e.time), seq) for e, seq in zip(events, seqs)],
    )


def _mention_table(
    columns: tuple[str, str], mentioned: list[list[int]], text_ids: list[int], user_ids: list[int]
) -> Table:
    """A table of the ``MENTIONS`` of each text (a photo's or a comment's) by number: text id, user id."""
    return Table(columns, [(text_ids[n], user_ids[u]) for n, users in enumerate(mentioned) for u in users])


def _names(mentioned: list[list[int]], names: list[str]) -> list[list[str]]:
    """Each text's mentioned users by username, as :func:`social.text.links` lists them."""
    return [[names[u] for u in users] for users in mentioned]


def _caption(phrase: int, mentions: list[str], hashtags: list[str]) -> str:
    """A caption of one of the stock phrases followed by the accounts it tags, then its hashtags."""
    return " ".join([_CAPTIONS[phrase], *(f"@{name}" for name in mentions), *(f"#{name}" for name in hashtags)]).strip()


def _comment_text(number: int, mentions: list[str]) -> str:
    """The ``number``-th comment's text: the accounts it addresses or tags, then a stock phrase."""
    return " ".join([*(f"@{name}" for name in mentions), _COMMENTS[number % len(_COMMENTS)]])


def synthetic_media(photo_id: int) -> str:
    """The ``media`` JSON of synthetic photo ``photo_id``: each size of its shape, under a key of the form
    uploads have, holding no bytes."""
    sizes = variant_sizes(SHAPES[photo_id % len(SHAPES)])
    variants = (
        Variant(name, width, height, data=f"synthetic {photo_id}".encode())
        for name, (width, height) in zip(VARIANT_WIDTHS, sizes)
    )
    return json.dumps({variant.name: media_entry(photo_id, variant) for variant in variants}, separators=(",", ":"))
