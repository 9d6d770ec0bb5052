"""The budget section of an application: a table of lines (a formset) and the requested
amount, checked together against the call's rules."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.concurrency import VersionedFormMixin
from portal.forms import PortalForm
from portal.japanese import yen, yen_unit

from ..rules.applications import BudgetSummary, Line, Rules, check_requested, summarise
from .applications import yen_field


class BudgetLineForm(PortalForm):
    """One line of the budget table. Categories come in once for the whole table (a model
    choice field would query them again for every line)."""

    # The saved line this row shows (empty for a new one): the line is updated in place.
    id = forms.CharField(required=False, widget=forms.HiddenInput)
    cost_category = forms.TypedChoiceField(label=_("Cost category"), coerce=int)
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = yen_field(label=_("Amount (yen)"))

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {c.pk: c for c in categories}
        self.fields["cost_category"].choices = [("", _("Choose a category"))] + [
            (c.pk, c.name) for c in categories
        ]

    def has_changed(self):
        # A row whose boxes were all cleared is empty even though it still carries the id
        # of its saved line: clearing a line removes it.
        return any(name != "id" for name in self.changed_data)

    def clean_id(self):
        # Which line of this application it is, if any: the service ignores ids that are
        # not, so a wrong one only adds a line.
        try:
            return int(self.cleaned_data["id"])
        except (TypeError, ValueError):
            return None

    def clean_cost_category(self):
        return self.categories[self.cleaned_data["cost_category"]]

    def category_id(self) -> int | None:
        """The category chosen on this line, valid or not (for the 対象外 flag)."""
        raw = self["cost_category"].value()
        try:
            return int(raw.pk if hasattr(raw, "pk") else raw)
        except (TypeError, ValueError):
            return None


class BaseBudgetLineFormSet(forms.BaseFormSet):
    """Lines people leave empty are ignored, so the extra rows cost nothing and clearing a
    line removes it."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def lines(self) -> list[dict]:
        """The lines that validated, in order: id (of a saved line, or None), cost_category,
        description, amount."""
        lines = []
        for form in self.forms:
            if not form.has_changed() or (self.can_delete and self._should_delete_form(form)):
                continue
            data = getattr(form, "cleaned_data", {})
            if data.get("cost_category") is not None and data.get("amount") is not None:
                lines.append(
                    {
                        "id": data.get("id"),
                        "cost_category": data["cost_category"],
                        "description": data.get("description", ""),
                        "amount": data["amount"],
                    }
                )
        return lines


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm,
    formset=BaseBudgetLineFormSet,
    extra=3,
    can_delete=True,
    max_num=100,
    absolute_max=150,
    validate_max=True,
)


def budget_line_formset(
    data=None, *, categories, lines=None, initial=None, extra=None
) -> BaseBudgetLineFormSet:
    """The table bound to ``data``, or showing the saved ``lines`` (or ``initial`` rows, a
    kept draft's) with ``extra`` empty rows (3 unless said)."""
    if data is None and lines is not None:
        initial = [
            {
                "id": line.pk,
                "cost_category": line.cost_category_id,
                "description": line.description,
                # Shown as people write amounts; YenField reads the commas back.
                "amount": f"{line.amount:,}",
            }
            for line in lines
        ]
    formset = BudgetLineFormSet(
        data, initial=initial, prefix="lines", form_kwargs={"categories": categories}
    )
    if extra is not None:
        formset.extra = max(0, extra)
    return formset


ROW_FIELDS = ("id", "cost_category", "description", "amount", "DELETE")


def draft_rows(draft: dict, prefix: str = "lines") -> list[dict]:
    """The rows of a kept draft of the table, as typed, to show again as initial values
    (a page opened again shows what was typed, without errors)."""
    try:
        count = min(int(draft.get(f"{prefix}-TOTAL_FORMS", 0)), BudgetLineFormSet.absolute_max)
    except (TypeError, ValueError):
        count = 0
    rows = []
    for index in range(max(count, 0)):
        row = {name: draft.get(f"{prefix}-{index}-{name}", "") for name in ROW_FIELDS}
        row["DELETE"] = bool(row["DELETE"])
        rows.append(row)
    return rows


