"""A bureau's finished policy project (grants F2), proposed for the journal, becomes a draft
case study at an editor's click, linked to the project's public results page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casebook.models import CaseStudy, Origin, Status
from casebook.services.case_studies import case_study_publish, case_study_submit
from casebook.services.projects import case_study_draft_from_project
from grants.services import projects as grant_projects
from portal.models import AuditEvent
from tests.grants.support_factories import PolicyProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(ishikari_officer):
    project = PolicyProjectFactory(evaluated=True, municipalities=["011002", "012173"])
    project.kpis.create(name="参加者数", unit="人", baseline=80, target=200, result=300)
    project.budget_lines.create(item="委託料", planned=1_000_000, spent=900_000)
    grant_projects.policy_project_propose_case_study(
        project=project, actor=ishikari_officer, note="横展開しやすい。"
    )
    return project


def test_an_editor_drafts_a_case_study_from_a_proposed_project(proposed, editor):
    case_study = case_study_draft_from_project(project_id=proposed.pk, actor=editor)
    assert case_study.status == Status.DRAFT
    assert case_study.origin == Origin.HQ
    assert case_study.title == proposed.title
    assert case_study.municipality_id == "011002"
    assert case_study.fiscal_year == proposed.fiscal_year
    assert case_study.budget_total == 900_000
    figure = case_study.figures.get()
    assert (figure.label, figure.value, figure.unit) == ("参加者数", "300", "人")
    assert "200" in figure.note and "80" in figure.note
    source = case_study.funding_sources.get()
    assert source.policy_project_id == proposed.pk
    assert source.amount == 900_000
    assert AuditEvent.objects.for_object(case_study).filter(action="from_project").exists()
    # Twice: the same draft.
    assert case_study_draft_from_project(project_id=proposed.pk, actor=editor) == case_study
    assert CaseStudy.objects.count() == 1


def test_only_editors_draft_and_only_from_proposed_finished_projects(
    proposed, editor, ishikari_officer, hq_user
):
    for user in (ishikari_officer, hq_user):  # HQ staff who are not editors
        with pytest.raises(PermissionDenied):
            case_study_draft_from_project(project_id=proposed.pk, actor=user)
    not_proposed = PolicyProjectFactory(completed=True)
    with pytest.raises(ValidationError) as error:
        case_study_draft_from_project(project_id=not_proposed.pk, actor=editor)
    assert error.value.code == "not_proposed"
    assert not CaseStudy.objects.exists()


def test_the_published_case_study_links_the_projects_results_page(client, proposed, editor):
    case_study = case_study_draft_from_project(project_id=proposed.pk, actor=editor)
    case_study_submit(case_study=case_study, actor=editor)
    case_study_publish(case_study=case_study, actor=editor)
    page = client.get(case_study.get_absolute_url()).content.decode()
    assert reverse("grants:project_result_detail", args=[proposed.pk]) in page


def test_the_admin_page_lists_proposals_and_drafts_on_post(client, proposed, editor):
    client.force_login(editor)
    url = reverse("admin:casebook_casestudy_projects")
    page = client.get(url)
    assert page.status_code == 200
    assert proposed.title in page.content.decode()
    response = client.post(url, {"project": proposed.pk})
    case_study = CaseStudy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:casebook_casestudy_change", args=[case_study.pk])
    assert reverse("admin:casebook_casestudy_change", args=[case_study.pk]) in (
        client.get(url).content.decode()
    )
    changelist = client.get(reverse("admin:casebook_casestudy_changelist")).content.decode()
    assert url in changelist


def test_the_admin_page_is_404_to_all_but_editors(client, proposed, ishikari_officer, hq_user):
    url = reverse("admin:casebook_casestudy_projects")
    for user in (ishikari_officer, hq_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"project": proposed.pk}).status_code == 404
    assert not CaseStudy.objects.exists()


def test_a_bad_project_number_is_a_message_not_an_error(client, editor):
    client.force_login(editor)
    url = reverse("admin:casebook_casestudy_projects")
    response = client.post(url, {"project": "999999"}, follow=True)
    assert response.status_code == 200
    assert not CaseStudy.objects.exists()
    assert client.post(url, {"project": "abc"}).status_code == 404


def test_the_admin_page_query_count_does_not_grow_with_rows(
    client, proposed, editor, ishikari_officer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    url = reverse("admin:casebook_casestudy_projects")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        project = PolicyProjectFactory(completed=True)
        grant_projects.policy_project_propose_case_study(project=project, actor=ishikari_officer)
    case_study_draft_from_project(project_id=proposed.pk, actor=editor)
    with CaptureQueriesContext(connection) as four:
        page = client.get(url).content.decode()
    assert page.count('name="project"') == 3
    assert len(four) == len(one)
