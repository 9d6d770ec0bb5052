"""#21 point 3 on grant applications: the strategy section offers the measures serving the
municipality (published, its own 総合戦略 and its region's policy), the service refuses the
others, and the data migration links the free-text measure where it matches a title."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from grants.services import applications
from portal.models import StrategyKind
from tests.grants.factories import ApplicationFactory
from tests.portal.strategies import build

migration = importlib.import_module("grants.migrations.0012_link_strategy_measure_texts")


def section_url(application):
    return reverse("grants:application_section", args=[application.pk, "strategy"])


def _post(measures, **extra):
    return {
        "strategy_name": "第2期総合戦略",
        "measures": measures,
        "kpi_name": "導入店舗数",
        "kpi_baseline": "20店舗",
        "kpi_target": "80店舗",
        **extra,
    }


@pytest.fixture
def measures(sapporo_staff, ebetsu_staff, ishikari_officer, oshima_officer):
    _s, _g, own, _k = build(sapporo_staff, publish=True)
    _d, _dg, draft, _dk = build(sapporo_staff, start=2020, end=2024)  # a draft: not offered
    _e, _eg, other, _ek = build(ebetsu_staff, publish=True)
    _r, _rg, regional, _rk = build(ishikari_officer, kind=StrategyKind.REGIONAL, publish=True)
    _o, _og, far, _ok = build(oshima_officer, kind=StrategyKind.REGIONAL, publish=True)
    return {"own": own, "draft": draft, "other": other, "regional": regional, "far": far}


def test_the_section_offers_the_serving_measures_grouped_by_strategy(
    client, sapporo_staff, measures
):
    application = ApplicationFactory(created_by=sapporo_staff)
    client.force_login(sapporo_staff)
    page = client.get(section_url(application)).content.decode()
    assert f'name="measures" value="{measures["own"].pk}"' in page
    assert f'name="measures" value="{measures["regional"].pk}"' in page
    for refused in ("draft", "other", "far"):
        assert f'name="measures" value="{measures[refused].pk}"' not in page
    assert page.index("第2期まち・ひと・しごと創生総合戦略") < page.index(
        f'name="measures" value="{measures["regional"].pk}"'
    )


def test_ticking_measures_links_them(client, sapporo_staff, measures):
    application = ApplicationFactory(created_by=sapporo_staff)
    client.force_login(sapporo_staff)
    chosen = [measures["own"].pk, measures["regional"].pk]
    response = client.post(section_url(application), _post(chosen, action="return"))
    assert response.status_code == 302
    assert {m.pk for m in application.measures.all()} == set(chosen)


@pytest.mark.parametrize("refused", ["draft", "other", "far"])
def test_a_measure_not_serving_the_municipality_is_refused_in_the_form(
    client, sapporo_staff, measures, refused
):
    application = ApplicationFactory(created_by=sapporo_staff)
    client.force_login(sapporo_staff)
    response = client.post(section_url(application), _post([measures[refused].pk]))
    assert response.status_code == 200
    assert "施策ではありません" in response.content.decode()
    assert not application.measures.exists()
    application.refresh_from_db()
    assert application.section_drafts.get("strategy")  # what was typed is kept


def test_the_service_refuses_a_measure_of_another_municipality(sapporo_staff, measures):
    application = ApplicationFactory(created_by=sapporo_staff)
    with pytest.raises(ValidationError) as error:
        applications.application_save_section(
            application=application,
            actor=sapporo_staff,
            section="strategy",
            data={"measures": [measures["other"]]},
        )
    assert "企業誘致の推進" in str(error.value.message_dict["measures"])
    assert not application.measures.exists()


def test_the_old_text_is_shown_read_only_as_the_entry_before_migration(
    client, sapporo_staff, measures
):
    application = ApplicationFactory(created_by=sapporo_staff, strategy_measure="観光の振興")
    client.force_login(sapporo_staff)
    page = client.get(section_url(application)).content.decode()
    assert "移行前の記載" in page
    assert "観光の振興" in page and "disabled" in page
    client.post(section_url(application), _post([], legacy_measure="書き換え"))
    application.refresh_from_db()
    assert application.strategy_measure == "観光の振興"


def test_the_migration_links_a_matching_text_and_keeps_the_others(sapporo_staff, measures):
    matching = ApplicationFactory(created_by=sapporo_staff, strategy_measure=" 企業誘致の推進 ")
    other = ApplicationFactory(created_by=sapporo_staff, strategy_measure="観光の振興")
    migration.link_measure_texts(django_apps, None)
    matching.refresh_from_db()
    other.refresh_from_db()
    assert [m.pk for m in matching.measures.all()] in ([measures["own"].pk], [measures["draft"].pk])
    assert matching.strategy_measure == ""
    assert not other.measures.exists()
    assert other.strategy_measure == "観光の振興"


def test_a_policy_project_offers_the_measures_of_its_municipalities(
    sapporo_staff, ebetsu_staff, ishikari_officer, measures
):
    from grants.admin.projects import PolicyProjectForm
    from portal.registry import measure_contributions
    from tests.grants.support_factories import PolicyProjectFactory

    project = PolicyProjectFactory(municipalities=["011002"], fiscal_year=2025)
    form = PolicyProjectForm(instance=project)
    offered = {pk for _group, choices in form.fields["measures"].choices for pk, _t in choices}
    assert offered == {measures["own"].pk, measures["regional"].pk}
    data = {
        "fiscal_year": "2025",
        "title": project.title,
        "theme": str(project.theme_id),
        "region": str(project.region_id),
        "municipalities": ["011002"],
        "summary": "目的",
        "measures": [measures["other"].pk],
    }
    refused = PolicyProjectForm(instance=project, data=data)
    assert not refused.is_valid() and "measures" in refused.errors
    accepted = PolicyProjectForm(instance=project, data={**data, "measures": [measures["own"].pk]})
    assert accepted.is_valid(), accepted.errors
    project.measures.add(measures["own"])
    rows = measure_contributions({measures["own"].pk}, 2025)
    assert [r.count for r in rows if r.label in ("Policy projects", "政策推進事業")] == [1]


def test_the_answers_show_the_measures_and_the_kept_text(sapporo_staff, measures):
    from grants.views.applications.common import content_of

    application = ApplicationFactory(created_by=sapporo_staff, strategy_measure="観光の振興")
    application.measures.add(measures["own"])
    strategy = next(a for a in content_of(application)["answers"] if a["section"].key == "strategy")
    values = [row["value"] for row in strategy["rows"]]
    assert ["第2期まち・ひと・しごと創生総合戦略：企業誘致の推進"] in values
    assert "観光の振興" in values
