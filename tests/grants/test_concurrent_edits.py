"""Two staff editing one application at the same time: a save based on a page someone else has
changed since is refused with what changed, and nothing typed is lost. Versions are kept per
task-list section, so two people working on different sections both save. Budget lines are
updated in place: their ids survive every save."""

import re
import threading
from html import unescape

import pytest
from django.db import connection, connections
from django.urls import reverse

from grants.models import Application, BudgetLine
from grants.services import applications
from portal.concurrency import StaleVersion
from tests.browser_forms import STALE_EN, STALE_JA, form_values, panel, says, signed_in
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory, cost


def text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def section_url(application, key):
    return reverse("grants:application_section", args=[application.pk, key])


def opened(client, application, key) -> dict:
    """Open a section as a browser does and return what its form would post back."""
    response = client.get(section_url(application, key))
    assert response.status_code == 200
    return form_values(response.content.decode())


@pytest.fixture
def colleague(db):
    """A second member of staff of 札幌市."""
    return UserFactory(sapporo=True)


@pytest.fixture
def draft(sapporo_staff):
    return ApplicationFactory(call=CallFactory(), created_by=sapporo_staff)


# --- One section, two people ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_save_is_refused_keeps_what_was_typed_and_shows_what_changed(
    sapporo_staff, colleague, draft
):
    a, b = signed_in(sapporo_staff), signed_in(colleague)
    page_a = opened(a, draft, "strategy")
    page_b = opened(b, draft, "strategy")

    page_a["kpi_target"] = "80店舗"
    assert a.post(section_url(draft, "strategy"), page_a).status_code == 302

    page_b["kpi_name"] = "キャッシュレス決済の利用件数"
    response = b.post(section_url(draft, "strategy"), page_b)
    assert response.status_code == 200
    page = response.content.decode()
    assert says(page, STALE_JA, STALE_EN)
    assert says(page.split("</title>")[0], "エラー", "Error")
    # What B typed comes back in the form…
    assert form_values(page)["kpi_name"] == "キャッシュレス決済の利用件数"
    # …and the panel shows A's change: the field, what B saw, what is saved now.
    changes = panel(response)
    assert "KPI" in changes and "60店舗" in changes and "80店舗" in changes
    assert "キャッシュレス決済導入店舗数" not in changes  # kpi_name was not changed by A
    draft.refresh_from_db()
    assert draft.kpi_name == "キャッシュレス決済導入店舗数"  # B's stale save wrote nothing
    assert draft.kpi_target == "80店舗"

    # B re-applies A's change and saves again from the page as it came back: it goes through.
    again = form_values(page)
    again["kpi_target"] = "80店舗"
    assert b.post(section_url(draft, "strategy"), again).status_code == 302
    draft.refresh_from_db()
    assert (draft.kpi_name, draft.kpi_target) == ("キャッシュレス決済の利用件数", "80店舗")


@pytest.mark.django_db
def test_what_a_refused_save_typed_is_also_kept_on_the_server(sapporo_staff, colleague, draft):
    a, b = signed_in(sapporo_staff), signed_in(colleague)
    page_a, page_b = opened(a, draft, "contact"), opened(b, draft, "contact")
    page_a["contact_phone"] = "011-000-0000"
    a.post(section_url(draft, "contact"), page_a)
    page_b["contact_name"] = "北海 花子"
    assert b.post(section_url(draft, "contact"), page_b).status_code == 200
    # B closes the tab and comes back: the input is there, and saving it is checked again.
    again = opened(b, draft, "contact")
    assert again["contact_name"] == "北海 花子"
    response = b.post(section_url(draft, "contact"), again)
    assert response.status_code == 200 and says(response.content.decode(), STALE_JA, STALE_EN)
    assert "011-000-0000" in panel(response)


@pytest.mark.django_db
def test_two_people_saving_different_sections_both_succeed(sapporo_staff, colleague, draft):
    a, b = signed_in(sapporo_staff), signed_in(colleague)
    overview, contact = opened(a, draft, "overview"), opened(b, draft, "contact")
    overview["title"] = "商店街DX推進事業"
    contact["contact_department"] = "経済観光局 商業振興課"
    assert a.post(section_url(draft, "overview"), overview).status_code == 302
    assert b.post(section_url(draft, "contact"), contact).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "商店街DX推進事業"
    assert draft.contact_department == "経済観光局 商業振興課"


@pytest.mark.django_db
def test_a_tampered_version_is_only_ever_stale(sapporo_staff, draft):
    a = signed_in(sapporo_staff)
    page = opened(a, draft, "schedule")
    for bad in ("abc", "-1", "99999999999999999999"):
        response = a.post(section_url(draft, "schedule"), {**page, "version": bad})
        assert response.status_code == 200
        assert says(response.content.decode(), STALE_JA, STALE_EN)


@pytest.mark.django_db
def test_partners_changed_by_someone_else_are_named_in_the_panel(sapporo_staff, colleague, draft):
    a, b = signed_in(sapporo_staff), signed_in(colleague)
    page_a, page_b = opened(a, draft, "overview"), opened(b, draft, "overview")
    page_a["partners"] = ["012173"]  # 江別市
    assert a.post(section_url(draft, "overview"), page_a).status_code == 302
    response = b.post(section_url(draft, "overview"), page_b)
    assert response.status_code == 200
    assert "江別市" in panel(response)


