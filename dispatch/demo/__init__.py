"""Demo data of the human-support pillar for `make run`, one module per sub-domain."""
