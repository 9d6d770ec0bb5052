"""決裁: draft an act on its route, stamp its steps, perform it at the last approval.

Preconditions and side effects are on each function. Every stamp is an audit event on the
object the act is about (its timeline shows who stamped, in which position, when) and a
``KessaiStamp`` row. A draft's row is locked (``select_for_update(of=("self",))``) before
any stamp, so two approvers acting at once leave one stamp; the last approval runs the act
inside the same transaction, so an act the service refuses leaves no stamp at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import ApprovalRoute, Delegation, Kessai, KessaiStamp, Position, StampKind, User
from ..models.kessai import OPEN_STATUSES, KessaiStatus
from ..permissions.kessai import drafter_satisfies, is_step_holder, step_unit_id
from ..workflow import InvalidTransition, Refusal, audit, run_transition
from ..workflows.kessai import KESSAI_WORKFLOW
from .notifications import notify

NOT_WAITING = _("This draft is no longer awaiting approval.")


def _org_users(municipality_id, bureau_id):
    users = User.objects.filter(is_active=True)
    if municipality_id:
        return users.filter(role="municipal", municipality_id=municipality_id)
    if bureau_id:
        return users.filter(role="bureau", bureau_id=bureau_id)
    return users.filter(role="hq")


def route_steps_for(*, kind: str, municipality_id, bureau_id, drafter) -> list[dict]:
    """The steps a draft by ``drafter`` must travel: the organisation's active route for
    ``kind``; none (the act runs at once) without a route or when the drafter satisfies
    every step themselves."""
    route = (
        ApprovalRoute.objects.filter(
            kind=kind, municipality_id=municipality_id, bureau_id=bureau_id, active=True
        )
        .prefetch_related("steps")
        .first()
    )
    if route is None:
        return []
    steps = [
        {"order": s.order, "position": s.position, "unit_id": s.unit_id} for s in route.steps.all()
    ]
    if all(drafter_satisfies(step, drafter) for step in steps):
        return []
    return steps


def step_label(step: dict) -> str:
    return str(Position(step["position"]).label)


def step_holders(kessai: Kessai, index: int) -> list[User]:
    """Who holds the position that approves step ``index`` now."""
    step = kessai.steps[index]
    users = _org_users(kessai.municipality_id, kessai.bureau_id).filter(position=step["position"])
    unit_id = step_unit_id(kessai, step)
    if unit_id is not None:
        users = users.filter(unit_id=unit_id)
    return list(users.select_related("unit"))


def _absent_today(users) -> dict[int, User]:
    """The stand-ins of those of ``users`` who are away today, by the absent person's id."""
    today = timezone.localdate()
    delegations = Delegation.objects.filter(
        user__in=users, starts_on__lte=today, ends_on__gte=today, stand_in__is_active=True
    ).select_related("stand_in")
    return {d.user_id: d.stand_in for d in delegations}


def _capacity(actor, kessai: Kessai) -> tuple[str, User | None]:
    """(APPROVE, None) for the step's holder, (PROXY, the absent holder) for a stand-in."""
    index = kessai.current_step
    if actor.pk == kessai.drafted_by_id:
        # The steps the drafter holds were stamped when drafting; a draft is checked by others.
        raise Refusal(_("You cannot approve or return your own draft."))
    if is_step_holder(actor, kessai, index):
        return StampKind.APPROVE, None
    today = timezone.localdate()
    for delegation in Delegation.objects.filter(
        stand_in=actor, starts_on__lte=today, ends_on__gte=today
    ).select_related("user__unit"):
        if delegation.user.is_active and is_step_holder(delegation.user, kessai, index):
            return StampKind.PROXY, delegation.user
    raise Refusal(_("You are not the approver of this step, nor standing in for them."))


def _stamp(kessai, actor, *, step: int, kind: str, comment="", on_behalf_of=None):
    stamp = KessaiStamp.objects.create(
        kessai=kessai,
        round=kessai.round,
        step=step,
        user=actor,
        user_name=actor.get_full_name(),
        position=actor.position,
        unit_name=str(actor.unit) if actor.unit_id else "",
        kind=kind,
        comment=comment,
        on_behalf_of=on_behalf_of,
    )
    audit(
        kessai.subject,
        actor=actor,
        action={
            StampKind.APPROVE: "kessai_approve_step",
            StampKind.RETURN: "kessai_return",
            StampKind.PROXY: "kessai_proxy",
            StampKind.AFTERWARDS: "kessai_afterwards",
        }[kind],
        comment=comment,
        extra={
            "kessai": kessai.pk,
            "kind": kessai.kind,
            "step": step + 1,
            "position": str(Position(actor.position).label),
            "unit": stamp.unit_name,
            "at": stamp.at.isoformat(),
            **({"on_behalf_of": on_behalf_of.get_full_name()} if on_behalf_of else {}),
        },
    )
    return stamp


