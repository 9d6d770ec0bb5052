"""The officer's admin home: 「対応待ち」 with counts that match the linked lists, scoped to the
user's bureau, in a fixed number of queries; the pillars' order and 「マスタ管理」."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from casebook.models import ChangeNotification
from casebook.models.cooperative_changes import NotificationStatus
from dispatch.models import DispatchRequest
from dispatch.models.requests import Status as DispatchStatus
from grants.models import Application
from grants.models.applications import Status
from portal.models import Bureau, Consultation, Municipality
from tests.casebook.cooperative_helpers import cooperative
from tests.casebook.factories_challenges import ChallengeFactory
from tests.dispatch.factories import draft_request
from tests.factories import ConsultationFactory, UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

HOME = "/admin/"


def _application(call, status, **fields):
    """An application in ``status`` (set directly: the queue reads states, not transitions)."""
    app = ApplicationFactory(call=call)
    Application.objects.filter(pk=app.pk).update(
        status=status, submitted_at=timezone.now(), reference=f"R8-T-{app.pk:04d}", **fields
    )
    return Application.objects.get(pk=app.pk)


def _bureau_rows(call, officer, *, many=1):
    rows = []
    for _ in range(many):
        rows += [
            _application(call, Status.SUBMITTED),
            _application(call, Status.UNDER_REVIEW, lead_officer=officer),
            _application(call, Status.SUBMITTED, return_reason="添付書類の不足"),
            _application(call, Status.CHANGE_REQUESTED),
            _application(call, Status.REPORT_SUBMITTED),
            _application(
                call, Status.APPROVED, report_due=timezone.localdate() - dt.timedelta(days=3)
            ),
            _application(call, Status.CLAIMED),
        ]
    return rows


@pytest.fixture
def world(ishikari_officer, hq_user):
    """Work waiting in 石狩 and in 渡島, in every pillar."""
    ishikari_call = CallFactory()
    oshima_call = CallFactory(bureau=Bureau.objects.get(code="oshima"))
    _bureau_rows(ishikari_call, ishikari_officer)
    _bureau_rows(oshima_call, None)
    # Consultations: one asked long ago in 石狩 (overdue), one in 渡島.
    old = ConsultationFactory()
    Consultation.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    ConsultationFactory(asker=UserFactory(hakodate=True))
    # Dispatch: a request to decide in each bureau.
    for staff in (UserFactory(sapporo=True), UserFactory(hakodate=True)):
        request = draft_request(staff)
        DispatchRequest.objects.filter(pk=request.pk).update(
            status=DispatchStatus.SUBMITTED,
            submitted_at=timezone.now(),
            first_submitted_at=timezone.now(),
        )
    # Casebook: a new challenge in each bureau; a cooperative's late 届出 in 石狩.
    ChallengeFactory()
    ChallengeFactory(municipality=Municipality.objects.get(code="012025"))
    coop = cooperative(hq_user, office="011002")
    ChangeNotification.objects.create(
        cooperative=coop,
        kind="name",
        changed_on=timezone.localdate() - dt.timedelta(days=60),
        due_on=timezone.localdate() - dt.timedelta(days=30),
        new_value="新しい名称",
        status=NotificationStatus.DRAFT,
        created_by=hq_user,
    )
    return {"ishikari_call": ishikari_call, "oshima_call": oshima_call}


def _rows(response):
    return {row.url: row for section in response.context["work_queue"] for row in section.rows}


def _row(response, url_name, key):
    return _rows(response)[f"{reverse(url_name)}?queue={key}"]


@pytest.mark.parametrize("who", ["ishikari_officer", "hq_user"])
def test_every_count_is_the_number_of_rows_on_its_linked_list(client, world, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(HOME)
    assert response.status_code == 200
    rows = [row for row in _rows(response).values() if row.count]
    assert len(rows) >= 8
    for row in rows:
        listed = client.get(row.url)
        assert listed.status_code == 200, row.url  # not Django's ?e=1 for an unknown filter
        assert listed.context["cl"].result_count == row.count, row.title
        # A reload of the bookmarked address gives the same list.
        assert client.get(row.url).context["cl"].result_count == row.count


def test_an_officer_counts_only_their_bureau_and_hq_counts_all(
    client, world, ishikari_officer, hq_user
):
    client.force_login(ishikari_officer)
    officer = client.get(HOME)
    client.force_login(hq_user)
    hq = client.get(HOME)
    changelist = "admin:grants_application_changelist"
    # Awaiting review: submitted, under review and resubmitted, per bureau.
    assert _row(officer, changelist, "review").count == 3
    assert _row(hq, changelist, "review").count == 6
    assert _row(officer, changelist, "resubmitted").count == 1
    assert _row(officer, changelist, "mine").count == 1
    assert _row(officer, "admin:dispatch_dispatchrequest_changelist", "decide").count == 1
    assert _row(hq, "admin:dispatch_dispatchrequest_changelist", "decide").count == 2
    assert _row(officer, "admin:casebook_challenge_changelist", "triage").count == 1
    assert _row(hq, "admin:casebook_challenge_changelist", "triage").count == 2
    assert _row(officer, "admin:portal_consultation_changelist", "unanswered").count == 1
    assert _row(hq, "admin:portal_consultation_changelist", "unanswered").count == 2
    # "In my charge" is the officer's own; HQ has no such queue.
    assert f"{reverse(changelist)}?queue=mine" not in _rows(hq)


def test_the_linked_list_shows_no_row_of_another_bureau(client, world, ishikari_officer):
    client.force_login(ishikari_officer)
    listed = client.get(reverse("admin:grants_application_changelist"), {"queue": "review"})
    bureaus = {app.bureau.code for app in listed.context["cl"].result_list}
    assert bureaus == {"ishikari"}


def test_overdue_work_is_marked_in_words_and_comes_first(client, world, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.get(HOME)
    content = response.content.decode()
    assert gettext("Overdue (期限超過)") in content
    assert "期限超過" in content  # not by colour alone
    assert "work-queue__row--overdue" in content
    consultation = _row(response, "admin:portal_consultation_changelist", "unanswered")
    assert consultation.overdue == 1
    assert consultation.deadline == timezone.localdate() - dt.timedelta(days=25)
    grants = next(s for s in response.context["work_queue"] if s.app_label == "grants")
    first = grants.rows[0]
    assert first.overdue and first.url.endswith("queue=report_overdue")
    casebook = next(s for s in response.context["work_queue"] if s.app_label == "casebook")
    notifications = _row(response, "admin:casebook_changenotification_changelist", "overdue")
    assert notifications.overdue == 1 and casebook.rows[0] == notifications


def test_sections_follow_the_pillars_order(client, world, hq_user):
    client.force_login(hq_user)
    response = client.get(HOME)
    labels = [section.app_label for section in response.context["work_queue"]]
    assert labels == ["grants", "dispatch", "casebook", "portal"]


def _home_queries(client, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


# Session and user, one aggregate per queue the user sees (and the dispatch scope's own look
# for an advisor record), the admin's permission checks, the header's unread notifications,
# Django's recent-actions box and the session save: the same for 1 row or 1000; the drafts
# awaiting the user's 決裁 (#20): their stand-in duties and the drafts, two more.
OFFICER_QUERIES = 25
HQ_QUERIES = 25


@pytest.mark.parametrize(
    ("who", "expected"), [("ishikari_officer", OFFICER_QUERIES), ("hq_user", HQ_QUERIES)]
)
def test_the_home_costs_a_fixed_number_of_queries(
    client, world, who, expected, request, django_assert_num_queries, ishikari_officer
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    with django_assert_num_queries(expected):
        client.get(HOME)
    _bureau_rows(world["ishikari_call"], ishikari_officer, many=3)
    _bureau_rows(world["oshima_call"], None, many=3)
    with django_assert_num_queries(expected):
        client.get(HOME)


def test_municipal_staff_have_no_admin_home(client, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.get(HOME)
    assert response.status_code == 302
    assert "work_queue" not in (response.context or {})


def test_an_unknown_queue_in_the_address_changes_nothing(client, world, ishikari_officer):
    client.force_login(ishikari_officer)
    url = reverse("admin:grants_application_changelist")
    everything = client.get(url).context["cl"].result_count
    assert client.get(url, {"queue": "nonsense"}).context["cl"].result_count == everything


# --- The app list: pillars in the strategy's order, reference tables in 「マスタ管理」 --------


def test_app_list_puts_the_pillars_in_order_and_masters_together(client, ishikari_officer):
    client.force_login(ishikari_officer)
    app_list = client.get(HOME).context["app_list"]
    labels = [app["app_label"] for app in app_list]
    assert labels[:5] == ["grants", "dispatch", "casebook", "portal", "masters"]
    masters = {m["object_name"] for m in app_list[4]["models"]}
    assert {"Skill", "CostCategory", "Theme", "Municipality"} <= masters
    grants = {m["object_name"] for m in app_list[0]["models"]}
    assert "Application" in grants and "CostCategory" not in grants
    # 「マスタ管理」 has no app page: its caption links to its own group on the home page.
    page = client.get(HOME).content.decode()
    assert 'id="app-masters"' in page and 'href="/admin/#app-masters"' in page


def test_an_apps_own_page_still_lists_its_reference_tables(client, hq_user):
    client.force_login(hq_user)
    response = client.get(reverse("admin:app_list", args=["grants"]))
    names = {m["object_name"] for m in response.context["app_list"][0]["models"]}
    assert "CostCategory" in names


# --- Lists and buttons ------------------------------------------------------------------


def test_changelist_title_says_list_not_select(client, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.get(reverse("admin:grants_application_changelist"))
    expected = gettext("List of %(name)s") % {"name": Application._meta.verbose_name_plural}
    assert response.context["title"] == expected
    assert f"<h1>{expected}</h1>" in response.content.decode()
    assert gettext("Select %s to view") % Application._meta.verbose_name not in (
        response.content.decode()
    )


def test_view_only_page_has_back_to_the_list_not_close(client, ishikari_officer):
    client.force_login(ishikari_officer)
    ishikari = Bureau.objects.get(code="ishikari")
    response = client.get(reverse("admin:portal_bureau_change", args=[ishikari.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert f'class="closelink">{gettext("Back to the list")}</a>' in content
    assert "終了する" not in content


def test_reference_numbers_do_not_wrap(client):
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/admin.css"), encoding="utf-8").read()  # noqa: SIM115
    assert 'td[class*="field-reference"]' in css and "white-space: nowrap" in css


# --- 担当: 自分 / 自分の係・局 / すべて ------------------------------------------------------


def test_assignee_filter_on_consultations(client, ishikari_officer, oshima_officer):
    colleague = UserFactory(ishikari_officer=True)
    mine = ConsultationFactory(assigned_to=ishikari_officer)
    colleagues = ConsultationFactory(assigned_to=colleague)
    ConsultationFactory()  # nobody in charge yet
    ConsultationFactory(asker=UserFactory(hakodate=True), assigned_to=oshima_officer)
    client.force_login(ishikari_officer)
    url = reverse("admin:portal_consultation_changelist")

    def shown(**params):
        return {c.pk for c in client.get(url, params).context["cl"].result_list}

    assert shown(assignee="me") == {mine.pk}
    assert shown(assignee="team") == {mine.pk, colleagues.pk}
    assert len(shown()) == 3  # すべて: every consultation of the bureau, not 渡島's


@pytest.mark.parametrize(("days", "overdue"), [(4, 0), (6, 1)])
def test_a_consultation_is_overdue_after_the_answer_days(client, ishikari_officer, days, overdue):
    from portal.workqueue import CONSULTATION_ANSWER_DAYS

    asked = ConsultationFactory()
    Consultation.objects.filter(pk=asked.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )
    assert CONSULTATION_ANSWER_DAYS == 5
    client.force_login(ishikari_officer)
    row = _row(client.get(HOME), "admin:portal_consultation_changelist", "unanswered")
    assert (row.count, row.overdue) == (1, overdue)


def test_every_registered_queue_has_its_filter_on_the_linked_list(rf, hq_user, ishikari_officer):
    """A queue whose list lacks the filter would send officers to Django's ?e=1 error."""
    from django.contrib import admin

    from portal import registry
    from portal.workqueue import WorkQueueFilter

    queues = registry.work_queues()
    assert {q.model._meta.app_label for q in queues} == {"grants", "dispatch", "casebook", "portal"}
    for user in (hq_user, ishikari_officer):
        request = rf.get("/admin/")
        request.user = user
        for queue in queues:
            filters = admin.site.get_model_admin(queue.model).get_list_filter(request)
            assert WorkQueueFilter in filters, queue.model


def test_municipal_staff_cannot_open_a_queue_link(client, world, sapporo_staff):
    client.force_login(sapporo_staff)
    response = client.get(reverse("admin:grants_application_changelist"), {"queue": "review"})
    assert response.status_code == 302
    assert "/login" in response["Location"]
