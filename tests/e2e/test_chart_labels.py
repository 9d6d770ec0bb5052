"""#18 point 1 beyond the regional pages: on every web page with a chart, the labels stay
readable on a phone. In Japanese as HQ, each page passes axe and reflows, and at 390 px
every chart label is drawn at least 12 px high and inside its chart (the fixed
``bar_chart_svg`` scaled its 13 px labels down to about 7 px there)."""

import datetime as dt

import pytest
from django.utils import timezone

from casebook.models import Theme
from grants.services.matching import interest_accept
from portal.models import Bureau, Event
from portal.services.events import event_record_attendance, event_register
from tests.casebook.conftest import reload_themes
from tests.casebook.factories_challenges import ChallengeFactory
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory
from tests.grants.support_factories import InterestFactory, furusato_event, load_themes

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

# Each page with its number of charts.
PAGES = [
    ("/grants/dashboard/?fiscal_year=2026", 1),  # 交付決定額（市町村別）
    ("/grants/furusato/report/", 1),  # マッチング（振興局別）
    ("/grants/furusato/statistics/", 2),  # 参加者数, マッチング
    ("/dispatch/dashboard/", 1),  # 月別の派遣回数
    ("/dispatch/kyoryokutai/figures/", 2),  # 定住率, 活動中の隊員
    ("/casebook/challenges/overview/", 1),  # テーマ別の課題
]

# Each label as drawn: its computed font size times the drawing's scale on screen (a viewBox
# scaled down to a phone's width shrinks the text with it), its height, and whether it lies
# inside its chart (an inline SVG clips what sticks out).
_LABELS = """() => [...document.querySelectorAll("main svg[role=img] text")].map((t) => {
    const box = t.getBoundingClientRect();
    const chart = t.ownerSVGElement.getBoundingClientRect();
    return {
        text: t.textContent,
        size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
        height: box.height,
        inside: box.left >= chart.left - 0.5 && box.right <= chart.right + 0.5,
    };
})"""


def _figures_to_chart():
    """Something in every chart: an application, a seminar attended, a match, challenges on
    two themes. The dispatch dashboard and the 協力隊 figures draw their rows without any."""
    load_themes()
    reload_themes()
    staff = UserFactory(sapporo=True)
    ApplicationFactory(
        call=CallFactory(fiscal_year=2026),
        created_by=staff,
        status="approved",
        approved_amount=600_000,
        submitted_at=timezone.now(),
    )
    start = timezone.now() - dt.timedelta(days=3)
    event = furusato_event(bureau=Bureau.objects.get(code="ishikari"), capacity=5)
    registration = event_register(event=event, name=staff.name, email=staff.email, user=staff)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    event.refresh_from_db()
    event_record_attendance(event=event, attended_ids=[registration.pk])
    interest_accept(interest=InterestFactory(pledged_amount=3_000_000), actor=staff)
    ChallengeFactory()
    ChallengeFactory(title="観光客の周遊", theme=Theme.objects.get(code="tourism"))


def test_chart_labels_are_readable_on_a_phone_on_every_page(page, live_server):
    _figures_to_chart()
    hq = UserFactory(hq=True, email="hq-charts@example.jp")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", hq.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    for path, charts in PAGES:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "ja", path
        assert page.locator("main svg.fluid-chart[role=img]").count() == charts, path
        assert page.locator("main svg[viewBox]").count() == 0, path
        assert_accessible(page, path)  # axe at 1366, then no sideways scrolling at 390/320
        try:
            page.set_viewport_size({"width": 390, "height": 900})
            labels = page.evaluate(_LABELS)
            assert len(labels) >= charts, path
            small = [s for s in labels if s["size"] < 12 or s["height"] < 12]
            assert not small, (path, small[:5])
            cut = [s["text"] for s in labels if not s["inside"]]
            assert not cut, (path, cut[:5])
        finally:
            page.set_viewport_size({"width": 1366, "height": 900})
