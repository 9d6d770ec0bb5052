"""The status panel of an application's admin page, and the table's order: review before
decision (交付申請 → 審査 → 交付決定)."""

import datetime as dt

import pytest
from django.urls import reverse

from grants.models import Application
from grants.models.applications import Status
from grants.services import applications, review
from grants.workflows.applications import APPLICATION_WORKFLOW
from portal.workflow import InvalidTransition
from tests.panel_html import assert_panel_first, buttons, panel

pytestmark = pytest.mark.django_db


def change_url(application):
    return reverse("admin:grants_application_change", args=[application.pk])


def step_url(name, application):
    return reverse(f"admin:grants_application_{name}", args=[application.pk])


@pytest.fixture
def submitted(draft, sapporo_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return applications.application_submit(application=draft, actor=sapporo_staff)


@pytest.fixture
def under_review(submitted, ishikari_officer):
    return review.application_start_review(application=submitted, actor=ishikari_officer)


def page_for(client, user, application) -> str:
    client.force_login(user)
    response = client.get(change_url(application))
    assert response.status_code == 200
    return response.content.decode()


# --- the table ---------------------------------------------------------------------------------


def test_a_decision_is_not_offered_before_the_review_has_started(submitted, ishikari_officer):
    offered = {t.action for t in APPLICATION_WORKFLOW.available(submitted, ishikari_officer)}
    assert "start_review" in offered and "return" in offered
    assert "approve" not in offered and "reject" not in offered


def test_deciding_a_submitted_application_is_refused(submitted, ishikari_officer, allocation):
    with pytest.raises(InvalidTransition):
        review.application_approve(application=submitted, actor=ishikari_officer, amount=600_000)
    with pytest.raises(InvalidTransition):
        review.application_reject(application=submitted, actor=ishikari_officer, reason="x")
    assert Application.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_deciding_is_possible_once_the_review_has_started(under_review, ishikari_officer):
    offered = {t.action for t in APPLICATION_WORKFLOW.available(under_review, ishikari_officer)}
    assert {"approve", "reject", "return"} <= offered
    assert "start_review" not in offered


# --- the panel --------------------------------------------------------------------------------


def test_a_submitted_application_offers_the_review_first(client, ishikari_officer, submitted):
    content = page_for(client, ishikari_officer, submitted)
    assert_panel_first(content)
    section = panel(content)
    assert str(Status.SUBMITTED.label) in section
    assert "石狩振興局" in section  # the bureau holds it, no officer in charge yet
    found = buttons(content)
    assert "approve" not in found and "reject" not in found
    start = found["start_review"]
    # One click: a real button in its own form, posting to the step.
    assert start["tag"] == "button"
    assert "status-action-primary" in start["classes"]
    assert f'action="{step_url("start_review", submitted)}"' in section
    assert "status-action-secondary" in found["return"]["classes"]
    assert next(iter(found)) == "start_review"  # primary first


def test_under_review_the_officer_decides_with_weighted_buttons(
    client, ishikari_officer, under_review
):
    review.application_assign(
        application=under_review, actor=ishikari_officer, lead_officer=ishikari_officer
    )
    content = page_for(client, ishikari_officer, under_review)
    section = panel(content)
    assert str(Status.UNDER_REVIEW.label) in section
    assert ishikari_officer.name in section  # the officer in charge
    found = buttons(content)
    assert "start_review" not in found
    assert found["approve"]["tag"] == "a" and "status-action-primary" in found["approve"]["classes"]
    assert "status-action-destructive" in found["reject"]["classes"]
    assert list(found)[-1] == "reject"  # destructive last
    # The buttons are in the panel only: no second "Decision" block at the bottom.
    assert content.count(f'href="{step_url("approve", under_review)}"') == 1
    assert 'id="grant-decision-heading"' not in content


def test_hq_reads_the_panel_without_buttons(client, hq_user, under_review):
    content = page_for(client, hq_user, under_review)
    assert buttons(content) == {}
    assert "status-panel-none" in panel(content)


def test_the_applicants_move_shows_the_municipality_and_the_report_deadline(
    client, ishikari_officer, under_review, allocation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approved = review.application_approve(
            application=under_review, actor=ishikari_officer, amount=600_000
        )
    Application.objects.filter(pk=approved.pk).update(report_due=dt.date(2027, 4, 30))
    section = panel(page_for(client, ishikari_officer, approved))
    assert "札幌市" in section  # the municipality reports next
    assert "令和9年（2027年）4月30日" in section


def test_a_closed_application_is_nobodys_move(client, ishikari_officer, under_review):
    Application.objects.filter(pk=under_review.pk).update(status=Status.CLOSED)
    content = page_for(client, ishikari_officer, under_review)
    assert buttons(content) == {}
    assert 'class="status-panel-deadline"' not in panel(content)


def test_the_page_has_no_empty_fields_collapses_secondary_sections_and_one_review_block(
    client, ishikari_officer, under_review
):
    review.application_assign(
        application=under_review,
        actor=ishikari_officer,
        lead_officer=ishikari_officer,
        reviewers=[ishikari_officer],
    )
    content = page_for(client, ishikari_officer, under_review)
    # Not decided: the decision's fields are empty, so not shown as rows of dashes.
    for name in ("decided_at", "decision_reason", "return_reason", "conditions"):
        assert f"field-{name}" not in content, name
    assert "field-submitted_at" in content
    # The reviewers are listed once, in the review section, not also as a field.
    assert "field-reviewers_display" not in content
    assert "field-lead_officer" not in content
    assert content.count('id="grant-review-heading"') == 1
    # Strategy, schedule and contact are folded (<details>), the overview is open.
    assert content.count("<details") >= 3


def test_out_of_scope_is_still_404(client, oshima_officer, submitted):
    client.force_login(oshima_officer)
    assert client.get(change_url(submitted)).status_code == 404


# --- a bureau project -------------------------------------------------------------------------


def test_a_project_page_has_the_panel_and_no_empty_read_only_section(
    client, ishikari_officer, oshima_officer
):
    from tests.grants.support_factories import PolicyProjectFactory

    project = PolicyProjectFactory(partner_bureaus=["oshima"])
    url = reverse("admin:grants_policyproject_change", args=[project.pk])
    client.force_login(ishikari_officer)
    response = client.get(url)
    content = response.content.decode()
    assert_panel_first(content)
    found = buttons(content)
    assert "status-action-primary" in found["start"]["classes"]
    # Not proposed as a case study yet: that section has nothing to show, so it is left out;
    # the sections the officer edits stay.
    sections = [str(fieldset.name) for fieldset in response.context["adminform"]]
    assert "Case study" not in sections and "事例" not in sections
    assert "field-case_study_proposed_at" not in content
    assert 'name="summary"' in content
    # A partner bureau reads the project: the panel, without buttons.
    client.force_login(oshima_officer)
    assert buttons(client.get(url).content.decode()) == {}
