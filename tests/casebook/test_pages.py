"""The landing page, the "by area" view, my-page items and the demo data."""

import re

import pytest
from django.urls import reverse

from casebook.models import Status
from casebook.todos.case_studies import casebook_todos
from tests.casebook.factories import CaseStudyFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def test_the_landing_page_links_every_part(english):
    html = english.get(reverse("casebook:index")).content.decode()
    for name in ("case_study_list", "areas", "issue_list", "feed"):
        assert reverse(f"casebook:{name}") in html


def test_by_area_counts_the_six_regions_and_fourteen_bureaus(english, django_assert_num_queries):
    CaseStudyFactory(published=True)
    CaseStudyFactory(published=True, municipality=municipality("012173"))
    CaseStudyFactory(published=True, municipality=municipality("012025"))
    CaseStudyFactory()  # a draft is not counted
    response = english.get(reverse("casebook:areas"))
    html = response.content.decode()
    assert len(response.context["regions"]) == 6
    assert sum(len(r.bureau_rows) for r in response.context["regions"]) == 14
    assert f"{reverse('casebook:case_study_list')}?bureau=ishikari" in html
    ishikari = re.search(
        r"bureau=ishikari\">[^<]+</a>\s*</th>\s*<td class=\"num\"[^>]*>(\d+)</td>", html
    )
    assert ishikari.group(1) == "2"
    assert html.count("<caption>") == 6
    assert "3 published case studies" in html


def test_by_area_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    """No page asks for scheduled publications (the beat task makes them)."""
    from django.core.cache import cache

    from portal import pagecache

    with django_assert_num_queries(3):
        client.get(reverse("casebook:areas"))
    for _ in range(5):
        CaseStudyFactory(published=True)
    cache.clear()
    pagecache.reset_local()
    with django_assert_num_queries(3):
        client.get(reverse("casebook:areas"))


def test_my_page_lists_proposals_for_officers_and_reviews_for_editors(
    ishikari_officer, oshima_officer, editor, sapporo_staff
):
    proposal = CaseStudyFactory(origin="proposal", title="札幌からの提案")
    draft = CaseStudyFactory(origin="bureau", title="振興局の下書き")
    CaseStudyFactory(status=Status.REVIEW, title="確認待ち")
    officer_items = casebook_todos(ishikari_officer)
    assert len(officer_items) == 2 and "札幌からの提案" in officer_items[0].title
    assert "振興局の下書き" in officer_items[1].title
    assert officer_items[1].url.endswith(f"/casebook/casestudy/{draft.pk}/change/")
    assert casebook_todos(oshima_officer) == []
    assert any("確認待ち" in t.title for t in casebook_todos(editor))
    assert casebook_todos(sapporo_staff) == []
    assert officer_items[0].url.endswith(f"/casebook/casestudy/{proposal.pk}/change/")
