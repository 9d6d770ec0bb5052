"""Steps: what each page of an application does.

An application is never edited through the admin's change form: every change is a *step*,
a small page (a form, or a button to confirm) whose POST makes one service call and then
redirects back to the application with a message. The table below also decides which
buttons the application page offers, so a button never leads to a page that would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from portal.japanese import yen

from ..models import Application, ChangeRequest, Notice
from ..models.applications import Status
from ..services import after, payments, review
from .forms import (
    AdvanceForm,
    ApproveForm,
    AssignForm,
    ChangeApproveForm,
    ChangeRejectForm,
    PaymentForm,
    RecommendForm,
    RefundForm,
    RejectForm,
    ReportReturnForm,
    ReturnForm,
    score_form,
)
from .situation import ADVANCE_STATUSES, ASSIGNABLE_STATUSES, REVIEW_STATUSES, Situation


def _run_start_review(request, situation, target, form):
    review.application_start_review(application=situation.application, actor=request.user)
    return _("Review started.")


def _run_assign(request, situation, target, form):
    data = form.cleaned_data
    review.application_assign(
        application=situation.application,
        actor=request.user,
        lead_officer=data["lead_officer"],
        reviewers=list(data.get("reviewers", [])),
    )
    return _("Lead officer and reviewers saved.")


def _run_recommend(request, situation, target, form):
    amount = form.cleaned_data["amount"]
    review.application_recommend(
        application=situation.application, actor=request.user, amount=amount
    )
    return _("Recommended amount set to %(amount)s.") % {"amount": yen(amount)}


def _run_declare(request, situation, target, form):
    review.reviewer_declare_no_conflict(assignment=situation.assignment, actor=request.user)
    return _("You declared that you have no conflict of interest. You can now score.")


def _run_score(request, situation, target, form):
    data = form.cleaned_data
    review.reviewer_score(
        assignment=situation.assignment,
        actor=request.user,
        scores={
            criterion: (data[f"score_{criterion.pk}"], data[f"comment_{criterion.pk}"])
            for criterion in form.criteria
        },
    )
    return _("Your scores were saved.")


def _run_remove_reviewer(request, situation, target, form):
    review.reviewer_remove(assignment=target, actor=request.user)
    return _("%(reviewer)s was removed from the review; their scores were deleted.") % {
        "reviewer": target.reviewer
    }


def _run_return(request, situation, target, form):
    review.application_return(
        application=situation.application, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("The application was returned to the applicant for revision (差戻し).")


def _run_approve(request, situation, target, form):
    data = form.cleaned_data
    approved = review.application_approve(
        application=situation.application,
        actor=request.user,
        amount=data["amount"],
        conditions=data["conditions"],
    )
    notice = approved.notices.filter(kind=Notice.Kind.DECISION).order_by("-pk").first()
    return _("Grant decided: %(amount)s. Notice %(number)s (交付決定通知書) issued.") % {
        "amount": yen(approved.approved_amount),
        "number": notice.document_number if notice else "",
    }


def _run_reject(request, situation, target, form):
    review.application_reject(
        application=situation.application, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("Not granted. The notice of non-grant (不交付決定通知書) was issued.")


def _run_change_approve(request, situation, target, form):
    after.change_request_approve(change=target, actor=request.user, note=form.cleaned_data["note"])
    return _("The change was approved and its notice issued.")


def _run_change_reject(request, situation, target, form):
    after.change_request_reject(change=target, actor=request.user, note=form.cleaned_data["note"])
    return _("The change was not approved; the notice was issued.")


def _run_report_return(request, situation, target, form):
    after.report_return(
        application=situation.application, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("The report was returned to the applicant for correction.")


def _run_fix_amount(request, situation, target, form):
    fixed = payments.amount_fix(application=situation.application, actor=request.user)
    return _("Amount fixed at %(amount)s (額の確定). The notice was issued.") % {
        "amount": yen(fixed.fixed_amount)
    }


def _run_advance(request, situation, target, form):
    data = form.cleaned_data
    payment = payments.advance_payment_record(
        application=situation.application,
        actor=request.user,
        amount=data["amount"],
        paid_on=data["paid_on"],
        note=data["note"],
    )
    return _("Advance payment of %(amount)s recorded.") % {"amount": yen(payment.amount)}


def _run_pay(request, situation, target, form):
    data = form.cleaned_data
    payments.payment_record(
        application=situation.application,
        actor=request.user,
        paid_on=data["paid_on"],
        note=data["note"],
    )
    return _("Payment recorded.")


def _run_refund(request, situation, target, form):
    data = form.cleaned_data
    payment = payments.refund_record(
        application=situation.application,
        actor=request.user,
        paid_on=data["paid_on"],
        note=data["note"],
    )
    return _("Refund of %(amount)s recorded.") % {"amount": yen(payment.amount)}


def _run_close(request, situation, target, form):
    payments.application_close(application=situation.application, actor=request.user)
    return _("The application was closed (完了).")


def _change_request(application, kwargs):
    change = application.change_requests.filter(pk=kwargs["change_pk"]).first()
    if change is None:
        raise Http404
    return change


def _reviewer_assignment(application, kwargs):
    assignment = (
        application.reviewer_assignments.select_related("reviewer")
        .filter(pk=kwargs["assignment_pk"])
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def _reviewing(s: Situation) -> bool:
    return s.reviewer and s.status in REVIEW_STATUSES


@dataclass(frozen=True)
class Step:
    name: str
    route: str
    title: Any
    available: Callable[[Situation, Any], bool]
    run: Callable[..., str]
    form: Callable[..., forms.Form] | None = None
    submit_label: Any = None
    info_template: str | None = None
    # Errors a service raises without a field name belong to this field of the form.
    error_field: str | None = None
    target: Callable[[Application, dict], Any] | None = None
    # Names the target under the page's title, where the title alone does not say it.
    subtitle: Callable[[Any], Any] | None = None

    @property
    def url_name(self) -> str:
        return f"grants_application_{self.name}"


INFO = "admin/grants/application/info/"
STEPS = (
    Step(
        "start_review",
        "start-review/",
        _("Start the review"),
        lambda s, t: s.can("start_review"),
        _run_start_review,
        submit_label=_("Start the review"),
    ),
    Step(
        "assign",
        "assign/",
        _("Lead officer and reviewers"),
        lambda s, t: s.reviewer and s.status in ASSIGNABLE_STATUSES,
        _run_assign,
        form=AssignForm,
        submit_label=_("Save"),
        info_template=INFO + "reviewers.html",
    ),
    Step(
        "recommend",
        "recommend/",
        _("Recommend an amount"),
        lambda s, t: _reviewing(s),
        _run_recommend,
        form=RecommendForm,
        submit_label=_("Save the recommended amount"),
        info_template=INFO + "budget.html",
        error_field="amount",
    ),
    Step(
        "declare",
        "declare/",
        _("Declare no conflict of interest"),
        lambda s, t: (
            _reviewing(s)
            and s.assignment is not None
            and s.assignment.no_conflict_declared_at is None
        ),
        _run_declare,
        submit_label=_("I declare no conflict of interest"),
        info_template=INFO + "declare.html",
    ),
    Step(
        "score",
        "score/",
        _("Score the application"),
        lambda s, t: (
            _reviewing(s)
            and s.assignment is not None
            and s.assignment.no_conflict_declared_at is not None
        ),
        _run_score,
        form=score_form,
        submit_label=_("Save my scores"),
    ),
    Step(
        "return",
        "return/",
        _("Return for revision (差戻し)"),
        lambda s, t: s.can("return"),
        _run_return,
        form=ReturnForm,
        submit_label=_("Return to the applicant"),
    ),
    Step(
        "approve",
        "approve/",
        _("Decide the grant (交付決定)"),
        lambda s, t: s.can("approve"),
        _run_approve,
        form=ApproveForm,
        submit_label=_("Decide the grant and issue the notice"),
        info_template=INFO + "budget.html",
        error_field="amount",
    ),
    Step(
        "reject",
        "reject/",
        _("Decide not to grant (不交付)"),
        lambda s, t: s.can("reject"),
        _run_reject,
        form=RejectForm,
        submit_label=_("Decide not to grant and issue the notice"),
    ),
    Step(
        "changerequest_approve",
        "changes/<int:change_pk>/approve/",
        _("Approve the change request"),
        lambda s, t: s.can("approve_change") and t.status == ChangeRequest.Status.PENDING,
        _run_change_approve,
        form=ChangeApproveForm,
        submit_label=_("Approve the change and issue the notice"),
        info_template=INFO + "change.html",
        target=_change_request,
    ),
    Step(
        "changerequest_reject",
        "changes/<int:change_pk>/reject/",
        _("Do not approve the change request"),
        lambda s, t: s.can("reject_change") and t.status == ChangeRequest.Status.PENDING,
        _run_change_reject,
        form=ChangeRejectForm,
        submit_label=_("Do not approve and issue the notice"),
        info_template=INFO + "change.html",
        target=_change_request,
    ),
    Step(
        "report_return",
        "report/return/",
        _("Return the report for correction"),
        lambda s, t: s.can("return_report"),
        _run_report_return,
        form=ReportReturnForm,
        submit_label=_("Return the report"),
        info_template=INFO + "report.html",
    ),
    Step(
        "fix_amount",
        "report/fix-amount/",
        _("Review the report and fix the amount (額の確定)"),
        lambda s, t: s.can("fix_amount"),
        _run_fix_amount,
        submit_label=_("Fix the amount and issue the notice"),
        info_template=INFO + "report.html",
    ),
    Step(
        "advance",
        "advance/",
        _("Record an advance payment (概算払)"),
        lambda s, t: (
            s.reviewer
            and s.application.call.allows_advance_payment
            and s.status in ADVANCE_STATUSES
        ),
        _run_advance,
        form=AdvanceForm,
        submit_label=_("Record the advance payment"),
        info_template=INFO + "payments.html",
        error_field="amount",
    ),
    Step(
        "pay",
        "pay/",
        _("Record the payment (支払)"),
        lambda s, t: s.can("record_payment"),
        _run_pay,
        form=PaymentForm,
        submit_label=_("Record the payment"),
        info_template=INFO + "payments.html",
    ),
    Step(
        "refund",
        "refund/",
        _("Record the refund (返還)"),
        lambda s, t: (
            s.reviewer
            and s.status == Status.AMOUNT_FIXED
            and s.figures["to_refund"] > 0
            and not s.refund_recorded
        ),
        _run_refund,
        form=RefundForm,
        submit_label=_("Record the refund"),
        info_template=INFO + "payments.html",
    ),
    Step(
        "close",
        "close/",
        _("Close the application (完了)"),
        lambda s, t: s.can("close"),
        _run_close,
        submit_label=_("Close the application"),
        info_template=INFO + "payments.html",
    ),
)
# Steps on one reviewer's row of the page (a button each), rather than on the application.
REVIEWER_STEPS = (
    Step(
        "remove_reviewer",
        "reviewers/<int:assignment_pk>/remove/",
        _("Remove a reviewer"),
        lambda s, t: _reviewing(s),
        _run_remove_reviewer,
        submit_label=_("Remove the reviewer and their scores"),
        target=_reviewer_assignment,
        subtitle=lambda t: t.reviewer,
    ),
)
ALL_STEPS = (*STEPS, *REVIEWER_STEPS)
STEPS_BY_NAME = {step.name: step for step in ALL_STEPS}
