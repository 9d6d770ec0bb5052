"""Optimistic concurrency: a save based on a page someone else has changed since is refused.

Several staff of a municipality (or a bureau) edit the same objects. Without a check, the
last save silently overwrites the one before it. Every editable object therefore carries an
integer version. A page carries the version it was opened at in a hidden field, and the
saving service moves the version on with one conditional UPDATE inside its transaction::

    UPDATE … SET version = version + 1 WHERE id = %s AND version = <the page's version>

No row updated means someone saved first: the service raises ``StaleVersion`` and writes
nothing. No lock is held between requests, and a tampered or missing version can only make
a save stale (or unchecked), never overwrite anything the user could not overwrite anyway.

The page also carries a signed snapshot of what it showed (``base``), so that a refused
save can say exactly what changed since the user opened the page: the field, what they saw,
what is saved now (and for tables such as budget lines: rows added, removed, changed). The
form comes back with everything the user typed, carrying the current version: they re-apply
what they meant and save again. ``templates/portal/includes/stale_changes.html`` shows it.

- ``bump_version`` — the conditional UPDATE, for services;
- ``VersionedFormMixin`` — the hidden fields, the snapshot and ``refuse_stale`` for forms;
- ``VersionedModelFormMixin`` — the same for a ModelForm of an object with a ``version``
  column (the admin's change forms): it stamps itself and checks in ``clean``;
- ``object_changes`` — what differs between two snapshots.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F, Model
from django.forms.models import model_to_dict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .japanese import yen

STALE_MESSAGE = _("Someone else updated this before you.")
VERSION_FIELD = "version"
BASE_FIELD = "base"
_SALT = "portal.concurrency.base"


class StaleVersion(ValidationError):
    """The object was saved by someone else since the page was opened.

    A ValidationError, so that a view that knows nothing of versions still shows the message
    at the top of its form; views that do know show what changed (``refuse_stale``).
    """

    def __init__(self, message=STALE_MESSAGE):
        super().__init__(message, code="stale")


def bump_version(
    model: type[Model], *, pk, expected: int | None, field: str = VERSION_FIELD
) -> None:
    """Move the version of row ``pk`` on by one if it is still ``expected``; else raise
    ``StaleVersion``. Call it inside the saving service's transaction, before writing, so a
    stale save writes nothing.

    ``expected=None`` (a caller without a page: the demo, a script, a workflow step) moves
    the version on unconditionally, so pages opened before still see that it changed.
    """
    queryset = model._default_manager.filter(pk=pk)
    if expected is not None:
        queryset = queryset.filter(**{field: expected})
    if not queryset.update(**{field: F(field) + 1}):
        raise StaleVersion


# --- What changed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between what the page showed and what is saved now.

    ``kind``: "changed" for a field or a row, "added" or "removed" for a row of a table.
    ``before`` is None when the page's snapshot could not be read (then only the saved
    value is known).
    """

    label: str
    before: str | None
    after: str
    kind: str = "changed"


def object_changes(
    before: dict | None, current: dict, *, labels: dict[str, str], row_label: str = ""
) -> list[Change]:
    """The differences between two snapshots (see ``VersionedFormMixin.snapshot``): fields in
    the order of ``labels``, then the rows of the table, matched by id."""
    before_fields = (before or {}).get("fields")
    current_fields = current.get("fields", {})
    changes = []
    for name, label in labels.items():
        after = current_fields.get(name, "")
        if before_fields is None:
            changes.append(Change(label, None, after))
        elif before_fields.get(name, "") != after:
            changes.append(Change(label, before_fields.get(name, ""), after))
    if current.get("rows") is not None:
        changes.extend(_row_changes((before or {}).get("rows"), current["rows"], str(row_label)))
    return changes


def _row_changes(before: list | None, current: list, label: str) -> list[Change]:
    if before is None:
        return [Change(label, None, row["text"]) for row in current]
    old = {row["id"]: row["text"] for row in before}
    new = {row["id"]: row["text"] for row in current}
    changes = [
        Change(label, old[row_id], text)
        for row_id, text in new.items()
        if row_id in old and old[row_id] != text
    ]
    changes += [
        Change(label, "", text, "added") for row_id, text in new.items() if row_id not in old
    ]
    changes += [
        Change(label, text, "", "removed") for row_id, text in old.items() if row_id not in new
    ]
    return changes


