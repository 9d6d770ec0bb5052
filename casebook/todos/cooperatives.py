"""The to-do items of the cooperative certification (I3): notifications to file for the
cooperative, applications to review for the bureau and HQ (registered with the kernel in
``plugins.py``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Role
from portal.registry import TodoItem

LIMIT = 20


def cooperative_todos(user) -> list[TodoItem]:
    from ..models.cooperative_applications import ApplicationStatus, CertificationApplication
    from ..models.cooperative_changes import ChangeNotification, NotificationStatus
    from ..models.cooperatives import Cooperative, RegistrationStatus

    if not user.is_authenticated:
        return []
    items: list[TodoItem] = []
    if user.role == Role.COOPERATIVE:
        if (
            not CertificationApplication.objects.filter(cooperative__user=user).exists()
            and not user.cooperative_registrations.filter(certified_on__isnull=False).exists()
        ):
            items.append(
                TodoItem(
                    _("Apply for the certification of your cooperative"),
                    reverse("casebook:cooperative_home"),
                )
            )
        pending = ChangeNotification.objects.filter(
            cooperative__user=user,
            status__in=[NotificationStatus.DRAFT, NotificationStatus.RETURNED],
        ).order_by("due_on", "pk")[:LIMIT]
        items += [
            TodoItem(
                _("File the notification: %(kind)s") % {"kind": n.get_kind_display()},
                reverse("casebook:cooperative_notification_detail", args=[n.pk]),
                n.due_on,
            )
            for n in pending
        ]
        returned = CertificationApplication.objects.filter(
            cooperative__user=user, status=ApplicationStatus.RETURNED
        )[:LIMIT]
        items += [
            TodoItem(
                _("Correct and resubmit the application %(ref)s") % {"ref": a.reference},
                reverse("casebook:cooperative_application_detail", args=[a.pk]),
            )
            for a in returned
        ]
    elif user.role == Role.BUREAU and user.bureau_id:
        waiting = CertificationApplication.objects.filter(
            bureau_id=user.bureau_id,
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW],
        ).order_by("submitted_at", "pk")[:LIMIT]
        items += [
            TodoItem(
                _("Review the cooperative application %(ref)s") % {"ref": a.reference},
                reverse("admin:casebook_certificationapplication_change", args=[a.pk]),
            )
            for a in waiting
        ]
    elif user.role == Role.HQ or user.is_superuser:
        pending = Cooperative.objects.filter(status=RegistrationStatus.PENDING).order_by(
            "created_at", "pk"
        )[:LIMIT]
        items += [
            TodoItem(
                _("Approve the cooperative's registration: %(name)s") % {"name": c.name},
                reverse("admin:casebook_cooperative_change", args=[c.pk]),
            )
            for c in pending
        ]
        waiting = CertificationApplication.objects.filter(
            status=ApplicationStatus.FORWARDED
        ).order_by("submitted_at", "pk")[:LIMIT]
        items += [
            TodoItem(
                _("Decide on the cooperative application %(ref)s") % {"ref": a.reference},
                reverse("admin:casebook_certificationapplication_change", args=[a.pk]),
            )
            for a in waiting
        ]
    return items
