"""Forms of ふるさと納税 1:1 consultations (#22): booking a slot with a topic (municipal
staff) and making a series of slots in the admin (officers)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm
from portal.models import Bureau

from ..models.furusato_consultations import BookingStatus, ConsultationSlot
from .applications import JapaneseDateField


class BookingForm(PortalForm):
    topic = forms.CharField(
        label=_("What would you like to talk about?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For example: choosing a portal site, return gifts, how to report the figures. "
            "The officer prepares with it."
        ),
        error_messages={"required": _("Enter what you would like to talk about.")},
    )


LENGTHS = [(30, _("30 minutes")), (45, _("45 minutes")), (60, _("1 hour")), (90, _("90 minutes"))]


class SlotSeriesForm(PortalForm):
    """A day of slots: from the first start, one after another, until the end time."""

    bureau = forms.ModelChoiceField(
        queryset=Bureau.objects.order_by("order"),
        required=False,
        label=_("Publishing bureau"),
        empty_label=_("HQ"),
    )
    day = JapaneseDateField(label=_("Day"))
    first = forms.TimeField(label=_("First slot starts at"), help_text=_("e.g. 10:00"))
    last = forms.TimeField(label=_("Last slot ends by"), help_text=_("e.g. 16:00"))
    minutes = forms.TypedChoiceField(
        label=_("Length of each slot"), choices=LENGTHS, coerce=int, initial=30
    )
    gap = forms.IntegerField(
        label=_("Break between slots (minutes)"), min_value=0, max_value=120, initial=0
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online meeting URL"), required=False, assume_scheme="https"
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_published = forms.BooleanField(label=_("Publish now"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not (user.is_superuser or user.role == "hq"):
            # An officer's slots are their bureau's.
            del self.fields["bureau"]

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give the place, or the online meeting URL, or both."))
        first, last = data.get("first"), data.get("last")
        if first and last and last <= first:
            self.add_error("last", _("The end must be after the first start."))
        return data


class SlotAdminForm(forms.ModelForm):
    """One slot in the admin. Says at the field what the service would refuse."""

    online_url = forms.URLField(
        label=_("Online meeting URL"),
        required=False,
        assume_scheme="https",
        help_text=ConsultationSlot._meta.get_field("online_url").help_text,
    )

    class Meta:
        model = ConsultationSlot
        fields = ["bureau", "starts_at", "ends_at", "place", "online_url", "notes", "is_published"]

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give the place, or the online meeting URL, or both."))
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end must be after the start."))
        instance = self.instance
        moved = bool({"starts_at", "ends_at"} & set(self.changed_data))
        if moved and instance.pk and instance.bookings.filter(status=BookingStatus.BOOKED).exists():
            self.add_error("starts_at", _("This slot is booked: its time cannot be changed."))
        return data
