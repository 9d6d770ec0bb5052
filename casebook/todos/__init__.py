"""The casebook's to-do items on the user's my-page, one module per sub-domain."""
