"""Units (課・係) and positions (#20): the services, and keeping them in the admin.

HQ keeps every organisation's units and names administrators; a bureau's administrator keeps
the bureau's units and its officers' units and positions; everything else is out of scope
(404) or read only. A unit of another organisation is never accepted.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from portal.models import AuditEvent, Position, Unit
from portal.services import units as services
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

OTHER_ORGANISATION = (
    "Choose a division or section of this person's own organisation: a unit "
    "of another organisation cannot be chosen."
)


@pytest.fixture
def sapporo_admin(db):
    return UserFactory(sapporo=True, is_org_admin=True)


@pytest.fixture
def ishikari_admin(db):
    return UserFactory(ishikari_officer=True, is_org_admin=True)


def _actions(obj) -> list[str]:
    return list(AuditEvent.objects.for_object(obj).values_list("action", flat=True))


# --- Services -------------------------------------------------------------------------------


def test_the_administrator_adds_a_division_and_a_section_audited(sapporo_admin):
    division = services.unit_create(
        actor=sapporo_admin, municipality=sapporo_admin.municipality, name=" 企画課 "
    )
    section = services.unit_create(
        actor=sapporo_admin,
        municipality=sapporo_admin.municipality,
        name="政策推進係",
        parent=division,
    )
    assert (division.kind, division.name) == (Unit.Kind.DIVISION, "企画課")
    assert section.kind == Unit.Kind.SECTION and section.parent == division
    assert _actions(division) == ["unit.created"]
    assert _actions(section) == ["unit.created"]


def test_staff_who_are_not_the_administrator_cannot_add_units(sapporo_staff):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=sapporo_staff, municipality=sapporo_staff.municipality, name="課"
        )


def test_an_administrator_cannot_add_units_to_another_municipality(sapporo_admin, hakodate_staff):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=sapporo_admin, municipality=hakodate_staff.municipality, name="企画課"
        )


def test_a_section_under_another_organisations_division_is_refused(sapporo_admin):
    hakodate_division = UnitFactory(hakodate=True)
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            actor=sapporo_admin,
            municipality=sapporo_admin.municipality,
            name="企画係",
            parent=hakodate_division,
        )
    assert "parent" in error.value.message_dict


def test_a_second_unit_of_the_same_name_is_refused_with_a_message(sapporo_admin):
    services.unit_create(
        actor=sapporo_admin, municipality=sapporo_admin.municipality, name="企画課"
    )
    with pytest.raises(ValidationError) as error:
        services.unit_create(
            actor=sapporo_admin, municipality=sapporo_admin.municipality, name="企画課"
        )
    assert error.value.message_dict["name"] == [
        gettext("A unit with this name already exists here. Choose another name.")
    ]


def test_renaming_records_old_and_new_and_nothing_when_unchanged(sapporo_admin):
    unit = UnitFactory(name="企画課")
    services.unit_update(unit=unit, actor=sapporo_admin, name="企画政策課", email="", order=0)
    services.unit_update(unit=unit, actor=sapporo_admin, name="企画政策課", email="", order=0)
    unit.refresh_from_db()
    assert unit.name == "企画政策課"
    event = AuditEvent.objects.for_object(unit).get()
    assert event.extra["changes"] == {"name": ["企画課", "企画政策課"]}


def test_placing_someone_in_another_organisations_unit_is_refused(hq_user, sapporo_staff):
    hakodate_unit = UnitFactory(hakodate=True)
    with pytest.raises(ValidationError) as error:
        services.user_place(
            user=sapporo_staff, actor=hq_user, unit=hakodate_unit, position=Position.STAFF
        )
    assert error.value.message_dict["unit"] == [gettext(OTHER_ORGANISATION)]
    sapporo_staff.refresh_from_db()
    assert sapporo_staff.unit is None


def test_the_administrator_places_a_colleague_audited(sapporo_admin, sapporo_staff):
    unit = UnitFactory()
    services.user_place(
        user=sapporo_staff, actor=sapporo_admin, unit=unit, position=Position.MANAGER
    )
    sapporo_staff.refresh_from_db()
    assert (sapporo_staff.unit, sapporo_staff.position) == (unit, Position.MANAGER)
    event = AuditEvent.objects.for_object(sapporo_staff).get(action="user.placed")
    assert event.extra == {"unit": [None, unit.pk], "position": [10, 30]}


@pytest.mark.parametrize("who", ["staff", "other_admin"])
def test_only_the_own_administrator_or_hq_places_people(who, sapporo_staff):
    actor = (
        UserFactory(sapporo=True)
        if who == "staff"
        else UserFactory(hakodate=True, is_org_admin=True)
    )
    with pytest.raises(PermissionDenied):
        services.user_place(
            user=sapporo_staff, actor=actor, unit=UnitFactory(), position=Position.STAFF
        )


def test_a_unit_out_of_use_cannot_be_chosen(sapporo_admin, sapporo_staff):
    unit = UnitFactory(is_active=False)
    with pytest.raises(ValidationError):
        services.user_place(user=sapporo_staff, actor=sapporo_admin, unit=unit, position=10)


def test_a_unit_with_people_or_sections_stays_in_use(sapporo_admin, sapporo_staff):
    division = UnitFactory()
    section = UnitFactory(parent=division)
    services.user_place(user=sapporo_staff, actor=sapporo_admin, unit=section, position=10)
    with pytest.raises(ValidationError):
        services.unit_set_active(unit=section, actor=sapporo_admin, active=False)
    with pytest.raises(ValidationError):
        services.unit_set_active(unit=division, actor=sapporo_admin, active=False)
    services.user_place(user=sapporo_staff, actor=sapporo_admin, unit=division, position=10)
    services.unit_set_active(unit=section, actor=sapporo_admin, active=False)
    assert _actions(section) == ["unit.deactivated"]


def test_only_hq_names_an_organisation_administrator(hq_user, sapporo_admin, sapporo_staff):
    with pytest.raises(PermissionDenied):
        services.user_set_org_admin(user=sapporo_staff, actor=sapporo_admin, value=True)
    services.user_set_org_admin(user=sapporo_staff, actor=hq_user, value=True)
    sapporo_staff.refresh_from_db()
    assert sapporo_staff.is_org_admin
    assert _actions(sapporo_staff) == ["user.org_admin_set"]


# --- The unit admin -------------------------------------------------------------------------


def _unit_url(unit, view="change"):
    if view == "changelist":
        return reverse("admin:portal_unit_changelist")
    return reverse("admin:portal_unit_change", args=[unit.pk])


def test_hq_sees_every_organisations_units(client, hq_user):
    units = [UnitFactory(), UnitFactory(ishikari=True), UnitFactory(municipality=None)]
    client.force_login(hq_user)
    response = client.get(_unit_url(None, "changelist"))
    listed = set(response.context["cl"].root_queryset.values_list("pk", flat=True))
    assert {u.pk for u in units} <= listed


def test_a_bureau_officer_reads_only_the_bureaus_own_units(client, ishikari_officer):
    own, other, municipal = UnitFactory(ishikari=True), UnitFactory(oshima=True), UnitFactory()
    client.force_login(ishikari_officer)
    response = client.get(_unit_url(None, "changelist"))
    listed = set(response.context["cl"].root_queryset.values_list("pk", flat=True))
    assert listed == {own.pk}
    page = client.get(_unit_url(own))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.get(_unit_url(other)).status_code == 404
    assert client.get(_unit_url(municipal)).status_code == 404
    assert client.post(_unit_url(own), {"name": "変えた"}).status_code == 403
    assert client.get(reverse("admin:portal_unit_add")).status_code == 403


def test_the_bureaus_administrator_adds_and_renames_its_units(client, ishikari_admin):
    client.force_login(ishikari_admin)
    response = client.post(
        reverse("admin:portal_unit_add"),
        {"name": "地域政策課", "email": "", "order": "0", "is_active": "on"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="地域政策課")
    assert unit.bureau == ishikari_admin.bureau and unit.municipality is None
    response = client.post(
        _unit_url(unit), {"name": "地域創生課", "email": "", "order": "1", "is_active": "on"}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "地域創生課"
    assert _actions(unit) == ["unit.created", "unit.updated"]
    assert client.get(_unit_url(UnitFactory(oshima=True))).status_code == 404


def test_taking_a_unit_with_people_out_of_use_shows_why(client, ishikari_admin):
    unit = UnitFactory(ishikari=True, name="地域政策課")
    UserFactory(ishikari_officer=True, unit=unit)
    client.force_login(ishikari_admin)
    response = client.post(_unit_url(unit), {"name": "地域政策課", "email": "", "order": "0"})
    assert response.status_code == 200
    assert gettext("People still belong to this unit. Move them to another unit first.") in (
        response.content.decode()
    )
    unit.refresh_from_db()
    assert unit.is_active


# --- The user admin -------------------------------------------------------------------------


def _user_url(user):
    return reverse("admin:portal_user_change", args=[user.pk])


def test_the_bureaus_administrator_places_its_officers_and_nobody_else(client, ishikari_admin):
    colleague = UserFactory(ishikari_officer=True)
    unit = UnitFactory(ishikari=True)
    client.force_login(ishikari_admin)
    listed = client.get(reverse("admin:portal_user_changelist")).context["cl"].root_queryset
    assert colleague in listed and ishikari_admin in listed
    assert not listed.exclude(bureau=ishikari_admin.bureau).exists()
    response = client.post(_user_url(colleague), {"unit": unit.pk, "position": 20})
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert (colleague.unit, colleague.position) == (unit, Position.CHIEF)
    # Passwords, other bureaus and municipalities stay out of reach.
    password_url = reverse("admin:auth_user_password_change", args=[colleague.pk])
    assert client.get(password_url).status_code == 404
    assert client.get(_user_url(UserFactory(oshima_officer=True))).status_code == 404
    assert client.get(_user_url(UserFactory(sapporo=True))).status_code == 404


def test_the_bureaus_administrator_cannot_choose_another_bureaus_unit(client, ishikari_admin):
    colleague = UserFactory(ishikari_officer=True)
    client.force_login(ishikari_admin)
    response = client.post(
        _user_url(colleague), {"unit": UnitFactory(oshima=True).pk, "position": 10}
    )
    assert response.status_code == 200
    colleague.refresh_from_db()
    assert colleague.unit is None


def test_an_officer_who_is_not_the_administrator_cannot_open_users(client, ishikari_officer):
    client.force_login(ishikari_officer)
    assert client.get(reverse("admin:portal_user_changelist")).status_code == 403
    assert client.get(_user_url(UserFactory(ishikari_officer=True))).status_code == 404


def _hq_form(user, **changes) -> dict:
    data = {
        "email": user.email,
        "name": user.name,
        "department": user.department,
        "language": user.language,
        "role": user.role,
        "municipality": user.municipality_id or "",
        "bureau": user.bureau_id or "",
        "is_active": "on",
        "unit": user.unit_id or "",
        "position": user.position,
    }
    data.update(changes)
    return data


def test_hq_names_an_administrator_and_places_them(client, hq_user, sapporo_staff):
    unit = UnitFactory()
    client.force_login(hq_user)
    response = client.post(
        _user_url(sapporo_staff), _hq_form(sapporo_staff, unit=unit.pk, is_org_admin="on")
    )
    assert response.status_code == 302
    sapporo_staff.refresh_from_db()
    assert sapporo_staff.is_org_admin and sapporo_staff.unit == unit
    assert set(_actions(sapporo_staff)) >= {"user.placed", "user.org_admin_set"}


def test_hq_choosing_another_municipalitys_unit_gets_a_japanese_message(
    client, hq_user, sapporo_staff
):
    client.force_login(hq_user)
    response = client.post(
        _user_url(sapporo_staff), _hq_form(sapporo_staff, unit=UnitFactory(hakodate=True).pk)
    )
    assert response.status_code == 200
    assert escape(gettext(OTHER_ORGANISATION)) in response.content.decode()
    sapporo_staff.refresh_from_db()
    assert sapporo_staff.unit is None
