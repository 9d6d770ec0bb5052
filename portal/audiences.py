"""Audiences: who a survey (照会) or a notice (事務連絡) goes to.

One way to say "all municipalities", "this bureau's municipalities", "this 連携地域", "these
municipalities I picked", and the pillar-defined groups ("協力隊 host towns", "certified
cooperatives"), stored on the sending object through :class:`AudienceFields` and resolved to
recipients with :func:`resolve`. A recipient is a model instance: a ``portal.Municipality``, or
whatever a pillar's source returns (a cooperative). The kernel does not import pillars: they
register their groups with :func:`register_audience_source` in ``AppConfig.ready()``.

A bureau officer sends within the bureau's own area: :func:`resolve` takes the sender's bureau
and keeps only recipients in it, and :class:`AudienceForm` refuses a wider choice in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Bureau, Municipality, Region
from .municipality_fields import MunicipalitiesField


class AudienceKind(models.TextChoices):
    ALL = "all", _("All municipalities")
    BUREAU = "bureau", _("The municipalities of a bureau")
    REGION = "region", _("The municipalities of a collaboration region")
    CHOSEN = "chosen", _("Municipalities chosen by name")
    HOST_TOWNS = "host_towns", _("Towns hosting 地域おこし協力隊 members")
    COOPERATIVES = "cooperatives", _("Certified cooperatives")


MUNICIPAL_KINDS = frozenset(
    {AudienceKind.ALL, AudienceKind.BUREAU, AudienceKind.REGION, AudienceKind.CHOSEN}
)


@dataclass(frozen=True)
class AudienceSource:
    """A pillar's group of recipients.

    ``recipients(bureau)`` returns a queryset of recipients, limited to the bureau's area when
    a bureau is given; ``bureau_of(recipient)`` names the bureau a recipient belongs to (for
    the sender's roll-up by bureau)."""

    kind: str
    recipients: Callable[[Bureau | None], models.QuerySet]
    bureau_of: Callable[[Any], Bureau | None]


_sources: dict[str, AudienceSource] = {}


def register_audience_source(source: AudienceSource) -> None:
    if source.kind not in AudienceKind.values:
        raise ValueError(f"Unknown audience kind {source.kind!r}: add it to AudienceKind.")
    _sources[source.kind] = source


def available_kinds() -> list[tuple[str, str]]:
    """The kinds a sender can choose: the kernel's own and those a pillar has registered."""
    return [
        (value, label)
        for value, label in AudienceKind.choices
        if value in MUNICIPAL_KINDS or value in _sources
    ]


class AudienceFields(models.Model):
    """The audience of a sending object. Use with :class:`AudienceForm`."""

    audience_kind = models.CharField(
        _("send to"), max_length=20, choices=AudienceKind.choices, default=AudienceKind.ALL
    )
    audience_bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bureau"),
    )
    audience_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collaboration region"),
    )
    audience_municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="+",
        verbose_name=_("municipalities"),
    )

    class Meta:
        abstract = True

    def audience_label(self) -> str:
        kind = AudienceKind(self.audience_kind)
        if kind == AudienceKind.BUREAU and self.audience_bureau_id:
            return str(self.audience_bureau)
        if kind == AudienceKind.REGION and self.audience_region_id:
            return str(self.audience_region)
        return str(kind.label)


def resolve(holder: AudienceFields, within: Bureau | None = None) -> list:
    """The recipients of ``holder``'s audience, limited to ``within``'s area when given.

    Municipalities come ordered by bureau and code, one query; a pillar's group in its own
    order."""
    kind = holder.audience_kind
    if kind in MUNICIPAL_KINDS:
        municipalities = Municipality.objects.select_related("bureau").order_by(
            "bureau__order", "code"
        )
        if kind == AudienceKind.BUREAU:
            municipalities = municipalities.filter(bureau_id=holder.audience_bureau_id)
        elif kind == AudienceKind.REGION:
            municipalities = municipalities.filter(bureau__region_id=holder.audience_region_id)
        elif kind == AudienceKind.CHOSEN:
            municipalities = municipalities.filter(
                code__in=holder.audience_municipalities.values("code")
            )
        if within is not None:
            municipalities = municipalities.filter(bureau=within)
        return list(municipalities)
    source = _sources.get(kind)
    if source is None:
        return []
    return list(source.recipients(within))


