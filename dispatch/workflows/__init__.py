"""Transition tables of the human-support pillar, one module per sub-domain."""
