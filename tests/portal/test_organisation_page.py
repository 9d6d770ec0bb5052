"""The organisation page (#20): a municipality's staff read who is where; only its
administrator changes it (403 to the others); other municipalities and roles get 404."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from portal.models import AuditEvent, Position, Unit
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sapporo_admin(db):
    return UserFactory(sapporo=True, is_org_admin=True, name="札幌 人事")


@pytest.fixture
def division(db):
    return UnitFactory(name="企画課")


def test_any_staff_member_reads_who_is_where(client, sapporo_staff, division):
    section = UnitFactory(parent=division, name="政策推進係")
    UserFactory(sapporo=True, unit=section, name="札幌 係員", position=Position.STAFF)
    UserFactory(hakodate=True, name="函館 職員")
    client.force_login(sapporo_staff)
    page = client.get(reverse("portal:organisation_detail")).content.decode()
    assert "企画課" in page and "政策推進係" in page and "札幌 係員" in page
    assert "函館 職員" not in page
    assert reverse("portal:unit_create") not in page
    assert reverse("portal:member_place", args=[sapporo_staff.pk]) not in page


@pytest.mark.parametrize("role", ["ishikari_officer", "hq", "advisor"])
def test_the_page_is_the_municipal_staffs_only(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(reverse("portal:organisation_detail")).status_code == 404


def test_the_page_lists_with_a_fixed_number_of_queries(
    client, sapporo_staff, division, django_assert_max_num_queries
):
    for n in range(5):
        section = UnitFactory(parent=division, name=f"係{n}")
        UserFactory.create_batch(3, sapporo=True, unit=section)
    client.force_login(sapporo_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("portal:organisation_detail")).status_code == 200


def test_the_administrator_adds_a_section(client, sapporo_admin, division):
    client.force_login(sapporo_admin)
    response = client.post(
        reverse("portal:unit_create"),
        {"name": "地域振興係", "parent": division.pk, "email": "", "order": "１"},
    )
    assert response.status_code == 302
    section = Unit.objects.get(name="地域振興係")
    assert (section.parent, section.order, section.municipality) == (
        division,
        1,
        sapporo_admin.municipality,
    )
    page = client.get(reverse("portal:organisation_detail")).content.decode()
    assert "地域振興係" in page


def test_a_duplicate_name_is_shown_on_the_form_with_the_input_kept(client, sapporo_admin, division):
    client.force_login(sapporo_admin)
    response = client.post(reverse("portal:unit_create"), {"name": "企画課", "email": "x@y.jp"})
    assert response.status_code == 200
    page = response.content.decode()
    assert gettext("A unit with this name already exists here. Choose another name.") in page
    assert 'value="x@y.jp"' in page


def test_the_administrator_renames_and_takes_a_unit_out_of_use(client, sapporo_admin, division):
    client.force_login(sapporo_admin)
    response = client.post(
        reverse("portal:unit_edit", args=[division.pk]), {"name": "企画政策課", "order": "0"}
    )
    assert response.status_code == 302
    client.post(reverse("portal:unit_set_active", args=[division.pk]))
    division.refresh_from_db()
    assert division.name == "企画政策課" and not division.is_active
    actions = set(AuditEvent.objects.for_object(division).values_list("action", flat=True))
    assert actions == {"unit.updated", "unit.deactivated"}


def test_a_unit_with_people_stays_in_use_with_a_message(client, sapporo_admin, division):
    UserFactory(sapporo=True, unit=division)
    client.force_login(sapporo_admin)
    response = client.post(reverse("portal:unit_set_active", args=[division.pk]), follow=True)
    assert gettext("People still belong to this unit. Move them to another unit first.") in (
        response.content.decode()
    )
    division.refresh_from_db()
    assert division.is_active


def test_the_administrator_places_a_colleague_as_division_director(
    client, sapporo_admin, sapporo_staff, division
):
    client.force_login(sapporo_admin)
    response = client.post(
        reverse("portal:member_place", args=[sapporo_staff.pk]),
        {"unit": division.pk, "position": Position.MANAGER},
    )
    assert response.status_code == 302
    sapporo_staff.refresh_from_db()
    assert (sapporo_staff.unit, sapporo_staff.position) == (division, Position.MANAGER)


def test_another_municipalitys_unit_is_refused_with_a_message_and_input_kept(
    client, sapporo_admin, sapporo_staff, division
):
    client.force_login(sapporo_admin)
    other = UnitFactory(hakodate=True)
    response = client.post(
        reverse("portal:member_place", args=[sapporo_staff.pk]),
        {"unit": other.pk, "position": Position.CHIEF},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        escape(
            gettext(
                "Choose a division or section of this person's own organisation: a unit "
                "of another organisation cannot be chosen."
            )
        )
        in page
    )
    assert f'<option value="{Position.CHIEF}" selected>' in page
    sapporo_staff.refresh_from_db()
    assert sapporo_staff.unit is None


def test_staff_who_are_not_the_administrator_are_refused(client, sapporo_staff, division):
    client.force_login(UserFactory(sapporo=True))
    urls = [
        reverse("portal:unit_create"),
        reverse("portal:unit_edit", args=[division.pk]),
        reverse("portal:member_place", args=[sapporo_staff.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert (
            client.post(url, {"name": "x", "unit": division.pk, "position": 30}).status_code == 403
        )
    assert client.post(reverse("portal:unit_set_active", args=[division.pk])).status_code == 403
    division.refresh_from_db()
    sapporo_staff.refresh_from_db()
    assert division.is_active and sapporo_staff.unit is None


def test_other_municipalities_get_404_even_as_their_administrator(client, sapporo_staff, division):
    client.force_login(UserFactory(hakodate=True, is_org_admin=True))
    for url in [
        reverse("portal:unit_edit", args=[division.pk]),
        reverse("portal:member_place", args=[sapporo_staff.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("portal:unit_set_active", args=[division.pk])).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "saved"),
    [
        ("order", "999", True),
        ("order", "1000", False),
        ("order", "0", True),
        ("order", "-1", False),
        ("order", "９９９", True),
        ("name", "課" * 59, True),
        ("name", "課" * 60, True),
        ("name", "課" * 61, False),
    ],
)
def test_the_unit_forms_limits(client, sapporo_admin, field, value, saved):
    client.force_login(sapporo_admin)
    data = {"name": "企画課", "order": "0", field: value}
    response = client.post(reverse("portal:unit_create"), data)
    assert (response.status_code == 302) is saved
    assert Unit.objects.filter(name=data["name"]).exists() is saved
    if not saved:
        assert "error-summary" in response.content.decode()


@pytest.mark.parametrize(
    ("position", "saved"), [("40", True), ("10", True), ("50", False), ("5", False)]
)
def test_only_the_four_positions_are_accepted(
    client, sapporo_admin, sapporo_staff, division, position, saved
):
    client.force_login(sapporo_admin)
    response = client.post(
        reverse("portal:member_place", args=[sapporo_staff.pk]),
        {"unit": division.pk, "position": position},
    )
    assert (response.status_code == 302) is saved
    sapporo_staff.refresh_from_db()
    assert (sapporo_staff.unit == division) is saved
