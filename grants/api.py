"""What the grants pillar (F) publishes for the other pillars: plain frozen dataclasses and
ids, never querysets or model instances (DESIGN "Inside an app"). The other pillars import
``grants.api`` and nothing else of grants; what a function returns is read inside it, with
the same scope the grants pages apply.

Used by the casebook (I): a case study's funding source linked to a decided grant by its
reference number, grant calls suggested for a challenge and linked to it, and bureau policy
projects proposed for the journal with the material a case study is drafted from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .selectors import applications as selectors
from .selectors.projects import policy_projects_proposed_as_case_studies
from .services.projects import project_case_study_material as _project_material

# Statuses of a grant that has been decided (交付決定 and after).
DECIDED = frozenset(
    {
        "approved",
        "change_requested",
        "report_submitted",
        "amount_fixed",
        "claimed",
        "paid",
        "closed",
    }
)


# --- Decided grants -------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantLink:
    """A decided grant, as a case study's funding source names it."""

    application_id: int
    call_id: int
    reference: str
    programme: str
    title: str
    amount: int | None


def grant_for_reference(user, reference: str) -> GrantLink | None:
    """The decided grant with this reference number among the applications ``user`` works
    on (the grants pillar's own scope), or None: out of scope and undecided are alike."""
    reference = (reference or "").strip()
    if not reference:
        return None
    application = selectors.applications_visible_to(user).filter(reference=reference).first()
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


# --- Published calls ------------------------------------------------------------------------


@dataclass(frozen=True)
class CallSummary:
    """A published grant call (public to everyone)."""

    id: int
    title: str
    bureau_id: int | None
    bureau_name: str
    closes_at: dt.datetime | None
    url: str


def _call_summary(call) -> CallSummary:
    return CallSummary(
        id=call.pk,
        title=call.title,
        bureau_id=call.bureau_id,
        bureau_name=call.bureau.name if call.bureau_id else "",
        closes_at=call.closes_at,
        url=call_url(call.pk),
    )


def call_url(call_id: int) -> str:
    """The public page of a call."""
    return reverse("grants:call_detail", args=[call_id])


def call_public(call_id: int) -> CallSummary | None:
    """The published call with this id, or None."""
    call = selectors.calls_public().filter(pk=call_id).first()
    return _call_summary(call) if call is not None else None


def open_calls_naming(
    words: Iterable[str], *, bureau_id: int | None, region_id: int | None, limit: int = 20
) -> list[CallSummary]:
    """Published calls still open (closing from now on) whose title or summary contains one
    of ``words``, of the bureau or of any bureau of the region; soonest closing first."""
    match = Q()
    for word in words:
        match |= Q(title__contains=word) | Q(summary__contains=word)
    if not match:
        return []
    calls = (
        selectors.calls_public()
        .filter(match, closes_at__gte=timezone.now())
        .filter(Q(bureau_id=bureau_id) | Q(bureau__region_id=region_id))
        .order_by("closes_at", "pk")[:limit]
    )
    return [_call_summary(call) for call in calls]


# --- Policy projects proposed for the journal ----------------------------------------------


@dataclass(frozen=True)
class ProposedProject:
    """A finished bureau policy project (地域政策推進事業) its bureau proposed for the journal."""

    id: int
    title: str
    bureau_name: str
    fiscal_year: int
    proposed_at: dt.datetime
    note: str
    url: str  # the project's public results page


def project_results_url(project_id: int) -> str:
    """The public results page of a policy project."""
    return reverse("grants:project_result_detail", args=[project_id])


def projects_proposed_as_case_studies(*, limit: int = 100) -> list[ProposedProject]:
    """Projects proposed for the journal, newest proposal first (public projects only)."""
    return [
        ProposedProject(
            id=project.pk,
            title=project.title,
            bureau_name=project.bureau.display_name,
            fiscal_year=project.fiscal_year,
            proposed_at=project.case_study_proposed_at,
            note=project.case_study_note,
            url=project_results_url(project.pk),
        )
        for project in policy_projects_proposed_as_case_studies()[:limit]
    ]


@dataclass(frozen=True)
class Place:
    code: str
    name: str


@dataclass(frozen=True)
class Kpi:
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    result: Decimal | None


@dataclass(frozen=True)
class ProjectMaterial:
    """What a case study of a finished project is drafted from: plain data in Japanese as
    recorded, no personal names."""

    id: int
    title: str
    fiscal_year: int
    bureau: Place
    theme: Place
    municipalities: tuple[Place, ...]
    summary: str
    description: str
    results: str
    evaluation: str
    kpis: tuple[Kpi, ...]
    budget_planned: int | None
    budget_spent: int | None
    public_url: str


def project_case_study_material(project_id: int) -> ProjectMaterial | None:
    """The material of a project proposed for the journal, or None when the project was
    not proposed or is not finished."""
    project = policy_projects_proposed_as_case_studies().filter(pk=project_id).first()
    if project is None:
        return None
    try:
        material = _project_material(project)
    except ValueError:  # not finished
        return None
    return ProjectMaterial(
        id=material["id"],
        title=material["title"],
        fiscal_year=material["fiscal_year"],
        bureau=Place(**material["bureau"]),
        theme=Place(**material["theme"]),
        municipalities=tuple(Place(**m) for m in material["municipalities"]),
        summary=material["summary"],
        description=material["description"],
        results=material["results"],
        evaluation=material["evaluation"],
        kpis=tuple(
            Kpi(
                name=k["name"],
                unit=k["unit"],
                baseline=k["baseline"],
                target=k["target"],
                result=k["result"],
            )
            for k in material["kpis"]
        ),
        budget_planned=material["budget"]["planned"],
        budget_spent=material["budget"]["spent"],
        public_url=material["public_url"],
    )
