import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_explains_the_three_pillars_in_japanese(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    # The pillars' headings; the navigation names each section in full (test_public_hub).
    for word in ("資金", "人的支援", "情報"):
        assert word in html
    for url in ("/grants/", "/dispatch/", "/casebook/"):
        assert f'href="{url}"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/about/",
        "/accessibility/",
        "/grants/",
        "/dispatch/",
        "/casebook/",
        "/municipalities/011002/",
        "/events/",
        "/sitemap/",
        "/grants/decisions/",
    ],
)
def test_public_pages_render(client, url):
    assert client.get(url).status_code == 200


def test_accessibility_policy_states_the_target(client):
    html = client.get("/accessibility/").content.decode()
    assert "JIS X 8341-3:2016" in html
    assert "AA" in html


def test_language_switch_offers_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Hokkaido Municipal Strategy Support Portal" in html
    assert "日本語" in html
    html = client.get("/municipalities/011002/").content.decode()
    assert "Sapporo City" in html


def test_404_page_is_japanese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_500_page_is_japanese_and_needs_no_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "システムエラー" in html


def test_healthz_reports_each_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["database"] == "ok"
    assert data["cache"] == "ok"
    assert data["broker"] in {"ok", "eager"}


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_sitemap_lists_municipalities(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.content.decode().count("/municipalities/0") == 179


def test_forms_accept_full_width_digits():
    from portal.forms import PortalForm, YenField

    class AmountForm(PortalForm):
        amount = YenField(label="金額")

    form = AmountForm(data={"amount": "１，２３４，５６７円"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 1234567
    form = AmountForm(data={"amount": "-5"})
    assert not form.is_valid()


def test_japanese_is_shown_whatever_the_browser_asks_for(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ja">' in html
