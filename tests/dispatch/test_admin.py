"""The admin: HQ keeps the skills, the roster, the bureau desks (who holds the chief's
authority) and the 地域創生枠; a bureau keeps its own staff's entries; every page is
scoped (another bureau's rows are 404) and requests are read-only there."""

import pytest
from django.urls import reverse

from dispatch.models import DispatchDesk, Person, RegionalFrame
from portal.models import Bureau
from tests.dispatch.factories import (
    PersonFactory,
    designate_chief,
    draft_request,
    submitted_request,
)

pytestmark = pytest.mark.django_db


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:dispatch_{model}_{action}", args=args)


@pytest.fixture
def officer_admin(client, ishikari_officer):
    client.force_login(ishikari_officer)
    return client


@pytest.fixture
def hq_admin(client, hq_user):
    client.force_login(hq_user)
    return client


def test_municipal_staff_and_advisors_have_no_admin(client, sapporo_staff, advisor):
    for user in (sapporo_staff, advisor):
        client.force_login(user)
        response = client.get(admin_url("person"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_hq_designates_the_chief_from_the_bureaus_officers(
    hq_admin, ishikari_officer, oshima_officer
):
    desk = DispatchDesk.objects.create(bureau=Bureau.objects.get(code="ishikari"))
    page = hq_admin.get(admin_url("dispatchdesk", "change", desk.pk))
    assert page.status_code == 200
    assert ishikari_officer.name in page.content.decode()
    assert oshima_officer.name not in page.content.decode()
    response = hq_admin.post(
        admin_url("dispatchdesk", "change", desk.pk),
        {"chief_officers": [oshima_officer.pk], "notice_prefix": ""},
    )
    assert response.status_code == 200  # not one of the choices
    response = hq_admin.post(
        admin_url("dispatchdesk", "change", desk.pk),
        {"chief_officers": [ishikari_officer.pk], "notice_prefix": "石振地派"},
    )
    assert response.status_code == 302
    assert list(desk.chief_officers.all()) == [ishikari_officer]


def test_an_officer_reads_only_the_own_bureaus_desk_and_frames(
    officer_admin, ishikari_officer, oshima_officer
):
    own = designate_chief(ishikari_officer)
    other = designate_chief(oshima_officer, "oshima")
    own_frame = RegionalFrame.objects.create(bureau=own.bureau, fiscal_year=2026, places=2)
    other_frame = RegionalFrame.objects.create(bureau=other.bureau, fiscal_year=2026, places=1)
    assert officer_admin.get(admin_url("dispatchdesk", "change", own.pk)).status_code == 200
    assert officer_admin.get(admin_url("dispatchdesk", "change", other.pk)).status_code == 404
    assert (
        officer_admin.get(admin_url("regionalframe", "change", other_frame.pk)).status_code == 404
    )
    assert officer_admin.get(admin_url("regionalframe", "change", own_frame.pk)).status_code == 200
    # Read-only: the officer cannot give themselves the chief's authority or more places.
    officer_admin.post(admin_url("regionalframe", "change", own_frame.pk), {"places": 9})
    own_frame.refresh_from_db()
    assert own_frame.places == 2
    assert officer_admin.get(admin_url("regionalframe", "add")).status_code == 403
    changelist = officer_admin.get(admin_url("regionalframe"))
    assert list(changelist.context["cl"].queryset) == [own_frame]


def test_hq_sets_the_frame(hq_admin):
    response = hq_admin.post(
        admin_url("regionalframe", "add"),
        {
            "bureau": Bureau.objects.get(code="ishikari").pk,
            "fiscal_year": 2026,
            "places": 3,
            "note": "",
        },
    )
    assert response.status_code == 302
    assert RegionalFrame.objects.get().places == 3


def test_a_bureau_keeps_its_own_staff_and_reads_the_rest(
    officer_admin, ishikari_officer, advisor_person
):
    ours = PersonFactory(kind="staff", name="石狩の職員", home_bureau=ishikari_officer.bureau)
    theirs = PersonFactory(
        kind="staff", name="渡島の職員", home_bureau=Bureau.objects.get(code="oshima")
    )
    changelist = officer_admin.get(admin_url("person"))
    assert {p.name for p in changelist.context["cl"].queryset} >= {
        "石狩の職員",
        "渡島の職員",
        advisor_person.name,
    }
    page = officer_admin.get(admin_url("person", "change", ours.pk))
    assert page.context["has_change_permission"]
    page = officer_admin.get(admin_url("person", "change", theirs.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    officer_admin.post(admin_url("person", "change", theirs.pk), {"name": "書き換え"})
    theirs.refresh_from_db()
    assert theirs.name == "渡島の職員"


def test_a_bureau_adds_staff_to_its_own_roster_only(officer_admin, ishikari_officer):
    data = {
        "kind": "staff",
        "name": "新しい職員",
        "kana": "",
        "organisation": "",
        "email": "",
        "user": "",
        "home_bureau": Bureau.objects.get(code="oshima").pk,
        "capacity": 2,
        "is_active": "on",
        "profile": "",
        "availabilities-TOTAL_FORMS": "0",
        "availabilities-INITIAL_FORMS": "0",
        "availabilities-MIN_NUM_FORMS": "0",
        "availabilities-MAX_NUM_FORMS": "1000",
    }
    response = officer_admin.post(admin_url("person", "add"), data)
    assert response.status_code == 200  # another bureau is not a choice
    data["home_bureau"] = ishikari_officer.bureau_id
    response = officer_admin.post(admin_url("person", "add"), data)
    assert response.status_code == 302
    assert Person.objects.get(name="新しい職員").home_bureau == ishikari_officer.bureau


def test_an_advisor_entry_needs_an_advisor_account(hq_admin, sapporo_staff, advisor):
    data = {
        "kind": "advisor",
        "name": "外部 専門家",
        "kana": "",
        "organisation": "",
        "email": "",
        "user": sapporo_staff.pk,
        "home_bureau": "",
        "capacity": 3,
        "is_active": "on",
        "profile": "",
        "availabilities-TOTAL_FORMS": "1",
        "availabilities-INITIAL_FORMS": "0",
        "availabilities-MIN_NUM_FORMS": "0",
        "availabilities-MAX_NUM_FORMS": "1000",
        "availabilities-0-starts_on": "2026-04-01",
        "availabilities-0-ends_on": "2027-03-31",
        "availabilities-0-note": "",
    }
    assert hq_admin.post(admin_url("person", "add"), data).status_code == 200
    data["user"] = advisor.pk
    assert hq_admin.post(admin_url("person", "add"), data).status_code == 302
    person = Person.objects.get(name="外部 専門家")
    assert person.user == advisor
    assert person.availabilities.count() == 1


def test_requests_in_the_admin_are_scoped_and_read_only(
    officer_admin, client, sapporo_staff, hakodate_staff, oshima_officer
):
    ours = submitted_request(sapporo_staff)
    theirs = submitted_request(hakodate_staff, title="函館")
    draft = draft_request(sapporo_staff, title="下書き")
    changelist = officer_admin.get(admin_url("dispatchrequest"))
    assert list(changelist.context["cl"].queryset) == [ours]
    page = officer_admin.get(admin_url("dispatchrequest", "change", ours.pk))
    assert page.status_code == 200
    assert reverse("dispatch:request_detail", args=[ours.pk]) in page.content.decode()
    assert officer_admin.get(admin_url("dispatchrequest", "change", theirs.pk)).status_code == 404
    assert officer_admin.get(admin_url("dispatchrequest", "change", draft.pk)).status_code == 404
    client.force_login(oshima_officer)
    assert client.get(admin_url("dispatchrequest", "change", ours.pk)).status_code == 404


def test_the_admin_changelists_open(hq_admin):
    for model in ("skill", "person", "dispatchdesk", "regionalframe", "dispatchrequest"):
        assert hq_admin.get(admin_url(model)).status_code == 200, model
