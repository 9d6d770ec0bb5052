"""The casebook's rows in the officers' work queue (「対応待ち」 on the admin home): challenges
to triage (I1) and the cooperatives' change notifications (届出, I3) to accept or chase."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.registry import WorkQueue

from ..models import Challenge, ChallengeStatus, ChangeNotification
from ..models.cooperative_changes import NotificationStatus


def challenges_to_triage(user, queryset):
    return queryset.filter(status=ChallengeStatus.NEW)


def notifications_to_accept(user, queryset):
    return queryset.filter(status=NotificationStatus.FILED)


def notifications_overdue(user, queryset):
    # Not filed by the date the law sets (30 days after the change): the bureau chases them.
    return queryset.filter(Q(filed_at__isnull=True) & Q(due_on__lt=timezone.localdate()))


WORK_QUEUES = [
    WorkQueue(
        Challenge, "triage", _("New challenges to triage (課題・ニーズ)"), challenges_to_triage
    ),
    WorkQueue(
        ChangeNotification,
        "accept",
        _("Cooperatives' notifications to accept (届出の受理)"),
        notifications_to_accept,
    ),
    WorkQueue(
        ChangeNotification,
        "overdue",
        _("Cooperatives' notifications not filed in time (届出の期限超過)"),
        notifications_overdue,
        deadline="due_on",
    ),
]
