from django.urls import path

from . import views
from .views import applications, dashboard, decisions, public

app_name = "grants"

urlpatterns = [
    path("", views.index, name="index"),
    # Public: open calls and their rules
    path("calls/", public.call_list, name="call_list"),
    path("calls/<int:pk>/", public.call_detail, name="call_detail"),
    # Public: the list of grant decisions (交付決定一覧) and its open data
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/export.csv", decisions.decision_csv, name="decision_csv"),
    path("decisions/export.json", decisions.decision_json, name="decision_json"),
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
    path("dashboard/export.xlsx", dashboard.export_xlsx, name="export_xlsx"),
    path("overdue/", dashboard.overdue_reports, name="overdue"),
]

# --- Bureau policy projects (F2), national grants advice (F3), ふるさと納税 support (F4) ---

from .views import national, projects  # noqa: E402
from .views.furusato import (  # noqa: E402
    companies,
    consultations,
    events,
    matching,
    portals,
    reports,
)

urlpatterns += [
    # F2: the internal list and page, the sheet, and the public finished projects
    path("projects/", projects.project_list, name="project_list"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/sheet.pdf", projects.project_sheet_pdf, name="project_sheet"),
    path("projects/results/", projects.project_results, name="project_results"),
    path(
        "projects/results/<int:pk>/",
        projects.project_result_detail,
        name="project_result_detail",
    ),
    # F3: the knowledge base, the FAQ, asking, and the desk side of each consultation
    path("national/", national.programme_list, name="national_programme_list"),
    path(
        "national/programmes/<int:pk>/",
        national.programme_detail,
        name="national_programme_detail",
    ),
    path("national/faq/", national.faq_list, name="national_faq"),
    path("national/ask/", national.national_ask, name="national_ask"),
    path(
        "national/consultations/",
        national.national_consultation_list,
        name="national_consultation_list",
    ),
    path(
        "national/consultations/<int:pk>/",
        national.national_consultation_detail,
        name="national_consultation_detail",
    ),
    path(
        "national/consultations/<int:pk>/programmes/",
        national.national_consultation_tag,
        name="national_consultation_tag",
    ),
    path(
        "national/consultations/<int:pk>/hq/",
        national.national_consultation_refer,
        name="national_consultation_refer",
    ),
    path(
        "national/consultations/<int:pk>/faq/",
        national.faq_publish,
        name="national_faq_publish",
    ),
    # F4: seminars, companies, matching, and HQ's figures
    path("furusato/", events.furusato_index, name="furusato_index"),
    path("furusato/events/", events.event_list, name="furusato_event_list"),
    path("furusato/events.ics", events.events_ics, name="furusato_events_ics"),
    path(
        "furusato/companies/register/",
        companies.company_register_view,
        name="company_register",
    ),
    path("furusato/company/", companies.company_home, name="company_home"),
    path("furusato/projects/", matching.project_list, name="furusato_project_list"),
    path("furusato/projects/mine/", matching.project_mine, name="furusato_project_mine"),
    path("furusato/projects/new/", matching.project_create, name="furusato_project_create"),
    path(
        "furusato/projects/<int:pk>/",
        matching.project_detail,
        name="furusato_project_detail",
    ),
    path(
        "furusato/projects/<int:pk>/edit/",
        matching.project_edit,
        name="furusato_project_edit",
    ),
    path(
        "furusato/projects/<int:pk>/action/",
        matching.project_action,
        name="furusato_project_action",
    ),
    path("furusato/interests/<int:pk>/", matching.interest_detail, name="interest_detail"),
    path(
        "furusato/interests/<int:pk>/withdraw/",
        matching.interest_withdraw,
        name="interest_withdraw",
    ),
    path("furusato/pipeline/", reports.pipeline, name="furusato_pipeline"),
    path("furusato/report/", reports.report, name="furusato_report"),
    path("furusato/report.csv", reports.report_csv, name="furusato_report_csv"),
    path("furusato/statistics/", reports.statistics, name="furusato_statistics"),
    # 1:1 consultations (#22).
    path(
        "furusato/consultations/",
        consultations.consultation_list,
        name="furusato_consultations",
    ),
    path(
        "furusato/consultations/<int:pk>/book/",
        consultations.slot_book,
        name="furusato_slot_book",
    ),
    path(
        "furusato/bookings/<int:pk>/cancel/",
        consultations.booking_cancel,
        name="furusato_booking_cancel",
    ),
    path(
        "furusato/bookings/<int:pk>.ics",
        consultations.booking_ics,
        name="furusato_booking_ics",
    ),
    # Portal sites, joint campaigns and donations received (#22).
    path("furusato/sites/", portals.site_list, name="furusato_sites"),
    path("furusato/sites/new/", portals.listing_create, name="furusato_listing_create"),
    path("furusato/sites/<int:pk>/edit/", portals.listing_edit, name="furusato_listing_edit"),
    path(
        "furusato/sites/<int:pk>/delete/",
        portals.listing_delete,
        name="furusato_listing_delete",
    ),
    path("furusato/donations/", portals.figure_list, name="furusato_figures"),
    path("furusato/donations/enter/", portals.figure_enter, name="furusato_figure_enter"),
]
