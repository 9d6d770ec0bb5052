"""``grants.api``: what the grants pillar publishes for the other pillars returns plain frozen
dataclasses (never models or querysets), keeps the grants pillar's scope, and the casebook
pages built on it show what they showed before."""

import dataclasses
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import api
from grants.services import projects as grant_projects
from portal import registry
from tests.grants.factories import ApplicationFactory, CallFactory
from tests.grants.support_factories import PolicyProjectFactory

pytestmark = pytest.mark.django_db


def plain(value) -> bool:
    """A frozen dataclass whose fields hold no model instance or queryset."""
    if not (dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen):
        return False
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        items = item if isinstance(item, tuple) else (item,)
        for one in items:
            if hasattr(one, "_meta") or hasattr(one, "query"):
                return False
            if dataclasses.is_dataclass(one) and not plain(one):
                return False
    return True


@pytest.fixture
def decided():
    return ApplicationFactory(
        status="approved",
        reference="R8-石狩-0101",
        approved_amount=600_000,
        submitted_at=timezone.now(),
    )


def test_a_decided_grant_in_scope_is_found_by_its_reference(decided, ishikari_officer):
    grant = api.grant_for_reference(ishikari_officer, " R8-石狩-0101 ")
    assert plain(grant)
    assert grant == api.GrantLink(
        application_id=decided.pk,
        call_id=decided.call_id,
        reference="R8-石狩-0101",
        programme="地域づくり総合交付金",
        title=decided.title,
        amount=600_000,
    )


def test_a_grant_out_of_scope_undecided_or_unknown_is_none(
    decided, oshima_officer, ishikari_officer
):
    assert api.grant_for_reference(oshima_officer, "R8-石狩-0101") is None
    ApplicationFactory(reference="R8-石狩-0102", status="submitted", submitted_at=timezone.now())
    assert api.grant_for_reference(ishikari_officer, "R8-石狩-0102") is None
    assert api.grant_for_reference(ishikari_officer, "R8-石狩-9999") is None
    assert api.grant_for_reference(ishikari_officer, "") is None


def test_a_published_call_is_plain_data_with_its_page():
    call = CallFactory()
    hidden = CallFactory(is_published=False)
    summary = api.call_public(call.pk)
    assert plain(summary)
    assert (summary.id, summary.title, summary.bureau_name) == (call.pk, call.title, "石狩振興局")
    assert summary.url == reverse("grants:call_detail", args=[call.pk])
    assert api.call_public(hidden.pk) is None
    assert registry.page_url("grants.call", call.pk) == summary.url
    assert registry.page_url("nobody.page", call.pk) == ""  # a pillar not installed


def test_open_calls_naming_words_of_the_bureau_or_region():
    from portal.models import Bureau

    ishikari = Bureau.objects.get(code="ishikari")
    wanted = CallFactory(title="観光人材育成の補助")
    CallFactory(title="観光の補助（締切済）", closes_at=timezone.now() - dt.timedelta(days=1))
    CallFactory(title="関係のない補助")
    CallFactory(title="観光の補助（渡島）", bureau=Bureau.objects.get(code="oshima"))
    found = api.open_calls_naming(
        ["観光"], bureau_id=ishikari.pk, region_id=ishikari.region_id, limit=20
    )
    assert [c.id for c in found] == [wanted.pk]
    assert all(plain(c) for c in found)
    assert api.open_calls_naming([], bureau_id=ishikari.pk, region_id=None) == []


@pytest.fixture
def proposed(ishikari_officer):
    project = PolicyProjectFactory(evaluated=True, municipalities=["011002", "012173"])
    project.kpis.create(name="参加者数", unit="人", baseline=80, target=200, result=300)
    project.budget_lines.create(item="委託料", planned=1_000_000, spent=900_000)
    grant_projects.policy_project_propose_case_study(
        project=project, actor=ishikari_officer, note="横展開しやすい。"
    )
    return project


def test_proposed_projects_and_their_material_are_plain_data(proposed):
    PolicyProjectFactory(evaluated=True)  # finished, not proposed
    [row] = api.projects_proposed_as_case_studies()
    assert plain(row)
    assert (row.id, row.title, row.note) == (proposed.pk, proposed.title, "横展開しやすい。")
    assert row.url == reverse("grants:project_result_detail", args=[proposed.pk])
    material = api.project_case_study_material(proposed.pk)
    assert plain(material)
    assert [m.code for m in material.municipalities] == ["011002", "012173"]
    assert [(k.name, k.result) for k in material.kpis] == [("参加者数", 300)]
    assert (material.budget_planned, material.budget_spent) == (1_000_000, 900_000)
    assert material.public_url == row.url
    assert registry.page_url("grants.project_results", proposed.pk) == row.url


def test_a_project_not_proposed_has_no_material():
    project = PolicyProjectFactory(evaluated=True)
    assert api.project_case_study_material(project.pk) is None
    assert api.project_case_study_material(999_999) is None


def test_the_casebook_projects_page_shows_the_proposal_from_the_api(client, proposed):
    from casebook.models import Editor
    from tests.factories import UserFactory

    editor = UserFactory(hq=True)
    Editor.objects.create(user=editor)
    client.force_login(editor)
    page = client.get(reverse("admin:casebook_casestudy_projects")).content.decode()
    assert proposed.title in page and "横展開しやすい。" in page
    assert f'href="{reverse("grants:project_result_detail", args=[proposed.pk])}"' in page
    assert f'name="project" value="{proposed.pk}"' in page
