"""Forms of the grants pillar, one module per sub-domain."""