def bureau_of(recipient) -> Bureau | None:
    """The bureau a recipient belongs to, for roll-ups by bureau."""
    if isinstance(recipient, Municipality):
        return recipient.bureau
    for source in _sources.values():
        if isinstance(recipient, source.recipients(None).model):
            return source.bureau_of(recipient)
    return None


class AudienceForm(forms.ModelForm):
    """Form mixin for a model with :class:`AudienceFields`.

    Pass ``sender_bureau`` (a bureau officer's bureau, or None for HQ). A bureau sends only
    within its own area: the bureau and region choices are limited to its own, and a choice of
    municipalities outside it is refused."""

    audience_fields = (
        "audience_kind",
        "audience_bureau",
        "audience_region",
        "audience_municipalities",
    )

    def __init__(self, *args, sender_bureau: Bureau | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender_bureau = sender_bureau
        if "audience_kind" in self.fields:
            kinds = available_kinds()
            if sender_bureau is not None:
                kinds = [(v, label) for v, label in kinds if v != AudienceKind.REGION]
            self.fields["audience_kind"].choices = kinds
            self.fields["audience_kind"].widget = forms.RadioSelect(choices=kinds)
        if "audience_bureau" in self.fields and sender_bureau is not None:
            self.fields["audience_bureau"].queryset = Bureau.objects.filter(pk=sender_bureau.pk)
        if "audience_municipalities" in self.fields:
            queryset = Municipality.objects.select_related("bureau").order_by(
                "bureau__order", "code"
            )
            if sender_bureau is not None:
                queryset = queryset.filter(bureau=sender_bureau)
            self.fields["audience_municipalities"] = MunicipalitiesField(
                queryset=queryset,
                required=False,
                label=self.fields["audience_municipalities"].label,
            )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("audience_kind")
        if kind == AudienceKind.BUREAU and not cleaned.get("audience_bureau"):
            self.add_error("audience_bureau", _("Choose the bureau whose municipalities to ask."))
        if kind == AudienceKind.REGION and not cleaned.get("audience_region"):
            self.add_error("audience_region", _("Choose the collaboration region."))
        chosen = cleaned.get("audience_municipalities")
        if kind == AudienceKind.CHOSEN and not chosen:
            self.add_error("audience_municipalities", _("Choose at least one municipality."))
        if self.sender_bureau is not None and kind == AudienceKind.ALL:
            self.add_error(
                "audience_kind",
                _("A bureau sends to its own municipalities: choose them by bureau or by name."),
            )
        # Keep only what the chosen kind uses, so an edit from "chosen" to "all" leaves no
        # stale list behind to surprise the next editor.
        if kind != AudienceKind.BUREAU:
            cleaned["audience_bureau"] = None
        if kind != AudienceKind.REGION:
            cleaned["audience_region"] = None
        if kind != AudienceKind.CHOSEN and "audience_municipalities" in cleaned:
            cleaned["audience_municipalities"] = Municipality.objects.none()
        return cleaned


def validate_within(holder: AudienceFields, bureau: Bureau | None) -> None:
    """Services call this before sending: a bureau's audience stays within its area."""
    if bureau is None:
        return
    kind = holder.audience_kind
    if kind == AudienceKind.ALL or kind == AudienceKind.REGION:
        raise ValidationError(_("A bureau sends only to the municipalities of its own area."))
    if kind == AudienceKind.BUREAU and holder.audience_bureau_id != bureau.pk:
        raise ValidationError(_("A bureau sends only to the municipalities of its own area."))
