"""Every form of the portal, posted with hostile input by hypothesis: never a 5xx, and a
form that fails validation shows back what was typed.

The forms are found by crawling the portal as each role over the demo data, so a form
added by any pillar is covered without listing it here.
"""

import html
import io
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import Role, User
from tests.factories import UserFactory, municipality
from tests.hardening.crawl import crawl

pytestmark = [
    pytest.mark.django_db,
    # Parallel runs (make test): the roles share one worker, so the demo loads once.
    pytest.mark.xdist_group("demo_crawl"),
]

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

# One account of every role (email, role), from the demo data; None is anonymous.
ROLES = [
    ("sapporo@demo.example.jp", Role.MUNICIPAL),
    # 札幌市's organisation administrator (#20): the organisation page's forms.
    ("sapporo-admin@demo.example.jp", Role.MUNICIPAL),
    ("ishikari-officer@demo.example.jp", Role.BUREAU),
    ("hq@demo.example.jp", Role.HQ),
    ("newcomer@demo.example.jp", Role.NONE),
    ("company@demo.example.jp", Role.COMPANY),  # 企業, approved
    ("cooperative@demo.example.jp", Role.COOPERATIVE),  # certified cooperative
    ("cooperative-new@demo.example.jp", Role.COOPERATIVE),  # cooperative still applying
    ("advisor@demo.example.jp", Role.ADVISOR),
    ("member@demo.example.jp", Role.MEMBER),  # 協力隊員 of 函館市
    ("group@demo.example.jp", Role.GROUP),  # 団体: not in the demo, made below
    (None, None),
]
STARTS = [
    "/",
    "/mypage/",
    "/grants/",
    "/grants/calls/",
    "/grants/applications/",
    "/dispatch/",
    "/dispatch/kyoryokutai/me/",
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


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for all roles (it takes seconds).

    It is loaded inside a transaction of this module; each test's own transaction nests in
    it as a savepoint that is rolled back, so every role starts from the same fresh demo,
    and rolling the module's transaction back leaves an empty database to the next module.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=io.StringIO())
            _group_with_a_draft()
            yield
        finally:
            transaction.set_rollback(True)


def _group_with_a_draft():
    """The demo has no 団体 account: one is made directly, as user_set_role cannot give the
    group role yet (it clears the municipality a group must have), with a draft application
    so that the crawl reaches the group's own task list."""
    from grants.models import ApplicantKind, Call
    from grants.services.applications import application_create

    group = UserFactory(
        email="group@demo.example.jp",
        name="札幌まちづくりNPO",
        role=Role.GROUP,
        municipality=municipality("011002"),
    )
    kind = ApplicantKind.objects.get(code="group")
    for call in Call.objects.order_by("pk"):
        try:
            application_create(
                call=call, actor=group, applicant_kind=kind, applicant_name=group.name
            )
        except (PermissionDenied, ValidationError):
            continue
        return
    pytest.fail("no open call of the demo takes applications from a group")


@pytest.mark.parametrize(("email", "role"), ROLES, ids=[email or "anonymous" for email, _ in ROLES])
def test_every_form_survives_hostile_input(client, demo, email, role):
    if email:
        user = User.objects.get(email=email)
        assert user.role == role, "the demo account no longer has the role it stands for"
        client.force_login(user)
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
