"""Scoped reads of ふるさと納税 support (F4): seminars, companies, projects seeking support,
expressions of interest, the pipeline, the matching report and the statistics."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from portal.models import Attachment, Bureau, Event, Registration, Role
from portal.permissions import is_active_user, is_hq
from portal.selectors import NOTHING, events_public

from ..models.furusato import (
    FURUSATO_EVENT_CATEGORY,
    Company,
    CompanyStatus,
    EventMaterial,
    Interest,
    InterestStatus,
    SupportProject,
    SupportProjectStatus,
)
from ..models.projects import PolicyTheme


def fiscal_year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """1 April of ``year`` to 1 April of the next year, in Japan time."""
    return (
        timezone.make_aware(dt.datetime(year, 4, 1)),  # noqa: DTZ001 - made aware here
        timezone.make_aware(dt.datetime(year + 1, 4, 1)),  # noqa: DTZ001
    )


# --- Seminars and consultation sessions (kernel events of category furusato) ---------------


def furusato_events_public() -> QuerySet[Event]:
    return events_public(FURUSATO_EVENT_CATEGORY)


def event_seat_counts(events) -> dict[int, dict]:
    """Confirmed and waiting registrations of many events in one query, by event id."""
    rows = (
        Registration.objects.filter(event__in=[e.pk for e in events])
        .order_by()
        .values("event_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
    )
    return {row["event_id"]: row for row in rows}


def event_materials_of(events) -> dict[int, list[dict]]:
    """The materials of many events with their files, in two queries, by event id."""
    materials = list(EventMaterial.objects.filter(event__in=[e.pk for e in events]))
    files: dict[str, list[Attachment]] = {}
    if materials:
        for attachment in Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(EventMaterial),
            owner_id__in=[str(m.pk) for m in materials],
        ):
            files.setdefault(attachment.owner_id, []).append(attachment)
    by_event: dict[int, list[dict]] = {}
    for material in materials:
        by_event.setdefault(material.event_id, []).append(
            {"material": material, "files": files.get(str(material.pk), [])}
        )
    return by_event


def registrations_of(user, events) -> dict[int, Registration]:
    """The signed-in user's active registrations for these events, by event id."""
    if not is_active_user(user):
        return {}
    registrations = Registration.objects.filter(
        user=user, event__in=[e.pk for e in events]
    ).exclude(status=Registration.Status.CANCELLED)
    return {r.event_id: r for r in registrations}


# --- Companies ------------------------------------------------------------------------------


def company_of(user) -> Company | None:
    """The approved company the account acts for."""
    if not is_active_user(user) or user.role != Role.COMPANY:
        return None
    return Company.objects.filter(user=user, status=CompanyStatus.APPROVED).first()


def company_registration_of(user) -> Company | None:
    """The account's latest company registration, whatever its status."""
    if not is_active_user(user):
        return None
    return Company.objects.filter(user=user).prefetch_related("themes").first()


def companies_pending() -> QuerySet[Company]:
    return Company.objects.filter(status=CompanyStatus.PENDING).order_by("created_at", "pk")


# --- Projects seeking support ---------------------------------------------------------------


def support_project_scope(user) -> Q:
    """A draft stays with its municipality. Published projects are read by every
    municipality, bureau and HQ; companies read those seeking support and those they
    expressed interest in."""
    if not is_active_user(user):
        return NOTHING
    published = ~Q(status=SupportProjectStatus.DRAFT)
    if is_hq(user) or user.role == Role.BUREAU:
        return published
    if user.role == Role.MUNICIPAL and user.municipality_id:
        return published | Q(municipality_id=user.municipality_id)
    if user.role == Role.COMPANY:
        own = Interest.objects.filter(company__user_id=user.pk).values("project_id")
        return Q(status=SupportProjectStatus.OPEN) | Q(pk__in=own)
    return NOTHING


def support_projects_visible_to(user) -> QuerySet[SupportProject]:
    return SupportProject.objects.filter(support_project_scope(user)).select_related(
        "municipality__bureau", "theme"
    )


