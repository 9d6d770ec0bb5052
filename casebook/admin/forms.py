"""Forms of the casebook admin: the case study, its inlines and the workflow steps."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.api import grant_for_reference
from portal.forms import PortalForm
from portal.references import ReferenceNumberField
from portal.uploads import AttachmentField

from ..models import FundingSource, Photo


def https_urls(field, **kwargs):
    """Form fields of model fields, with web addresses typed without a scheme read as https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class FundingSourceForm(forms.ModelForm):
    """A grant of this portal is linked by its reference number (typed as people do:
    full-width, spaced, lower case); the name and amount are taken from the decision when
    left empty."""

    grant_reference = ReferenceNumberField(
        kinds=["grants.decided_grant"],
        required=False,
        label=FundingSource._meta.get_field("grant_reference").verbose_name,
        help_text=FundingSource._meta.get_field("grant_reference").help_text,
    )

    class Meta:
        model = FundingSource
        fields = ["name", "amount", "grant_reference", "url", "order"]
        formfield_callback = https_urls

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["grant_reference"].user = user

    def clean(self):
        data = super().clean()
        self.grant = None
        if "grant_reference" in self.errors:
            return data
        target = data.get("grant_reference")
        data["grant_reference"] = target.reference if target else ""
        if target is not None:
            self.grant = grant_for_reference(self.user, target.reference)
            if self.grant is not None:
                if not data.get("name"):
                    data["name"] = self.grant.programme
                if data.get("amount") is None:
                    data["amount"] = self.grant.amount
        if not data.get("name"):
            self.add_error("name", _("Name the funding source."))
        return data

    def save(self, commit=True):
        instance = super().save(commit=False)
        grant = getattr(self, "grant", None)
        instance.grant_application_id = grant.application_id if grant else None
        instance.grant_call_id = grant.call_id if grant else None
        if commit:
            instance.save()
        return instance


class PhotoInlineForm(forms.ModelForm):
    """A new photo needs its image; an existing one changes only its texts and order."""

    image = AttachmentField(
        label=_("Image"),
        multiple=False,
        required=False,
        help_text=_(
            "JPEG, PNG, GIF or WebP. Location data (EXIF) is removed; smaller sizes are made "
            "automatically."
        ),
    )

    class Meta:
        model = Photo
        fields = ["image", "alt", "decorative", "caption", "credit", "order"]

    def clean(self):
        data = super().clean()
        files = data.get("image") or []
        if self.instance._state.adding and self.has_changed() and not files:
            self.add_error("image", _("Choose the image to upload."))
        for upload in files:
            if not upload.sniffed_type.startswith("image/"):
                self.add_error("image", _("Upload a photo (JPEG, PNG, GIF or WebP)."))
        if not data.get("decorative") and not (data.get("alt") or "").strip():
            self.add_error("alt", _("Describe what the photo shows, or mark it as decorative."))
        return data


class CommentForm(PortalForm):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnForm(PortalForm):
    reason = forms.CharField(
        label=_("What should be changed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The bureau's officers read this."),
    )


class ScheduleForm(PortalForm):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Japan time, for example 2026-04-01 09:00."),
    )

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise forms.ValidationError(
                _("Choose a date and time in the future."), code="not_future"
            )
        return value


class ArchiveForm(PortalForm):
    reason = forms.CharField(
        label=_("Why it is archived"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MinutesPublishForm(PortalForm):
    """Making minutes public is confirmed: they are read before they go out."""

    confirmed = forms.BooleanField(
        label=_("I have read the minutes as they will appear on the public site"),
        help_text=_("Names and remarks not meant for the public must be taken out first."),
        error_messages={"required": _("Read the minutes and tick the box to make them public.")},
    )


class MinutesWithdrawForm(PortalForm):
    reason = forms.CharField(
        label=_("Reason for withdrawing the minutes"),
        max_length=500,
        help_text=_("Kept in the meeting's history."),
    )
