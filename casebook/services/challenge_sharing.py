"""Writes of sharing among neighbours (#22 point 3): the owning municipality chooses who
else reads its challenge; a neighbour says 「同じ課題がある」 (optionally naming its own
challenge) and may take it back. Every write is audited on the challenge."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.services.notifications import notify_many, officers_of_bureau
from portal.workflow import audit

from ..models import Challenge, ChallengeEcho, Sharing
from ..permissions import challenges as perms
from ..selectors.challenge_sharing import neighbour_area


def _check_sharing(sharing: str) -> None:
    if sharing not in Sharing.values:
        raise ValidationError(
            {
                "sharing": ValidationError(
                    _("Choose who may read the challenge from the list."), code="sharing_unknown"
                )
            }
        )


def challenge_share(*, challenge: Challenge, actor, sharing: str) -> Challenge:
    """The owning municipality's staff choose who besides the bureau reads the challenge.
    The change is audited; when a challenge is newly shared its bureau's officers are told
    (it may now gather 「同じ課題がある」 marks)."""
    _check_sharing(sharing)
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if not perms.can_share_challenge(actor, locked):
            raise PermissionDenied
        before = locked.sharing
        if before == sharing:
            return locked
        locked.sharing = sharing
        locked.save(update_fields=["sharing", "updated_at"])
        event = audit(
            locked,
            actor=actor,
            action="share",
            comment=str(Sharing(sharing).label),
            extra={"from": before, "to": sharing},
        )
        if before == Sharing.PRIVATE:
            notify_many(
                officers_of_bureau(locked.bureau_id),
                kind="casebook_challenge_shared",
                subject=_("%(municipality)s shared a challenge with its neighbours: %(title)s"),
                subject_params={"title": locked.title, "municipality": locked.municipality.name},
                template="casebook/email/challenge_shared.txt",
                context={"challenge": locked},
                dedupe_key=f"casebook:challenge:{locked.pk}:shared:{event.pk}",
                url=reverse("admin:casebook_challenge_change", args=[locked.pk]),
            )
    challenge.sharing = sharing
    return locked


def _neighbour_check(actor, challenge: Challenge) -> None:
    area = neighbour_area(actor)
    if area is None or not perms.is_neighbour_of(
        actor, challenge, bureau_id=area[0], region_id=area[1]
    ):
        raise PermissionDenied


def challenge_echo(
    *, challenge: Challenge, actor, own_challenge: Challenge | None = None, note: str = ""
) -> ChallengeEcho:
    """A neighbour says its municipality has the same challenge, optionally naming one of
    its own. Saying it again updates the named challenge and the note (one mark per
    municipality)."""
    with transaction.atomic():
        locked = (
            Challenge.objects.select_for_update(of=("self",))
            .select_related("bureau")
            .get(pk=challenge.pk)
        )
        _neighbour_check(actor, locked)
        if own_challenge is not None and own_challenge.municipality_id != actor.municipality_id:
            raise ValidationError(
                {
                    "own_challenge": ValidationError(
                        _("Choose one of your municipality's challenges."), code="not_own"
                    )
                }
            )
        echo, created = ChallengeEcho.objects.update_or_create(
            challenge=locked,
            municipality_id=actor.municipality_id,
            defaults={"own_challenge": own_challenge, "note": note.strip()[:500]},
            create_defaults={
                "own_challenge": own_challenge,
                "note": note.strip()[:500],
                "created_by": actor,
            },
        )
        audit(
            locked,
            actor=actor,
            action="echo" if created else "echo_edit",
            comment=actor.municipality.name,
            extra={
                "municipality": actor.municipality_id,
                "own_challenge": own_challenge.pk if own_challenge else None,
            },
        )
    return echo


def challenge_echo_withdraw(*, challenge: Challenge, actor) -> bool:
    """Take back the mark (the undo). Returns False when there was none."""
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if not perms.can_submit_challenge(actor):
            raise PermissionDenied
        deleted, _rows = ChallengeEcho.objects.filter(
            challenge=locked, municipality_id=actor.municipality_id
        ).delete()
        if deleted:
            audit(
                locked,
                actor=actor,
                action="unecho",
                comment=actor.municipality.name,
                extra={"municipality": actor.municipality_id},
            )
    return bool(deleted)
