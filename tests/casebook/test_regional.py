"""The casebook's figures in the regional view (information) and its panel on a
municipality's page there."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from casebook.models import CaseStudy, Origin, Status
from casebook.regional import case_studies as regional
from casebook.services.case_studies import case_study_propose
from portal import regional as regional_view
from portal.models import Bureau, Municipality
from tests.casebook.factories import CaseStudyFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def at(year, month, day):
    return dt.datetime(year, month, day, 10, tzinfo=TOKYO)


@pytest.fixture
def cases(sapporo_staff):
    """札幌: two published in 年度 2026 (one archived since), one in 2025 (March 2026), a
    draft; 江別: one published in 2026; 函館 (渡島): one; 札幌 staff proposed one."""
    CaseStudyFactory(published=True, published_at=at(2026, 4, 1))
    CaseStudyFactory(status=Status.ARCHIVED, published_at=at(2026, 5, 1))
    CaseStudyFactory(published=True, published_at=at(2026, 3, 31))
    CaseStudyFactory()
    CaseStudyFactory(
        published=True, published_at=at(2026, 6, 1), municipality=municipality("012173")
    )
    CaseStudyFactory(
        published=True, published_at=at(2026, 6, 1), municipality=municipality("012025")
    )
    proposal = case_study_propose(
        actor=sapporo_staff,
        title="提案された事例",
        summary="概要",
        fiscal_year=2025,
        challenge="課題",
        actions="取組",
        results="成果",
    )
    CaseStudy.objects.filter(pk=proposal.pk).update(created_at=at(2026, 7, 1))
    return proposal


def test_the_provider_counts_by_municipality_and_year_of_publication(cases):
    rows = {
        (key, year, code): value
        for key, year, code, value in regional.provider([2025, 2026], ["011002", "012173"])
    }
    assert rows[("casebook.published", 2026, "011002")] == 2
    assert rows[("casebook.published", 2025, "011002")] == 1
    assert rows[("casebook.published", 2026, "012173")] == 1
    assert ("casebook.published", 2026, "012025") not in rows  # not asked for
    assert cases.origin == Origin.PROPOSAL
    assert rows[("casebook.proposed", 2026, "011002")] == 1
    assert ("casebook.proposed", 2025, "011002") not in rows


def test_the_figures_sum_up_to_bureau_and_all_hokkaido(cases):
    table = regional_view.compute([2026], Municipality.objects.select_related("bureau"))
    measure = next(m for m in regional_view.measures() if m.key == "casebook.published")
    ishikari = Bureau.objects.get(code="ishikari")
    assert table.for_bureau(ishikari.pk, 2026).get(measure) == 3
    assert table.for_all(2026).get(measure) == 4


def test_the_provider_takes_two_queries(cases, django_assert_num_queries):
    with django_assert_num_queries(2):
        list(regional.provider([2024, 2025, 2026], ["011002", "012173", "012025"]))


def test_the_panel_shows_public_case_studies_to_all_and_drafts_within_scope(
    cases, sapporo_staff, ishikari_officer, oshima_officer
):
    sapporo = Municipality.objects.get(code="011002")
    own = [item["title"] for item in regional.municipality_panel(sapporo_staff, sapporo)["items"]]
    assert any("提案された事例" in title for title in own)
    other = regional.municipality_panel(oshima_officer, sapporo)["items"]
    assert not any("提案された事例" in item["title"] for item in other)
    assert other[-1]["url"] == reverse("casebook:case_study_list") + "?municipality=011002"
    officer = regional.municipality_panel(ishikari_officer, sapporo)["items"]
    assert len(officer) == len(own)  # the bureau sees the draft and the proposal too
    assert (
        regional.municipality_panel(oshima_officer, Municipality.objects.get(code="012041")) is None
    )


def test_the_regional_page_shows_the_information_pillar(client, cases, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.get(
        reverse("portal:regional_municipality", args=["011002"]), {"fiscal_year": 2026}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("casebook:case_study_list") + "?municipality=011002" in text
    assert "提案された事例" in text
