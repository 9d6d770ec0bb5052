"""The April rotation (人事異動, #20): a roster change prepared from a file (CSV or .xlsx) or
row by row, previewed with each row's problems, scheduled, and applied on its effective date
by the daily task or by the moving person's first request; old access ends that day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from portal.models import AuditEvent, Notification, Role, RosterBatch, RosterMove, User
from portal.services import rotation as services
from portal.services.rotation_rows import problem_text
from portal.tasks import apply_due_rotations
from tests.factories import ConsultationFactory, UserFactory

from .rotation_helpers import (
    APRIL_1,
    TODAY,
    csv_file,
    freeze,
    new_batch,
    schedule,
    units,
    upload,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    freeze(monkeypatch, TODAY)
    return TODAY


@pytest.fixture
def admin_client(client, today):
    admin = UserFactory(sapporo=True, is_org_admin=True, email="jinji@city.sapporo.example.jp")
    client.force_login(admin)
    client.admin = admin
    return client


def _text(response) -> str:
    return response.content.decode()


# --- the template and the preview ---------------------------------------------------------


def test_the_template_downloads_as_xlsx_and_csv(admin_client):
    xlsx = admin_client.get(reverse("portal:rotation_template"))
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    csv = admin_client.get(reverse("portal:rotation_template") + "?format=csv")
    assert csv.status_code == 200
    assert "011002" in csv.content.decode("utf-8-sig")


def test_the_preview_shows_each_kind_of_problem_and_applies_nothing(admin_client):
    _general, _planning, _finance = units()
    _ebetsu_general, *_ = units("012173")
    UserFactory(sapporo=True, email="a@sapporo.example.jp")
    UserFactory(sapporo=True, email="b@sapporo.example.jp")
    UserFactory(ebetsu=True, email="ebetsu@example.jp")
    batch = new_batch(admin_client)
    rows = [
        ["nobody@example.jp", "異動", "011002", "総務課", "担当"],  # unknown email
        ["ebetsu@example.jp", "異動", "011002", "総務課", "担当"],  # outside reach
        ["a@sapporo.example.jp", "異動", "999999", "総務課", "担当"],  # unknown code
        ["b@sapporo.example.jp", "異動", "012173", "総務課", "担当"],  # another municipality
        ["a@sapporo.example.jp", "異動", "011002", "総務課", "担当"],  # the same person again
        ["not-an-address", "", "011002", "", ""],  # invalid email
        ["", "異動", "011002", "", ""],  # no email
    ]
    # Rows of problems the destination has: units of another organisation, unknown units,
    # positions and kinds.
    for email, row in (
        ("c@sapporo.example.jp", ["異動", "011002", "水道課", "担当"]),
        ("d@sapporo.example.jp", ["異動", "011002", "総務課", "部長級"]),
        ("e@sapporo.example.jp", ["昇任", "011002", "総務課", "担当"]),
        ("f@sapporo.example.jp", ["異動", "", "", ""]),
    ):
        UserFactory(sapporo=True, email=email)
        rows.append([email, *row])
    from portal.models import Municipality, Unit

    Unit.objects.create(municipality=Municipality.objects.get(code="012173"), name="水道課")
    response = upload(admin_client, batch, csv_file(rows))
    assert response.status_code == 200
    codes = [
        (move.row_number, move.email, [p["code"] for p in move.problems])
        for move in batch.moves.order_by("row_number")
    ]
    assert codes == [
        (2, "nobody@example.jp", ["unknown_email"]),
        (3, "ebetsu@example.jp", ["person_out_of_reach"]),
        (4, "a@sapporo.example.jp", ["unknown_code"]),
        (5, "b@sapporo.example.jp", ["organisation_out_of_reach"]),
        (6, "a@sapporo.example.jp", ["duplicate_person"]),
        (7, "not-an-address", ["email_invalid"]),
        (8, "", ["email_required"]),
        (9, "c@sapporo.example.jp", ["unit_other_organisation"]),
        (10, "d@sapporo.example.jp", ["unknown_position"]),
        (11, "e@sapporo.example.jp", ["unknown_kind"]),
        (12, "f@sapporo.example.jp", ["organisation_required"]),
    ]
    page = _text(response)
    for move in batch.moves.all():
        for problem in move.problems:
            assert escape(problem_text(problem)) in page
    # Nothing can be scheduled and nobody moved.
    schedule(admin_client, batch)
    batch.refresh_from_db()
    assert batch.status == "draft"
    assert User.objects.get(email="a@sapporo.example.jp").unit_id is None


def test_a_row_is_corrected_on_the_page_without_uploading_again(admin_client):
    _general, planning, _ = units()
    person = UserFactory(sapporo=True, email="tanaka@sapporo.example.jp")
    batch = new_batch(admin_client)
    upload(
        admin_client, batch, csv_file([[person.email, "異動", "011002", "総務課 企画課", "係長"]])
    )
    move = batch.moves.get()
    assert [p["code"] for p in move.problems] == ["unknown_unit"]
    page = admin_client.get(reverse("portal:rotation_move_edit", args=[batch.pk, move.pk]))
    assert escape(problem_text(move.problems[0])) in _text(page)
    response = admin_client.post(
        reverse("portal:rotation_move_edit", args=[batch.pk, move.pk]),
        {
            "email": person.email,
            "kind_text": "異動",
            "organisation_text": "０１１００２",  # full-width digits are read too
            "unit_text": "総務課　企画係",
            "position_text": "係長",
        },
    )
    assert response.status_code == 302
    move.refresh_from_db()
    assert move.problems == []
    assert move.to_unit == planning
    assert move.to_position == 20


def test_a_single_move_is_entered_in_the_ui(admin_client):
    general, _planning, _ = units()
    person = UserFactory(sapporo=True)
    batch = new_batch(admin_client)
    response = admin_client.post(
        reverse("portal:rotation_move_create", args=[batch.pk]),
        {"email": person.email, "organisation_text": "011002", "unit_text": "総務課"},
    )
    assert response.status_code == 302
    move = batch.moves.get()
    assert (move.person, move.to_unit, move.to_position, move.problems) == (
        person,
        general,
        10,
        [],
    )
    removed = admin_client.post(
        reverse("portal:rotation_move_remove", args=[batch.pk, move.pk]), follow=True
    )
    assert removed.status_code == 200
    assert not batch.moves.exists()


def test_a_file_that_is_not_a_roster_gets_a_message_on_the_form(admin_client):
    batch = new_batch(admin_client)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = upload(admin_client, batch, SimpleUploadedFile("x.csv", b"name,age\nA,1\n"))
    assert response.status_code == 200
    assert response.context["file_form"].errors["file"]
    assert not batch.moves.exists()


# --- the effective date -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "scheduled", "applied"),
    [
        (TODAY - dt.timedelta(days=1), False, False),  # one below: refused
        (TODAY, True, True),  # at: applied at once
        (TODAY + dt.timedelta(days=1), True, False),  # one above: waits for its date
    ],
)
def test_the_effective_date_limits(admin_client, day, scheduled, applied):
    units()
    person = UserFactory(sapporo=True)
    admin = admin_client.admin
    batch = RosterBatch.objects.create(
        municipality=admin.municipality, effective_date=day, prepared_by=admin
    )
    services.move_save(
        batch=batch,
        actor=admin,
        data={"email": person.email, "organisation_text": "011002", "unit_text": "財政課"},
    )
    schedule(admin_client, batch)
    batch.refresh_from_db()
    person.refresh_from_db()
    assert (batch.status != "draft") is scheduled
    assert (batch.status == "applied") is applied
    assert (person.unit is not None) is applied


def test_a_clean_xlsx_batch_is_applied_on_its_date_once(admin_client, monkeypatch):
    general, planning, finance = units()
    colleague = UserFactory(sapporo=True, unit=general)
    person = UserFactory(sapporo=True, unit=general, position=10)
    leaver = UserFactory(sapporo=True, unit=finance)
    batch = new_batch(admin_client)
    response = upload(
        admin_client,
        batch,
        xlsx_file(
            [
                [person.email, "異動", "011002", "総務課 企画係", "係長"],
                [leaver.email, "退職", "", "", ""],
            ]
        ),
    )
    assert "every row is right" in _text(response).lower() or response.context["wrong"] == 0
    schedule(admin_client, batch)
    batch.refresh_from_db()
    assert batch.status == "scheduled"
    assert User.objects.get(pk=person.pk).moves_on == APRIL_1
    # The day before: nothing changes.
    freeze(monkeypatch, APRIL_1 - dt.timedelta(days=1), hour=23)
    assert apply_due_rotations() == 0
    assert User.objects.get(pk=person.pk).unit == general
    # On the day, the task applies it; a second run does nothing.
    freeze(monkeypatch, APRIL_1, hour=0)
    assert apply_due_rotations() == 2
    assert apply_due_rotations() == 0
    person.refresh_from_db()
    leaver.refresh_from_db()
    batch.refresh_from_db()
    assert (person.unit, person.position, person.moves_on) == (planning, 20, None)
    assert (leaver.role, leaver.municipality_id, leaver.unit_id) == (Role.NONE, None, None)
    assert batch.status == "applied"
    assert AuditEvent.objects.filter(action="rotation_move", object_id=str(person.pk)).count() == 1
    # The old unit (総務課) is told once: the colleague, not the person who moved.
    told = Notification.objects.filter(kind="rotation_handover")
    assert list(told.values_list("recipient", flat=True)) == [colleague.pk]


def test_a_move_on_its_date_ends_the_old_access_without_the_task(client, monkeypatch):
    freeze(monkeypatch, TODAY)
    admin = UserFactory(sapporo=True, is_org_admin=True)
    person = UserFactory(sapporo=True)
    consultation = ConsultationFactory(asker=admin)
    page = reverse("portal:consultation_detail", args=[consultation.pk])
    batch = services.batch_create(actor=admin, effective_date=APRIL_1)
    services.move_save(batch=batch, actor=admin, data={"email": person.email, "kind_text": "転出"})
    services.batch_schedule(batch=batch, actor=admin)
    # 200 the day before … (sessions last an hour)
    freeze(monkeypatch, APRIL_1 - dt.timedelta(days=1), hour=23, minute=50)
    client.force_login(person)
    assert client.get(page).status_code == 200
    # … 404 from the day, though the daily task has not run.
    freeze(monkeypatch, APRIL_1, hour=0, minute=10)
    assert client.get(page).status_code == 404
    person.refresh_from_db()
    assert (person.role, person.municipality_id) == (Role.NONE, None)
    assert RosterMove.objects.get(batch=batch).applied_at is not None
    batch.refresh_from_db()
    assert batch.status == "applied"
    # The task afterwards finds nothing to do.
    assert apply_due_rotations() == 0


def test_a_batch_back_to_draft_before_its_date_moves_nobody(admin_client, monkeypatch):
    units()
    person = UserFactory(sapporo=True)
    batch = new_batch(admin_client)
    admin_client.post(
        reverse("portal:rotation_move_create", args=[batch.pk]),
        {"email": person.email, "organisation_text": "011002", "unit_text": "財政課"},
    )
    schedule(admin_client, batch)
    schedule(admin_client, batch, "unschedule")
    batch.refresh_from_db()
    assert batch.status == "draft"
    assert User.objects.get(pk=person.pk).moves_on is None
    freeze(monkeypatch, APRIL_1)
    assert apply_due_rotations() == 0
    assert User.objects.get(pk=person.pk).unit_id is None


def test_the_list_reads_in_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries):
    admin = admin_client.admin
    for day in range(5):
        RosterBatch.objects.create(
            municipality=admin.municipality,
            effective_date=APRIL_1 + dt.timedelta(days=day),
            prepared_by=admin,
        )
    with django_assert_max_num_queries(8):
        response = admin_client.get(reverse("portal:rotation_list"))
    assert len(response.context["batches"]) == 5


def test_mail_goes_out_once_per_member(
    admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    general, _planning, _finance = units()
    colleague = UserFactory(sapporo=True, unit=general)
    person = UserFactory(sapporo=True, unit=general)
    admin = admin_client.admin
    batch = services.batch_create(actor=admin, effective_date=APRIL_1)
    services.move_save(
        batch=batch,
        actor=admin,
        data={"email": person.email, "organisation_text": "011002", "unit_text": "財政課"},
    )
    services.batch_schedule(batch=batch, actor=admin)
    freeze(monkeypatch, APRIL_1)
    with django_capture_on_commit_callbacks(execute=True):
        apply_due_rotations()
        apply_due_rotations()
    assert [m.to for m in mail.outbox] == [[colleague.email]]


@pytest.mark.parametrize("count", [3, 12])
def test_the_preview_reads_in_a_fixed_number_of_queries(
    admin_client, count, django_assert_max_num_queries
):
    general, _planning, _finance = units()
    rows = []
    for n in range(count):
        person = UserFactory(sapporo=True, email=f"p{n}@sapporo.example.jp", unit=general)
        rows.append([person.email, "異動", "011002", "総務課 企画係", "係長"])
    rows.append(["nobody@example.jp", "異動", "011002", "総務課", ""])
    batch = new_batch(admin_client)
    upload(admin_client, batch, csv_file(rows))
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("portal:rotation_detail", args=[batch.pk]))
    assert response.context["wrong"] == 1
    assert len(response.context["rows"]) == count + 1


def test_a_csv_saved_by_excel_in_shift_jis_is_read(admin_client):
    _general, planning, _finance = units()
    person = UserFactory(sapporo=True)
    batch = new_batch(admin_client)
    rows = [[person.email, "異動", "011002", "総務課 企画係", "課長"]]
    upload(admin_client, batch, csv_file(rows, encoding="cp932"))
    move = batch.moves.get()
    assert (move.problems, move.to_unit, move.to_position) == ([], planning, 30)


def test_the_request_check_costs_no_query_for_people_without_a_due_move(
    rf, today, django_assert_num_queries
):
    from portal.middleware import RotationMiddleware

    later = UserFactory(sapporo=True)
    later.moves_on = APRIL_1  # a move scheduled, not yet due
    for user in (UserFactory(sapporo=True), later):
        request = rf.get("/")
        request.user = user
        with django_assert_num_queries(0):
            RotationMiddleware(lambda request: "page")(request)
