"""The status panel on a dispatch request's admin page: where it stands, whose move it is,
and a link to the portal page where the bureau decides (the admin only reads)."""

import pytest
from django.urls import reverse

from tests.dispatch.factories import submitted_request
from tests.panel_html import assert_panel_first, buttons, panel

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse("admin:dispatch_dispatchrequest_change", args=[obj.pk])


def test_a_submitted_request_is_the_bureaus_move(client, sapporo_staff, ishikari_officer):
    obj = submitted_request(sapporo_staff)
    client.force_login(ishikari_officer)
    content = client.get(change_url(obj)).content.decode()
    assert_panel_first(content)
    section = panel(content)
    assert str(obj.get_status_display()) in section
    assert "石狩振興局" in section
    found = buttons(content)
    assert list(found) == ["link"]
    assert found["link"]["tag"] == "a"
    assert reverse("dispatch:request_detail", args=[obj.pk]) in section


def test_the_request_page_is_still_404_out_of_scope(client, sapporo_staff, oshima_officer):
    obj = submitted_request(sapporo_staff)
    client.force_login(oshima_officer)
    assert client.get(change_url(obj)).status_code == 404


@pytest.mark.parametrize(("state", "shown"), [("published", True), ("closed", False)])
def test_a_position_shows_its_closing_date_only_while_published(client, hq_user, state, shown):
    from portal.japanese import wareki_date
    from tests.dispatch.test_kyoryokutai_factories import load_missions, make_position

    load_missions()
    position = make_position(state=state)
    client.force_login(hq_user)
    url = reverse("admin:dispatch_position_change", args=[position.pk])
    section = panel(client.get(url).content.decode())
    day = position.applications_close
    assert (wareki_date(day) in section) is shown
    assert ('class="status-panel-deadline"' in section) is shown
