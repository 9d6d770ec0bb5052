"""#21 points 3 and 4 on case studies: the admin offers the measures serving the case
study's municipality and refuses others; published case studies count as information."""

import pytest
from django.urls import reverse

from casebook.models import Status
from portal.japanese import fiscal_year
from portal.models import Municipality, StrategyKind
from portal.registry import measure_contributions
from tests.casebook.factories import CaseStudyFactory
from tests.casebook.test_admin import case_form
from tests.portal.strategies import build


def test_the_admin_offers_and_refuses_measures(
    client, ishikari_officer, sapporo_staff, ebetsu_staff
):
    _s, _g, sapporo_measure, _k = build(sapporo_staff, publish=True)
    _e, _eg, ebetsu_measure, _ek = build(ebetsu_staff, publish=True)
    _r, _rg, regional, _rk = build(ishikari_officer, kind=StrategyKind.REGIONAL, publish=True)
    ebetsu = Municipality.objects.select_related("bureau").get(code="012173")
    case = CaseStudyFactory(municipality=ebetsu, bureau=ebetsu.bureau, region=ebetsu.bureau.region)
    client.force_login(ishikari_officer)
    url = reverse("admin:casebook_casestudy_change", args=[case.pk])
    page = client.get(url).content.decode()
    assert f'name="measures" value="{ebetsu_measure.pk}"' in page
    assert f'name="measures" value="{regional.pk}"' in page
    assert f'name="measures" value="{sapporo_measure.pk}"' not in page
    refused = client.post(url, case_form(measures=[sapporo_measure.pk], version="0"))
    assert refused.status_code == 200
    assert "施策ではありません" in refused.content.decode()
    assert not case.measures.exists()
    response = client.post(url, case_form(measures=[ebetsu_measure.pk, regional.pk], version="0"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert {m.pk for m in case.measures.all()} == {ebetsu_measure.pk, regional.pk}


def test_published_case_studies_count_as_information(sapporo_staff):
    _s, _g, measure, _k = build(sapporo_staff, publish=True)
    published = CaseStudyFactory(published=True, fiscal_year=2025)
    published.measures.add(measure)
    CaseStudyFactory(fiscal_year=2025).measures.add(measure)  # a draft: not counted
    rows = measure_contributions({measure.pk}, 2025)
    assert [(r.kind, r.count) for r in rows if r.kind == "information"] == [("information", 1)]
    assert published.status == Status.PUBLISHED


def test_the_challenge_form_offers_links_and_refuses_measures(client, sapporo_staff, ebetsu_staff):
    from django.core.exceptions import ValidationError

    from casebook.models import Challenge
    from casebook.services import challenges
    from tests.casebook.factories import theme
    from tests.casebook.test_challenges import NEW, form_data

    _s, _g, own, _k = build(sapporo_staff, publish=True)
    _e, _eg, other, _ek = build(ebetsu_staff, publish=True)
    client.force_login(sapporo_staff)
    page = client.get(NEW).content.decode()
    assert f'name="measures" value="{own.pk}"' in page
    assert f'name="measures" value="{other.pk}"' not in page
    refused = client.post(NEW, form_data(measures=[other.pk]))
    assert refused.status_code == 200 and not Challenge.objects.exists()
    assert "施策ではありません" in refused.content.decode()
    assert client.post(NEW, form_data(measures=[own.pk])).status_code == 302
    challenge = Challenge.objects.get()
    assert [m.pk for m in challenge.measures.all()] == [own.pk]
    year = fiscal_year(challenge.created_at)
    rows = [r for r in measure_contributions({own.pk}, year) if r.kind == "information"]
    assert [r.count for r in rows] == [1]
    with pytest.raises(ValidationError):
        challenges.challenge_submit(
            actor=sapporo_staff,
            theme=theme("transport"),
            title="x",
            description="y",
            urgency="high",
            measures=[other],
        )
