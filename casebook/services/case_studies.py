"""Case studies: drafting, proposals from municipalities and the publication workflow."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.concurrency import bump_version
from portal.models import Municipality
from portal.workflow import audit, run_transition

from ..models import CaseStudy, Origin, Status
from ..models.choices import population_band
from ..permissions import case_studies as permissions
from ..workflows.case_studies import CASE_STUDY_WORKFLOW
from .common import SUBJECTS, editors, notify_bureau, notify_case_study, public_content_changed
from .search import case_study_reindex

# Fields a save may change; status and dates move only through the transitions below.
CONTENT_FIELDS = (
    "title",
    "summary",
    "municipality",
    "fiscal_year",
    "pillar",
    "population",
    "challenge",
    "actions",
    "results",
    "budget_total",
    "budget_note",
    "contact_department",
    "contact_phone",
    "contact_email",
    "contact_url",
)


def _derive(case_study: CaseStudy) -> None:
    """Bureau, region and population band follow from the municipality and population."""
    municipality = Municipality.objects.select_related("bureau").get(pk=case_study.municipality_id)
    case_study.bureau_id = municipality.bureau_id
    case_study.region_id = municipality.bureau.region_id
    population = case_study.population
    if population is None:
        population = municipality.population
    case_study.population_band = population_band(population)


def case_study_save(
    *, case_study: CaseStudy, actor, changed_fields=None, themes=None, version: int | None = None
) -> CaseStudy:
    """Create or update a case study from content a form (or the admin) set on it.

    Creating: the actor must draft for the municipality (its bureau's officer, or an editor).
    Updating: the actor must be allowed to edit the stored case study (a bureau officer its
    drafts, an editor any but archived). A published case study keeps its URL; its change
    date (``content_updated_at``) is set. The search text is refreshed; call
    ``case_study_content_saved`` again after saving related rows (figures, funding).
    Updating with ``version`` (the version the page was opened at): if someone saved the
    case study since, raises ``StaleVersion`` and saves nothing.
    """
    with transaction.atomic():
        creating = case_study.pk is None
        if not creating:
            stored = (
                CaseStudy.objects.select_for_update(of=("self",))
                .defer("search_text", "search_grams")
                .get(pk=case_study.pk)
            )
            if not permissions.can_edit_case_study(actor, stored):
                raise PermissionDenied
            bump_version(CaseStudy, pk=case_study.pk, expected=version)
            # The workflow's fields are the stored ones, whatever the form carried.
            for name in ("status", "publish_at", "published_at", "origin", "view_count"):
                setattr(case_study, name, getattr(stored, name))
        if not permissions.can_draft_for_municipality(actor, case_study.municipality):
            raise PermissionDenied
        _derive(case_study)
        case_study.full_clean(exclude=["themes", "search_grams"])
        if creating:
            case_study.origin = Origin.HQ if permissions.is_editor(actor) else Origin.BUREAU
            case_study.created_by = actor if actor.is_authenticated else None
            case_study.save()
            audit(case_study, actor=actor, action="create", to_status=case_study.status)
        else:
            if case_study.status in (Status.PUBLISHED, Status.SCHEDULED):
                case_study.content_updated_at = timezone.now()
            case_study.save(
                update_fields=[
                    *CONTENT_FIELDS,
                    "bureau",
                    "region",
                    "population_band",
                    "content_updated_at",
                    "updated_at",
                ]
            )
            audit(
                case_study,
                actor=actor,
                action="edit",
                extra={"fields": sorted(changed_fields or [])},
            )
        if themes is not None:
            case_study.themes.set(themes)
        case_study_content_saved(case_study=case_study)
    return case_study


def case_study_content_saved(*, case_study: CaseStudy) -> None:
    """After a case study and its related rows were saved: reindex it, and refresh the
    public pages if it is public."""
    case_study_reindex(case_study_id=case_study.pk)
    if case_study.status == Status.PUBLISHED:
        public_content_changed()


def case_study_create(*, actor, municipality, themes=(), **fields) -> CaseStudy:
    """A new draft (bureau officers for their bureau's municipalities, editors for any)."""
    case_study = CaseStudy(municipality=municipality, **fields)
    return case_study_save(case_study=case_study, actor=actor, themes=list(themes))


def case_study_propose(*, actor, themes=(), **fields) -> CaseStudy:
    """Municipal staff propose a case study of their municipality: it arrives as a draft
    for their bureau, whose officers are notified."""
    if not permissions.can_propose_case_study(actor):
        raise PermissionDenied
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown or "municipality" in fields:
        raise ValidationError(
            _("These fields cannot be proposed: %s") % ", ".join(sorted(unknown)),
            code="not_proposable",
        )
    with transaction.atomic():
        case_study = CaseStudy(
            municipality_id=actor.municipality_id,
            origin=Origin.PROPOSAL,
            proposed_by=actor,
            created_by=actor,
            **fields,
        )
        _derive(case_study)
        case_study.full_clean(exclude=["themes", "search_grams"])
        case_study.save()
        case_study.themes.set(themes)
        audit(case_study, actor=actor, action="propose", to_status=case_study.status)
        case_study_reindex(case_study_id=case_study.pk)
        notify_bureau(
            case_study,
            kind="casebook_proposed",
            subject=SUBJECTS["proposed"],
            template="casebook/email/proposed.txt",
            key="proposed",
            proposer=actor,
        )
    return case_study


# --- The workflow ------------------------------------------------------------------------


def _transition(case_study, action, *, actor, allowed, comment="", apply=None, extra=None):
    return run_transition(
        CASE_STUDY_WORKFLOW,
        case_study,
        action,
        actor=actor,
        comment=comment,
        allowed=allowed,
        apply=apply,
        extra=extra,
    )


def case_study_submit(*, case_study: CaseStudy, actor, comment: str = "") -> CaseStudy:
    """Draft → review. The bureau's officers (or an editor) send it; editors are notified."""
    with transaction.atomic():
        result = _transition(
            case_study,
            "submit",
            actor=actor,
            comment=comment,
            allowed=lambda locked: permissions.can_submit_case_study(actor, locked),
        )
        if result.changed:
            notify_case_study(
                case_study,
                editors(),
                kind="casebook_submitted",
                subject=SUBJECTS["submitted"],
                template="casebook/email/submitted.txt",
                key=f"submitted:{result.event.pk}",
                comment=comment,
            )
    return result.obj


def case_study_return(*, case_study: CaseStudy, actor, reason: str) -> CaseStudy:
    """Review (or scheduled) → draft, with the editor's reason for the bureau."""
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say what should be changed."), code="required")}
        )
    with transaction.atomic():
        result = _transition(
            case_study,
            "return",
            actor=actor,
            comment=reason,
            allowed=lambda locked: permissions.can_review_case_study(actor, locked),
        )
        if result.changed:
            notify_bureau(
                case_study,
                kind="casebook_returned",
                subject=SUBJECTS["returned"],
                template="casebook/email/returned.txt",
                key=f"returned:{result.event.pk}",
                reason=reason,
            )
            public_content_changed()  # a scheduled one no longer has a due time
    return result.obj


def _published_fields(when):
    def apply(locked):
        fields = []
        if locked.published_at is None:
            locked.published_at = when
            locked.content_updated_at = when
            fields += ["published_at", "content_updated_at"]
        return fields

    return apply


def _after_publication(case_study: CaseStudy, event) -> None:
    case_study_reindex(case_study_id=case_study.pk)  # published: its grams are written
    public_content_changed()
    recipients = []
    if case_study.proposed_by_id:
        recipients.append(case_study.proposed_by)
    notify_case_study(
        case_study,
        recipients,
        kind="casebook_published",
        subject=SUBJECTS["published"],
        template="casebook/email/published.txt",
        key=f"published:{event.pk}",
        url=case_study.get_absolute_url(),
    )
    notify_bureau(
        case_study,
        kind="casebook_published",
        subject=SUBJECTS["published"],
        template="casebook/email/published.txt",
        key=f"published-bureau:{event.pk}",
        url=case_study.get_absolute_url(),
    )


def case_study_publish(*, case_study: CaseStudy, actor, comment: str = "") -> CaseStudy:
    """Review (or scheduled) → published now. Editors only."""
    with transaction.atomic():
        result = _transition(
            case_study,
            "publish",
            actor=actor,
            comment=comment,
            allowed=lambda locked: permissions.can_review_case_study(actor, locked),
            apply=_published_fields(timezone.now()),
        )
        if result.changed:
            _after_publication(result.obj, result.event)
    return result.obj


def case_study_schedule(
    *, case_study: CaseStudy, actor, publish_at, comment: str = ""
) -> CaseStudy:
    """Review → scheduled: published by the system at ``publish_at`` (in the future)."""
    if publish_at is None or publish_at <= timezone.now():
        raise ValidationError(
            {
                "publish_at": ValidationError(
                    _("Choose a date and time in the future."), code="not_future"
                )
            }
        )

    def apply(locked):
        locked.publish_at = publish_at
        return ["publish_at"]

    with transaction.atomic():
        result = _transition(
            case_study,
            "schedule",
            actor=actor,
            comment=comment,
            allowed=lambda locked: permissions.can_review_case_study(actor, locked),
            apply=apply,
            extra={"publish_at": publish_at.isoformat()},
        )
        if result.changed:
            public_content_changed()
    return result.obj


def case_study_unschedule(*, case_study: CaseStudy, actor) -> CaseStudy:
    with transaction.atomic():
        result = _transition(
            case_study,
            "unschedule",
            actor=actor,
            allowed=lambda locked: permissions.can_review_case_study(actor, locked),
        )
        if result.changed:
            public_content_changed()
    return result.obj


def case_studies_publish_due(*, now=None) -> int:
    """Publish every scheduled case study whose time has come. Only the beat task
    ``casebook.tasks.publish_due_case_studies`` (every minute) calls it: no page does, so a
    case study scheduled for 10:00 is public by about 10:01. Safe to run twice and from
    several processes: each row is locked and moved once."""
    now = now or timezone.now()
    due = CaseStudy.objects.filter(status=Status.SCHEDULED, publish_at__lte=now).values_list(
        "pk", "publish_at"
    )
    published = 0
    for pk, publish_at in list(due):
        with transaction.atomic():
            case_study = CaseStudy.objects.defer("search_text", "search_grams").get(pk=pk)
            if case_study.status != Status.SCHEDULED:
                continue
            result = run_transition(
                CASE_STUDY_WORKFLOW,
                case_study,
                "go_live",
                actor=None,
                apply=_published_fields(publish_at),
            )
            if result.changed:
                published += 1
                _after_publication(result.obj, result.event)  # a new cache generation
    return published


def case_study_archive(*, case_study: CaseStudy, actor, reason: str = "") -> CaseStudy:
    """Published → archived: off the public site (its URL then answers 404)."""
    with transaction.atomic():
        result = _transition(
            case_study,
            "archive",
            actor=actor,
            comment=reason,
            allowed=lambda locked: permissions.can_review_case_study(actor, locked),
        )
        if result.changed:
            case_study_reindex(case_study_id=case_study.pk)  # no longer searchable
            public_content_changed()
    return result.obj


def case_study_restore(*, case_study: CaseStudy, actor) -> CaseStudy:
    """Archived → published again, at the same URL."""
    with transaction.atomic():
        result = _transition(
            case_study,
            "restore",
            actor=actor,
            allowed=lambda locked: permissions.can_review_case_study(actor, locked),
        )
        if result.changed:
            case_study_reindex(case_study_id=case_study.pk)
            public_content_changed()
    return result.obj
