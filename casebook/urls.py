import os

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from .sitemaps import sitemaps
from .views import (
    bench,
    case_studies,
    challenge_sharing,
    challenges,
    exports,
    feeds,
    journal,
    meetings,
    notices,
    pages,
    plan_advice,
    plan_councils,
    plans,
    proposals,
)
from .views import cooperative_applications as coop_apps
from .views import cooperative_register as coop_register
from .views import cooperatives as coop
from .views.surveys import responses as survey_responses

app_name = "casebook"

urlpatterns = [
    path("", pages.index, name="index"),
    path("areas/", pages.areas, name="areas"),
    # The case-study library (public)
    path("cases/", case_studies.case_study_list, name="case_study_list"),
    path("cases/export.csv", exports.export_csv, name="export_csv"),
    path("cases/export.json", exports.export_json, name="export_json"),
    path("cases/<int:pk>/", case_studies.case_study_detail, name="case_study_detail"),
    path("cases/<int:pk>/pdf/", case_studies.case_study_pdf_view, name="case_study_pdf"),
    path("photos/<uuid:pk>/<int:width>.jpg", case_studies.photo, name="photo"),
    # The journal「創る」(public)
    path("journal/", journal.issue_list, name="issue_list"),
    path("journal/<int:number>/", journal.issue_detail, name="issue_detail"),
    path("journal/<int:number>/pdf/", journal.issue_pdf_view, name="issue_pdf"),
    path(
        "journal/<int:number>/articles/<int:pk>/",
        journal.article_detail,
        name="article_detail",
    ),
    # Subscriptions
    path("feed/", feeds.CaseStudyFeed(), name="feed"),
    path("feed/themes/<slug:theme>/", feeds.CaseStudyFeed(), name="feed_theme"),
    path("feed/bureaus/<slug:bureau>/", feeds.CaseStudyFeed(), name="feed_bureau"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    # Municipal staff
    path("propose/", proposals.proposal_create, name="proposal_create"),
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    # Challenges and needs, liaison meetings, plans (I1, I4)
    path("challenges/", challenges.challenge_list, name="challenge_list"),
    path("challenges/new/", challenges.challenge_create, name="challenge_create"),
    path("challenges/overview/", challenges.challenge_overview, name="challenge_overview"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge_detail"),
    # Sharing among neighbours (#22 point 3)
    path(
        "challenges/<int:pk>/sharing/",
        challenge_sharing.challenge_sharing,
        name="challenge_sharing",
    ),
    path(
        "challenges/shared/",
        challenge_sharing.shared_challenge_list,
        name="shared_challenge_list",
    ),
    path(
        "challenges/shared/<int:pk>/",
        challenge_sharing.shared_challenge_detail,
        name="shared_challenge_detail",
    ),
    path(
        "challenges/shared/<int:pk>/same/",
        challenge_sharing.shared_challenge_echo,
        name="shared_challenge_echo",
    ),
    path(
        "challenges/shared/<int:pk>/same/withdraw/",
        challenge_sharing.shared_challenge_unecho,
        name="shared_challenge_unecho",
    ),
    path("challenges/clusters/", challenge_sharing.challenge_clusters, name="challenge_clusters"),
    path(
        "meetings/strategy/<str:code>/",
        meetings.strategy_attendance_list,
        name="strategy_attendance_list",
    ),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/files/", meetings.meeting_upload, name="meeting_upload"),
    path("action-items/<int:pk>/close/", meetings.action_item_close, name="action_item_close"),
    path("action-items/<int:pk>/reopen/", meetings.action_item_reopen, name="action_item_reopen"),
    path("minutes/", meetings.minutes_list, name="minutes_list"),
    path("minutes/<int:pk>/", meetings.minutes_detail, name="minutes_detail"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/matrix/", plans.plan_matrix, name="plan_matrix"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/files/", plans.plan_upload, name="plan_upload"),
    path("plans/<int:pk>/comments/", plans.plan_comment, name="plan_comment"),
    path("plans/<int:pk>/measures/", plans.plan_measures, name="plan_measures"),
    path("plans/<int:pk>/council/", plan_councils.plan_council, name="plan_council"),
    path(
        "plans/<int:pk>/council/members/",
        plan_councils.plan_council_member_add,
        name="plan_council_member_add",
    ),
    path(
        "plans/<int:pk>/council/members/<int:member_pk>/remove/",
        plan_councils.plan_council_member_remove,
        name="plan_council_member_remove",
    ),
    path(
        "plans/<int:pk>/council/meetings/",
        plan_councils.plan_council_meeting_add,
        name="plan_council_meeting_add",
    ),
    path("plans/<int:pk>/advice/", plan_advice.plan_advice_give, name="plan_advice_give"),
    path(
        "plans/<int:pk>/advice/<int:advice_pk>/answer/",
        plan_advice.plan_advice_answer,
        name="plan_advice_answer",
    ),
    path("plans/<int:pk>/<slug:action>/", plans.plan_step, name="plan_step"),
    # お知らせ・事務連絡 (I2): public notices and their feed; a recipient's inbox
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/feed/", notices.NoticeFeed(), name="notice_feed"),
    path("notices/inbox/", notices.notice_inbox, name="notice_inbox"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/confirm/", notices.notice_confirm, name="notice_confirm"),
]

# 特定地域づくり事業協同組合 (I3): the public register, and the cooperative's own pages
urlpatterns += [
    path("cooperatives/", coop_register.register_list, name="cooperative_register_list"),
    path(
        "cooperatives/export.csv", coop_register.register_export, name="cooperative_register_export"
    ),
    path(
        "cooperatives/<int:pk>/", coop_register.register_detail, name="cooperative_register_detail"
    ),
    path("cooperatives/mine/", coop.cooperative_home, name="cooperative_home"),
    path("cooperatives/mine/signup/", coop.cooperative_register, name="cooperative_signup"),
    path(
        "cooperatives/mine/consultation/", coop.preconsultation, name="cooperative_preconsultation"
    ),
    path(
        "cooperatives/mine/apply/",
        coop_apps.application_start,
        name="cooperative_application_start",
    ),
    path(
        "cooperatives/applications/<int:pk>/",
        coop_apps.application_detail,
        name="cooperative_application_detail",
    ),
    path(
        "cooperatives/applications/<int:pk>/check/",
        coop_apps.application_check,
        name="cooperative_application_check",
    ),
    path(
        "cooperatives/applications/<int:pk>/withdraw/",
        coop_apps.application_withdraw,
        name="cooperative_application_withdraw",
    ),
    path(
        "cooperatives/applications/<int:pk>/certificate/",
        coop_apps.application_certificate,
        name="cooperative_application_certificate",
    ),
    path(
        "cooperatives/applications/<int:pk>/<slug:section>/",
        coop_apps.application_section,
        name="cooperative_application_section",
    ),
    path(
        "cooperatives/mine/notifications/new/",
        coop.notification_create,
        name="cooperative_notification_create",
    ),
    path(
        "cooperatives/notifications/<int:pk>/",
        coop.notification_detail,
        name="cooperative_notification_detail",
    ),
    path(
        "cooperatives/mine/annual-reports/new/",
        coop.annual_report_create,
        name="cooperative_annual_report_create",
    ),
]

if os.environ.get("PORTAL_BENCHMARK") == "1":
    # The benchmark's baseline: a view doing nothing, behind the same middleware.
    urlpatterns.append(path("_bench/bare/", bench.bare, name="bench_bare"))

# 照会・調査 (I1): the respondent's pages (the sender works in the admin)
urlpatterns += [
    path("surveys/", survey_responses.survey_list, name="survey_list"),
    path("surveys/<int:pk>/", survey_responses.survey_answer, name="survey_answer"),
    path("surveys/<int:pk>/check/", survey_responses.survey_check, name="survey_check"),
    path("surveys/<int:pk>/ask/", survey_responses.survey_ask, name="survey_ask"),
]
