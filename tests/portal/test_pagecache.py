"""Anonymous public pages are answered from the page cache before the session, the user and
the messages are looked at; everything a visitor notices stays as on a rendered page (their
own header when signed in, their message, their language, their CSRF token, the security
headers), and a change shows at once. The web workers are preloaded and not recycled."""

import os
import re
import runpy
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client
from django.urls import reverse

from casebook.models import Status
from casebook.models.choices import IssueStatus
from casebook.services import case_studies as case_study_services
from portal import pagecache
from portal.models import Municipality
from portal.pagecache import middleware, store, views
from tests.casebook.factories import CaseStudyFactory, JournalIssueFactory
from tests.grants.factories import CallFactory

ROOT = Path(__file__).resolve().parents[2]
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "Strict-Transport-Security",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]


def csrf_value(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture
def public_urls(db):
    case_study = CaseStudyFactory(published=True, title="公開中の事例")
    JournalIssueFactory(number=7, status=IssueStatus.PUBLISHED)
    call = CallFactory(title="石狩の募集")
    return {
        "home": reverse("portal:home"),
        "municipalities": reverse("portal:municipality_list"),
        "municipality": reverse("portal:municipality_detail", args=["011002"]),
        "calls": reverse("grants:call_list"),
        "call": reverse("grants:call_detail", args=[call.pk]),
        "case studies": reverse("casebook:case_study_list"),
        "case study": case_study.get_absolute_url(),
        "journal": reverse("casebook:issue_list"),
        "issue": reverse("casebook:issue_detail", args=[7]),
    }


@pytest.fixture
def editor_user(db):
    from casebook.models import Editor
    from tests.factories import UserFactory

    user = UserFactory(hq=True, name="編集 花子")
    Editor.objects.create(user=user)
    return user


@pytest.fixture
def session_untouched(monkeypatch):
    reached = []
    original = SessionMiddleware.process_request

    def process_request(self, request):
        reached.append(request.path)
        return original(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", process_request)
    return reached


# --- A hit skips the session, the user and the messages ------------------------------------


def test_a_second_anonymous_visit_is_answered_without_session_or_query(
    client, public_urls, session_untouched, django_assert_num_queries
):
    for name, url in public_urls.items():
        first = client.get(url)
        assert first.status_code == 200, name
        session_untouched.clear()
        with django_assert_num_queries(0):
            again = Client().get(url)
        assert again.status_code == 200, name
        assert "ETag" in again, name  # from the cache
        assert '<html lang="ja">' in again.content.decode(), name
        assert session_untouched == [], f"{name}: the session middleware ran on a hit"


def test_hits_are_counted_in_one_log_line_a_minute_not_one_each(
    client, public_urls, caplog, monkeypatch
):
    """Writing the request line cost a fifth of a hit; nginx logs every request anyway."""
    monkeypatch.setitem(middleware._hits, "count", 0)
    # The minute starts now, not when the module was imported (a slow run passes a minute).
    monkeypatch.setitem(middleware._hits, "since", time.monotonic())
    with caplog.at_level("INFO", logger="portal.requests"):
        client.get(public_urls["home"])  # rendered: its own line
        [rendered] = [r for r in caplog.records if r.name == "portal.requests"]
        assert rendered.http["path"] == "/"
        assert rendered.http["status"] == 200
        caplog.clear()
        Client().get(public_urls["home"])
        Client().get(public_urls["home"])
        assert [r for r in caplog.records if r.name == "portal.requests"] == []
        monkeypatch.setattr(middleware, "HIT_LOG_SECONDS", 0)
        Client().get(public_urls["home"])
    [summary] = [r for r in caplog.records if r.name == "portal.requests"]
    assert summary.getMessage() == "page cache"
    assert summary.http["cache_hits"] == 3


def test_a_signed_in_person_never_gets_a_cached_page(client, public_urls, sapporo_staff):
    Client().get(public_urls["home"])
    Client().get(public_urls["home"])  # in the cache
    client.force_login(sapporo_staff)
    response = client.get(public_urls["home"])
    assert "ETag" not in response
    html = response.content.decode()
    assert "マイページ" in html  # their own header
    assert "data-session-seconds" in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_pending_message_is_shown_to_its_visitor_only(client, rf, public_urls):
    Client().get(public_urls["home"])
    Client().get(public_urls["home"])  # in the cache
    message = Message(constants.SUCCESS, "お問い合わせを受け付けました。")
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode([message])
    response = client.get(public_urls["home"])
    assert "お問い合わせを受け付けました。" in response.content.decode()
    assert "ETag" not in response
    assert (
        "お問い合わせを受け付けました。" not in Client().get(public_urls["home"]).content.decode()
    )


def test_each_language_has_its_own_entry(public_urls, django_assert_num_queries):
    url = public_urls["municipalities"]
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "振興局別の市町村" in Client().get(url).content.decode()
    assert "Municipalities by bureau" in english.get(url).content.decode()
    with django_assert_num_queries(0):
        japanese_hit = Client().get(url)
        english_hit = english.get(url)
    assert "振興局別の市町村" in japanese_hit.content.decode()
    assert "Municipalities by bureau" in english_hit.content.decode()
    assert '<html lang="en">' in english_hit.content.decode()
    assert english_hit["Content-Language"] == "en"
    assert japanese_hit["Content-Language"] == "ja"


# --- Headers, cookies and the CSRF token on a hit -----------------------------------------


@pytest.mark.parametrize("secure", [True, False])
def test_a_hit_carries_the_same_headers_as_a_rendered_page(public_urls, secure):
    for name, url in public_urls.items():
        rendered = Client().get(url, secure=secure)
        hit = Client().get(url, secure=secure)
        again = Client().get(url, secure=secure)  # the stamped headers, copied
        assert "ETag" in hit, name
        for header in SECURITY_HEADERS:
            if header == "Strict-Transport-Security" and not secure:
                assert header not in rendered and header not in hit, name
                continue
            assert rendered.get(header), (name, header)
            assert hit.get(header) == rendered.get(header), (name, header)
        assert dict(hit.items()) == dict(again.items()), name
        assert hit["Content-Length"] == str(len(hit.content)), name


def test_the_https_and_http_headers_of_one_page_are_kept_apart(public_urls):
    url = public_urls["home"]
    Client().get(url, secure=True)
    assert "Strict-Transport-Security" in Client().get(url, secure=True)
    assert "Strict-Transport-Security" not in Client().get(url)  # the same page over http
    assert "Strict-Transport-Security" in Client().get(url, secure=True)


def test_a_hit_goes_out_as_stored_with_no_cookie_and_no_token(public_urls):
    for name, url in public_urls.items():
        Client().get(url)  # rendered and cached
        first, second = Client().get(url), Client().get(url)
        assert "ETag" in first, name
        assert first.cookies == {} and second.cookies == {}, name
        assert first.content == second.content, name  # byte for byte, for everyone
        assert "csrfmiddlewaretoken" not in first.content.decode(), name


def test_the_language_switch_on_a_cached_page_works_without_a_token(public_urls):
    """It only sets the language cookie, so it is exempt from CSRF and pages need no token."""
    Client().get(public_urls["calls"])
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(public_urls["calls"])
    assert "ETag" in page  # a hit
    assert 'action="/i18n/setlang/"' in page.content.decode()
    switched = visitor.post(
        reverse("set_language"), {"language": "en", "next": public_urls["calls"]}
    )
    assert switched.status_code == 302
    assert switched["Location"] == public_urls["calls"]
    assert visitor.get(public_urls["calls"]).content.decode().count('<html lang="en">') == 1


def test_the_language_switch_sends_no_one_to_another_site(db):
    switched = Client(enforce_csrf_checks=True).post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert switched.status_code == 302
    assert switched["Location"] == "/"


# --- A change shows at once -----------------------------------------------------------------


def test_a_publication_shows_at_once_on_a_page_served_by_the_middleware(
    public_urls, editor_user, django_capture_on_commit_callbacks
):
    url = public_urls["case studies"]
    Client().get(url)
    Client().get(url)
    waiting = CaseStudyFactory(status=Status.REVIEW, title="新しく公開する事例")
    assert "新しく公開する事例" not in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        case_study_services.case_study_publish(case_study=waiting, actor=editor_user)
    assert "新しく公開する事例" in Client().get(url).content.decode()


def test_a_due_publication_is_made_by_the_beat_task_never_by_a_request(
    public_urls, editor_user, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from casebook.models import CaseStudy
    from casebook.tasks import publish_due_case_studies

    url = public_urls["case studies"]
    scheduled = CaseStudyFactory(status=Status.REVIEW, title="予約していた事例")
    when = timezone.now() + dt.timedelta(minutes=5)
    case_study_services.case_study_schedule(
        case_study=scheduled, actor=editor_user, publish_at=when
    )
    pagecache.invalidate()
    Client().get(url)
    # Five minutes later: the time has come, but a request (a GET) writes nothing.
    CaseStudy.objects.filter(pk=scheduled.pk).update(publish_at=timezone.now())
    monkeypatch.setattr(store, "LOCAL_SECONDS", 0)
    assert "予約していた事例" not in Client().get(url).content.decode()
    assert CaseStudy.objects.get(pk=scheduled.pk).status == Status.SCHEDULED
    # The beat task (every minute) publishes it, and the pages show it at once.
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_due_case_studies.delay().get() == 1
    assert CaseStudy.objects.get(pk=scheduled.pk).status == Status.PUBLISHED
    assert "予約していた事例" in Client().get(url).content.decode()


def test_hq_editing_a_municipality_in_the_admin_shows_at_once(
    client, hq_user, public_urls, django_capture_on_commit_callbacks
):
    url = public_urls["municipality"]
    Client().get(url)
    assert "123,456" not in Client().get(url).content.decode()
    client.force_login(hq_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:portal_municipality_change", args=["011002"]),
            {"mayor_name": "札幌 市長", "population": "123456"},
        )
    assert Municipality.objects.get(code="011002").population == 123456
    assert re.search(r"123,?456", Client().get(url).content.decode())


class _FormFields(HTMLParser):
    """The fields of the admin's change form, as the browser would post them unchanged."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio"):
                self.data.append((attrs["name"], attrs.get("value", "")))
            elif "checked" in attrs:
                self.data.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data.append((self.textarea, ""))

    def handle_data(self, data):
        if self.textarea:
            name, value = self.data.pop()
            self.data.append((name, value + data))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def test_hq_editing_or_deleting_a_call_in_the_admin_shows_at_once(
    client, hq_user, public_urls, django_capture_on_commit_callbacks
):
    url = public_urls["call"]
    pk = int(url.rstrip("/").rsplit("/", 1)[1])
    Client().get(url)
    assert "石狩の募集" in Client().get(url).content.decode()
    client.force_login(hq_user)
    change = reverse("admin:grants_call_change", args=[pk])
    form = _FormFields("call_form")
    form.feed(client.get(change).content.decode())
    data = {}
    for name, value in form.data:
        data.setdefault(name, []).append(value)
    data["title"] = ["石狩の募集（改訂）"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
    )
    assert "石狩の募集（改訂）" in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:grants_call_delete", args=[pk]), {"post": "yes"})
    assert Client().get(url).status_code == 404
    assert "石狩の募集" not in Client().get(public_urls["calls"]).content.decode()


def test_a_call_page_shows_its_window_opening_within_the_minute(db, monkeypatch):
    import datetime as dt
    import time

    from django.utils import timezone

    from grants.models import Call

    now = timezone.now()
    call = CallFactory(opens_at=now + dt.timedelta(seconds=30))
    url = reverse("grants:call_detail", args=[call.pk])
    Client().get(url)
    assert "申請の受付は" in Client().get(url).content.decode()  # upcoming, cached
    # The window opens; nobody edits the call.
    Call.objects.filter(pk=call.pk).update(opens_at=now - dt.timedelta(seconds=1))
    clock = SimpleNamespace(time=lambda: time.time() + 61, monotonic=time.monotonic)
    monkeypatch.setattr(store, "time", clock)  # a minute later, for the page cache
    monkeypatch.setattr(views, "time", clock)
    assert "申請の受付は" not in Client().get(url).content.decode()


# --- The middleware's place and what a hit goes through ---------------------------------------


def test_the_page_cache_comes_first_and_every_later_middleware_is_accounted_for():
    names = settings.MIDDLEWARE
    assert names[0] == pagecache.MIDDLEWARE
    unaccounted = [
        name
        for name in names[1:]
        if name not in pagecache.HEADER_MIDDLEWARE and name not in pagecache.SKIPPED_ON_HIT
    ]
    assert unaccounted == [], "say whether a cached page goes through these"


def test_a_page_that_did_not_opt_in_is_never_served_from_the_cache(db):
    login = reverse("account_login")
    Client().get(login)
    assert "ETag" not in Client().get(login)


# --- gunicorn: preloaded, not recycled --------------------------------------------------------


def _gunicorn_conf(monkeypatch, **env):
    for name in list(os.environ):
        if name.startswith("GUNICORN_") or name == "WEB_CONCURRENCY":
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_preloads_the_app_and_does_not_recycle_workers_by_default(monkeypatch):
    from gunicorn.config import Config

    conf = _gunicorn_conf(monkeypatch)
    assert conf["preload_app"] is True
    assert conf["max_requests"] == 0
    assert conf["accesslog"] == "-"
    checked = Config()
    for name, value in conf.items():
        if name in checked.settings:
            checked.set(name, value)  # gunicorn accepts every value (hooks included)
    assert checked.preload_app is True
    assert checked.max_requests == 0


def test_recycling_and_the_access_log_are_set_by_the_environment(monkeypatch):
    conf = _gunicorn_conf(monkeypatch, GUNICORN_MAX_REQUESTS="1000", GUNICORN_ACCESSLOG="off")
    assert conf["max_requests"] == 1000
    assert 0 < conf["max_requests_jitter"] <= 100
    assert conf["accesslog"] is None


def test_the_celery_workers_that_render_pdfs_recycle_themselves():
    from portal.celery import app

    assert app.conf.worker_max_tasks_per_child == 200
    assert app.conf.worker_max_memory_per_child == 512 * 1024  # KiB


def test_loading_the_app_opens_no_connection_the_workers_would_share():
    """With preload the master imports the app before forking: nothing may connect yet (a
    database or Redis socket shared by two workers mixes their conversations)."""
    script = (
        "import portal.wsgi\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"  # what gunicorn.conf.py's when_ready does
        "from django.db import connections\n"
        "from portal.celery import app\n"
        "assert all(c.connection is None for c in connections.all()), 'database'\n"
        "assert app._pool is None, 'broker pool'\n"
        "print('no connection')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "preload-test-secret-key-0123456789abcdefghijklmnop",
        # Nothing listens there: a connection at import time would fail the import.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "REDIS_URL": "redis://127.0.0.1:9/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "no connection" in result.stdout


# --- /healthz answers without opening a connection each time ----------------------------


def test_the_health_check_reuses_its_broker_connection(client, settings, monkeypatch):
    import redis

    from portal.views import public

    public._broker_client.cache_clear()
    opened, answers = [], ["ok", "down"]

    class Broker:
        def ping(self):
            if answers.pop(0) == "down":
                raise redis.ConnectionError("gone")
            return True

    def from_url(url, **kwargs):
        opened.append(url)
        return Broker()

    monkeypatch.setattr(redis.Redis, "from_url", from_url)
    settings.REDIS_URL = "redis://127.0.0.1:6379/13"
    try:
        assert client.get("/healthz").json()["broker"] == "ok"
        assert client.get("/healthz").json()["broker"] == "error"
    finally:
        public._broker_client.cache_clear()
    assert opened == ["redis://127.0.0.1:6379/13"]  # one client (and its pool) per process


def test_a_cached_page_is_still_served_while_the_database_is_down(public_urls, monkeypatch):
    from django.db import connection

    url = public_urls["municipalities"]
    Client().get(url)
    assert Client().get(url).status_code == 200  # cached

    def database_down(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(store, "LOCAL_SECONDS", 0)
    with monkeypatch.context() as outage:
        outage.setattr(connection, "cursor", database_down)
        response = Client().get(url)
    assert response.status_code == 200
    assert "振興局別の市町村一覧" in response.content.decode()
