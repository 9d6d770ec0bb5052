"""The regional view: figures from fixtures equal hand-computed values; scope; queries."""

import csv
import io

import pytest
from django.urls import reverse

from grants.services import review
from portal import regional
from portal.models import Bureau, Municipality, Region
from tests.factories import ConsultationFactory, UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db
YEAR = 2026


@pytest.fixture
def figures(ishikari_officer, oshima_officer):
    """石狩: 札幌 two applications (one decided 600,000), 江別 one; 渡島: 函館 one."""
    ishikari = CallFactory(fiscal_year=YEAR)
    oshima = CallFactory(fiscal_year=YEAR, bureau=Bureau.objects.get(code="oshima"))
    AllocationFactory(amount=5_000_000)
    AllocationFactory(amount=4_000_000, bureau=Bureau.objects.get(code="oshima"))
    sapporo = UserFactory(sapporo=True)
    ebetsu = UserFactory(ebetsu=True)
    hakodate = UserFactory(hakodate=True)
    from grants.services.applications import application_submit

    apps = [
        ApplicationFactory(call=ishikari, created_by=sapporo),
        ApplicationFactory(call=ishikari, created_by=sapporo),
        ApplicationFactory(
            call=ishikari, created_by=ebetsu, municipality=Municipality.objects.get(code="012173")
        ),
        ApplicationFactory(
            call=oshima, created_by=hakodate, municipality=Municipality.objects.get(code="012025")
        ),
    ]
    for app, staff in zip(apps, [sapporo, sapporo, ebetsu, hakodate], strict=True):
        application_submit(application=app, actor=staff)
    review.application_start_review(application=apps[0], actor=ishikari_officer)
    review.application_approve(application=apps[0], actor=ishikari_officer, amount=600_000)
    ApplicationFactory(call=ishikari, created_by=sapporo)  # a draft: not counted
    ConsultationFactory(asker=sapporo)
    return apps


def _value(figures, key):
    measure = next(m for m in regional.measures(include_hidden=True) if m.key == key)
    return figures.get(measure)


def test_figures_match_hand_computed_values(figures):
    municipalities = Municipality.objects.select_related("bureau")
    table = regional.compute([YEAR], municipalities)
    ishikari = Bureau.objects.get(code="ishikari")
    doo = Region.objects.get(code="doo")
    sapporo = table.for_municipality("011002", YEAR)
    assert _value(sapporo, "grants.applications") == 2
    assert _value(sapporo, "grants.decided") == 1
    assert _value(sapporo, "grants.committed") == 600_000
    assert _value(sapporo, "consultations.asked") == 1
    bureau = table.for_bureau(ishikari.pk, YEAR)
    assert _value(bureau, "grants.applications") == 3
    assert _value(bureau, "grants.allocation") == 5_000_000
    region = table.for_region(doo.pk, YEAR)
    assert _value(region, "grants.applications") == 3  # 渡島 is in 道南
    everything = table.for_all(YEAR)
    assert _value(everything, "grants.applications") == 4
    assert _value(everything, "grants.allocation") == 9_000_000


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("hq_user", "/regions/", 200),
        ("hq_user", "/regions/donan/", 200),
        ("ishikari_officer", "/regions/doo/", 200),
        ("ishikari_officer", "/regions/donan/", 404),
        ("ishikari_officer", "/regions/bureaus/ishikari/", 200),
        ("ishikari_officer", "/regions/bureaus/sorachi/", 404),
        ("ishikari_officer", "/regions/municipalities/011002/", 200),
        ("ishikari_officer", "/regions/municipalities/012025/", 404),
        ("sapporo_staff", "/regions/municipalities/011002/", 200),
        ("sapporo_staff", "/regions/municipalities/012173/", 404),
        ("sapporo_staff", "/regions/bureaus/ishikari/", 404),
        ("sapporo_staff", "/regions/doo/", 404),
        ("advisor", "/regions/", 404),
        ("newcomer", "/regions/municipalities/011002/", 404),
    ],
)
def test_scope_of_the_regional_pages(client, request, who, url, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == status


def test_officers_see_their_region_but_not_other_bureaus_municipalities(
    client, figures, ishikari_officer
):
    client.force_login(ishikari_officer)
    html = client.get("/regions/doo/").content.decode()
    assert "空知総合振興局" in html  # the bureaus' aggregates of the region
    assert "/regions/municipalities/011002/" in html  # own bureau's municipality
    assert "/regions/municipalities/012092/" not in html  # 夕張市 (空知): no detail link


def test_officer_index_goes_to_the_bureau_page(client, ishikari_officer, sapporo_staff):
    client.force_login(ishikari_officer)
    assert client.get("/regions/")["Location"] == "/regions/bureaus/ishikari/"
    client.force_login(sapporo_staff)
    assert client.get("/regions/")["Location"] == "/regions/municipalities/011002/"


def test_bureau_page_has_a_chart_with_a_table_and_figures_link_to_lists(
    client, figures, ishikari_officer
):
    client.force_login(ishikari_officer)
    html = client.get(f"/regions/bureaus/ishikari/?fiscal_year={YEAR}").content.decode()
    assert 'role="img"' in html
    assert "600,000円" in html
    assert f"/grants/dashboard/?fiscal_year={YEAR}&amp;municipality=011002" in html


def test_queries_do_not_grow_with_rows(client, figures, hq_user, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(hq_user)
    url = f"/regions/?fiscal_year={YEAR}"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    call = figures[0].call
    staff = UserFactory(sapporo=True)
    for _ in range(5):
        ApplicationFactory(call=call, created_by=staff)
        ConsultationFactory(asker=staff)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    assert len(few) <= 20


def test_csv_has_a_row_per_municipality_in_scope(client, figures, ishikari_officer, hq_user):
    client.force_login(ishikari_officer)
    response = client.get(reverse("portal:regional_export") + f"?fiscal_year={YEAR}")
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][:5] == ["年度", "連携地域", "振興局", "全国地方公共団体コード", "市町村"]
    assert len(rows) == 1 + 8  # the eight municipalities of 石狩
    sapporo = next(r for r in rows if r[3] == "011002")
    assert "600000" in sapporo
    client.force_login(hq_user)
    response = client.get(reverse("portal:regional_export") + f"?fiscal_year={YEAR}")
    assert len(b"".join(response.streaming_content).decode().splitlines()) == 1 + 179


def test_population_band_and_kind_filters(client, hq_user):
    Municipality.objects.filter(code="011002").update(population=1_960_000)
    client.force_login(hq_user)
    response = client.get(reverse("portal:regional_export") + "?population_band=gte100000")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2 and "札幌市" in lines[1]
    response = client.get(reverse("portal:regional_export") + "?kind=village")
    assert len(b"".join(response.streaming_content).decode().splitlines()) == 1 + 15


# Building the annual report (progress, its text, reuse when nothing changed) is tested with
# its content in tests/portal/test_annual_report_pdf.py: one typesetting of the whole report.


@pytest.mark.parametrize("who", ["ishikari_officer", "sapporo_staff"])
def test_only_hq_generates_the_annual_report(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("portal:annual_report")).status_code == 404
    assert client.post(reverse("portal:annual_report"), {"fiscal_year": YEAR}).status_code == 404
    assert client.get(reverse("portal:annual_report_pdf", args=[YEAR])).status_code == 404
