"""Advice on national revitalisation grants (F3), on the kernel's consultation desk.

A municipality asks (category 国の交付金), optionally about one of its grant applications
(F1) or a bureau project that serves it (F2); the bureau answers on the kernel's page and
may bring HQ in; whoever answers tags the programmes the question referred to, and may
publish an anonymised copy as an FAQ entry. Officers keep the knowledge base.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Consultation, ConsultationCategory, Role, User
from portal.services.consultations import consultation_open
from portal.services.notifications import hq_staff, notify_many
from portal.workflow import audit

from ..models import Application, PolicyProject
from ..models.national import (
    NATIONAL_GRANTS_CATEGORY,
    FAQEntry,
    NationalConsultation,
    NationalGrantProgramme,
)
from ..permissions import applications as permissions
from ..selectors.national import normalise_search

# --- The knowledge base ---------------------------------------------------------------------

SEARCHED_FIELDS = ("name", "ministry", "purpose", "rate", "deadlines", "keywords")


def national_programme_save(*, programme: NationalGrantProgramme, actor) -> NationalGrantProgramme:
    """Create or update a programme of the knowledge base (officers and HQ)."""
    if not permissions.can_curate_national_grants(actor):
        raise PermissionDenied
    creating = programme.pk is None
    programme.search_text = normalise_search(
        " ".join(str(getattr(programme, name) or "") for name in SEARCHED_FIELDS)
    )
    programme.updated_by = actor
    with transaction.atomic():
        programme.save()
        audit(programme, actor=actor, action="create" if creating else "update")
    return programme


# --- Asking ---------------------------------------------------------------------------------


def _check_related(actor, related) -> None:
    """A question may concern the asker's own application or a project serving them."""
    if related is None:
        return
    if isinstance(related, Application):
        allowed = permissions.can_view_application(actor, related)
    elif isinstance(related, PolicyProject):
        allowed = permissions.can_view_policy_project(actor, related)
    else:
        allowed = False
    if not allowed:
        raise ValidationError(
            _("Choose an application or project of your municipality."), code="related"
        )


def national_consultation_open(
    *,
    actor: User,
    subject: str,
    question: str,
    uploads=(),
    related=None,
    programmes=(),
) -> Consultation:
    """Ask the bureau about national grants, through the kernel's desk.

    ``related``: the F1 application or F2 project the question concerns (linked through the
    consultation's generic relation). ``programmes``: knowledge-base entries the asker
    thinks apply. Side effects: the kernel notifies the desk after commit.
    """
    if not permissions.can_ask_about_national_grants(actor):
        raise PermissionDenied
    _check_related(actor, related)
    category = ConsultationCategory.objects.get(code=NATIONAL_GRANTS_CATEGORY)
    with transaction.atomic():
        consultation = consultation_open(
            actor=actor,
            category=category,
            subject=subject,
            question=question,
            uploads=uploads,
            related=related,
        )
        info = NationalConsultation.objects.create(consultation=consultation)
        if programmes:
            info.programmes.set(programmes)
    return consultation


# --- Handling on the desk side --------------------------------------------------------------


def _national(consultation: Consultation) -> None:
    if consultation.category.code != NATIONAL_GRANTS_CATEGORY:
        raise ValidationError(_("This consultation is not about national grants."), code="category")


def national_consultation_tag(
    *, consultation: Consultation, actor: User, programmes
) -> NationalConsultation:
    """Record which knowledge-base programmes the consultation referred to."""
    _national(consultation)
    if not permissions.can_handle_national_consultation(actor, consultation):
        raise PermissionDenied
    programmes = list(programmes)
    with transaction.atomic():
        info, _created = NationalConsultation.objects.select_for_update().get_or_create(
            consultation=consultation
        )
        before = set(info.programmes.values_list("pk", flat=True))
        after = {p.pk for p in programmes}
        if before != after:
            info.programmes.set(programmes)
            audit(
                consultation,
                actor=actor,
                action="tag_programmes",
                extra={"programmes": sorted(after)},
            )
    return info


HQ_SUBJECT = gettext_lazy("A bureau asks HQ to help with consultation %(ref)s")


