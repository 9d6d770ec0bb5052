"""The register of 地域おこし協力隊 members (H3): recruitment, commission, activity, the end
of the term, where the member settled and the follow-up a year later; and the reminders
the municipality receives (90 days before a term ends, and when the follow-up is due).

Only the municipality writes its register (its bureau and HQ read it). Every transition
runs through the table in workflows/kyoryokutai.py; reminders are notifications with a dedupe
key, so a rerun of the daily task sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.japanese import wareki_date
from portal.models import Role, User
from portal.services.notifications import notify_many
from portal.workflow import audit, run_transition

from ..models import Destination, Settlement, Volunteer, VolunteerStatus
from ..permissions import requests as permissions
from ..selectors.kyoryokutai import EVENT_CATEGORY, followups_due, terms_ending_soon
from ..workflows.kyoryokutai import VOLUNTEER_WORKFLOW

MAX_TERM_YEARS = 3
# Completing the term may be recorded this many days before its last day.
COMPLETE_EARLY_DAYS = 31

DETAIL_FIELDS = ("activity", "other_training", "note")
PERSON_FIELDS = ("name", "kana", "email", "phone", "moved_from")


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def validate_term(term_start: dt.date, term_end: dt.date) -> None:
    """One to three years: at least a year, at most three (a term may be renewed up to
    three years in all; record the renewed end date)."""
    if term_end <= term_start:
        raise ValidationError({"term_end": _("The term must end after it starts.")})
    if term_end < _years_later(term_start, 1) - dt.timedelta(days=1):
        raise ValidationError({"term_end": _("A term lasts at least one year.")})
    if term_end > _years_later(term_start, MAX_TERM_YEARS) - dt.timedelta(days=1):
        raise ValidationError({"term_end": _("A term lasts at most three years.")})


def _check_position(actor_municipality_id, position) -> None:
    if position is not None and position.municipality_id != actor_municipality_id:
        raise ValidationError({"position": _("Choose a position of your municipality.")})


def _check_trainings(trainings) -> list:
    trainings = list(trainings or [])
    if any(event.category != EVENT_CATEGORY for event in trainings):
        raise ValidationError({"trainings": _("Choose among the 協力隊 training events.")})
    return trainings


def volunteer_create(*, actor: User, data: dict) -> Volunteer:
    """A new place in the actor's municipality's corps, being recruited (募集中)."""
    if not permissions.can_add_volunteer(actor):
        raise PermissionDenied
    municipality = actor.municipality
    _check_position(municipality.pk, data.get("position"))
    with transaction.atomic():
        volunteer = Volunteer.objects.create(
            municipality=municipality,
            bureau_id=municipality.bureau_id,
            position=data.get("position"),
            created_by=actor,
            **{name: data.get(name, "") for name in DETAIL_FIELDS},
        )
        volunteer.missions.set(data.get("missions") or [])
        volunteer.trainings.set(_check_trainings(data.get("trainings")))
        audit(volunteer, actor=actor, action="create", to_status=volunteer.status)
    return volunteer


def volunteer_save(*, volunteer: Volunteer, actor: User, data: dict) -> Volunteer:
    """Correct the entry: missions, activities, training, notes; the person's details and
    the term once someone is commissioned (the term stays within one to three years)."""
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if not permissions.can_keep_register(actor, locked):
            raise PermissionDenied
        _check_position(locked.municipality_id, data.get("position"))
        changed = []
        names = ["position", *DETAIL_FIELDS]
        if locked.status != VolunteerStatus.RECRUITING:
            names += PERSON_FIELDS
            if "name" in data and not (data["name"] or "").strip():
                raise ValidationError({"name": _("Enter the member's name.")})
        if locked.status in (VolunteerStatus.COMMISSIONED, VolunteerStatus.ACTIVE):
            names += ["term_start", "term_end"]
        for name in names:
            if name in data and data[name] is not None and getattr(locked, name) != data[name]:
                setattr(locked, name, data[name])
                changed.append(name)
        if "position" in data and data["position"] is None and locked.position_id is not None:
            locked.position = None
            changed.append("position")
        if {"term_start", "term_end"} & set(changed):
            validate_term(locked.term_start, locked.term_end)
            if locked.started_on and locked.started_on > locked.term_end:
                raise ValidationError(
                    {"term_end": _("The term cannot end before the activities started.")}
                )
        locked.save()
        if "missions" in data:
            locked.missions.set(data["missions"] or [])
            changed.append("missions")
        if "trainings" in data:
            locked.trainings.set(_check_trainings(data["trainings"]))
            changed.append("trainings")
        audit(locked, actor=actor, action="edit", extra={"fields": sorted(set(changed))})
    return locked


def _allowed(actor):
    return lambda obj: permissions.can_keep_register(actor, obj)


def volunteer_commission(
    *,
    volunteer: Volunteer,
    actor: User,
    name: str,
    commissioned_on: dt.date,
    term_start: dt.date,
    term_end: dt.date,
    kana: str = "",
    email: str = "",
    phone: str = "",
    moved_from: str = "",
) -> Volunteer:
    """募集中 → 委嘱: the member chosen, commissioned for one to three years."""
    VOLUNTEER_WORKFLOW.ensure_possible(volunteer, "commission")
    if not name.strip():
        raise ValidationError({"name": _("Enter the member's name.")})
    validate_term(term_start, term_end)
    if commissioned_on > term_end:
        raise ValidationError({"commissioned_on": _("The commission must precede the term's end.")})

    def apply(obj):
        obj.name, obj.kana, obj.email, obj.phone = name.strip(), kana, email, phone
        obj.moved_from = moved_from
        obj.commissioned_on, obj.term_start, obj.term_end = commissioned_on, term_start, term_end
        return [
            "name",
            "kana",
            "email",
            "phone",
            "moved_from",
            "commissioned_on",
            "term_start",
            "term_end",
        ]

    return run_transition(
        VOLUNTEER_WORKFLOW,
        volunteer,
        "commission",
        actor=actor,
        allowed=_allowed(actor),
        apply=apply,
    ).obj


def volunteer_start(*, volunteer: Volunteer, actor: User, started_on: dt.date) -> Volunteer:
    """委嘱 → 活動中: the member has moved and started."""
    VOLUNTEER_WORKFLOW.ensure_possible(volunteer, "start")
    if volunteer.term_end and started_on > volunteer.term_end:
        raise ValidationError({"started_on": _("The activities must start within the term.")})

    def apply(obj):
        obj.started_on = started_on
        return ["started_on"]

    return run_transition(
        VOLUNTEER_WORKFLOW, volunteer, "start", actor=actor, allowed=_allowed(actor), apply=apply
    ).obj


def volunteer_complete(*, volunteer: Volunteer, actor: User, today=None) -> Volunteer:
    """活動中 → 任期満了 on the term's last day (recordable from a month before)."""
    VOLUNTEER_WORKFLOW.ensure_possible(volunteer, "complete")
    today = today or timezone.localdate()
    if volunteer.status == VolunteerStatus.ACTIVE and volunteer.term_end > today + dt.timedelta(
        days=COMPLETE_EARLY_DAYS
    ):
        raise ValidationError(
            _(
                "The term ends on %(date)s: record its completion from a month before. "
                "If the member is leaving early, record that instead."
            )
            % {"date": wareki_date(volunteer.term_end)},
            code="too_early",
        )

    def apply(obj):
        obj.ended_on = obj.term_end
        return ["ended_on"]

    return run_transition(
        VOLUNTEER_WORKFLOW,
        volunteer,
        "complete",
        actor=actor,
        allowed=_allowed(actor),
        apply=apply,
    ).obj


