"""I3 after certification: notifications (届出) of name, officer or office changes within
30 days of the change — reminded before and after the limit, flagged when overdue, accepted
or returned by the bureau — and the cooperative's annual report."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.services.attachments import attachment_store, attachments_of
from portal.services.notifications import officers_of_bureau
from portal.workflow import audit, run_transition

from ..models.cooperative_changes import (
    AnnualReport,
    ChangeNotification,
    NotificationKind,
    NotificationStatus,
)
from ..models.cooperatives import Cooperative
from ..permissions import cooperatives as permissions
from ..workflows.cooperatives import NOTIFICATION_WORKFLOW
from .cooperative_common import notify_cooperative, notify_staff

# --- Notifications of changes (届出) -----------------------------------------------------------


def _certified_own(actor, cooperative) -> None:
    if not permissions.owns(actor, cooperative):
        raise PermissionDenied
    if not cooperative.is_certified:
        raise ValidationError(
            _("Notifications are filed once the cooperative is certified."), code="not_certified"
        )


def notification_create(
    *, cooperative: Cooperative, actor, kind: str, changed_on: dt.date, new_value: str
) -> ChangeNotification:
    """Record a change of name, officers or office; it must be filed within 30 days."""
    _certified_own(actor, cooperative)
    if kind not in NotificationKind.values:
        raise ValidationError({"kind": _("Choose what changed.")}, code="kind")
    if changed_on > timezone.localdate():
        raise ValidationError(
            {"changed_on": _("The date of the change cannot be in the future.")}, code="future"
        )
    with transaction.atomic():
        notification = ChangeNotification.objects.create(
            cooperative=cooperative,
            kind=kind,
            changed_on=changed_on,
            due_on=ChangeNotification.due_for(changed_on),
            new_value=new_value,
            created_by=actor,
        )
        audit(notification, actor=actor, action="create", to_status=notification.status)
    return notification


def _notification_editable(notification, actor) -> ChangeNotification:
    locked = ChangeNotification.objects.select_for_update().get(pk=notification.pk)
    if not permissions.owns(actor, locked.cooperative):
        raise PermissionDenied
    if locked.status not in (NotificationStatus.DRAFT, NotificationStatus.RETURNED):
        raise ValidationError(_("The notification has already been filed."), code="filed")
    return locked


def notification_add_attachment(*, notification, actor, upload):
    with transaction.atomic():
        locked = _notification_editable(notification, actor)
        return attachment_store(upload=upload, owner=locked, uploaded_by=actor)


def notification_file(*, notification, actor) -> ChangeNotification:
    """File the notification with at least one document (e.g. the minutes, the 登記事項証明書)."""
    with transaction.atomic():
        locked = _notification_editable(notification, actor)
        if not attachments_of(locked).exists():
            raise ValidationError(
                _("Attach the documents showing the change before filing."), code="no_documents"
            )

        def apply(obj):
            obj.filed_at = timezone.now()
            return ["filed_at"]

        result = run_transition(NOTIFICATION_WORKFLOW, locked, "file", actor=actor, apply=apply)
        if result.changed:
            n = result.obj
            notify_staff(
                officers_of_bureau(n.cooperative.municipality.bureau_id),
                kind="cooperative.notification_filed",
                subject=gettext_lazy("Notification from %(name)s: %(kind)s"),
                params={"name": n.cooperative.name, "kind": n.get_kind_display()},
                message=n.new_value,
                url=reverse("admin:casebook_changenotification_change", args=[n.pk]),
                key=f"coop_notification:{n.pk}:filed:{n.filed_at:%s}",
            )
    notification.refresh_from_db()
    return result.obj


def notification_accept(*, notification, actor) -> ChangeNotification:
    """The bureau accepts (受理): the register shows the new particulars."""
    with transaction.atomic():
        result = run_transition(
            NOTIFICATION_WORKFLOW,
            notification,
            "accept",
            actor=actor,
            allowed=lambda locked: permissions.is_staff_of_cooperative(actor, locked.cooperative),
        )
        n = result.obj
        if result.changed:
            cooperative = Cooperative.objects.select_for_update().get(pk=n.cooperative_id)
            field = {"name": "name", "officers": "officers", "office": "office"}[n.kind]
            limit = Cooperative._meta.get_field(field).max_length
            setattr(cooperative, field, n.new_value.strip()[:limit])
            cooperative.save(update_fields=[field])
            notify_cooperative(
                cooperative,
                kind="cooperative.notification_accepted",
                subject=gettext_lazy("Your notification was accepted: %(name)s"),
                message=gettext_lazy("The bureau accepted your notification of the change."),
                url=reverse("casebook:cooperative_notification_detail", args=[n.pk]),
                key=f"notification:{n.pk}:accepted",
            )
    return n


def notification_return(*, notification, actor, reason: str) -> ChangeNotification:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tell the cooperative what to correct."), code="reason_required")

    def apply(obj):
        obj.return_reason = reason
        return ["return_reason"]

    with transaction.atomic():
        result = run_transition(
            NOTIFICATION_WORKFLOW,
            notification,
            "return",
            actor=actor,
            comment=reason,
            allowed=lambda locked: permissions.is_staff_of_cooperative(actor, locked.cooperative),
            apply=apply,
        )
        if result.changed:
            notify_cooperative(
                result.obj.cooperative,
                kind="cooperative.notification_returned",
                subject=gettext_lazy("Your notification was returned for correction: %(name)s"),
                message=reason,
                url=reverse("casebook:cooperative_notification_detail", args=[result.obj.pk]),
                key=f"notification:{result.obj.pk}:returned:{result.event.pk}",
            )
    return result.obj


# Days before the due date on which the cooperative is reminded; 0 is the due date itself,
# -1 the first day overdue (the bureau is told then too).
REMINDER_DAYS = (7, 1, 0, -1)
REMINDER_SUBJECTS = {
    7: gettext_lazy("Reminder: a notification of %(name)s is due in 7 days"),
    1: gettext_lazy("Reminder: a notification of %(name)s is due tomorrow"),
    0: gettext_lazy("Reminder: a notification of %(name)s is due today"),
    -1: gettext_lazy("Overdue: a notification of %(name)s was due yesterday"),
}


def notification_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind cooperatives of notifications not yet filed, 7 days and 1 day before the
    30-day limit, on the day, and the day after (then also telling the bureau).

    Safe to run twice: the dedupe key names the notification, its due date and the day of
    the reminder, so a rerun sends nothing more. Each notification commits on its own.
    """
    today = today or timezone.localdate()
    days_by_due = {today + dt.timedelta(days=d): d for d in REMINDER_DAYS}
    pending = (
        ChangeNotification.objects.filter(
            status__in=[NotificationStatus.DRAFT, NotificationStatus.RETURNED],
            due_on__in=list(days_by_due),
        )
        .select_related("cooperative__user", "cooperative__municipality")
        .order_by("due_on", "pk")
    )
    reminded = 0
    for n in pending:
        days = days_by_due[n.due_on]
        key = f"notification:{n.pk}:reminder:{n.due_on.isoformat()}:{days}"
        with transaction.atomic():
            notify_cooperative(
                n.cooperative,
                kind="cooperative.notification_reminder",
                subject=REMINDER_SUBJECTS[days],
                message=gettext_lazy(
                    "A change of name, officers or office must be notified within 30 days. "
                    "File the notification from your cooperative's page."
                ),
                url=reverse("casebook:cooperative_notification_detail", args=[n.pk]),
                key=key,
            )
            if days < 0:
                notify_staff(
                    officers_of_bureau(n.cooperative.municipality.bureau_id),
                    kind="cooperative.notification_overdue",
                    subject=gettext_lazy("Overdue notification: %(name)s"),
                    params={"name": n.cooperative.name},
                    message=n.get_kind_display(),
                    url=reverse("admin:casebook_changenotification_change", args=[n.pk]),
                    key=f"coop_{key}:bureau",
                )
        reminded += 1
    return reminded


