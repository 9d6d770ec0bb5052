"""Forms of a plan's 協議会: the council's name, a member, a meeting with its minutes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm
from portal.uploads import AttachmentField

from ..models import CouncilRole

DATE = {"type": "date"}


class CouncilForm(PortalForm):
    name = forms.CharField(
        label=_("Council name"),
        max_length=200,
        help_text=_("For example ○○町地域公共交通活性化協議会."),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=200,
        required=False,
        help_text=_("For example 地域公共交通の活性化及び再生に関する法律 第6条."),
    )


class MemberForm(PortalForm):
    name = forms.CharField(label=_("Full name"), max_length=100)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=CouncilRole.choices)
    term_start = forms.DateField(
        label=_("Term from"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    term_end = forms.DateField(
        label=_("Term until"), required=False, widget=forms.DateInput(attrs=DATE)
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data


class MeetingForm(PortalForm):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    agenda = forms.CharField(
        label=_("Agenda"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(label=_("Held in public"), required=False)
    minutes = AttachmentField(label=_("Minutes (議事録)"), required=False)
