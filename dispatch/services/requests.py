"""The municipality's request and the bureau's decision on it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.concurrency import bump_version
from portal.japanese import fiscal_year, nendo, nendo_short
from portal.services.decisions import decide, required_note
from portal.services.numbering import next_number
from portal.services.strategy_links import check_measures
from portal.workflow import InvalidTransition, Refusal, audit, run_transition

from ..models import DispatchRequest, Kind, RegionalFrame, Status
from ..models.requests import FRAME_STATUSES
from ..permissions import requests as permissions
from ..workflows.requests import REQUEST_WORKFLOW
from .common import notify_bureau, notify_municipality

# Fields the municipality fills in (the web form); skills and partners are many-to-many.
FORM_FIELDS = (
    "kind",
    "title",
    "initiative",
    "reason",
    "skills",
    "skills_note",
    "preferred_start",
    "preferred_end",
    "preferred_times",
    "is_wide_area",
    "partners",
    "measures",
    "contact_name",
    "contact_department",
    "contact_phone",
    "contact_email",
)
MANY = ("skills", "partners", "measures")


def _year_of(request: DispatchRequest) -> int:
    return fiscal_year(request.preferred_start) if request.preferred_start else fiscal_year()


def dispatch_request_create(*, actor, kind: str, title: str = "") -> DispatchRequest:
    """Start a draft for the actor's municipality, with the actor as the contact person."""
    if not permissions.can_request_support(actor):
        raise PermissionDenied
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of support.")})
    municipality = actor.municipality
    with transaction.atomic():
        request = DispatchRequest.objects.create(
            kind=kind,
            title=title[:200],
            municipality=municipality,
            bureau_id=municipality.bureau_id,
            fiscal_year=fiscal_year(),
            contact_name=actor.get_full_name()[:100],
            contact_department=actor.department[:100],
            contact_email=actor.email,
            created_by=actor,
        )
        audit(request, actor=actor, action="create", to_status=request.status)
    return request


