"""The grant lifecycle (F1): the only table of allowed moves.

下書き → 申請 → 審査中 (差戻し ↔ 再申請) → 交付決定 / 不交付 → 変更承認申請 → 実績報告 →
額の確定 → 請求 → 支払済 → 完了; 取下げ from draft, submitted or returned. A local group's
application passes through its municipality (市町村確認中) before it reaches the bureau.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models import Payment
from ..models.applications import Status as S
from ..selectors import applications as selectors

APPLICANTS = frozenset({Role.MUNICIPAL, Role.GROUP})
MUNICIPAL = frozenset({Role.MUNICIPAL})
BUREAU = frozenset({Role.BUREAU})


def _t(action, sources, target, roles, label, applicant_label):
    return Transition(action, frozenset(sources), target, roles, label, applicant_label)


def _in_place(action, sources, label, when=None):
    """A reviewing officer's action that leaves the status as it is."""
    return Transition(action, frozenset(sources), None, BUREAU, label, when=when)


REVIEW_STATUSES = frozenset({S.SUBMITTED, S.UNDER_REVIEW})

# The kinds of the legal acts on an application that may travel a 決裁 route (grants/kessai.py
# registers them; a batch decision checks the bureau's route by the same name).
SUBMIT_KIND = "grants.application_submit"
CLAIM_KIND = "grants.payment_claim"
APPROVE_KIND = "grants.application_approve"
# Before submission the application is the applicant's; after the end nothing is left to do.
ASSIGNABLE = set(S) - {S.DRAFT, S.MUNICIPAL_REVIEW, S.WITHDRAWN, S.REJECTED, S.CLOSED}


def _own_assignment(user, application):
    return application.reviewer_assignments.filter(reviewer=user).first()


def _conflict_undeclared(user, application) -> bool:
    assignment = _own_assignment(user, application)
    return assignment is not None and assignment.no_conflict_declared_at is None


def _conflict_declared(user, application) -> bool:
    assignment = _own_assignment(user, application)
    return assignment is not None and assignment.no_conflict_declared_at is not None


def _advance_allowed(user, application) -> bool:
    return application.call.allows_advance_payment


def _refund_due(user, application) -> bool:
    return (
        selectors.amounts_for_fixing(application)["to_refund"] > 0
        and not selectors.paid_total(application, Payment.Kind.REFUND) > 0
    )


APPLICATION_WORKFLOW = Workflow(
    name="grant_application",
    transitions=[
        _t(
            "send_to_municipality",
            {S.DRAFT},
            S.MUNICIPAL_REVIEW,
            frozenset({Role.GROUP}),
            _("Sent to the municipality"),
            _("Sent to the municipality"),
        ),
        _t(
            "return_to_group",
            {S.MUNICIPAL_REVIEW},
            S.DRAFT,
            MUNICIPAL,
            _("Returned to the group"),
            _("Returned by the municipality"),
        ),
        _t(
            "forward",
            {S.MUNICIPAL_REVIEW},
            S.SUBMITTED,
            MUNICIPAL,
            _("Forwarded to the bureau"),
            _("Forwarded to the bureau"),
        ),
        _t("submit", {S.DRAFT}, S.SUBMITTED, MUNICIPAL, _("Submitted"), _("Application submitted")),
        _t(
            "resubmit",
            {S.RETURNED},
            S.SUBMITTED,
            APPLICANTS,
            _("Resubmitted"),
            _("Application resubmitted"),
        ),
        _t(
            "start_review",
            {S.SUBMITTED},
            S.UNDER_REVIEW,
            BUREAU,
            _("Review started"),
            _("Under review"),
        ),
        _t(
            "return",
            {S.SUBMITTED, S.UNDER_REVIEW},
            S.RETURNED,
            BUREAU,
            _("Returned for revision (差戻し)"),
            _("Returned for revision"),
        ),
        # A decision follows a review (交付申請 → 審査 → 交付決定): never straight from 提出済.
        _t(
            "approve",
            {S.UNDER_REVIEW},
            S.APPROVED,
            BUREAU,
            _("Grant decided (交付決定)"),
            _("Grant decided"),
        ),
        _t(
            "reject",
            {S.UNDER_REVIEW},
            S.REJECTED,
            BUREAU,
            _("Not granted (不交付決定)"),
            _("Not granted"),
        ),
        _t(
            "withdraw",
            {S.DRAFT, S.MUNICIPAL_REVIEW, S.SUBMITTED, S.RETURNED},
            S.WITHDRAWN,
            APPLICANTS,
            _("Withdrawn (取下げ)"),
            _("Withdrawn"),
        ),
        _t(
            "request_change",
            {S.APPROVED},
            S.CHANGE_REQUESTED,
            MUNICIPAL,
            _("Change requested (変更承認申請)"),
            _("Change requested"),
        ),
        _t(
            "approve_change",
            {S.CHANGE_REQUESTED},
            S.APPROVED,
            BUREAU,
            _("Change approved"),
            _("Change approved"),
        ),
        _t(
            "reject_change",
            {S.CHANGE_REQUESTED},
            S.APPROVED,
            BUREAU,
            _("Change not approved"),
            _("Change not approved"),
        ),
        _t(
            "approve_abolition",
            {S.CHANGE_REQUESTED},
            S.CLOSED,
            BUREAU,
            _("Suspension or abolition approved"),
            _("Project ended (中止・廃止)"),
        ),
        _t(
            "submit_report",
            {S.APPROVED},
            S.REPORT_SUBMITTED,
            MUNICIPAL,
            _("Performance report submitted (実績報告)"),
            _("Performance report submitted"),
        ),
        _t(
            "return_report",
            {S.REPORT_SUBMITTED},
            S.APPROVED,
            BUREAU,
            _("Report returned for correction"),
            _("Report returned for correction"),
        ),
        _t(
            "fix_amount",
            {S.REPORT_SUBMITTED},
            S.AMOUNT_FIXED,
            BUREAU,
            _("Amount fixed (額の確定)"),
            _("Amount fixed"),
        ),
        _t(
            "claim",
            {S.AMOUNT_FIXED},
            S.CLAIMED,
            MUNICIPAL,
            _("Payment claimed (請求)"),
            _("Payment claimed"),
        ),
        _t("record_payment", {S.CLAIMED}, S.PAID, BUREAU, _("Payment made (支払)"), _("Paid")),
        # The status both sides see is 完了: the bare "Closed" (終了) would name it otherwise.
        _t(
            "close",
            {S.PAID, S.AMOUNT_FIXED},
            S.CLOSED,
            BUREAU,
            _("Closed (完了)"),
            pgettext_lazy("grant status", "Closed"),
        ),
        # Done in place by the bureau's reviewing officers (the admin's steps).
        _in_place("assign", ASSIGNABLE, _("Lead officer and reviewers")),
        _in_place("recommend", REVIEW_STATUSES, _("Recommend an amount")),
        _in_place(
            "declare", REVIEW_STATUSES, _("Declare no conflict of interest"), _conflict_undeclared
        ),
        _in_place("score", REVIEW_STATUSES, _("Score the application"), _conflict_declared),
        _in_place("remove_reviewer", REVIEW_STATUSES, _("Remove a reviewer")),
        _in_place(
            "advance",
            {S.APPROVED, S.CHANGE_REQUESTED, S.REPORT_SUBMITTED},
            _("Record an advance payment (概算払)"),
            _advance_allowed,
        ),
        _in_place("refund", {S.AMOUNT_FIXED}, _("Record the refund (返還)"), _refund_due),
    ],
)
