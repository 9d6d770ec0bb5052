from django.urls import path

from .views import (
    account,
    consultations,
    events,
    files,
    public,
    regional,
    reports,
    rotation,
    rotation_files,
    strategy,
    strategy_parts,
    strategy_progress,
    strategy_public,
)

app_name = "portal"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("about/", public.AboutView.as_view(), name="about"),
    path("accessibility/", public.AccessibilityView.as_view(), name="accessibility"),
    path("sitemap/", public.SitemapView.as_view(), name="sitemap_page"),
    path("events/", events.event_list, name="event_list"),
    path("municipalities/", public.municipality_list, name="municipality_list"),
    path("municipalities/<str:code>/", public.municipality_detail, name="municipality_detail"),
    path(
        "municipalities/<str:code>/profile.pdf",
        public.municipality_profile_pdf,
        name="municipality_profile_pdf",
    ),
    path("organisation/rotation/", rotation.rotation_list, name="rotation_list"),
    path("organisation/rotation/new/", rotation.rotation_create, name="rotation_create"),
    path(
        "organisation/rotation/template/",
        rotation_files.rotation_template,
        name="rotation_template",
    ),
    path("organisation/rotation/<int:pk>/", rotation.rotation_detail, name="rotation_detail"),
    path(
        "organisation/rotation/<int:pk>/upload/", rotation.rotation_upload, name="rotation_upload"
    ),
    path(
        "organisation/rotation/<int:pk>/rows/new/",
        rotation.rotation_move_create,
        name="rotation_move_create",
    ),
    path(
        "organisation/rotation/<int:pk>/rows/<int:move_pk>/",
        rotation.rotation_move_edit,
        name="rotation_move_edit",
    ),
    path(
        "organisation/rotation/<int:pk>/rows/<int:move_pk>/remove/",
        rotation.rotation_move_remove,
        name="rotation_move_remove",
    ),
    path(
        "organisation/rotation/<int:pk>/handover/",
        rotation_files.rotation_handover,
        name="rotation_handover",
    ),
    path(
        "organisation/rotation/<int:pk>/<slug:action>/",
        rotation.rotation_step,
        name="rotation_step",
    ),
    path("mypage/", account.mypage, name="mypage"),
    path("mypage/work/", account.my_work, name="my_work"),
    path("mypage/access-request/", account.access_request_create, name="access_request_create"),
    path("mypage/groups/", account.group_list, name="group_list"),
    path("mypage/groups/invite/", account.group_invitation_create, name="group_invitation_create"),
    path(
        "mypage/groups/invitations/<int:pk>/resend/",
        account.group_invitation_resend,
        name="group_invitation_resend",
    ),
    path(
        "mypage/groups/invitations/<int:pk>/cancel/",
        account.group_invitation_cancel,
        name="group_invitation_cancel",
    ),
    path(
        "mypage/groups/requests/<int:pk>/",
        account.group_request_detail,
        name="group_request_detail",
    ),
    path("invitations/<str:token>/", account.group_invitation_open, name="group_invitation_open"),
    path("notifications/", account.notification_list, name="notification_list"),
    path("notifications/read/", account.notification_read, name="notification_read"),
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path("consultations/new/", consultations.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path(
        "consultations/<int:pk>/action/",
        consultations.consultation_action,
        name="consultation_action",
    ),
    path(
        "consultations/thread/<str:token>/",
        consultations.consultation_guest,
        name="consultation_guest",
    ),
    path("files/<uuid:pk>/", files.attachment_download, name="attachment_download"),
    path("regions/", regional.regional_index, name="regional_index"),
    path("regions/export.csv", regional.regional_export, name="regional_export"),
    path("regions/annual-report/", reports.annual_report, name="annual_report"),
    path(
        "regions/annual-report/<int:year>.pdf", reports.annual_report_pdf, name="annual_report_pdf"
    ),
    path("regions/bureaus/<slug:code>/", regional.regional_bureau, name="regional_bureau"),
    path(
        "regions/municipalities/<str:code>/",
        regional.regional_municipality,
        name="regional_municipality",
    ),
    path("regions/<slug:code>/", regional.regional_region, name="regional_region"),
    # Strategies (#21): public pages and open data, then the working pages.
    path("strategies/", strategy_public.strategy_index, name="strategy_index"),
    path("strategies/kpis.csv", strategy_public.strategy_csv, name="strategy_csv"),
    path("strategies/strategies.json", strategy_public.strategy_json, name="strategy_json"),
    path("strategies/<int:pk>/", strategy_public.strategy_public, name="strategy_public"),
    path(
        "strategies/regions/<slug:code>/",
        strategy_public.strategy_of_region,
        name="strategy_of_region",
    ),
    path(
        "strategies/manage/progress/regions/<slug:code>/",
        strategy_progress.region_progress,
        name="strategy_region_progress",
    ),
    path(
        "strategies/manage/progress/municipalities/<str:code>/",
        strategy_progress.municipality_progress,
        name="strategy_municipality_progress",
    ),
    path(
        "strategies/municipalities/<str:code>/",
        strategy_public.strategy_of_municipality,
        name="strategy_of_municipality",
    ),
    path("strategies/manage/", strategy.strategy_list, name="strategy_list"),
    path("strategies/manage/new/<slug:kind>/", strategy.strategy_create, name="strategy_create"),
    path("strategies/manage/<int:pk>/", strategy.strategy_work, name="strategy_work"),
    path("strategies/manage/<int:pk>/edit/", strategy.strategy_edit, name="strategy_edit"),
    path("strategies/manage/<int:pk>/goals/new/", strategy_parts.goal_edit, name="goal_create"),
    path(
        "strategies/manage/<int:pk>/goals/<int:goal_pk>/",
        strategy_parts.goal_edit,
        name="goal_edit",
    ),
    path(
        "strategies/manage/<int:pk>/measures/new/",
        strategy_parts.measure_edit,
        name="measure_create",
    ),
    path(
        "strategies/manage/<int:pk>/measures/<int:measure_pk>/",
        strategy_parts.measure_edit,
        name="measure_edit",
    ),
    path(
        "strategies/manage/<int:pk>/measures/<int:measure_pk>/kpis/new/",
        strategy_parts.kpi_edit,
        name="kpi_create",
    ),
    path("strategies/manage/<int:pk>/kpis/<int:kpi_pk>/", strategy_parts.kpi_edit, name="kpi_edit"),
    path(
        "strategies/manage/<int:pk>/remove/<slug:kind>/<int:part_pk>/",
        strategy_parts.part_remove,
        name="strategy_part_remove",
    ),
    path("strategies/manage/<int:pk>/advice/", strategy_parts.advice_give, name="advice_give"),
    path(
        "strategies/manage/<int:pk>/advice/<int:advice_pk>/answer/",
        strategy_parts.advice_answer,
        name="advice_answer",
    ),
    path(
        "strategies/manage/<int:pk>/<slug:action>/",
        strategy.strategy_step,
        name="strategy_step",
    ),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/event.ics", events.event_ics, name="event_ics"),
    path(
        "events/<int:pk>/registration-sent/",
        events.event_registration_sent,
        name="event_registration_sent",
    ),
    path(
        "registrations/<int:pk>/<str:token>/",
        events.registration_detail,
        name="registration_detail",
    ),
    path(
        "registrations/<int:pk>/<str:token>/cancel/",
        events.registration_cancel,
        name="registration_cancel",
    ),
]
