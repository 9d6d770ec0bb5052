import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/municipalities/", "/admin/login/"])
def test_pages_send_the_security_headers(client, url):
    response = client.get(url, secure=True)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_and_csrf_cookies_are_protected(client, settings, sapporo_staff):
    from django.conf import settings as conf

    assert conf.SESSION_COOKIE_HTTPONLY is True
    assert conf.SESSION_COOKIE_SAMESITE == "Lax"
    settings.SESSION_COOKIE_SECURE = True
    response = client.post(
        "/accounts/login/",
        {"login": sapporo_staff.email, "password": "correct-horse-battery"},
        secure=True,
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"


def test_no_page_contains_inline_script(client):
    import re

    for url in ["/", "/accounts/login/", "/accounts/signup/", "/municipalities/011002/"]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script on {url}: {tag}"
