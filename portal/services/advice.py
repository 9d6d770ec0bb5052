"""Writes of structured advice: an officer advises on one section of a document; the
document's keepers answer each piece of advice. The document's kind says, through
``registry.register_advice_owner``, who may do each and who is told."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import registry
from ..models import Advice, AdviceKind, Role
from ..workflow import audit
from .notifications import notify_many

MAX_LENGTH = 5000


def _rules(owner) -> registry.AdviceOwner:
    rules = registry.advice_owner_for(type(owner))
    if rules is None:
        raise ValueError(f"{type(owner).__name__} is not registered for advice")
    return rules


def _text(value: str, field: str, message) -> str:
    text = (value or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({field: ValidationError(message, code="required")})
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Write at most %(limit)d characters (you wrote %(count)d)."),
                    code="too_long",
                    params={"limit": MAX_LENGTH, "count": len(text)},
                )
            }
        )
    return text


def _others(users, actor) -> list:
    seen, unique = set(), []
    for user in users:
        if user is not None and user.is_active and user.pk != actor.pk and user.pk not in seen:
            seen.add(user.pk)
            unique.append(user)
    return unique


def advice_give(*, owner, section, kind: str, body: str, actor) -> Advice:
    """Advice of ``kind`` (指摘, 提案, 確認) on ``section`` of ``owner`` (the document itself
    or one of its parts). The document's keepers are told."""
    rules = _rules(owner)
    if not rules.can_give(actor, owner):
        raise PermissionDenied
    if kind not in AdviceKind.values:
        raise ValidationError(
            {"kind": ValidationError(_("Choose the kind of advice."), code="kind_invalid")}
        )
    body = _text(body, "body", _("Write the advice."))
    label = rules.section_label(owner, section)
    if label is None:
        raise ValidationError(
            {"section": ValidationError(_("Choose a section of this document."), code="section")}
        )
    with transaction.atomic():
        advice = Advice.objects.create(
            owner_type=ContentType.objects.get_for_model(owner),
            owner_id=owner.pk,
            section_type=ContentType.objects.get_for_model(section),
            section_id=section.pk,
            section_label=label[:300],
            kind=kind,
            body=body,
            author=actor,
            author_bureau_id=actor.bureau_id if actor.role == Role.BUREAU else None,
        )
        audit(owner, actor=actor, action="advice", comment=f"{label[:100]}: {body[:400]}")
        notify_many(
            _others(rules.notify_on_advice(owner), actor),
            kind="advice_given",
            subject=_("Advice on %(title)s"),
            subject_params={"title": str(owner)},
            template="portal/email/advice_given.txt",
            context={"owner": str(owner), "advice": advice, "author": str(actor)},
            dedupe_key=f"advice:{advice.pk}:given",
            url=f"{rules.url(owner)}#advice-{advice.pk}",
        )
    return advice


def advice_answer(*, advice: Advice, owner, answer: str, actor) -> Advice:
    """The keepers' answer to one piece of advice; answering again replaces the answer
    (the history keeps each). The officer who advised is told."""
    rules = _rules(owner)
    if (
        advice.owner_type_id != ContentType.objects.get_for_model(owner).pk
        or advice.owner_id != owner.pk
    ):
        raise PermissionDenied
    if not rules.can_answer(actor, owner):
        raise PermissionDenied
    answer = _text(answer, "answer", _("Write the answer."))
    with transaction.atomic():
        locked = Advice.objects.select_for_update().get(pk=advice.pk)
        locked.answer = answer
        locked.answered_by = actor
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        audit(owner, actor=actor, action="advice_answer", comment=answer[:500])
        notify_many(
            _others([locked.author, *rules.notify_on_answer(owner)], actor),
            kind="advice_answered",
            subject=_("Your advice on %(title)s was answered"),
            subject_params={"title": str(owner)},
            template="portal/email/advice_answered.txt",
            context={"owner": str(owner), "advice": locked, "author": str(actor)},
            dedupe_key=f"advice:{locked.pk}:answered:{locked.answered_at.timestamp()}",
            url=f"{rules.url(owner)}#advice-{locked.pk}",
        )
    return locked
