"""Who sees what: municipality A never sees B's requests (404), bureaus see their own,
drafts stay the municipality's, advisors see only their own assignments; and the
permission predicates as a table."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dispatch.permissions import requests as permissions
from dispatch.selectors import requests as selectors
from dispatch.services import assignments, notices, reports
from portal.models import Municipality
from portal.services.attachments import attachments_of
from tests.dispatch.factories import (
    assigned_request,
    draft_request,
    held_session,
    submitted_request,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"dispatch:{name}", args=args)


@pytest.fixture
def sapporo_request(sapporo_staff, ishikari_officer, advisor_person, now_after_sessions):
    obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    session = held_session(obj, ishikari_officer, advisor_person)
    report = reports.activity_report_submit(
        session=session,
        actor=advisor_person.user,
        summary="報告",
        hours=3,
        uploads=[
            SimpleUploadedFile(
                "memo.pdf",
                b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
                b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
            )
        ],
    )
    notices.dispatch_notice_issue(request=obj, actor=ishikari_officer)
    return {"request": obj, "session": session, "report": report}


def pages(data) -> list[str]:
    obj, session, report = data["request"], data["session"], data["report"]
    return [
        url("request_detail", obj.pk),
        url("request_candidates", obj.pk),
        url("session_create", obj.pk),
        url("session_detail", session.pk),
        url("session_cancel", session.pk),
        url("report_create", session.pk),
        url("report_confirm", report.pk),
        url("report_correct", report.pk),
        url("notice_pdf", obj.notices.get().pk),
        url("summary_pdf", obj.pk),
        url("request_complete", obj.pk),
        url("request_withdraw", obj.pk),
        url("request_decide", obj.pk, "approve"),
        url("assignment_release", obj.assignments.get().pk),
        url("municipality_detail", "011002"),
        url("municipality_ics", "011002"),
        url("municipality_figures_csv", "011002"),
    ]


def test_another_municipality_gets_404_everywhere(
    client, sapporo_request, ebetsu_staff, hakodate_staff
):
    for user in (ebetsu_staff, hakodate_staff):
        client.force_login(user)
        for page in pages(sapporo_request):
            assert client.get(page).status_code == 404, page
        listing = client.get(url("request_list"))
        assert listing.context["page"].paginator.count == 0


def test_an_officer_of_another_bureau_gets_404(client, sapporo_request, oshima_officer):
    client.force_login(oshima_officer)
    for page in pages(sapporo_request):
        assert client.get(page).status_code == 404, page
    assert client.get(url("request_list")).context["page"].paginator.count == 0


def test_the_advisor_sees_only_their_own_assignments(
    client, sapporo_request, advisor, other_advisor, ebetsu_staff, ishikari_officer
):
    theirs = assigned_request(ebetsu_staff, ishikari_officer, other_advisor, title="他の依頼")
    client.force_login(advisor)
    assert client.get(url("request_detail", sapporo_request["request"].pk)).status_code == 200
    assert client.get(url("session_detail", sapporo_request["session"].pk)).status_code == 200
    assert client.get(url("request_detail", theirs.pk)).status_code == 404
    assert client.get(url("person_detail", other_advisor.pk)).status_code == 404
    listing = client.get(url("request_list"))
    assert [o.pk for o in listing.context["page"]] == [sapporo_request["request"].pk]
    for page in (url("person_list"), url("dashboard"), url("figures"), url("figures_csv")):
        assert client.get(page).status_code == 404, page
    assert client.get(url("municipality_detail", "011002")).status_code == 404
    me = client.get(url("my_assignments"))
    assert me["Location"] == url("person_detail", sapporo_request["report"].person_id)


def test_a_released_advisor_loses_sight_of_the_request(
    client, sapporo_request, advisor, ishikari_officer
):
    assignment = sapporo_request["request"].assignments.get()
    assignments.assignment_release(assignment=assignment, actor=ishikari_officer, reason="交代")
    client.force_login(advisor)
    assert client.get(url("request_detail", sapporo_request["request"].pk)).status_code == 404


def test_drafts_stay_the_municipalitys(
    client, sapporo_staff, ebetsu_staff, ishikari_officer, hq_user
):
    obj = draft_request(
        sapporo_staff, is_wide_area=True, partners=[Municipality.objects.get(code="012173")]
    )
    for user in (ishikari_officer, hq_user, ebetsu_staff):
        client.force_login(user)
        assert client.get(url("request_detail", obj.pk)).status_code == 404
    client.force_login(sapporo_staff)
    assert client.get(url("request_detail", obj.pk)).status_code == 200


def test_a_partner_municipality_follows_a_submitted_wide_area_request(
    client, sapporo_staff, ebetsu_staff, hakodate_staff
):
    obj = submitted_request(
        sapporo_staff, is_wide_area=True, partners=[Municipality.objects.get(code="012173")]
    )
    client.force_login(ebetsu_staff)
    page = client.get(url("request_detail", obj.pk))
    assert page.status_code == 200
    assert url("request_edit", obj.pk) not in page.content.decode()
    assert client.get(url("request_edit", obj.pk)).status_code == 404
    client.force_login(hakodate_staff)
    assert client.get(url("request_detail", obj.pk)).status_code == 404


def test_hq_sees_every_bureau_and_the_bureau_its_own(
    client, sapporo_request, hq_user, ishikari_officer
):
    for user in (hq_user, ishikari_officer):
        client.force_login(user)
        assert client.get(url("request_detail", sapporo_request["request"].pk)).status_code == 200
        assert client.get(url("municipality_detail", "011002")).status_code == 200


def test_report_attachments_follow_the_request(
    client, sapporo_request, sapporo_staff, ebetsu_staff, advisor
):
    attachment = attachments_of(sapporo_request["report"]).get()
    download = reverse("portal:attachment_download", args=[attachment.pk])
    for user, status in ((sapporo_staff, 200), (advisor, 200), (ebetsu_staff, 404)):
        client.force_login(user)
        assert client.get(download).status_code == status


def test_the_roster_is_for_officers_and_hq(client, sapporo_staff, ishikari_officer, advisor_person):
    client.force_login(sapporo_staff)
    assert client.get(url("person_list")).status_code == 404
    assert client.get(url("person_detail", advisor_person.pk)).status_code == 404
    client.force_login(ishikari_officer)
    assert client.get(url("person_list")).status_code == 200
    assert client.get(url("person_detail", advisor_person.pk)).status_code == 200


def test_selectors_agree_with_the_pages(sapporo_request, advisor, other_advisor, ebetsu_staff):
    assert list(selectors.requests_visible_to(advisor)) == [sapporo_request["request"]]
    assert list(selectors.requests_visible_to(other_advisor.user)) == []
    assert list(selectors.requests_visible_to(ebetsu_staff)) == []
    assert list(selectors.sessions_visible_to(advisor)) == [sapporo_request["session"]]


# --- The predicates as a table: role × state ----------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "expected"),
    [
        # (who, the request's status, {predicate: allowed})
        ("sapporo", "draft", {"view": True, "edit": True, "withdraw": True, "decide": False}),
        ("ebetsu", "draft", {"view": False, "edit": False, "withdraw": False, "decide": False}),
        ("officer", "draft", {"view": False, "edit": False, "withdraw": False, "decide": False}),
        ("sapporo", "submitted", {"view": True, "edit": False, "withdraw": True, "decide": False}),
        ("officer", "submitted", {"view": True, "edit": False, "withdraw": False, "decide": True}),
        ("oshima", "submitted", {"view": False, "edit": False, "withdraw": False, "decide": False}),
        ("hq", "submitted", {"view": True, "edit": False, "withdraw": False, "decide": False}),
        (
            "advisor",
            "submitted",
            {"view": False, "edit": False, "withdraw": False, "decide": False},
        ),
        ("sapporo", "returned", {"view": True, "edit": True, "withdraw": True, "decide": False}),
        (
            "sapporo",
            "assigned",
            {"view": True, "complete": True, "schedule": True, "assign": False},
        ),
        (
            "officer",
            "assigned",
            {"view": True, "complete": False, "schedule": True, "assign": True},
        ),
        ("hq", "assigned", {"view": True, "complete": False, "schedule": True, "assign": True}),
        (
            "advisor",
            "assigned",
            {"view": True, "complete": False, "schedule": True, "assign": False},
        ),
        (
            "ebetsu",
            "assigned",
            {"view": False, "complete": False, "schedule": False, "assign": False},
        ),
    ],
)
def test_permission_table(
    who,
    status,
    expected,
    sapporo_staff,
    ebetsu_staff,
    ishikari_officer,
    oshima_officer,
    hq_user,
    advisor,
    advisor_person,
):
    users = {
        "sapporo": sapporo_staff,
        "ebetsu": ebetsu_staff,
        "officer": ishikari_officer,
        "oshima": oshima_officer,
        "hq": hq_user,
        "advisor": advisor,
    }
    if status == "draft":
        obj = draft_request(sapporo_staff)
    elif status == "assigned":
        obj = assigned_request(sapporo_staff, ishikari_officer, advisor_person)
    else:
        obj = submitted_request(sapporo_staff)
        if status == "returned":
            from dispatch.services.requests import dispatch_request_return

            obj = dispatch_request_return(request=obj, actor=ishikari_officer, reason="追記を")
    obj = selectors.request_get_for(
        ishikari_officer if status != "draft" else sapporo_staff, obj.pk
    )
    user = users[who]
    checks = {
        "view": permissions.can_view_request,
        "edit": permissions.can_edit_request,
        "withdraw": permissions.can_withdraw_request,
        "decide": permissions.can_decide_request,
        "complete": permissions.can_complete_request,
        "schedule": permissions.can_schedule_session,
        "assign": permissions.can_assign_people,
    }
    assert {name: checks[name](user, obj) for name in expected} == expected


def test_the_chiefs_authority_is_per_bureau(ishikari_officer, oshima_officer):
    from tests.dispatch.factories import designate_chief

    designate_chief(ishikari_officer)
    ishikari = ishikari_officer.bureau_id
    assert permissions.holds_chief_authority(ishikari_officer, ishikari)
    assert not permissions.holds_chief_authority(oshima_officer, ishikari)
    assert not permissions.holds_chief_authority(ishikari_officer, oshima_officer.bureau_id)


def test_dates_in_the_past_are_kept_as_history(sapporo_request):
    assert sapporo_request["session"].date == dt.date(2026, 7, 10)
