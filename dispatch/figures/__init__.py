"""Figures of the human-support pillar: the yearly counters per sub-domain, and the bureau and
HQ dashboard's aggregates (dashboard.py)."""
