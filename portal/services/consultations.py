"""The consultation desk: open, answer, follow up, close."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import (
    Consultation,
    ConsultationCategory,
    ConsultationReply,
    Municipality,
    Role,
    User,
)
from ..workflow import CONSULTATION_WORKFLOW, InvalidTransition, audit, run_transition
from .attachments import attachments_store
from .notifications import hq_staff, notify, notify_many, officers_of_bureau


def _town_staff(consultation: Consultation) -> list[User]:
    """The staff of the municipality a question was routed or handed over to."""
    if consultation.answering_municipality_id is None:
        return []
    return list(
        User.objects.filter(
            role=Role.MUNICIPAL,
            municipality_id=consultation.answering_municipality_id,
            is_active=True,
        )
    )


def _desk_officers(consultation: Consultation) -> list[User]:
    if consultation.bureau_id:
        return officers_of_bureau(consultation.bureau_id)
    return hq_staff()


def _desk_staff(consultation: Consultation) -> list[User]:
    """Who is told of a new message: the officer in charge, and the answering town's staff;
    else the desk (the bureau's officers, or HQ)."""
    town = _town_staff(consultation)
    if consultation.assigned_to_id:
        return [consultation.assigned_to, *(u for u in town if u.pk != consultation.assigned_to_id)]
    return town or _desk_officers(consultation)


def consultation_open(
    *,
    actor: User,
    category: ConsultationCategory,
    subject: str,
    question: str,
    uploads=(),
    related=None,
) -> Consultation:
    """Municipal staff ask the desk. Routed to their bureau, or to HQ for HQ-run categories.

    Side effects: attachments stored; the desk's officers notified after commit.
    """
    if not permissions.can_ask_consultation(actor):
        raise PermissionDenied
    if not category.is_active:
        raise ValidationError(_("This category no longer takes new questions."), code="inactive")
    municipality = actor.municipality
    with transaction.atomic():
        consultation = Consultation.objects.create(
            category=category,
            municipality=municipality,
            bureau=None if category.routed_to_hq else municipality.bureau,
            asker=actor,
            asker_name=actor.get_full_name(),
            asker_email=actor.email,
            subject=subject,
            question=question,
            **({"related": related} if related is not None else {}),
        )
        attachments_store(uploads=uploads, owner=consultation, uploaded_by=actor)
        audit(consultation, actor=actor, action="open", to_status=consultation.status)
        notify_many(
            _desk_staff(consultation),
            kind="consultation.opened",
            subject=_("New consultation %(ref)s: %(subject)s"),
            subject_params={"ref": consultation.reference, "subject": subject},
            template="portal/email/consultation_opened.txt",
            context={"consultation": consultation},
            dedupe_key=f"consultation:{consultation.pk}:opened",
            url=reverse("portal:consultation_detail", args=[consultation.pk]),
        )
    return consultation


def consultation_reply(
    *, consultation: Consultation, actor: User, body: str, uploads=()
) -> ConsultationReply:
    """Add a message. From the desk it answers (open → answered) and notifies the asker;
    from the asker's side it is a follow-up (answered → open) and notifies the desk."""
    if not body.strip():
        raise ValidationError(_("Write a message."), code="empty")
    from_desk = permissions.can_answer_consultation(actor, consultation)
    if not from_desk and not permissions.can_follow_up_consultation(actor, consultation):
        raise PermissionDenied
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.status == Consultation.Status.CLOSED:
            raise ValidationError(
                _("This consultation is closed. Reopen it to write again."), code="closed"
            )
        reply = ConsultationReply.objects.create(
            consultation=locked, author=actor, from_desk=from_desk, body=body
        )
        attachments_store(uploads=uploads, owner=reply, uploaded_by=actor)
        if from_desk:
            if locked.status == Consultation.Status.OPEN:

                def apply(obj):
                    fields = []
                    if obj.answered_at is None:
                        obj.answered_at = timezone.now()
                        fields.append("answered_at")
                    if obj.assigned_to_id is None:
                        obj.assigned_to = actor
                        fields.append("assigned_to")
                    return fields

                run_transition(
                    CONSULTATION_WORKFLOW,
                    locked,
                    "answer",
                    actor=actor,
                    extra={"reply": reply.pk},
                    apply=apply,
                )
            _notify_asker(locked, reply)
        else:
            if locked.status == Consultation.Status.ANSWERED:
                run_transition(
                    CONSULTATION_WORKFLOW,
                    locked,
                    "follow_up",
                    actor=actor,
                    extra={"reply": reply.pk},
                )
            notify_many(
                _desk_staff(locked),
                kind="consultation.follow_up",
                subject=_("Follow-up on consultation %(ref)s"),
                subject_params={"ref": locked.reference},
                template="portal/email/consultation_follow_up.txt",
                context={"consultation": locked, "reply": reply},
                dedupe_key=f"consultation_reply:{reply.pk}",
                url=reverse("portal:consultation_detail", args=[locked.pk]),
            )
    consultation.refresh_from_db()
    return reply


def _notify_asker(consultation: Consultation, reply: ConsultationReply) -> None:
    if consultation.asker_id:
        url = reverse("portal:consultation_detail", args=[consultation.pk])
    else:
        url = reverse("portal:consultation_guest", args=[consultation.access_token])
    notify(
        recipient=consultation.asker,
        email=consultation.asker_email,
        kind="consultation.answered",
        subject=_("Answer to your consultation %(ref)s"),
        subject_params={"ref": consultation.reference},
        template="portal/email/consultation_answered.txt",
        context={"consultation": consultation, "reply": reply},
        dedupe_key=f"consultation_reply:{reply.pk}",
        url=url,
    )


def consultation_close(
    *, consultation: Consultation, actor: User, comment: str = ""
) -> Consultation:
    def allowed(obj):
        return permissions.can_view_consultation(actor, obj)

    def apply(obj):
        obj.closed_at = timezone.now()
        return ["closed_at"]

    return run_transition(
        CONSULTATION_WORKFLOW,
        consultation,
        "close",
        actor=actor,
        comment=comment,
        allowed=allowed,
        apply=apply,
    ).obj


def consultation_reopen(*, consultation: Consultation, actor: User) -> Consultation:
    return run_transition(
        CONSULTATION_WORKFLOW,
        consultation,
        "reopen",
        actor=actor,
        allowed=lambda obj: permissions.can_view_consultation(actor, obj),
        apply=lambda obj: (setattr(obj, "closed_at", None), ["closed_at"])[1],
    ).obj


def consultation_assign(*, consultation: Consultation, officer: User, actor: User) -> Consultation:
    """Give the consultation to an officer who may answer it."""
    if not permissions.can_answer_consultation(actor, consultation):
        raise PermissionDenied
    if not permissions.can_answer_consultation(officer, consultation):
        raise ValidationError(
            _("%(name)s cannot answer consultations of this bureau.") % {"name": officer},
            code="officer_scope",
        )
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.assigned_to_id == officer.pk:
            return locked
        locked.assigned_to = officer
        locked.save(update_fields=["assigned_to"])
        audit(locked, actor=actor, action="assign", extra={"officer": officer.pk})
        if officer.pk != actor.pk:
            notify(
                recipient=officer,
                kind="consultation.assigned",
                subject=_("Consultation %(ref)s was assigned to you"),
                subject_params={"ref": locked.reference},
                template="portal/email/consultation_assigned.txt",
                context={"consultation": locked},
                dedupe_key=f"consultation:{locked.pk}:assigned:{officer.pk}:{timezone.now():%s}",
                url=reverse("portal:consultation_detail", args=[locked.pk]),
            )
    return locked


def consultation_hand_over(
    *, consultation: Consultation, municipality: Municipality, actor: User, note: str = ""
) -> Consultation:
    """HQ or the answering bureau hands a question over to ``municipality``: its staff see
    and answer the thread from now on (the desk still sees it). The asker keeps the same
    private link and thread.

    Preconditions: the actor may hand it over; an officer only to a municipality of their
    bureau; not closed, not handed over before (the table's row). Side effects: an audit
    event; the town's staff are told after commit.
    """
    if not permissions.can_hand_over_consultation(actor, consultation):
        raise PermissionDenied
    officer = actor.role == Role.BUREAU and not actor.is_superuser
    if officer and municipality.bureau_id != actor.bureau_id:
        raise ValidationError(
            {"municipality": _("Choose a municipality of your bureau.")}, code="bureau"
        )
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.answering_municipality_id == municipality.pk:
            return locked  # handed over already: safe to call twice
        # The table's row (in place): its statuses, roles and "not handed over yet".
        if not any(t.action == "hand_over" for t in CONSULTATION_WORKFLOW.available(locked, actor)):
            raise InvalidTransition
        if not permissions.can_hand_over_consultation(actor, locked):
            raise PermissionDenied
        locked.answering_municipality = municipality
        locked.save(update_fields=["answering_municipality"])
        audit(
            locked,
            actor=actor,
            action="hand_over",
            comment=note,
            extra={"municipality": municipality.pk},
        )
        notify_many(
            _town_staff(locked),
            kind="consultation.handed_over",
            subject=_("A consultation was handed over to you: %(ref)s %(subject)s"),
            subject_params={"ref": locked.reference, "subject": locked.subject},
            template="portal/email/consultation_handed_over.txt",
            context={"consultation": locked, "note": note},
            dedupe_key=f"consultation:{locked.pk}:handed_over:{municipality.pk}",
            url=reverse("portal:consultation_detail", args=[locked.pk]),
        )
    return locked


def consultation_open_guest(
    *,
    category: ConsultationCategory,
    name: str,
    email: str,
    subject: str,
    question: str,
    municipality=None,
    asker=None,
    bureau=None,
    answering_municipality=None,
) -> Consultation:
    """A question from someone who may have no account (e.g. a prospective 協力隊 member).

    Routed to HQ for HQ-run categories, else to the municipality's bureau (HQ when none is
    given); a pillar that knows better names the answering ``bureau`` itself, and an
    ``answering_municipality`` whose staff answer it too (told instead of the desk; the desk
    still sees it). The asker receives an acknowledgement with the private link to the
    thread.
    """
    if not category.is_active:
        raise ValidationError(_("This category no longer takes new questions."), code="inactive")
    if bureau is None and not category.routed_to_hq and municipality is not None:
        bureau = municipality.bureau
    with transaction.atomic():
        consultation = Consultation.objects.create(
            category=category,
            municipality=municipality,
            bureau=bureau,
            answering_municipality=answering_municipality,
            asker=asker if asker is not None and asker.is_authenticated else None,
            asker_name=name,
            asker_email=email.strip().lower(),
            subject=subject,
            question=question,
        )
        audit(consultation, actor=asker, action="open", to_status=consultation.status)
        # A question routed to a town reaches the town and, as always, the desk.
        notify_many(
            [*_town_staff(consultation), *_desk_officers(consultation)],
            kind="consultation.opened",
            subject=_("New consultation %(ref)s: %(subject)s"),
            subject_params={"ref": consultation.reference, "subject": subject},
            template="portal/email/consultation_opened.txt",
            context={"consultation": consultation},
            dedupe_key=f"consultation:{consultation.pk}:opened",
            url=reverse("portal:consultation_detail", args=[consultation.pk]),
        )
        notify(
            recipient=consultation.asker,
            email=consultation.asker_email,
            kind="consultation.received",
            subject=_("We received your question %(ref)s"),
            subject_params={"ref": consultation.reference},
            template="portal/email/consultation_received.txt",
            context={"consultation": consultation},
            dedupe_key=f"consultation:{consultation.pk}:received",
            url=reverse("portal:consultation_guest", args=[consultation.access_token]),
        )
    return consultation


def consultation_reply_as_guest(*, consultation: Consultation, body: str) -> ConsultationReply:
    """A follow-up written on the private thread page (the token is the authorisation)."""
    if not body.strip():
        raise ValidationError(_("Write a message."), code="empty")
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.status == Consultation.Status.CLOSED:
            raise ValidationError(_("This consultation is closed."), code="closed")
        reply = ConsultationReply.objects.create(
            consultation=locked, author=None, from_desk=False, body=body
        )
        if locked.status == Consultation.Status.ANSWERED:
            run_transition(
                CONSULTATION_WORKFLOW, locked, "follow_up", actor=None, extra={"reply": reply.pk}
            )
        notify_many(
            _desk_staff(locked),
            kind="consultation.follow_up",
            subject=_("Follow-up on consultation %(ref)s"),
            subject_params={"ref": locked.reference},
            template="portal/email/consultation_follow_up.txt",
            context={"consultation": locked, "reply": reply},
            dedupe_key=f"consultation_reply:{reply.pk}",
            url=reverse("portal:consultation_detail", args=[locked.pk]),
        )
    return reply


def consultation_link(*, consultation: Consultation, related, actor) -> Consultation:
    """Link a consultation to what it is about (an application, a project …) afterwards;
    the desk or the asker's side may, and the link is audited."""
    if not (
        permissions.can_answer_consultation(actor, consultation)
        or permissions.can_follow_up_consultation(actor, consultation)
    ):
        raise PermissionDenied
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        locked.related = related
        locked.save(update_fields=["related_type", "related_id"])
        audit(
            locked,
            actor=actor,
            action="link",
            extra={"related": f"{related._meta.label_lower}:{related.pk}"},
        )
    return locked
