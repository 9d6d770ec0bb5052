"""Writes of the plans registry (I4): the municipality registers and keeps its plans
(status through ``workflows/plans.py``, documents through the kernel's uploads); bureau
officers and the municipality discuss a plan in a thread, each side notified."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.concurrency import bump_version
from portal.models import StrategyKind, User
from portal.services import strategy as strategy_services
from portal.services.attachments import attachments_store
from portal.services.notifications import notify_many, officers_of_bureau
from portal.workflow import audit, run_transition

from ..models import Plan, PlanComment, PlanStatus, PlanType
from ..permissions import challenges as perms
from ..workflows.plans import PLAN_WORKFLOW
from .common import public_content_changed

EDITABLE = (
    "plan_type",
    "title",
    "start_year",
    "end_year",
    "summary",
    "url",
    "strategy",
    "next_revision_due",
)
INITIAL_STATUSES = (PlanStatus.DRAFTING, PlanStatus.ADOPTED)
STRATEGY_TYPE = "strategy"  # the plan type whose measures and KPIs are the kernel strategy's


def _default_due(data: dict) -> None:
    """A type with a statutory cycle gives the plan its revision date when none is set:
    the start (1 April) of the fiscal year the cycle ends in."""
    plan_type, start = data.get("plan_type"), data.get("start_year")
    cycle = getattr(plan_type, "revision_cycle_years", None)
    if "next_revision_due" in data and not data["next_revision_due"] and cycle and start:
        data["next_revision_due"] = dt.date(start + cycle, 4, 1)


def _validate_strategy(data: dict, municipality_id, current_id=None) -> None:
    """A 総合戦略 plan links one of its municipality's 総合戦略; any other plan keeps only
    the measures started from its page (kind "plan"), never another plan's."""
    strategy = data.get("strategy")
    if strategy is None:
        return
    type_code = getattr(data.get("plan_type"), "code", STRATEGY_TYPE)
    if strategy.kind == StrategyKind.PLAN:
        allowed = strategy.pk == current_id and type_code != STRATEGY_TYPE
    else:
        allowed = strategy.kind == StrategyKind.MUNICIPAL and type_code == STRATEGY_TYPE
    if strategy.municipality_id != municipality_id or not allowed:
        raise ValidationError(
            {
                "strategy": ValidationError(
                    _("Choose one of your municipality's comprehensive strategies."),
                    code="strategy_other",
                )
            }
        )


def _validate(data: dict) -> None:
    start, end = data.get("start_year"), data.get("end_year")
    if start and end and end < start:
        raise ValidationError(
            {
                "end_year": ValidationError(
                    _("The last fiscal year cannot be before the first."), code="period_reversed"
                )
            }
        )
    plan_type = data.get("plan_type")
    if isinstance(plan_type, PlanType) and not plan_type.is_active:
        raise ValidationError(
            {
                "plan_type": ValidationError(
                    _("Choose a plan type from the list."), code="plan_type_retired"
                )
            }
        )


def plan_register(*, actor, data: dict, status: str = PlanStatus.DRAFTING, uploads=()) -> Plan:
    """Municipal staff register a plan of their municipality, already adopted or still
    being drawn up, with its documents."""
    if not perms.can_register_plan(actor):
        raise PermissionDenied
    if status not in INITIAL_STATUSES:
        raise ValidationError(
            {"status": ValidationError(_("Choose the status."), code="status_invalid")}
        )
    _validate(data)
    municipality = actor.municipality
    _validate_strategy(data, municipality.pk)
    _default_due(data)
    with transaction.atomic():
        plan = Plan.objects.create(
            municipality=municipality,
            bureau_id=municipality.bureau_id,
            status=status,
            created_by=actor,
            **{name: data[name] for name in EDITABLE if name in data},
        )
        audit(plan, actor=actor, action="create", to_status=plan.status)
        if plan.status != PlanStatus.DRAFTING:
            public_content_changed()  # an adopted plan is on the municipality's public page
        if uploads:
            stored = attachments_store(uploads=uploads, owner=plan, uploaded_by=actor)
            audit(plan, actor=actor, action="document", comment=_names(stored))
    return plan


def _names(stored) -> str:
    return ", ".join(a.original_name for a in stored)


