"""A plan's 協議会 (#22 point 2): the municipality's staff record the council, its members
and its meetings with minutes; the bureau and HQ read; others get 404. The bureau can
advise on the council as a section of the plan."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casebook.models import PlanCouncil, PlanCouncilMeeting, PlanCouncilMember
from casebook.services import plan_councils as services
from portal.models import Advice
from portal.services.attachments import attachments_of
from tests.casebook.factories_challenges import PlanFactory

pytestmark = pytest.mark.django_db


def url(name, plan, *args):
    return reverse(f"casebook:{name}", args=[plan.pk, *args])


def pdf():
    return SimpleUploadedFile(
        "議事録.pdf",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
    )


def council(plan, staff):
    return services.council_save(
        plan=plan, actor=staff, data={"name": "札幌市地域公共交通活性化協議会"}
    )


def test_staff_record_the_council_a_member_and_a_meeting(client, sapporo_staff):
    plan = PlanFactory()
    client.force_login(sapporo_staff)
    response = client.post(
        url("plan_council", plan), {"name": "札幌市地域公共交通活性化協議会", "legal_basis": ""}
    )
    assert response.status_code == 302
    assert PlanCouncil.objects.get(plan=plan).name == "札幌市地域公共交通活性化協議会"
    response = client.post(
        url("plan_council_member_add", plan),
        {
            "member-name": "北海太郎",
            "member-organisation": "北海道大学",
            "member-role": "chair",
            "member-term_start": "2026-04-01",
            "member-term_end": "2028-03-31",
        },
    )
    assert response.status_code == 302
    assert PlanCouncilMember.objects.get().role == "chair"
    response = client.post(
        url("plan_council_meeting_add", plan),
        {
            "meeting-held_on": "2026-07-10",
            "meeting-agenda": "計画素案について",
            "meeting-is_public": "on",
            "meeting-minutes": pdf(),
        },
    )
    assert response.status_code == 302
    meeting = PlanCouncilMeeting.objects.get()
    assert meeting.is_public and attachments_of(meeting).get().original_name == "議事録.pdf"
    page = client.get(url("plan_council", plan)).content.decode()
    assert "北海太郎" in page and "計画素案について" in page and "議事録.pdf" in page


def test_a_reversed_term_and_an_empty_agenda_come_back_with_the_input(client, sapporo_staff):
    plan = PlanFactory()
    council(plan, sapporo_staff)
    client.force_login(sapporo_staff)
    response = client.post(
        url("plan_council_member_add", plan),
        {
            "member-name": "残る名前",
            "member-role": "member",
            "member-term_start": "2027-04-01",
            "member-term_end": "2026-03-31",
        },
    )
    assert response.status_code == 400 and "残る名前" in response.content.decode()
    response = client.post(url("plan_council_meeting_add", plan), {"meeting-held_on": "2026-07-10"})
    assert response.status_code == 400
    assert PlanCouncilMember.objects.count() == 0 and PlanCouncilMeeting.objects.count() == 0
    with pytest.raises(ValidationError):
        services.member_add(
            council=plan.council,
            actor=sapporo_staff,
            data={"name": "x", "term_start": dt.date(2027, 1, 1), "term_end": dt.date(2026, 1, 1)},
        )


@pytest.mark.parametrize(
    ("role", "reads", "edits"),
    [
        ("sapporo_staff", 200, True),
        ("ishikari_officer", 200, False),
        ("hq_user", 200, False),
        ("ebetsu_staff", 404, False),
        ("oshima_officer", 404, False),
        ("advisor", 404, False),
    ],
)
def test_who_reads_and_who_edits_the_council(client, request, role, reads, edits, sapporo_staff):
    plan = PlanFactory()
    kept = council(plan, sapporo_staff)
    member = services.member_add(council=kept, actor=sapporo_staff, data={"name": "委員A"})
    meeting = services.meeting_add(
        council=kept,
        actor=sapporo_staff,
        data={"held_on": dt.date(2026, 7, 1), "agenda": "議題"},
        uploads=[pdf()],
    )
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(url("plan_council", plan)).status_code == reads
    if edits:
        return
    for name, args, data in (
        ("plan_council", (), {"name": "乗っ取り"}),
        ("plan_council_member_add", (), {"member-name": "x", "member-role": "member"}),
        ("plan_council_member_remove", (member.pk,), {}),
        ("plan_council_meeting_add", (), {"meeting-held_on": "2026-07-10", "meeting-agenda": "x"}),
    ):
        assert client.post(url(name, plan, *args), data).status_code == 404, name
    with pytest.raises(PermissionDenied):
        services.member_add(council=kept, actor=user, data={"name": "x"})
    minutes = attachments_of(meeting).get()
    download = client.get(reverse("portal:attachment_download", args=[minutes.pk]))
    assert download.status_code == (200 if reads == 200 else 404)
    assert PlanCouncilMember.objects.count() == 1


def test_a_member_of_another_plans_council_is_404(client, sapporo_staff):
    plan, other = PlanFactory(), PlanFactory()
    council(plan, sapporo_staff)
    theirs = services.member_add(
        council=council(other, sapporo_staff), actor=sapporo_staff, data={"name": "他"}
    )
    client.force_login(sapporo_staff)
    response = client.post(url("plan_council_member_remove", plan, theirs.pk))
    assert response.status_code == 404 and PlanCouncilMember.objects.count() == 1


def test_the_bureau_advises_on_the_council(client, sapporo_staff, ishikari_officer):
    plan = PlanFactory()
    kept = council(plan, sapporo_staff)
    client.force_login(ishikari_officer)
    response = client.post(
        reverse("casebook:plan_advice_give", args=[plan.pk]),
        {
            "advice-section": f"council-{kept.pk}",
            "advice-kind": "suggestion",
            "advice-body": "住民代表を加えては。",
        },
    )
    assert response.status_code == 302
    assert Advice.objects.get().section_label.endswith(kept.name)


def test_the_council_page_query_count_does_not_grow(client, sapporo_staff):
    plan = PlanFactory()
    kept = council(plan, sapporo_staff)
    services.meeting_add(
        council=kept, actor=sapporo_staff, data={"held_on": dt.date(2026, 6, 1), "agenda": "初回"}
    )
    client.force_login(sapporo_staff)
    page = url("plan_council", plan)
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    for n in range(3):
        services.member_add(council=kept, actor=sapporo_staff, data={"name": f"委員{n}"})
        services.meeting_add(
            council=kept,
            actor=sapporo_staff,
            data={"held_on": dt.date(2026, 7, n + 1), "agenda": "議題"},
            uploads=[pdf()],
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(page).status_code == 200
    assert len(many) == len(few)
