"""The public list of grant decisions (交付決定一覧): decided applications only, with the
fields HQ publishes, as a page (filters, pages, pinned queries), CSV and JSON under the
open-data licence; HQ alone chooses the fields in the admin."""

import csv
import io
import itertools
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import DecisionPublication
from grants.services import review
from portal.exports import OPEN_DATA_LICENCE
from portal.models import Bureau, Municipality
from tests.grants.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

LIST = "/grants/decisions/"
CSV = "/grants/decisions/export.csv"
JSON = "/grants/decisions/export.json"


_numbers = itertools.count(100)


def decided(title, *, status="approved", amount=500_000, **kwargs):
    return ApplicationFactory(
        title=title,
        status=status,
        approved_amount=amount,
        requested_amount=amount,
        decided_at=timezone.now(),
        reference=kwargs.pop("reference", f"R8-石狩-{next(_numbers):04d}"),
        **kwargs,
    )


@pytest.fixture
def decisions(db):
    oshima = CallFactory(bureau=Bureau.objects.get(code="oshima"), fiscal_year=2025)
    return [
        decided("札幌 決定事業", reference="R8-石狩-0001"),
        decided("札幌 支払済事業", status="paid", amount=300_000),
        decided(
            "函館 決定事業",
            call=oshima,
            municipality=Municipality.objects.get(code="012025"),
            amount=1_000_000,
        ),
        decided('=HYPERLINK("http://x")', amount=200_000),
    ]


@pytest.fixture
def undecided(db):
    ApplicationFactory(title="下書きの事業")
    ApplicationFactory(title="審査中の事業", status="under_review")
    ApplicationFactory(title="不交付の事業", status="rejected")
    ApplicationFactory(title="取下げの事業", status="withdrawn")