def plan_update(*, plan: Plan, actor, data: dict, uploads=(), version: int | None = None) -> Plan:
    """Save the plan's fields and add documents.

    ``version``: the version the edit page was opened at; if someone saved the plan since,
    raises ``StaleVersion`` and saves nothing. None (adding documents only): not checked,
    and documents alone do not move the version (they are added, never replaced).
    """
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if not perms.can_edit_plan(actor, locked):
            raise PermissionDenied
        _validate(data)
        _validate_strategy(data, locked.municipality_id, locked.strategy_id)
        _default_due(data)
        changed = [n for n in EDITABLE if n in data and getattr(locked, n) != data[n]]
        if version is not None or changed:
            bump_version(Plan, pk=locked.pk, expected=version)
        for name in changed:
            setattr(locked, name, data[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            audit(locked, actor=actor, action="edit", extra={"fields": changed})
            if locked.status != PlanStatus.DRAFTING:
                public_content_changed()
        if uploads:
            stored = attachments_store(uploads=uploads, owner=locked, uploaded_by=actor)
            audit(locked, actor=actor, action="document", comment=_names(stored))
    return locked


def _move(plan: Plan, action: str, *, actor, comment: str = "") -> Plan:
    result = run_transition(
        PLAN_WORKFLOW,
        plan,
        action,
        actor=actor,
        comment=comment,
        allowed=lambda locked: perms.can_edit_plan(actor, locked),
    )
    public_content_changed()  # adopted plans are listed on the municipality's public page
    return result.obj


def plan_adopt(*, plan: Plan, actor, comment: str = "") -> Plan:
    """策定済: the plan (or its revision) was adopted."""
    return _move(plan, "adopt", actor=actor, comment=comment)


def plan_revise(*, plan: Plan, actor, comment: str = "") -> Plan:
    """改定中: the municipality started revising an adopted plan."""
    return _move(plan, "revise", actor=actor, comment=comment)


def plan_comment(*, plan: Plan, actor, body: str, parent: PlanComment | None = None):
    """A comment or a reply on a plan. Officers' advice goes to the municipality (the
    person who registered the plan and whoever wrote the comment replied to); the
    municipality's replies go to the bureau's officers."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(
            {"body": ValidationError(_("Write the comment."), code="body_required")}
        )
    if not perms.can_comment_plan(actor, plan):
        raise PermissionDenied
    if parent is not None and parent.plan_id != plan.pk:
        raise ValidationError(_("Reply to a comment of this plan."), code="parent_other_plan")
    with transaction.atomic():
        comment = PlanComment.objects.create(plan=plan, parent=parent, author=actor, body=body)
        audit(plan, actor=actor, action="comment", comment=body[:500])
        recipients: list[User] = []
        if perms.can_advise_plan(actor, plan):
            recipients.append(plan.created_by)
        else:
            recipients.extend(officers_of_bureau(plan.bureau_id))
        if parent is not None and parent.author is not None:
            recipients.append(parent.author)
        seen, unique = set(), []
        for user in recipients:
            if user is not None and user.is_active and user.pk != actor.pk and user.pk not in seen:
                seen.add(user.pk)
                unique.append(user)
        notify_many(
            unique,
            kind="casebook_plan_comment",
            subject=_("Comment on the plan %(title)s (%(municipality)s)"),
            subject_params={"title": plan.title, "municipality": plan.municipality.name},
            template="casebook/email/plan_comment.txt",
            context={"plan": plan, "comment": comment, "author": actor},
            dedupe_key=f"casebook:plan:{plan.pk}:comment:{comment.pk}",
            url=f"{plan.get_absolute_url()}#comment-{comment.pk}",
        )
    return comment


def plan_measures_start(*, plan: Plan, actor) -> Plan:
    """Give a plan other than a 総合戦略 its own measures and KPIs: a kernel strategy of kind
    "plan" (the same tree of goals, measures and KPIs as a 総合戦略, one structure), named
    and dated after the plan, linked to it. Its measures are then edited on the strategy's
    page. Once only."""
    if not perms.can_edit_plan(actor, plan):
        raise PermissionDenied
    with transaction.atomic():
        locked = Plan.objects.select_for_update().select_related("plan_type").get(pk=plan.pk)
        if locked.plan_type.code == STRATEGY_TYPE or locked.strategy_id:
            raise ValidationError(
                _("This plan's measures are already kept in a strategy."), code="measures_exist"
            )
        strategy = strategy_services.strategy_create(
            actor=actor,
            kind=StrategyKind.PLAN,
            data={
                "title": locked.title,
                "start_year": locked.start_year,
                "end_year": locked.end_year,
                "summary": "",
                "url": "",
            },
        )
        locked.strategy = strategy
        locked.save(update_fields=["strategy", "updated_at"])
        audit(locked, actor=actor, action="measures_start", comment=strategy.title)
    return locked
