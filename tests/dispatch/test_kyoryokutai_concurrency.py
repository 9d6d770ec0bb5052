"""A 協力隊 briefing with few seats, many people registering at once (prospective members
without an account): the capacity is never exceeded, the rest wait in the order they came,
and seats freed by cancellations go to the first on the waiting list."""

import threading

import pytest
from django.db import connection, connections

from portal.models import Registration
from portal.services.events import event_cancel_registration, event_register
from tests.dispatch.test_kyoryokutai_factories import make_event

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def run_all(actions) -> list:
    errors = []
    barrier = threading.Barrier(len(actions))

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as exc:  # reported by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def register(event, n):
    return event_register(event=event, name=f"参加者{n}", email=f"person{n}@example.jp")


def test_concurrent_registrations_never_exceed_the_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    event = make_event(title="協力隊 募集説明会", capacity=4)
    assert run_all([lambda n=n: register(event, n) for n in range(15)]) == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 4
    assert statuses.count("waitlisted") == 11
    # The same address twice at once is one registration.
    assert run_all([lambda: register(event, 0) for _n in range(4)]) == []
    assert Registration.objects.filter(email="person0@example.jp").count() == 1
    seated = list(Registration.objects.filter(status="confirmed"))
    waiting = list(
        Registration.objects.filter(status="waitlisted")
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    errors = run_all(
        [lambda r=r: event_cancel_registration(registration=r) for r in seated[:2]]
        + [lambda n=n: register(event, n) for n in range(100, 104)]
    )
    assert errors == []
    confirmed = set(Registration.objects.filter(status="confirmed").values_list("pk", flat=True))
    assert len(confirmed) == 4
    assert set(waiting[:2]) <= confirmed
