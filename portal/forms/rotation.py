"""Forms of the April rotation (人事異動, #20): a new batch, its file, and one row."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..excel.imports import MAX_BYTES
from . import PortalForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BatchForm(PortalForm):
    effective_date = forms.DateField(
        label=_("Effective date"),
        widget=DATE,
        help_text=_("The day people move, usually 1 April. Nothing changes before it."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=100,
        required=False,
        help_text=_("For example 令和9年4月1日付け人事異動."),
    )


class RosterFileForm(PortalForm):
    file = forms.FileField(
        label=_("Roster file (.xlsx or CSV)"),
        help_text=_(
            "The first row holds the headers of the template. The rows of the file replace "
            "the rows of this draft."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB."),
                params={"size": MAX_BYTES // 1024 // 1024},
            )
        return upload


class MoveForm(PortalForm):
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
    kind_text = forms.CharField(
        label=_("Kind of move"),
        max_length=20,
        required=False,
        help_text=_("異動 (or empty), 退職 or 転出."),
    )
    organisation_text = forms.CharField(
        label=_("New organisation code"),
        max_length=40,
        required=False,
        help_text=_("A municipality's code (011002), a bureau's code or 本庁. Empty when leaving."),
    )
    unit_text = forms.CharField(
        label=_("New unit"),
        max_length=120,
        required=False,
        help_text=_("The 課, or the 課 and 係 separated by a space: 総務課 企画係."),
    )
    position_text = forms.CharField(
        label=_("New position"),
        max_length=20,
        required=False,
        help_text=_("担当, 係長, 課長 or 局長・首長 (empty: 担当)."),
    )
