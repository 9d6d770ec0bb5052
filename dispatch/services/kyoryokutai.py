"""Positions and trial programmes on the volunteers' portal (H3): draft, publish, correct,
close. The municipality posts; its bureau and HQ may post for it.

Every function checks the actor's scope, writes in one transaction, keeps the search text
in step and writes an audit event. Publishing makes a posting public at once; nothing is
sent to anyone (the Atom feed carries the news).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.concurrency import bump_version
from portal.pagecache import invalidate_on_commit
from portal.workflow import audit, run_transition

from ..kyoryokutai_text import search_text_of
from ..models import Position, PostingStatus, TrialProgramme
from ..permissions import requests as permissions
from ..workflows.kyoryokutai import POSITION_WORKFLOW, TRIAL_WORKFLOW

COMMON_FIELDS = (
    "title",
    "description",
    "how_to_apply",
    "contact_name",
    "contact_phone",
    "contact_email",
    "url",
)
POSITION_FIELDS = (
    *COMMON_FIELDS,
    "activity",
    "openings",
    "term_years",
    "pay_min",
    "pay_max",
    "housing",
    "vehicle",
    "conditions",
    "applications_open",
    "applications_close",
)
TRIAL_FIELDS = (
    *COMMON_FIELDS,
    "kind",
    "starts_on",
    "ends_on",
    "capacity",
    "applications_close",
    "costs",
)


def _workflow(posting):
    return POSITION_WORKFLOW if isinstance(posting, Position) else TRIAL_WORKFLOW


def _fields(posting) -> tuple[str, ...]:
    return POSITION_FIELDS if isinstance(posting, Position) else TRIAL_FIELDS


def _search_text(position: Position, missions) -> str:
    names = [f"{m.name} {m.name_en}" for m in missions]
    return search_text_of(
        position.title,
        position.activity,
        position.description,
        position.municipality.name,
        *names,
    )


def _validate(posting) -> None:
    errors = {}
    if isinstance(posting, Position):
        if posting.applications_close < posting.applications_open:
            errors["applications_close"] = _("The window must close after it opens.")
        if (
            posting.pay_min is not None
            and posting.pay_max is not None
            and posting.pay_max < posting.pay_min
        ):
            errors["pay_max"] = _("The upper end of the pay must not be below the lower end.")
        if not 1 <= posting.term_years <= 3:
            errors["term_years"] = _("Volunteers are commissioned for one to three years.")
    else:
        if posting.ends_on < posting.starts_on:
            errors["ends_on"] = _("The programme must end on or after the day it starts.")
        if posting.applications_close and posting.applications_close > posting.ends_on:
            errors["applications_close"] = _(
                "Applications must close before the programme is over."
            )
    if errors:
        raise ValidationError(errors)


def _missions(data):
    missions = list(data.get("missions") or [])
    if not missions:
        raise ValidationError({"missions": _("Choose at least one mission.")})
    return missions


def _create(model, *, actor, municipality, data):
    draft = model(municipality=municipality, bureau_id=municipality.bureau_id)
    if not permissions.can_post_kyoryokutai(actor) or not permissions.can_manage_posting(
        actor, draft
    ):
        raise PermissionDenied
    for name in _fields(draft):
        if name in data:
            setattr(draft, name, data[name])
    missions = _missions(data)
    _validate(draft)
    with transaction.atomic():
        draft.created_by = actor
        if isinstance(draft, Position):
            draft.search_text = _search_text(draft, missions)
        draft.save()
        draft.missions.set(missions)
        audit(draft, actor=actor, action="create", to_status=draft.status)
    return draft


def position_create(*, actor, municipality, data: dict) -> Position:
    """A draft position of ``municipality`` (the actor's own, or one of their scope)."""
    return _create(Position, actor=actor, municipality=municipality, data=data)


def trial_create(*, actor, municipality, data: dict) -> TrialProgramme:
    return _create(TrialProgramme, actor=actor, municipality=municipality, data=data)


def posting_save(*, posting, actor, data: dict, version: int | None = None):
    """Correct a draft or a published posting (a closed one is kept as it was).

    ``version``: the version the page was opened at; if someone saved the posting since,
    raises ``StaleVersion`` and saves nothing. None (scripts): not checked.
    """
    model = type(posting)
    with transaction.atomic():
        locked = model.objects.select_for_update().select_related("municipality").get(pk=posting.pk)
        if not permissions.can_manage_posting(actor, locked):
            raise PermissionDenied
        if locked.status == PostingStatus.CLOSED:
            raise ValidationError(_("A closed posting can no longer be changed."), code="closed")
        bump_version(model, pk=locked.pk, expected=version)
        # The full save below writes the version too: it must be the one just set.
        locked.refresh_from_db(fields=["version"])
        changed = []
        for name in _fields(locked):
            if name in data and getattr(locked, name) != data[name]:
                setattr(locked, name, data[name])
                changed.append(name)
        missions = _missions(data)
        _validate(locked)
        if isinstance(locked, Position):
            locked.search_text = _search_text(locked, missions)
            changed.append("search_text")
        locked.save()
        if {m.pk for m in missions} != set(locked.missions.values_list("pk", flat=True)):
            locked.missions.set(missions)
            changed.append("missions")
        if locked.status == PostingStatus.PUBLISHED:
            invalidate_on_commit()
        audit(
            locked,
            actor=actor,
            action="edit",
            extra={"fields": sorted(set(changed) - {"search_text"})},
        )
    return locked


def _transition(posting, action: str, *, actor, check=None, apply=None):
    def allowed(obj):
        return permissions.can_manage_posting(actor, obj)

    if not permissions.can_manage_posting(actor, posting):
        raise PermissionDenied
    _workflow(posting).ensure_possible(posting, action)
    if check is not None:
        check(posting)
    result = run_transition(
        _workflow(posting), posting, action, actor=actor, allowed=allowed, apply=apply
    ).obj
    # Published postings are on the home page and the municipality's page (cached).
    invalidate_on_commit()
    return result


def _window_not_over(posting) -> None:
    today = timezone.localdate()
    last_day = posting.applications_close if isinstance(posting, Position) else posting.ends_on
    if last_day is not None and last_day < today:
        raise ValidationError(
            _("The closing date has passed. Change the dates before publishing."),
            code="past",
        )


def posting_publish(*, posting, actor):
    """Draft → published: public on the portal and in the feed at once."""

    def apply(obj):
        if obj.published_at is None:
            obj.published_at = timezone.now()
            return ["published_at"]
        return []

    return _transition(posting, "publish", actor=actor, check=_window_not_over, apply=apply)


def posting_unpublish(*, posting, actor):
    """Published → draft, to correct something substantial out of sight."""
    return _transition(posting, "unpublish", actor=actor)


def posting_close(*, posting, actor):
    """Published → closed: stays on the municipality's page among past postings."""

    def apply(obj):
        obj.closed_at = timezone.now()
        return ["closed_at"]

    return _transition(posting, "close", actor=actor, apply=apply)


def posting_reopen(*, posting, actor):
    def apply(obj):
        obj.closed_at = None
        return ["closed_at"]

    return _transition(posting, "reopen", actor=actor, check=_window_not_over, apply=apply)


POSTING_ACTIONS = {
    "publish": posting_publish,
    "unpublish": posting_unpublish,
    "close": posting_close,
    "reopen": posting_reopen,
}
