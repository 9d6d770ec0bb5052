"""Writes of liaison meetings (I1): saving a meeting, its action items (each on its owner's
to-do list until closed), attachments, and making the minutes public."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.services.attachments import attachments_store
from portal.services.notifications import notify
from portal.workflow import audit

from ..models import ActionItem, LiaisonMeeting, StrategyMeetingAttendance
from ..permissions import challenges as perms

MEETING_FIELDS = (
    "title",
    "bureau",
    "date",
    "start_time",
    "place",
    "invited_organisations",
    "agenda",
    "attendance",
    "minutes",
)


def meeting_save(*, meeting: LiaisonMeeting, actor, changed_fields=()) -> LiaisonMeeting:
    """Create or update a meeting (the admin's form has set the fields). A bureau officer's
    meeting is always of their own bureau."""
    if not perms.can_create_meeting(actor):
        raise PermissionDenied
    if actor.role == Role.BUREAU and not actor.is_superuser:
        meeting.bureau_id = actor.bureau_id
    if meeting.pk and not perms.can_manage_meeting(actor, meeting):
        raise PermissionDenied
    creating = meeting.pk is None
    with transaction.atomic():
        if creating:
            meeting.created_by = actor
        meeting.save()
        audit(
            meeting,
            actor=actor,
            action="create" if creating else "edit",
            extra={"fields": sorted(set(changed_fields))},
        )
    return meeting


def _check_owner(meeting: LiaisonMeeting, owner) -> None:
    invited = set(meeting.invited_municipalities.values_list("pk", flat=True))
    allowed = owner.is_active and (
        owner.role == Role.HQ
        or (owner.role == Role.BUREAU and owner.bureau_id == meeting.bureau_id)
        or (owner.role == Role.MUNICIPAL and owner.municipality_id in invited)
    )
    if not allowed:
        raise ValidationError(
            {
                "owner": ValidationError(
                    _(
                        "The owner must be an officer of the bureau, HQ staff or staff of an "
                        "invited municipality."
                    ),
                    code="owner_out_of_scope",
                )
            }
        )


def action_item_save(*, item: ActionItem, actor) -> ActionItem:
    """Add or change an action item of a meeting; a new owner is notified. The item is on
    the owner's to-do list until it is closed."""
    meeting = item.meeting
    if not perms.can_manage_meeting(actor, meeting):
        raise PermissionDenied
    _check_owner(meeting, item.owner)
    creating = item.pk is None
    with transaction.atomic():
        previous_owner = (
            None
            if creating
            else ActionItem.objects.filter(pk=item.pk).values_list("owner_id", flat=True).first()
        )
        item.save()
        audit(
            meeting,
            actor=actor,
            action="action_item",
            comment=item.title,
            extra={"item": item.pk, "owner": item.owner_id, "due": item.due_date.isoformat()},
        )
        if creating or previous_owner != item.owner_id:
            notify(
                recipient=item.owner,
                kind="casebook_action_item",
                subject=_("Action item from %(meeting)s: %(title)s"),
                subject_params={"meeting": meeting.title, "title": item.title},
                template="casebook/email/action_item.txt",
                context={"item": item, "meeting": meeting},
                dedupe_key=f"casebook:action:{item.pk}:owner:{item.owner_id}",
                url=meeting.get_absolute_url(),
            )
    return item


def action_item_close(*, item: ActionItem, actor, note: str = "") -> ActionItem:
    """Close an action item (its owner or the meeting's bureau); it leaves the to-do list.
    Closing twice is harmless."""
    with transaction.atomic():
        locked = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
        if locked.closed_at is not None:
            return locked
        if not perms.can_close_action_item(actor, locked):
            raise PermissionDenied
        locked.closed_at = timezone.now()
        locked.closed_by = actor
        locked.save(update_fields=["closed_at", "closed_by"])
        audit(
            locked.meeting,
            actor=actor,
            action="action_item_closed",
            comment=f"{locked.title}{' — ' + note.strip() if note.strip() else ''}",
            extra={"item": locked.pk},
        )
    item.closed_at, item.closed_by = locked.closed_at, locked.closed_by
    return locked


def action_item_reopen(*, item: ActionItem, actor, reason: str = "") -> ActionItem:
    """Reopen a closed action item (those who may close it): it is back on its owner's
    to-do list. Reopening an open item is harmless."""
    with transaction.atomic():
        locked = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
        if locked.closed_at is None:
            return locked
        if not perms.can_reopen_action_item(actor, locked):
            raise PermissionDenied
        locked.closed_at = None
        locked.closed_by = None
        locked.save(update_fields=["closed_at", "closed_by"])
        reason = reason.strip()
        audit(
            locked.meeting,
            actor=actor,
            action="action_item_reopened",
            comment=f"{locked.title}{' — ' + reason if reason else ''}",
            extra={"item": locked.pk},
        )
    item.closed_at, item.closed_by = None, None
    return locked


def meeting_attach(*, meeting: LiaisonMeeting, actor, uploads) -> list:
    if not perms.can_manage_meeting(actor, meeting):
        raise PermissionDenied
    with transaction.atomic():
        stored = attachments_store(uploads=uploads, owner=meeting, uploaded_by=actor)
        audit(
            meeting,
            actor=actor,
            action="attach",
            comment=", ".join(a.original_name for a in stored),
        )
    return stored


def meeting_publish_minutes(*, meeting: LiaisonMeeting, actor) -> LiaisonMeeting:
    """Make the minutes public (they then show on the public site). Needs minutes."""
    with transaction.atomic():
        locked = LiaisonMeeting.objects.select_for_update().get(pk=meeting.pk)
        if not perms.can_manage_meeting(actor, locked):
            raise PermissionDenied
        if locked.minutes_public:
            return locked
        if not locked.minutes.strip():
            raise ValidationError(
                _("Write the minutes before making them public."), code="no_minutes"
            )
        locked.minutes_public = True
        locked.minutes_published_at = timezone.now()
        locked.save(update_fields=["minutes_public", "minutes_published_at", "updated_at"])
        audit(locked, actor=actor, action="publish_minutes")
    meeting.minutes_public, meeting.minutes_published_at = True, locked.minutes_published_at
    return locked


def meeting_unpublish_minutes(*, meeting: LiaisonMeeting, actor, reason: str) -> LiaisonMeeting:
    """Withdraw the minutes from the public site, with the reason (kept in the history)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Give the reason for withdrawing the minutes from the public site."),
            code="reason",
        )
    with transaction.atomic():
        locked = LiaisonMeeting.objects.select_for_update().get(pk=meeting.pk)
        if not perms.can_manage_meeting(actor, locked):
            raise PermissionDenied
        if not locked.minutes_public:
            return locked
        locked.minutes_public = False
        locked.minutes_published_at = None
        locked.save(update_fields=["minutes_public", "minutes_published_at", "updated_at"])
        audit(locked, actor=actor, action="unpublish_minutes", comment=reason)
    meeting.minutes_public, meeting.minutes_published_at = False, None
    return locked


# --- Strategy meetings attended (#22 point 3) ----------------------------------------------


def strategy_attendance_save(
    *, attendance: StrategyMeetingAttendance, actor, attendees=None, changed_fields=()
) -> StrategyMeetingAttendance:
    """Record (or correct) a bureau officer's attendance at a municipality's strategy
    meeting. The record is the municipality's bureau's: an officer records only for the
    municipalities of their own bureau; HQ for any. The officers named must be of that
    bureau (or HQ's staff)."""
    if not perms.can_record_attendance(actor):
        raise PermissionDenied
    municipality = attendance.municipality
    own_bureau_only = actor.role == Role.BUREAU and not actor.is_superuser
    if own_bureau_only and municipality.bureau_id != actor.bureau_id:
        raise PermissionDenied
    if attendance.pk and not perms.can_record_attendance(
        actor, StrategyMeetingAttendance.objects.only("bureau_id").get(pk=attendance.pk)
    ):
        raise PermissionDenied
    people = list(attendees) if attendees is not None else None
    if people is not None and not all(
        perms.may_attend_for(p, municipality.bureau_id) for p in people
    ):
        raise ValidationError(
            {
                "attendees": ValidationError(
                    _("Choose officers of the municipality's bureau."),
                    code="attendee_out_of_scope",
                )
            }
        )
    creating = attendance.pk is None
    with transaction.atomic():
        attendance.bureau_id = municipality.bureau_id
        if creating:
            attendance.created_by = actor
        attendance.save()
        if people is not None:
            attendance.attendees.set(people)
        audit(
            attendance,
            actor=actor,
            action="create" if creating else "edit",
            extra={"fields": sorted(set(changed_fields))},
        )
    return attendance
