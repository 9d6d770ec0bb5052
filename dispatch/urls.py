from django.contrib.sitemaps.views import sitemap
from django.urls import path

from .feeds import PositionFeed
from .sitemaps import sitemaps as kyoryokutai_sitemaps
from .views import (
    assigning,
    calendars,
    figures,
    kyoryokutai_figures,
    kyoryokutai_manage,
    kyoryokutai_members,
    kyoryokutai_public,
    kyoryokutai_register,
    people,
    public,
    requests,
    sessions,
)

app_name = "dispatch"

urlpatterns = [
    path("", public.index, name="index"),
    # Requests: municipal staff fill them in; everyone involved follows them
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_start, name="request_start"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", requests.request_edit, name="request_edit"),
    path("requests/<int:pk>/check/", requests.request_check, name="request_check"),
    path(
        "requests/<int:pk>/confirmation/",
        requests.request_confirmation,
        name="request_confirmation",
    ),
    path("requests/<int:pk>/withdraw/", requests.request_withdraw, name="request_withdraw"),
    path(
        "requests/<int:pk>/decide/<slug:action>/",
        requests.request_decide,
        name="request_decide",
    ),
    path("requests/<int:pk>/complete/", requests.request_complete, name="request_complete"),
    # Bureau: people for an approved request, notices
    path(
        "requests/<int:pk>/candidates/",
        assigning.request_candidates,
        name="request_candidates",
    ),
    path(
        "assignments/<int:pk>/release/",
        assigning.assignment_release,
        name="assignment_release",
    ),
    path("requests/<int:pk>/notice/", assigning.notice_issue, name="notice_issue"),
    path("requests/<int:pk>/notice/preview/", assigning.notice_preview, name="notice_preview"),
    path("notices/<int:pk>.pdf", assigning.notice_pdf, name="notice_pdf"),
    path("requests/<int:pk>/summary.pdf", assigning.summary_pdf, name="summary_pdf"),
    # Sessions and reports
    path("requests/<int:pk>/sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/report/", sessions.report_create, name="report_create"),
    path("reports/<int:pk>/correct/", sessions.report_correct, name="report_correct"),
    path("reports/<int:pk>/confirm/", sessions.report_confirm, name="report_confirm"),
    # People
    path("people/", people.person_list, name="person_list"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/figures.csv", people.person_figures_csv, name="person_figures_csv"),
    path("people/<int:pk>/calendar.ics", calendars.person_ics, name="person_ics"),
    path("people/<int:pk>/calendar-feed/", calendars.person_feed, name="person_feed"),
    path("me/", people.my_assignments, name="my_assignments"),
    # Municipalities, figures, dashboard
    path(
        "municipalities/<str:code>/",
        figures.municipality_detail,
        name="municipality_detail",
    ),
    path(
        "municipalities/<str:code>/figures.csv",
        figures.municipality_figures_csv,
        name="municipality_figures_csv",
    ),
    path(
        "municipalities/<str:code>/calendar.ics",
        calendars.municipality_ics,
        name="municipality_ics",
    ),
    path(
        "municipalities/<str:code>/calendar-feed/",
        calendars.municipality_feed,
        name="municipality_feed",
    ),
    path("figures/", figures.figures, name="figures"),
    path("figures.csv", figures.figures_csv, name="figures_csv"),
    path("dashboard/", figures.dashboard_view, name="dashboard"),
    path("calendar/<str:token>.ics", calendars.feed_ics, name="feed_ics"),
    # 地域おこし協力隊 (H3): the volunteers' portal, public
    path("kyoryokutai/", kyoryokutai_public.index, name="kyoryokutai"),
    path(
        "kyoryokutai/positions/",
        kyoryokutai_public.position_list,
        name="kyoryokutai_position_list",
    ),
    path("kyoryokutai/positions/feed/", PositionFeed(), name="kyoryokutai_position_feed"),
    path(
        "kyoryokutai/positions/<int:pk>/",
        kyoryokutai_public.position_detail,
        name="kyoryokutai_position_detail",
    ),
    path(
        "kyoryokutai/municipalities/<str:code>/",
        kyoryokutai_public.municipality_page,
        name="kyoryokutai_municipality",
    ),
    path("kyoryokutai/trials/", kyoryokutai_public.trial_list, name="kyoryokutai_trial_list"),
    path(
        "kyoryokutai/trials/<int:pk>/",
        kyoryokutai_public.trial_detail,
        name="kyoryokutai_trial_detail",
    ),
    path("kyoryokutai/events/", kyoryokutai_public.event_list, name="kyoryokutai_event_list"),
    path("kyoryokutai/events.ics", kyoryokutai_public.events_ics, name="kyoryokutai_events_ics"),
    path(
        "kyoryokutai/sitemap.xml",
        sitemap,
        {"sitemaps": kyoryokutai_sitemaps},
        name="kyoryokutai_sitemap",
    ),
    # The one-stop window
    path("kyoryokutai/inquiry/", kyoryokutai_public.inquiry, name="kyoryokutai_inquiry"),
    path(
        "kyoryokutai/inquiry/sent/",
        kyoryokutai_public.inquiry_sent,
        name="kyoryokutai_inquiry_sent",
    ),
    # Posting positions and trial programmes (municipalities, bureaus, HQ)
    path(
        "kyoryokutai/manage/positions/",
        kyoryokutai_manage.posting_list,
        {"kind": "positions"},
        name="kyoryokutai_manage_positions",
    ),
    path(
        "kyoryokutai/manage/trials/",
        kyoryokutai_manage.posting_list,
        {"kind": "trials"},
        name="kyoryokutai_manage_trials",
    ),
    path(
        "kyoryokutai/manage/<slug:kind>/new/",
        kyoryokutai_manage.posting_create,
        name="kyoryokutai_posting_create",
    ),
    path(
        "kyoryokutai/manage/<slug:kind>/<int:pk>/edit/",
        kyoryokutai_manage.posting_edit,
        name="kyoryokutai_posting_edit",
    ),
    path(
        "kyoryokutai/manage/<slug:kind>/<int:pk>/action/",
        kyoryokutai_manage.posting_action,
        name="kyoryokutai_posting_action",
    ),
    # The register of volunteers (personal data: municipality, bureau, HQ)
    path(
        "kyoryokutai/volunteers/",
        kyoryokutai_register.volunteer_list,
        name="kyoryokutai_volunteer_list",
    ),
    path(
        "kyoryokutai/volunteers/new/",
        kyoryokutai_register.volunteer_create,
        name="kyoryokutai_volunteer_create",
    ),
    path(
        "kyoryokutai/volunteers/<int:pk>/",
        kyoryokutai_register.volunteer_detail,
        name="kyoryokutai_volunteer_detail",
    ),
    path(
        "kyoryokutai/volunteers/<int:pk>/edit/",
        kyoryokutai_register.volunteer_edit,
        name="kyoryokutai_volunteer_edit",
    ),
    path(
        "kyoryokutai/volunteers/<int:pk>/settlement/",
        kyoryokutai_register.volunteer_settlement,
        name="kyoryokutai_settlement",
    ),
    path(
        "kyoryokutai/volunteers/<int:pk>/follow-up/",
        kyoryokutai_register.volunteer_followup,
        name="kyoryokutai_followup",
    ),
    # Before the steps' pattern, which would take "member" for a step.
    path(
        "kyoryokutai/volunteers/<int:pk>/member/",
        kyoryokutai_members.volunteer_member,
        name="kyoryokutai_volunteer_member",
    ),
    path(
        "kyoryokutai/volunteers/<int:pk>/member/invitation/<slug:op>/",
        kyoryokutai_members.volunteer_member_invitation,
        name="kyoryokutai_volunteer_member_invitation",
    ),
    path("kyoryokutai/me/", kyoryokutai_members.member_home, name="kyoryokutai_member_home"),
    path(
        "kyoryokutai/me/reports/new/",
        kyoryokutai_members.member_report_create,
        name="kyoryokutai_member_report_create",
    ),
    path(
        "kyoryokutai/me/next/",
        kyoryokutai_members.member_intention,
        name="kyoryokutai_member_intention",
    ),
    path(
        "kyoryokutai/me/alumni/",
        kyoryokutai_members.member_alumni,
        name="kyoryokutai_member_alumni",
    ),
    path("kyoryokutai/alumni/", kyoryokutai_members.alumni_list, name="kyoryokutai_alumni"),
    path(
        "kyoryokutai/reports/<int:pk>/",
        kyoryokutai_members.member_report,
        name="kyoryokutai_member_report",
    ),
    path(
        "kyoryokutai/volunteers/<int:pk>/<slug:step>/",
        kyoryokutai_register.volunteer_step,
        name="kyoryokutai_volunteer_step",
    ),
    path("kyoryokutai/figures/", kyoryokutai_figures.figures, name="kyoryokutai_figures"),
    path(
        "kyoryokutai/figures.csv",
        kyoryokutai_figures.figures_csv,
        name="kyoryokutai_figures_csv",
    ),
]
