"""Gap-free numbering: the one place that hands out reference numbers and 文書番号."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from portal.models import NumberSequence


def next_number(key: str, *scope: object) -> int:
    """The next number of sequence ``key`` within ``scope`` (e.g. bureau id, fiscal year).

    Call it inside the transaction that uses the number: the sequence row stays locked until
    that transaction ends, so concurrent callers queue and a rollback returns the number.
    The lock is taken by the increment itself (``UPDATE … SET last_number = last_number + 1``
    locks the row on PostgreSQL like ``select_for_update`` and takes SQLite's write lock at
    once), so no caller can read a number another has not yet committed.
    """
    scope_key = ":".join(str(part) for part in scope)
    rows = NumberSequence.objects.filter(key=key, scope=scope_key)
    if not rows.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                NumberSequence.objects.create(key=key, scope=scope_key, last_number=1)
            return 1
        except IntegrityError:  # created by a concurrent transaction: take the next one
            rows.update(last_number=F("last_number") + 1)
    return rows.values_list("last_number", flat=True).get()
