"""Demo data of the casebook, one module per sub-domain."""
