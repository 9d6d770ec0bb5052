"""Challenges and needs (I1): the municipality submits, its bureau triages through the
table, responds (the municipality is notified) and links support; scoping is 404."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casebook.models import Challenge, ChallengeLink, ChallengeStatus, LinkKind
from casebook.services import challenges as services
from casebook.todos.challenges import challenge_todos
from portal.models import AuditEvent
from portal.workflow import InvalidTransition
from tests.casebook.factories import CaseStudyFactory, theme
from tests.casebook.factories_challenges import ChallengeFactory
from tests.factories import municipality as muni

pytestmark = pytest.mark.django_db

NEW = reverse("casebook:challenge_create")
LIST = reverse("casebook:challenge_list")
OVERVIEW = reverse("casebook:challenge_overview")


def form_data(**overrides):
    data = {
        "title": "路線バス廃止後の通院手段",
        "theme": str(theme("transport").pk),
        "description": "路線バスが廃止され、高齢者の通院が難しくなった。",
        "urgency": "high",
        "tried": "乗合タクシーを試行した。",
        "support": ["grant", "advisor"],
    }
    data.update(overrides)
    return data


def test_municipal_staff_submit_a_challenge_to_their_bureau(
    client, sapporo_staff, ishikari_officer, oshima_officer, django_capture_on_commit_callbacks
):
    client.force_login(sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, form_data())
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
    assert challenge.status == ChallengeStatus.NEW
    assert challenge.bureau.code == "ishikari"
    assert challenge.municipality == sapporo_staff.municipality
    assert challenge.support_wanted == ["grant", "advisor"]
    assert challenge.submitted_by == sapporo_staff
    assert [m.to for m in mail.outbox] == [[ishikari_officer.email]]
    event = AuditEvent.objects.for_object(challenge).get()
    assert (event.action, event.to_status) == ("submit", "new")


def test_errors_come_back_with_what_was_typed(english, sapporo_staff):
    english.force_login(sapporo_staff)
    response = english.post(NEW, form_data(theme="", description="説明はここに"))
    html = response.content.decode()
    assert response.status_code == 200
    assert Challenge.objects.count() == 0
    assert "<title>" in html and "Error:" in html.split("</title>")[0]
    assert 'class="error-summary"' in html
    assert "説明はここに" in html


def test_only_municipal_staff_can_submit(client, ishikari_officer):
    client.force_login(ishikari_officer)
    response = client.post(NEW, form_data())
    assert response.status_code == 302
    assert Challenge.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.challenge_submit(
            actor=ishikari_officer,
            theme=theme("transport"),
            title="x",
            description="y",
            urgency="low",
        )


def test_the_triage_table(ishikari_officer, sapporo_staff):
    challenge = ChallengeFactory(submitted_by=sapporo_staff)
    services.challenge_consider(challenge=challenge, actor=ishikari_officer)
    assert challenge.status == ChallengeStatus.CONSIDERING
    with pytest.raises(ValidationError) as error:
        services.challenge_match(challenge=challenge, actor=ishikari_officer)
    assert error.value.code == "no_links"
    case = CaseStudyFactory(published=True, themes=["migration"])
    services.challenge_link(
        challenge=challenge, actor=ishikari_officer, kind=LinkKind.CASE_STUDY, target_id=case.pk
    )
    services.challenge_match(challenge=challenge, actor=ishikari_officer)
    services.challenge_resolve(challenge=challenge, actor=ishikari_officer, comment="解決")
    assert Challenge.objects.get().status == ChallengeStatus.RESOLVED
    with pytest.raises(InvalidTransition):
        services.challenge_consider(challenge=challenge, actor=ishikari_officer)
    services.challenge_reopen(challenge=challenge, actor=ishikari_officer)
    with pytest.raises(ValidationError) as error:
        services.challenge_decline(challenge=challenge, actor=ishikari_officer, reason=" ")
    assert error.value.error_dict["reason"][0].code == "reason_required"
    services.challenge_decline(challenge=challenge, actor=ishikari_officer, reason="予算なし")
    actions = list(
        AuditEvent.objects.for_object(challenge).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["consider", "link", "match", "resolve", "reopen", "decline"]


def test_another_bureau_cannot_triage(oshima_officer, sapporo_staff, ebetsu_staff):
    challenge = ChallengeFactory()
    for user in (oshima_officer, sapporo_staff):
        with pytest.raises(PermissionDenied):
            services.challenge_consider(challenge=challenge, actor=user)
    with pytest.raises(PermissionDenied):
        services.challenge_respond(challenge=challenge, actor=oshima_officer, response="x")
    assert Challenge.objects.get().status == ChallengeStatus.NEW


def test_the_response_is_notified_once_and_takes_up_a_new_challenge(
    ishikari_officer, sapporo_staff, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(submitted_by=sapporo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_respond(challenge=challenge, actor=ishikari_officer, response="回答")
        services.challenge_respond(challenge=challenge, actor=ishikari_officer, response="回答")
    challenge.refresh_from_db()
    assert challenge.response == "回答" and challenge.responded_by == ishikari_officer
    assert challenge.status == ChallengeStatus.CONSIDERING
    # One mail: the response (the second, identical call changes nothing).
    assert [m.to for m in mail.outbox] == [[sapporo_staff.email]]


def test_linking_checks_the_target_and_is_idempotent(ishikari_officer, sapporo_staff):
    challenge = ChallengeFactory(submitted_by=sapporo_staff)
    draft = CaseStudyFactory()  # not published: cannot be linked
    with pytest.raises(ValidationError) as error:
        services.challenge_link(
            challenge=challenge,
            actor=ishikari_officer,
            kind=LinkKind.CASE_STUDY,
            target_id=draft.pk,
        )
    assert error.value.error_dict["target_id"][0].code == "target_not_found"
    case = CaseStudyFactory(published=True)
    first = services.challenge_link(
        challenge=challenge, actor=ishikari_officer, kind=LinkKind.CASE_STUDY, target_id=case.pk
    )
    again = services.challenge_link(
        challenge=challenge,
        actor=ishikari_officer,
        kind=LinkKind.CASE_STUDY,
        target_id=str(case.pk),
    )
    assert first.pk == again.pk and first.label == case.title
    assert first.url == case.get_absolute_url()
    services.challenge_unlink(link=first, actor=ishikari_officer)
    assert not ChallengeLink.objects.exists()


def test_a_consultation_of_the_bureau_can_be_linked(ishikari_officer, consultation):
    challenge = ChallengeFactory()
    link = services.challenge_link(
        challenge=challenge,
        actor=ishikari_officer,
        kind=LinkKind.CONSULTATION,
        target_id=consultation.pk,
    )
    assert link.label == consultation.subject


# --- Pages and scoping --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("sapporo_staff", 200),
        ("ishikari_officer", 200),
        ("hq_user", 200),
        ("ebetsu_staff", 404),
        ("hakodate_staff", 404),
        ("oshima_officer", 404),
        ("advisor", 404),
        ("newcomer", 404),
    ],
)
def test_the_challenge_page_by_role(client, request, role, status):
    challenge = ChallengeFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.get(challenge.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ishikari_officer", 200),
        ("hq_user", 200),
        ("oshima_officer", 404),
    ],
)
def test_the_admin_pages_by_role(client, request, role, status):
    challenge = ChallengeFactory()
    client.force_login(request.getfixturevalue(role))
    change = reverse("admin:casebook_challenge_change", args=[challenge.pk])
    step = reverse("admin:casebook_challenge_step", args=[challenge.pk, "respond"])
    link = reverse("admin:casebook_challenge_link", args=[challenge.pk])
    assert client.get(change).status_code == status
    assert client.get(step).status_code == status
    assert client.get(link).status_code == status


def test_municipal_staff_cannot_use_the_admin(client, sapporo_staff):
    challenge = ChallengeFactory()
    client.force_login(sapporo_staff)
    response = client.get(reverse("admin:casebook_challenge_change", args=[challenge.pk]))
    assert response.status_code in (302, 404)


def test_the_municipality_sees_only_its_challenges(client, sapporo_staff):
    ChallengeFactory(title="自分の課題")
    ChallengeFactory(title="函館の課題", municipality=muni("012025"))
    client.force_login(sapporo_staff)
    html = client.get(LIST).content.decode()
    assert "自分の課題" in html and "函館の課題" not in html


def test_the_response_and_links_show_on_the_municipalitys_page(
    client, ishikari_officer, sapporo_staff
):
    challenge = ChallengeFactory(submitted_by=sapporo_staff)
    case = CaseStudyFactory(published=True, title="江別の大学連携")
    services.challenge_respond(challenge=challenge, actor=ishikari_officer, response="参考事例です")
    services.challenge_link(
        challenge=challenge, actor=ishikari_officer, kind=LinkKind.CASE_STUDY, target_id=case.pk
    )
    client.force_login(sapporo_staff)
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert "参考事例です" in html
    assert case.get_absolute_url() in html and "江別の大学連携" in html


def test_the_admin_step_writes_the_response(client, ishikari_officer, sapporo_staff):
    challenge = ChallengeFactory(submitted_by=sapporo_staff)
    client.force_login(ishikari_officer)
    url = reverse("admin:casebook_challenge_step", args=[challenge.pk, "respond"])
    assert client.post(url, {"response": ""}).status_code == 200  # the form again
    response = client.post(url, {"response": "検討します"})
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.response == "検討します"


def test_the_admin_links_a_suggestion(client, ishikari_officer):
    challenge = ChallengeFactory()
    case = CaseStudyFactory(published=True, themes=["migration"])
    client.force_login(ishikari_officer)
    page = client.get(reverse("admin:casebook_challenge_change", args=[challenge.pk]))
    assert case.title in page.content.decode()
    response = client.post(
        reverse("admin:casebook_challenge_link", args=[challenge.pk]),
        {"kind": "case_study", "target_id": str(case.pk)},
    )
    assert response.status_code == 302
    assert ChallengeLink.objects.get().target_id == str(case.pk)
    bad = client.post(
        reverse("admin:casebook_challenge_link", args=[challenge.pk]),
        {"kind": "call", "target_id": "９９９９"},
    )
    assert bad.status_code == 200  # the form again with the error, no 500


def test_the_bureau_sees_new_challenges_on_its_to_do_list(ishikari_officer, oshima_officer):
    challenge = ChallengeFactory()
    assert [i.title for i in challenge_todos(ishikari_officer) if challenge.title in i.title]
    assert not challenge_todos(oshima_officer)


# --- Lists and the overview ---------------------------------------------------------------


def _same_query_count(client, url, make_more):
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_more()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_list_query_count_does_not_grow(client, ishikari_officer):
    ChallengeFactory()
    client.force_login(ishikari_officer)

    def more():
        for code in ("011002", "012173", "012246"):
            ChallengeFactory(municipality=muni(code), theme=theme("tourism"))

    _same_query_count(client, LIST, more)


def test_the_overview_counts_by_theme_and_municipality(english, ishikari_officer):
    ChallengeFactory()
    ChallengeFactory(theme=theme("tourism"))
    ChallengeFactory(municipality=muni("012173"), theme=theme("tourism"))
    ChallengeFactory(municipality=muni("012025"))  # another bureau: not counted
    english.force_login(ishikari_officer)
    response = english.get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="fluid-chart"' in html and "viewBox" not in html
    counts = response.context["counts"]
    assert counts["total"] == 3
    assert [(r["theme__name"], r["n"]) for r in counts["by_theme"]] == [
        ("観光", 2),
        ("移住・定住", 1),
    ]
    assert {r["municipality__name"]: r["n"] for r in counts["by_municipality"]} == {
        "札幌市": 2,
        "江別市": 1,
    }
    filtered = english.get(OVERVIEW, {"theme": "tourism"}).context["counts"]
    assert filtered["total"] == 2


def test_the_overview_query_count_does_not_grow(client, hq_user):
    ChallengeFactory()
    client.force_login(hq_user)

    def more():
        for code in ("012173", "012025", "012246"):
            ChallengeFactory(municipality=muni(code), theme=theme("digital"))

    _same_query_count(client, OVERVIEW, more)


def test_hq_filters_by_region_and_bureau(client, hq_user):
    hakodate = muni("012025")
    ChallengeFactory(title="札幌の課題")
    ChallengeFactory(title="函館の課題", municipality=hakodate)
    client.force_login(hq_user)
    html = client.get(LIST, {"bureau": "oshima"}).content.decode()
    assert "函館の課題" in html and "札幌の課題" not in html
    html = client.get(LIST, {"region": hakodate.bureau.region.code}).content.decode()
    assert "函館の課題" in html and "札幌の課題" not in html


@pytest.mark.parametrize("role", ["sapporo_staff", "advisor", "newcomer"])
def test_the_overview_is_for_staff(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(OVERVIEW).status_code == 404


def test_hq_sees_the_counts_by_bureau(client, hq_user):
    ChallengeFactory()
    ChallengeFactory(municipality=muni("012025"))
    client.force_login(hq_user)
    counts = client.get(OVERVIEW).context["counts"]
    assert {r["bureau__name"]: r["n"] for r in counts["by_bureau"]} == {
        "石狩振興局": 1,
        "渡島総合振興局": 1,
    }
    assert 'id="counts-by-bureau"' in client.get(OVERVIEW).content.decode()


@pytest.mark.parametrize("role", ["ishikari_officer", "hq_user"])
def test_the_admin_changelist_query_count_does_not_grow(client, request, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse("admin:casebook_challenge_changelist")
    ChallengeFactory()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for code in ("012173", "012246", "011002"):
        ChallengeFactory(municipality=muni(code), theme=theme("tourism"))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_admin_changelist_is_scoped(client, oshima_officer):
    ChallengeFactory(title="石狩の課題")
    client.force_login(oshima_officer)
    html = client.get(reverse("admin:casebook_challenge_changelist")).content.decode()
    assert "石狩の課題" not in html
