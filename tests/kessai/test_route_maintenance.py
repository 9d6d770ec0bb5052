"""Who keeps the routes: HQ any organisation's (admin), a bureau's administrator its own
(admin), a municipality's administrator its own (front-end page); limits of 1 to 4 steps."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal.models import ApprovalRoute, Position
from tests.factories import UserFactory

from .conftest import APPROVE, SUBMIT, login, set_route, text

pytestmark = pytest.mark.django_db


def admin_post(client, data):
    return client.post(reverse("admin:portal_approvalroute_add"), data, follow=True)


def steps(*positions):
    data = {}
    for number, position in enumerate(positions, start=1):
        data[f"position_{number}"] = str(position)
    return data


def test_hq_sets_a_bureaus_route_in_the_admin(client, hq_user, ishikari):
    login(client, hq_user)
    admin_post(client, {"bureau": ishikari.pk, "kind": APPROVE, **steps(30, 40)})
    route = ApprovalRoute.objects.get()
    assert (route.bureau, route.kind) == (ishikari, APPROVE)
    assert list(route.steps.values_list("order", "position")) == [(1, 30), (2, 40)]


def test_a_bureaus_administrator_sets_its_own_route_and_only_its_own(client, ishikari):
    admin = UserFactory(ishikari_officer=True, is_org_admin=True)
    login(client, admin)
    response = client.get(reverse("admin:portal_approvalroute_add"))
    assert response.status_code == 200
    admin_post(client, {"bureau": ishikari.pk, "kind": APPROVE, **steps(40)})
    assert ApprovalRoute.objects.get().bureau == ishikari
    other = UserFactory(oshima_officer=True)
    response = admin_post(client, {"bureau": other.bureau_id, "kind": SUBMIT, **steps(40)})
    assert ApprovalRoute.objects.count() == 1


def test_a_plain_officer_reads_the_bureaus_routes_but_cannot_change_them(client, ishikari):
    route = set_route(APPROVE, Position.HEAD, bureau=ishikari)
    login(client, UserFactory(ishikari_officer=True))
    assert client.get(reverse("admin:portal_approvalroute_add")).status_code == 403
    page = client.get(reverse("admin:portal_approvalroute_change", args=[route.pk]))
    assert page.status_code == 200
    assert 'name="position_1"' not in page.content.decode()


@pytest.mark.parametrize("count", [1, 4])
def test_a_municipalitys_administrator_sets_1_to_4_steps(client, sapporo, count):
    login(client, UserFactory(sapporo=True, is_org_admin=True))
    url = reverse("portal:kessai_route_edit", args=[SUBMIT])
    data = steps(*[20, 30, 30, 40][:count])
    response = client.post(url, data, follow=True)
    assert "The route was saved." in text(response)
    assert ApprovalRoute.objects.get().steps.count() == count
    assert "Submission of a grant application" in text(
        client.get(reverse("portal:kessai_route_list"))
    )
    # No step at all: back to the default (the drafter decides alone).
    client.post(url, {})
    assert not ApprovalRoute.objects.exists()


def test_a_gap_between_steps_is_refused_with_the_input_kept(client, sapporo):
    login(client, UserFactory(sapporo=True, is_org_admin=True))
    url = reverse("portal:kessai_route_edit", args=[SUBMIT])
    response = client.post(url, {"position_1": "20", "position_3": "40"})
    assert response.status_code == 200
    assert "Fill the steps in order, without an empty step." in text(response)
    assert 'value="40" selected' in response.content.decode()
    assert not ApprovalRoute.objects.exists()


def test_plain_municipal_staff_cannot_open_the_routes(client, sapporo_staff):
    login(client, sapporo_staff)
    assert client.get(reverse("portal:kessai_route_list")).status_code == 403
    url = reverse("portal:kessai_route_edit", args=["no.such.kind"])
    login(client, UserFactory(sapporo=True, is_org_admin=True))
    assert client.get(url).status_code == 404


def test_a_fifth_step_is_refused_by_the_service(sapporo, hq_user):
    from django.core.exceptions import ValidationError

    from portal.services.kessai_routes import approval_route_set

    with pytest.raises(ValidationError):
        approval_route_set(
            kind=SUBMIT,
            municipality_id=sapporo.pk,
            steps=[{"position": 20, "unit_id": None}] * 5,
            actor=hq_user,
        )
    assert not ApprovalRoute.objects.exists()
