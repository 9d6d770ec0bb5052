"""The regional view in Chromium: HQ's pages and the annual report page pass axe."""

import pytest

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import AllocationFactory, ApplicationFactory, CallFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_hq_reads_the_regional_pages(page, live_server):
    hq = UserFactory(hq=True, email="hq@example.jp")
    staff = UserFactory(sapporo=True)
    ApplicationFactory(call=CallFactory(fiscal_year=2026), created_by=staff)
    AllocationFactory()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", hq.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    for path in [
        "/regions/",
        "/regions/doo/",
        "/regions/bureaus/ishikari/",
        "/regions/municipalities/011002/",
        "/regions/annual-report/",
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page, path)
    page.goto(live_server.url + "/regions/?fiscal_year=2026")
    assert page.locator("svg[role=img]").count() >= 1
