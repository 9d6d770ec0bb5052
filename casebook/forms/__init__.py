"""The casebook's forms, one module per sub-domain."""