def national_consultation_refer_to_hq(
    *, consultation: Consultation, actor: User, note: str
) -> NationalConsultation:
    """The bureau brings HQ in: HQ staff are notified and may answer on the consultation's
    page (the kernel lets HQ answer any consultation). Safe to call twice."""
    _national(consultation)
    if not permissions.can_refer_to_hq(actor, consultation):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Tell HQ what you need help with."), code="note")
    with transaction.atomic():
        info, _created = NationalConsultation.objects.select_for_update().get_or_create(
            consultation=consultation
        )
        if info.hq_referred_at is not None:
            return info
        info.hq_referred_at = timezone.now()
        info.hq_referred_by = actor
        info.hq_referral_note = note
        info.save(update_fields=["hq_referred_at", "hq_referred_by", "hq_referral_note"])
        audit(consultation, actor=actor, action="refer_hq", comment=note)
        notify_many(
            hq_staff(),
            kind="consultation.referred_to_hq",
            subject=HQ_SUBJECT,
            subject_params={"ref": consultation.reference},
            template="grants/email/national_referred_to_hq.txt",
            context={"consultation": consultation, "note": note, "bureau": actor.bureau},
            dedupe_key=f"consultation:{consultation.pk}:referred_to_hq",
            url=reverse("grants:national_consultation_detail", args=[consultation.pk]),
        )
    return info


# --- The FAQ --------------------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"0\d{1,4}-\d{1,4}-\d{3,4}|0\d{9,10}")


def personal_data_in(text: str, consultation: Consultation) -> list[str]:
    """What an FAQ text still says about people: email addresses, phone numbers, and the
    names of the asker and of everyone who wrote in the thread."""
    found = [match.group(0) for match in EMAIL.finditer(text)]
    found += [match.group(0) for match in PHONE.finditer(text.replace("－", "-"))]
    names = {consultation.asker_name}
    people = {consultation.asker_id, consultation.assigned_to_id}
    people |= set(consultation.replies.values_list("author_id", flat=True))
    names |= set(
        User.objects.filter(pk__in=[p for p in people if p]).values_list("name", flat=True)
    )
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        # A name written with or without the space between family and given name.
        for variant in {name, name.replace(" ", ""), name.replace("\u3000", ""), *name.split()}:
            if len(variant) >= 2 and variant in text:
                found.append(variant)
    return sorted(set(found))


def faq_publish(
    *,
    consultation: Consultation,
    actor: User,
    question: str,
    answer: str,
    programme: NationalGrantProgramme | None = None,
) -> FAQEntry:
    """Publish an anonymised copy of an answered consultation as an FAQ entry.

    Refuses a text that still names a person of the thread or gives an email address or
    phone number. The source consultation stays internal.
    """
    _national(consultation)
    if not permissions.can_publish_faq(actor, consultation):
        raise PermissionDenied
    question, answer = (question or "").strip(), (answer or "").strip()
    if not question or not answer:
        raise ValidationError(_("Write both the question and the answer."), code="empty")
    found = personal_data_in(f"{question}\n{answer}", consultation)
    if found:
        raise ValidationError(
            _(
                "Remove personal data before publishing (names, email addresses, phone "
                "numbers): %(found)s"
            )
            % {"found": "、".join(found)},
            code="personal_data",
        )
    try:
        with transaction.atomic():
            entry = FAQEntry.objects.create(
                question=question,
                answer=answer,
                programme=programme,
                source=consultation,
                bureau=actor.bureau if actor.role == Role.BUREAU else None,
                is_published=True,
                published_at=timezone.now(),
                published_by=actor,
            )
            audit(entry, actor=actor, action="publish", extra={"consultation": consultation.pk})
    except IntegrityError:
        raise ValidationError(
            _("This consultation has already been published as an FAQ entry."), code="duplicate"
        ) from None
    return entry


def faq_update(*, entry: FAQEntry, actor: User, question: str, answer: str, programme=None):
    """Correct a published entry; the same check for personal data applies."""
    if not permissions.can_edit_faq_entry(actor, entry):
        raise PermissionDenied
    if entry.source is not None:
        found = personal_data_in(f"{question}\n{answer}", entry.source)
        if found:
            raise ValidationError(
                _(
                    "Remove personal data before publishing (names, email addresses, phone "
                    "numbers): %(found)s"
                )
                % {"found": "、".join(found)},
                code="personal_data",
            )
    with transaction.atomic():
        entry.question, entry.answer, entry.programme = question.strip(), answer.strip(), programme
        entry.save(update_fields=["question", "answer", "programme", "updated_at"])
        audit(entry, actor=actor, action="update")
    return entry


def faq_set_published(*, entry: FAQEntry, actor: User, published: bool) -> FAQEntry:
    """Withdraw an entry from the FAQ page, or publish it again."""
    if not permissions.can_edit_faq_entry(actor, entry):
        raise PermissionDenied
    with transaction.atomic():
        locked = FAQEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.is_published == published:
            return locked
        locked.is_published = published
        fields = ["is_published", "updated_at"]
        if published and locked.published_at is None:
            locked.published_at = timezone.now()
            fields.append("published_at")
        locked.save(update_fields=fields)
        audit(locked, actor=actor, action="publish" if published else "unpublish")
    entry.is_published = locked.is_published
    return locked
