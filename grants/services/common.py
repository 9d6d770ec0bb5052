"""Helpers shared by the grant services: notifications to the parties."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.models import Role, User
from portal.services.notifications import notify_many, officers_of_bureau

from ..models import Application
from ..permissions import applications as permissions


def applicant_users(application: Application) -> list[User]:
    """Who acts for the applicant: the municipality's staff, and the group if it applied."""
    users = list(
        User.objects.filter(
            role=Role.MUNICIPAL, municipality_id=application.municipality_id, is_active=True
        )
    )
    if application.group_user_id and application.group_user.is_active:
        users.append(application.group_user)
    return users


def notify_applicant(
    application: Application,
    *,
    kind: str,
    subject,
    template: str,
    extra: dict | None = None,
    key: str,
) -> None:
    notify_many(
        applicant_users(application),
        kind=kind,
        subject=subject,
        subject_params={"ref": application.reference, "title": application.title},
        template=template,
        context={"application": application, **(extra or {})},
        dedupe_key=f"grant:{application.pk}:{key}",
        url=reverse("grants:application_detail", args=[application.pk]),
    )


def notify_bureau(
    application: Application,
    *,
    kind: str,
    subject,
    template: str,
    extra: dict | None = None,
    key: str,
) -> None:
    recipients = officers_of_bureau(application.bureau_id)
    if application.lead_officer_id:
        recipients = [application.lead_officer]
    notify_many(
        recipients,
        kind=kind,
        subject=subject,
        subject_params={
            "ref": application.reference,
            "title": application.title,
            "municipality": application.municipality.name,
        },
        template=template,
        context={"application": application, **(extra or {})},
        dedupe_key=f"grant:{application.pk}:{key}",
        url=reverse("admin:grants_application_change", args=[application.pk]),
    )


def applicant_only(actor, application) -> None:
    """Only the applicant side may act on a decided application (claim, change, report)."""
    if not permissions.can_act_after_decision(actor, application):
        raise PermissionDenied


def reviewer_only(actor, application) -> None:
    """Only the application's reviewers (the bureau, HQ) may decide and record after it."""
    if not permissions.can_review_application(actor, application):
        raise PermissionDenied
