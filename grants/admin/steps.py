"""Steps: what each page of an application does.

An application is never edited through the admin's change form: every change is a *step*,
a small page (a form, or a button to confirm) whose POST makes one service call and then
redirects back to the application with a message. Each step is a kernel ``Action`` naming a
row of the application's workflow table, so the table alone decides which buttons the page
offers, and a button never leads to a page that would refuse.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from portal.actions import DESTRUCTIVE, PRIMARY, Action, ActionSet
from portal.japanese import yen

from ..models import ChangeRequest, Notice
from ..permissions import applications as permissions
from ..services import after, payments, review
from ..workflows.applications import APPLICATION_WORKFLOW
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
from .previews import preview_approve, preview_change, preview_fix_amount, preview_reject


def _own_assignment(user, application):
    return application.reviewer_assignments.filter(reviewer=user).first()


def _run_start_review(request, application, form, target):
    review.application_start_review(application=application, actor=request.user)
    return _("Review started.")


def _run_assign(request, application, form, target):
    data = form.cleaned_data
    review.application_assign(
        application=application,
        actor=request.user,
        lead_officer=data["lead_officer"],
        reviewers=list(data.get("reviewers", [])),
    )
    return _("Lead officer and reviewers saved.")


def _run_recommend(request, application, form, target):
    amount = form.cleaned_data["amount"]
    review.application_recommend(application=application, actor=request.user, amount=amount)
    return _("Recommended amount set to %(amount)s.") % {"amount": yen(amount)}


def _run_declare(request, application, form, target):
    review.reviewer_declare_no_conflict(
        assignment=_own_assignment(request.user, application), actor=request.user
    )
    return _("You declared that you have no conflict of interest. You can now score.")


def _run_score(request, application, form, target):
    data = form.cleaned_data
    review.reviewer_score(
        assignment=_own_assignment(request.user, application),
        actor=request.user,
        scores={
            criterion: (data[f"score_{criterion.pk}"], data[f"comment_{criterion.pk}"])
            for criterion in form.criteria
        },
    )
    return _("Your scores were saved.")


def _run_remove_reviewer(request, application, form, target):
    review.reviewer_remove(assignment=target, actor=request.user)
    return _("%(reviewer)s was removed from the review; their scores were deleted.") % {
        "reviewer": target.reviewer
    }


def _run_return(request, application, form, target):
    review.application_return(
        application=application, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("The application was returned to the applicant for revision (差戻し).")


def _run_approve(request, application, form, target):
    data = form.cleaned_data
    approved = review.application_approve(
        application=application,
        actor=request.user,
        amount=data["amount"],
        conditions=data["conditions"],
    )
    notice = approved.notices.filter(kind=Notice.Kind.DECISION).order_by("-pk").first()
    return _("Grant decided: %(amount)s. Notice %(number)s (交付決定通知書) issued.") % {
        "amount": yen(approved.approved_amount),
        "number": notice.document_number if notice else "",
    }


def _run_reject(request, application, form, target):
    review.application_reject(
        application=application, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("Not granted. The notice of non-grant (不交付決定通知書) was issued.")


def _run_change_approve(request, application, form, target):
    after.change_request_approve(change=target, actor=request.user, note=form.cleaned_data["note"])
    return _("The change was approved and its notice issued.")


def _run_change_reject(request, application, form, target):
    after.change_request_reject(change=target, actor=request.user, note=form.cleaned_data["note"])
    return _("The change was not approved; the notice was issued.")


def _run_report_return(request, application, form, target):
    after.report_return(
        application=application, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("The report was returned to the applicant for correction.")


def _run_fix_amount(request, application, form, target):
    fixed = payments.amount_fix(application=application, actor=request.user)
    return _("Amount fixed at %(amount)s (額の確定). The notice was issued.") % {
        "amount": yen(fixed.fixed_amount)
    }


def _run_advance(request, application, form, target):
    data = form.cleaned_data
    payment = payments.advance_payment_record(
        application=application,
        actor=request.user,
        amount=data["amount"],
        paid_on=data["paid_on"],
        note=data["note"],
    )
    return _("Advance payment of %(amount)s recorded.") % {"amount": yen(payment.amount)}


def _run_pay(request, application, form, target):
    data = form.cleaned_data
    payments.payment_record(
        application=application,
        actor=request.user,
        paid_on=data["paid_on"],
        note=data["note"],
    )
    return _("Payment recorded.")


def _run_refund(request, application, form, target):
    data = form.cleaned_data
    payment = payments.refund_record(
        application=application,
        actor=request.user,
        paid_on=data["paid_on"],
        note=data["note"],
    )
    return _("Refund of %(amount)s recorded.") % {"amount": yen(payment.amount)}


def _run_close(request, application, form, target):
    payments.application_close(application=application, actor=request.user)
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


def _pending(change) -> bool:
    return change.status == ChangeRequest.Status.PENDING


INFO = "admin/grants/application/info/"
_APPLICATION_STEPS = (
    Action(
        "start_review",
        _("Start the review"),
        _run_start_review,
        submit_label=_("Start the review"),
        route="start-review/",
        style=PRIMARY,
        one_click=True,
    ),
    Action(
        "assign",
        _("Lead officer and reviewers"),
        _run_assign,
        form=AssignForm,
        submit_label=_("Save"),
        info_template=INFO + "reviewers.html",
    ),
    Action(
        "recommend",
        _("Recommend an amount"),
        _run_recommend,
        form=RecommendForm,
        submit_label=_("Save the recommended amount"),
        info_template=INFO + "budget.html",
        error_field="amount",
    ),
    Action(
        "declare",
        _("Declare no conflict of interest"),
        _run_declare,
        submit_label=_("I declare no conflict of interest"),
        info_template=INFO + "declare.html",
        style=PRIMARY,
    ),
    Action(
        "score",
        _("Score the application"),
        _run_score,
        form=score_form,
        submit_label=_("Save my scores"),
        style=PRIMARY,
    ),
    Action(
        "return",
        _("Return for revision (差戻し)"),
        _run_return,
        form=ReturnForm,
        submit_label=_("Return to the applicant"),
    ),
    Action(
        "approve",
        _("Decide the grant (交付決定)"),
        _run_approve,
        form=ApproveForm,
        submit_label=_("Decide the grant and issue the notice"),
        info_template=INFO + "budget.html",
        error_field="amount",
        preview_document=preview_approve,
        style=PRIMARY,
        kessai_kind="grants.application_approve",
    ),
    Action(
        "reject",
        _("Decide not to grant (不交付)"),
        _run_reject,
        form=RejectForm,
        submit_label=_("Decide not to grant and issue the notice"),
        preview_document=preview_reject,
        style=DESTRUCTIVE,
        kessai_kind="grants.application_reject",
    ),
    Action(
        "changerequest_approve",
        _("Approve the change request"),
        _run_change_approve,
        form=ChangeApproveForm,
        submit_label=_("Approve the change and issue the notice"),
        info_template=INFO + "change.html",
        transition="approve_change",
        route="changes/<int:change_pk>/approve/",
        target=_change_request,
        accepts=_pending,
        preview_document=preview_change(approved=True),
        style=PRIMARY,
        kessai_kind="grants.change_approve",
    ),
    Action(
        "changerequest_reject",
        _("Do not approve the change request"),
        _run_change_reject,
        form=ChangeRejectForm,
        submit_label=_("Do not approve and issue the notice"),
        info_template=INFO + "change.html",
        transition="reject_change",
        route="changes/<int:change_pk>/reject/",
        target=_change_request,
        accepts=_pending,
        preview_document=preview_change(approved=False),
        style=DESTRUCTIVE,
        kessai_kind="grants.change_reject",
    ),
    Action(
        "report_return",
        _("Return the report for correction"),
        _run_report_return,
        form=ReportReturnForm,
        submit_label=_("Return the report"),
        info_template=INFO + "report.html",
        transition="return_report",
        route="report/return/",
    ),
    Action(
        "fix_amount",
        _("Review the report and fix the amount (額の確定)"),
        _run_fix_amount,
        submit_label=_("Fix the amount and issue the notice"),
        info_template=INFO + "report.html",
        route="report/fix-amount/",
        preview_document=preview_fix_amount,
        style=PRIMARY,
        kessai_kind="grants.amount_fix",
    ),
    Action(
        "advance",
        _("Record an advance payment (概算払)"),
        _run_advance,
        form=AdvanceForm,
        submit_label=_("Record the advance payment"),
        info_template=INFO + "payments.html",
        error_field="amount",
    ),
    Action(
        "pay",
        _("Record the payment (支払)"),
        _run_pay,
        form=PaymentForm,
        submit_label=_("Record the payment"),
        info_template=INFO + "payments.html",
        transition="record_payment",
        style=PRIMARY,
    ),
    Action(
        "refund",
        _("Record the refund (返還)"),
        _run_refund,
        form=RefundForm,
        submit_label=_("Record the refund"),
        info_template=INFO + "payments.html",
    ),
    Action(
        "close",
        _("Close the application (完了)"),
        _run_close,
        submit_label=_("Close the application"),
        info_template=INFO + "payments.html",
        style=PRIMARY,
    ),
)
# Steps on one reviewer's row of the page (a button each), rather than on the application.
_REVIEWER_STEPS = (
    Action(
        "remove_reviewer",
        _("Remove a reviewer"),
        _run_remove_reviewer,
        submit_label=_("Remove the reviewer and their scores"),
        route="reviewers/<int:assignment_pk>/remove/",
        target=_reviewer_assignment,
        subtitle=lambda t: t.reviewer,
        style=DESTRUCTIVE,
    ),
)
# Only the application's bureau's officers act; HQ and partner bureaus read (403).
APPLICATION_ACTIONS = ActionSet(
    APPLICATION_WORKFLOW,
    (*_APPLICATION_STEPS, *_REVIEWER_STEPS),
    url_prefix="grants_application",
    may_act=permissions.can_review_application,
)
ALL_STEPS = APPLICATION_ACTIONS.actions
STEPS = ALL_STEPS[: len(_APPLICATION_STEPS)]
