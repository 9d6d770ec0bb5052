"""Writes of challenges and needs (I1): submission by the municipality, triage by its
bureau through the table in ``workflows/challenges.py``, the response, and links to what
answers the challenge. Every write is audited; notifications go out after commit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import registry
from portal.models import Role, User
from portal.references import plain_id
from portal.services.notifications import notify_many, officers_of_bureau
from portal.services.strategy_links import check_measures
from portal.workflow import audit, run_transition

from ..models import (
    Challenge,
    ChallengeLink,
    ChallengeStatus,
    LinkKind,
    Sharing,
    SupportKind,
    Theme,
)
from ..models.challenges import LINK_REFERENCE_KINDS
from ..permissions import challenges as perms
from ..workflows.challenges import CHALLENGE_WORKFLOW

SUBJECTS = {
    "submitted": _("New challenge from %(municipality)s: %(title)s"),
    "status": _("Your challenge was updated: %(title)s"),
    "responded": _("The bureau responded to your challenge: %(title)s"),
    "linked": _("Support was linked to your challenge: %(title)s"),
}


def _municipal_recipients(challenge: Challenge) -> list[User]:
    """The person who submitted it, or (if they left) the municipality's active staff."""
    submitter = challenge.submitted_by
    if submitter is not None and submitter.is_active:
        return [submitter]
    return list(
        User.objects.filter(
            role=Role.MUNICIPAL, municipality_id=challenge.municipality_id, is_active=True
        )
    )


def _notify(challenge: Challenge, recipients, *, key: str, subject_key: str, **extra) -> None:
    staff_side = subject_key == "submitted"
    url = (
        reverse("admin:casebook_challenge_change", args=[challenge.pk])
        if staff_side
        else challenge.get_absolute_url()
    )
    notify_many(
        [r for r in recipients if r is not None and r.is_active],
        kind=f"casebook_challenge_{subject_key}",
        subject=SUBJECTS[subject_key],
        subject_params={"title": challenge.title, "municipality": challenge.municipality.name},
        template=f"casebook/email/challenge_{subject_key}.txt",
        context={"challenge": challenge, **extra},
        dedupe_key=f"casebook:challenge:{challenge.pk}:{key}",
        url=url,
    )


def challenge_submit(
    *,
    actor,
    theme: Theme,
    title: str,
    description: str,
    tried: str = "",
    urgency: str,
    support: list[str] | tuple[str, ...] = (),
    sharing: str = Sharing.PRIVATE,
    measures=(),
) -> Challenge:
    """Municipal staff submit a challenge of their municipality. It arrives as new for the
    municipality's bureau, whose officers are notified. ``sharing`` says which neighbours
    may read it (not shared unless chosen)."""
    if not perms.can_submit_challenge(actor):
        raise PermissionDenied
    if not theme.is_active:
        raise ValidationError(
            {"theme": ValidationError(_("Choose a theme from the list."), code="theme_retired")}
        )
    if sharing not in Sharing.values:
        raise ValidationError(
            {"sharing": ValidationError(_("Choose from the list."), code="sharing_unknown")}
        )
    unknown = set(support) - set(SupportKind.values)
    if unknown:
        raise ValidationError(
            {
                "support": ValidationError(
                    _("Choose the support from the list."), code="support_unknown"
                )
            }
        )
    municipality = actor.municipality
    measures = check_measures(municipality, measures)
    with transaction.atomic():
        challenge = Challenge.objects.create(
            title=title.strip(),
            theme=theme,
            municipality=municipality,
            bureau_id=municipality.bureau_id,
            description=description.strip(),
            tried=tried.strip(),
            urgency=urgency,
            wants_grant=SupportKind.GRANT in support,
            wants_dispatch=SupportKind.DISPATCH in support,
            wants_advisor=SupportKind.ADVISOR in support,
            wants_information=SupportKind.INFORMATION in support,
            submitted_by=actor,
            sharing=sharing,
        )
        challenge.measures.set(measures)
        audit(
            challenge,
            actor=actor,
            action="submit",
            to_status=challenge.status,
            extra={"sharing": sharing},
        )
        _notify(
            challenge,
            officers_of_bureau(challenge.bureau_id),
            key="submitted",
            subject_key="submitted",
        )
    return challenge


def _move(challenge: Challenge, action: str, *, actor, comment: str = "") -> Challenge:
    """One move of the triage table; the municipality is told of the new status."""
    with transaction.atomic():
        result = run_transition(
            CHALLENGE_WORKFLOW,
            challenge,
            action,
            actor=actor,
            comment=comment.strip(),
            allowed=lambda locked: perms.can_triage_challenge(actor, locked),
        )
        if result.changed:
            _notify(
                result.obj,
                _municipal_recipients(result.obj),
                key=f"status:{result.event.pk}",
                subject_key="status",
                label=CHALLENGE_WORKFLOW.label_for(action, applicant=True),
                comment=comment.strip(),
            )
    return result.obj


