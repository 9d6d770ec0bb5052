"""A long form as a task list of short sections, with what was typed kept as a draft
(CONVENTIONS §8): the grant application, the cooperative's certification application.

A pillar describes its sections (``Section``: the model fields it writes, those it needs to
be complete) in a ``TaskList``, and keeps the drafts in a JSON field ``section_drafts`` on the
object: input that did not validate is stored on the server as typed, shown again with its
errors when the section is opened, and makes the section count as in progress until a valid
save drops it. Everything here is pure; the pillar's services save the object.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"

STATUS_LABELS = {
    NOT_STARTED: _("Not started"),
    IN_PROGRESS: _("In progress"),
    COMPLETED: _("Completed"),
}

# What a section's POST carries beside the fields: never part of a draft.
NOT_TYPED = ("csrfmiddlewaretoken", "action", "remove")


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    fields: tuple[str, ...]
    required: tuple[str, ...]


class TaskList:
    """The sections of one form, in order."""

    def __init__(self, *sections: Section):
        self.sections = sections
        self.keys = tuple(s.key for s in sections)

    def __iter__(self):
        return iter(self.sections)

    def __len__(self) -> int:
        return len(self.sections)

    def get(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def position(self, key: str) -> dict:
        """Where a section stands, for its page: number, total, is_last."""
        number = self.keys.index(key) + 1
        return {"number": number, "total": len(self), "is_last": number == len(self)}

    def next_key(self, key: str) -> str | None:
        """The section after ``key``; None after the last (the check-your-answers page)."""
        index = self.keys.index(key) + 1
        return self.keys[index] if index < len(self.keys) else None


def filled(value) -> bool:
    return value not in (None, "", [])


def has_draft(obj, key: str) -> bool:
    return key in (obj.section_drafts or {})


def fields_status(obj, section: Section, *, required=None, skip: tuple[str, ...] = ()) -> str:
    """A section of plain fields: in progress while a draft is kept; complete when every
    required field (``required``, else the section's) is filled; in progress when any of its
    fields but ``skip`` (relations, booleans that always have a value) is."""
    if has_draft(obj, section.key):
        return IN_PROGRESS
    required = section.required if required is None else required
    if all(filled(getattr(obj, name)) for name in required):
        return COMPLETED
    values = [getattr(obj, name) for name in section.fields if name not in skip]
    return IN_PROGRESS if any(filled(v) for v in values) else NOT_STARTED


# --- Drafts ------------------------------------------------------------------------------------


def typed_values(querydict, form=None) -> dict:
    """What was typed in a section's POST, to keep as a draft: one value per field, a list
    for several values and for a multiple select (so one choice comes back as a choice)."""
    multi = set()
    if form is not None:
        multi = {
            form.add_prefix(name)
            for name, field in form.fields.items()
            if getattr(field.widget, "allow_multiple_selected", False)
        }
    return {
        key: values if (len(values) > 1 or key in multi) else values[0]
        for key, values in querydict.lists()
        if key not in NOT_TYPED
    }


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list | tuple):
        return [_without_nul(v) for v in value]
    return value


def draft_keep(obj, key: str, raw: dict) -> None:
    """Set the section's draft on ``obj`` (the caller saves ``section_drafts``)."""
    drafts = dict(obj.section_drafts or {})
    # PostgreSQL cannot store NUL in JSON text; the form reports it, the rest is kept.
    drafts[key] = {k: _without_nul(v) for k, v in raw.items() if k != "csrfmiddlewaretoken"}
    obj.section_drafts = drafts


def draft_drop(obj, key: str) -> bool:
    """Drop the section's draft from ``obj``; True if there was one (save ``section_drafts``)."""
    drafts = dict(obj.section_drafts or {})
    if drafts.pop(key, None) is None:
        return False
    obj.section_drafts = drafts
    return True


def draft_of(obj, key: str) -> dict | None:
    return (obj.section_drafts or {}).get(key)
