"""Scoped reads of the grants pillar, one module per sub-domain."""
