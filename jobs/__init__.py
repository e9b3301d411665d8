"""Batch work on the graph: the synthetic-graph generator (recommendations later)."""