def volunteer_resign(
    *, volunteer: Volunteer, actor: User, ended_on: dt.date, reason: str
) -> Volunteer:
    """委嘱 or 活動中 → 途中退任, with the day and the reason."""
    VOLUNTEER_WORKFLOW.ensure_possible(volunteer, "resign")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for leaving early.")})
    earliest = volunteer.started_on or volunteer.commissioned_on or volunteer.term_start
    if earliest and ended_on < earliest:
        raise ValidationError({"ended_on": _("The member cannot leave before joining.")})
    if volunteer.term_end and ended_on >= volunteer.term_end:
        raise ValidationError(
            {"ended_on": _("This is the end of the term: record the term as completed.")}
        )

    def apply(obj):
        obj.ended_on, obj.end_reason = ended_on, reason.strip()
        return ["ended_on", "end_reason"]

    return run_transition(
        VOLUNTEER_WORKFLOW,
        volunteer,
        "resign",
        actor=actor,
        comment=reason.strip(),
        allowed=_allowed(actor),
        apply=apply,
    ).obj


def volunteer_record_settlement(
    *,
    volunteer: Volunteer,
    actor: User,
    destination: str,
    settled_municipality=None,
    started_business: bool = False,
    took_job: bool = False,
    work: str = "",
    note: str = "",
) -> Settlement:
    """Where the member lives and what they do after the term. Recording again corrects
    it; the follow-up falls due one year after the member left."""
    if destination not in Destination.values:
        raise ValidationError({"destination": _("Choose where the member lives now.")})
    if destination in (Destination.HOKKAIDO, Destination.NEARBY):
        if settled_municipality is None:
            raise ValidationError(
                {"settled_municipality": _("Choose the municipality they moved to.")}
            )
        if settled_municipality.pk == volunteer.municipality_id:
            raise ValidationError(
                {
                    "settled_municipality": _(
                        "This is the same municipality: choose “stayed in the same municipality”."
                    )
                }
            )
    else:
        settled_municipality = None
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if not permissions.can_keep_register(actor, locked):
            raise PermissionDenied
        if not locked.has_ended:
            raise ValidationError(
                _("Record the settlement once the member's term has ended."), code="not_ended"
            )
        values = {
            "destination": destination,
            "settled_municipality": settled_municipality,
            "started_business": started_business,
            "took_job": took_job,
            "work": work,
            "note": note,
        }
        settlement = Settlement.objects.filter(volunteer=locked).first()
        if settlement is None:
            settlement = Settlement.objects.create(
                volunteer=locked,
                recorded_by=actor,
                followup_due_on=_years_later(locked.ended_on, 1),
                **values,
            )
        else:
            for name, value in values.items():
                setattr(settlement, name, value)
            settlement.save(update_fields=list(values))
        audit(
            locked,
            actor=actor,
            action="settlement",
            extra={
                "destination": destination,
                "started_business": started_business,
                "took_job": took_job,
            },
        )
    return settlement


