"""`make run` loads the demo: one account per role and content in every pillar."""

import io

import pytest
from django.core.management import call_command

from portal.models import Role, User

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_without_duplicates(django_capture_on_commit_callbacks):
    from grants.models import Allocation, Call

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    roles = set(
        User.objects.filter(email__endswith="@demo.example.jp").values_list("role", flat=True)
    )
    assert {Role.MUNICIPAL, Role.BUREAU, Role.HQ, Role.ADVISOR, Role.NONE} <= roles
    assert User.objects.get(email="sapporo@demo.example.jp").check_password("demo-pass-2026")
    assert Call.objects.open_now().filter(bureau__code="ishikari").count() == 1
    assert Allocation.objects.filter(bureau__code="oshima").count() == 1
    from grants.models import Application

    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted"} <= statuses
    assert Application.objects.count() == 3
