"""Bulk work at the 年度 peak: actions on the selected rows of the application list.

Each action is a Django admin action with an intermediate page (like Django's own "delete
selected"): the changelist posts the selection, the page shows it with a form, and the page
posts back to the changelist with ``post=yes``. On that second post the selection must be
exactly rows the officer's bureau works on (a crafted id of another bureau refuses the
whole request), and every row goes through the services of one application (services.bulk,
services.notice_batches), so the same rules apply as on the application's own page.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.actions import error_text
from portal.japanese import yen

from ..models.applications import Status
from ..selectors import applications as selectors
from ..selectors import bulk as bulk_selectors
from ..selectors import notice_batches as batch_selectors
from ..services import bulk, notice_batches
from ..workflows.applications import REVIEW_STATUSES
from .bulk_forms import BulkAssignForm, BulkDecideForm, amount_field_name

TEMPLATES = "admin/grants/application/"
REFUSED = _("Your bureau cannot act on this application.")


def _posted_ids(request) -> set[int] | None:
    try:
        return {int(value) for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)}
    except ValueError:
        return None


class BulkWorkMixin:
    """The bulk actions and the batch progress page of ApplicationAdmin."""

    bulk_actions = [
        "start_review_and_assign_selected",
        "decide_selected",
        "issue_notices_selected",
    ]

    # -- the selection

    def _own_selection(self, request, queryset):
        """The selected rows the bureau works on; joint applications it only reads as a
        partner are left out with a warning."""
        user = request.user
        read_only = queryset.filter(selectors.application_partner_scope(user)).count()
        if read_only:
            self.message_user(
                request,
                ngettext(
                    "%(count)d joint application led by another bureau was left alone: your "
                    "bureau reads it as a partner (連携先として閲覧) and cannot act on it.",
                    "%(count)d joint applications led by other bureaus were left alone: your "
                    "bureau reads them as a partner (連携先として閲覧) and cannot act on them.",
                    read_only,
                )
                % {"count": read_only},
                messages.WARNING,
            )
        return queryset.filter(selectors.application_scope(user))

    def _confirming(self, request) -> bool:
        return request.POST.get("post") == "yes"

    def _selection(self, request, queryset):
        """The rows to work on, or None when the page's own post names rows it may not."""
        if not self._confirming(request):
            return self._own_selection(request, queryset)
        own = queryset.filter(selectors.application_scope(request.user))
        return None if self._tampered(request, own) else own

    def _tampered(self, request, own) -> bool:
        """On the page's own post, the ids must be exactly rows the bureau works on."""
        posted = _posted_ids(request)
        if posted is not None and posted == set(own.values_list("pk", flat=True)):
            return False
        self.message_user(
            request,
            _(
                "Some of the selected applications are not ones your bureau can act on, or no "
                "longer exist. Nothing was done: select the applications again."
            ),
            messages.ERROR,
        )
        return True

    def _leave_out(self, request, rows, keep, message):
        """Keep the rows ``keep`` accepts; name the others in a warning."""
        kept = [row for row in rows if keep(row)]
        left = [row for row in rows if not keep(row)]
        if left:
            self.message_user(
                request,
                message % {"references": "、".join(a.reference or str(a.pk) for a in left)},
                messages.WARNING,
            )
        return kept

    def _bulk_page(self, request, template, action, title, rows, **context):
        ids = [getattr(row, "application", row).pk for row in rows]
        return TemplateResponse(
            request,
            TEMPLATES + template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                "action": action,
                "rows": rows,
                "selected_ids": ids,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "changelist_url": request.get_full_path(),
                **context,
            },
        )

    # -- 審査開始 and reviewers

    @admin.action(
        description=_("Start review and assign reviewers (審査開始・審査員の割当て)"),
        permissions=["review"],
    )
    def start_review_and_assign_selected(self, request, queryset):
        own = self._selection(request, queryset)
        if own is None:
            return None
        rows = list(own.select_related("municipality").order_by("reference", "pk"))
        form = BulkAssignForm(
            request.POST if self._confirming(request) else None, bureau_id=request.user.bureau_id
        )
        if not self._confirming(request):
            rows = self._leave_out(
                request,
                rows,
                lambda a: a.status in REVIEW_STATUSES,
                _("Left out, not awaiting review: %(references)s."),
            )
            if not rows:
                self.message_user(
                    request,
                    _("None of the selected applications awaited review."),
                    messages.WARNING,
                )
                return None
        elif form.is_valid():
            result = bulk.applications_start_review_and_assign(
                applications=rows,
                actor=request.user,
                lead_officer=form.cleaned_data["lead_officer"],
                reviewers=form.cleaned_data["reviewers"],
            )
            self._report(request, result)
            return None
        return self._bulk_page(
            request,
            "bulk_assign.html",
            "start_review_and_assign_selected",
            _("Start review and assign reviewers"),
            rows,
            form=form,
        )

    def _report(self, request, result):
        if result.done:
            self.message_user(
                request,
                _("Review started or reviewers assigned for %(count)d applications.")
                % {"count": len(result.done)},
                messages.SUCCESS,
            )
        for application, error in result.refused:
            self.message_user(
                request,
                f"{application.reference}: {error_text(error, REFUSED)}",
                messages.ERROR,
            )

    # -- 交付決定

    @admin.action(
        description=_("Decide the grant (交付決定) with an amount for each"),
        permissions=["review"],
    )
    def decide_selected(self, request, queryset):
        confirming = self._confirming(request)
        own = self._selection(request, queryset)
        if own is None:
            return None
        rows = bulk_selectors.decide_rows(own)
        if not confirming:
            rows = self._leave_out(
                request,
                rows,
                lambda row: row.application.status in REVIEW_STATUSES,
                _("Left out, not awaiting a decision: %(references)s."),
            )
            if not rows:
                self.message_user(
                    request,
                    _("None of the selected applications awaited a decision."),
                    messages.WARNING,
                )
                return None
        form = BulkDecideForm(request.POST if confirming else None, rows=rows)
        if confirming and "_recalculate" not in request.POST and form.is_valid():
            try:
                decided = bulk.applications_decide(
                    decisions=form.decisions(),
                    actor=request.user,
                    conditions=form.cleaned_data["conditions"],
                )
            except bulk.BulkRefused as refused:
                self._refusal_on_form(form, refused)
            else:
                self.message_user(
                    request,
                    _(
                        "Grant decided (交付決定) for %(count)d applications, %(total)s in all. "
                        "Their notices are not issued yet: select them and choose “Issue the "
                        "notices of grant decision”."
                    )
                    % {
                        "count": len(decided),
                        "total": yen(sum(a.approved_amount for a in decided)),
                    },
                    messages.SUCCESS,
                )
                return None
        return self._bulk_page(
            request,
            "bulk_decide.html",
            "decide_selected",
            _("Decide the grants (交付決定)"),
            rows,
            form=form,
            allocations=self._allocation_lines(rows, form),
        )

    @staticmethod
    def _refusal_on_form(form, refused):
        named = {amount_field_name(row.application): row for row in form.rows}
        for pk, errors in refused.errors.items():
            name = f"amount_{pk}"
            form.add_error(name if name in named else None, errors)
        for problem in refused.problems:
            form.add_error(None, problem)
        form.add_error(None, _("Nothing was decided. Correct the rows marked and decide again."))

    @staticmethod
    def _allocation_lines(rows, form) -> list[dict]:
        """Each 年度's allocation against the total typed for it (the page's total rows)."""
        typed: dict[tuple[int, int], int] = {}
        for row in rows:
            key = (row.application.bureau_id, row.application.fiscal_year)
            field = form.fields[amount_field_name(row.application)]
            try:
                amount = field.to_python(row.field.value()) or 0
            except ValidationError:
                amount = 0
            typed[key] = typed.get(key, 0) + amount
        lines = []
        for (bureau_id, year), total in sorted(typed.items()):
            usage = bulk_selectors.remaining_allocation(bureau_id, year)
            lines.append(
                {
                    "fiscal_year": year,
                    **usage,
                    "total": total,
                    "after": usage["remaining"] - total,
                    "over": total > usage["remaining"],
                }
            )
        return lines

    # -- 交付決定通知書, as one batch

    @admin.action(
        description=_("Issue the notices of grant decision (交付決定通知書) as one batch"),
        permissions=["review"],
    )
    def issue_notices_selected(self, request, queryset):
        confirming = self._confirming(request)
        own = self._selection(request, queryset)
        if own is None:
            return None
        rows = list(
            bulk_selectors.with_decision_notice(own)
            .select_related("municipality")
            .order_by("reference", "pk")
        )
        if confirming:
            try:
                batch = notice_batches.notice_batch_create(applications=rows, actor=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, error_text(error), messages.ERROR)
                return None
            return redirect("admin:grants_application_notice_batch", batch.pk)
        rows = self._leave_out(
            request,
            rows,
            lambda application: application.status == Status.APPROVED,
            _("Left out, the grant is not decided (交付決定): %(references)s."),
        )
        if not rows:
            self.message_user(
                request,
                _("None of the selected applications has a grant decision to notify."),
                messages.WARNING,
            )
            return None
        return self._bulk_page(
            request,
            "bulk_issue.html",
            "issue_notices_selected",
            _("Issue the notices of grant decision"),
            rows,
            to_issue=sum(1 for a in rows if not a.decision_notices),
            recent_batches=batch_selectors.notice_batches_visible_to(request.user)[:5],
        )

    # -- the batch's progress

    def bulk_urls(self):
        return [
            path(
                "notice-batches/<int:batch_pk>/",
                self.admin_site.admin_view(self.notice_batch_view),
                name="grants_application_notice_batch",
            )
        ]

    def notice_batch_view(self, request, batch_pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = batch_selectors.notice_batch_get_for(request.user, batch_pk)
        progress = batch_selectors.notice_batch_progress(batch)
        return TemplateResponse(
            request,
            TEMPLATES + "notice_batch.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Issuing the notices of grant decision"),
                "batch": batch,
                "progress": progress,
                # WCAG 2.2.2: the reader can stop the page reloading itself.
                "refresh": not progress.finished and "stay" not in request.GET,
                "changelist_url": reverse("admin:grants_application_changelist"),
            },
        )
