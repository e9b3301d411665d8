"""Benchmarks run by ``make bench`` (``python -m bench``).

A benchmark is a module ``bench/<name>.py`` or a package ``bench/<name>/``
(not starting with ``_``) with a ``main() -> int | None`` that measures
something and prints what it found (``bench/load`` is a package: wrk against
a served instance).
``python -m bench`` runs each one in a process of its own, so that one
benchmark's graph, caches and memory never colour the next one's numbers.
"""
