"""Writes of a plan's 協議会 (#22 point 2): the municipality's staff name the council, add
and remove members, record meetings with their minutes. Each write is audited on the plan."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.services.attachments import attachments_store
from portal.workflow import audit

from ..models import Plan, PlanCouncil, PlanCouncilMeeting, PlanCouncilMember
from ..permissions import challenges as perms


def _check(actor, plan: Plan) -> None:
    if not perms.can_edit_plan(actor, plan):
        raise PermissionDenied


def _required(data: dict, field: str, message) -> str:
    value = (data.get(field) or "").strip()
    if not value:
        raise ValidationError({field: ValidationError(message, code="required")})
    return value


def council_save(*, plan: Plan, actor, data: dict) -> PlanCouncil:
    """Name the plan's council (creating it the first time) and its legal basis."""
    _check(actor, plan)
    name = _required(data, "name", _("Write the council's name."))
    with transaction.atomic():
        council, created = PlanCouncil.objects.update_or_create(
            plan=plan, defaults={"name": name, "legal_basis": (data.get("legal_basis") or "")}
        )
        audit(
            plan, actor=actor, action="council_create" if created else "council_edit", comment=name
        )
    return council


def member_add(*, council: PlanCouncil, actor, data: dict) -> PlanCouncilMember:
    _check(actor, council.plan)
    name = _required(data, "name", _("Write the member's name."))
    start, end = data.get("term_start"), data.get("term_end")
    if start and end and end < start:
        raise ValidationError(
            {"term_end": ValidationError(_("The term cannot end before it starts."), code="term")}
        )
    with transaction.atomic():
        member = PlanCouncilMember.objects.create(
            council=council,
            name=name,
            organisation=(data.get("organisation") or "").strip(),
            role=data.get("role") or "member",
            term_start=start,
            term_end=end,
        )
        audit(council.plan, actor=actor, action="council_member_add", comment=name)
    return member


def member_remove(*, member: PlanCouncilMember, actor) -> None:
    plan = member.council.plan
    _check(actor, plan)
    with transaction.atomic():
        audit(plan, actor=actor, action="council_member_remove", comment=member.name)
        member.delete()


def meeting_add(*, council: PlanCouncil, actor, data: dict, uploads=()) -> PlanCouncilMeeting:
    """A meeting held, with its agenda and, if given, its minutes (議事録) files."""
    _check(actor, council.plan)
    if not data.get("held_on"):
        raise ValidationError(
            {"held_on": ValidationError(_("Enter the date of the meeting."), code="required")}
        )
    agenda = _required(data, "agenda", _("Write the agenda."))
    with transaction.atomic():
        meeting = PlanCouncilMeeting.objects.create(
            council=council,
            held_on=data["held_on"],
            agenda=agenda,
            is_public=bool(data.get("is_public")),
        )
        if uploads:
            attachments_store(uploads=uploads, owner=meeting, uploaded_by=actor)
        audit(
            council.plan,
            actor=actor,
            action="council_meeting_add",
            comment=f"{meeting.held_on.isoformat()} {agenda[:200]}",
        )
    return meeting
