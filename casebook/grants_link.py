"""Linking a case study to the grant that funded it, through the grants pillar's published
selectors only (``grants.selectors.applications.applications_visible_to``): the editor sees
and links only grants in their own scope, and only decided ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GrantLink:
    application_id: int
    call_id: int
    reference: str
    programme: str
    title: str
    amount: int | None


DECIDED = {
    "approved",
    "change_requested",
    "report_submitted",
    "amount_fixed",
    "claimed",
    "paid",
    "closed",
}


def grant_for_reference(user, reference: str) -> GrantLink | None:
    """The decided grant with this reference number that ``user`` may see, or None."""
    from grants.selectors import applications as grant_selectors

    reference = (reference or "").strip()
    if not reference:
        return None
    application = grant_selectors.applications_visible_to(user).filter(reference=reference).first()
    if application is None or application.status not in DECIDED:
        return None
    amount = application.fixed_amount
    if amount is None:
        amount = application.approved_amount
    return GrantLink(
        application_id=application.pk,
        call_id=application.call_id,
        reference=application.reference,
        programme=application.call.programme.name,
        title=application.title,
        amount=amount,
    )
