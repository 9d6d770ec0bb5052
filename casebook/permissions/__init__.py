"""Pure predicates: who may see or do what in the casebook, one module per sub-domain."""
