"""The dispatch pillar's rows in the officers' work queue (「対応待ち」 on the admin home):
requests to decide and approved requests still without people, nearest preferred start first.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.registry import WorkQueue
from portal.selectors import scope_q

from ..models import DispatchRequest
from ..models.requests import Status


def _bureau_work(user, queryset, status):
    # The requests of the user's bureau (HQ: all): a request an officer reads as an assigned
    # person is not their bureau's to decide.
    return queryset.filter(scope_q(user, municipality=None, bureau="bureau"), status=status)


def to_decide(user, queryset):
    return _bureau_work(user, queryset, Status.SUBMITTED)


def to_staff(user, queryset):
    return _bureau_work(user, queryset, Status.APPROVED)


WORK_QUEUES = [
    WorkQueue(
        DispatchRequest,
        "decide",
        _("Dispatch requests to decide (派遣依頼)"),
        to_decide,
        deadline="preferred_start",
    ),
    WorkQueue(
        DispatchRequest,
        "assign",
        _("Approved requests awaiting people (派遣者の割当待ち)"),
        to_staff,
        deadline="preferred_start",
    ),
]