class BudgetForm(VersionedFormMixin, PortalForm):
    """The requested amount, and the budget's version: the lines and the amount are saved
    together and checked together (portal.concurrency)."""

    requested_amount = yen_field(
        label=_("Requested amount (yen)"),
        help_text=_(
            "At most the maximum subsidy shown above, in the call's rounding unit. For "
            "example: 600,000 or 60万円"
        ),
    )

    def __init__(self, *args, amount_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        # Recalculating or adding a row saves the lines: the amount may still be empty.
        self.fields["requested_amount"].required = amount_required


BUDGET_ROW_LABEL = _("Budget line")


def budget_snapshot_rows(lines) -> list[dict]:
    """The saved lines as the "what changed" panel compares them, by id."""
    return [
        {"id": line.pk, "text": f"{line.cost_category.name} {line.description} {yen(line.amount)}"}
        for line in lines
    ]


def summarise_formset(formset: BaseBudgetLineFormSet, rules: Rules) -> BudgetSummary:
    """The totals and maximum of the lines typed so far that are readable."""
    formset.is_valid()
    return summarise(
        [Line(line["cost_category"].pk, line["amount"]) for line in formset.lines()], rules
    )


def check_budget(
    form: PortalForm,
    formset: BaseBudgetLineFormSet,
    rules: Rules,
    *,
    amount_field: str,
    check_amount: bool = True,
    check_rules: bool = True,
) -> BudgetSummary:
    """Check the budget against the call's rules and add what to change as errors on the
    form. Returns the summary of the lines that could be read. ``check_amount`` False (a
    recalculation): the amount is neither required nor compared with the maximum, and a
    table without lines is fine, but a budget below the call's lower limit is said (at the
    top). ``check_rules`` False (adding a row): only the lines themselves are checked."""
    summary = summarise_formset(formset, rules)
    form.is_valid()
    lines = formset.lines()
    if any(formset.errors) or formset.non_form_errors():
        form.add_error(None, _("Correct the budget lines marked below."))
    elif not check_rules or (not lines and not check_amount):
        pass
    elif not lines:
        form.add_error(None, _("Enter at least one budget line."))
    elif not check_amount:
        if summary.below_lower_limit:
            for problem in check_requested(None, summary, rules):
                form.add_error(None, problem)
    elif amount_field in form.cleaned_data and form.cleaned_data[amount_field] is not None:
        for problem in check_requested(form.cleaned_data[amount_field], summary, rules):
            form.add_error(amount_field, problem)
    return summary


def budget_rows(formset: BaseBudgetLineFormSet, rules: Rules) -> list[dict]:
    """Each line form with its number and whether its category is outside the call."""
    return [
        {
            "form": form,
            "number": index + 1,
            "ineligible": form.category_id() in rules.ineligible_categories,
        }
        for index, form in enumerate(formset.forms)
    ]


def _out(name: str, amount: int) -> SafeString:
    # A figure the page's script updates as lines are typed.
    return format_html('<span data-out="{}">{}</span>', name, yen(amount))


def arithmetic(summary: BudgetSummary, rules: Rules) -> SafeString:
    """How the maximum follows from the eligible cost, written out with the rules' steps:
    1,580,000円 × 1/2 = 790,000円 → rounded down to a multiple of 10万円 → 700,000円. The
    upper limit's step is there (hidden unless it applies) for the page's script."""
    steps = summary.steps
    text = format_html(
        gettext("{eligible} × {rate} = {raw}"),
        eligible=_out("eligible", steps.eligible),
        rate=f"{rules.rate_numerator}/{rules.rate_denominator}",
        raw=_out("raw", steps.raw),
    )
    if rules.upper_limit is not None:
        text += format_html(
            "<span data-cap{}> → {}</span>",
            "" if steps.capped < steps.raw else mark_safe(" hidden"),
            format_html(gettext("at most {upper}"), upper=yen(rules.upper_limit)),
        )
    if rules.rounding_unit > 1:
        text += format_html(
            " → {}",
            format_html(
                gettext("rounded down to a multiple of {unit}"),
                unit=yen_unit(rules.rounding_unit),
            ),
        )
    return text + format_html(" → {}", _out("maximum", steps.result))
