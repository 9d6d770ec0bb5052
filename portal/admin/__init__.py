"""The kernel's admin, one module per sub-domain; importing them registers their models."""

from . import (  # noqa: F401
    accounts,
    consultations,
    events,
    kessai,
    records,
    reference,
    rotation,
    seals,
    strategy,
    units,
)
