"""Forms of a 協力隊 member's own account (H3): the municipality's invitation and settings
on the register entry; the member's activity report, what comes next and the OB/OG listing.
They validate what people type; the services decide and write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm
from portal.japanese import wareki_date

from ..models import IntendedActivity, IntendedPlace, ReportCadence
from .common import textarea


class MemberInviteForm(PortalForm):
    email = forms.EmailField(
        label=_("The member's email address"),
        help_text=_(
            "The invitation is mailed here; the member signs in with this address. The link "
            "works once, for 14 days."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class MemberSettingsForm(PortalForm):
    report_cadence = forms.ChoiceField(
        label=_("Activity reports"),
        choices=ReportCadence.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A quarter follows the 年度: April–June, July–September, October–December, "
            "January–March."
        ),
    )
    contact_name = forms.CharField(
        label=_("Contact (section)"),
        max_length=200,
        required=False,
        help_text=_("Shown to the member on their page, for example 企画課 地域振興係 山田."),
    )
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("Contact email address"), required=False)


class MemberReportForm(PortalForm):
    period = forms.ChoiceField(label=_("Period"))
    activities = forms.CharField(
        label=_("What you did"),
        max_length=4000,
        widget=textarea(6),
        help_text=_("A few lines are enough: activities, events, people met."),
    )
    plans = forms.CharField(
        label=_("What comes next"), max_length=2000, required=False, widget=textarea(3)
    )
    concerns = forms.CharField(
        label=_("Worries or help needed"),
        max_length=2000,
        required=False,
        widget=textarea(3),
        help_text=_(
            "Your municipality reads this. For a private question use the one-stop window."
        ),
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (
                period.start.isoformat(),
                f"{wareki_date(period.start)} – {wareki_date(period.end)}",
            )
            for period in periods
        ]

    def clean_period(self) -> dt.date:
        return dt.date.fromisoformat(self.cleaned_data["period"])


class IntentionForm(PortalForm):
    intended_place = forms.ChoiceField(
        label=_("Where do you mean to live after the term?"),
        choices=IntendedPlace.choices,
        widget=forms.RadioSelect,
    )
    intended_activity = forms.ChoiceField(
        label=_("What do you mean to do?"),
        choices=IntendedActivity.choices,
        widget=forms.RadioSelect,
    )
    intention_note = forms.CharField(
        label=_("In your words"),
        max_length=2000,
        required=False,
        widget=textarea(3),
        help_text=_("What you plan, and what support would help (housing, a job, funds …)."),
    )


class AlumniForm(PortalForm):
    alumni_listed = forms.BooleanField(
        label=_("List me as an OB/OG contact for people thinking of becoming a member"),
        required=False,
    )
    alumni_name = forms.CharField(
        label=_("Name shown"),
        max_length=60,
        required=False,
        help_text=_(
            "As you wish to appear, for example 「山田（元 函館市協力隊）」 or a nickname."
        ),
    )
    alumni_profile = forms.CharField(
        label=_("A few words"),
        max_length=1000,
        required=False,
        widget=textarea(3),
        help_text=_("What you did, what you do now, what you can talk about. Never your address."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("alumni_listed") and not cleaned.get("alumni_name", "").strip():
            self.add_error("alumni_name", _("Enter the name to show."))
        return cleaned
