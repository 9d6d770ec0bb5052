"""Writes of notices (お知らせ・事務連絡): saving a draft with its files, sending it to its
audience (one receipt per recipient, mail to the recipients' staff), withdrawing it, and a
recipient opening (既読) and confirming (確認済) it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audiences
from portal.models import Municipality, Role
from portal.services.attachments import attachments_store
from portal.services.notifications import notify
from portal.workflow import InvalidTransition, audit, run_transition

from ..models.cooperatives import Cooperative
from ..models.notices import Notice, NoticeReceipt, NoticeStatus, NoticeVisibility
from ..permissions import notices as perms
from ..selectors import notices as selectors
from ..workflows.notices import NOTICE_WORKFLOW
from .common import public_content_changed, sender_bureau


def notice_save(*, notice: Notice, actor, changed_fields=(), uploads=()) -> Notice:
    """Create or update a draft (the admin's form has set the fields) and attach files. A
    bureau officer's notice is always the bureau's; HQ's has no bureau."""
    if not perms.can_create_notice(actor):
        raise PermissionDenied
    creating = notice.pk is None
    if not creating and not perms.can_edit_notice(actor, notice):
        raise PermissionDenied
    with transaction.atomic():
        if creating:
            notice.sender_bureau = sender_bureau(actor)
            notice.created_by = actor
        notice.save()
        audit(
            notice,
            actor=actor,
            action="create" if creating else "edit",
            extra={"fields": sorted(set(changed_fields) - {"files"})},
        )
        if uploads:
            stored = attachments_store(uploads=uploads, owner=notice, uploaded_by=actor)
            audit(
                notice,
                actor=actor,
                action="attach",
                comment=", ".join(a.original_name for a in stored),
            )
    return notice


def notice_recipients(notice: Notice) -> list:
    """Who the notice would reach if sent now: its audience, within the sender's area."""
    return audiences.resolve(notice, within=notice.sender_bureau)


def notice_send(*, notice: Notice, actor) -> Notice:
    """Send a draft: one receipt per recipient of its audience (a bureau's kept within its
    area), the notice mailed to the recipients' staff after commit. Sending twice is
    harmless: the second call finds the notice sent and does nothing."""
    NOTICE_WORKFLOW.ensure_possible(notice, "send")
    if notice.status == NoticeStatus.SENT:
        return notice
    audiences.validate_within(notice, notice.sender_bureau)
    recipients = notice_recipients(notice)
    if not recipients:
        raise ValidationError(
            _("This audience has no recipients. Choose who the notice goes to."),
            code="no_recipients",
        )
    now = timezone.now()

    def stamp(locked):
        locked.sent_at, locked.sent_by = now, actor
        return ["sent_at", "sent_by", "updated_at"]

    with transaction.atomic():
        result = run_transition(
            NOTICE_WORKFLOW,
            notice,
            "send",
            actor=actor,
            allowed=lambda locked: perms.can_manage_notice(actor, locked),
            apply=stamp,
            extra={"recipients": len(recipients)},
        )
        if not result.changed:
            return result.obj
        receipts = NoticeReceipt.objects.bulk_create(
            [_receipt(result.obj, recipient) for recipient in recipients]
        )
        _mail(result.obj, receipts)
        if result.obj.visibility == NoticeVisibility.PUBLIC:
            public_content_changed()  # the home page's panel of notices
    return result.obj


def _receipt(notice: Notice, recipient) -> NoticeReceipt:
    if isinstance(recipient, Municipality):
        return NoticeReceipt(notice=notice, municipality=recipient)
    if isinstance(recipient, Cooperative):
        return NoticeReceipt(notice=notice, cooperative=recipient)
    raise TypeError(f"A notice cannot be sent to {type(recipient).__name__}")


def _mail(notice: Notice, receipts) -> None:
    subject = (
        _("[Please confirm] %(sender)s: %(title)s")
        if notice.requires_confirmation
        else _("Notice from %(sender)s: %(title)s")
    )
    for user in selectors.staff_of_recipients(receipts):
        notify(
            recipient=user,
            kind="casebook_notice",
            subject=subject,
            subject_params={"sender": notice.sender_label(), "title": notice.title},
            template="casebook/email/notice.txt",
            context={"notice": notice},
            dedupe_key=f"casebook:notice:{notice.pk}:u{user.pk}",
            url=notice.get_absolute_url(),
        )


def notice_withdraw(*, notice: Notice, actor, reason: str) -> Notice:
    """Withdraw a sent notice, with the reason: it leaves the public site and the
    recipients' to-do lists; the recipients still find it, marked withdrawn."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"comment": _("Give the reason for withdrawing the notice.")}, code="reason"
        )
    with transaction.atomic():
        result = run_transition(
            NOTICE_WORKFLOW,
            notice,
            "withdraw",
            actor=actor,
            comment=reason,
            allowed=lambda locked: perms.can_manage_notice(actor, locked),
        )
        if result.changed and result.obj.visibility == NoticeVisibility.PUBLIC:
            public_content_changed()
    return result.obj


def notice_open(*, notice: Notice, receipt: NoticeReceipt | None, actor) -> NoticeReceipt | None:
    """The recipient opened the notice: the first opening is recorded (既読), later ones
    change nothing."""
    if receipt is None or receipt.read_at is not None:
        return receipt
    now = timezone.now()
    updated = NoticeReceipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(
        read_at=now, read_by=actor
    )
    if updated:
        receipt.read_at, receipt.read_by = now, actor
    else:
        receipt.refresh_from_db(fields=["read_at", "read_by"])
    return receipt


def notice_confirm(*, notice: Notice, actor) -> NoticeReceipt:
    """A recipient confirms a 要確認 notice (確認しました): recorded once, by whom and when;
    it leaves the to-do list of every staff member of the recipient."""
    if not perms.may_receive_notices(actor):
        raise PermissionDenied
    with transaction.atomic():
        receipt = selectors.receipt_for(actor, notice)
        if receipt is None:
            raise PermissionDenied
        locked = NoticeReceipt.objects.select_for_update().get(pk=receipt.pk)
        if locked.confirmed_at is not None:
            return locked
        if not notice.requires_confirmation:
            raise InvalidTransition(_("This notice does not ask for a confirmation."))
        if notice.status != NoticeStatus.SENT:
            raise InvalidTransition(_("This notice was withdrawn: there is nothing to confirm."))
        now = timezone.now()
        locked.confirmed_at, locked.confirmed_by = now, actor
        fields = ["confirmed_at", "confirmed_by"]
        if locked.read_at is None:
            locked.read_at, locked.read_by = now, actor
            fields += ["read_at", "read_by"]
        locked.save(update_fields=fields)
        audit(
            notice,
            actor=actor,
            action="confirm",
            comment=locked.recipient_name if actor.role == Role.MUNICIPAL else "",
            extra={"receipt": locked.pk},
        )
    return locked
