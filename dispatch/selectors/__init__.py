"""Scoped reads of the human-support pillar, one module per sub-domain."""
