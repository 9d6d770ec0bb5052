"""The officers' work queue (「対応待ち」) on the admin home, and the changelist filters its links
use: the queue (?queue=<key>) and the assignee (?assignee=me|team).

Pillars register their queues (``registry.WorkQueue``) in ``plugins.py``. Each queue is
counted on its model admin's own ``get_queryset`` (the scope every changelist uses), narrowed
by the queue: the count is therefore exactly the number of rows the linked list shows, and an
officer never sees a count of rows outside their bureau. One aggregate query per queue, however
many rows wait.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import admin
from django.db import models
from django.db.models import Count, Min, Q
from django.db.models.constants import LOOKUP_SEP
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions, registry
from .models import Role
from .selectors import NOTHING

QUEUE_PARAM = "queue"


@dataclass(frozen=True)
class QueueRow:
    title: str
    count: int
    url: str
    deadline: datetime.date | None = None
    overdue: int = 0


@dataclass
class QueueSection:
    app_label: str
    title: str
    rows: list[QueueRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


def _queue_allowed(user, queue: registry.WorkQueue) -> bool:
    return queue.roles is None or user.is_superuser or user.role in queue.roles


def _deadline_field(model, path: str) -> models.Field:
    *relations, name = path.split(LOOKUP_SEP)
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _aggregates(queue: registry.WorkQueue, today: datetime.date) -> dict:
    figures = {"count": Count("pk")}
    if queue.deadline:
        grace = datetime.timedelta(days=queue.grace_days)
        if isinstance(_deadline_field(queue.model, queue.deadline), models.DateTimeField):
            cutoff = timezone.now() - grace
        else:
            cutoff = today - grace
        figures["oldest"] = Min(queue.deadline)
        figures["overdue"] = Count("pk", filter=Q(**{f"{queue.deadline}__lt": cutoff}))
    return figures


def _deadline(queue: registry.WorkQueue, oldest) -> datetime.date | None:
    if oldest is None:
        return None
    if isinstance(oldest, datetime.datetime):
        oldest = timezone.localdate(oldest)
    return oldest + datetime.timedelta(days=queue.grace_days)


def queue_url(site, queue: registry.WorkQueue) -> str:
    opts = queue.model._meta
    try:
        base = reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        return ""
    return f"{base}?{urlencode({QUEUE_PARAM: queue.key})}"


def work_queue_for(request, site) -> list[QueueSection]:
    """The admin home's 「対応待ち」: one section per app (in the app list's order), each row a
    queue with its count, its oldest deadline and how many rows are past it, sorted so that
    overdue work comes first, then the nearest deadline, then queues with no deadline."""
    user = request.user
    if not permissions.can_use_admin(user):
        return []
    today = timezone.localdate()
    sections: dict[str, QueueSection] = {}
    for queue in registry.work_queues():
        if not site.is_registered(queue.model) or not _queue_allowed(user, queue):
            continue
        model_admin = site.get_model_admin(queue.model)
        if not model_admin.has_view_permission(request):
            continue
        rows = queue.narrow(user, model_admin.get_queryset(request))
        figures = rows.aggregate(**_aggregates(queue, today))
        opts = queue.model._meta
        section = sections.setdefault(
            opts.app_label, QueueSection(opts.app_label, str(opts.app_config.verbose_name))
        )
        section.rows.append(
            QueueRow(
                title=str(queue.title),
                count=figures["count"],
                url=queue_url(site, queue),
                deadline=_deadline(queue, figures.get("oldest")),
                overdue=figures.get("overdue", 0),
            )
        )
    for section in sections.values():
        section.rows.sort(
            key=lambda row: (
                row.count == 0,
                row.overdue == 0,
                row.deadline is None,
                row.deadline or today,
            )
        )
    order = {label: i for i, label in enumerate(site.app_order())}
    return sorted(sections.values(), key=lambda s: order.get(s.app_label, len(order)))


class WorkQueueFilter(admin.SimpleListFilter):
    """The queues of this changelist's model as a filter: the admin home links here, and the
    address (?queue=<key>) can be bookmarked."""

    title = _("waiting for action (対応待ち)")
    parameter_name = QUEUE_PARAM

    def lookups(self, request, model_admin):
        return [
            (queue.key, queue.title)
            for queue in registry.work_queues(model_admin.model)
            if _queue_allowed(request.user, queue)
        ]

    def queryset(self, request, queryset):
        for queue in registry.work_queues(queryset.model):
            if queue.key == self.value():
                return queue.narrow(request.user, queryset)
        return queryset


# --- Who is in charge ----------------------------------------------------------------------


def assigned_to_q(user, paths: tuple[str, ...]) -> Q:
    """Rows whose officer in charge (any of ``paths``, e.g. the lead officer or a reviewer)
    is ``user``."""
    q = NOTHING
    for path in paths:
        q |= Q(**{path: user})
    return q


def assigned_to_team_q(user, paths: tuple[str, ...]) -> Q:
    """Rows in the charge of someone of the user's team: a bureau officer's colleagues of the
    same bureau (局), an HQ member's colleagues at HQ."""
    if permissions.is_hq(user):
        team = {"role": Role.HQ}
    elif permissions.is_active_user(user) and user.role == Role.BUREAU and user.bureau_id:
        team = {"role": Role.BUREAU, "bureau_id": user.bureau_id}
    else:
        return NOTHING
    q = NOTHING
    for path in paths:
        q |= Q(**{f"{path}__{key}": value for key, value in team.items()})
    return q


def only_matching(queryset, q: Q):
    """Filter through the rows' ids, so that a path across a to-many relation (reviewers)
    does not repeat a row."""
    return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk"))


class AssigneeFilter(admin.SimpleListFilter):
    """「担当: 自分 / 自分の係・局 / すべて」 on lists whose rows have an officer in charge.
    Subclasses name the paths to that officer in ``assignee_paths``."""

    title = _("officer in charge (担当)")
    parameter_name = "assignee"
    assignee_paths: tuple[str, ...] = ()
    ME = "me"
    TEAM = "team"

    def lookups(self, request, model_admin):
        return [(self.ME, _("Mine")), (self.TEAM, _("My team or bureau"))]

    def queryset(self, request, queryset):
        if self.value() == self.ME:
            return only_matching(queryset, assigned_to_q(request.user, self.assignee_paths))
        if self.value() == self.TEAM:
            return only_matching(queryset, assigned_to_team_q(request.user, self.assignee_paths))
        return queryset


def assignee_filter(*paths: str) -> type[AssigneeFilter]:
    return type("AssigneeFilter", (AssigneeFilter,), {"assignee_paths": paths})


# --- The kernel's own queue: consultations (相談) --------------------------------------------

# Days within which the desk aims to answer a consultation; older open ones are overdue.
CONSULTATION_ANSWER_DAYS = 5


def consultations_unanswered(user, queryset):
    from .models import Consultation

    return queryset.filter(status=Consultation.Status.OPEN)


def register_kernel_queues() -> None:
    from .models import Consultation

    registry.register_work_queue(
        registry.WorkQueue(
            Consultation,
            "unanswered",
            _("Consultations not yet answered (未回答の相談)"),
            consultations_unanswered,
            deadline="created_at",
            grace_days=CONSULTATION_ANSWER_DAYS,
        )
    )
