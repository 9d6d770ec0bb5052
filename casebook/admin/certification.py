"""I3 certification applications in the admin: the bureau of the area's main municipality
reviews (criteria checklist, comments, return for correction) and sends the application to
HQ with its opinion; HQ certifies (certificate PDF, public notice) or refuses with reasons.
Every step is a kernel action whose POST calls one service."""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.actions import DESTRUCTIVE, PRIMARY, SECONDARY, Action, ActionAdminMixin, ActionSet
from portal.admin_scope import ScopedModelAdmin
from portal.japanese import yen
from portal.models import AuditEvent
from portal.services.attachments import attachments_of
from portal.views.files import document_response

from ..forms.cooperatives import ChecklistForm, ReasonForm
from ..models.cooperative_applications import CertificationApplication
from ..rules import cooperatives as sections
from ..selectors.cooperatives import application_scope
from ..services import cooperative_decisions as services
from ..services import cooperative_drafts as drafts
from ..workflows.cooperatives import CERTIFICATION_WORKFLOW
from .cooperatives import format_html_links


def _done(title):
    return _("Done: %(step)s") % {"step": title}


def _confirmed(service, title):
    def run(request, application, form, target):
        service(application=application, actor=request.user)
        return _done(title)

    return run


def _noted(service, argument, title):
    def run(request, application, form, target):
        service(
            application=application, actor=request.user, **{argument: form.cleaned_data["note"]}
        )
        return _done(title)

    return run


def _run_checklist(request, application, form, target):
    services.application_save_checklist(
        application=application, actor=request.user, criteria=form.cleaned_data
    )
    return _done(_("Check the certification criteria"))


def _note_form(label):
    def form(*args, **kwargs):
        return ReasonForm(*args, label=label, **kwargs)

    return form


def _step(name, title, run, form=None, style=SECONDARY, preview=None, kessai_kind=None):
    return Action(
        name,
        title,
        run,
        form=form,
        submit_label=title,
        style=style,
        preview_document=preview,
        kessai_kind=kessai_kind,
    )


def _preview_certificate(request, application, form, target):
    return drafts.certificate_draft(application=application)


def _preview_refusal(request, application, form, target):
    return drafts.refusal_draft(application=application, reasons=form.cleaned_data["note"])


START, CHECK = _("Start the review"), _("Check the certification criteria")
COMMENT, RETURN = _("Add a review comment"), _("Return for correction")
FORWARD, CERTIFY = _("Send to HQ with the bureau's opinion"), _("Certify")
REFUSE = _("Refuse certification")
CERTIFICATION_ACTIONS = ActionSet(
    CERTIFICATION_WORKFLOW,
    [
        _step(
            "start_review",
            START,
            _confirmed(services.application_start_review, START),
            style=PRIMARY,
        ),
        _step("checklist", CHECK, _run_checklist, ChecklistForm),
        _step(
            "comment",
            COMMENT,
            _noted(services.application_comment, "comment", COMMENT),
            _note_form(_("Comment")),
        ),
        _step(
            "return",
            RETURN,
            _noted(services.application_return, "reason", RETURN),
            _note_form(_("What the cooperative should correct")),
        ),
        _step(
            "forward",
            FORWARD,
            _noted(services.application_forward, "opinion", FORWARD),
            _note_form(_("Bureau's opinion")),
            style=PRIMARY,
        ),
        _step(
            "certify",
            CERTIFY,
            _confirmed(services.application_certify, CERTIFY),
            style=PRIMARY,
            preview=_preview_certificate,
            kessai_kind="casebook.certify",
        ),
        _step(
            "refuse",
            REFUSE,
            _noted(services.application_refuse, "reasons", REFUSE),
            _note_form(_("Reasons for refusal")),
            preview=_preview_refusal,
            style=DESTRUCTIVE,
        ),
    ],
)
CERTIFY_SUMMARY = _(
    "The certificate is numbered and issued in the governor's name, the public "
    "notice is published and the cooperative is told."
)


@admin.register(CertificationApplication)
class CertificationApplicationAdmin(ActionAdminMixin, ScopedModelAdmin):
    object_actions = CERTIFICATION_ACTIONS
    action_path = "step"
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
            *self.action_urls(),
            path(
                "<int:pk>/certificate/",
                self.admin_site.admin_view(self.certificate_view),
                name="casebook_certificationapplication_certificate",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": AuditEvent.objects.for_object(application).select_related("actor"),
            "workflow": CERTIFICATION_WORKFLOW,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def certificate_view(self, request, pk):
        application = self.get_object(request, str(pk))
        if application.certificate is None:
            raise Http404
        back = reverse("admin:casebook_certificationapplication_change", args=[application.pk])
        return document_response(request, application.certificate, back_url=back)

    def action_form_kwargs(self, request, application, action):
        return {"application": application} if action.name == "checklist" else {}

    def action_context(self, request, application, action):
        return {"summary": CERTIFY_SUMMARY if action.name == "certify" else ""}
