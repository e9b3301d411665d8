"""Factories for test data, one module per area."""