def _lock_editable(request: DispatchRequest, actor) -> DispatchRequest:
    locked = DispatchRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.is_requester_staff(actor, locked):
        raise PermissionDenied
    if not locked.is_editable:
        raise InvalidTransition(
            _("The request can no longer be changed (status: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def dispatch_request_save(
    *, request: DispatchRequest, actor, data: dict, version: int | None = None
) -> DispatchRequest:
    """Save what the form validated (missing answers are allowed in a draft) and drop the
    kept draft. Raises ValidationError naming the field for rules across fields.

    ``version``: the version the page was opened at; if someone saved the request since,
    raises ``StaleVersion`` and saves nothing. None (the demo, scripts): not checked.
    """
    with transaction.atomic():
        locked = _lock_editable(request, actor)
        bump_version(DispatchRequest, pk=locked.pk, expected=version)
        locked.refresh_from_db(fields=["version"])
        fields = []
        for name in FORM_FIELDS:
            if name not in data or name in MANY:
                continue
            value = data[name]
            if value is None and name not in ("preferred_start", "preferred_end"):
                value = "" if name != "is_wide_area" else False
            if name == "kind" and not value:
                continue
            setattr(locked, name, value)
            fields.append(name)
        if (
            locked.preferred_start
            and locked.preferred_end
            and locked.preferred_end < locked.preferred_start
        ):
            raise ValidationError(
                {"preferred_end": _("The preferred end must not be before the preferred start.")}
            )
        if "skills" in data:
            locked.skills.set(data["skills"] or [])
        if "partners" in data:
            partners = [m for m in (data["partners"] or []) if m.pk != locked.municipality_id]
            locked.partners.set(partners if locked.is_wide_area else [])
        if "measures" in data:
            locked.measures.set(check_measures(locked.municipality, data["measures"] or []))
        locked.fiscal_year = _year_of(locked)
        locked.form_draft = {}
        locked.save(update_fields=[*fields, "fiscal_year", "form_draft", "updated_at"])
    return locked


def dispatch_request_keep_draft(*, request: DispatchRequest, actor, raw: dict) -> None:
    """Keep what was typed but did not validate, so it comes back when the form opens."""
    with transaction.atomic():
        locked = _lock_editable(request, actor)
        locked.form_draft = {
            _clean(key): _clean(value) for key, value in raw.items() if key != "csrfmiddlewaretoken"
        }
        locked.save(update_fields=["form_draft", "updated_at"])


def _clean(value):
    """What was typed, storable anywhere: PostgreSQL refuses NUL characters in text and
    JSON, and nobody means to type them."""
    if isinstance(value, str):
        return value.replace("\x00", "")[:10000]
    if isinstance(value, list):
        return [_clean(item) for item in value[:500]]
    return value


def request_problems(request: DispatchRequest) -> list[tuple[str, str]]:
    """What still stops the request from being submitted: (field, message) pairs."""
    problems = []
    if request.form_draft:
        problems.append(("", _("Some answers have not been saved yet: correct them in the form.")))
    for name, message in (
        ("title", _("Name the initiative.")),
        ("initiative", _("Describe the initiative.")),
        ("reason", _("Say why the initiative needs support.")),
        ("preferred_start", _("Give the preferred start.")),
        ("contact_name", _("Give the contact person.")),
        ("contact_email", _("Give the contact email address.")),
    ):
        if not getattr(request, name):
            problems.append((name, message))
    if not request.skills.exists() and not request.skills_note:
        problems.append(("skills", _("Choose at least one skill wanted, or describe it.")))
    if request.kind == Kind.REGIONAL and not request.preferred_end:
        problems.append(
            ("preferred_end", _("A 地域振興派遣 runs for months: give the preferred end."))
        )
    if request.is_wide_area and not request.partners.exists():
        problems.append(
            ("partners", _("Name the partner municipalities of the wide-area initiative."))
        )
    return problems


def dispatch_request_submit(*, request: DispatchRequest, actor) -> DispatchRequest:
    """Send the draft (or the corrected request) to the bureau. The first submission gives
    the reference number. Side effects: the bureau's officers are notified."""
    if not permissions.is_requester_staff(actor, request):
        raise PermissionDenied
    action = "resubmit" if request.status == Status.RETURNED else "submit"
    REQUEST_WORKFLOW.ensure_possible(request, action)
    problems = request_problems(request)
    if problems and request.status in (Status.DRAFT, Status.RETURNED):
        raise ValidationError([message for _field, message in problems], code="incomplete")
    now = timezone.now()

    def apply(obj):
        fields = ["submitted_at"]
        obj.submitted_at = now
        if obj.first_submitted_at is None:
            obj.first_submitted_at = now
            fields.append("first_submitted_at")
        if not obj.reference:
            year = obj.fiscal_year
            number = next_number("dispatch.request", obj.bureau_id, year)
            obj.reference = f"{nendo_short(year)}-{obj.bureau.short_name}-派{number:04d}"
            fields.append("reference")
        return fields

    with transaction.atomic():
        result = run_transition(
            REQUEST_WORKFLOW,
            request,
            action,
            actor=actor,
            allowed=lambda locked: permissions.is_requester_staff(actor, locked),
            apply=apply,
        )
        if result.changed:
            notify_bureau(
                result.obj,
                kind="submitted",
                subject=gettext_lazy("Support request %(ref)s from %(municipality)s"),
                template="dispatch/email/submitted.txt",
                key=f"{action}:{result.event.pk}",
            )
    return result.obj


def dispatch_request_withdraw(*, request: DispatchRequest, actor, reason: str = ""):
    with transaction.atomic():
        result = run_transition(
            REQUEST_WORKFLOW,
            request,
            "withdraw",
            actor=actor,
            comment=reason,
            allowed=lambda locked: permissions.is_requester_staff(actor, locked),
        )
        if result.changed and result.obj.first_submitted_at is not None:
            notify_bureau(
                result.obj,
                kind="withdrawn",
                subject=gettext_lazy("Support request %(ref)s was withdrawn"),
                template="dispatch/email/withdrawn.txt",
                key="withdrawn",
                extra={"reason": reason},
            )
    return result.obj


def _check_frame(request: DispatchRequest) -> None:
    """A 地域振興派遣 takes a place of the bureau's 地域創生枠 for its 年度; the frame row is
    locked so two approvals at once cannot both take the last place."""
    frame = (
        RegionalFrame.objects.select_for_update()
        .filter(bureau_id=request.bureau_id, fiscal_year=request.fiscal_year)
        .first()
    )
    if frame is None:
        raise ValidationError(
            _(
                "No 地域創生枠 is set for %(bureau)s in %(year)s: HQ sets it in the "
                "administration before 地域振興派遣 can be approved."
            )
            % {"bureau": request.bureau.display_name, "year": nendo(request.fiscal_year)},
            code="no_frame",
        )
    taken = (
        DispatchRequest.objects.filter(
            bureau_id=request.bureau_id,
            fiscal_year=request.fiscal_year,
            kind=Kind.REGIONAL,
            status__in=FRAME_STATUSES,
        )
        .exclude(pk=request.pk)
        .count()
    )
    if taken >= frame.places:
        raise ValidationError(
            _(
                "The 地域創生枠 of %(bureau)s for %(year)s is used up (%(places)s of "
                "%(places)s dispatches approved)."
            )
            % {
                "bureau": request.bureau.display_name,
                "year": nendo(request.fiscal_year),
                "places": frame.places,
            },
            code="frame_full",
        )


class ChiefAuthorityRequired(Refusal):
    """Approving a 地域振興派遣 is the bureau chief's decision."""


def dispatch_request_approve(*, request: DispatchRequest, actor, note: str = ""):
    """Approve: an officer of the bureau; for 地域振興派遣 one holding the chief's authority,
    within the 地域創生枠. Side effects: the municipality is notified."""
    REQUEST_WORKFLOW.ensure_possible(request, "approve")
    if not permissions.is_deciding_officer(actor, request):
        raise PermissionDenied
    if not permissions.can_approve_request(actor, request):
        raise ChiefAuthorityRequired(
            _(
                "Only an officer holding the bureau chief's authority can approve a "
                "地域振興派遣. HQ designates them in the administration."
            )
        )
    with transaction.atomic():
        if request.kind == Kind.REGIONAL and request.status != Status.APPROVED:
            _check_frame(request)
        result = decide(
            REQUEST_WORKFLOW,
            request,
            "approve",
            actor=actor,
            note=note,
            allowed=lambda locked: permissions.can_approve_request(actor, locked),
        )
        if result.changed:
            notify_municipality(
                result.obj,
                kind="approved",
                subject=gettext_lazy("Support request %(ref)s was approved"),
                template="dispatch/email/approved.txt",
                key="approved",
                extra={"note": note},
            )
    return result.obj


def _decide_with_reason(request, actor, action: str, reason: str, field: str, subject, template):
    required_note(reason, _("Give the reason: the municipality reads it."), field="reason")
    with transaction.atomic():
        result = decide(
            REQUEST_WORKFLOW,
            request,
            action,
            actor=actor,
            note=reason,
            allowed=lambda locked: permissions.is_deciding_officer(actor, locked),
            note_field=field,
        )
        if result.changed:
            notify_municipality(
                result.obj,
                kind=action,
                subject=subject,
                template=template,
                key=f"{action}:{result.event.pk}",
                extra={"reason": reason},
            )
    return result.obj


def dispatch_request_return(*, request: DispatchRequest, actor, reason: str):
    """差戻し: the municipality adds what the bureau asks for and submits again."""
    return _decide_with_reason(
        request,
        actor,
        "return",
        reason,
        "return_reason",
        gettext_lazy("Support request %(ref)s: the bureau asks for more information"),
        "dispatch/email/returned.txt",
    )


def dispatch_request_decline(*, request: DispatchRequest, actor, reason: str):
    return _decide_with_reason(
        request,
        actor,
        "decline",
        reason,
        "decision_note",
        gettext_lazy("Support request %(ref)s was declined"),
        "dispatch/email/declined.txt",
    )
