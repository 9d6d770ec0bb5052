"""Transition tables of the casebook's workflows, one module per sub-domain."""
