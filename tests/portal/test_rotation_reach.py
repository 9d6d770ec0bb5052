"""Who reaches a roster change (人事異動, #20), and the work people leave behind: HQ moves
bureau and HQ staff, a municipality's administrator its own staff; anyone else gets 404.
The open items of a person who moves are unassigned, listed for their old unit (引継ぎ)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from grants.models import Application
from portal.models import Bureau, Consultation, Role, RosterBatch
from portal.services import rotation as services
from portal.tasks import apply_due_rotations
from tests.factories import ConsultationFactory, UserFactory
from tests.grants.factories import ApplicationFactory

from .rotation_helpers import APRIL_1, TODAY, freeze, units

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze(monkeypatch, TODAY)


def _batch(prepared_by, municipality=None):
    return RosterBatch.objects.create(
        municipality=municipality, effective_date=APRIL_1, prepared_by=prepared_by
    )


def test_each_role_reaches_only_its_own_organisations_batches(client):
    sapporo_admin = UserFactory(sapporo=True, is_org_admin=True)
    ebetsu_admin = UserFactory(ebetsu=True, is_org_admin=True)
    hq = UserFactory(hq=True)
    sapporo = _batch(sapporo_admin, sapporo_admin.municipality)
    bureau_batch = _batch(hq)
    people = {
        "sapporo admin": sapporo_admin,
        "ebetsu admin": ebetsu_admin,
        "hq": hq,
        "sapporo staff": UserFactory(sapporo=True),
        "officer": UserFactory(ishikari_officer=True),
        "officer marked admin": UserFactory(ishikari_officer=True, is_org_admin=True),
    }
    expected = {
        "sapporo admin": (200, 200, 404),
        "ebetsu admin": (200, 404, 404),
        "hq": (200, 404, 200),
        "sapporo staff": (404, 404, 404),
        "officer": (404, 404, 404),
        "officer marked admin": (404, 404, 404),
    }
    got = {}
    for name, user in people.items():
        client.force_login(user)
        got[name] = tuple(
            client.get(url).status_code
            for url in (
                reverse("portal:rotation_list"),
                reverse("portal:rotation_detail", args=[sapporo.pk]),
                reverse("portal:rotation_detail", args=[bureau_batch.pk]),
            )
        )
    assert got == expected


def test_hq_moves_bureau_staff_but_not_municipal_staff():
    hq = UserFactory(hq=True)
    officer = UserFactory(ishikari_officer=True)
    municipal = UserFactory(sapporo=True)
    batch = services.batch_create(actor=hq, effective_date=APRIL_1)
    for email, organisation in (
        (officer.email, "oshima"),
        (municipal.email, "oshima"),
        ("x@example.jp", "011002"),
    ):
        services.move_save(
            batch=batch, actor=hq, data={"email": email, "organisation_text": organisation}
        )
    UserFactory(email="x@example.jp", role=Role.HQ, is_staff=True)
    services.recheck(batch)
    codes = [[p["code"] for p in m.problems] for m in batch.moves.order_by("row_number")]
    assert codes == [[], ["person_out_of_reach"], ["organisation_out_of_reach"]]


def test_a_municipal_admin_cannot_move_people_into_another_municipality():
    admin = UserFactory(sapporo=True, is_org_admin=True)
    person = UserFactory(sapporo=True)
    batch = services.batch_create(actor=admin, effective_date=APRIL_1)
    move = services.move_save(
        batch=batch, actor=admin, data={"email": person.email, "organisation_text": "江別市"}
    )
    assert [p["code"] for p in move.problems] == ["organisation_out_of_reach"]


def _moving_officer():
    """An 石狩 officer in 地域政策課, leading an application and answering a consultation,
    moved by HQ to 渡島 on 1 April."""
    ishikari = Bureau.objects.get(code="ishikari")
    policy, _section, _other = units(bureau=ishikari)
    colleague = UserFactory(ishikari_officer=True, unit=policy)
    officer = UserFactory(ishikari_officer=True, unit=policy)
    application = ApplicationFactory(status="submitted", lead_officer=officer, created_by=colleague)
    consultation = ConsultationFactory(assigned_to=officer)
    hq = UserFactory(hq=True)
    batch = services.batch_create(actor=hq, effective_date=APRIL_1)
    services.move_save(
        batch=batch, actor=hq, data={"email": officer.email, "organisation_text": "oshima"}
    )
    return hq, batch, officer, colleague, application, consultation


def test_open_work_is_listed_before_and_unassigned_on_the_day(client, monkeypatch):
    hq, batch, officer, colleague, application, consultation = _moving_officer()
    client.force_login(hq)
    preview = client.get(reverse("portal:rotation_handover", args=[batch.pk]))
    assert preview.status_code == 200
    assert str(application) in preview.content.decode()
    assert consultation.subject in preview.content.decode()
    services.batch_schedule(batch=batch, actor=hq)
    freeze(monkeypatch, APRIL_1)
    apply_due_rotations()
    application.refresh_from_db()
    officer.refresh_from_db()
    assert application.lead_officer_id is None
    assert Consultation.objects.get(pk=consultation.pk).assigned_to_id is None
    assert (officer.role, officer.bureau.code, officer.unit_id) == (Role.BUREAU, "oshima", None)
    move = batch.moves.get()
    released = sorted(item["title"] for item in move.handover if item["released"])
    assert released == sorted([str(application), str(consultation)])
    # The old unit's colleague reads the list; the person who moved and others do not.
    client.force_login(colleague)
    page = client.get(reverse("portal:rotation_handover", args=[batch.pk]))
    assert page.status_code == 200
    assert str(application) in page.content.decode()
    xlsx = client.get(reverse("portal:rotation_handover", args=[batch.pk]) + "?format=xlsx")
    assert xlsx.content.startswith(b"PK")
    for outsider in (officer, UserFactory(oshima_officer=True), UserFactory(sapporo=True)):
        client.force_login(outsider)
        assert client.get(reverse("portal:rotation_handover", args=[batch.pk])).status_code == 404


def test_the_officer_loses_the_old_bureau_from_the_day(client, monkeypatch):
    hq, batch, officer, _colleague, application, _c = _moving_officer()
    services.batch_schedule(batch=batch, actor=hq)
    sapporo_record = ConsultationFactory()
    url = reverse("portal:consultation_detail", args=[sapporo_record.pk])
    freeze(monkeypatch, APRIL_1 - dt.timedelta(days=1), hour=23, minute=50)
    client.force_login(officer)
    assert client.get(url).status_code == 200
    freeze(monkeypatch, APRIL_1, hour=0, minute=10)
    assert client.get(url).status_code == 404
    assert Application.objects.get(pk=application.pk).lead_officer_id is None


def test_a_reviewer_who_moves_is_unassigned_unless_they_have_scored(monkeypatch):
    from grants.models import ReviewerAssignment, RubricCriterion, Score

    hq, batch, officer, _colleague, _application, _consultation = _moving_officer()
    unscored = ApplicationFactory(status="under_review")
    scored = ApplicationFactory(status="under_review")
    ReviewerAssignment.objects.create(application=unscored, reviewer=officer)
    kept = ReviewerAssignment.objects.create(application=scored, reviewer=officer)
    criterion = RubricCriterion.objects.create(call=scored.call, name="地域課題との整合")
    Score.objects.create(assignment=kept, criterion=criterion, score=4)
    services.batch_schedule(batch=batch, actor=hq)
    freeze(monkeypatch, APRIL_1)
    apply_due_rotations()
    assert list(ReviewerAssignment.objects.filter(reviewer=officer)) == [kept]
    reviews = {
        (i["url"], i["released"])
        for i in batch.moves.get().handover
        if i["url"].endswith((f"/{unscored.pk}/change/", f"/{scored.pk}/change/"))
    }
    assert reviews == {
        (reverse("admin:grants_application_change", args=[unscored.pk]), True),
        (reverse("admin:grants_application_change", args=[scored.pk]), False),
    }


def test_hq_starts_a_roster_change_from_the_admin(client):
    hq = UserFactory(hq=True)
    batch = _batch(hq)
    client.force_login(hq)
    page = client.get(reverse("admin:portal_rosterbatch_changelist")).content.decode()
    assert f'href="{reverse("portal:rotation_create")}"' in page
    assert f'href="{reverse("portal:rotation_detail", args=[batch.pk])}"' in page
