"""I3: scoped and public reads of cooperatives, their applications and notifications."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from portal.models import Attachment, Municipality, Role
from portal.permissions import is_active_user
from portal.selectors import NOTHING, get_in_scope
from portal.tasklist import COMPLETED, STATUS_LABELS

from ..models.cooperative_applications import ApplicationStatus, CertificationApplication
from ..models.cooperative_changes import AnnualReport, ChangeNotification
from ..models.cooperatives import Cooperative, RegistrationStatus
from ..rules import cooperatives as sections

# --- The cooperative's own --------------------------------------------------------------


def cooperative_registration_of(user) -> Cooperative | None:
    """The account's latest registration, whatever its status."""
    if not is_active_user(user):
        return None
    return (
        Cooperative.objects.filter(user=user)
        .select_related("municipality__bureau")
        .order_by("-created_at", "-pk")
        .first()
    )


def cooperative_of(user) -> Cooperative | None:
    """The approved cooperative the account acts for."""
    if not is_active_user(user) or user.role != Role.COOPERATIVE:
        return None
    return (
        Cooperative.objects.filter(user=user, status=RegistrationStatus.APPROVED)
        .select_related("municipality__bureau")
        .first()
    )


# --- Scope ------------------------------------------------------------------------------


def application_scope(user) -> Q:
    if not is_active_user(user):
        return NOTHING
    if user.is_superuser or user.role == Role.HQ:
        return ~Q(status=ApplicationStatus.DRAFT)
    if user.role == Role.BUREAU:
        return Q(bureau_id=user.bureau_id) & ~Q(status=ApplicationStatus.DRAFT)
    if user.role == Role.COOPERATIVE:
        return Q(cooperative__user_id=user.pk)
    return NOTHING


def cooperative_scope(user, *, path: str = "") -> Q:
    """Cooperatives (or, with ``path``, objects of cooperatives) the user may see."""
    prefix = f"{path}__" if path else ""
    if not is_active_user(user):
        return NOTHING
    if user.is_superuser or user.role == Role.HQ:
        return Q()
    if user.role == Role.BUREAU:
        return Q(**{f"{prefix}municipality__bureau_id": user.bureau_id})
    if user.role == Role.COOPERATIVE:
        return Q(**{f"{prefix}user_id": user.pk})
    return NOTHING


def applications_visible_to(user) -> QuerySet[CertificationApplication]:
    return CertificationApplication.objects.filter(application_scope(user)).select_related(
        "cooperative", "bureau", "main_municipality"
    )


def application_get_for(user, pk) -> CertificationApplication:
    return get_in_scope(applications_visible_to(user), pk=pk)


def notifications_visible_to(user) -> QuerySet[ChangeNotification]:
    return ChangeNotification.objects.filter(
        cooperative_scope(user, path="cooperative")
    ).select_related("cooperative__municipality__bureau")


def notification_get_for(user, pk) -> ChangeNotification:
    return get_in_scope(notifications_visible_to(user), pk=pk)


def annual_reports_visible_to(user) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(cooperative_scope(user, path="cooperative")).select_related(
        "cooperative__municipality__bureau"
    )


# --- What an application says ------------------------------------------------------------


def attachment_labels(application) -> set[str]:
    return set(
        Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(application),
            owner_id=str(application.pk),
        ).values_list("label", flat=True)
    )


def application_readiness(application) -> dict:
    """Each section's status, the missing documents, and whether it can be submitted."""
    labels = attachment_labels(application)
    area_count = application.area.count()
    rows = [
        {
            "section": s,
            "status": sections.section_status(application, s, area_count=area_count, labels=labels),
        }
        for s in sections.sections_for(application)
    ]
    for row in rows:
        row["label"] = STATUS_LABELS[row["status"]]
    missing = sections.missing_attachments(application, labels)
    return {
        "sections": rows,
        "missing": missing,
        "complete": all(r["status"] == COMPLETED for r in rows),
    }


# --- The public register -----------------------------------------------------------------


def certified_cooperatives() -> QuerySet[Cooperative]:
    """Certified cooperatives with their area, for the public register (two queries)."""
    return (
        Cooperative.objects.filter(certified_on__isnull=False, status=RegistrationStatus.APPROVED)
        .select_related("municipality")
        .prefetch_related(
            Prefetch("area", queryset=Municipality.objects.only("code", "name", "romaji", "kind"))
        )
        .order_by("certified_on", "pk")
    )


def certified_cooperative_get(pk) -> Cooperative:
    return get_in_scope(certified_cooperatives(), pk=pk)


def certification_notices(cooperative) -> QuerySet[CertificationApplication]:
    """The public notices of the cooperative's certification and change certifications."""
    return cooperative.applications.filter(status=ApplicationStatus.CERTIFIED).order_by(
        "decided_on", "pk"
    )


def cooperative_audience(bureau=None) -> QuerySet[Cooperative]:
    """Certified cooperatives as the audience 「認定協同組合」 of a survey or a notice, limited to
    those whose principal office is in one bureau's area when given."""
    cooperatives = (
        Cooperative.objects.filter(certified_on__isnull=False, status=RegistrationStatus.APPROVED)
        .select_related("municipality__bureau")
        .order_by("municipality__bureau__order", "name_kana", "pk")
    )
    if bureau is not None:
        cooperatives = cooperatives.filter(municipality__bureau=bureau)
    return cooperatives
