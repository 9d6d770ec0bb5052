"""Scoped and public reads of the casebook: one place decides who sees what."""
