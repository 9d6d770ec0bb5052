"""The pages: the request form with drafts, check and submit; the bureau's decision and
assignment pages; sessions and reports. One happy path each, the refusals, bad input
coming back with everything typed, and query counts pinned on the lists."""

import datetime as dt

import pytest
from django.urls import reverse

from dispatch.models import ActivityReport, Assignment, DispatchRequest
from tests.dispatch.factories import (
    PersonFactory,
    approved_request,
    assigned_request,
    draft_request,
    held_session,
    submitted_request,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"dispatch:{name}", args=args)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def staff_client(client, sapporo_staff):
    client.force_login(sapporo_staff)
    return client


@pytest.fixture
def officer_client(client, ishikari_officer):
    client.force_login(ishikari_officer)
    return client


FORM = {
    "kind": "dx",
    "title": "行政手続オンライン化推進事業",
    "initiative": "電子申請の対象手続を広げる。",
    "reason": "庁内に専門人材がいない。",
    "skills": [],
    "preferred_start": "2026-07-01",
    "preferred_end": "2026-09-30",
    "contact_name": "札幌 太郎",
    "contact_email": "staff@example.jp",
}


# --- The municipality's form --------------------------------------------------------------


def test_starting_a_request_opens_its_form(staff_client):
    response = staff_client.post(url("request_start"), {"kind": "dx", "title": "DX推進"})
    obj = DispatchRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("request_edit", obj.pk)
    page = staff_client.get(url("request_edit", obj.pk))
    assert page.status_code == 200
    assert 'value="DX推進"' in html(page)


def test_only_municipal_staff_start_requests(client, ishikari_officer, advisor):
    for user in (ishikari_officer, advisor):
        client.force_login(user)
        response = client.post(url("request_start"), {"kind": "dx", "title": "x"})
        assert response.status_code == 302
    assert not DispatchRequest.objects.exists()


def test_a_draft_keeps_what_was_typed_even_when_invalid(staff_client, sapporo_staff):
    obj = draft_request(sapporo_staff)
    data = {**FORM, "preferred_start": "2026-13-45", "title": "途中の題名", "action": "draft"}
    response = staff_client.post(url("request_edit", obj.pk), data)
    assert response.status_code == 200
    assert html(response).count("error-summary") >= 1
    assert "途中の題名" in html(response)
    assert "2026-13-45" in html(response)
    obj.refresh_from_db()
    assert obj.form_draft["title"] == "途中の題名"
    # Opening the form again brings it back, with its error.
    page = staff_client.get(url("request_edit", obj.pk))
    assert "2026-13-45" in html(page) and "途中の題名" in html(page)
    assert page.context["form"].errors


