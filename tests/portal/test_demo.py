"""`make run` loads the demo: one account per role and content in every pillar."""

import io

import pytest
from django.core.management import call_command

from portal.models import Role, User

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_without_duplicates(django_capture_on_commit_callbacks):
    _load_twice_and_check(django_capture_on_commit_callbacks)


def _load_twice_and_check(django_capture_on_commit_callbacks):
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
    assert Application.objects.count() == 4
    # One 交付決定 drafted by the officer waits in the 局長's 決裁箱 (#20).
    from portal.models import Kessai

    kessai = Kessai.objects.get()
    assert (kessai.status, kessai.drafted_by.email) == (
        "in_progress",
        "ishikari-officer@demo.example.jp",
    )
    return kessai


def test_the_demo_head_of_bureau_decides_the_drafted_grant(
    client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    kessai = _load_twice_and_check(django_capture_on_commit_callbacks)
    client.force_login(User.objects.get(email="ishikari-kyokucho@demo.example.jp"))
    box = client.get(reverse("portal:kessai_box")).content.decode()
    assert "市民協働まちづくり推進事業" in box
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:kessai_detail", args=[kessai.pk]), {"op": "approve"}, follow=True
        )
    assert any("交付決定" in str(m) for m in response.context["messages"])
    application = kessai.subject
    application.refresh_from_db()
    assert (application.status, application.approved_amount) == ("approved", 500_000)
    assert application.notices.exists()
