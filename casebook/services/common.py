"""Helpers shared by the casebook services: cache invalidation and notifications."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from portal.models import Role, User
from portal.services.notifications import notify_many, officers_of_bureau

from ..models import CaseStudy, Editor


def sender_bureau(actor):
    """The bureau a survey or a notice goes out from: a bureau officer's own; None for HQ
    (and superusers), whose sending reaches every bureau's area."""
    return actor.bureau if actor.role == Role.BUREAU and not actor.is_superuser else None


def public_content_changed() -> None:
    """Invalidate the cached public pages once the transaction commits."""
    transaction.on_commit(pagecache.invalidate)


def editors() -> list[User]:
    return list(
        User.objects.filter(pk__in=Editor.objects.values("user_id"), is_active=True, role=Role.HQ)
    )


def admin_url(case_study: CaseStudy) -> str:
    return reverse("admin:casebook_casestudy_change", args=[case_study.pk])


def notify_case_study(
    case_study: CaseStudy,
    recipients,
    *,
    kind: str,
    subject,
    template: str,
    key: str,
    url: str | None = None,
    **extra,
) -> None:
    notify_many(
        [r for r in recipients if r is not None and r.is_active],
        kind=kind,
        subject=subject,
        subject_params={"title": case_study.title, "municipality": case_study.municipality.name},
        template=template,
        context={"case_study": case_study, **extra},
        dedupe_key=f"casebook:{case_study.pk}:{key}",
        url=url or admin_url(case_study),
    )


def notify_bureau(case_study: CaseStudy, **kwargs) -> None:
    notify_case_study(case_study, officers_of_bureau(case_study.bureau_id), **kwargs)


SUBJECTS = {
    "proposed": _("Case study proposed by %(municipality)s: %(title)s"),
    "submitted": _("Case study awaiting review: %(title)s"),
    "returned": _("Case study returned to the draft: %(title)s"),
    "published": _("Case study published: %(title)s"),
}
