"""django-filter sets of the grants pillar, one module per sub-domain."""
