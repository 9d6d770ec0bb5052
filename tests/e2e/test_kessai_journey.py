"""決裁 in Chromium, in the Japanese UI with axe on every page: a municipality's application
submission through its 課長's approval, and a bureau's 交付決定 through its 局長's. Buttons are
found by their form values, so the journey reads the same before and after translation."""

import pytest

from grants.models import Application, Notice
from grants.services import applications, review
from portal.models import Bureau, Municipality, Position, Unit
from portal.services.kessai_routes import approval_route_set
from tests.e2e.conftest import assert_accessible
from tests.factories import UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

from .test_grants_journey import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def route(kind, position, **organisation):
    approval_route_set(
        kind=kind,
        steps=[{"position": position, "unit_id": None}],
        actor=UserFactory(hq=True),
        **organisation,
    )


def approve_in_the_box(page, live_server, approver, kessai_title_part):
    sign_in(page, live_server, approver)
    page.goto(f"{live_server.url}/kessai/")
    assert_accessible(page, "決裁 box")
    with page.expect_navigation():
        page.locator("main a[href^='/kessai/']", has_text=kessai_title_part).first.click()
    assert_accessible(page, "決裁 page")
    page.fill("#id_comment", "確認しました。")
    with page.expect_navigation():
        page.locator("button[name=op][value=approve]").click()
    assert_accessible(page, "決裁 page, decided")


def test_a_municipal_submission_goes_out_after_the_managers_approval(page, live_server):
    sapporo = Municipality.objects.get(code="011002")
    division = Unit.objects.create(municipality=sapporo, name="経済戦略課")
    section = Unit.objects.create(
        municipality=sapporo, name="推進係", kind=Unit.Kind.SECTION, parent=division
    )
    staff = UserFactory(sapporo=True, name="担当 一郎", unit=section, email="staff@example.jp")
    manager = UserFactory(
        sapporo=True,
        name="課長 三郎",
        unit=division,
        position=Position.MANAGER,
        email="manager@example.jp",
    )
    manager.is_org_admin = True
    manager.save(update_fields=["is_org_admin"])
    application = ApplicationFactory(call=CallFactory(fiscal_year=2026), created_by=staff)
    page.set_viewport_size({"width": 1366, "height": 768})

    # The 課長, the municipality's administrator, sets the route: the 課長 approves submissions.
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/kessai/routes/")
    assert_accessible(page, "routes")
    with page.expect_navigation():
        page.locator("a[href='/kessai/routes/grants.application_submit/']").click()
    assert_accessible(page, "route form")
    page.select_option("#id_position_1", str(Position.MANAGER))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert_accessible(page, "routes, saved")
    # And names a stand-in for when they are away (none today).
    page.goto(f"{live_server.url}/kessai/delegations/")
    assert_accessible(page, "stand-ins")

    sign_in(page, live_server, staff)
    page.goto(f"{live_server.url}/grants/applications/{application.pk}/check/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    # Drafted: back on the application, which shows the route and waits; no number yet.
    assert_accessible(page, "application drafted")
    assert page.locator(".kessai-panel").is_visible()
    application.refresh_from_db()
    assert (application.status, application.reference) == ("draft", "")

    approve_in_the_box(page, live_server, manager, "商店街キャッシュレス推進事業")
    application.refresh_from_db()
    assert application.status == "submitted" and application.reference


def test_a_bureau_decision_is_issued_after_the_heads_approval(page, live_server):
    ishikari = Bureau.objects.get(code="ishikari")
    division = Unit.objects.create(bureau=ishikari, name="地域政策課")
    officer = UserFactory(ishikari_officer=True, name="主事 一子", unit=division)
    head = UserFactory(
        ishikari_officer=True, name="局長 四子", unit=division, position=Position.HEAD
    )
    AllocationFactory(amount=10_000_000)
    staff = UserFactory(sapporo=True)
    application = ApplicationFactory(call=CallFactory(fiscal_year=2026), created_by=staff)
    applications.application_submit(application=application, actor=staff)
    review.application_start_review(application=application, actor=officer)
    route("grants.application_approve", Position.HEAD, bureau_id=ishikari.pk)
    page.set_viewport_size({"width": 1366, "height": 768})

    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/admin/grants/application/{application.pk}/approve/")
    assert_accessible(page, "approve form")
    page.fill("#id_amount", "600000")
    page.locator("input[name='preview-confirmed']").check()
    with page.expect_navigation():
        page.locator("input[type=submit], button[type=submit]").last.click()
    assert_accessible(page, "application with its draft")
    assert page.locator(".kessai-panel").is_visible()
    assert Application.objects.get(pk=application.pk).status == "under_review"
    assert not Notice.objects.exists()

    approve_in_the_box(page, live_server, head, "商店街キャッシュレス推進事業")
    application.refresh_from_db()
    assert application.status == "approved"
    assert Notice.objects.get().document_number
