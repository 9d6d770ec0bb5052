"""Related ids typed by hand ("abc", a 20-digit number) answered with a form error, never a 500.

Two places in Django send a posted id to the database without checking that the column can
hold it:

- the admin's autocomplete widget (``autocomplete_fields``) looks up the posted ids to draw the
  selected option again when the form comes back with errors, and "abc" on an integer key
  raises ``ValueError`` while the page is rendered;
- ``ModelMultipleChoiceField`` looks up all the posted ids with ``__in``, which Django does not
  guard against integers out of range as it does ``exact``: SQLite raises ``OverflowError``.

Both are wrapped once, here, from ``PortalConfig.ready()``, so every form holds (every admin,
ours, Django's and allauth's, and the portal's own forms), not only the ones written with
this in mind. The wrappers call Django's own methods after dropping (the widget) or refusing
(the field) the values the column cannot hold; ``tests/portal/test_admin_bad_ids.py`` walks
every registered admin.
"""

from __future__ import annotations

import functools

from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.forms import ModelMultipleChoiceField


def usable_id(field: models.Field, value, *, using: str = "default"):
    """``value`` as ``field``'s column can compare it, or ``None`` when it cannot: it must
    convert to the field's type and, for an integer column, lie within what the database
    stores. Integers come back as their plain text, so full-width digits ("１２") name the
    same row as half-width ones, as they do in a single-choice field."""
    if isinstance(value, models.Model) or value in (None, ""):
        return value
    try:
        python = field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None
    if isinstance(field, models.IntegerField) and python is not None:
        low, high = connections[using].ops.integer_field_range(field.get_internal_type())
        if (low is not None and python < low) or (high is not None and python > high):
            return None
        return str(python)
    return value


def _autocomplete_target(widget) -> models.Field:
    # The same target field Django's AutocompleteMixin.optgroups looks the ids up by.
    remote = widget.field.remote_field
    opts = remote.model._meta
    return opts.get_field(getattr(remote, "field_name", opts.pk.attname))


def _safe_optgroups(optgroups):
    @functools.wraps(optgroups)
    def wrapper(self, name, value, attr=None):
        target = _autocomplete_target(self)
        using = self.db or "default"
        usable = (usable_id(target, v, using=using) for v in value)
        return optgroups(self, name, [v for v in usable if v is not None], attr)

    wrapper.portal_safe = True
    return wrapper


def _safe_clean(clean):
    @functools.wraps(clean)
    def wrapper(self, value):
        if isinstance(value, list | tuple):
            opts = self.queryset.model._meta
            target = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
            checked = []
            for item in value:
                usable = usable_id(target, item, using=self.queryset.db)
                if usable is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
                checked.append(usable)
            value = checked
        return clean(self, value)

    wrapper.portal_safe = True
    return wrapper


def install() -> None:
    """Wrap the two Django methods (once, however often it is called)."""
    if not getattr(AutocompleteMixin.optgroups, "portal_safe", False):
        AutocompleteMixin.optgroups = _safe_optgroups(AutocompleteMixin.optgroups)
    if not getattr(ModelMultipleChoiceField.clean, "portal_safe", False):
        ModelMultipleChoiceField.clean = _safe_clean(ModelMultipleChoiceField.clean)
