"""Two officers assigning the same person at the same moment to two requests with
overlapping periods: exactly one assignment is made (PostgreSQL row locks)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from dispatch.models import Assignment
from dispatch.services import assignments
from tests.dispatch.conftest import load_dispatch_reference
from tests.dispatch.factories import PersonFactory, approved_request
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_concurrent_assignments_of_one_person_never_overlap():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    load_dispatch_reference()
    officers = [UserFactory(ishikari_officer=True) for _ in range(4)]
    staff = [UserFactory(sapporo=True), UserFactory(ebetsu=True)]
    requests = [approved_request(staff[i % 2], officers[i], title=f"取組{i}") for i in range(4)]
    person = PersonFactory(name="引っ張りだこ", capacity=10)
    barrier = threading.Barrier(len(requests))
    outcomes = []

    def assign(obj, officer, start):
        try:
            barrier.wait(timeout=10)
            assignments.dispatch_request_assign(
                request=obj,
                actor=officer,
                people=[person],
                starts_on=start,
                ends_on=start + dt.timedelta(days=20),
            )
            outcomes.append("assigned")
        except ValidationError as error:
            outcomes.append(error.error_list[0].code)
        finally:
            connections.close_all()

    # Every period overlaps every other one by at least a day.
    starts = [dt.date(2026, 7, 1) + dt.timedelta(days=3 * i) for i in range(4)]
    threads = [
        threading.Thread(target=assign, args=args)
        for args in zip(requests, officers, starts, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["assigned", "overlap", "overlap", "overlap"]
    assert Assignment.objects.filter(person=person, cancelled_at__isnull=True).count() == 1
