"""Timelines, caches and counters: in-process by default, in Redis when configured."""
