"""Subscriptions and open data: Atom feeds (all, per theme, per bureau) and the sitemap
parsed back; CSV (UTF-8 with BOM) and JSON exports of the filtered list, with the licence."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.casebook.factories import CaseStudyFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def cases(db):
    return [
        CaseStudyFactory(published=True, title="札幌の観光", themes=["tourism"]),
        CaseStudyFactory(
            published=True,
            title="函館の移住",
            municipality=municipality("012025"),
            themes=["migration"],
            budget_total=1_000_000,
        ),
        CaseStudyFactory(title="下書き"),
    ]


def entries(response) -> list[dict]:
    root = ET.fromstring(response.content)  # noqa: S314 - the portal's own feed
    assert root.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "categories": [c.get("term") for c in entry.findall(f"{ATOM}category")],
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_the_atom_feed_of_all_case_studies(client, cases):
    response = client.get(reverse("casebook:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    rows = entries(response)
    assert {r["title"] for r in rows} == {"札幌の観光", "函館の移住"}
    sapporo = next(r for r in rows if r["title"] == "札幌の観光")
    assert sapporo["link"].endswith(cases[0].get_absolute_url())
    assert sapporo["categories"] == ["観光"]
    assert sapporo["updated"]


def test_feeds_per_theme_and_per_bureau(client, cases):
    theme = entries(client.get(reverse("casebook:feed_theme", args=["migration"])))
    assert [r["title"] for r in theme] == ["函館の移住"]
    bureau = entries(client.get(reverse("casebook:feed_bureau", args=["ishikari"])))
    assert [r["title"] for r in bureau] == ["札幌の観光"]
    assert client.get(reverse("casebook:feed_theme", args=["nothing"])).status_code == 404


def test_feeds_cost_a_fixed_number_of_queries(client, django_assert_num_queries, cases):
    client.get(reverse("casebook:feed"))  # the current Site is cached after its first read
    with django_assert_num_queries(2):
        client.get(reverse("casebook:feed"))
    for _ in range(10):
        CaseStudyFactory(published=True)
    with django_assert_num_queries(2):
        client.get(reverse("casebook:feed"))


def test_the_sitemap_lists_the_public_pages(client, cases):
    sitemap = client.get(reverse("casebook:sitemap")).content
    root = ET.fromstring(sitemap)  # noqa: S314 - the portal's own sitemap
    locations = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert any(loc.endswith(cases[0].get_absolute_url()) for loc in locations)
    assert any(loc.endswith(cases[1].get_absolute_url()) for loc in locations)
    assert not any(loc.endswith(cases[2].get_absolute_url()) for loc in locations)
    assert any(loc.endswith(reverse("casebook:areas")) for loc in locations)
    dated = [u for u in root.findall(f"{SITEMAP}url") if u.findtext(f"{SITEMAP}lastmod")]
    assert len(dated) >= 2


def test_the_sites_sitemap_lists_the_public_case_studies_too(client, cases):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    locations = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert any(loc.endswith(cases[0].get_absolute_url()) for loc in locations)
    assert not any(loc.endswith(cases[2].get_absolute_url()) for loc in locations)
    assert any(loc.endswith(reverse("casebook:issue_list")) for loc in locations)
    assert any(loc.endswith(reverse("portal:accessibility")) for loc in locations)


def test_the_csv_export_has_a_bom_the_columns_and_the_licence(client, cases):
    response = client.get(reverse("casebook:export_csv"), {"theme": "migration"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert 'rel="license"' in response["Link"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == ["函館の移住"]
    row = rows[0]
    assert row["municipality_code"] == "012025"
    assert row["municipality"] == "函館市"
    assert row["themes"] == "移住・定住"
    assert row["budget_total"] == "1000000"
    assert row["fiscal_year_label"] == "令和7年度"
    assert row["licence"].startswith("CC BY 4.0 https://creativecommons.org/licenses/by/4.0/")
    assert row["url"].endswith(cases[1].get_absolute_url())


def test_the_json_export_states_the_licence_and_follows_the_search(client, cases):
    response = client.get(reverse("casebook:export_json"), {"q": "観光"})
    data = json.loads(response.content)
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["licence"]["url"].startswith("https://creativecommons.org/licenses/by/4.0/")
    assert data["count"] == 1
    assert [item["title"] for item in data["items"]] == ["札幌の観光"]
    assert data["source"].endswith("/casebook/cases/?q=%E8%A6%B3%E5%85%89")
    assert set(data["columns"]) <= set(data["items"][0])


def test_the_list_page_states_the_licence_and_links_the_exports(english, cases):
    html = english.get(reverse("casebook:case_study_list"), {"bureau": "oshima"}).content.decode()
    assert 'rel="license"' in html and "CC BY 4.0" in html
    assert f"{reverse('casebook:export_csv')}?bureau=oshima" in html
    assert f"{reverse('casebook:export_json')}?bureau=oshima" in html


def test_exports_cost_a_fixed_number_of_queries(client, django_assert_num_queries, cases):
    """The filter's choices of years, the rows and the themes of all rows (no page asks
    for scheduled publications: the beat task makes them)."""
    url = reverse("casebook:export_csv")
    with django_assert_num_queries(3):
        client.get(url)
    for _ in range(15):
        CaseStudyFactory(published=True, themes=["tourism", "migration"])
    with django_assert_num_queries(3):
        response = client.get(url)
    assert len(list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))) == 17
