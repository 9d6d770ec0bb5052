"""``casebook.api``: what the casebook publishes for the other pillars returns plain frozen
dataclasses (never models or querysets), only ever published case studies of the
municipality asked for, and the volunteers' portal page built on it shows the same stories."""

import dataclasses

import pytest
from django.urls import reverse

from casebook import api
from casebook.models import Status
from portal.models import Municipality
from tests.casebook.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

HIGASHIKAWA = "014583"  # 東川町


def municipality(code: str) -> Municipality:
    return Municipality.objects.select_related("bureau__region").get(code=code)


@pytest.fixture
def stories():
    town = municipality(HIGASHIKAWA)
    older = CaseStudyFactory(
        title="協力隊OBの農園", municipality=town, published=True, themes=["kyoryokutai"]
    )
    newer = CaseStudyFactory(
        title="協力隊OBが開いた写真スタジオ",
        summary="写真の町で起業した。",
        municipality=town,
        published=True,
        themes=["kyoryokutai"],
    )
    older_date = newer.published_at.replace(year=2020)
    type(older).objects.filter(pk=older.pk).update(published_at=older_date)
    older.refresh_from_db()
    CaseStudyFactory(title="下書きの記事", municipality=town, themes=["kyoryokutai"])
    CaseStudyFactory(
        title="アーカイブ済み",
        municipality=town,
        status=Status.ARCHIVED,
        published_at=older_date,
        themes=["kyoryokutai"],
    )
    CaseStudyFactory(title="観光の事例", municipality=town, published=True, themes=["tourism"])
    CaseStudyFactory(title="よその町の協力隊", published=True, themes=["kyoryokutai"])
    return newer, older


def test_a_municipalitys_published_case_studies_on_a_theme_are_plain_data(stories):
    newer, older = stories
    found = api.case_studies_for_municipality(HIGASHIKAWA, theme="kyoryokutai")
    assert all(dataclasses.is_dataclass(s) and s.__dataclass_params__.frozen for s in found)
    assert found[0] == api.CaseStudySummary(
        id=newer.pk,
        title="協力隊OBが開いた写真スタジオ",
        url=reverse("casebook:case_study_detail", args=[newer.pk]),
        summary="写真の町で起業した。",
        published_at=newer.published_at,
        municipality_code=HIGASHIKAWA,
    )
    assert [s.id for s in found] == [newer.pk, older.pk]  # newest first


def test_without_a_theme_every_published_case_study_and_a_limit(stories):
    titles = {s.title for s in api.case_studies_for_municipality(HIGASHIKAWA)}
    assert titles == {"協力隊OBの農園", "協力隊OBが開いた写真スタジオ", "観光の事例"}
    assert len(api.case_studies_for_municipality(HIGASHIKAWA, limit=1)) == 1


def test_nothing_unpublished_and_nothing_of_another_municipality():
    CaseStudyFactory(municipality=municipality(HIGASHIKAWA), themes=["kyoryokutai"])
    assert api.case_studies_for_municipality(HIGASHIKAWA, theme="kyoryokutai") == []
    assert api.case_studies_for_municipality("999999") == []


def test_the_volunteers_portal_shows_the_stories(client, stories):
    page = client.get(
        reverse("dispatch:kyoryokutai_municipality", args=[HIGASHIKAWA])
    ).content.decode()
    assert "協力隊OBが開いた写真スタジオ" in page and "協力隊OBの農園" in page
    assert reverse("casebook:case_study_detail", args=[stories[0].pk]) in page
    assert "下書きの記事" not in page and "観光の事例" not in page
    assert "よその町の協力隊" not in page