def _detail_url(kessai) -> str:
    return reverse("portal:kessai_detail", args=[kessai.pk])


def _notify_waiting(kessai: Kessai) -> None:
    """The holders of the step that now waits, and the stand-ins of those away today."""
    holders = step_holders(kessai, kessai.current_step)
    stand_ins = _absent_today(holders)
    for user in [*holders, *stand_ins.values()]:
        notify(
            kind="kessai.waiting",
            subject=_("A draft awaits your approval (決裁): %(title)s"),
            subject_params={"title": kessai.title},
            template="portal/email/kessai_waiting.txt",
            context={"kessai": kessai, "drafter": kessai.drafted_by},
            dedupe_key=f"kessai:{kessai.pk}:r{kessai.round}:s{kessai.current_step}:u{user.pk}",
            recipient=user,
            url=_detail_url(kessai),
        )


def _notify_drafter(kessai: Kessai, *, event: str, comment: str = "") -> None:
    subjects = {
        "returned": _("Your draft was returned (決裁): %(title)s"),
        "decided": _("Your draft was approved and decided (決裁): %(title)s"),
    }
    notify(
        kind=f"kessai.{event}",
        subject=subjects[event],
        subject_params={"title": kessai.title},
        template=f"portal/email/kessai_{event}.txt",
        context={"kessai": kessai, "comment": comment},
        dedupe_key=f"kessai:{kessai.pk}:r{kessai.round}:{event}",
        recipient=kessai.drafted_by,
        url=_detail_url(kessai),
    )


def _lock(kessai: Kessai) -> Kessai:
    return (
        Kessai.objects.select_for_update(of=("self",))
        .select_related("drafter_unit", "drafted_by")
        .get(pk=kessai.pk)
    )


def _skip_own_steps(kessai: Kessai, actor) -> None:
    """Stamp the leading steps the drafter satisfies and check that every other step has a
    holder: a draft nobody can approve is refused before it starts."""
    index = 0
    while index < len(kessai.steps) and drafter_satisfies(kessai.steps[index], actor):
        _stamp(kessai, actor, step=index, kind=StampKind.APPROVE)
        index += 1
    kessai.current_step = index
    for later in range(index, len(kessai.steps)):
        if not step_holders(kessai, later):
            raise ValidationError(
                _(
                    "Nobody holds the position of step %(number)s (%(position)s) for your "
                    "unit, so the draft cannot go round. Ask your organisation's "
                    "administrator to set the units and positions."
                )
                % {"number": later + 1, "position": step_label(kessai.steps[later])}
            )


def kessai_draft(
    *, obj, kind, action, title, municipality_id, bureau_id, payload, steps, actor
) -> Kessai:
    """Draft (起案) an act on ``obj``, or resubmit the draft returned to its drafter.

    Refuses (ValidationError) a second draft while one awaits approval, and a route a
    step of which nobody holds. Stamps the steps the drafter satisfies; notifies the
    approvers of the first step that waits. Nothing of the act itself happens.
    """
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        kessai = (
            Kessai.objects.select_for_update(of=("self",))
            .filter(
                content_type=content_type,
                object_id=str(obj.pk),
                kind=kind,
                status__in=OPEN_STATUSES,
            )
            .first()
        )
        if kessai is not None and kessai.status == KessaiStatus.IN_PROGRESS:
            raise ValidationError(_("This act is already awaiting approval (決裁中)."))
        fields = {
            "action": action,
            "title": title[:200],
            "payload": payload,
            "steps": steps,
            "drafted_by": actor,
            "drafted_at": timezone.now(),
            "drafter_unit_id": actor.unit_id,
            "drafter_position": actor.position,
        }
        if kessai is None:
            kessai = Kessai.objects.create(
                content_type=content_type,
                object_id=str(obj.pk),
                kind=kind,
                municipality_id=municipality_id,
                bureau_id=bureau_id,
                **fields,
            )
        else:
            for name, value in fields.items():
                setattr(kessai, name, value)
            kessai.round += 1
            kessai.save()
            run_transition(KESSAI_WORKFLOW, kessai, "kessai_resubmit", actor=actor)
        kessai = Kessai.objects.select_related("drafter_unit", "drafted_by").get(pk=kessai.pk)
        _skip_own_steps(kessai, actor)
        kessai.save(update_fields=["current_step"])
        audit(
            obj,
            actor=actor,
            action="kessai_draft",
            extra={
                "kessai": kessai.pk,
                "kind": kind,
                "round": kessai.round,
                "position": str(Position(actor.position).label),
                "unit": str(actor.unit) if actor.unit_id else "",
            },
        )
        _notify_waiting(kessai)
    return kessai


