"""Reminders of plans' statutory revision dates (#22 point 2): the municipality's staff
are told 90 and 30 days before a plan's ``next_revision_due``. Each reminder is recorded
(``PlanRevisionReminder``: once per plan, due date and stage), so the daily task can run
twice without sending anything twice, and a new due date is reminded afresh."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Role, User
from portal.queue import enqueue
from portal.services.notifications import notify_many
from portal.workflow import audit

from ..models import Plan, PlanRevisionReminder, PlanStatus
from ..models.plans import REVISION_REMINDER_DAYS

REMINDER_DAYS = REVISION_REMINDER_DAYS


def stage_due(due_date: dt.date, today: dt.date) -> int | None:
    """The nearest stage reached: 30 when 30 days or fewer remain, 90 when 90 or fewer do;
    None before 90 days and once the date has passed (the matrix flags it overdue then)."""
    left = (due_date - today).days
    if left < 0:
        return None
    reached = [days for days in REMINDER_DAYS if left <= days]
    return min(reached) if reached else None


def plan_revision_reminders_send(*, today: dt.date | None = None) -> int:
    """Record the reminders due today and queue each for sending. Returns how many were
    recorded (0 on a rerun the same day)."""
    today = today or timezone.localdate()
    plans = Plan.objects.filter(
        next_revision_due__gte=today,
        next_revision_due__lte=today + dt.timedelta(days=max(REMINDER_DAYS)),
    ).exclude(status=PlanStatus.REVISING)
    recorded = 0
    for plan in plans.only("pk", "next_revision_due"):
        stage = stage_due(plan.next_revision_due, today)
        if stage is None:
            continue
        try:
            with transaction.atomic():
                reminder = PlanRevisionReminder.objects.create(
                    plan=plan, due_date=plan.next_revision_due, days_before=stage
                )
                enqueue("casebook.tasks.send_plan_revision_reminder", reminder.pk)
        except IntegrityError:
            continue  # this stage went out already for this due date
        recorded += 1
    return recorded


def plan_revision_reminder_deliver(*, reminder_id: int) -> int:
    """Tell the plan's municipality's active staff; the notifications' dedupe keys make a
    retried task harmless."""
    reminder = (
        PlanRevisionReminder.objects.select_related("plan__municipality")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return 0
    plan = reminder.plan
    staff = list(
        User.objects.filter(
            role=Role.MUNICIPAL, municipality_id=plan.municipality_id, is_active=True
        )
    )
    with transaction.atomic():
        notify_many(
            staff,
            kind="casebook_plan_revision_due",
            subject=_("The plan %(title)s is due for revision by %(date)s"),
            subject_params={"title": plan.title, "date": reminder.due_date.isoformat()},
            template="casebook/email/plan_revision_due.txt",
            context={"plan": plan, "reminder": reminder},
            dedupe_key=f"casebook:plan:{plan.pk}:revision:{reminder.due_date}:{reminder.days_before}",
            url=plan.get_absolute_url(),
        )
        reminder.recipients = len(staff)
        reminder.save(update_fields=["recipients"])
        audit(
            plan,
            actor=None,
            action="revision_reminder",
            extra={"due": reminder.due_date.isoformat(), "days_before": reminder.days_before},
        )
    return len(staff)
