"""Yearly figures of the human-support pillar, one module per sub-domain."""
