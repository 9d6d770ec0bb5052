"""The grants pillar's rows in the officers' work queue (「対応待ち」 on the admin home).

Every queue lists applications the user works on as the lead bureau (``application_scope``):
the joint applications a bureau only reads as a partner are not its work.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.registry import WorkQueue
from portal.workqueue import assigned_to_q, only_matching

from ..models import Application
from ..models.applications import Status
from .applications import application_scope

REVIEW_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW)
# Where the next step is the bureau's.
BUREAU_STEP_STATUSES = (
    *REVIEW_STATUSES,
    Status.CHANGE_REQUESTED,
    Status.REPORT_SUBMITTED,
    Status.CLAIMED,
)
# The officer in charge of an application: its lead officer or one of its reviewers.
ASSIGNEE_PATHS = ("lead_officer", "reviewer_assignments__reviewer")


def _own(user, queryset, q: Q):
    return queryset.filter(application_scope(user)).filter(q)


def awaiting_review(user, queryset):
    return _own(user, queryset, Q(status__in=REVIEW_STATUSES))


def assigned_to_me(user, queryset):
    return only_matching(
        _own(user, queryset, Q(status__in=BUREAU_STEP_STATUSES)),
        assigned_to_q(user, ASSIGNEE_PATHS),
    )


def resubmitted(user, queryset):
    # A return (差戻し) leaves its reason on the application; resubmitting does not clear it.
    return _own(user, queryset, Q(status__in=REVIEW_STATUSES) & ~Q(return_reason=""))


def change_requested(user, queryset):
    return _own(user, queryset, Q(status=Status.CHANGE_REQUESTED))


def report_submitted(user, queryset):
    return _own(user, queryset, Q(status=Status.REPORT_SUBMITTED))


def report_overdue(user, queryset):
    return _own(
        user,
        queryset,
        Q(
            status__in=[Status.APPROVED, Status.CHANGE_REQUESTED],
            report_due__lt=timezone.localdate(),
        ),
    )


def payment_claimed(user, queryset):
    return _own(user, queryset, Q(status=Status.CLAIMED))


WORK_QUEUES = [
    WorkQueue(Application, "review", _("Applications awaiting review (審査待ち)"), awaiting_review),
    WorkQueue(
        Application,
        "mine",
        _("Applications in my charge (自分が担当)"),
        assigned_to_me,
        roles=frozenset({Role.BUREAU}),
    ),
    WorkQueue(
        Application,
        "resubmitted",
        _("Resubmitted after a return (差戻し後の再申請)"),
        resubmitted,
    ),
    WorkQueue(
        Application, "change", _("Change requests to decide (変更承認申請)"), change_requested
    ),
    WorkQueue(
        Application,
        "report",
        _("Performance reports to check and amounts to fix (実績報告・額の確定)"),
        report_submitted,
    ),
    WorkQueue(
        Application,
        "report_overdue",
        _("Performance reports not submitted by the due date (実績報告の提出遅れ)"),
        report_overdue,
        deadline="report_due",
    ),
    WorkQueue(Application, "payment", _("Claims awaiting payment (支払待ち)"), payment_claimed),
]
