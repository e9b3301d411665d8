"""The rules of Instagraph, one module per area; each public function is one user action.

Nothing here knows HTTP. Functions take a :class:`social.context.Context` (the
graph, counters, clock and id generator) and raise :mod:`social.errors`.
"""
