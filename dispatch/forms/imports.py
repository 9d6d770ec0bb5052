"""Rows of the sheets officers keep in Excel today: the advisor roster and the 協力隊
register (portal.excel.imports reads the file, these forms check each row)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.excel.fields import (
    BureauField,
    JapaneseDateField,
    LabelChoiceField,
    MunicipalityField,
    NamesField,
)
from portal.permissions import is_hq

from ..models import Person, PersonKind, Skill
from ..services.volunteers import validate_term


class _RowForm(forms.Form):
    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor


class PersonRowForm(_RowForm):
    """One roster entry; a row whose email is already on the roster updates that entry."""

    kind = LabelChoiceField(label=_("kind"), choices=PersonKind.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    kana = forms.CharField(label=_("reading"), max_length=100, required=False)
    organisation = forms.CharField(
        label=_("organisation and title"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("email address"), required=False)
    home_bureau = BureauField(label=_("home bureau"), required=False)
    skills = NamesField(label=_("skills"), queryset=Skill.objects.filter(is_active=True))
    capacity = forms.IntegerField(
        label=_("assignments at a time"), min_value=1, max_value=20, required=False
    )

    def clean(self):
        data = super().clean()
        email = data.get("email")
        existing = Person.objects.filter(email__iexact=email).first() if email else None
        data["existing"] = existing
        if (
            existing is not None
            and self.actor is not None
            and not is_hq(self.actor)
            and existing.home_bureau_id != getattr(self.actor, "bureau_id", None)
        ):
            self.add_error(
                "email",
                ValidationError(
                    _("This email is on a roster entry another bureau or HQ keeps."),
                    code="not_yours",
                ),
            )
        return data


class VolunteerRowForm(_RowForm):
    """One member of the register, commissioned, with the term."""

    municipality = MunicipalityField(label=_("municipality"))
    name = forms.CharField(label=_("name"), max_length=100)
    kana = forms.CharField(label=_("reading"), max_length=100, required=False)
    commissioned_on = JapaneseDateField(label=_("commissioned on"))
    term_start = JapaneseDateField(label=_("term starts"))
    term_end = JapaneseDateField(label=_("term ends"))
    email = forms.EmailField(label=_("email address"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    moved_from = forms.CharField(label=_("moved from"), max_length=60, required=False)
    activity = forms.CharField(label=_("mission and activities"), max_length=4000, required=False)

    def clean(self):
        data = super().clean()
        start, end, commissioned = (
            data.get("term_start"),
            data.get("term_end"),
            data.get("commissioned_on"),
        )
        if start and end:
            try:
                validate_term(start, end)
            except ValidationError as error:
                self.add_error(None, error)
        if commissioned and end and commissioned > end:
            self.add_error("commissioned_on", _("The commission must precede the term's end."))
        return data