def volunteer_record_followup(
    *, volunteer: Volunteer, actor: User, destination: str, note: str = ""
) -> Settlement:
    """Where the member lives a year after leaving (the municipality is reminded)."""
    if destination not in Destination.values:
        raise ValidationError({"destination": _("Choose where the member lives now.")})
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if not permissions.can_keep_register(actor, locked):
            raise PermissionDenied
        settlement = Settlement.objects.select_for_update().filter(volunteer=locked).first()
        if settlement is None:
            raise ValidationError(_("Record where the member settled first."), code="no_settlement")
        settlement.followup_destination = destination
        settlement.followup_note = note
        settlement.followup_at = timezone.now()
        settlement.followup_by = actor
        settlement.save(
            update_fields=["followup_destination", "followup_note", "followup_at", "followup_by"]
        )
        audit(locked, actor=actor, action="follow_up", extra={"destination": destination})
    return settlement


# --- Reminders ----------------------------------------------------------------------------


def _municipal_staff(municipality_id) -> list[User]:
    return list(
        User.objects.filter(role=Role.MUNICIPAL, municipality_id=municipality_id, is_active=True)
    )


TERM_END_SUBJECT = gettext_lazy("A 協力隊 member's term ends on %(date)s: plan the settlement")
FOLLOWUP_SUBJECT = gettext_lazy("Follow up on a former 協力隊 member (left on %(date)s)")


def volunteer_term_end_reminders_send(*, today=None) -> int:
    """Tell the municipality's staff, once per member and term end, 90 days before the
    term ends, to plan the support for settling. Returns how many members were due."""
    today = today or timezone.localdate()
    due = terms_ending_soon(Volunteer.objects.select_related("municipality"), today=today)
    count = 0
    for volunteer in due.order_by("term_end", "pk"):
        with transaction.atomic():
            notify_many(
                _municipal_staff(volunteer.municipality_id),
                kind="kyoryokutai.term_end",
                subject=TERM_END_SUBJECT,
                subject_params={"date": volunteer.term_end},
                template="dispatch/email/kyoryokutai_term_end.txt",
                context={"volunteer": volunteer},
                dedupe_key=f"kyoryokutai:term-end:{volunteer.pk}:{volunteer.term_end:%Y%m%d}",
                url=reverse("dispatch:kyoryokutai_volunteer_detail", args=[volunteer.pk]),
            )
        count += 1
    return count


def settlement_followup_reminders_send(*, today=None) -> int:
    """Tell the municipality, once, that a former member's one-year follow-up is due."""
    count = 0
    for settlement in followups_due(today=today).order_by("followup_due_on", "pk"):
        volunteer = settlement.volunteer
        with transaction.atomic():
            notify_many(
                _municipal_staff(volunteer.municipality_id),
                kind="kyoryokutai.follow_up",
                subject=FOLLOWUP_SUBJECT,
                subject_params={"date": volunteer.ended_on},
                template="dispatch/email/kyoryokutai_follow_up.txt",
                context={"volunteer": volunteer, "settlement": settlement},
                dedupe_key=f"kyoryokutai:follow-up:{settlement.pk}",
                url=reverse("dispatch:kyoryokutai_followup", args=[volunteer.pk]),
            )
        count += 1
    return count
