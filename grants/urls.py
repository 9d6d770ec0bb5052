from django.urls import path

from . import views
from .views import applications, dashboard, public

app_name = "grants"

urlpatterns = [
    path("", views.index, name="index"),
    # Public: open calls and their rules
    path("calls/", public.call_list, name="call_list"),
    path("calls/<int:pk>/", public.call_detail, name="call_detail"),
    # Municipal staff (and groups): applications through web forms
    path("calls/<int:pk>/apply/", applications.application_start, name="application_start"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/sections/<slug:section>/",
        applications.application_section,
        name="application_section",
    ),
    path("applications/<int:pk>/check/", applications.application_check, name="application_check"),
    path(
        "applications/<int:pk>/confirmation/",
        applications.application_confirmation,
        name="application_confirmation",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/forward/",
        applications.application_forward,
        name="application_forward",
    ),
    path(
        "applications/<int:pk>/partner-confirmation/",
        applications.application_partner_confirm,
        name="application_partner_confirm",
    ),
    path(
        "applications/<int:pk>/change-request/",
        applications.application_change,
        name="application_change",
    ),
    path(
        "applications/<int:pk>/report/", applications.application_report, name="application_report"
    ),
    path("applications/<int:pk>/claim/", applications.application_claim, name="application_claim"),
    path("notices/<int:pk>.pdf", applications.notice_pdf, name="notice_pdf"),
    # Bureau and HQ
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/export.csv", dashboard.export_csv, name="export_csv"),
    path("overdue/", dashboard.overdue_reports, name="overdue"),
]
