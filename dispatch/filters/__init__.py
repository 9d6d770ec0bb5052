"""GET filters (django-filter) of the human-support lists, one module per sub-domain."""
