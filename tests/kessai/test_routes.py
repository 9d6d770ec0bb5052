"""決裁 routes of 1 to 4 steps on a municipality's application submission: the draft
travels, the reference number is drawn only at the last approval."""

from __future__ import annotations

import pytest
from django.core import mail

from grants.models import Application
from portal.models import AuditEvent, Kessai, KessaiStamp, Position

from .conftest import SUBMIT, check_url, detail_url, login, set_route, text

pytestmark = pytest.mark.django_db


def draft_by_staff(client, town, application):
    response = login(client, town["staff"]).post(check_url(application), follow=True)
    assert response.status_code == 200
    return response


def approve(client, user, kessai, comment=""):
    return login(client, user).post(
        detail_url(kessai), {"op": "approve", "comment": comment}, follow=True
    )


def test_without_a_route_the_drafter_submits_at_once(client, town, draft_app):
    draft_by_staff(client, town, draft_app)
    draft_app.refresh_from_db()
    assert draft_app.status == "submitted"
    assert draft_app.reference
    assert not Kessai.objects.exists()


def test_a_route_of_one_step_drafts_and_the_manager_submits(
    client, town, sapporo, draft_app, django_capture_on_commit_callbacks
):
    set_route(SUBMIT, Position.MANAGER, municipality=sapporo)
    with django_capture_on_commit_callbacks(execute=True):
        response = draft_by_staff(client, town, draft_app)
    assert "起案しました" in text(response) or "Drafted" in text(response)
    draft_app.refresh_from_db()
    assert draft_app.status == "draft" and not draft_app.reference  # no number yet
    kessai = Kessai.objects.get()
    assert kessai.status == "in_progress" and kessai.drafted_by == town["staff"]
    # The 課長 is told; the page waits on them.
    assert [m.to for m in mail.outbox] == [[town["manager"].email]]
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client, town["manager"], kessai)
    draft_app.refresh_from_db()
    assert draft_app.status == "submitted"
    assert draft_app.reference.endswith("-0001")
    kessai.refresh_from_db()
    assert kessai.status == "approved" and kessai.decided_at
    stamp = KessaiStamp.objects.get()
    assert (stamp.user, stamp.position, stamp.kind) == (
        town["manager"],
        Position.MANAGER,
        "approve",
    )
    assert stamp.unit_name == "経済戦略課"
    # The stamp is in the application's audit, with its position.
    event = AuditEvent.objects.for_object(draft_app).get(action="kessai_approve_step")
    assert event.actor == town["manager"] and event.extra["step"] == 1
    assert event.extra["unit"] == "経済戦略課"
    # The drafter hears of the decision.
    assert town["staff"].email in [m.to[0] for m in mail.outbox]


@pytest.mark.parametrize(
    "steps",
    [
        [Position.CHIEF, Position.MANAGER],
        [Position.CHIEF, Position.MANAGER, Position.HEAD],
        [Position.CHIEF, Position.MANAGER, "finance", Position.HEAD],
    ],
    ids=["2 steps", "3 steps", "4 steps"],
)
def test_routes_of_two_to_four_steps_draw_the_number_only_at_the_last(
    client, town, sapporo, draft_app, steps
):
    steps = [(Position.MANAGER, town["finance"]) if s == "finance" else s for s in steps]
    set_route(SUBMIT, *steps, municipality=sapporo)
    draft_by_staff(client, town, draft_app)
    kessai = Kessai.objects.get()
    approvers = {
        Position.CHIEF: town["chief"],
        Position.MANAGER: town["manager"],
        Position.HEAD: town["mayor"],
    }
    order = [town["finance_manager"] if isinstance(s, tuple) else approvers[s] for s in steps]
    for number, approver in enumerate(order, start=1):
        draft_app.refresh_from_db()
        assert draft_app.status == "draft" and not draft_app.reference
        # Someone later on the route cannot jump the queue.
        if number < len(order):
            approve(client, order[-1], kessai)
            kessai.refresh_from_db()
            assert kessai.current_step == number - 1
        approve(client, approver, kessai)
        kessai.refresh_from_db()
    assert kessai.status == "approved"
    draft_app.refresh_from_db()
    assert draft_app.status == "submitted" and draft_app.reference
    assert list(kessai.stamps.values_list("user", flat=True)) == [u.pk for u in order]


def test_a_chief_drafting_skips_the_chiefs_step(client, town, sapporo, draft_app):
    set_route(SUBMIT, Position.CHIEF, Position.MANAGER, municipality=sapporo)
    login(client, town["chief"]).post(check_url(draft_app))
    kessai = Kessai.objects.get()
    assert kessai.current_step == 1
    assert kessai.stamps.get().user == town["chief"]  # the drafter's own step, stamped


def test_a_manager_drafting_a_route_they_satisfy_submits_at_once(client, town, sapporo, draft_app):
    set_route(SUBMIT, Position.CHIEF, Position.MANAGER, municipality=sapporo)
    login(client, town["manager"]).post(check_url(draft_app))
    assert not Kessai.objects.exists()
    assert Application.objects.get(pk=draft_app.pk).status == "submitted"


def test_a_route_nobody_holds_is_refused_before_drafting(client, town, sapporo, draft_app):
    town["mayor"].delete()
    set_route(SUBMIT, Position.HEAD, municipality=sapporo)
    response = login(client, town["staff"]).post(check_url(draft_app))
    assert response.status_code == 200
    assert "Nobody holds the position of step 1" in text(response)
    assert not Kessai.objects.exists()


def test_an_incomplete_application_is_not_drafted(client, town, sapporo, draft_app):
    set_route(SUBMIT, Position.MANAGER, municipality=sapporo)
    Application.objects.filter(pk=draft_app.pk).update(kpi_name="")
    response = login(client, town["staff"]).post(check_url(draft_app))
    assert response.status_code == 200
    assert not Kessai.objects.exists()


def test_a_draft_awaiting_approval_cannot_be_edited(client, town, sapporo, draft_app):
    set_route(SUBMIT, Position.MANAGER, municipality=sapporo)
    draft_by_staff(client, town, draft_app)
    response = client.get(check_url(draft_app), follow=True)
    assert "awaiting approval" in text(response)
