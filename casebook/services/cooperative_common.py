"""I3 特定地域づくり事業協同組合: what the certification's services share — the
notifications to the cooperative and to the staff, and the addresses of an application
for the cooperative and in the admin."""

from __future__ import annotations

from django.urls import reverse

from portal.services.notifications import notify, notify_many

from ..models.cooperatives import Cooperative

EMAIL_TEMPLATE = "casebook/email/cooperative.txt"


# --- Notifications to the parties -------------------------------------------------------------


def notify_cooperative(cooperative: Cooperative, *, kind: str, subject, message, url: str, key):
    if not cooperative.user.is_active:
        return
    notify(
        recipient=cooperative.user,
        kind=kind,
        subject=subject,
        subject_params={"name": cooperative.name},
        template=EMAIL_TEMPLATE,
        context={"message": message},
        dedupe_key=f"cooperative:{cooperative.pk}:{key}",
        url=url,
    )


def notify_staff(recipients, *, kind: str, subject, params: dict, message, url: str, key: str):
    notify_many(
        recipients,
        kind=kind,
        subject=subject,
        subject_params=params,
        template=EMAIL_TEMPLATE,
        context={"message": message},
        dedupe_key=key,
        url=url,
    )


def application_url(application) -> str:
    return reverse("casebook:cooperative_application_detail", args=[application.pk])


def application_admin_url(application) -> str:
    return reverse("admin:casebook_certificationapplication_change", args=[application.pk])
