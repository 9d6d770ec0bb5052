"""Forms of 地域おこし協力隊 support (H3): the inquiry to the one-stop window (with a
honeypot), positions and trial programmes, and the register of volunteers. They validate
what people type; the services decide and write."""

from __future__ import annotations

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.forms import (
    CodeField,
    MunicipalityChoiceField,
    PortalForm,
    YenField,
    required_badge,
)
from portal.japanese import wareki_date
from portal.models import Municipality

from ..models import Destination, Housing, Mission, Position, TrialKind, Vehicle
from ..selectors.kyoryokutai import PUBLIC_STATUSES, training_events
from ..services.kyoryokutai_inquiries import ASKER_KINDS
from .common import DATE, DateField, textarea


class MissionsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Mission.objects.filter(is_active=True))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("label", _("Missions"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.display_name


class TrainingsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", training_events())
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return f"{wareki_date(obj.starts_at)} {obj.title}"


PHONE = forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})


# --- The one-stop window ------------------------------------------------------------------


class InquiryForm(PortalForm):
    asker_kind = forms.ChoiceField(
        label=_("You are"),
        choices=list(ASKER_KINDS.items()),
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The answer and a private link to your inquiry are sent to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality it is about"),
        required=False,
        empty_label=_("None in particular"),
    )
    position = forms.ModelChoiceField(
        queryset=Position.objects.filter(status__in=PUBLIC_STATUSES).select_related("municipality"),
        required=False,
        widget=forms.HiddenInput,
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(
        label=_("Your question"),
        max_length=9000,
        widget=textarea(8),
        help_text=_(
            "For example: the work, the conditions, housing, life in the town, applying. "
            "Do not write other people's personal information."
        ),
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


# --- Positions and trial programmes -------------------------------------------------------


class _PostingForm(VersionedFormMixin, PortalForm):
    """The fields positions and programmes share. Bureau officers and HQ choose the
    municipality (within their scope); municipal staff post for their own. When editing, it
    carries the posting's version (portal.concurrency)."""

    municipality = MunicipalityChoiceField(label=_("Municipality"))
    title = forms.CharField(label=_("Title"), max_length=200)
    missions = MissionsField(help_text=_("Choose every mission that applies."))
    description = forms.CharField(
        label=_("Description"),
        max_length=6000,
        widget=textarea(6),
        help_text=_("The town, the background of the recruitment, the people you look for."),
    )
    how_to_apply = forms.CharField(
        label=_("How to apply"),
        max_length=3000,
        widget=textarea(4),
        help_text=_("Documents, where to send them, the selection (書類選考, 面接 …)."),
    )
    contact_name = forms.CharField(
        label=_("Contact (section)"),
        max_length=200,
        help_text=_("For example: 企画課 地域おこし協力隊担当."),
    )
    # One of the two is required (clean): the badges say so rather than 任意 on both.
    contact_phone = required_badge(
        CodeField(label=_("Contact phone"), max_length=30, required=False, widget=PHONE),
        _("Required: phone or email"),
    )
    contact_email = required_badge(
        forms.EmailField(label=_("Contact email address"), required=False),
        _("Required: phone or email"),
    )
    url = forms.URLField(
        label=_("Web page with the details"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.selectors import municipalities_visible_to

        if user is not None and user.role == "municipal":
            del self.fields["municipality"]
        elif user is not None:
            self.fields["municipality"].queryset = (
                municipalities_visible_to(user)
                .select_related("bureau")
                .order_by("bureau__order", "code")
            )

    def clean(self):
        data = super().clean()
        if not data.get("contact_phone") and not data.get("contact_email"):
            self.add_error("contact_email", _("Give a phone number or an email address."))
        return data


class PositionForm(_PostingForm):
    activity = forms.CharField(
        label=_("Mission and activities"),
        max_length=4000,
        widget=textarea(5),
        help_text=_("What the volunteer will do, e.g. 観光協会と連携した体験型観光の企画."),
    )
    openings = forms.IntegerField(label=_("People wanted"), min_value=1, max_value=50)
    term_years = forms.TypedChoiceField(
        label=_("Term"),
        coerce=int,
        choices=[(1, _("Up to 1 year")), (2, _("Up to 2 years")), (3, _("Up to 3 years"))],
        initial=3,
        help_text=_("Commissioned for a year at a time, renewable up to this term."),
    )
    pay_min = YenField(label=_("Monthly pay from (yen)"), required=False)
    pay_max = YenField(label=_("Monthly pay up to (yen)"), required=False)
    housing = forms.ChoiceField(
        label=_("Housing"), choices=Housing.choices, widget=forms.RadioSelect
    )
    vehicle = forms.ChoiceField(
        label=_("Vehicle"), choices=Vehicle.choices, widget=forms.RadioSelect
    )
    conditions = forms.CharField(
        label=_("Other conditions"),
        max_length=3000,
        required=False,
        widget=textarea(4),
        help_text=_("Working hours, side jobs, social insurance, help to start a business …"),
    )
    applications_open = DateField(label=_("Applications open"), widget=DATE)
    applications_close = DateField(label=_("Applications close"), widget=DATE)

    field_order = [
        "municipality",
        "title",
        "missions",
        "activity",
        "description",
        "openings",
        "term_years",
        "pay_min",
        "pay_max",
        "housing",
        "vehicle",
        "conditions",
        "applications_open",
        "applications_close",
        "how_to_apply",
        "contact_name",
        "contact_phone",
        "contact_email",
        "url",
    ]


class TrialForm(_PostingForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrialKind.choices, widget=forms.RadioSelect)
    starts_on = DateField(label=_("From"), widget=DATE)
    ends_on = DateField(label=_("Until"), widget=DATE)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)
    applications_close = DateField(label=_("Applications close"), widget=DATE, required=False)
    costs = forms.CharField(
        label=_("Costs and support"),
        max_length=300,
        required=False,
        help_text=_("For example: 交通費・宿泊費は町が負担、食費は自己負担."),
    )

    field_order = [
        "municipality",
        "kind",
        "title",
        "missions",
        "description",
        "starts_on",
        "ends_on",
        "capacity",
        "applications_close",
        "costs",
        "how_to_apply",
        "contact_name",
        "contact_phone",
        "contact_email",
        "url",
    ]


def posting_initial(posting, fields) -> dict:
    initial = {name: getattr(posting, name) for name in fields}
    initial["missions"] = list(posting.missions.all())
    initial["municipality"] = posting.municipality_id
    return initial


# --- The register -------------------------------------------------------------------------


class PersonFieldsMixin(forms.Form):
    name = forms.CharField(
        label=_("Full name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    kana = forms.CharField(label=_("Reading (kana)"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = CodeField(label=_("Phone"), max_length=30, required=False, widget=PHONE)
    moved_from = forms.CharField(
        label=_("Moved from"),
        max_length=60,
        required=False,
        help_text=_("Prefecture (or Hokkaido municipality) of the previous address."),
    )


class TermFieldsMixin(forms.Form):
    term_start = DateField(label=_("Term starts"), widget=DATE)
    term_end = DateField(
        label=_("Term ends"),
        widget=DATE,
        help_text=_("One to three years after the start (the end of the renewed term)."),
    )


class VolunteerForm(PortalForm):
    """The entry: what the place is about; with the person and the term once chosen."""

    position = forms.ModelChoiceField(
        label=_("Position recruited through"),
        queryset=Position.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    missions = MissionsField(required=False)
    activity = forms.CharField(
        label=_("Mission and activities"), max_length=4000, required=False, widget=textarea(4)
    )
    trainings = TrainingsField(
        label=_("Training attended"),
        required=False,
        help_text=_("The prefecture's 協力隊 training and briefings."),
    )
    other_training = forms.CharField(
        label=_("Other training"),
        max_length=2000,
        required=False,
        widget=textarea(3),
        help_text=_("Training elsewhere (national 研修, the municipality's own), one a line."),
    )
    note = forms.CharField(
        label=_("Notes of the municipality"), max_length=4000, required=False, widget=textarea(3)
    )

    def __init__(self, *args, municipality_id, person=False, term=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.filter(
            municipality_id=municipality_id
        ).order_by("-created_at", "-pk")
        extra = {}
        if person:
            extra.update(PersonFieldsMixin.base_fields)
        if term:
            extra.update(TermFieldsMixin.base_fields)
        for name, field in extra.items():
            self.fields[name] = copy.deepcopy(field)
        # The person and the term first, then the place.
        self.order_fields([*extra, "position", "missions", "activity"])


class CommissionForm(PersonFieldsMixin, TermFieldsMixin, PortalForm):
    commissioned_on = DateField(label=_("Commissioned on (委嘱日)"), widget=DATE)

    field_order = [
        "name",
        "kana",
        "email",
        "phone",
        "moved_from",
        "commissioned_on",
        "term_start",
        "term_end",
    ]


class StartForm(PortalForm):
    started_on = DateField(
        label=_("Activities started on"),
        widget=DATE,
        help_text=_("The day the member moved and began, usually the start of the term."),
    )


class ResignForm(PortalForm):
    ended_on = DateField(label=_("Left on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=textarea(3))


class SettlementForm(PortalForm):
    destination = forms.ChoiceField(
        label=_("Where the member lives now"),
        choices=Destination.choices,
        widget=forms.RadioSelect,
    )
    settled_municipality = MunicipalityChoiceField(
        label=_("Municipality they moved to"),
        required=False,
        help_text=_(
            "Only when they moved to a neighbouring municipality or elsewhere in Hokkaido."
        ),
    )
    started_business = forms.BooleanField(label=_("Started a business"), required=False)
    took_job = forms.BooleanField(label=_("Took a job"), required=False)
    work = forms.CharField(
        label=_("What they do now"),
        max_length=200,
        required=False,
        help_text=_("For example: ゲストハウスを開業, 町内の農業法人に就職."),
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=textarea(3))


class FollowupForm(PortalForm):
    destination = forms.ChoiceField(
        label=_("Where the former member lives a year later"),
        choices=Destination.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=textarea(3),
        help_text=_("What they do now, whether the business is running …"),
    )


def municipality_for_posting(user, cleaned) -> Municipality:
    """The municipality a new posting is for: chosen by officers, own for municipal staff."""
    if "municipality" in cleaned:
        return cleaned["municipality"]
    return user.municipality
