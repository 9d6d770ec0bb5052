from django.urls import path

from .views import assigning, calendars, figures, people, public, requests, sessions

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
]
