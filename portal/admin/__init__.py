"""The kernel's admin, one module per sub-domain; importing them registers their models."""

from . import accounts, consultations, events, records, reference, seals, strategy  # noqa: F401
