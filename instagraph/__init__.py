"""Instagraph: process-wide pieces that every layer shares (settings)."""
