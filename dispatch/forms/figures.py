"""The figures pages' choice of 年度 (and, for HQ, of bureau), read from GET."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm


class YearForm(PortalForm):
    """The 年度 of the figures (GET); an unknown year falls back to the current one."""

    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)

    def __init__(self, *args, years=(), **kwargs):
        from portal.japanese import fiscal_year, nendo

        super().__init__(*args, **kwargs)
        from portal.filters import recent_fiscal_years

        # The recent 年度 whatever the rows: a link from the regional view for a year with no
        # sessions must show that empty year, not fall back to the current one.
        choices = sorted({*years, fiscal_year(), *recent_fiscal_years()}, reverse=True)
        self.fields["fiscal_year"].choices = [(y, nendo(y)) for y in choices]
        self.fields["fiscal_year"].initial = fiscal_year()

    @property
    def year(self) -> int:
        from portal.japanese import fiscal_year

        if self.is_bound and self.is_valid():
            return self.cleaned_data["fiscal_year"]
        return fiscal_year()


class DashboardForm(YearForm):
    # HQ's regional view links a region's figures here (?region=doo).
    region = forms.ModelChoiceField(
        label=_("Collaboration region"),
        queryset=None,
        required=False,
        empty_label=_("All regions"),
        to_field_name="code",
    )
    bureau = forms.ModelChoiceField(
        label=_("Bureau"),
        queryset=None,
        required=False,
        empty_label=_("All bureaus"),
        to_field_name="code",
    )

    def __init__(self, *args, show_bureau=False, **kwargs):
        from portal.models import Bureau, Region

        super().__init__(*args, **kwargs)
        if show_bureau:
            self.fields["region"].queryset = Region.objects.all()
            self.fields["bureau"].queryset = Bureau.objects.all()
        else:
            del self.fields["region"]
            del self.fields["bureau"]

    @property
    def chosen_region(self):
        if "region" in self.fields and self.is_bound and self.is_valid():
            return self.cleaned_data.get("region")
        return None

    @property
    def chosen_bureau(self):
        if "bureau" in self.fields and self.is_bound and self.is_valid():
            return self.cleaned_data.get("bureau")
        return None
