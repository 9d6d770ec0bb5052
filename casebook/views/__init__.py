"""Views of the casebook: thin, over the selectors and services."""
