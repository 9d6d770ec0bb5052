"""Every form of the portal, posted with hostile input by hypothesis: never a 5xx, and a
form that fails validation shows back what was typed.

The forms are found by crawling the portal as each role over the demo data, so a form
added by any pillar is covered without listing it here.
"""

import html
import io
import unicodedata

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import User
from tests.hardening.crawl import crawl

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "x" * 5000,
    "\x00null\x00",
    "\x07\x1b[31m制御文字",
    "😀🏔️👨‍👩‍👧",
    "１２３４５６",
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "2025-13-45",
    "0000-00-00",
    "令和99年99月99日",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE portal_user; --",
    "１，０００，０００円",
    "../../etc/passwd",
    "%00%0d%0a",
]

ROLES = [
    "sapporo@demo.example.jp",
    "ishikari-officer@demo.example.jp",
    "hq@demo.example.jp",
    "newcomer@demo.example.jp",
    None,  # anonymous
]
STARTS = [
    "/",
    "/mypage/",
    "/grants/",
    "/grants/calls/",
    "/grants/applications/",
    "/dispatch/",
    "/casebook/",
    "/consultations/",
    "/consultations/new/",
    "/municipalities/",
    "/regions/",
    "/notifications/",
]


def _value_strategy(field):
    if field.kind == "select" or field.kind == "radio":
        return st.sampled_from([*field.options, "999999999", "not-a-choice", ""])
    if field.kind == "checkbox":
        return st.sampled_from(["on", ""])
    if field.kind == "file":
        return st.sampled_from([None, b"", b"MZ\x90\x00not a pdf", b"%PDF-1.4\n%%EOF\n"])
    return st.one_of(st.sampled_from(NASTY), st.text(max_size=40))


def _echoed(value: str, page: str) -> bool:
    """What was typed is on the page again (escaped; numbers may come back normalised)."""
    if not value.strip() or "\x00" in value or len(value) > 1000:
        return True
    candidates = {value, value.strip(), unicodedata.normalize("NFKC", value).strip()}
    return any(
        html.escape(c, quote=True) in page or html.escape(c, quote=False) in page
        for c in candidates
    )


@pytest.mark.parametrize("email", ROLES)
def test_every_form_survives_hostile_input(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    if email:
        client.force_login(User.objects.get(email=email))
    _statuses, forms = crawl(client, STARTS, limit=250)
    assert forms, "the crawl found no form"
    failures = []
    for form in forms:
        _fuzz(client, form, failures)()
    assert failures == [], failures[:10]


def _fuzz(client, form, failures):
    """A hypothesis test that posts generated values to one form."""

    @settings(max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def post(data):
        payload = {}
        files = {}
        for name, field in form.fields.items():
            if "__prefix__" in name:  # the admin's template row for new inlines
                continue
            if field.kind == "hidden":
                payload[name] = field.value
                continue
            value = data.draw(_value_strategy(field), label=name)
            if field.kind == "file":
                if value is not None:
                    from django.core.files.uploadedfile import SimpleUploadedFile

                    files[name] = SimpleUploadedFile("evil.pdf", value)
                continue
            payload[name] = value
        response = client.post(form.action, {**payload, **files})
        assert response.status_code < 500, (form.action, payload)
        page = response.content.decode("utf-8", "replace")
        if response.status_code == 200 and ("error-summary" in page or "errorlist" in page):
            for name, value in payload.items():
                field = form.fields[name]
                if field.kind in (
                    "text",
                    "textarea",
                    "email",
                    "tel",
                    "url",
                    "search",
                    "number",
                    "date",
                ) and not _echoed(value, page):
                    failures.append((form.action, name, value[:60]))

    return post
