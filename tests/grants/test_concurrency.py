"""Two officers approving at the same moment can never exceed the bureau's allocation."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from grants.models import Application
from grants.selectors.applications import committed_amount
from grants.services import applications, review
from tests.factories import UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_concurrent_approvals_never_exceed_the_allocation():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    staff = UserFactory(sapporo=True)
    officers = [UserFactory(ishikari_officer=True) for _ in range(4)]
    call = CallFactory()
    AllocationFactory(amount=1_500_000)  # room for two of the four 600,000 grants
    apps = []
    for _ in range(4):
        app = ApplicationFactory(call=call, created_by=staff)
        applications.application_submit(application=app, actor=staff)
        apps.append(app)
    for app in apps:
        review.application_start_review(application=app, actor=officers[0])

    barrier = threading.Barrier(len(apps))
    outcomes = []

    def approve(app, officer):
        try:
            barrier.wait(timeout=10)
            review.application_approve(application=app, actor=officer, amount=600_000)
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(error.code if hasattr(error, "code") else "refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=pair) for pair in zip(apps, officers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("approved") == 2
    assert len(outcomes) == 4
    assert committed_amount(call.bureau_id, call.fiscal_year) == 1_200_000
    assert Application.objects.filter(status="approved").count() == 2
    # Notice numbers stayed gap-free under concurrency.
    numbers = sorted(
        n.number for app in Application.objects.filter(status="approved") for n in app.notices.all()
    )
    assert numbers == [1, 2]
