"""What the applicant side does with a submitted application: withdraw it, forward or return
a group's application, confirm a partner's part; after the decision, request a change,
report the results and claim the payment."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.actions import run_action
from portal.kessai import run_or_draft
from portal.uploads import keep_uploads

from ...forms.after import ChangeRequestForm, ReportForm
from ...forms.applications import ForwardForm, PartnerConfirmForm, SubmitForm, WithdrawForm
from ...forms.budget import budget_line_formset, budget_rows, check_budget, summarise_formset
from ...kessai import CLAIM_ACTION
from ...models import CostCategory
from ...permissions import applications as permissions
from ...rules.applications import Line, Rules, summarise
from ...selectors import applications as selectors
from ...services import after
from ...services import applications as services
from .common import (
    REFUSED,
    budget_lines_of,
    content_of,
    get_application,
    is_possible,
    refuse,
    to_detail,
)

# --- Withdraw, forward, partner confirmation ------------------------------------------------


@login_required
def application_withdraw(request, pk):
    application = get_application(request, pk)
    if not (
        permissions.can_withdraw_application(request.user, application)
        and is_possible(application, "withdraw")
    ):
        return refuse(request, application)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if not application.submitted_at:
        del form.fields["reason"]  # a draft the bureau never saw needs no reason
    if request.method == "POST" and form.is_valid():
        withdraw = partial(
            services.application_withdraw,
            application=application,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
        if application.submitted_at:
            done = _("The application has been withdrawn.")
        else:
            done = _("The draft has been deleted.")
        if run_action(request, withdraw, form=form, refused=REFUSED, done=done):
            return to_detail(application)
    return render(
        request, "grants/application_withdraw.html", {"application": application, "form": form}
    )


@login_required
def application_forward(request, pk):
    """The municipality forwards a group's application to the bureau, or returns it."""
    application = get_application(request, pk)
    if not permissions.can_forward_application(request.user, application):
        return refuse(request, application)
    form = ForwardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        returning = request.POST.get("action") == "return"
        if returning:
            service = services.application_return_to_group
            done = _("The application has been returned to the group.")
        else:
            service = services.application_forward
            done = _("The application has been forwarded to the bureau.")
        move = partial(service, application=application, actor=request.user, comment=comment)
        error_field = "comment" if returning else None
        if run_action(
            request, move, form=form, error_field=error_field, refused=REFUSED, done=done
        ):
            return to_detail(application)
    return render(
        request,
        "grants/application_forward.html",
        {"application": application, "form": form, **content_of(application)},
    )


@login_required
def application_partner_confirm(request, pk):
    """A partner municipality confirms its part (the form is on the application's page)."""
    application = get_application(request, pk)
    if request.method != "POST":
        return to_detail(application)
    if not permissions.can_confirm_as_partner(request.user, application):
        return refuse(request, application)
    form = PartnerConfirmForm(request.POST)
    if not form.is_valid():
        return refuse(request, application, " ".join(form.errors.get("comment", [])))
    confirm = partial(
        services.partner_confirm,
        application=application,
        actor=request.user,
        comment=form.cleaned_data["comment"],
    )
    done = _("Your municipality's participation has been confirmed.")
    run_action(request, confirm, refused=REFUSED, done=done)
    return to_detail(application)


# --- After the decision ---------------------------------------------------------------------


def _after_decision_refusal(request, application, action: str):
    if permissions.can_act_after_decision(request.user, application) and is_possible(
        application, action
    ):
        return None
    return refuse(request, application)


@login_required
def application_change(request, pk):
    """変更承認申請 (or 中止・廃止承認申請)."""
    application = get_application(request, pk)
    refusal = _after_decision_refusal(request, application, "request_change")
    if refusal is not None:
        return refusal
    categories = list(CostCategory.objects.all())
    rules = Rules.for_call(application.call)
    if request.method == "POST":
        form = ChangeRequestForm(request.POST)
        formset = budget_line_formset(request.POST, categories=categories)
        budget_change = request.POST.get("kind") == "budget"
        if budget_change:
            summary = check_budget(form, formset, rules, amount_field="new_amount")
        else:
            # The table is irrelevant to other changes: keep it as typed, do not check it.
            form.is_valid()
            summary = summarise_formset(formset, rules)
        if not form.errors:
            lines = formset.lines() if budget_change else []
            submit = partial(
                after.change_request_submit,
                application=application,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                new_description=form.cleaned_data["new_description"],
                new_budget=[
                    {
                        "cost_category": line["cost_category"].pk,
                        "description": line["description"],
                        "amount": line["amount"],
                    }
                    for line in lines
                ],
                new_amount=form.cleaned_data["new_amount"],
            )
            done = _("Your change request has been sent to the bureau for approval.")
            if run_action(request, submit, form=form, refused=REFUSED, done=done):
                return to_detail(application)
    else:
        lines = budget_lines_of(application)
        form = ChangeRequestForm()
        formset = budget_line_formset(categories=categories, lines=lines)
        summary = summarise([Line(line.cost_category_id, line.amount) for line in lines], rules)
    return render(
        request,
        "grants/application_change.html",
        {
            "application": application,
            "form": form,
            "formset": formset,
            "rows": budget_rows(formset, rules),
            "summary": summary,
            "rules": rules,
            "call": application.call,
        },
    )


@login_required
def application_report(request, pk):
    """実績報告: completion, KPI result, actual cost per budget line, evidence."""
    application = get_application(request, pk)
    refusal = _after_decision_refusal(request, application, "submit_report")
    if refusal is not None:
        return refusal
    lines = budget_lines_of(application)
    if request.method == "POST":
        form = keep_uploads(ReportForm(request.POST, request.FILES, lines=lines), request)
        if form.is_valid():
            data = form.cleaned_data
            submit = partial(
                after.report_submit,
                application=application,
                actor=request.user,
                completed_on=data["completed_on"],
                summary=data["summary"],
                kpi_result=data["kpi_result"],
                kpi_comment=data["kpi_comment"],
                actuals=form.actuals(),
                uploads=data["evidence"],
            )
            done = _("Your performance report has been sent to the bureau.")
            if run_action(request, submit, form=form, refused=REFUSED, done=done):
                return to_detail(application)
    else:
        form = ReportForm(lines=lines)
    return render(
        request, "grants/application_report.html", {"application": application, "form": form}
    )


@login_required
def application_claim(request, pk):
    """請求 of the fixed amount less advance payments."""
    application = get_application(request, pk)
    refusal = _after_decision_refusal(request, application, "claim")
    if refusal is not None:
        return refusal
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        # Drafted (起案) when the municipality's route for 請求 needs approvers; else sent.
        claim = partial(run_or_draft, request, CLAIM_ACTION, application, form, None)
        if run_action(request, claim, form=form, refused=REFUSED):
            return to_detail(application)
    return render(
        request,
        "grants/application_claim.html",
        {
            "application": application,
            "form": form,
            "figures": selectors.amounts_for_fixing(application),
        },
    )
