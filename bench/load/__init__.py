"""Load benchmark: wrk against ``instagraph serve`` on loopback with a 95/5 read/write mix, beside a bare-Falcon ceiling.

For each graph size (10,000 and 100,000 users by default) a fresh home is
seeded by ``instagraph seed``, ``instagraph serve`` starts on a free port, a
few hundred seeded users log in over HTTP, and wrk (Debian's package; ``make
bench`` installs it) drives ``mix.lua``: home feed, profile card, photo,
profile grid, comments, search, likes and comments, each request with a random
user's token. Then the ceiling, a bare Falcon app answering a small JSON body
under the same gunicorn settings (:mod:`bench.load.ceiling`), gets the same
wrk run. The report gives requests/s, p50/p99 and non-2xx for both, their
ratio, the mix route by route with the app's own time per route, and PASS/MISS
for the performance issue's targets: the mix at ≥ 2,000 requests/s with p99 <
50 ms and no 5xx, ≥ 0.5 of the ceiling, and requests/s at 100,000 users at least
0.8× the one at 10,000. :mod:`bench.load.run` lists the settings (sizes,
seconds per run, connections…).

Run it alone with ``python -m bench load``.
"""

from bench.load.run import main

__all__ = ["main"]
