"""Forms of ふるさと納税 portal sites (#22): a municipality's listing on a portal site, its
donations received in a 年度, one row of the .xlsx import, and a joint campaign (admin)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.excel.fields import FiscalYearField as ExcelFiscalYearField
from portal.excel.fields import MunicipalityField
from portal.forms import (
    FiscalYearField,
    MunicipalitiesField,
    PortalForm,
    PortalModelForm,
    YenField,
)

from ..models.furusato_portals import (
    DonationFigure,
    JointCampaign,
    PortalSite,
    PortalSiteListing,
)
from ..rules import furusato as rules
from .applications import JapaneseDateField

COUNT_INVALID = _("Enter the number of donations as a whole number, e.g. 1,234.")


class ListingForm(PortalModelForm):
    url = forms.URLField(
        label=_("URL of the municipality's page"), required=False, assume_scheme="https"
    )
    starts_on = JapaneseDateField(label=_("Listed from"))
    ends_on = JapaneseDateField(label=_("Listed until"), required=False)

    class Meta:
        model = PortalSiteListing
        fields = ["site", "other_name", "url", "starts_on", "ends_on", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        # Said at the field, before the model's constraints would say it above the form.
        data = super().clean()
        if data.get("site") == PortalSite.OTHER and not (data.get("other_name") or "").strip():
            self.add_error("other_name", _("Enter the name of the site."))
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end of the listing must not be before its start."))
        return data


class CountField(forms.IntegerField):
    """件数: digits with commas or 件, full-width too."""

    normalise = True
    default_error_messages = {"invalid": COUNT_INVALID}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10**9)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("，", "").strip().removesuffix("件")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super().to_python(value)


def _check_figures(form, data):
    amount, count = data.get("amount"), data.get("count")
    if amount is not None and count is not None:
        problem = rules.donation_figure_problem(amount, count)
        if problem:
            form.add_error("count", problem)
    return data


class DonationFigureForm(PortalForm):
    fiscal_year = FiscalYearField(first=2008, label=_("Fiscal year"))
    amount = YenField(
        label=_("Donations received (yen)"), help_text=_("e.g. 1,234,567,000 or 123456万円")
    )
    count = CountField(label=_("Number of donations"), help_text=_("e.g. 45,678"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        return _check_figures(self, super().clean())


class DonationFigureRowForm(forms.Form):
    """One row of the donations sheet (admin → 「Excelから取り込む」)."""

    municipality = MunicipalityField(label=_("municipality"))
    fiscal_year = ExcelFiscalYearField(label=_("fiscal year"))
    amount = YenField(label=_("donations received (yen)"))
    count = CountField(label=_("number of donations"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor

    def clean(self):
        return _check_figures(self, super().clean())


class JointCampaignForm(forms.ModelForm):
    municipalities = MunicipalitiesField(label=_("Participating municipalities"))

    class Meta:
        model = JointCampaign
        fields = ["bureau", "name", "site", "municipalities", "starts_on", "ends_on", "content"]


class DonationFigureAdminForm(forms.ModelForm):
    """The admin's form: the same check of amount and count as the municipality's."""

    class Meta:
        model = DonationFigure
        fields = ["municipality", "fiscal_year", "amount", "count", "note"]

    def clean(self):
        return _check_figures(self, super().clean())