def support_project_get_for(user, pk) -> SupportProject:
    try:
        return support_projects_visible_to(user).get(pk=pk)
    except (SupportProject.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def support_projects_open(user) -> QuerySet[SupportProject]:
    """What companies browse: projects seeking support now."""
    return support_projects_visible_to(user).filter(status=SupportProjectStatus.OPEN)


def support_projects_of_municipality(user) -> QuerySet[SupportProject]:
    if not is_active_user(user) or user.role != Role.MUNICIPAL or not user.municipality_id:
        return SupportProject.objects.none()
    return SupportProject.objects.filter(municipality_id=user.municipality_id).select_related(
        "theme"
    )


def interest_counts(projects) -> dict[int, dict]:
    """Expressions of interest of many projects by status, in one query, by project id."""
    rows = (
        Interest.objects.filter(project__in=[p.pk for p in projects])
        .order_by()
        .values("project_id")
        .annotate(
            expressed=Count("pk", filter=Q(status=InterestStatus.EXPRESSED)),
            accepted=Count("pk", filter=Q(status=InterestStatus.ACCEPTED)),
            declined=Count("pk", filter=Q(status=InterestStatus.DECLINED)),
            withdrawn=Count("pk", filter=Q(status=InterestStatus.WITHDRAWN)),
            ended=Count(
                "pk", filter=Q(status__in=[InterestStatus.DECLINED, InterestStatus.WITHDRAWN])
            ),
            pledged=Sum("pledged_amount", filter=Q(status=InterestStatus.ACCEPTED)),
        )
    )
    return {row["project_id"]: row for row in rows}


def pipeline_projects_visible_to(user) -> QuerySet[SupportProject]:
    """The pipeline HQ follows (a bureau: its municipalities'): every published project."""
    if is_hq(user):
        scope = Q()
    elif is_active_user(user) and user.role == Role.BUREAU and user.bureau_id:
        scope = Q(municipality__bureau_id=user.bureau_id)
    else:
        return SupportProject.objects.none()
    return (
        SupportProject.objects.filter(scope)
        .exclude(status=SupportProjectStatus.DRAFT)
        .select_related("municipality__bureau", "theme")
    )


# --- Expressions of interest ----------------------------------------------------------------


def interest_scope(user) -> Q:
    if not is_active_user(user):
        return NOTHING
    if is_hq(user):
        return Q()
    if user.role == Role.BUREAU and user.bureau_id:
        return Q(project__municipality__bureau_id=user.bureau_id)
    if user.role == Role.MUNICIPAL and user.municipality_id:
        return Q(project__municipality_id=user.municipality_id)
    if user.role == Role.COMPANY:
        return Q(company__user_id=user.pk)
    return NOTHING


def interests_visible_to(user) -> QuerySet[Interest]:
    return Interest.objects.filter(interest_scope(user)).select_related(
        "project__municipality__bureau", "project__theme", "company"
    )


def interest_get_for(user, pk) -> Interest:
    try:
        return interests_visible_to(user).get(pk=pk)
    except (Interest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def interests_awaiting_answer_for(user) -> QuerySet[Interest]:
    """For municipal staff: interest in their municipality's projects not yet answered."""
    if not is_active_user(user) or user.role != Role.MUNICIPAL:
        return Interest.objects.none()
    return (
        interests_visible_to(user)
        .filter(status=InterestStatus.EXPRESSED)
        .order_by("created_at", "pk")
    )


def active_interest_of(company: Company | None, project: SupportProject) -> Interest | None:
    if company is None:
        return None
    return (
        Interest.objects.filter(company=company, project=project)
        .order_by("-created_at", "-pk")
        .first()
    )


# --- The matching report and the statistics -------------------------------------------------


def matches_in_year(user, year: int) -> QuerySet[Interest]:
    """Matches made (interest accepted) in the 年度, within the user's pipeline scope."""
    start, end = fiscal_year_bounds(year)
    return interests_visible_to(user).filter(
        status=InterestStatus.ACCEPTED,
        responded_at__gte=start,
        responded_at__lt=end,
        project__in=pipeline_projects_visible_to(user).values("pk"),
    )


def matching_report(user, year: int) -> dict:
    """Projects published, interest expressed and matches made in the 年度, by bureau and by
    theme, within the user's scope: a fixed number of GROUP BY queries."""
    start, end = fiscal_year_bounds(year)
    projects = pipeline_projects_visible_to(user).filter(
        published_at__gte=start, published_at__lt=end
    )
    interests = interests_visible_to(user).filter(created_at__gte=start, created_at__lt=end)
    matches = matches_in_year(user, year)

    def grouped(queryset, key, **aggregates):
        return {
            row[key]: row
            for row in queryset.order_by().values(key).annotate(**aggregates).order_by(key)
        }

    by_bureau = {
        "projects": grouped(projects, "municipality__bureau_id", n=Count("pk")),
        "interests": grouped(interests, "project__municipality__bureau_id", n=Count("pk")),
        "matches": grouped(
            matches,
            "project__municipality__bureau_id",
            n=Count("pk"),
            pledged=Sum("pledged_amount"),
        ),
    }
    by_theme = {
        "projects": grouped(projects, "theme_id", n=Count("pk")),
        "matches": grouped(
            matches, "project__theme_id", n=Count("pk"), pledged=Sum("pledged_amount")
        ),
    }
    if is_hq(user):
        bureaus = list(Bureau.objects.order_by("order"))
    else:
        bureaus = list(Bureau.objects.filter(pk=user.bureau_id))
    bureau_rows = [
        {
            "bureau": bureau,
            "projects": by_bureau["projects"].get(bureau.pk, {}).get("n", 0),
            "interests": by_bureau["interests"].get(bureau.pk, {}).get("n", 0),
            "matches": by_bureau["matches"].get(bureau.pk, {}).get("n", 0),
            "pledged": by_bureau["matches"].get(bureau.pk, {}).get("pledged") or 0,
        }
        for bureau in bureaus
    ]
    theme_rows = [
        {
            "theme": theme,
            "projects": by_theme["projects"].get(theme.pk, {}).get("n", 0),
            "matches": by_theme["matches"].get(theme.pk, {}).get("n", 0),
            "pledged": by_theme["matches"].get(theme.pk, {}).get("pledged") or 0,
        }
        for theme in PolicyTheme.objects.all()
    ]
    totals = {
        key: sum(row[key] for row in bureau_rows)
        for key in ("projects", "interests", "matches", "pledged")
    }
    return {"bureaus": bureau_rows, "themes": theme_rows, "totals": totals}


def furusato_statistics(year: int, *, now=None) -> dict:
    """Seminars and sessions held, registrations and attendance, and matches made in the
    年度, by bureau (HQ's own events on a row of their own): six queries."""
    now = now or timezone.now()
    start, end = fiscal_year_bounds(year)
    held = Event.objects.filter(
        category=FURUSATO_EVENT_CATEGORY,
        is_published=True,
        is_cancelled=False,
        starts_at__gte=start,
        starts_at__lt=end,
        ends_at__lte=now,
    )
    events = {
        row["bureau_id"]: row["n"]
        for row in held.order_by().values("bureau_id").annotate(n=Count("pk"))
    }
    people = {
        row["event__bureau_id"]: row
        for row in Registration.objects.filter(event__in=held, status=Registration.Status.CONFIRMED)
        .order_by()
        .values("event__bureau_id")
        .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
    }
    matches = {
        row["project__municipality__bureau_id"]: row
        for row in Interest.objects.filter(
            status=InterestStatus.ACCEPTED, responded_at__gte=start, responded_at__lt=end
        )
        .order_by()
        .values("project__municipality__bureau_id")
        .annotate(n=Count("pk"), pledged=Sum("pledged_amount"))
    }
    published = {
        row["municipality__bureau_id"]: row["n"]
        for row in SupportProject.objects.filter(published_at__gte=start, published_at__lt=end)
        .order_by()
        .values("municipality__bureau_id")
        .annotate(n=Count("pk"))
    }

    def row(bureau):
        key = bureau.pk if bureau is not None else None
        return {
            "bureau": bureau,
            "events": events.get(key, 0),
            "registered": people.get(key, {}).get("registered", 0),
            "attended": people.get(key, {}).get("attended", 0),
            "projects": published.get(key, 0) if bureau is not None else 0,
            "matches": matches.get(key, {}).get("n", 0) if bureau is not None else 0,
            "pledged": (matches.get(key, {}).get("pledged") or 0) if bureau is not None else 0,
        }

    rows = [row(bureau) for bureau in Bureau.objects.order_by("order")]
    hq_row = row(None)
    everything = [*rows, hq_row]
    totals = {
        key: sum(r[key] for r in everything)
        for key in ("events", "registered", "attended", "projects", "matches", "pledged")
    }
    return {"rows": rows, "hq": hq_row, "totals": totals}
