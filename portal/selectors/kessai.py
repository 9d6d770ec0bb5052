"""Scoped reads of 決裁: one draft for a user (404 outside its organisation), a user's
決裁 box, and the drafts on one object (for its page)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from ..models import Delegation, Kessai, KessaiStamp, Role
from ..models.kessai import KessaiStatus
from ..permissions.kessai import can_view_kessai, is_step_holder


def _with_relations(queryset):
    return queryset.select_related(
        "drafted_by", "drafter_unit", "municipality", "bureau", "content_type"
    ).prefetch_related(
        Prefetch("stamps", queryset=KessaiStamp.objects.select_related("on_behalf_of"))
    )


def kessai_visible_to(user):
    if not user.is_authenticated:
        return Kessai.objects.none()
    if user.role == Role.HQ or user.is_superuser:
        return Kessai.objects.all()
    if user.role == Role.MUNICIPAL and user.municipality_id:
        return Kessai.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.BUREAU and user.bureau_id:
        return Kessai.objects.filter(bureau_id=user.bureau_id)
    return Kessai.objects.none()


def kessai_get_for(user, pk) -> Kessai:
    kessai = _with_relations(kessai_visible_to(user)).filter(pk=pk).first()
    if kessai is None or not can_view_kessai(user, kessai):
        raise Http404
    return kessai


def _own_organisation(user):
    if user.role == Role.MUNICIPAL:
        return Kessai.objects.filter(municipality_id=user.municipality_id)
    if user.role == Role.BUREAU:
        return Kessai.objects.filter(bureau_id=user.bureau_id)
    if user.role == Role.HQ:
        return Kessai.objects.filter(municipality__isnull=True, bureau__isnull=True)
    return Kessai.objects.none()


def stood_in_for(user) -> list:
    """The people away today who named ``user`` their stand-in."""
    today = timezone.localdate()
    return [
        d.user
        for d in Delegation.objects.filter(
            stand_in=user, starts_on__lte=today, ends_on__gte=today, user__is_active=True
        ).select_related("user")
    ]


def kessai_box(user) -> dict:
    """The user's 決裁 box: drafts waiting on them (or on someone they stand in for), their
    own drafts on their way, and their drafts returned to them. A fixed number of queries."""
    if not user.is_authenticated:
        return {"waiting": [], "mine": [], "returned": []}
    waiting = kessai_waiting_for(user)
    own = list(
        _with_relations(
            Kessai.objects.filter(
                drafted_by=user,
                status__in=(KessaiStatus.IN_PROGRESS, KessaiStatus.RETURNED),
            )
        )
    )
    return {
        "waiting": waiting,
        "mine": [k for k in own if k.status == KessaiStatus.IN_PROGRESS],
        "returned": [k for k in own if k.status == KessaiStatus.RETURNED],
    }


def kessai_waiting_for(user) -> list[Kessai]:
    """The drafts whose waiting step ``user`` holds, or holds for someone away today
    (marked ``as_stand_in``): two queries, whatever their number."""
    if user.role not in (Role.MUNICIPAL, Role.BUREAU, Role.HQ):
        return []
    absent = stood_in_for(user)
    candidates = (
        _own_organisation(user)
        .filter(status=KessaiStatus.IN_PROGRESS)
        .select_related("drafted_by", "drafter_unit")
        .order_by("drafted_at", "pk")
    )
    waiting = []
    for kessai in candidates:
        if is_step_holder(user, kessai, kessai.current_step):
            waiting.append(kessai)
        elif any(is_step_holder(a, kessai, kessai.current_step) for a in absent):
            kessai.as_stand_in = True
            waiting.append(kessai)
    return waiting


def kessai_of_object(obj) -> list[Kessai]:
    """The drafts of acts on ``obj``, latest first, with their stamps."""
    return list(
        _with_relations(
            Kessai.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
            )
        )
    )


def open_kessai_of(obj, kind: str | None = None) -> Kessai | None:
    """The draft of an act (of ``kind``, if given) on ``obj`` that awaits approval, if any
    (the object is then not to be changed under the approvers' eyes)."""
    drafts = Kessai.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        status=KessaiStatus.IN_PROGRESS,
    )
    if kind is not None:
        drafts = drafts.filter(kind=kind)
    return drafts.only("pk", "title").first()


def route_rows(kessai: Kessai) -> list[dict]:
    """The route as printed and shown: each step's position and, for the current round,
    its stamps (approve, return, 代決, 後閲) from the prefetched stamps; the step that waits."""
    from ..models import Position

    stamps = [s for s in kessai.stamps.all() if s.round == kessai.round]
    waiting = kessai.status == KessaiStatus.IN_PROGRESS
    return [
        {
            "number": index + 1,
            "position": Position(step["position"]).label,
            "stamps": [s for s in stamps if s.step == index],
            "waiting": waiting and index == kessai.current_step,
        }
        for index, step in enumerate(kessai.steps)
    ]


def earlier_stamps(kessai: Kessai) -> list[KessaiStamp]:
    """The stamps of the rounds before the current one (a returned and corrected draft)."""
    return [s for s in kessai.stamps.all() if s.round < kessai.round]
