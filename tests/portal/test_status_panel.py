"""The status panel of a workflow object's admin page: the kernel's part (portal/status_panel.py),
shown on the access requests' page; the pillars test their own pages."""

import pytest
from django.urls import reverse

from portal.actions import DESTRUCTIVE, Action, ActionSet
from portal.models import AccessRequest, Role
from portal.status_panel import (
    NOBODY,
    PANEL_CHANGE_FORM,
    StatusPanelMixin,
    holder_roles,
    is_empty,
)
from portal.workflow import (
    ACCESS_REQUEST_WORKFLOW,
    GROUP_ACCESS_REQUEST_WORKFLOW,
    Transition,
    Workflow,
)
from tests.factories import AccessRequestFactory, UserFactory
from tests.panel_html import assert_panel_first, buttons, panel


def change_url(obj):
    return reverse("admin:portal_accessrequest_change", args=[obj.pk])


class Thing:
    def __init__(self, status):
        self.status = status


# --- the declaration --------------------------------------------------------------------------


def _noop(*args):
    return ""


def test_an_action_is_secondary_unless_told():
    assert Action("x", "X", _noop).style == "secondary"
    assert Action("x", "X", _noop, style=DESTRUCTIVE).style == "destructive"


def test_an_unknown_style_is_a_mistake_at_declaration():
    with pytest.raises(ValueError, match="style"):
        Action("x", "X", _noop, style="loud")


def test_an_action_with_a_form_is_never_one_click():
    from django import forms

    with pytest.raises(ValueError, match="one-click"):
        Action("x", "X", _noop, form=forms.Form, one_click=True)


# --- whose move it is -----------------------------------------------------------------------


def test_the_holder_is_the_role_whose_move_starts_from_the_status():
    assert holder_roles(ACCESS_REQUEST_WORKFLOW, Thing("pending")) == [Role.BUREAU]
    assert holder_roles(GROUP_ACCESS_REQUEST_WORKFLOW, Thing("pending")) == [Role.MUNICIPAL]


def test_nobody_holds_an_object_at_the_end_of_its_table():
    assert holder_roles(ACCESS_REQUEST_WORKFLOW, Thing("approved")) == []


def test_a_party_that_can_only_withdraw_does_not_hold_the_object():
    workflow = Workflow(
        "w",
        [
            Transition("decide", frozenset({"open"}), "done", frozenset({Role.BUREAU}), "D"),
            Transition("withdraw", frozenset({"open"}), "gone", frozenset({Role.MUNICIPAL}), "W"),
            Transition("reopen", frozenset({"done"}), "open", frozenset({Role.HQ}), "R"),
        ],
    )
    assert holder_roles(workflow, Thing("open")) == [Role.BUREAU]
    # HQ is named when nobody else holds it.
    assert holder_roles(workflow, Thing("done")) == [Role.HQ]


@pytest.mark.parametrize(
    ("value", "empty"),
    [(None, True), ("", True), ("  ", True), ("-", True), ("—", True), ([], True), (0, False)],
)
def test_what_counts_as_showing_nothing(value, empty):
    assert is_empty(value) is empty


# --- the page ---------------------------------------------------------------------------------


@pytest.fixture
def pending(db):
    return AccessRequestFactory(user=UserFactory(), reason="交付金の申請")


def test_the_panel_comes_first_with_status_holder_and_the_officers_buttons(
    client, ishikari_officer, pending
):
    client.force_login(ishikari_officer)
    response = client.get(change_url(pending))
    content = response.content.decode()
    assert_panel_first(content)
    section = panel(content)
    assert str(AccessRequest.Status.PENDING.label) in section
    assert "石狩振興局" in section  # the bureau decides a staff request
    found = buttons(content)
    assert list(found) == ["approve", "decline"]  # primary first, destructive last
    approve, decline = found["approve"], found["decline"]
    # Approving posts at once from its own form; declining opens its page (a reason).
    assert approve["tag"] == "button" and "status-action-primary" in approve["classes"]
    assert decline["tag"] == "a" and "status-action-destructive" in decline["classes"]
    assert approve["text"] and decline["text"]  # buttons with names
    approve_url = reverse("admin:portal_accessrequest_approve", args=[pending.pk])
    assert f'action="{approve_url}"' in section
    # No second set of decision buttons further down the page.
    assert content.count(approve_url) == 1


def test_no_button_once_decided_and_nobody_holds_it(client, ishikari_officer, pending):
    AccessRequest.objects.filter(pk=pending.pk).update(status="approved")
    client.force_login(ishikari_officer)
    content = client.get(change_url(pending)).content.decode()
    assert buttons(content) == {}
    assert str(NOBODY) in panel(content)
    assert "status-panel-none" in panel(content)


def test_empty_read_only_fields_and_sections_are_left_out(client, ishikari_officer, pending):
    client.force_login(ishikari_officer)
    content = client.get(change_url(pending)).content.decode()
    # Not decided yet: who decided, when and the note are empty, so not shown.
    assert "field-decided_by" not in content
    assert "field-decision_note" not in content
    assert "field-reason" in content


def test_out_of_scope_is_still_404(client, oshima_officer, pending):
    client.force_login(oshima_officer)
    assert client.get(change_url(pending)).status_code == 404


def test_every_workflow_admin_shows_the_panel():
    """Every registered admin with an action set or a workflow has the panel and its
    template."""
    from django.contrib import admin
    from django.template.loader import select_template

    with_actions = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(getattr(model_admin, "object_actions", None), ActionSet)
        or isinstance(getattr(model_admin, "panel_actions", None), ActionSet)
        or isinstance(getattr(model_admin, "panel_workflow", None), Workflow)
    ]
    names = {type(model_admin).__name__ for model_admin in with_actions}
    assert names >= {
        "AccessRequestAdmin",
        "ApplicationAdmin",
        "CompanyAdmin",
        "PolicyProjectAdmin",
        "ChallengeAdmin",
        "CaseStudyAdmin",
        "CertificationApplicationAdmin",
        "JournalIssueAdmin",
        "CooperativeAdmin",
        "ChangeNotificationAdmin",
        "DispatchRequestAdmin",
        "PositionAdmin",
        "TrialProgrammeAdmin",
        "VolunteerAdmin",
    }
    for model_admin in with_actions:
        assert isinstance(model_admin, StatusPanelMixin), model_admin
        template = model_admin.change_form_template
        chosen = select_template([template] if isinstance(template, str) else template)
        assert chosen.template.name == PANEL_CHANGE_FORM or (
            f'{{% extends "{PANEL_CHANGE_FORM}" %}}' in chosen.template.source
        ), model_admin