# --- Annual report ----------------------------------------------------------------------------


def annual_report_submit(
    *, cooperative: Cooperative, actor, fiscal_year: int, summary: str, uploads
) -> AnnualReport:
    """Upload the year's report (事業報告書 etc.); one per 年度, the bureau is told."""
    _certified_own(actor, cooperative)
    if not uploads:
        raise ValidationError({"files": _("Attach the report.")}, code="no_documents")
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                cooperative=cooperative,
                fiscal_year=fiscal_year,
                summary=summary,
                submitted_by=actor,
            )
            for upload in uploads:
                attachment_store(upload=upload, owner=report, uploaded_by=actor)
            audit(report, actor=actor, action="submit")
            notify_staff(
                officers_of_bureau(cooperative.municipality.bureau_id),
                kind="cooperative.annual_report",
                subject=gettext_lazy("Annual report from %(name)s"),
                params={"name": cooperative.name},
                message=summary or gettext_lazy("The cooperative uploaded its annual report."),
                url=reverse("admin:casebook_annualreport_change", args=[report.pk]),
                key=f"coop_annual_report:{report.pk}",
            )
    except IntegrityError:
        raise ValidationError(
            {"fiscal_year": _("The report for this year has already been submitted.")},
            code="duplicate",
        ) from None
    return report