def test_a_draft_may_leave_answers_out(staff_client, sapporo_staff):
    obj = draft_request(sapporo_staff)
    response = staff_client.post(
        url("request_edit", obj.pk), {"kind": "dx", "title": "題名だけ", "action": "draft"}
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert (obj.title, obj.initiative, obj.preferred_start) == ("題名だけ", "", None)


def test_checking_needs_every_required_answer(staff_client, sapporo_staff):
    obj = draft_request(sapporo_staff)
    response = staff_client.post(
        url("request_edit", obj.pk), {"kind": "dx", "title": "題名", "action": "check"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["initiative"]


def test_full_width_digits_are_accepted(staff_client, sapporo_staff):
    obj = draft_request(sapporo_staff)
    data = {**FORM, "preferred_start": "２０２６-０７-０１", "action": "check"}
    response = staff_client.post(url("request_edit", obj.pk), data)
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.preferred_start == dt.date(2026, 7, 1)


def test_check_and_submit_gives_the_reference(staff_client, sapporo_staff, ishikari_officer):
    obj = draft_request(sapporo_staff)
    page = staff_client.get(url("request_check", obj.pk))
    assert "オンライン化" in html(page)
    response = staff_client.post(url("request_check", obj.pk))
    assert response.status_code == 302
    assert response["Location"] == url("request_confirmation", obj.pk)
    page = staff_client.get(response["Location"])
    assert "R8-石狩-派0001" in html(page)


def test_the_check_page_lists_what_is_missing_and_refuses_to_submit(staff_client, sapporo_staff):
    obj = draft_request(sapporo_staff, kind="regional", end=None)
    page = staff_client.get(url("request_check", obj.pk))
    assert page.context["problems"]
    response = staff_client.post(url("request_check", obj.pk))
    assert response.status_code == 200
    obj.refresh_from_db()
    assert obj.status == "draft"


def test_a_submitted_request_is_no_longer_editable(staff_client, sapporo_staff):
    obj = submitted_request(sapporo_staff)
    response = staff_client.get(url("request_edit", obj.pk))
    assert response.status_code == 302
    assert response["Location"] == url("request_detail", obj.pk)


def test_withdrawing(staff_client, sapporo_staff):
    obj = submitted_request(sapporo_staff)
    assert staff_client.get(url("request_withdraw", obj.pk)).status_code == 200
    staff_client.post(url("request_withdraw", obj.pk), {"reason": "不要になった"})
    obj.refresh_from_db()
    assert obj.status == "withdrawn"


# --- The bureau's pages -------------------------------------------------------------------


def test_the_officer_approves_returns_and_declines_from_the_page(
    officer_client, sapporo_staff, ebetsu_staff
):
    obj = submitted_request(sapporo_staff)
    page = officer_client.get(url("request_detail", obj.pk))
    assert url("request_decide", obj.pk, "approve") in html(page)
    response = officer_client.post(url("request_decide", obj.pk, "return"), {"reason": ""})
    assert response.status_code == 200  # the reason is required
    response = officer_client.post(url("request_decide", obj.pk, "return"), {"reason": "件数を"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == "returned"
    other = submitted_request(ebetsu_staff)
    officer_client.post(url("request_decide", other.pk, "decline"), {"reason": "対象外"})
    other.refresh_from_db()
    assert other.status == "declined"
    third = submitted_request(sapporo_staff, title="三件目")
    officer_client.post(url("request_decide", third.pk, "approve"), {"note": ""})
    third.refresh_from_db()
    assert third.status == "approved"


def test_an_officer_without_the_chiefs_authority_is_told_why(officer_client, sapporo_staff):
    obj = submitted_request(sapporo_staff, kind="regional", wanted=("strategy",))
    page = officer_client.get(url("request_detail", obj.pk))
    assert url("request_decide", obj.pk, "approve") not in html(page)
    response = officer_client.post(url("request_decide", obj.pk, "approve"), {"note": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    obj.refresh_from_db()
    assert obj.status == "submitted"


def test_unknown_decisions_are_404(officer_client, sapporo_staff):
    obj = submitted_request(sapporo_staff)
    assert officer_client.get(url("request_decide", obj.pk, "explode")).status_code == 404


def test_the_candidates_page_explains_and_assigns(
    officer_client, sapporo_staff, ishikari_officer, advisor_person
):
    obj = approved_request(sapporo_staff, ishikari_officer)
    other = PersonFactory(name="別の人", skill_codes=["gis"])
    page = officer_client.get(url("request_candidates", obj.pk))
    assert page.status_code == 200
    text = html(page)
    assert text.index(advisor_person.name) < text.index("別の人")
    assert "Score" in text or "スコア" in text or "100" in text
    response = officer_client.post(
        url("request_candidates", obj.pk),
        {
            "people": [advisor_person.pk],
            "starts_on": "2026-07-01",
            "ends_on": "2026-09-30",
            "lead": advisor_person.pk,
        },
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == "assigned"
    assert other.pk


def test_an_overlapping_assignment_comes_back_with_the_message(
    officer_client, sapporo_staff, ebetsu_staff, ishikari_officer, advisor_person
):
    assigned_request(ebetsu_staff, ishikari_officer, advisor_person)
    obj = approved_request(sapporo_staff, ishikari_officer, title="札幌")
    data = {
        "people": [advisor_person.pk],
        "starts_on": "2026-08-01",
        "ends_on": "2026-08-31",
        "note": "メモ",
    }
    response = officer_client.post(url("request_candidates", obj.pk), data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert advisor_person.name in errors and "江別市" in errors
    assert 'value="メモ"' in html(response)
    assert not Assignment.objects.filter(request=obj).exists()


def test_the_assign_form_rejects_odd_input(officer_client, sapporo_staff, ishikari_officer):
    obj = approved_request(sapporo_staff, ishikari_officer)
    for data in (
        {"people": ["999999"], "starts_on": "2026-07-01", "ends_on": "2026-07-02"},
        {"people": ["abc"], "starts_on": "x", "ends_on": ""},
        {},
    ):
        assert officer_client.post(url("request_candidates", obj.pk), data).status_code == 200
    assert (
        officer_client.get(url("request_candidates", obj.pk), {"start": "nope"}).status_code == 200
    )


def test_releasing_an_assignment(officer_client, sapporo_staff, ishikari_officer, advisor_person):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    assignment = obj.assignments.get()
    assert officer_client.get(url("assignment_release", assignment.pk)).status_code == 200
    officer_client.post(url("assignment_release", assignment.pk), {"reason": "異動"})
    assignment.refresh_from_db()
    assert assignment.cancelled_at is not None


def test_issuing_the_notice_from_the_page(
    officer_client, sapporo_staff, ishikari_officer, advisor_person
):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    assert officer_client.get(url("notice_issue", obj.pk)).status_code == 200
    response = officer_client.post(url("notice_issue", obj.pk), {"confirmed": "on"})
    assert response.status_code == 302
    assert obj.notices.count() == 1


# --- Sessions and reports -------------------------------------------------------------------


def test_scheduling_a_session_from_the_page(
    staff_client, sapporo_staff, ishikari_officer, advisor_person
):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    assert staff_client.get(url("session_create", obj.pk)).status_code == 200
    data = {
        "mode": "visit",
        "date": "2026-07-15",
        "start_time": "13:00",
        "end_time": "12:00",
        "place": "",
        "people": [advisor_person.pk],
        "participants": "企画課 2名",
    }
    response = staff_client.post(url("session_create", obj.pk), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"end_time", "place"}
    assert "企画課 2名" in html(response)
    data.update(end_time="15:00", place="市役所 会議室")
    response = staff_client.post(url("session_create", obj.pk), data)
    assert response.status_code == 302
    session = obj.sessions.get()
    assert staff_client.get(response["Location"]).status_code == 200
    from django.utils import timezone

    assert timezone.localtime(session.starts_at).hour == 13


def test_the_advisor_reports_and_the_municipality_confirms(
    client, sapporo_staff, ishikari_officer, advisor, advisor_person, now_after_sessions
):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    session = held_session(obj, ishikari_officer, advisor_person)
    client.force_login(advisor)
    page = client.get(url("session_detail", session.pk))
    assert url("report_create", session.pk) in html(page)
    response = client.post(url("report_create", session.pk), {"summary": "", "hours": "30"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"summary", "hours"}
    response = client.post(
        url("report_create", session.pk), {"summary": "計画案を作った。", "hours": "６"}
    )
    assert response.status_code == 302
    report = ActivityReport.objects.get()
    client.force_login(sapporo_staff)
    page = client.get(url("session_detail", session.pk))
    assert url("report_confirm", report.pk) in html(page)
    response = client.post(url("report_confirm", report.pk), {"comment": "x"})
    assert response.status_code == 200  # no rating
    response = client.post(url("report_confirm", report.pk), {"rating": "4", "comment": "良かった"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.rating) == ("confirmed", 4)


def test_returning_a_report_from_the_page(
    client, sapporo_staff, ishikari_officer, advisor, advisor_person, now_after_sessions
):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    session = held_session(obj, ishikari_officer, advisor_person)
    from dispatch.services.reports import activity_report_submit

    report = activity_report_submit(session=session, actor=advisor, summary="x", hours=3)
    client.force_login(sapporo_staff)
    assert client.get(url("report_confirm", report.pk), {"action": "return"}).status_code == 200
    client.post(url("report_confirm", report.pk), {"action": "return", "reason": "時間を確認"})
    report.refresh_from_db()
    assert report.status == "returned"
    client.force_login(advisor)
    assert client.get(url("report_correct", report.pk)).status_code == 200
    client.post(url("report_correct", report.pk), {"summary": "直した", "hours": "2.5"})
    report.refresh_from_db()
    assert (report.status, str(report.hours)) == ("submitted", "2.5")


def test_the_completion_report_closes_the_request(
    staff_client, sapporo_staff, ishikari_officer, advisor_person
):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    assert staff_client.get(url("request_complete", obj.pk)).status_code == 200
    response = staff_client.post(
        url("request_complete", obj.pk),
        {"outcomes": "成果", "next_steps": "継続", "rating": "5"},
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == "closed"
    page = staff_client.get(url("request_detail", obj.pk))
    assert "成果" in html(page)


# --- Lists and query counts ---------------------------------------------------------------


def _more_requests(staff, officer, n):
    for index in range(n):
        obj = submitted_request(staff, title=f"追加{index}")
        obj.partners.add(*list(staff.municipality.bureau.municipalities.all()[:2]))


def test_the_request_list_query_count_does_not_grow_with_rows(
    staff_client, sapporo_staff, ishikari_officer, django_assert_num_queries
):
    _more_requests(sapporo_staff, ishikari_officer, 1)
    with django_assert_num_queries(10):
        staff_client.get(url("request_list"))
    _more_requests(sapporo_staff, ishikari_officer, 5)
    with django_assert_num_queries(10):
        response = staff_client.get(url("request_list"), {"kind": "dx"})
    assert response.context["page"].paginator.count == 6


def test_the_officers_list_filters_and_keeps_the_query_in_pagination(
    officer_client, sapporo_staff, ishikari_officer, django_assert_num_queries
):
    _more_requests(sapporo_staff, ishikari_officer, 30)
    with django_assert_num_queries(12):
        response = officer_client.get(
            url("request_list"), {"status": "submitted", "municipality": "011002"}
        )
    assert response.context["page"].paginator.count == 30
    assert "status=submitted&amp;municipality=011002&amp;page=2" in html(response)
    assert 'role="status"' in html(response)
    assert (
        officer_client.get(url("request_list"), {"status": "bogus", "page": "x"}).status_code == 200
    )


def test_the_roster_list_query_count_does_not_grow_with_rows(
    officer_client, ishikari_officer, django_assert_num_queries
):
    PersonFactory(skill_codes=["gis"], area_codes=["ishikari"])
    with django_assert_num_queries(15):
        officer_client.get(url("person_list"), {"skill": "gis", "area": "ishikari"})
    for _ in range(5):
        PersonFactory(skill_codes=["gis", "data"], area_codes=["ishikari", "sorachi"])
    with django_assert_num_queries(15):
        response = officer_client.get(url("person_list"), {"skill": "gis", "area": "ishikari"})
    assert response.context["page"].paginator.count == 6


def test_the_request_page_query_count_does_not_grow_with_sessions(
    staff_client, sapporo_staff, ishikari_officer, advisor_person, django_assert_num_queries
):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    held_session(obj, ishikari_officer, advisor_person)
    detail = url("request_detail", obj.pk)
    with django_assert_num_queries(17):
        staff_client.get(detail)
    for day in (11, 12, 13, 14):
        held_session(obj, ishikari_officer, advisor_person, day=dt.date(2026, 7, day))
    with django_assert_num_queries(17):
        staff_client.get(detail)


def test_the_municipality_page_query_count_does_not_grow(
    staff_client, sapporo_staff, ishikari_officer, django_assert_num_queries
):
    _more_requests(sapporo_staff, ishikari_officer, 1)
    with django_assert_num_queries(14):
        staff_client.get(url("municipality_detail", "011002"))
    _more_requests(sapporo_staff, ishikari_officer, 4)
    with django_assert_num_queries(14):
        staff_client.get(url("municipality_detail", "011002"))


def test_anonymous_visitors_are_sent_to_sign_in(client, sapporo_staff):
    obj = submitted_request(sapporo_staff)
    for name, args in (("request_detail", [obj.pk]), ("request_list", []), ("dashboard", [])):
        response = client.get(url(name, *args))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.get(url("index")).status_code == 200


def test_hostile_input_never_gives_a_server_error(
    staff_client, client, sapporo_staff, ishikari_officer, advisor_person
):
    obj = draft_request(sapporo_staff)
    nasty = {
        **FORM,
        "title": "\x00null\x00",
        "initiative": "<script>alert('x')</script>",
        "preferred_start": "0001-01-01",
        "preferred_end": "9999-12-31",
        "partners": ["000000", "x"],
        "skills": ["-1"],
        "kind": "nope",
        "action": "draft",
    }
    response = staff_client.post(url("request_edit", obj.pk), nasty)
    assert response.status_code == 200
    assert "&lt;script&gt;" in html(response)
    obj.refresh_from_db()
    assert "\x00" not in str(obj.form_draft)
    assigned = assigned_request(sapporo_staff, ishikari_officer, advisor_person, title="別件")
    session = {
        "mode": "visit",
        "date": "0001-01-01",
        "start_time": "00:00",
        "end_time": "23:59",
        "place": "x",
        "people": [advisor_person.pk],
    }
    assert staff_client.post(url("session_create", assigned.pk), session).status_code == 200
    client.force_login(ishikari_officer)
    approved = approved_request(sapporo_staff, ishikari_officer, title="三件目")
    response = client.get(
        url("request_candidates", approved.pk), {"start": "2000-01-01", "end": "2100-12-31"}
    )
    assert response.status_code == 200
