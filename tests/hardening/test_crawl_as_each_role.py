"""The portal crawled as each role over the demo data, once, for two checks:

- every page it reaches reads as Japanese, with no internal code or framework default
  (the rules are in tests/hardening/test_no_leaks.py);
- every form it finds, posted with hostile input by hypothesis, never answers with a 5xx,
  and a form that fails validation shows back what was typed.

A page or form added by any pillar is covered without listing it here. The crawl is the
costly part (hundreds of pages per role): both checks read the same one, made by whichever
runs first for the role, over the same demo (each test's writes are rolled back).
"""

import html
import io
import unicodedata
from dataclasses import dataclass

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
from tests.hardening.leaks import leaks

pytestmark = [
    pytest.mark.django_db,
    # Parallel runs (make test): the roles share one worker, so the demo loads once and each
    # role is crawled once.
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
# Officers and HQ work in the admin too: the crawl starts there as well, and reads as many
# pages again.
ADMIN_STARTS = ["/admin/"]
OFFICE_EMAILS = {"ishikari-officer@demo.example.jp", "hq@demo.example.jp"}
# Pages read per role: the portal's, and as many of the admin's for an office.
PAGES, ADMIN_PAGES = 250, 200


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
            _crawled.clear()
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


@dataclass
class Crawled:
    statuses: dict
    forms: list  # the POST forms found
    leaks: dict  # url → what it shows that it should not


_crawled: dict = {}  # email → Crawled, for the demo of this module


def _crawl_as(client, email, role) -> Crawled:
    """Sign the client in as ``email`` (anonymous for None) and crawl, once per role."""
    if email:
        user = User.objects.get(email=email)
        assert user.role == role, "the demo account no longer has the role it stands for"
        client.force_login(user)
    if email not in _crawled:
        found: dict[str, list[str]] = {}

        def check(url, page):
            problems = leaks(page)
            if problems:
                found[url] = problems

        office = email in OFFICE_EMAILS
        statuses, forms = crawl(
            client,
            STARTS + (ADMIN_STARTS if office else []),
            limit=PAGES + (ADMIN_PAGES if office else 0),
            on_page=check,
        )
        _crawled[email] = Crawled(statuses, forms, found)
    return _crawled[email]


ROLE_IDS = [email or "anonymous" for email, _ in ROLES]


@pytest.mark.parametrize(("email", "role"), ROLES, ids=ROLE_IDS)
def test_no_page_shows_internal_codes_or_english(client, demo, email, role):
    crawled = _crawl_as(client, email, role)
    assert len(crawled.statuses) > 20
    assert crawled.leaks == {}, "\n".join(
        f"{url}: {problems[:6]}" for url, problems in crawled.leaks.items()
    )


@pytest.mark.parametrize(("email", "role"), ROLES, ids=ROLE_IDS)
def test_every_form_survives_hostile_input(client, demo, email, role):
    forms = _crawl_as(client, email, role).forms
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