def challenge_consider(*, challenge: Challenge, actor, comment: str = "") -> Challenge:
    return _move(challenge, "consider", actor=actor, comment=comment)


def challenge_match(*, challenge: Challenge, actor, comment: str = "") -> Challenge:
    """Requires at least one link to what answers the challenge."""
    if not challenge.links.exists():
        raise ValidationError(
            _("Link the support that answers the challenge first."), code="no_links"
        )
    return _move(challenge, "match", actor=actor, comment=comment)


def challenge_resolve(*, challenge: Challenge, actor, comment: str = "") -> Challenge:
    return _move(challenge, "resolve", actor=actor, comment=comment)


def challenge_decline(*, challenge: Challenge, actor, reason: str) -> Challenge:
    """Not feasible: the reason is required, the municipality reads it."""
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Give the reason."), code="reason_required")}
        )
    return _move(challenge, "decline", actor=actor, comment=reason)


def challenge_reopen(*, challenge: Challenge, actor, comment: str = "") -> Challenge:
    return _move(challenge, "reopen", actor=actor, comment=comment)


def challenge_respond(*, challenge: Challenge, actor, response: str) -> Challenge:
    """Write (or rewrite) the bureau's response; the municipality is notified. A new
    challenge is taken up for consideration at the same time."""
    response = (response or "").strip()
    if not response:
        raise ValidationError(
            {"response": ValidationError(_("Write the response."), code="response_required")}
        )
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if not perms.can_triage_challenge(actor, locked):
            raise PermissionDenied
        if locked.response == response:
            return locked
        locked.response = response
        locked.responded_at = timezone.now()
        locked.responded_by = actor
        locked.save(update_fields=["response", "responded_at", "responded_by", "updated_at"])
        event = audit(locked, actor=actor, action="respond", comment=response)
        if locked.status == ChallengeStatus.NEW:
            locked = run_transition(
                CHALLENGE_WORKFLOW,
                locked,
                "consider",
                actor=actor,
                allowed=lambda row: perms.can_triage_challenge(actor, row),
            ).obj
        _notify(
            locked,
            _municipal_recipients(locked),
            key=f"responded:{event.pk}",
            subject_key="responded",
            response=response,
        )
    challenge.response, challenge.status = locked.response, locked.status
    return locked


# --- Links --------------------------------------------------------------------------------


def _resolve_target(kind: str, target_id: str, actor) -> str | None:
    """The target's title if it exists and ``actor`` may see it, found by the finder its
    owner registers with the kernel (the same the link form asks); None otherwise."""
    number = str(target_id).strip()
    if plain_id(number) is None:
        return None
    found = registry.find_reference(LINK_REFERENCE_KINDS.get(kind, ""), actor, number)
    return found.label if found is not None else None


def challenge_link(
    *, challenge: Challenge, actor, kind: str, target_id, note: str = ""
) -> ChallengeLink:
    """Link what answers the challenge. Linking the same target twice returns the first
    link. The municipality is notified."""
    if kind not in LinkKind.values:
        raise ValidationError(
            {"kind": ValidationError(_("Choose what to link."), code="kind_unknown")}
        )
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if not perms.can_triage_challenge(actor, locked):
            raise PermissionDenied
        target_id = str(target_id).strip()
        existing = ChallengeLink.objects.filter(
            challenge=locked, kind=kind, target_id=target_id
        ).first()
        if existing is not None:
            return existing
        label = _resolve_target(kind, target_id, actor)
        if label is None:
            raise ValidationError(
                {
                    "target_id": ValidationError(
                        _("Nothing of this kind with this number can be linked."),
                        code="target_not_found",
                    )
                }
            )
        link = ChallengeLink.objects.create(
            challenge=locked,
            kind=kind,
            target_id=target_id,
            label=label[:300],
            note=note.strip()[:500],
            created_by=actor,
        )
        audit(
            locked,
            actor=actor,
            action="link",
            comment=f"{link.get_kind_display()}: {link.label}",
            extra={"kind": kind, "target_id": target_id},
        )
        _notify(
            locked,
            _municipal_recipients(locked),
            key=f"linked:{link.pk}",
            subject_key="linked",
            link=link,
        )
    return link


def challenge_unlink(*, link: ChallengeLink, actor) -> None:
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=link.challenge_id)
        if not perms.can_triage_challenge(actor, challenge):
            raise PermissionDenied
        deleted, _rows = ChallengeLink.objects.filter(pk=link.pk).delete()
        if deleted:
            audit(
                challenge,
                actor=actor,
                action="unlink",
                comment=f"{link.get_kind_display()}: {link.label}",
                extra={"kind": link.kind, "target_id": link.target_id},
            )
