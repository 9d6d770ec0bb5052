"""`make run` loads 協力隊 demo data: positions, programmes and events on the volunteers'
portal, and 函館市's register with members at every stage, so each demo account has
something to do."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dispatch.models import Position, Settlement, TrialProgramme, Volunteer
from portal.models import Event, User
from portal.registry import todos_for

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates_and_covers_every_stage(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    statuses = set(Position.objects.values_list("status", flat=True))
    assert statuses == {"draft", "published", "closed"}
    assert TrialProgramme.objects.filter(status="published").count() == 2
    assert Event.objects.filter(category="kyoryokutai", is_published=True).count() == 3
    hakodate = Volunteer.objects.filter(municipality__code="012025")
    assert set(hakodate.values_list("status", flat=True)) == {
        "recruiting",
        "active",
        "completed",
        "resigned",
    }
    assert Settlement.objects.filter(volunteer__municipality__code="012025").count() == 1
    # Other towns' former members give HQ's figures several bureaus.
    assert Volunteer.objects.values("bureau").distinct().count() > 1

    # The visitor sees the open positions; the municipality has to-dos; HQ has figures.
    assert client.get(reverse("dispatch:kyoryokutai_position_list")).context["page"].paginator.count
    staff = User.objects.get(email="hakodate@demo.example.jp")
    urls = {item.url for item in todos_for(staff)}
    ending = hakodate.get(name="海野 渚")
    assert reverse("dispatch:kyoryokutai_volunteer_detail", args=[ending.pk]) in urls
    resigned = hakodate.get(status="resigned")
    assert reverse("dispatch:kyoryokutai_settlement", args=[resigned.pk]) in urls
    client.force_login(User.objects.get(email="hq@demo.example.jp"))
    figures = client.get(reverse("dispatch:kyoryokutai_figures"))
    assert figures.status_code == 200
    assert figures.context["table"].total.counts["active"] >= 2


def test_the_demo_member_signs_in_to_their_page(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
    member = User.objects.get(email="member@demo.example.jp")
    assert member.role == "member"
    assert client.login(email="member@demo.example.jp", password="demo-pass-2026")
    response = client.get(reverse("dispatch:kyoryokutai_member_home"))
    assert response.status_code == 200
    assert "函館市" in response.content.decode()
    assert len([p for p in response.context["periods"] if p.report]) == 2
    client.logout()
    alumni = client.get(reverse("dispatch:kyoryokutai_alumni")).content.decode()
    assert "森（元 函館市協力隊・水産）" in alumni
