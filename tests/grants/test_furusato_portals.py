"""ふるさと納税 portal sites (#22): a municipality keeps its portal-site listings and its
donations received (受入額, 件数) per 年度; bureaus record joint campaigns and correct or
import figures in the admin; the regional view sums the figures by bureau and region and
links to the list; everything outside one's scope is 404."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from grants.models import DonationFigure, JointCampaign, PortalSiteListing
from grants.rules.furusato import donation_figure_problem
from grants.services import furusato_portals as services
from portal import regional
from portal.models import Municipality
from tests.factories import bureau

pytestmark = pytest.mark.django_db

SITES = reverse("grants:furusato_sites")
FIGURES = reverse("grants:furusato_figures")
ENTER = reverse("grants:furusato_figure_enter")


def municipality(name):
    return Municipality.objects.get(name=name)


def figure(name="札幌市", year=2025, amount=1_000_000, count=100):
    return DonationFigure.objects.create(
        municipality=municipality(name), fiscal_year=year, amount=amount, count=count
    )


def listing(name="札幌市", **kwargs):
    return PortalSiteListing.objects.create(
        municipality=municipality(name),
        site=kwargs.pop("site", "choice"),
        starts_on=kwargs.pop("starts_on", dt.date(2025, 4, 1)),
        **kwargs,
    )


# --- Rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "count", "ok"),
    [
        (0, 0, True),
        (1, 1, True),  # at the limit: one yen a donation
        (0, 1, False),
        (1, 0, False),
        (99, 100, False),  # below the limit
        (100, 100, True),
        (101, 100, True),  # above
    ],
)
def test_amount_and_count_must_agree(amount, count, ok):
    assert (donation_figure_problem(amount, count) is None) is ok


# --- The municipality's pages -----------------------------------------------------------------


def test_staff_add_edit_and_remove_their_portal_sites(client, sapporo_staff):
    client.force_login(sapporo_staff)
    create = reverse("grants:furusato_listing_create")
    # その他 without its name: the page again, what was typed kept.
    response = client.post(
        create,
        {"site": "other", "other_name": "", "url": "example.jp/furusato", "starts_on": "2025/4/1"},
    )
    assert response.status_code == 400
    assert "other_name" in response.context["form"].errors
    assert response.context["form"]["url"].value() == "example.jp/furusato"
    # The end before the start.
    response = client.post(
        create, {"site": "rakuten", "starts_on": "令和7年4月1日", "ends_on": "2025-03-01"}
    )
    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors
    response = client.post(
        create,
        {
            "site": "other",
            "other_name": "まちのふるさと納税",
            "url": "https://example.jp/furusato",
            "starts_on": "令和7年4月1日",
            "content": "海産物",
        },
    )
    assert response.status_code == 302
    saved = PortalSiteListing.objects.get()
    assert saved.municipality == sapporo_staff.municipality
    assert saved.site_name == "まちのふるさと納税"
    edit = reverse("grants:furusato_listing_edit", args=[saved.pk])
    response = client.post(edit, {"site": "furunavi", "other_name": "x", "starts_on": "2025-04-01"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.site, saved.other_name) == ("furunavi", "")
    client.post(reverse("grants:furusato_listing_delete", args=[saved.pk]))
    assert not PortalSiteListing.objects.exists()


def test_another_municipalitys_listing_is_404(client, ebetsu_staff, ishikari_officer):
    other = listing()
    for user in (ebetsu_staff, ishikari_officer):
        client.force_login(user)
        assert (
            client.get(reverse("grants:furusato_listing_edit", args=[other.pk])).status_code == 404
        )
        delete = reverse("grants:furusato_listing_delete", args=[other.pk])
        assert client.post(delete).status_code == 404
    assert PortalSiteListing.objects.exists()


def test_staff_enter_and_correct_the_figures_of_a_year(client, sapporo_staff):
    client.force_login(sapporo_staff)
    # Amount without donations: a clear message, the input kept.
    response = client.post(ENTER, {"fiscal_year": "2025", "amount": "1,000円", "count": "0"})
    assert response.status_code == 400
    assert "count" in response.context["form"].errors
    assert response.context["form"]["amount"].value() == "1,000円"
    response = client.post(ENTER, {"fiscal_year": "2025", "amount": "１２万円", "count": "3件"})
    assert response.status_code == 302
    saved = DonationFigure.objects.get()
    assert (saved.amount, saved.count, saved.municipality) == (
        120_000,
        3,
        sapporo_staff.municipality,
    )
    # Entering the year again replaces it; the form starts from what is there.
    assert client.get(f"{ENTER}?fiscal_year=2025").context["form"].initial["amount"] == 120_000
    client.post(ENTER, {"fiscal_year": "2025", "amount": "130000", "count": "4"})
    assert DonationFigure.objects.get().amount == 130_000


def test_the_overview_shows_the_municipalitys_sites_campaigns_and_figures(
    client, sapporo_staff, ebetsu_staff
):
    listing(content="カニ")
    listing("江別市", site="satofull")
    campaign = JointCampaign.objects.create(
        name="道央ふるさと納税フェア", starts_on=dt.date(2025, 11, 1), ends_on=dt.date(2025, 11, 30)
    )
    campaign.municipalities.set([municipality("札幌市")])
    figure(amount=5_000_000, count=300)
    client.force_login(sapporo_staff)
    for url in (reverse("grants:furusato_index"), SITES):
        page = client.get(url).content.decode()
        assert "ふるさとチョイス" in page
        assert "さとふる" not in page  # 江別市's
        assert "道央ふるさと納税フェア" in page
        assert "5,000,000" in page
    client.force_login(ebetsu_staff)
    assert "道央ふるさと納税フェア" not in client.get(SITES).content.decode()


@pytest.mark.parametrize("who", ["ishikari_officer", "hq_user", "company"])
def test_the_municipalitys_pages_are_404_for_others(request, client, who):
    if who == "company":
        from tests.factories import UserFactory

        user = UserFactory(role="company")
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    for url in (SITES, ENTER, reverse("grants:furusato_listing_create")):
        assert client.get(url).status_code == 404


# --- The list of figures ----------------------------------------------------------------------


def test_the_list_is_scoped_filtered_and_summed(
    client, sapporo_staff, ishikari_officer, hq_user, django_assert_num_queries
):
    figure("札幌市", amount=3_000_000, count=30)
    figure("江別市", amount=1_000_000, count=10)
    figure("函館市", amount=500_000, count=5)
    figure("札幌市", year=2024, amount=9, count=9)
    client.force_login(hq_user)
    response = client.get(f"{FIGURES}?fiscal_year=2025&region=doo")
    assert response.context["totals"]["amount"] == 4_000_000
    assert response.context["totals"]["count"] == 40
    response = client.get(f"{FIGURES}?fiscal_year=2025&bureau=oshima")
    assert response.context["totals"]["amount"] == 500_000
    response = client.get(f"{FIGURES}?fiscal_year=2025&municipality=011002")
    assert response.context["totals"]["amount"] == 3_000_000
    client.force_login(ishikari_officer)
    response = client.get(f"{FIGURES}?fiscal_year=2025")
    assert {f.municipality.name for f in response.context["page"]} == {"札幌市", "江別市"}
    client.force_login(sapporo_staff)
    response = client.get(FIGURES)
    assert {f.municipality.name for f in response.context["page"]} == {"札幌市"}
    client.force_login(hq_user)
    with django_assert_num_queries(12):
        client.get(f"{FIGURES}?fiscal_year=2025")
    figure("札幌市", year=2023)
    figure("江別市", year=2023)
    with django_assert_num_queries(12):
        client.get(FIGURES)


def test_the_regional_view_sums_the_figures_by_bureau_and_region():
    figure("札幌市", amount=3_000_000, count=30)
    figure("江別市", amount=1_000_000, count=10)
    figure("函館市", amount=500_000, count=5)
    table = regional.compute([2025], Municipality.objects.select_related("bureau"))
    ishikari = table.for_bureau(bureau("ishikari").pk, 2025).values
    assert ishikari["furusato.donations_amount"] == 4_000_000
    assert ishikari["furusato.donations_count"] == 40
    assert table.for_all(2025).values["furusato.donations_amount"] == 4_500_000


def test_the_regional_page_links_the_figures_to_the_list(client, hq_user):
    figure("札幌市")
    client.force_login(hq_user)
    html = client.get("/regions/?fiscal_year=2025").content.decode()
    assert f"{FIGURES}?fiscal_year=2025&amp;region=doo" in html


# --- The admin --------------------------------------------------------------------------------


def test_officers_correct_their_bureaus_figures_only(client, ishikari_officer, oshima_officer):
    sapporo = figure()
    change = reverse("admin:grants_donationfigure_change", args=[sapporo.pk])
    client.force_login(oshima_officer)
    assert client.get(change).status_code == 404
    add = reverse("admin:grants_donationfigure_add")
    response = client.post(
        add, {"municipality": "011002", "fiscal_year": "2024", "amount": "1", "count": "1"}
    )
    assert response.status_code == 200  # 札幌市 is not a choice for 渡島
    assert DonationFigure.objects.count() == 1
    client.force_login(ishikari_officer)
    response = client.post(change, {"amount": "2000000", "count": "0", "note": ""})
    assert response.status_code == 200
    assert "count" in response.context["adminform"].form.errors
    response = client.post(change, {"amount": "2000000", "count": "150", "note": "修正"})
    assert response.status_code == 302
    sapporo.refresh_from_db()
    assert (sapporo.amount, sapporo.count) == (2_000_000, 150)


def test_officers_record_campaigns_of_their_municipalities(client, ishikari_officer):
    client.force_login(ishikari_officer)
    add = reverse("admin:grants_jointcampaign_add")
    data = {
        "name": "石狩ふるさと納税キャンペーン",
        "site": "rakuten",
        "starts_on": "2025-11-01",
        "ends_on": "2025-11-30",
        "content": "特集ページ",
    }
    response = client.post(add, {**data, "municipalities": ["011002", "012025"]})
    assert response.status_code == 200  # 函館市 (渡島) is not a choice
    assert not JointCampaign.objects.exists()
    response = client.post(add, {**data, "municipalities": ["011002", "012173"]})
    assert response.status_code == 302
    campaign = JointCampaign.objects.get()
    assert campaign.bureau == bureau("ishikari")
    assert set(campaign.municipalities.values_list("name", flat=True)) == {"札幌市", "江別市"}


def test_listings_are_read_in_the_admin_by_the_bureau_only(
    client, ishikari_officer, oshima_officer
):
    sapporo = listing()
    change = reverse("admin:grants_portalsitelisting_change", args=[sapporo.pk])
    client.force_login(oshima_officer)
    assert client.get(change).status_code == 404
    client.force_login(ishikari_officer)
    assert client.get(change).status_code == 200


# --- The .xlsx import -------------------------------------------------------------------------


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


IMPORT = reverse("admin:grants_donationfigure_excel_import")
PREVIEW = reverse("admin:grants_donationfigure_excel_preview")
HEADERS = ["市町村", "年度", "受入額", "件数"]


def _upload(client, content):
    return client.post(IMPORT, {"file": SimpleUploadedFile("s.xlsx", content)}, follow=True)


def test_an_officer_imports_the_figures_of_the_bureau_all_or_nothing(client, ishikari_officer):
    client.force_login(ishikari_officer)
    content = _xlsx(
        [
            HEADERS,
            ["札幌市", "令和7年度", "1,234,567,000円", "45,678"],
            ["函館市", 2025, 1000, 10],  # another bureau's
            ["江別市", "R7", 100, 0],  # an amount without donations
        ]
    )
    response = _upload(client, content)
    rows = response.context["preview"].rows
    assert rows[0].errors == []
    assert rows[1].errors and rows[2].errors
    assert not response.context["preview"].ok
    client.post(PREVIEW, {"token": response.context["token"]}, follow=True)
    assert not DonationFigure.objects.exists()
    figure("江別市", amount=1, count=1)
    content = _xlsx(
        [HEADERS, ["札幌市", "令和7年度", "1,234,567,000円", "45,678"], ["012173", 2025, 900, 9]]
    )
    response = _upload(client, content)
    assert response.context["preview"].ok
    client.post(PREVIEW, {"token": response.context["token"]}, follow=True)
    saved = dict(DonationFigure.objects.values_list("municipality__name", "amount"))
    assert saved == {"札幌市": 1_234_567_000, "江別市": 900}


def test_the_import_template_imports_as_it_is(client, hq_user):
    client.force_login(hq_user)
    template = client.get(reverse("admin:grants_donationfigure_excel_template")).content
    response = _upload(client, template)
    assert response.context["preview"].ok, [r.errors for r in response.context["preview"].rows]


def test_the_service_refuses_figures_outside_the_actors_scope(ebetsu_staff):
    with pytest.raises(services.PermissionDenied):
        services.donation_figure_set(
            actor=ebetsu_staff,
            municipality=municipality("札幌市"),
            fiscal_year=2025,
            amount=1,
            count=1,
        )


def test_the_municipalitys_regional_page_lists_its_portal_sites(
    client, sapporo_staff, ishikari_officer
):
    sapporo = listing()
    page = "/regions/municipalities/011002/?fiscal_year=2025"
    client.force_login(ishikari_officer)
    html = client.get(page).content.decode()
    assert reverse("admin:grants_portalsitelisting_change", args=[sapporo.pk]) in html
    client.force_login(sapporo_staff)
    assert SITES in client.get(page).content.decode()
