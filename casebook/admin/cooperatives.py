"""I3 特定地域づくり事業協同組合 in the admin.

- Cooperatives: HQ approves an account's registration (it gets the cooperative role) or
  declines it; the bureau of the cooperative's office reads it.
- Certification applications: the bureau of the area's main municipality reviews (criteria
  checklist, comments, return for correction) and sends the application to HQ with its
  opinion; HQ certifies (certificate PDF, public notice) or refuses with reasons.
- Change notifications (届出) with their due date and overdue flag: accepted or returned.
- Annual reports: read.
Every step calls a service; nothing here changes a status itself.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.admin_scope import ScopedModelAdmin
from portal.japanese import yen
from portal.models import AuditEvent
from portal.services.attachments import attachments_of
from portal.views.files import document_response
from portal.workflow import InvalidTransition

from ..forms.cooperatives import ChecklistForm, ReasonForm
from ..models.cooperative_applications import ApplicationStatus, CertificationApplication
from ..models.cooperative_changes import AnnualReport, ChangeNotification, NotificationStatus
from ..models.cooperatives import Cooperative, RegistrationStatus
from ..rules import cooperatives as sections
from ..selectors.cooperatives import application_scope, cooperative_scope
from ..services import cooperative_changes as changes
from ..services import cooperative_decisions as services
from ..workflows.cooperatives import (
    CERTIFICATION_WORKFLOW,
    NOTIFICATION_WORKFLOW,
    REGISTRATION_WORKFLOW,
)

STEP_TEMPLATE = "casebook/cooperatives/admin/step.html"


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, InvalidTransition):
        return error.message
    return str(_("You cannot do this now."))


class StepsMixin:
    """Admin pages of one step each: a form (or a confirmation) that calls a service."""

    def _step_page(self, request, obj, *, title, form, submit_label, summary=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": title,
            "form": form,
            "summary": summary,
            "submit_label": submit_label,
            "change_url": self._change_url(obj),
        }
        return TemplateResponse(request, STEP_TEMPLATE, context)

    def _change_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def _run(self, request, obj, call, success):
        try:
            call()
        except (InvalidTransition, ValidationError, PermissionDenied) as error:
            self.message_user(request, _error_text(error), messages.ERROR)
            return False
        self.message_user(request, success, messages.SUCCESS)
        return True


# --- Cooperatives -------------------------------------------------------------------------------


@admin.register(Cooperative)
class CooperativeAdmin(StepsMixin, ScopedModelAdmin):
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["name", "municipality", "status", "certified_on", "created_at"]
    list_filter = ["status", ("certified_on", admin.EmptyFieldListFilter), "municipality__bureau"]
    list_select_related = ["municipality"]
    search_fields = ["name", "name_kana", "corporate_number"]
    change_form_template = "casebook/cooperatives/admin/cooperative_change_form.html"
    readonly_fields = [
        "user",
        "name",
        "name_kana",
        "corporate_number",
        "address",
        "municipality",
        "representative",
        "contact_phone",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
        "certified_on",
        "certificate_number",
        "officers",
        "office",
        "area_display",
        "dispatches_workers",
        "created_at",
    ]
    fields = readonly_fields

    def scope(self, request, queryset):
        return queryset.filter(cooperative_scope(request.user))

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)

    @admin.display(description=_("area (地区)"))
    def area_display(self, obj):
        return "、".join(m.name for m in obj.area.order_by("code")) or "—"

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="casebook_cooperative_approve",
            ),
            path(
                "<int:pk>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name="casebook_cooperative_decline",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        cooperative = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_decide": cooperative.status == RegistrationStatus.PENDING
            and portal_permissions.is_hq(request.user),
            "events": AuditEvent.objects.for_object(cooperative).select_related("actor"),
            "workflow": REGISTRATION_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def approve_view(self, request, pk):
        cooperative = self.get_object(request, str(pk))
        if request.method == "POST":
            self._run(
                request,
                cooperative,
                lambda: services.cooperative_approve(cooperative=cooperative, actor=request.user),
                _("%(name)s is approved; the account now has the cooperative role.")
                % {"name": cooperative.name},
            )
        return redirect(self._change_url(cooperative))

    def decline_view(self, request, pk):
        cooperative = self.get_object(request, str(pk))
        form = ReasonForm(
            request.POST or None,
            label=_("Reason for declining"),
            help_text=_("The cooperative reads this reason."),
        )
        if request.method == "POST" and form.is_valid():
            self._run(
                request,
                cooperative,
                lambda: services.cooperative_decline(
                    cooperative=cooperative, actor=request.user, note=form.cleaned_data["note"]
                ),
                _("The registration was declined."),
            )
            return redirect(self._change_url(cooperative))
        return self._step_page(
            request,
            cooperative,
            title=_("Decline the registration"),
            form=form,
            submit_label=_("Decline the registration"),
        )


# --- Certification applications ---------------------------------------------------------------


@admin.register(CertificationApplication)
class CertificationApplicationAdmin(StepsMixin, ScopedModelAdmin):
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["reference", "name", "kind", "main_municipality", "status", "submitted_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["main_municipality", "bureau"]
    search_fields = ["reference", "name", "cooperative__name"]
    change_form_template = "casebook/cooperatives/admin/application_change_form.html"
    fieldsets = [
        (
            _("The cooperative"),
            {
                "fields": [
                    "reference",
                    "kind",
                    "status",
                    "cooperative",
                    "name",
                    "address",
                    "representative",
                    "officers",
                    "office",
                ]
            },
        ),
        (
            _("Area (地区)"),
            {"fields": ["main_municipality", "bureau", "area_display", "area_reason"]},
        ),
        (
            _("Business plan and budget"),
            {
                "fields": [
                    "change_summary",
                    "business_plan",
                    "dispatches_workers",
                    "planned_workers",
                    "budget_income_display",
                    "budget_expenditure_display",
                ]
            },
        ),
        (_("Attachments"), {"fields": ["attachments_display"]}),
        (
            _("Review and decision"),
            {
                "fields": [
                    "submitted_at",
                    "criteria_display",
                    "bureau_opinion",
                    "return_reason",
                    "decision_reason",
                    "decided_on",
                    "document_number",
                    "public_notice",
                ]
            },
        ),
    ]
    readonly_fields = [name for _title, options in fieldsets for name in options["fields"]]

    def get_list_display(self, request):
        if portal_permissions.is_hq(request.user):
            return [*self.list_display[:4], "bureau", *self.list_display[4:]]
        return self.list_display

    def get_list_filter(self, request):
        if portal_permissions.is_hq(request.user):
            return [*self.list_filter, "bureau"]
        return self.list_filter

    def scope(self, request, queryset):
        # Drafts are the cooperative's own until submitted; the selector decides.
        return queryset.filter(application_scope(request.user))

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)

    @admin.display(description=_("area (地区)"))
    def area_display(self, obj):
        return "、".join(m.name for m in obj.area.order_by("code")) or "—"

    @admin.display(description=_("budgeted income (yen)"))
    def budget_income_display(self, obj):
        return yen(obj.budget_income) or "—"

    @admin.display(description=_("budgeted expenditure (yen)"))
    def budget_expenditure_display(self, obj):
        return yen(obj.budget_expenditure) or "—"

    @admin.display(description=_("Statutory attachments"))
    def attachments_display(self, obj):
        files = list(attachments_of(obj))
        rows = []
        for row in sections.requirements_for(obj):
            requirement = row["requirement"]
            mine = [f for f in files if f.label == requirement.code]
            rows.append(
                (
                    requirement.title,
                    _("required") if row["required"] else _("optional"),
                    _("attached") if mine else _("missing"),
                    format_html_links(mine),
                )
            )
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}（{}）: {}{}</li>", rows))

    @admin.display(description=_("Certification criteria"))
    def criteria_display(self, obj):
        rows = [
            (
                _("met") if getattr(obj, name) else _("not checked"),
                CertificationApplication._meta.get_field(name).verbose_name,
            )
            for name in CertificationApplication.CRITERIA
        ]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))

    def get_urls(self):
        return [
            path(
                "<int:pk>/step/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="casebook_certificationapplication_step",
            ),
            path(
                "<int:pk>/certificate/",
                self.admin_site.admin_view(self.certificate_view),
                name="casebook_certificationapplication_certificate",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        available = {t.action for t in CERTIFICATION_WORKFLOW.available(application, request.user)}
        in_review = application.status in (
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.FORWARDED,
        )
        extra_context = {
            **(extra_context or {}),
            "available": available,
            "can_check": in_review,
            "can_comment": application.status != ApplicationStatus.DRAFT,
            "events": AuditEvent.objects.for_object(application).select_related("actor"),
            "workflow": CERTIFICATION_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def certificate_view(self, request, pk):
        application = self.get_object(request, str(pk))
        if application.certificate is None:
            raise Http404
        return document_response(
            request, application.certificate, back_url=self._change_url(application)
        )

    STEPS = {
        "start_review": (_("Start the review"), None),
        "checklist": (_("Check the certification criteria"), "checklist"),
        "comment": (_("Add a review comment"), _("Comment")),
        "return": (_("Return for correction"), _("What the cooperative should correct")),
        "forward": (_("Send to HQ with the bureau's opinion"), _("Bureau's opinion")),
        "certify": (_("Certify"), None),
        "refuse": (_("Refuse certification"), _("Reasons for refusal")),
    }

    def step_view(self, request, pk, step):
        application = self.get_object(request, str(pk))
        if step not in self.STEPS:
            raise Http404
        title, field = self.STEPS[step]
        user = request.user
        if field is None:
            # A confirmation: the button posts, the service decides.
            if request.method == "POST":
                call = {
                    "start_review": lambda: services.application_start_review(
                        application=application, actor=user
                    ),
                    "certify": lambda: services.application_certify(
                        application=application, actor=user
                    ),
                }[step]
                self._run(request, application, call, _("Done: %(step)s") % {"step": title})
                return redirect(self._change_url(application))
            summary = (
                _(
                    "The certificate is numbered and issued in the governor's name, the public "
                    "notice is published and the cooperative is told."
                )
                if step == "certify"
                else ""
            )
            return self._step_page(
                request, application, title=title, form=None, submit_label=title, summary=summary
            )
        if field == "checklist":
            form = ChecklistForm(request.POST or None, application=application)
        else:
            form = ReasonForm(request.POST or None, label=field)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            call = {
                "checklist": lambda: services.application_save_checklist(
                    application=application, actor=user, criteria=data
                ),
                "comment": lambda: services.application_comment(
                    application=application, actor=user, comment=data.get("note", "")
                ),
                "return": lambda: services.application_return(
                    application=application, actor=user, reason=data.get("note", "")
                ),
                "forward": lambda: services.application_forward(
                    application=application, actor=user, opinion=data.get("note", "")
                ),
                "refuse": lambda: services.application_refuse(
                    application=application, actor=user, reasons=data.get("note", "")
                ),
            }[step]
            if self._run(request, application, call, _("Done: %(step)s") % {"step": title}):
                return redirect(self._change_url(application))
        return self._step_page(request, application, title=title, form=form, submit_label=title)


def format_html_links(attachments) -> str:
    return format_html_join(
        "",
        ' <a href="{}">{}</a>',
        (
            (reverse("portal:attachment_download", args=[a.pk]), a.original_name)
            for a in attachments
        ),
    )


# --- Change notifications and annual reports ---------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("On time"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        late = Q(filed_at__isnull=True, due_on__lt=today) | Q(
            filed_at__isnull=False, filed_at__date__gt=F("due_on")
        )
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


@admin.register(ChangeNotification)
class ChangeNotificationAdmin(StepsMixin, ScopedModelAdmin):
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["cooperative", "kind", "changed_on", "due_on", "status", "overdue_display"]
    list_filter = [OverdueFilter, "status", "kind"]
    list_select_related = ["cooperative"]
    search_fields = ["cooperative__name"]
    change_form_template = "casebook/cooperatives/admin/notification_change_form.html"
    readonly_fields = [
        "cooperative",
        "kind",
        "changed_on",
        "due_on",
        "overdue_display",
        "new_value",
        "status",
        "filed_at",
        "return_reason",
        "files_display",
    ]
    fields = readonly_fields

    def scope(self, request, queryset):
        return queryset.filter(cooperative_scope(request.user, path="cooperative"))

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)

    @admin.display(description=_("overdue"), boolean=True)
    def overdue_display(self, obj):
        return obj.is_overdue(timezone.localdate())

    @admin.display(description=_("Documents"))
    def files_display(self, obj):
        return format_html_links(list(attachments_of(obj))) or "—"

    def get_urls(self):
        return [
            path(
                "<int:pk>/step/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="casebook_changenotification_step",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        notification = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_decide": notification.status == NotificationStatus.FILED,
            "events": AuditEvent.objects.for_object(notification).select_related("actor"),
            "workflow": NOTIFICATION_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def step_view(self, request, pk, step):
        notification = self.get_object(request, str(pk))
        user = request.user
        if step == "accept" and request.method == "POST":
            self._run(
                request,
                notification,
                lambda: changes.notification_accept(notification=notification, actor=user),
                _("The notification was accepted."),
            )
            return redirect(self._change_url(notification))
        if step != "return":
            return redirect(self._change_url(notification))
        form = ReasonForm(request.POST or None, label=_("What the cooperative should correct"))
        if request.method == "POST" and form.is_valid():
            ok = self._run(
                request,
                notification,
                lambda: changes.notification_return(
                    notification=notification, actor=user, reason=form.cleaned_data["note"]
                ),
                _("The notification was returned for correction."),
            )
            if ok:
                return redirect(self._change_url(notification))
        return self._step_page(
            request,
            notification,
            title=_("Return for correction"),
            form=form,
            submit_label=_("Return for correction"),
        )


@admin.register(AnnualReport)
class AnnualReportAdmin(ScopedModelAdmin):
    add_roles = frozenset()
    change_roles = frozenset()
    list_display = ["cooperative", "fiscal_year", "submitted_at"]
    list_filter = ["fiscal_year"]
    list_select_related = ["cooperative"]
    readonly_fields = ["cooperative", "fiscal_year", "summary", "submitted_at", "files_display"]
    fields = readonly_fields

    def scope(self, request, queryset):
        return queryset.filter(cooperative_scope(request.user, path="cooperative"))

    def has_view_permission(self, request, obj=None):
        return self._role_allowed(request, self.view_roles)

    @admin.display(description=_("Documents"))
    def files_display(self, obj):
        return format_html_links(list(attachments_of(obj))) or "—"