def rows_of_csv(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_page_lists_decided_grants_only(
    client, decisions, undecided, django_assert_num_queries
):
    # settings, years, count, total, rows (the filter's municipality choices are rendered
    # from one more query: the bureaus and municipalities)
    with django_assert_num_queries(7):
        response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    for shown in ("札幌 決定事業", "札幌 支払済事業", "函館 決定事業", "500,000円", "1,000,000円"):
        assert shown in html
    for hidden in ("下書きの事業", "審査中の事業", "不交付の事業", "取下げの事業", "R8-石狩-0001"):
        assert hidden not in html
    assert 'role="status"' in html
    assert "2,000,000円" in html  # the total of the four decisions


def test_the_page_query_count_does_not_grow(client, decisions, django_assert_num_queries):
    for n in range(10):
        decided(f"追加{n}の事業")
    with django_assert_num_queries(7):
        client.get(LIST)


def test_filters_by_year_bureau_and_municipality(client, decisions):
    def titles(**params):
        return client.get(LIST, params).content.decode()

    html = titles(fiscal_year="2025")
    assert "函館 決定事業" in html and "札幌 決定事業" not in html
    html = titles(bureau="ishikari")
    assert "札幌 決定事業" in html and "函館 決定事業" not in html
    html = titles(municipality="012025")
    assert "函館 決定事業" in html and "札幌 支払済事業" not in html


def test_bad_filters_are_not_an_error(client, decisions):
    for params in ({"fiscal_year": "abc"}, {"bureau": "nowhere"}, {"page": "999"}):
        assert client.get(LIST, params).status_code == 200


def test_pages_of_fifty(client, db):
    for n in range(51):
        decided(f"事業{n:02d}")
    first = client.get(LIST).content.decode()
    assert 'rel="next"' in first
    second = client.get(LIST, {"page": "2"}).content.decode()
    assert second.count("<tr>") == 2  # header and one row


def test_csv_has_the_public_columns_the_licence_and_safe_cells(client, decisions, undecided):
    response = client.get(CSV, {"bureau": "ishikari"})
    assert response["Content-Type"].startswith("text/csv")
    assert OPEN_DATA_LICENCE["url"] in response["Link"]
    rows = rows_of_csv(response)
    assert {row["title"] for row in rows} == {
        "札幌 決定事業",
        "札幌 支払済事業",
        '\'=HYPERLINK("http://x")',
    }
    row = next(r for r in rows if r["title"] == "札幌 決定事業")
    assert row["municipality"] == "札幌市" and row["amount"] == "500000"
    assert row["fiscal_year"] == "2026" and row["fiscal_year_label"] == "令和8年度"
    assert row["licence"] == f"CC BY 4.0 {OPEN_DATA_LICENCE['url']}"
    assert "reference" not in row


def test_json_has_the_licence_and_the_same_rows(client, decisions, undecided):
    response = client.get(JSON)
    payload = json.loads(response.content)
    assert payload["licence"] == OPEN_DATA_LICENCE
    assert payload["count"] == 4
    assert "reference" not in payload["columns"]
    assert {item["title"] for item in payload["items"]} >= {"札幌 決定事業", "函館 決定事業"}
    item = next(i for i in payload["items"] if i["title"] == "函館 決定事業")
    assert item["amount"] == 1_000_000 and item["municipality_code"] == "012025"
    assert item["decided_on"] == timezone.localdate().isoformat()


def test_hq_hiding_a_field_hides_it_from_page_csv_and_json(
    client, hq_user, decisions, django_capture_on_commit_callbacks
):
    assert "札幌 決定事業" in client.get(LIST).content.decode()  # cached now
    admin = client
    admin.force_login(hq_user)
    response = admin.get(reverse("admin:grants_decisionpublication_changelist"))
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:grants_decisionpublication_add"),
            {"show_programme": "on", "show_bureau": "on", "show_reference": "on"},
        )
    assert response.status_code == 302
    settings = DecisionPublication.objects.get()
    assert not settings.show_title and not settings.show_decided_on and settings.show_reference
    admin.logout()
    html = client.get(LIST).content.decode()
    assert "札幌 決定事業" not in html and "R8-石狩-0001" in html
    assert "500,000円" in html and "札幌市" in html  # always public
    rows = rows_of_csv(client.get(CSV))
    assert "title" not in rows[0] and "decided_on" not in rows[0]
    assert rows[0]["reference"]
    payload = json.loads(client.get(JSON).content)
    assert "title" not in payload["columns"]
    assert all("title" not in item for item in payload["items"])
    municipality_page = client.get("/municipalities/011002/").content.decode()
    assert "札幌 決定事業" not in municipality_page and "500,000円" in municipality_page


@pytest.mark.parametrize("who", ["ishikari_officer", "sapporo_staff"])
def test_no_one_but_hq_may_change_the_fields(client, request, who):
    DecisionPublication.objects.create(pk=1)
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("admin:grants_decisionpublication_changelist"),
        reverse("admin:grants_decisionpublication_change", args=[1]),
    ):
        assert client.get(url).status_code in (302, 403, 404)
    response = client.post(
        reverse("admin:grants_decisionpublication_change", args=[1]), {"show_reference": "on"}
    )
    assert response.status_code in (302, 403, 404)
    assert not DecisionPublication.objects.get().show_reference


def test_the_admin_index_does_not_offer_it_to_officers(client, ishikari_officer, hq_user):
    client.force_login(ishikari_officer)
    assert "decisionpublication" not in client.get(reverse("admin:index")).content.decode()
    client.force_login(hq_user)
    assert "decisionpublication" in client.get(reverse("admin:index")).content.decode()


def test_a_decision_shows_on_the_cached_list_at_once(
    client, sapporo_staff, ishikari_officer, django_capture_on_commit_callbacks
):
    from grants.services import applications
    from tests.grants.factories import AllocationFactory

    AllocationFactory()
    draft = ApplicationFactory(created_by=sapporo_staff, title="これから決定する事業")
    with django_capture_on_commit_callbacks(execute=True):
        submitted = applications.application_submit(application=draft, actor=sapporo_staff)
    assert "これから決定する事業" not in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        review.application_start_review(application=submitted, actor=ishikari_officer)
        review.application_approve(application=submitted, actor=ishikari_officer, amount=600_000)
    html = client.get(LIST).content.decode()
    assert "これから決定する事業" in html and "600,000円" in html
