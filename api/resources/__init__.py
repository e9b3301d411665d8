"""Falcon resources, one module per area; each responder is one call into ``social``."""
