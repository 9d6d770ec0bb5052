"""#21 points 3 and 4 on dispatch requests: the request form offers the measures serving the
municipality, refuses the others, and the 効果検証 page counts the requests taken on."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dispatch.services import requests
from portal.models import StrategyKind
from portal.registry import measure_contributions
from tests.dispatch.factories import draft_request, submitted_request
from tests.dispatch.test_views import FORM
from tests.portal.strategies import build


@pytest.fixture
def measures(sapporo_staff, ebetsu_staff, ishikari_officer):
    _s, _g, own, _k = build(sapporo_staff, publish=True)
    _e, _eg, other, _ek = build(ebetsu_staff, publish=True)
    _r, _rg, regional, _rk = build(ishikari_officer, kind=StrategyKind.REGIONAL, publish=True)
    return {"own": own, "other": other, "regional": regional}


def test_the_request_form_offers_and_links_measures(client, sapporo_staff, measures):
    obj = draft_request(sapporo_staff)
    client.force_login(sapporo_staff)
    url = reverse("dispatch:request_edit", args=[obj.pk])
    page = client.get(url).content.decode()
    assert f'name="measures" value="{measures["own"].pk}"' in page
    assert f'name="measures" value="{measures["regional"].pk}"' in page
    assert f'name="measures" value="{measures["other"].pk}"' not in page
    data = {**FORM, "measures": [measures["own"].pk], "action": "draft"}
    assert client.post(url, data).status_code == 302
    assert [m.pk for m in obj.measures.all()] == [measures["own"].pk]


def test_a_measure_of_another_municipality_is_refused(client, sapporo_staff, measures):
    obj = draft_request(sapporo_staff)
    client.force_login(sapporo_staff)
    url = reverse("dispatch:request_edit", args=[obj.pk])
    data = {**FORM, "measures": [measures["other"].pk], "action": "draft"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "施策ではありません" in response.content.decode()
    assert not obj.measures.exists()
    with pytest.raises(ValidationError):
        requests.dispatch_request_save(
            request=obj, actor=sapporo_staff, data={"measures": [measures["other"]]}
        )


def test_requests_taken_on_are_counted_for_the_measure(sapporo_staff, measures):
    taken = submitted_request(sapporo_staff, measures=[measures["own"]])
    draft_request(sapporo_staff, measures=[measures["own"]])  # a draft: not counted
    rows = [
        r
        for r in measure_contributions({measures["own"].pk}, taken.fiscal_year)
        if r.kind == "people"
    ]
    assert [(r.measure_id, r.count) for r in rows] == [(measures["own"].pk, 1)]
