"""Scoped reads of roster changes (人事異動): the batches of the user's organisation, one
batch or row (404 outside it), and the 引継ぎ lists."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ..models import RosterBatch, RosterMove
from ..permissions import is_hq
from ..permissions import rotation as perms
from . import NOTHING


def _batch_scope(user) -> Q:
    if perms.is_municipal_org_admin(user):
        return Q(municipality_id=user.municipality_id)
    if is_hq(user):
        return Q(municipality__isnull=True)
    return NOTHING


def batches_visible_to(user) -> QuerySet[RosterBatch]:
    return (
        RosterBatch.objects.filter(_batch_scope(user))
        .select_related("prepared_by", "municipality")
        .annotate(
            row_count=Count("moves"),
            problem_count=Count("moves", filter=~Q(moves__problems=[])),
        )
    )


def batch_get_for(user, pk) -> RosterBatch:
    batch = RosterBatch.objects.filter(_batch_scope(user), pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def move_get_for(user, batch_pk, pk) -> RosterMove:
    batch = batch_get_for(user, batch_pk)
    move = batch.moves.filter(pk=pk).first()
    if move is None:
        raise Http404
    return move


def batch_moves(batch) -> QuerySet[RosterMove]:
    return batch.moves.select_related(
        "person",
        "to_municipality",
        "to_bureau",
        "to_unit__parent",
        "from_municipality",
        "from_bureau",
        "from_unit__parent",
    )
