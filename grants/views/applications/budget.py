"""The budget section (経費と申請額): the table of lines and the requested amount.

Every POST saves on the server. 「保存して再計算する」 and 「行を追加する」 save the lines and stay,
without checking the requested amount; 「保存して次へ」 checks everything. Opened again, the
page shows the saved budget (or the draft kept from a save that failed) without errors, the
requested amount filled in with the maximum while it is empty, and the arithmetic written
out from the call's rule. static/js/budget.js adds rows and follows the totals on the page;
the server stays authoritative.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.actions import add_service_errors, error_text
from portal.concurrency import BASE_FIELD, VERSION_FIELD, StaleVersion
from portal.tasklist import draft_of, typed_values
from portal.workflow import InvalidTransition

from ...forms.budget import (
    BUDGET_ROW_LABEL,
    BudgetForm,
    BudgetLineFormSet,
    arithmetic,
    budget_line_formset,
    budget_rows,
    budget_snapshot_rows,
    check_budget,
    draft_rows,
    summarise_formset,
)
from ...models import CostCategory
from ...rules.applications import Line, Rules, summarise
from ...services import applications as services
from .common import (
    REFUSED,
    budget_lines_of,
    get_application,
    keep_draft,
    refuse,
    saved,
    section_page,
)

# Buttons of the budget page that save the lines and stay: the requested amount is not
# checked (nor required) until the section is saved to move on.
RECALCULATE = "stay"
ADD_ROW = "add_row"
MAX_ROWS = BudgetLineFormSet.max_num


def budget_section(request, application, spec):
    categories = list(CostCategory.objects.all())
    rules = Rules.for_call(application.call)
    if request.method == "POST":
        response = _budget_post(request, application, spec, categories, rules)
        if not isinstance(response, dict):
            return response
        context = response
    else:
        context = _budget_get(request, application, categories, rules)
    summary = context["summary"]
    excluded = "、".join(c.name for c in categories if c.pk in rules.ineligible_categories)
    return section_page(
        request,
        application,
        spec,
        {
            **context,
            "rows": budget_rows(context["formset"], rules),
            "arithmetic": arithmetic(summary, rules),
            "rules": rules,
            "call": application.call,
            "excluded": excluded,
            "ineligible_ids": sorted(rules.ineligible_categories),
            "max_rows": MAX_ROWS,
        },
    )


def _budget_post(request, application, spec, categories, rules):
    """Save the budget; a dict (the page's context) when the page is shown again."""
    action = request.POST.get("action", "continue")
    recalculate = action in (RECALCULATE, ADD_ROW)
    data = request.POST
    if action == ADD_ROW:
        # One more empty row than the page had, whatever else happens.
        data = data.copy()
        data["lines-TOTAL_FORMS"] = str(min(_total_rows(data) + 1, MAX_ROWS))
    form = BudgetForm(data, amount_required=not recalculate)
    formset = budget_line_formset(data, categories=categories)
    summary = check_budget(
        form,
        formset,
        rules,
        amount_field="requested_amount",
        check_amount=not recalculate,
        check_rules=action != ADD_ROW,
    )
    if recalculate and "requested_amount" in form.errors:
        # A recalculation says nothing about the amount: what was typed stays in the box and
        # in the draft, and is checked when the section is saved.
        del form.errors["requested_amount"]
        amount_readable = False
    else:
        amount_readable = True
    if not form.errors and amount_readable:
        try:
            services.application_save_budget(
                application=application,
                actor=request.user,
                lines=formset.lines(),
                requested_amount=form.cleaned_data.get("requested_amount"),
                version=form.base_version,
            )
        except StaleVersion:
            current = get_application(request, application.pk)
            form.refuse_stale(
                version=current.budget_version,
                values={"requested_amount": current.requested_amount},
                rows=budget_snapshot_rows(budget_lines_of(current)),
                row_label=BUDGET_ROW_LABEL,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except (PermissionDenied, InvalidTransition) as error:
            return refuse(request, application, error_text(error, REFUSED))
        else:
            if action == ADD_ROW:
                messages.success(request, _("The budget has been saved. A row has been added."))
                target = reverse("grants:application_section", args=[application.pk, spec.key])
                return redirect(f"{target}?rows={_total_rows(data)}#line-{_total_rows(data)}")
            return saved(request, application, spec)
    keep_draft(request, application, spec.key, typed_values(data))
    return {"form": form, "formset": formset, "summary": summary}


def _budget_get(request, application, categories, rules):
    """The saved budget, or the draft kept from the last save that failed, as typed and
    without errors (they were shown when it was sent); ``?rows=`` after adding a row."""
    draft = draft_of(application, "budget")
    lines = budget_lines_of(application)
    summary = summarise([Line(line.cost_category_id, line.amount) for line in lines], rules)
    stored = {"requested_amount": application.requested_amount}
    snapshot_rows = budget_snapshot_rows(lines)
    if draft is not None:
        rows = draft_rows(draft)
        summary = summarise_formset(budget_line_formset(draft, categories=categories), rules)
        typed = draft.get("requested_amount") or _maximum_text(summary)
        form = BudgetForm(initial={"requested_amount": typed})
        form.stamp(version=application.budget_version, values=stored, rows=snapshot_rows)
        # The version the draft was typed on: a save from it is checked against that.
        for name in (VERSION_FIELD, BASE_FIELD):
            if draft.get(name):
                form.initial[name] = draft[name]
        formset = budget_line_formset(
            categories=categories, initial=rows, extra=_extra_rows(request, len(rows))
        )
    else:
        requested = application.requested_amount
        # Shown as people write amounts (YenField reads the commas back).
        requested = _maximum_text(summary) if requested is None else f"{requested:,}"
        form = BudgetForm(initial={"requested_amount": requested})
        form.stamp(version=application.budget_version, values=stored, rows=snapshot_rows)
        formset = budget_line_formset(
            categories=categories, lines=lines, extra=_extra_rows(request, len(lines))
        )
    return {"form": form, "formset": formset, "summary": summary}


def _maximum_text(summary) -> str:
    """The most the budget allows, to accept or lower, where nothing is requested yet."""
    return f"{summary.maximum:,}" if summary.maximum else ""


def _total_rows(data) -> int:
    try:
        return max(0, min(int(data.get("lines-TOTAL_FORMS", 0)), MAX_ROWS))
    except (TypeError, ValueError):
        return 0


def _extra_rows(request, filled: int) -> int:
    """Empty rows under the lines: 3, or up to ``?rows=`` rows in all after 「行を追加する」."""
    try:
        wanted = int(request.GET.get("rows", ""))
    except ValueError:
        return 3
    return max(1, min(wanted, MAX_ROWS) - filled)
