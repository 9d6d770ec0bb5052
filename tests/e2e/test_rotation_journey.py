"""The April rotation in Chromium (人事異動, #20): 札幌市's administrator creates a roster
change, uploads a CSV with one wrong row, reads the preview (the row's problem, nothing
applied), corrects the row on the page without uploading again, schedules the change and
reads the 引継ぎ list. axe and the reflow check on each page, in the Japanese UI."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from portal.models import Municipality, RosterBatch, Unit, User
from portal.services.rotation_rows import IMPORTER, problem_text
from portal.tasks import apply_due_rotations
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_excel_journey import sign_in
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def _csv(*rows) -> dict:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    with translation.override("ja"):
        writer.writerow(IMPORTER.headers())
    writer.writerows(rows)
    return {"name": "jinji.csv", "mimeType": "text/csv", "buffer": buffer.getvalue().encode()}


def _submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_a_municipal_administrator_uploads_checks_and_schedules_a_roster_change(
    page, live_server, monkeypatch
):
    sapporo = Municipality.objects.get(code="011002")
    general = Unit.objects.create(municipality=sapporo, name="総務課")
    Unit.objects.create(municipality=sapporo, name="企画係", kind="section", parent=general)
    admin = UserFactory(sapporo=True, is_org_admin=True, email="jinji@example.jp", unit=general)
    person = UserFactory(sapporo=True, name="札幌 花子", email="hanako@example.jp", unit=general)
    ConsultationFactory(asker=person, subject="補助対象経費の確認")
    day = timezone.localdate() + dt.timedelta(days=7)

    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}/organisation/rotation/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert_accessible(page, "list")
    _submit(page, "main a.button[href$='/new/']")
    assert_accessible(page, "new")
    page.fill("#id_effective_date", day.isoformat())
    page.fill("#id_title", "令和9年4月1日付け人事異動")
    _submit(page, "main form button[type=submit]")
    batch = RosterBatch.objects.get()
    assert page.url.endswith(f"/organisation/rotation/{batch.pk}/")

    # One wrong row: a unit 札幌市 does not have. The preview says so; nothing is applied.
    page.set_input_files(
        "#id_file", _csv([person.email, "異動", "011002", "総務課 企画課", "係長"])
    )
    _submit(page, "main form[action$='/upload/'] button[type=submit]")
    move = batch.moves.get()
    with translation.override("ja"):
        message = problem_text(move.problems[0])
    assert escape(message) in page.content()
    assert_accessible(page, "preview with a problem")
    assert page.locator(f"form[action$='/{batch.pk}/schedule/']").count() == 1

    # Corrected on the page: no new upload.
    _submit(page, f"main a[href$='/rows/{move.pk}/']")
    assert_accessible(page, "row form")
    page.fill("#id_unit_text", "総務課 企画係")
    _submit(page, "main form button[type=submit]")
    move.refresh_from_db()
    assert move.problems == []
    assert_accessible(page, "preview without problems")

    _submit(page, "main a[href$='/handover/']")
    assert "補助対象経費の確認" in page.content()
    assert_accessible(page, "hand-over list")
    page.go_back()

    page.wait_for_load_state("load")
    _submit(page, f"form[action$='/{batch.pk}/schedule/'] button")
    batch.refresh_from_db()
    assert batch.status == "scheduled"
    assert_accessible(page, "scheduled")
    # Nothing changes before the date.
    assert User.objects.get(pk=person.pk).unit == general
    assert User.objects.get(pk=person.pk).moves_on == day

    # On the day the daily task applies it; the 引継ぎ list shows what was left.
    moment = timezone.now() + dt.timedelta(days=7)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert apply_due_rotations() == 1
    moved = User.objects.get(pk=person.pk)
    assert (moved.unit.name, moved.position) == ("企画係", 20)
    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}/organisation/rotation/{batch.pk}/handover/")
    assert "補助対象経費の確認" in page.content()
    assert_accessible(page, "hand-over list after the move")
