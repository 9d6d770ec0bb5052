"""Bureau policy projects (F2): who sees and edits what, the moves 計画 → 実施中 → 完了 →
評価済, the pages (internal, public) and the admin, and the case-study material."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grants.models import PolicyProject, ProjectKPI
from grants.permissions import applications as permissions
from grants.selectors.projects import (
    policy_projects_proposed_as_case_studies,
    policy_projects_visible_to,
)
from grants.services import projects as services
from portal.models import AuditEvent, Role
from portal.workflow import InvalidTransition
from tests.factories import UserFactory
from tests.grants.support_factories import PolicyProjectFactory, theme

pytestmark = pytest.mark.django_db

LIST = reverse("grants:project_list")
PUBLIC = reverse("grants:project_results")


@pytest.fixture
def company_user(db):
    return UserFactory(role=Role.COMPANY)


# --- Who sees and edits what ----------------------------------------------------------------

# (user fixture, sees the 石狩 project serving 札幌市, may edit it)
TABLE = [
    ("ishikari_officer", True, True),
    ("oshima_officer", False, False),
    ("hq_user", True, False),
    ("sapporo_staff", True, False),
    ("ebetsu_staff", False, False),
    ("hakodate_staff", False, False),
    ("advisor", False, False),
    ("newcomer", False, False),
    ("company_user", False, False),
]


@pytest.mark.parametrize(("who", "sees", "edits"), TABLE)
def test_who_sees_and_edits_a_project(request, who, sees, edits):
    user = request.getfixturevalue(who)
    project = PolicyProjectFactory()
    assert permissions.can_view_policy_project(user, project) is sees
    assert permissions.can_edit_policy_project(user, project) is edits
    assert policy_projects_visible_to(user).filter(pk=project.pk).exists() is sees


def test_wide_area_projects_are_read_by_partner_bureaus_and_the_bureaus_served(
    oshima_officer, hakodate_staff, ebetsu_staff
):
    partner = PolicyProjectFactory(partner_bureaus=["oshima"])
    serving_hakodate = PolicyProjectFactory(municipalities=["011002", "012025"])
    for project in (partner, serving_hakodate):
        assert permissions.can_view_policy_project(oshima_officer, project)
        assert not permissions.can_edit_policy_project(oshima_officer, project)
    visible = set(policy_projects_visible_to(oshima_officer).values_list("pk", flat=True))
    assert visible == {partner.pk, serving_hakodate.pk}
    assert permissions.can_view_policy_project(hakodate_staff, serving_hakodate)
    assert not permissions.can_view_policy_project(ebetsu_staff, serving_hakodate)
    # A project serving several of the bureau's towns is one row, not one per town.
    PolicyProjectFactory(municipalities=["012025", "012360"], oshima=True)
    assert policy_projects_visible_to(oshima_officer).count() == 3


def test_an_evaluated_project_is_final(ishikari_officer):
    project = PolicyProjectFactory(evaluated=True)
    assert not permissions.can_edit_policy_project(ishikari_officer, project)
    with pytest.raises(PermissionDenied):
        services.policy_project_save(project=project, actor=ishikari_officer)


# --- Services -------------------------------------------------------------------------------


def test_an_officer_records_a_project_for_their_own_bureau(ishikari_officer, oshima_officer):
    project = PolicyProject(
        fiscal_year=2026,
        title="石狩湾岸ゼロカーボン研究会",
        theme=theme("energy"),
        region=ishikari_officer.bureau.region,
        summary="再エネの導入を検討する。",
    )
    project.bureau = oshima_officer.bureau  # ignored: a new project is the officer's bureau's
    services.policy_project_save(project=project, actor=ishikari_officer)
    project.refresh_from_db()
    assert project.bureau_id == ishikari_officer.bureau_id
    assert project.status == "planned"
    assert project.created_by == ishikari_officer
    [event] = AuditEvent.objects.for_object(project)
    assert event.action == "create"
    project.title = "改題"
    with pytest.raises(PermissionDenied):
        services.policy_project_save(project=project, actor=oshima_officer)


@pytest.mark.parametrize("who", ["sapporo_staff", "hq_user", "advisor"])
def test_only_bureau_officers_record_projects(request, who):
    user = request.getfixturevalue(who)
    project = PolicyProject(fiscal_year=2026, title="x", theme=theme(), region_id=1, summary="x")
    with pytest.raises(PermissionDenied):
        services.policy_project_save(project=project, actor=user)


def test_the_project_moves_through_its_states_with_what_each_needs(
    ishikari_officer, oshima_officer
):
    project = PolicyProjectFactory(municipalities=[])
    with pytest.raises(ValidationError, match="対象市町村を選択"):
        services.policy_project_start(project=project, actor=ishikari_officer)
    project.municipalities.set(["011002"])
    with pytest.raises(PermissionDenied):
        services.policy_project_start(project=project, actor=oshima_officer)
    services.policy_project_start(project=project, actor=ishikari_officer)
    # Twice is harmless.
    services.policy_project_start(project=project, actor=ishikari_officer)
    with pytest.raises(InvalidTransition):
        services.policy_project_evaluate(project=project, actor=ishikari_officer, evaluation="x")
    with pytest.raises(ValidationError):
        services.policy_project_complete(project=project, actor=ishikari_officer, results=" ")
    services.policy_project_complete(
        project=project, actor=ishikari_officer, results="参加者300人。"
    )
    kpi = ProjectKPI.objects.create(project=project, name="参加者数", unit="人", target=200)
    with pytest.raises(ValidationError, match="参加者数"):
        services.policy_project_evaluate(project=project, actor=ishikari_officer, evaluation="達成")
    kpi.result = 300
    kpi.save()
    services.policy_project_evaluate(project=project, actor=ishikari_officer, evaluation="達成")
    project.refresh_from_db()
    assert (project.status, project.results, project.evaluation) == (
        "evaluated",
        "参加者300人。",
        "達成",
    )
    actions = list(AuditEvent.objects.for_object(project).values_list("action", flat=True))
    assert actions == ["start", "complete", "evaluate"]
    assert kpi.achievement == 150


def test_proposing_a_case_study_twice_notifies_hq_once(
    ishikari_officer, hq_user, django_capture_on_commit_callbacks
):
    project = PolicyProjectFactory(completed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.policy_project_propose_case_study(
            project=project, actor=ishikari_officer, note="横展開しやすい。"
        )
        services.policy_project_propose_case_study(project=project, actor=ishikari_officer)
    assert [m.to for m in mail.outbox] == [[hq_user.email]]
    assert project.title in mail.outbox[0].body
    assert list(policy_projects_proposed_as_case_studies()) == [project]


def test_only_finished_projects_can_be_proposed(ishikari_officer, oshima_officer):
    with pytest.raises(PermissionDenied):
        services.policy_project_propose_case_study(
            project=PolicyProjectFactory(), actor=ishikari_officer
        )
    with pytest.raises(PermissionDenied):
        services.policy_project_propose_case_study(
            project=PolicyProjectFactory(completed=True), actor=oshima_officer
        )


def test_case_study_material_is_plain_data_without_personal_names(ishikari_officer):
    project = PolicyProjectFactory(evaluated=True, municipalities=["011002", "012173"])
    project.created_by = ishikari_officer
    project.save()
    project.partners.create(name="北海道デモ大学", kind="university", role="調査")
    project.kpis.create(name="参加者数", unit="人", target=200, result=300)
    project.budget_lines.create(item="委託料", planned=1_000_000, spent=900_000)
    material = services.project_case_study_material(project)
    assert material["title"] == project.title
    assert material["fiscal_year_label"] == "令和8年度"
    assert [m["name"] for m in material["municipalities"]] == ["札幌市", "江別市"]
    assert material["partners"][0]["kind_label"] == "大学・研究機関"
    assert material["kpis"][0]["achievement_percent"] == 150
    assert material["budget"] == {"planned": 1_000_000, "spent": 900_000}
    assert material["public_url"] == reverse("grants:project_result_detail", args=[project.pk])
    assert ishikari_officer.name not in repr(material)
    assert ishikari_officer.email not in repr(material)
    with pytest.raises(ValueError, match="completed"):
        services.project_case_study_material(PolicyProjectFactory())


# --- Internal pages -------------------------------------------------------------------------


def test_the_internal_list_shows_each_user_their_scope(client, sapporo_staff, hakodate_staff):
    mine = PolicyProjectFactory(title="札幌の事業")
    PolicyProjectFactory(title="渡島の事業", oshima=True, municipalities=["012025"])
    client.force_login(sapporo_staff)
    page = client.get(LIST).content.decode()
    assert "札幌の事業" in page
    assert "渡島の事業" not in page
    assert client.get(reverse("grants:project_detail", args=[mine.pk])).status_code == 200
    client.force_login(hakodate_staff)
    assert client.get(reverse("grants:project_detail", args=[mine.pk])).status_code == 404


@pytest.mark.parametrize("who", ["advisor", "newcomer", "company_user"])
def test_users_without_a_scope_get_404(request, client, who):
    client.force_login(request.getfixturevalue(who))
    project = PolicyProjectFactory()
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("grants:project_detail", args=[project.pk])).status_code == 404
    assert client.get(reverse("grants:project_sheet", args=[project.pk])).status_code == 404


def test_internal_list_filters_and_keeps_the_query_in_pagination(client, hq_user):
    for n in range(25):
        PolicyProjectFactory(title=f"観光{n}")
    PolicyProjectFactory(title="別テーマの事業", theme=theme("energy"), status="in_progress")
    client.force_login(hq_user)
    response = client.get(LIST, {"theme": "tourism", "status": "planned"})
    text = response.content.decode()
    assert response.context["page"].paginator.count == 25
    assert 'role="status"' in text
    assert "theme=tourism&amp;status=planned&amp;page=2" in text
    assert "別テーマの事業" not in text


def test_internal_list_query_count_is_pinned(client, ishikari_officer, django_assert_num_queries):
    PolicyProjectFactory()
    client.force_login(ishikari_officer)
    # session, user, unread notifications, session save (3); year choices, bureau, region,
    # theme choices; count; page.
    with django_assert_num_queries(12):
        client.get(LIST)
    for _n in range(30):
        PolicyProjectFactory(municipalities=["011002", "012173"])
    with django_assert_num_queries(12):
        client.get(LIST)


def test_the_project_page_shows_parts_history_and_linked_consultations(
    client, sapporo_staff, ishikari_officer
):
    from grants.services.national import national_consultation_open

    project = PolicyProjectFactory()
    project.kpis.create(name="参加者数", unit="人", target=200)
    project.budget_lines.create(item="委託料", planned=1_000_000, spent=250_000)
    services.policy_project_start(project=project, actor=ishikari_officer)
    consultation = national_consultation_open(
        actor=sapporo_staff, subject="国の交付金で続けたい", question="？", related=project
    )
    client.force_login(sapporo_staff)
    text = client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    assert "参加者数" in text
    assert "1,000,000円" in text
    assert consultation.reference in text
    assert "admin/grants/policyproject" not in text  # not theirs to edit
    client.force_login(ishikari_officer)
    text = client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    assert reverse("admin:grants_policyproject_change", args=[project.pk]) in text


# --- Public pages ---------------------------------------------------------------------------


def test_the_public_list_shows_finished_projects_with_filters(client):
    done = PolicyProjectFactory(title="完了した事業", completed=True)
    PolicyProjectFactory(title="評価済の事業", evaluated=True, oshima=True, fiscal_year=2025)
    PolicyProjectFactory(title="計画中の事業")
    text = client.get(PUBLIC).content.decode()
    assert "完了した事業" in text and "評価済の事業" in text
    assert "計画中の事業" not in text
    for query, expected in [
        ({"bureau": "ishikari"}, ["完了した事業"]),
        ({"region": "donan"}, ["評価済の事業"]),
        ({"fiscal_year": "2025"}, ["評価済の事業"]),
        ({"theme": "energy"}, []),
    ]:
        response = client.get(PUBLIC, query)
        assert [p.title for p in response.context["page"]] == expected
    detail = client.get(reverse("grants:project_result_detail", args=[done.pk]))
    assert "参加者300人" in detail.content.decode()


def test_unfinished_projects_have_no_public_page(client):
    project = PolicyProjectFactory()
    response = client.get(reverse("grants:project_result_detail", args=[project.pk]))
    assert response.status_code == 404


def test_bad_filter_values_never_fail(client):
    response = client.get(PUBLIC, {"fiscal_year": "x", "bureau": "nowhere", "page": "999"})
    assert response.status_code == 200


def test_public_list_query_count_is_pinned(client, django_assert_num_queries):
    PolicyProjectFactory(completed=True)
    # Year choices, bureau, region and theme choices, count, page, municipalities.
    with django_assert_num_queries(7):
        client.get(PUBLIC)
    for _n in range(30):
        PolicyProjectFactory(completed=True, municipalities=["011002", "012173"])
    with django_assert_num_queries(7):
        response = client.get(PUBLIC)
    assert len(response.context["page"]) == 20


def test_the_public_page_names_no_staff(client, ishikari_officer):
    project = PolicyProjectFactory(completed=True, created_by=ishikari_officer)
    text = client.get(reverse("grants:project_result_detail", args=[project.pk])).content
    assert ishikari_officer.name not in text.decode()


# --- Admin ----------------------------------------------------------------------------------


def _inline_management(**counts):
    data = {}
    for prefix in ("partners", "budget_lines", "milestones", "kpis"):
        total = counts.get(prefix, 0)
        data[f"{prefix}-TOTAL_FORMS"] = str(total)
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    return data


def test_an_officer_records_a_project_in_the_admin(client, ishikari_officer):
    client.force_login(ishikari_officer)
    add = reverse("admin:grants_policyproject_add")
    assert client.get(add).status_code == 200
    data = {
        "fiscal_year": "2026",
        "title": "さっぽろ圏ワーケーション推進事業",
        "theme": str(theme("migration").pk),
        "region": str(ishikari_officer.bureau.region_id),
        "municipalities": ["011002", "012173"],
        "summary": "関係人口を増やす。",
        **_inline_management(kpis=1, budget_lines=1),
        "kpis-0-name": "参加企業数",
        "kpis-0-unit": "社",
        "kpis-0-target": "20",
        "kpis-0-order": "0",
        "budget_lines-0-item": "委託料",
        "budget_lines-0-planned": "2000000",
        "budget_lines-0-spent": "0",
        "budget_lines-0-order": "0",
    }
    response = client.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project = PolicyProject.objects.get()
    assert project.bureau_id == ishikari_officer.bureau_id
    assert project.kpis.get().target == 20
    assert project.municipalities.count() == 2
    # No municipality: the form says so.
    data["municipalities"] = []
    response = client.post(add, data)
    assert response.status_code == 200
    assert "municipalities" in response.context["adminform"].form.errors


def test_admin_scope_other_bureaus_get_404_and_partners_read_only(
    client, ishikari_officer, oshima_officer, hq_user
):
    own = PolicyProjectFactory()
    partner = PolicyProjectFactory(partner_bureaus=["oshima"])
    change = "admin:grants_policyproject_change"
    client.force_login(oshima_officer)
    assert client.get(reverse(change, args=[own.pk])).status_code == 404
    response = client.get(reverse(change, args=[partner.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    listed = client.get(reverse("admin:grants_policyproject_changelist"))
    assert list(listed.context["cl"].result_list) == [partner]
    step = reverse("admin:grants_policyproject_step", args=[own.pk, "start"])
    assert client.post(step).status_code == 404
    client.force_login(hq_user)
    response = client.get(reverse(change, args=[own.pk]))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_admin_steps_move_the_project(client, ishikari_officer):
    project = PolicyProjectFactory()
    client.force_login(ishikari_officer)
    page = client.get(reverse("admin:grants_policyproject_change", args=[project.pk]))
    assert reverse("admin:grants_policyproject_step", args=[project.pk, "start"]) in (
        page.content.decode()
    )
    client.post(reverse("admin:grants_policyproject_step", args=[project.pk, "start"]))
    url = reverse("admin:grants_policyproject_step", args=[project.pk, "complete"])
    response = client.post(url, {"results": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert re.search(r"<title>\s*Error:|エラー", response.content.decode())
    client.post(url, {"results": "参加者300人。"})
    project.refresh_from_db()
    assert project.status == "completed"
    response = client.post(
        reverse("admin:grants_policyproject_step", args=[project.pk, "propose"]), {"note": ""}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.case_study_proposed_at is not None
    # A step that is not possible now is refused with a message, never a 500.
    response = client.post(
        reverse("admin:grants_policyproject_step", args=[project.pk, "start"]), follow=True
    )
    assert response.status_code == 200
    response = client.post(
        reverse("admin:grants_policyproject_step", args=[project.pk, "nonsense"]), follow=True
    )
    assert response.status_code == 200


def test_admin_form_explains_bad_years_and_dates_at_the_field(client, ishikari_officer):
    client.force_login(ishikari_officer)
    data = {
        "fiscal_year": "26",
        "title": "事業",
        "theme": str(theme("migration").pk),
        "region": str(ishikari_officer.bureau.region_id),
        "municipalities": ["011002"],
        "summary": "目的",
        "start_date": "2026-10-01",
        "end_date": "2026-04-01",
        **_inline_management(),
    }
    response = client.post(reverse("admin:grants_policyproject_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"fiscal_year", "end_date"}
    assert not PolicyProject.objects.exists()
