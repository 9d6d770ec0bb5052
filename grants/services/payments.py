"""After the report: 額の確定 (the fixed amount), the claim, advance payments, payment,
refund and closing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.japanese import yen
from portal.workflow import audit, run_transition

from ..models import Application, Notice, Payment
from ..selectors.applications import amounts_for_fixing, paid_total
from ..workflows.applications import APPLICATION_WORKFLOW
from .common import applicant_only, notify_applicant, notify_bureau, reviewer_only
from .notices import notice_issue


def amount_fix(*, application: Application, actor) -> Application:
    """額の確定: min(decided amount, eligible actual cost × rate rounded down); notice."""
    reviewer_only(actor, application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        figures = amounts_for_fixing(locked)

        def apply(obj):
            obj.fixed_amount = figures["fixed"]
            return ["fixed_amount"]

        result = run_transition(
            APPLICATION_WORKFLOW, locked, "fix_amount", actor=actor, extra=figures, apply=apply
        )
        if result.changed:
            notice_issue(
                application=result.obj,
                kind=Notice.Kind.AMOUNT_FIXED,
                actor=actor,
                extra={"figures": figures},
            )
            notify_applicant(
                result.obj,
                kind="grant.amount_fixed",
                subject=gettext_lazy("Amount fixed for %(ref)s"),
                template="grants/email/amount_fixed.txt",
                extra={"figures": figures},
                key="amount_fixed",
            )
    return result.obj


def payment_claim(*, application: Application, actor) -> Application:
    """請求 of what remains after advances; nothing to claim means nothing to do here."""
    applicant_only(actor, application)
    figures = amounts_for_fixing(application)
    if figures["to_pay"] == 0:
        raise ValidationError(
            _("There is nothing to claim: the advance payments cover the fixed amount."),
            code="nothing",
        )
    with transaction.atomic():
        result = run_transition(
            APPLICATION_WORKFLOW,
            application,
            "claim",
            actor=actor,
            extra={"amount": figures["to_pay"]},
        )
        notify_bureau(
            result.obj,
            kind="grant.claimed",
            subject=gettext_lazy("Payment claim for %(ref)s"),
            template="grants/email/claimed.txt",
            extra={"figures": figures},
            key="claimed",
        )
    return result.obj


def advance_payment_record(
    *, application: Application, actor, amount: int, paid_on, note: str = ""
) -> Payment:
    """概算払 where the call allows it, never above the decided amount."""
    reviewer_only(actor, application)
    if not application.call.allows_advance_payment:
        raise ValidationError(_("This call does not allow advance payments."), code="advance")
    if application.status not in ("approved", "change_requested", "report_submitted"):
        raise ValidationError(
            _("Advance payments are made after the decision and before the amount is fixed."),
            code="status",
        )
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        already = paid_total(locked, Payment.Kind.ADVANCE)
        if already + amount > (locked.approved_amount or 0):
            raise ValidationError(
                _("Advances would total %(total)s, more than the decided %(approved)s.")
                % {"total": yen(already + amount), "approved": yen(locked.approved_amount or 0)},
                code="advance_total",
            )
        payment = Payment.objects.create(
            application=locked,
            kind=Payment.Kind.ADVANCE,
            amount=amount,
            paid_on=paid_on,
            recorded_by=actor,
            note=note,
        )
        audit(locked, actor=actor, action="advance_payment", extra={"amount": amount})
    return payment


def payment_record(*, application: Application, actor, paid_on, note: str = "") -> Application:
    """支払 of the claimed amount (fixed amount minus advances)."""
    reviewer_only(actor, application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        figures = amounts_for_fixing(locked)
        result = run_transition(
            APPLICATION_WORKFLOW,
            locked,
            "record_payment",
            actor=actor,
            extra={"amount": figures["to_pay"]},
        )
        if result.changed:
            Payment.objects.create(
                application=locked,
                kind=Payment.Kind.SETTLEMENT,
                amount=figures["to_pay"],
                paid_on=paid_on,
                recorded_by=actor,
                note=note,
            )
            notify_applicant(
                result.obj,
                kind="grant.paid",
                subject=gettext_lazy("Payment made for %(ref)s"),
                template="grants/email/paid.txt",
                extra={"figures": figures},
                key="paid",
            )
    return result.obj


def refund_record(*, application: Application, actor, paid_on, note: str = "") -> Payment:
    """返還 of advances above the fixed amount."""
    reviewer_only(actor, application)
    figures = amounts_for_fixing(application)
    if figures["to_refund"] == 0 or application.status != "amount_fixed":
        raise ValidationError(_("No refund is due."), code="refund")
    with transaction.atomic():
        if paid_total(application, Payment.Kind.REFUND):
            raise ValidationError(_("The refund has already been recorded."), code="refund_done")
        payment = Payment.objects.create(
            application=application,
            kind=Payment.Kind.REFUND,
            amount=figures["to_refund"],
            paid_on=paid_on,
            recorded_by=actor,
            note=note,
        )
        audit(application, actor=actor, action="refund", extra={"amount": figures["to_refund"]})
    return payment


def application_close(*, application: Application, actor) -> Application:
    reviewer_only(actor, application)
    if application.status == "amount_fixed":
        figures = amounts_for_fixing(application)
        if figures["to_pay"]:
            raise ValidationError(
                _("The remaining amount has not been claimed and paid yet."), code="unpaid"
            )
        if figures["to_refund"] and not paid_total(application, Payment.Kind.REFUND):
            raise ValidationError(_("Record the refund before closing."), code="refund_due")
    return run_transition(APPLICATION_WORKFLOW, application, "close", actor=actor).obj
