"""The casebook's list filters (django-filter), one module per sub-domain."""
