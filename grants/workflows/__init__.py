"""Transition tables of the grants pillar, one per workflow."""
