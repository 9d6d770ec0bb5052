"""Forms of the human-support pages. Every form derives from the kernel's PortalForm
(full-width digits accepted, visible 必須/任意, errors in a summary and by the field)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.forms import MunicipalitiesField, PortalForm
from portal.forms.strategy_links import MeasuresField, offer_or_drop
from portal.models import Municipality
from portal.previews import PreviewConfirmForm
from portal.uploads import AttachmentField

from ..models import Kind, Person, SessionMode, Skill
from .common import DATE, TIME, DateField, textarea

RATING_CHOICES = [
    (5, _("5 — very helpful")),
    (4, _("4 — helpful")),
    (3, _("3 — neither")),
    (2, _("2 — not very helpful")),
    (1, _("1 — not helpful")),
]


class SkillsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Skill.objects.filter(is_active=True))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return obj.display_name


class RequestStartForm(PortalForm):
    kind = forms.ChoiceField(
        label=_("Kind of support"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "地域振興派遣: a prefectural staff member works with you for months. "
            "地域創生出張サポート: staff visit for a short time. DX advisor: consultation on "
            "digital transformation."
        ),
    )
    title = forms.CharField(
        label=_("Name of the initiative"),
        max_length=200,
        help_text=_("You can change it later."),
    )


class RequestForm(VersionedFormMixin, PortalForm):
    """The whole request on one page. A draft may leave answers out: the view drops the
    "required" errors when the draft is saved, and the check page lists what is missing.
    It carries the request's version: a save based on a page someone else has saved since
    is refused with what changed (portal.concurrency)."""

    kind = forms.ChoiceField(
        label=_("Kind of support"), choices=Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Name of the initiative"), max_length=200)
    initiative = forms.CharField(
        label=_("What the initiative is"),
        max_length=4000,
        widget=textarea(5),
        help_text=_("Its aim, who takes part, what has been done so far."),
    )
    reason = forms.CharField(
        label=_("Why it needs support"),
        max_length=4000,
        widget=textarea(5),
        help_text=_("What the municipality cannot do alone and what you expect from the support."),
    )
    skills = SkillsField(label=_("Skills wanted"), required=False)
    skills_note = forms.CharField(
        label=_("Other skills or expertise"),
        max_length=300,
        required=False,
        help_text=_("Anything the list does not cover, e.g. a particular system or field."),
    )
    preferred_start = DateField(
        label=_("Preferred start"),
        widget=DATE,
        help_text=_("For example 2026-07-01."),
    )
    preferred_end = DateField(
        label=_("Preferred end"),
        widget=DATE,
        required=False,
        help_text=_("Required for 地域振興派遣, which runs for months."),
    )
    preferred_times = forms.CharField(
        label=_("Preferred dates and times"),
        max_length=300,
        required=False,
        help_text=_("For example: weekday afternoons; not during the council session in June."),
    )
    is_wide_area = forms.BooleanField(
        label=_("This is a wide-area initiative with other municipalities"), required=False
    )
    partners = MunicipalitiesField(
        label=_("Partner municipalities"),
        required=False,
        help_text=_(
            "For a wide-area initiative: open a bureau, or type a name, and tick each partner."
        ),
    )
    measures = MeasuresField()
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_department = forms.CharField(
        label=_("Department"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    contact_phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args, municipality_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_or_drop(
            self, Municipality.objects.select_related("bureau").filter(pk=municipality_id).first()
        )
        if municipality_id:
            self.fields["partners"].queryset = self.fields["partners"].queryset.exclude(
                pk=municipality_id
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("preferred_start"), data.get("preferred_end")
        if start and end and end < start:
            self.add_error(
                "preferred_end", _("The preferred end must not be before the preferred start.")
            )
        if data.get("is_wide_area") is False and data.get("partners"):
            self.add_error(
                "is_wide_area",
                _("Tick this box if the partners you chose take part, or clear the partners."),
            )
        return data

    def drop_required_errors(self) -> None:
        """For a draft: unanswered questions are not errors yet."""
        for name in list(self.errors):
            if name == "__all__":
                continue
            kept = [e for e in self.errors.as_data()[name] if e.code != "required"]
            if kept:
                self._errors[name] = self.error_class([m for e in kept for m in e.messages])
            else:
                del self._errors[name]
                # Cleared on purpose: save it empty rather than keep the old answer.
                self.cleaned_data[name] = self.fields[name].to_python(None)


class SubmitForm(PortalForm):
    pass


class NoteForm(PortalForm):
    note = forms.CharField(
        label=_("Note to the municipality"),
        max_length=2000,
        required=False,
        widget=textarea(3),
    )


class ReasonForm(PortalForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=textarea(4),
        help_text=_("The municipality reads this."),
    )

    def __init__(self, *args, label=None, help_text=None, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if help_text is not None:
            self.fields["reason"].help_text = help_text
        self.fields["reason"].required = required


class NoticeIssueForm(PortalForm):
    """Issuing the dispatch notice: the box 「内容を確認しました」 (the kernel's), and for a
    re-issue its reason."""

    reason = forms.CharField(
        label=_("Reason for the re-issue"),
        max_length=2000,
        widget=textarea(4),
        help_text=_("Kept in the request's history with both document numbers."),
    )
    confirmed = PreviewConfirmForm.base_fields["confirmed"]

    def __init__(self, *args, reissue: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not reissue:
            del self.fields["reason"]


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AssignForm(PortalForm):
    people = PersonChoiceField(
        label=_("People to assign"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = DateField(label=_("Assigned from"), widget=DATE)
    ends_on = DateField(label=_("Assigned until"), widget=DATE)
    lead = forms.ModelChoiceField(
        label=_("Lead"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("No lead"),
        help_text=_("When you assign several people, who leads the support."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in candidates]
        self.fields["people"].queryset = Person.objects.filter(pk__in=ids)
        self.fields["lead"].queryset = Person.objects.filter(pk__in=ids)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end must not be before the start."))
        lead, people = data.get("lead"), data.get("people")
        if lead is not None and people is not None and lead not in people:
            self.add_error("lead", _("The lead must be one of the people assigned."))
        return data


class PeriodForm(PortalForm):
    """The period the suggestions are checked against (GET)."""

    start = DateField(label=_("From"), widget=DATE, required=False)
    end = DateField(label=_("Until"), widget=DATE, required=False)


class SessionForm(PortalForm):
    mode = forms.ChoiceField(
        label=_("Visit or online"), choices=SessionMode.choices, widget=forms.RadioSelect
    )
    date = DateField(label=_("Date"), widget=DATE)
    start_time = forms.TimeField(
        label=_("Start time"), widget=TIME, help_text=_("For example 13:30.")
    )
    end_time = forms.TimeField(label=_("End time"), widget=TIME)
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Required for a visit, e.g. 市役所本庁舎 3階 会議室A."),
    )
    online_details = forms.CharField(
        label=_("How to join online"),
        max_length=300,
        required=False,
        help_text=_("The meeting link or tool. Shown only to the people of this request."),
    )
    people = PersonChoiceField(
        label=_("Who attends"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    participants = forms.CharField(
        label=_("Participants from the municipality"), max_length=300, required=False
    )
    agenda = forms.CharField(label=_("Agenda"), max_length=2000, required=False, widget=textarea(3))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            tz = timezone.get_current_timezone()
            data["starts_at"] = dt.datetime.combine(day, start, tzinfo=tz)
            data["ends_at"] = dt.datetime.combine(day, end, tzinfo=tz)
            if end <= start:
                self.add_error("end_time", _("The session must end after it starts."))
        if data.get("mode") == SessionMode.VISIT and not data.get("place"):
            self.add_error("place", _("Give the place of the visit."))
        return data


class CancelSessionForm(PortalForm):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ReportForm(PortalForm):
    summary = forms.CharField(
        label=_("What was done"),
        max_length=6000,
        widget=textarea(6),
        help_text=_("Topics, advice given, decisions taken."),
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal(24),
        decimal_places=1,
        max_digits=4,
        help_text=_("Hours worked with the municipality that day, in steps of 0.5, e.g. 6 or 2.5."),
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    next_steps = forms.CharField(
        label=_("Next steps"), max_length=3000, required=False, widget=textarea(3)
    )
    attachments = AttachmentField(label=_("Attachments"), required=False)


class ConfirmReportForm(PortalForm):
    rating = forms.TypedChoiceField(
        label=_("How helpful was the support?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment on the support"), max_length=2000, required=False, widget=textarea(3)
    )


class CompletionForm(PortalForm):
    outcomes = forms.CharField(
        label=_("What the support achieved"), max_length=6000, widget=textarea(6)
    )
    next_steps = forms.CharField(
        label=_("What the municipality will do next"), max_length=4000, widget=textarea(4)
    )
    rating = forms.TypedChoiceField(
        label=_("Overall, how helpful was the support?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment on the support"), max_length=2000, required=False, widget=textarea(3)
    )
    attachments = AttachmentField(label=_("Attachments"), required=False)


class WithdrawForm(PortalForm):
    reason = forms.CharField(
        label=_("Reason for withdrawing"), max_length=2000, required=False, widget=textarea(3)
    )
