"""The drafts (案) of the numbered documents an application's admin steps issue: shown
before the number is drawn (``Action.preview_document``), built from the values typed on
the step's form."""

from __future__ import annotations

from ..services import after, notices, review


def preview_approve(request, application, form, target):
    data = form.cleaned_data
    return review.approval_draft(
        application=application, amount=data["amount"], conditions=data["conditions"]
    )


def preview_reject(request, application, form, target):
    return review.rejection_draft(application=application, reason=form.cleaned_data["reason"])


def preview_change(approved: bool):
    def preview(request, application, form, target):
        return after.change_decision_draft(
            change=target, note=form.cleaned_data["note"], approved=approved
        )

    return preview


def preview_fix_amount(request, application, form, target):
    return notices.amount_fixed_draft(application)
