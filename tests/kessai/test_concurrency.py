"""Two approvers of one step acting at the same moment: the draft's row lock lets one stamp
win, and the last approval performs the act once (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from portal.models import Kessai, KessaiStamp, Municipality, Position, Unit
from portal.services.kessai import kessai_approve, kessai_draft
from portal.workflow import InvalidTransition, Refusal
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def _race(actors, kessai, perform):
    barrier = threading.Barrier(len(actors))
    outcomes = []

    def approve(actor):
        try:
            barrier.wait(timeout=10)
            kessai_approve(kessai=Kessai.objects.get(pk=kessai.pk), actor=actor, perform=perform)
            outcomes.append("stamped")
        except (InvalidTransition, Refusal):
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(actor,)) for actor in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.parametrize("last", [False, True], ids=["a middle step", "the last step"])
def test_two_chiefs_approving_at_once_leave_one_stamp(last):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    sapporo = Municipality.objects.get(code="011002")
    division = Unit.objects.create(municipality=sapporo, name="経済戦略課")
    section = Unit.objects.create(
        municipality=sapporo, name="推進係", kind=Unit.Kind.SECTION, parent=division
    )
    staff = UserFactory(sapporo=True, unit=section, position=Position.STAFF)
    chiefs = [UserFactory(sapporo=True, unit=section, position=Position.CHIEF) for _ in range(2)]
    UserFactory(sapporo=True, unit=division, position=Position.MANAGER)
    steps = [{"order": 1, "position": Position.CHIEF, "unit_id": None}]
    if not last:
        steps.append({"order": 2, "position": Position.MANAGER, "unit_id": None})
    subject = ConsultationFactory(asker=staff)
    kessai = kessai_draft(
        obj=subject,
        kind="test.act",
        action="act",
        title="同時決裁",
        municipality_id=sapporo.pk,
        bureau_id=None,
        payload={},
        steps=steps,
        actor=staff,
    )
    performed = []

    def perform(locked):
        performed.append(locked.pk)
        return "done"

    outcomes = _race(chiefs, kessai, perform)

    assert outcomes == ["refused", "stamped"]
    assert KessaiStamp.objects.filter(kessai=kessai).count() == 1
    kessai.refresh_from_db()
    if last:
        assert kessai.status == "approved" and performed == [kessai.pk]
    else:
        assert kessai.status == "in_progress" and kessai.current_step == 1 and not performed
