"""Who acts for the recipient of a survey or a notice: a municipality's active staff, or a
certified cooperative's account. Both a survey's responses and a notice's receipts name their
recipient by ``municipality_id`` or ``cooperative_id`` (exactly one)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, Q

from portal.models import Role, User


def recipient_key(row) -> tuple[str, int]:
    """The recipient a response or a receipt names, as a key."""
    if row.municipality_id:
        return ("municipality", row.municipality_id)
    return ("cooperative", row.cooperative_id)


def people_by_recipient(rows) -> dict[tuple[str, int], list[User]]:
    """For each recipient named by ``rows`` (see ``recipient_key``), the people who act for
    it, in account order. One query whatever the number of recipients."""
    municipalities = {r.municipality_id for r in rows if r.municipality_id}
    cooperatives = {r.cooperative_id for r in rows if r.cooperative_id}
    people: dict[tuple[str, int], list[User]] = defaultdict(list)
    if not municipalities and not cooperatives:
        return people
    users = (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=Role.MUNICIPAL, municipality_id__in=municipalities)
            | Q(role=Role.COOPERATIVE, cooperative_registrations__pk__in=cooperatives)
        )
        .annotate(registration=F("cooperative_registrations__pk"))
        .order_by("pk")
    )
    for user in users:
        if user.role == Role.MUNICIPAL:
            people[("municipality", user.municipality_id)].append(user)
        elif user.registration in cooperatives:
            people[("cooperative", user.registration)].append(user)
    return people
