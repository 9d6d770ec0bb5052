"""`make run` loads the pillar's demo: a roster, desks, frames and requests at each stage."""

import io

import pytest
from django.core.management import call_command

from dispatch.models import ActivityReport, DispatchDesk, DispatchRequest, Person

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    assert Person.objects.count() == 5
    advisor = Person.objects.get(user__email="advisor@demo.example.jp")
    assert advisor.kind == "advisor"
    statuses = sorted(DispatchRequest.objects.values_list("status", flat=True))
    assert statuses == ["assigned", "submitted", "submitted"]
    assert ActivityReport.objects.get().status == "submitted"
    desk = DispatchDesk.objects.get(bureau__code="oshima")
    assert [u.email for u in desk.chief_officers.all()] == ["oshima-officer@demo.example.jp"]