def display_value(field: forms.Field, value) -> str:
    """A value as the page shows it: the label of a choice, the name of a record, 1,200円."""
    if value in (None, "") or (isinstance(value, list | tuple | set) and not value):
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return "、".join(sorted(_labels(field, value)))
    if isinstance(field, forms.ModelChoiceField):
        return next(iter(_labels(field, [value])), "")
    if isinstance(field, forms.ChoiceField):
        choices = dict(_flat_choices(field.choices))
        values = value if isinstance(value, list | tuple) else [value]
        return "、".join(str(choices.get(str(v), v)) for v in values)
    if isinstance(field, forms.BooleanField):
        return gettext("Yes") if value else gettext("No")
    # An amount field says so (``YenField.shows_yen``): the forms import this module.
    if getattr(field, "shows_yen", False) and isinstance(value, int):
        return yen(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _labels(field: forms.ModelChoiceField, values: Iterable) -> list[str]:
    instances = [v for v in values if isinstance(v, Model)]
    pks = [v for v in values if not isinstance(v, Model)]
    if pks:
        instances += list(field.queryset.model._default_manager.filter(pk__in=pks))
    return [str(field.label_from_instance(obj)) for obj in instances]


def _flat_choices(choices) -> Iterable[tuple[str, object]]:
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from ((str(k), v) for k, v in label)
        else:
            yield str(key), label


def sign_snapshot(snapshot: dict) -> str:
    return signing.dumps(snapshot, salt=_SALT, compress=True)


def read_snapshot(value) -> dict | None:
    """The snapshot a page carried, or None if it is missing or was tampered with."""
    if not value:
        return None
    try:
        snapshot = signing.loads(value, salt=_SALT)
    except signing.BadSignature:
        return None
    return snapshot if isinstance(snapshot, dict) else None


# --- Forms ----------------------------------------------------------------------------------


class VersionedFormMixin:
    """A form that carries the version (and a snapshot) of what it was opened on.

    Put it before the form's base class. The view stamps an unbound form with
    ``stamp(version=…, values=…)`` (the values the form shows, as for ``initial``), passes
    ``base_version`` to the service, and on ``StaleVersion`` calls ``refuse_stale`` with the
    saved object's current version and values: the form keeps what was typed, says so at the
    top, lists ``stale_changes`` and carries the current version, so saving again works.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields[BASE_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.stale_changes: list[Change] = []
        self.is_stale = False

    # -- what the page carries

    def version_labels(self) -> dict[str, str]:
        """The fields compared, with their labels. Files are not: uploads are added to an
        object, never replaced by a save, so they cannot be lost by one."""
        return {
            name: str(field.label or name)
            for name, field in self.fields.items()
            if name not in (VERSION_FIELD, BASE_FIELD) and not isinstance(field, forms.FileField)
        }

    def snapshot(self, values: dict, *, rows: list[dict] | None = None) -> dict:
        """What the page shows, as text per field; ``rows``: a table's lines as
        ``{"id": …, "text": …}`` (matched by id when comparing)."""
        snapshot = {
            "fields": {
                name: display_value(self.fields[name], values.get(name))
                for name in self.version_labels()
            }
        }
        if rows is not None:
            snapshot["rows"] = rows
        return snapshot

    def stamp(self, *, version: int, values: dict, rows: list[dict] | None = None) -> None:
        """Carry ``version`` and the snapshot of ``values`` (an unbound form)."""
        base = sign_snapshot(self.snapshot(values, rows=rows))
        self.initial[VERSION_FIELD] = version
        self.initial[BASE_FIELD] = base

    @property
    def base_version(self) -> int | None:
        """The version the page was opened at; None if the page carried none (a client
        that does not take part: the save is not checked); -1, which no row has, if it is
        not a number (tampered: the save is refused as stale)."""
        raw = self[VERSION_FIELD].value()
        if raw in (None, ""):
            return None
        try:
            version = int(raw)
        except (TypeError, ValueError):
            return -1
        return version if version >= 0 else -1

    # -- a stale save

    def refuse_stale(
        self,
        *,
        version: int,
        values: dict,
        rows: list[dict] | None = None,
        row_label: str = "",
    ) -> None:
        """The save was refused: keep what was typed, say why at the top, list what changed
        since the page was opened, and carry the current version so saving again works."""
        current = self.snapshot(values, rows=rows)
        base = read_snapshot(self[BASE_FIELD].value())
        self.stale_changes = object_changes(
            base, current, labels=self.version_labels(), row_label=row_label
        )
        self.is_stale = True
        self.add_error(None, ValidationError(STALE_MESSAGE, code="stale"))
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = str(version)
        data[self.add_prefix(BASE_FIELD)] = sign_snapshot(current)
        self.data = data


class VersionedModelFormMixin(VersionedFormMixin):
    """A ModelForm of an object with a ``version`` column, such as an admin change form.

    An unbound form stamps itself from its instance. ``clean`` compares the version posted
    with the stored one (a read, so that a stale page comes back as a form error with what
    changed, before anything is saved); the saving service's conditional UPDATE stays the
    guard against two saves at the same moment.
    """

    version_field = VERSION_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            self.stamp(
                version=getattr(self.instance, self.version_field),
                values=self.saved_values(self.instance),
            )

    def saved_values(self, instance) -> dict:
        return model_to_dict(instance, fields=list(self.version_labels()))

    def clean(self):
        data = super().clean()
        expected = self.base_version
        if expected is not None and self.instance.pk is not None:
            current = type(self.instance)._default_manager.get(pk=self.instance.pk)
            version = getattr(current, self.version_field)
            if version != expected:
                self.refuse_stale(version=version, values=self.saved_values(current))
        return data
