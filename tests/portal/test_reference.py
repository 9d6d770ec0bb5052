import csv
from pathlib import Path

import pytest
from django.urls import reverse

from portal.models import Bureau, Municipality, Region
from portal.models.reference import check_digit

pytestmark = pytest.mark.django_db


def test_reference_data_is_loaded_by_migration():
    assert Region.objects.count() == 6
    assert Bureau.objects.count() == 14
    assert Bureau.objects.filter(kind="総合振興局").count() == 9
    assert Bureau.objects.filter(kind="振興局").count() == 5
    assert Municipality.objects.count() == 179
    assert Municipality.objects.filter(kind="city").count() == 35
    assert Municipality.objects.filter(kind="town").count() == 129
    assert Municipality.objects.filter(kind="village").count() == 15


@pytest.mark.parametrize(
    ("code", "name", "bureau", "region"),
    [
        ("011002", "札幌市", "石狩振興局", "道央広域連携地域"),
        ("012025", "函館市", "渡島総合振興局", "道南連携地域"),
        ("012068", "釧路市", "釧路総合振興局", "釧路・根室連携地域"),
        ("014729", "幌加内町", "上川総合振興局", "道北連携地域"),
        ("014036", "泊村", "後志総合振興局", "道央広域連携地域"),
    ],
)
def test_sample_municipalities_have_their_code_bureau_and_region(code, name, bureau, region):
    municipality = Municipality.objects.select_related("bureau__region").get(code=code)
    assert municipality.name == name
    assert municipality.bureau.name == bureau
    assert municipality.bureau.region.name == region


def test_every_code_has_a_valid_check_digit():
    for code in Municipality.objects.values_list("code", flat=True):
        assert check_digit(code[:5]) == code[5], code


def test_bureau_counts_and_seats_match_the_source():
    counts = {b.name: b.municipalities.count() for b in Bureau.objects.all()}
    assert counts["石狩振興局"] == 8
    assert counts["空知総合振興局"] == 24
    assert counts["根室振興局"] == 5
    assert Bureau.objects.get(code="hidaka").seat.name == "浦河町"
    assert sum(counts.values()) == 179


def test_project_copy_of_the_data_is_used():
    data = Path(__file__).resolve().parents[2] / "portal" / "data" / "hokkaido_municipalities.csv"
    with open(data, encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 179


def test_public_municipality_list_groups_by_bureau(client, django_assert_max_num_queries):
    # The bureaus, their municipalities, the count.
    with django_assert_max_num_queries(3):
        response = client.get(reverse("portal:municipality_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "石狩振興局" in html
    assert "新篠津村" in html
    assert html.count('href="/municipalities/0') == 179


def test_unknown_municipality_is_a_japanese_404(client):
    response = client.get("/municipalities/019999/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_reference_data_is_read_only_in_the_admin(client, ishikari_officer, hq_user):
    client.force_login(ishikari_officer)
    url = reverse("admin:portal_municipality_change", args=["011002"])
    response = client.get(url)
    assert response.status_code == 200
    # Officers can read but not change; the name cannot be edited by anyone.
    response = client.post(url, {"name": "改名市"})
    assert response.status_code == 403
    client.force_login(hq_user)
    client.post(url, {"mayor_name": "札幌 市長", "name": "改名市"})
    municipality = Municipality.objects.get(code="011002")
    assert municipality.name == "札幌市"
    assert municipality.mayor_name == "札幌 市長"


def test_reference_data_cannot_be_added_in_the_admin(client, hq_user):
    client.force_login(hq_user)
    for model in ("municipality", "bureau", "region"):
        assert client.get(f"/admin/portal/{model}/add/").status_code == 403
        assert client.post(f"/admin/portal/{model}/add/", {"mayor_name": "x"}).status_code == 403
    assert Municipality.objects.count() == 179


def test_malformed_admin_action_posts_are_refused_not_500(client, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.post(
        "/admin/portal/accessrequest/", {"action": "approve_selected", "_selected_action": "on"}
    )
    assert response.status_code == 302
