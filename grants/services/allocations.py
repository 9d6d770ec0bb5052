"""配当額: the money each bureau may grant in a 年度, set by HQ (also from an Excel sheet)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal.permissions import is_hq
from portal.workflow import audit

from ..models import Allocation


def allocations_import(*, actor, rows: list[dict]) -> int:
    """Set the allocation of each row's bureau and 年度 (a new one, or the amount changed),
    all or none. Rows were checked by AllocationRowForm; HQ only."""
    if not (actor.is_superuser or is_hq(actor)):
        raise PermissionDenied
    with transaction.atomic():
        for row in rows:
            allocation = (
                Allocation.objects.select_for_update()
                .filter(bureau=row["bureau"], fiscal_year=row["fiscal_year"])
                .first()
            )
            if allocation is None:
                allocation = Allocation.objects.create(
                    bureau=row["bureau"], fiscal_year=row["fiscal_year"], amount=row["amount"]
                )
                audit(allocation, actor=actor, action="create", extra={"source": "excel"})
            elif allocation.amount != row["amount"]:
                before = allocation.amount
                allocation.amount = row["amount"]
                allocation.save(update_fields=["amount"])
                audit(
                    allocation,
                    actor=actor,
                    action="edit",
                    extra={"source": "excel", "amount": [before, row["amount"]]},
                )
    return len(rows)
