"""Bulk work at the 年度 peak: many applications at once, through the services of one.

Every row goes through the same service as a single application (review.py), so the same
rules, permissions and audit apply. Starting the review and assigning reviewers is done
application by application: each refusal is reported, the others are done. Deciding
(交付決定) is all or nothing: every row is decided in one transaction, or none is and every
row's problem is reported, so an allocation is never half spent by a batch that failed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.japanese import yen
from portal.services.kessai import route_steps_for
from portal.workflow import InvalidTransition

from ..models import Application
from ..models.applications import Status
from ..selectors.applications import allocation_usage
from ..workflows.applications import APPLICATION_WORKFLOW, APPROVE_KIND, REVIEW_STATUSES
from . import review


@dataclass
class BulkResult:
    """What a per-application bulk step did: the rows done and each refusal with its error."""

    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, Exception]] = field(default_factory=list)


class BulkRefused(Exception):
    """Nothing was decided. ``errors``: the messages of each application (by id);
    ``problems``: those of the whole selection (the total against the allocation)."""

    def __init__(self, errors: dict[int, list[str]], problems: list[str]):
        super().__init__(problems or errors)
        self.errors = errors
        self.problems = problems


def applications_start_review_and_assign(
    *, applications, actor, lead_officer=None, reviewers=()
) -> BulkResult:
    """審査開始 for each submitted application, and the lead officer and reviewers set on each
    (officers of the application's bureau). One transaction per application: a refusal of
    one (another bureau's, already decided) leaves the others done."""
    result = BulkResult()
    reviewers = list(reviewers)
    for application in applications:
        try:
            with transaction.atomic():
                # Under review already: only the people are set; decided or returned: refused.
                APPLICATION_WORKFLOW.ensure_possible(application, "start_review")
                if application.status == Status.SUBMITTED:
                    application = review.application_start_review(
                        application=application, actor=actor
                    )
                if lead_officer is not None or reviewers:
                    review.application_assign(
                        application=application,
                        actor=actor,
                        lead_officer=lead_officer,
                        reviewers=reviewers,
                    )
        except (InvalidTransition, PermissionDenied, ValidationError) as error:
            result.refused.append((application, error))
        else:
            result.done.append(application)
    return result


def _row_errors(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    if isinstance(error, InvalidTransition):
        return [error.message]
    return [_("Your bureau cannot decide this application.")]


def _allocation_problems(decisions) -> list[str]:
    """The total typed against what remains of each 年度's allocation (a summary for the
    page; the row that would exceed it is refused by the service itself)."""
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for application, amount in decisions:
        totals[(application.bureau_id, application.fiscal_year)] += amount
    problems = []
    for (bureau_id, year), total in sorted(totals.items()):
        remaining = allocation_usage(bureau_id, year)["remaining"]
        if total > remaining:
            problems.append(
                _(
                    "The total of the amounts, %(total)s, exceeds the remaining allocation "
                    "(配当残額) of %(remaining)s by %(over)s."
                )
                % {"total": yen(total), "remaining": yen(remaining), "over": yen(total - remaining)}
            )
    return problems


def _routed(bureau_id, actor, known: dict[int, bool]) -> bool:
    """Whether the bureau's 交付決定 needs approvers beyond ``actor`` (its 決裁 route): such a
    decision is drafted on its own page, where the last approval performs it. A batch never
    decides past the route."""
    if bureau_id not in known:
        known[bureau_id] = bool(
            route_steps_for(
                kind=APPROVE_KIND, municipality_id=None, bureau_id=bureau_id, drafter=actor
            )
        )
    return known[bureau_id]


def applications_decide(
    *, decisions: list[tuple[Application, int]], actor, conditions: str = ""
) -> list[Application]:
    """交付決定 of every (application, amount) in one transaction, each checked by
    ``review.application_approve`` (state, scope, amount rules, the allocation with the rows
    above it counted). Any refusal → nothing is decided and ``BulkRefused`` says why, row by
    row. The notices are not issued here: the officer issues them as a batch
    (notice_batches), so the numbering and typesetting run in the background."""
    if not decisions:
        raise BulkRefused({}, [_("Select at least one application.")])
    errors: dict[int, list[str]] = {}
    with transaction.atomic():
        # The selected rows first, in one order, then (in each approval) the allocation: the
        # order a single approval takes them in, so the two cannot deadlock.
        ids = [application.pk for application, _amount in decisions]
        locked = {
            a.pk: a
            for a in Application.objects.select_for_update()
            .filter(pk__in=ids)
            .select_related("call", "bureau")
            .order_by("pk")
        }
        problems = _allocation_problems(decisions)
        decided = []
        routed: dict[int, bool] = {}
        for application, amount in decisions:
            current = locked.get(application.pk)
            try:
                if current is None:
                    raise PermissionDenied
                # Approving is safe to repeat for one application (it returns the decision
                # already made); in a batch a decided row is a mistake to point out.
                if current.status not in REVIEW_STATUSES:
                    raise InvalidTransition(
                        _("This application is not awaiting a decision (it is %(status)s).")
                        % {"status": current.get_status_display()}
                    )
                if _routed(current.bureau_id, actor, routed):
                    raise ValidationError(
                        _(
                            "Your bureau decides grants through a 決裁 route: draft this "
                            "decision on the application's own page, not in a batch."
                        )
                    )
                decided.append(
                    review.application_approve(
                        application=current,
                        actor=actor,
                        amount=amount,
                        conditions=conditions,
                        issue_notice=False,
                    )
                )
            except (InvalidTransition, PermissionDenied, ValidationError) as error:
                errors[application.pk] = _row_errors(error)
        if errors:
            raise BulkRefused(errors, problems)
    return decided
