"""Forms of the human-support pages, one module per sub-domain; shared fields in common.py."""