def kessai_approve(
    *, kessai: Kessai, actor, comment: str = "", perform: Callable[[Kessai], Any]
) -> Any:
    """Approve the step that waits, as its holder or (代決) as an absent holder's stand-in.

    The last approval calls ``perform(kessai)`` (the act itself, as ``actor``) first: if it
    raises, the transaction is undone and nothing is stamped. Returns what ``perform``
    returned (the act's message), else None. Notifies the next approvers, or the drafter
    once decided.
    """
    with transaction.atomic():
        locked = _lock(kessai)
        if locked.status != KessaiStatus.IN_PROGRESS:
            raise InvalidTransition(NOT_WAITING)
        kind, on_behalf_of = _capacity(actor, locked)
        index = locked.current_step
        last = index == len(locked.steps) - 1
        result = perform(locked) if last else None
        _stamp(locked, actor, step=index, kind=kind, comment=comment, on_behalf_of=on_behalf_of)
        if last:

            def decide(obj):
                obj.current_step = len(obj.steps)
                obj.decided_at = timezone.now()
                return ["current_step", "decided_at"]

            run_transition(KESSAI_WORKFLOW, locked, "kessai_decide", actor=actor, apply=decide)
            _notify_drafter(locked, event="decided")
        else:
            locked.current_step = index + 1
            locked.save(update_fields=["current_step"])
            _notify_waiting(locked)
    kessai.refresh_from_db()
    return result


def kessai_return(*, kessai: Kessai, actor, comment: str) -> Kessai:
    """Return the draft to its drafter (差戻し) with a comment (required); the drafter
    corrects the act's page and submits again (a new round of stamps)."""
    if not (comment or "").strip():
        raise ValidationError(
            {"comment": _("Write what the drafter should correct.")}, code="required"
        )
    with transaction.atomic():
        locked = _lock(kessai)
        if locked.status != KessaiStatus.IN_PROGRESS:
            raise InvalidTransition(NOT_WAITING)
        _capacity(actor, locked)
        _stamp(locked, actor, step=locked.current_step, kind=StampKind.RETURN, comment=comment)
        run_transition(KESSAI_WORKFLOW, locked, "kessai_return", actor=actor, comment=comment)
        _notify_drafter(locked, event="returned", comment=comment)
    kessai.refresh_from_db()
    return kessai


def kessai_withdraw(*, kessai: Kessai, actor) -> Kessai:
    """The drafter takes back a draft that is not decided (nothing was done)."""
    with transaction.atomic():
        locked = _lock(kessai)
        if locked.drafted_by_id != actor.pk:
            raise Refusal(_("Only the drafter can withdraw the draft."))
        run_transition(KESSAI_WORKFLOW, locked, "kessai_withdraw", actor=actor)
        audit(locked.subject, actor=actor, action="kessai_withdraw", extra={"kessai": locked.pk})
    kessai.refresh_from_db()
    return kessai


def afterwards_steps(kessai: Kessai, user) -> list[int]:
    """The steps decided for ``user`` by their stand-in (代決) that they have not read
    afterwards (後閲) yet."""
    stamps = list(kessai.stamps.all())
    read = {(s.round, s.step) for s in stamps if s.kind == StampKind.AFTERWARDS}
    return [
        s.step
        for s in stamps
        if s.kind == StampKind.PROXY
        and s.on_behalf_of_id == user.pk
        and s.round == kessai.round
        and (s.round, s.step) not in read
    ]


def kessai_afterwards(*, kessai: Kessai, actor, comment: str = "") -> KessaiStamp:
    """The absent approver reads afterwards (後閲) what their stand-in decided; it does not
    hold up the draft, which may be decided already."""
    with transaction.atomic():
        locked = _lock(kessai)
        steps = afterwards_steps(locked, actor)
        if not steps or locked.status not in (KessaiStatus.IN_PROGRESS, KessaiStatus.APPROVED):
            raise InvalidTransition(_("Nothing was decided for you by a stand-in on this draft."))
        return _stamp(locked, actor, step=steps[0], kind=StampKind.AFTERWARDS, comment=comment)