# --- The budget -----------------------------------------------------------------------------


def _line_keys(values: dict) -> list[str]:
    return sorted(k for k in values if re.fullmatch(r"lines-\d+-id", k))


@pytest.mark.django_db
def test_budget_lines_keep_their_ids_across_saves(sapporo_staff, draft):
    a = signed_in(sapporo_staff)
    before = list(draft.budget_lines.values_list("pk", flat=True))
    page = opened(a, draft, "budget")
    page["lines-0-amount"] = "400,000"
    page["requested_amount"] = "600,000"
    response = a.post(section_url(draft, "budget"), page)
    assert response.status_code == 302, text(response)
    lines = list(draft.budget_lines.order_by("order"))
    assert [line.pk for line in lines] == before
    assert lines[0].amount == 400_000


@pytest.mark.django_db
def test_a_stale_budget_is_refused_with_the_lines_that_changed(sapporo_staff, colleague, draft):
    a, b = signed_in(sapporo_staff), signed_in(colleague)
    ids = list(draft.budget_lines.order_by("order").values_list("pk", flat=True))
    page_a, page_b = opened(a, draft, "budget"), opened(b, draft, "budget")

    # A changes line 1.
    page_a["lines-0-amount"] = "400,000"
    page_a["requested_amount"] = "600,000"
    assert a.post(section_url(draft, "budget"), page_a).status_code == 302

    # B, on the page opened before, adds a fourth line in the first empty row.
    page_b["lines-3-cost_category"] = str(cost("travel").pk)
    page_b["lines-3-description"] = "講師旅費"
    page_b["lines-3-amount"] = "50,000"
    response = b.post(section_url(draft, "budget"), page_b)
    assert response.status_code == 200
    assert says(response.content.decode(), STALE_JA, STALE_EN)
    changes = panel(response)
    assert "講師謝金" in changes and "300,000円" in changes and "400,000円" in changes
    back = form_values(response.content.decode())
    assert back["lines-3-description"] == "講師旅費"  # B's typed line is still there
    assert list(draft.budget_lines.order_by("order").values_list("pk", flat=True)) == ids

    # B saves again from the page that came back: B's table wins, and ids are kept.
    response = b.post(section_url(draft, "budget"), back)
    assert response.status_code == 302, text(response)
    lines = list(draft.budget_lines.order_by("order"))
    assert [line.pk for line in lines[:3]] == ids
    assert [line.description for line in lines] == [
        "講師謝金",
        "決済端末導入支援委託",
        "イベント飲食",
        "講師旅費",
    ]


@pytest.mark.django_db
def test_a_removed_line_is_deleted_and_the_others_keep_their_ids(sapporo_staff, draft):
    a = signed_in(sapporo_staff)
    first, second, third = draft.budget_lines.order_by("order")
    page = opened(a, draft, "budget")
    page["lines-1-DELETE"] = "on"
    page["requested_amount"] = "100,000"
    response = a.post(section_url(draft, "budget"), page)
    assert response.status_code == 302, text(response)
    assert list(draft.budget_lines.order_by("order").values_list("pk", flat=True)) == [
        first.pk,
        third.pk,
    ]
    assert not BudgetLine.objects.filter(pk=second.pk).exists()


@pytest.mark.django_db
def test_a_line_id_of_another_application_is_not_touched(sapporo_staff, draft):
    other = ApplicationFactory(call=draft.call, created_by=sapporo_staff)
    foreign = other.budget_lines.order_by("order").first()
    a = signed_in(sapporo_staff)
    page = opened(a, draft, "budget")
    page["lines-0-id"] = str(foreign.pk)
    page["lines-0-description"] = "書き換え"
    page["requested_amount"] = "600,000"
    response = a.post(section_url(draft, "budget"), page)
    assert response.status_code == 302, text(response)
    foreign.refresh_from_db()
    assert foreign.description == "講師謝金" and foreign.application_id == other.pk
    assert draft.budget_lines.filter(description="書き換え").exists()


# --- The service under a real race ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_saves_of_the_same_version_at_the_same_moment_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL (CI runs this on PostgreSQL)")
    staff = [UserFactory(sapporo=True), UserFactory(sapporo=True)]
    draft = ApplicationFactory(call=CallFactory(), created_by=staff[0])
    version = draft.strategy_version
    barrier = threading.Barrier(2)
    outcomes = []

    def save(actor, target):
        try:
            barrier.wait(timeout=10)
            applications.application_save_section(
                application=Application.objects.get(pk=draft.pk),
                actor=actor,
                section="strategy",
                data={"kpi_target": target},
                version=version,
            )
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(actor, target))
        for actor, target in zip(staff, ("70店舗", "90店舗"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["saved", "stale"]
    draft.refresh_from_db()
    assert draft.strategy_version == version + 1
    assert draft.kpi_target in ("70店舗", "90店舗")
