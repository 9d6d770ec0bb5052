"""The bureau at municipalities' strategy meetings (#22 point 3): officers record their
attendance in the admin for their own municipalities (another bureau's is 404); the
municipality's page lists it for its bureau and HQ, and its own staff read it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from casebook.models import StrategyMeetingAttendance
from casebook.services.meetings import strategy_attendance_save
from portal.models import AuditEvent
from tests.factories import UserFactory
from tests.factories import municipality as muni

pytestmark = pytest.mark.django_db

ADD = reverse("admin:casebook_strategymeetingattendance_add")


def page(code="011002"):
    return reverse("casebook:strategy_attendance_list", args=[code])


def record(code="011002", officers=(), **kwargs):
    municipality = muni(code)
    attendance = StrategyMeetingAttendance.objects.create(
        municipality=municipality,
        bureau=municipality.bureau,
        date=kwargs.pop("date", dt.date(2026, 11, 5)),
        meeting_name=kwargs.pop("meeting_name", "総合戦略推進会議"),
        notes=kwargs.pop("notes", "KPIの進捗を確認した。"),
    )
    attendance.attendees.set(officers)
    return attendance


def form(**overrides):
    data = {
        "municipality": "011002",
        "date": "2026-11-05",
        "meeting_name": "効果検証会議",
        "notes": "移住施策のKPIが未達。次回までに要因分析。",
    }
    data.update(overrides)
    return data


def test_an_officer_records_an_attendance_in_the_admin(client, ishikari_officer):
    colleague = UserFactory(ishikari_officer=True, name="石狩 花子")
    client.force_login(ishikari_officer)
    response = client.post(ADD, form(attendees=[str(ishikari_officer.pk), str(colleague.pk)]))
    assert response.status_code == 302, response.content.decode()[:2000]
    attendance = StrategyMeetingAttendance.objects.get()
    assert attendance.bureau.code == "ishikari"
    assert set(attendance.attendees.all()) == {ishikari_officer, colleague}
    assert attendance.created_by == ishikari_officer
    assert AuditEvent.objects.for_object(attendance).get().action == "create"


def test_an_officer_records_only_for_the_bureaus_municipalities(client, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.post(ADD, form(municipality="012025"))  # 函館市, 渡島's
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert not StrategyMeetingAttendance.objects.exists()
    attendance = StrategyMeetingAttendance(
        municipality=muni("012025"), date=dt.date(2026, 11, 5), meeting_name="会議"
    )
    with pytest.raises(PermissionDenied):
        strategy_attendance_save(attendance=attendance, actor=ishikari_officer)


def test_an_officer_of_another_bureau_is_refused_as_attendee_with_the_input_kept(
    english, hq_user, oshima_officer
):
    english.force_login(hq_user)
    response = english.post(ADD, form(attendees=[str(oshima_officer.pk)]))
    assert response.status_code == 200
    assert "Choose officers of the municipality" in response.content.decode()
    assert "要因分析" in response.content.decode()
    assert not StrategyMeetingAttendance.objects.exists()


def test_another_bureaus_record_is_404_in_the_admin(client, oshima_officer, ishikari_officer):
    attendance = record()
    change = reverse("admin:casebook_strategymeetingattendance_change", args=[attendance.pk])
    client.force_login(oshima_officer)
    assert client.get(change).status_code == 404
    client.force_login(ishikari_officer)
    assert client.get(change).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("sapporo_staff", 200),
        ("ebetsu_staff", 404),
        ("ishikari_officer", 200),
        ("oshima_officer", 404),
        ("hq_user", 200),
        ("advisor", 404),
    ],
)
def test_the_municipalitys_list_is_for_its_bureau_hq_and_itself(client, request, who, status):
    record(notes="振興局のメモ")
    client.force_login(request.getfixturevalue(who))
    response = client.get(page())
    assert response.status_code == status
    if status == 200:
        assert "振興局のメモ" in response.content.decode()


def test_the_municipality_reads_it_without_a_way_to_record(client, sapporo_staff):
    record()
    client.force_login(sapporo_staff)
    response = client.get(page())
    assert response.context["add_url"] == ""
    assert ADD not in response.content.decode()


def test_an_unknown_municipality_is_404(client, hq_user):
    client.force_login(hq_user)
    assert client.get(page("999999")).status_code == 404


def test_the_list_has_a_fixed_number_of_queries(
    client, ishikari_officer, django_assert_num_queries
):
    record(officers=[ishikari_officer])
    client.force_login(ishikari_officer)
    # session, user, the municipality, the records, their officers, the notification badge,
    # and the session saved (in a savepoint)
    with django_assert_num_queries(9):
        client.get(page())
    for n in range(4):
        record(officers=[ishikari_officer, UserFactory(ishikari_officer=True)], notes=f"n{n}")
    with django_assert_num_queries(9):
        response = client.get(page())
    assert len(response.context["records"]) == 5


def test_the_regional_municipality_page_lists_the_meetings(client, ishikari_officer):
    attendance = record(meeting_name="効果検証会議")
    client.force_login(ishikari_officer)
    response = client.get(reverse("portal:regional_municipality", args=["011002"]))
    body = response.content.decode()
    assert "効果検証会議" in body
    assert f"{page()}#record-{attendance.pk}" in body
