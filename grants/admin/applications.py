"""The applications in the admin: the list with the 年度's allocation panel, and the
application page with its steps (see steps.py)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import permissions as portal_permissions
from portal.actions import Action, action_page, error_text, preview_urls
from portal.admin_scope import ScopedModelAdmin
from portal.japanese import fiscal_year, nendo, yen
from portal.models import Role
from portal.previews import preview_page
from portal.status_panel import StatusPanelMixin
from portal.views.files import document_response
from portal.workflow import InvalidTransition
from portal.workqueue import WorkQueueFilter, assignee_filter

from ..models import Application, ChangeRequest
from ..models.applications import Status
from ..selectors import applications as selectors
from ..selectors.work_queue import ASSIGNEE_PATHS
from ..services import review
from .bulk import BulkWorkMixin
from .filters import CallFilter, FiscalYearFilter, MunicipalityFilter, ShareFilter, year_param
from .page import change_lines, page_context
from .situation import Situation
from .steps import ALL_STEPS, APPLICATION_ACTIONS

# 「担当: 自分 / 自分の係・局 / すべて」: the lead officer or a reviewer.
AssigneeFilter = assignee_filter(*ASSIGNEE_PATHS)


def _yen_or_dash(value) -> str:
    return yen(value) if value is not None else "—"


@admin.register(Application)
class ApplicationAdmin(BulkWorkMixin, StatusPanelMixin, ScopedModelAdmin):
    scope_municipality = "municipality"
    scope_bureau = "bureau"
    # Applications are created by applicants on the site and changed only through steps.
    add_roles = frozenset()
    change_roles = frozenset()
    delete_roles = frozenset()
    list_display = [
        "reference_display",
        "title",
        "municipality",
        "status",
        "requested_display",
        "recommended_display",
        "approved_display",
        "submitted_at",
    ]
    list_select_related = ["municipality", "bureau"]
    search_fields = ["reference", "title", "municipality__name"]
    # At 100k rows a second COUNT(*) for "n of N" costs more than the page itself.
    show_full_result_count = False
    # 50 rows a page: what an officer reads at once, and half the rendering of Django's 100.
    list_per_page = 50
    # Bulk work at the 年度 peak (bulk.py): reviewers, decisions and notices for many at once.
    actions = ["start_review_selected", *BulkWorkMixin.bulk_actions]
    fieldsets = [
        (
            _("Overview and purpose"),
            {
                "fields": [
                    "reference_display",
                    "status",
                    "call",
                    "bureau",
                    "fiscal_year_display",
                    "municipality",
                    "applicant_kind",
                    "applicant_name",
                    "title",
                    "purpose",
                    "description",
                ]
            },
        ),
        (
            _("Comprehensive strategy and KPI"),
            {
                "fields": [
                    "strategy_name",
                    "strategy_measure",
                    "kpi_name",
                    "kpi_baseline",
                    "kpi_target",
                ],
                "classes": ["collapse"],
            },
        ),
        (
            _("Schedule"),
            {"fields": ["start_date", "end_date", "schedule_notes"], "classes": ["collapse"]},
        ),
        (
            _("Contact"),
            {
                "fields": ["contact_name", "contact_department", "contact_phone", "contact_email"],
                "classes": ["collapse"],
            },
        ),
        # The lead officer, reviewers, scores and amounts are in the review and the after the
        # decision sections below (once).
        (
            _("Review and decision"),
            {
                "fields": [
                    "submitted_at",
                    "revision",
                    "conditions",
                    "decided_at",
                    "return_reason",
                    "decision_reason",
                ]
            },
        ),
    ]
    readonly_fields = [
        "reference_display",
        "fiscal_year_display",
        "requested_display",
        "recommended_display",
        "approved_display",
        "fixed_display",
    ]
    panel_actions = APPLICATION_ACTIONS

    def scope(self, request, queryset):
        # The rows the grants selector lets the user open: it alone decides visibility (e.g.
        # whether applicants' unsubmitted drafts are shown, or which joint applications of
        # other bureaus a bureau reads as a partner), for views and admin alike.
        user = request.user
        return queryset.filter(selectors.application_read_scope(user)).annotate(
            read_as_partner=selectors.read_as_partner(user)
        )

    @staticmethod
    def _is_officer(user) -> bool:
        return not portal_permissions.is_hq(user) and user.role == Role.BUREAU

    # -- list

    def get_list_filter(self, request):
        filters = [
            WorkQueueFilter,
            AssigneeFilter,
            FiscalYearFilter,
            CallFilter,
            "status",
            MunicipalityFilter,
            "call__category",
        ]
        if portal_permissions.is_hq(request.user):
            filters.insert(3, "bureau")
        elif self._is_officer(request.user):
            filters.insert(3, ShareFilter)
        return filters

    def get_list_display(self, request):
        if portal_permissions.is_hq(request.user):
            return [*self.list_display[:3], "bureau", *self.list_display[3:]]
        if self._is_officer(request.user):
            return [*self.list_display[:3], "share_display", *self.list_display[3:]]
        return self.list_display

    @admin.display(description=_("your bureau's part"))
    def share_display(self, obj):
        if getattr(obj, "read_as_partner", False):
            return _("Read as a partner (連携先として閲覧); led by %(bureau)s") % {
                "bureau": obj.bureau.name
            }
        return _("Lead bureau (主管)")

    def action_checkbox(self, obj):
        # A joint application of another bureau is only read: nothing to select it for.
        if getattr(obj, "read_as_partner", False):
            return ""
        return super().action_checkbox(obj)

    @admin.display(description=_("reference number"), ordering="reference")
    def reference_display(self, obj):
        return obj.reference or _("(draft)")

    @admin.display(description=_("fiscal year"))
    def fiscal_year_display(self, obj):
        return nendo(obj.fiscal_year)

    @admin.display(description=_("requested"), ordering="requested_amount")
    def requested_display(self, obj):
        return _yen_or_dash(obj.requested_amount)

    @admin.display(description=_("recommended"), ordering="recommended_amount")
    def recommended_display(self, obj):
        return _yen_or_dash(obj.recommended_amount)

    @admin.display(description=_("approved"), ordering="approved_amount")
    def approved_display(self, obj):
        return _yen_or_dash(obj.approved_amount)

    @admin.display(description=_("fixed amount"))
    def fixed_display(self, obj):
        return _yen_or_dash(obj.fixed_amount)

    def changelist_view(self, request, extra_context=None):
        year = year_param(request.GET.get("fiscal_year")) or fiscal_year()
        extra_context = {
            **(extra_context or {}),
            "allocation_year": year,
            "allocation_rows": self._allocation_rows(request, year),
        }
        return super().changelist_view(request, extra_context)

    def _allocation_rows(self, request, year: int) -> list[dict]:
        return [
            {
                "bureau": a.bureau,
                "amount": a.amount,
                "committed": a.committed,
                "remaining": a.amount - a.committed,
                "percent": round(a.committed * 100 / a.amount) if a.amount else 0,
            }
            for a in selectors.allocations_visible_to(request.user, year)
        ]

    @admin.action(description=_("Start review of selected applications"), permissions=["review"])
    def start_review_selected(self, request, queryset):
        user = request.user
        # "Select all" may take in joint applications the bureau only reads: left alone.
        read_only = queryset.filter(selectors.application_partner_scope(user)).count()
        own = queryset.filter(selectors.application_scope(user))
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
        started = 0
        for application in own.filter(status=Status.SUBMITTED):
            try:
                review.application_start_review(application=application, actor=user)
                started += 1
            except (InvalidTransition, PermissionDenied, ValidationError) as error:
                self.message_user(
                    request,
                    f"{application}: {error_text(error, _('You cannot do this.'))}",
                    messages.ERROR,
                )
        if started:
            self.message_user(
                request,
                _("Review started for %(count)d applications.") % {"count": started},
                messages.SUCCESS,
            )
        elif not read_only or own.exists():
            self.message_user(
                request, _("None of the selected applications awaited review."), messages.WARNING
            )

    def has_review_permission(self, request):
        user = request.user
        return portal_permissions.can_use_admin(user) and user.role == Role.BUREAU

    # -- one application

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), **page_context(request, application)}
        return super().change_view(request, object_id, form_url, extra_context)

    # -- the status panel

    def panel_holder_roles(self, request, obj):
        roles = super().panel_holder_roles(request, obj)
        # A local group holds only its own application (a municipality's has none).
        return [r for r in roles if r != Role.GROUP or obj.group_user_id]

    def panel_holder_detail(self, request, obj, role):
        if role == Role.BUREAU:
            return _("%(bureau)s, officer in charge: %(officer)s") % {
                "bureau": obj.bureau,
                "officer": obj.lead_officer or _("not assigned yet"),
            }
        if role == Role.GROUP:
            return obj.applicant_name or None
        return super().panel_holder_detail(request, obj, role)

    def panel_deadline(self, obj):
        # The performance report is due while the project runs (交付決定 to 実績報告).
        if obj.status in (Status.APPROVED, Status.CHANGE_REQUESTED):
            return obj.report_due
        return None

    def get_urls(self):
        urls = [
            path(
                f"<int:pk>/{step.route}",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=step.url_name,
            )
            for step in ALL_STEPS
        ]
        urls += preview_urls(ALL_STEPS, self.admin_site.admin_view(self.step_preview_view))
        urls.append(
            path(
                "<int:pk>/notices/<int:notice_pk>/",
                self.admin_site.admin_view(self.notice_view),
                name="grants_application_notice",
            )
        )
        return [*urls, *self.bulk_urls(), *super().get_urls()]

    def step_view(self, request, pk, step: Action, **kwargs):
        # Outside the user's scope: 404 before anything else, whatever the method.
        application = self.get_object(request, str(pk))
        if not APPLICATION_ACTIONS.may_act(request.user, application):
            raise PermissionDenied  # HQ and others read, only the bureau's officers act
        target = step.target(application, kwargs) if step.target else None
        change_url = reverse("admin:grants_application_change", args=[application.pk])
        if not APPLICATION_ACTIONS.allows(step, application, request.user, target):
            self.message_user(
                request, _("This is not possible for this application now."), messages.WARNING
            )
            return redirect(change_url)
        situation = Situation(request.user, application)
        return action_page(
            request,
            self,
            step,
            application,
            change_url=change_url,
            target=target,
            form_kwargs={"situation": situation},
            refused=_("You cannot do this."),
            context={
                "situation": situation,
                "step": step,
                "body_class": "grant-step",
                "main_class": "grant-step-main",
                "form_class": "grant-form",
                "intro_templates": [
                    "admin/grants/application/includes/summary.html",
                    *([step.info_template] if step.info_template else []),
                ],
                "change_lines": change_lines(target) if isinstance(target, ChangeRequest) else None,
            },
        )

    def step_preview_view(self, request, pk, step: Action, **kwargs):
        """The draft (案) of the step's notice for the values typed on the step: 404 outside
        scope, 403 for those who read only, 404 when the step is not open now."""
        application = self.get_object(request, str(pk))
        if not APPLICATION_ACTIONS.may_act(request.user, application):
            raise PermissionDenied
        target = step.target(application, kwargs) if step.target else None
        if not APPLICATION_ACTIONS.allows(step, application, request.user, target):
            raise Http404
        return preview_page(
            request,
            action=step,
            obj=application,
            target=target,
            form_kwargs={"situation": Situation(request.user, application)},
        )

    def notice_view(self, request, pk, notice_pk):
        application = self.get_object(request, str(pk))
        notice = (
            application.notices.filter(pk=notice_pk, document__isnull=False)
            .select_related("document")
            .first()
        )
        if notice is None:
            raise Http404
        back = reverse("admin:grants_application_change", args=[application.pk])
        return document_response(request, notice.document, back_url=back)
