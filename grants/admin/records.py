"""Records after the decision (change requests, reports, payments, notices): read-only lists
across applications, scoped by the application's bureau and changed only by its steps."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ScopedModelAdmin
from portal.japanese import wareki_date, yen

from ..models import (
    ChangeRequest,
    Notice,
    Payment,
    PerformanceReport,
)


class ApplicationRecordAdmin(ScopedModelAdmin):
    """Rows that belong to an application: scoped by its bureau, changed only by steps."""

    scope_municipality = "application__municipality"
    scope_bureau = "application__bureau"
    add_roles = frozenset()
    change_roles = frozenset()
    delete_roles = frozenset()
    list_select_related = ["application__municipality"]
    search_fields = ["application__reference", "application__title"]

    @admin.display(description=_("application"), ordering="application__reference")
    def application_link(self, obj):
        url = reverse("admin:grants_application_change", args=[obj.application_id])
        application = obj.application
        return format_html(
            '<a href="{}">{} {}</a>', url, application.reference, application.municipality
        )


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ApplicationRecordAdmin):
    list_display = ["__str__", "application_link", "kind", "status", "created_at", "decided_at"]
    list_filter = ["status", "kind"]


@admin.register(PerformanceReport)
class PerformanceReportAdmin(ApplicationRecordAdmin):
    list_display = ["__str__", "application_link", "completed_on", "kpi_result", "submitted_at"]


@admin.register(Payment)
class PaymentAdmin(ApplicationRecordAdmin):
    list_display = ["__str__", "application_link", "kind", "amount_display", "paid_on"]
    list_filter = ["kind"]

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        return yen(obj.amount)


@admin.register(Notice)
class NoticeAdmin(ApplicationRecordAdmin):
    list_display = ["document_number", "kind", "application_link", "issued_display", "download"]
    list_filter = ["kind"]
    search_fields = ["document_number", *ApplicationRecordAdmin.search_fields]
    exclude = ["document"]
    readonly_fields = ["download"]

    @admin.display(description=_("date of issue"), ordering="issued_on")
    def issued_display(self, obj):
        return wareki_date(obj.issued_on)

    @admin.display(description=_("PDF"))
    def download(self, obj):
        if not obj.document_id:
            return "—"
        url = reverse("admin:grants_application_notice", args=[obj.application_id, obj.pk])
        return format_html('<a href="{}">{} {}</a>', url, _("Download"), obj.document_number)
