"""The task list's sections (fields, budget, attachments), kept as drafts on every POST, and
the check-your-answers page that submits."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.actions import add_service_errors, error_text, run_action
from portal.concurrency import BASE_FIELD, VERSION_FIELD, StaleVersion
from portal.services.attachments import attachments_of
from portal.tasklist import STATUS_LABELS, draft_of, typed_values
from portal.uploads import keep_uploads
from portal.workflow import InvalidTransition

from ...forms.applications import SECTION_FORMS, AttachmentsForm, SubmitForm
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
from ...models.applications import SECTIONS
from ...rules.applications import Line, Rules, summarise
from ...selectors.applications import application_readiness
from ...services import applications as services
from .common import (
    REFUSED,
    budget_lines_of,
    content_of,
    editable_or_refusal,
    get_application,
    refuse,
    to_detail,
)


def _keep_draft(request, application, section: str, raw: dict) -> None:
    # If it is no longer editable (changed in another tab), the save failed for that
    # reason and the page says so already.
    with contextlib.suppress(ValidationError, PermissionDenied):
        services.application_keep_draft(
            application=application, actor=request.user, section=section, raw=raw
        )


def _next_url(request, application, section: str) -> str:
    action = request.POST.get("action", "continue")
    if action == "stay":
        return reverse("grants:application_section", args=[application.pk, section])
    if action == "return":
        return reverse("grants:application_detail", args=[application.pk])
    following = SECTIONS.next_key(section)
    if following is not None:
        return reverse("grants:application_section", args=[application.pk, following])
    return reverse("grants:application_check", args=[application.pk])


def _saved(request, application, section):
    messages.success(request, _("“%(title)s” has been saved.") % {"title": section.title})
    return redirect(_next_url(request, application, section.key))


# --- Sections -------------------------------------------------------------------------------


@login_required
def application_section(request, pk, section):
    """One section of the task list. Every POST saves on the server: valid input through
    the section's service, anything else as a kept draft that comes back when the page is
    opened again."""
    application = get_application(request, pk)
    spec = SECTIONS.get(section)
    if spec is None:
        raise Http404
    refusal = editable_or_refusal(request, application)
    if refusal is not None:
        return refusal
    if spec.key == "budget":
        return _budget_section(request, application, spec)
    if spec.key == "attachments":
        return _attachments_section(request, application, spec)
    return _fields_section(request, application, spec)


def _section_page(request, application, spec, context):
    return render(
        request,
        f"grants/application_section_{spec.key}.html"
        if spec.key in ("budget", "attachments")
        else "grants/application_section.html",
        {
            "application": application,
            "section": spec,
            **SECTIONS.position(spec.key),
            **context,
        },
    )


def _fields_section(request, application, spec):
    form_class = SECTION_FORMS[spec.key]
    draft = draft_of(application, spec.key)
    if request.method == "POST":
        form = form_class(request.POST, application=application)
        if form.is_valid():
            try:
                services.application_save_section(
                    application=application,
                    actor=request.user,
                    section=spec.key,
                    data=form.cleaned_data,
                    version=form.base_version,
                )
            except StaleVersion:
                # Someone saved this section since the page was opened: say what changed,
                # keep what was typed (here and as a draft), carry the current version.
                current = get_application(request, application.pk)
                form.refuse_stale(
                    version=current.section_version(spec.key),
                    values=form_class.initial_for(current),
                )
            except ValidationError as error:
                # A dict names the field (e.g. end_date); a list goes to the top.
                add_service_errors(form, error)
            except (PermissionDenied, InvalidTransition) as error:
                return refuse(request, application, error_text(error, REFUSED))
            else:
                return _saved(request, application, spec)
        _keep_draft(request, application, spec.key, typed_values(request.POST, form))
    elif draft is not None:
        # Bring back what was typed last time, with its errors.
        form = form_class(draft, application=application)
        form.is_valid()
    else:
        initial = form_class.initial_for(application)
        form = form_class(initial=initial, application=application)
        form.stamp(version=application.section_version(spec.key), values=initial)
    return _section_page(request, application, spec, {"form": form})


# Buttons of the budget page that save the lines and stay: the requested amount is not
# checked (nor required) until the section is saved to move on.
RECALCULATE = "stay"
ADD_ROW = "add_row"
MAX_ROWS = BudgetLineFormSet.max_num


def _budget_section(request, application, spec):
    categories = list(CostCategory.objects.all())
    rules = Rules.for_call(application.call)
    if request.method == "POST":
        response = _budget_post(request, application, spec, categories, rules)
        if not isinstance(response, dict):
            return response
        context = response
    else:
        context = _budget_get(request, application, categories, rules)
    form, summary = context["form"], context["summary"]
    excluded = "、".join(c.name for c in categories if c.pk in rules.ineligible_categories)
    return _section_page(
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
            "form_errors": bool(form.errors),
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
            return _saved(request, application, spec)
    _keep_draft(request, application, spec.key, typed_values(data))
    return {"form": form, "formset": formset, "summary": summary}


def _budget_get(request, application, categories, rules):
    """The saved budget, or the draft kept from the last save that failed, as typed and
    without errors (they were shown when it was sent); ``?rows=`` after adding a row."""
    draft = draft_of(application, "budget")
    lines = budget_lines_of(application)
    summary = summarise([Line(line.cost_category_id, line.amount) for line in lines], rules)
    saved = {"requested_amount": application.requested_amount}
    snapshot_rows = budget_snapshot_rows(lines)
    if draft is not None:
        rows = draft_rows(draft)
        summary = summarise_formset(budget_line_formset(draft, categories=categories), rules)
        typed = draft.get("requested_amount") or _maximum_text(summary)
        form = BudgetForm(initial={"requested_amount": typed})
        form.stamp(version=application.budget_version, values=saved, rows=snapshot_rows)
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
        form.stamp(version=application.budget_version, values=saved, rows=snapshot_rows)
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


def _attachments_section(request, application, spec):
    requirements = list(application.call.required_attachments.all())
    form = AttachmentsForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        requirements=requirements,
    )
    keep_uploads(form, request)
    if request.method == "POST" and form.is_valid():
        try:
            for requirement in requirements:
                for upload in form.cleaned_data[AttachmentsForm.field_name(requirement)]:
                    services.application_add_attachment(
                        application=application,
                        actor=request.user,
                        upload=upload,
                        label=requirement.name,
                    )
            remove = request.POST.get("remove")
            if remove:
                services.application_remove_attachment(
                    application=application, actor=request.user, attachment_id=remove
                )
        except ValidationError as error:
            add_service_errors(form, error)
        except (PermissionDenied, InvalidTransition) as error:
            return refuse(request, application, error_text(error, REFUSED))
        else:
            if remove:
                messages.success(request, _("The file has been removed."))
                return redirect("grants:application_section", pk=application.pk, section=spec.key)
            return _saved(request, application, spec)
    attachments = list(attachments_of(application))
    names = {r.name for r in requirements}
    rows = [
        {
            "requirement": r,
            "field": form[AttachmentsForm.field_name(r)],
            "files": [a for a in attachments if a.label == r.name],
        }
        for r in requirements
    ]
    return _section_page(
        request,
        application,
        spec,
        {
            "form": form,
            "rows": rows,
            "other_files": [a for a in attachments if a.label not in names],
        },
    )


# --- Check your answers and submit ----------------------------------------------------------


@login_required
def application_check(request, pk):
    """Check your answers; submit when nothing is missing."""
    application = get_application(request, pk)
    refusal = editable_or_refusal(request, application)
    if refusal is not None:
        return refusal
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        submitted = []

        def submit():
            services.application_submit(application=application, actor=request.user)
            submitted.append(application)

        if run_action(request, submit, form=form, refused=REFUSED):
            # Refused (a message says why): back to the application.
            if not submitted:
                return to_detail(application)
            return redirect("grants:application_confirmation", pk=application.pk)
    readiness = application_readiness(application)
    return render(
        request,
        "grants/application_check.html",
        {
            "application": application,
            "form": form,
            "readiness": readiness,
            "incomplete": [
                {**s, "label": STATUS_LABELS[s["status"]]}
                for s in readiness["sections"]
                if s["status"] != "completed"
            ],
            **content_of(application, readiness["sections"]),
        },
    )
