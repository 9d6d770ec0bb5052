"""Forms of strategies (#21): the strategy, a goal, a measure, a KPI with its figures per
年度, advice and its answer. Figures are typed as people write them (１，２００ / 1,200 /
12.5): ``FigureField`` reads them as Decimal or says what to type."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from ..concurrency import VersionedFormMixin
from ..japanese import nendo
from ..models import AdviceKind, Kpi, Strategy, StrategyGoal
from ..models.strategy import FIRST_YEAR
from . import FiscalYearField, PortalForm, normalise_digits

FIGURE_INVALID = _("Enter a number, for example 1200, 1,200 or 12.5.")


class FigureField(forms.DecimalField):
    """A KPI figure: digits with separators and a decimal point, 全角 or 半角; a unit typed
    after it (人, %, 件) is not part of the figure and is refused with the same message."""

    normalise = True
    default_error_messages = {"invalid": FIGURE_INVALID}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 3)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = re.sub(r"[,、\s]", "", normalise_digits(str(value))).replace("−", "-")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        # A text box, not a number box (which refuses 1,200): no step or min attributes.
        return {}


class StrategyForm(VersionedFormMixin, PortalForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("As the strategy is titled, e.g. 第2期札幌市まちづくり戦略ビジョン."),
    )
    start_year = FiscalYearField(first=FIRST_YEAR, ahead=5, label=_("First fiscal year"))
    end_year = FiscalYearField(first=FIRST_YEAR, ahead=15, label=_("Last fiscal year"))
    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    url = forms.URLField(
        label=_("Web page"),
        required=False,
        assume_scheme="https",
        help_text=_("Where the full strategy is published, if it is."),
    )

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            # HQ chooses the region of a new regional policy; officers write their own.
            self.fields["region"] = forms.ModelChoiceField(
                queryset=regions, label=_("Collaboration region")
            )
            self.order_fields(["region"])


class GoalForm(VersionedFormMixin, PortalForm):
    title = forms.CharField(label=_("Goal"), max_length=200)
    numerical_target = forms.CharField(
        label=_("Numerical target"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: 社会減を令和11年度までに年間100人以下に抑える."),
    )


class MeasureForm(VersionedFormMixin, PortalForm):
    goal = forms.ModelChoiceField(queryset=StrategyGoal.objects.none(), label=_("Goal"))
    title = forms.CharField(label=_("Measure"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        field.queryset = StrategyGoal.objects.filter(strategy=strategy)
        if strategy.kind == "regional":
            field.required = False
            field.empty_label = str(_("No goal: a focus measure of the policy"))


class KpiForm(VersionedFormMixin, PortalForm):
    """A KPI and, per 年度 of the strategy's period, its target, result and evidence."""

    name = forms.CharField(label="KPI", max_length=200)
    unit = forms.CharField(
        label=_("Unit"), max_length=30, help_text=_("For example 人, 件, %, 千円.")
    )
    baseline_value = FigureField(label=_("Baseline"))
    baseline_year = FiscalYearField(
        first=FIRST_YEAR - 10, ahead=5, blank=True, required=False, label=_("Baseline fiscal year")
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where the figures come from, for example 住民基本台帳."),
    )

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(strategy.years)
        for year in self.years:
            label = nendo(year)
            self.fields[f"target_{year}"] = FigureField(
                label=_("%(year)s target") % {"year": label}
            )
            self.fields[f"result_{year}"] = FigureField(
                label=_("%(year)s result") % {"year": label}
            )
            self.fields[f"note_{year}"] = forms.CharField(
                label=_("%(year)s source or evidence") % {"year": label},
                max_length=300,
                required=False,
            )

    def main_fields(self):
        return [
            self[name] for name in ("name", "unit", "baseline_value", "baseline_year", "source")
        ]

    def year_rows(self):
        return [
            (nendo(y), self[f"target_{y}"], self[f"result_{y}"], self[f"note_{y}"])
            for y in self.years
        ]

    def kpi_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("name", "unit", "baseline_value", "baseline_year", "source")
        }

    def years_data(self) -> dict[int, dict]:
        return {
            year: {
                "target": self.cleaned_data.get(f"target_{year}"),
                "result": self.cleaned_data.get(f"result_{year}"),
                "note": self.cleaned_data.get(f"note_{year}", ""),
            }
            for year in self.years
        }

    @staticmethod
    def values_of(kpi: Kpi | None, years) -> dict:
        """What the form shows for ``kpi`` (initial values and the concurrency snapshot)."""
        if kpi is None:
            return {}
        values = {
            "name": kpi.name,
            "unit": kpi.unit,
            "baseline_value": kpi.baseline_value,
            "baseline_year": kpi.baseline_year,
            "source": kpi.source,
        }
        entered = {row.fiscal_year: row for row in kpi.years.all()}
        for year in years:
            row = entered.get(year)
            values[f"target_{year}"] = row.target if row else None
            values[f"result_{year}"] = row.result if row else None
            values[f"note_{year}"] = row.note if row else ""
        return values


class RemoveForm(VersionedFormMixin, PortalForm):
    """Remove a part: carries the version it was shown at."""


class AdviceForm(PortalForm):
    section = forms.ChoiceField(label=_("Part the advice is about"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AdviceKind.choices, widget=forms.RadioSelect)
    body = forms.CharField(
        label=_("Advice"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, sections: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections


class AnswerForm(PortalForm):
    answer = forms.CharField(
        label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
