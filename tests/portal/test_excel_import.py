"""「Excelから取り込む」: upload → preview with each row's errors → confirm, all or nothing,
scoped to the officer's bureau; bad files get a clear message, never a 500.

The engine is the kernel's (portal.excel.imports); the three importers (配当額, the roster,
the 協力隊 register) are the pillars' declarations, registered from their plugins."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dispatch.models import Person, Volunteer, VolunteerStatus
from grants.models import Allocation
from portal.excel import imports
from portal.models import AuditEvent
from tests.dispatch.factories import PersonFactory
from tests.factories import UserFactory, bureau
from tests.grants.factories import AllocationFactory

pytestmark = pytest.mark.django_db

ALLOCATION_HEADERS = ["振興局", "年度", "配当額（円）"]
VOLUNTEER_HEADERS = ["市町村", "氏名", "ふりがな", "委嘱日", "任期開始", "任期終了"]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _url(model: str, name: str) -> str:
    return reverse(f"admin:{model}_excel_{name}")


def _upload(client, model: str, content: bytes, filename="sheet.xlsx"):
    return client.post(
        _url(model, "import"), {"file": SimpleUploadedFile(filename, content)}, follow=True
    )


def _preview_rows(response) -> list:
    return response.context["preview"].rows


def _confirm(client, model, response):
    return client.post(_url(model, "preview"), {"token": response.context["token"]}, follow=True)


# --- the template and the page ------------------------------------------------------------


def test_the_list_offers_the_import_only_to_who_may(client, hq_user, ishikari_officer):
    client.force_login(hq_user)
    page = client.get(reverse("admin:grants_allocation_changelist")).content.decode()
    assert f'href="{_url("grants_allocation", "import")}"' in page
    # 配当額 are HQ's: a bureau officer sees the list, not the import, and cannot reach it.
    client.force_login(ishikari_officer)
    page = client.get(reverse("admin:grants_allocation_changelist")).content.decode()
    assert _url("grants_allocation", "import") not in page
    assert client.get(_url("grants_allocation", "import")).status_code == 403
    assert client.get(_url("grants_allocation", "template")).status_code == 403


def test_the_template_has_the_expected_headers(client, hq_user):
    client.force_login(hq_user)
    response = client.get(_url("grants_allocation", "template"))
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in ws[1]] == ALLOCATION_HEADERS
    assert ws["C2"].value == 50_000_000
    assert ws.freeze_panes == "A2"


def test_the_template_filled_in_imports_as_it_is(client, hq_user):
    client.force_login(hq_user)
    template = client.get(_url("dispatch_volunteer", "template")).content
    response = _upload(client, "dispatch_volunteer", template)
    assert response.context["preview"].ok, [r.errors for r in _preview_rows(response)]


# --- preview, all or nothing --------------------------------------------------------------


def test_preview_shows_each_rows_errors_and_saves_nothing(client, hq_user):
    client.force_login(hq_user)
    content = _xlsx(
        [
            ALLOCATION_HEADERS,
            ["石狩振興局", "令和8年度", 50_000_000],
            ["どこか振興局", 2026, 10],
            ["渡島", "R8", "たくさん"],
        ]
    )
    response = _upload(client, "grants_allocation", content)
    assert response.status_code == 200
    rows = _preview_rows(response)
    assert [row.number for row in rows] == [2, 3, 4]
    assert rows[0].errors == []
    assert rows[1].errors[0].column == "振興局"
    assert "どこか振興局" in rows[1].errors[0].message
    assert rows[2].errors[0].column == "配当額（円）"
    page = response.content.decode()
    assert "excel-preview" in page
    assert not response.context["preview"].ok
    assert Allocation.objects.count() == 0


def test_one_bad_row_saves_nothing_even_when_confirmed(client, hq_user):
    client.force_login(hq_user)
    content = _xlsx([ALLOCATION_HEADERS, ["石狩振興局", 2026, 1_000], ["石狩振興局", 2026, 2_000]])
    response = _upload(client, "grants_allocation", content)
    rows = _preview_rows(response)
    assert rows[1].errors[0].column == "年度"  # the same bureau and year twice
    confirmed = _confirm(client, "grants_allocation", response)
    assert confirmed.status_code == 200
    assert Allocation.objects.count() == 0


def test_all_good_rows_are_saved_in_one_go(client, hq_user):
    AllocationFactory(bureau=bureau("oshima"), fiscal_year=2026, amount=1)
    client.force_login(hq_user)
    content = _xlsx(
        [
            ALLOCATION_HEADERS,
            ["石狩振興局", "令和8年度", "５０，０００，０００円"],
            ["渡島", "R8", 20_000_000],
        ]
    )
    response = _upload(client, "grants_allocation", content)
    assert response.context["preview"].ok
    assert Allocation.objects.get(bureau__code="oshima").amount == 1  # not yet
    confirmed = _confirm(client, "grants_allocation", response)
    assert confirmed.redirect_chain[-1][0] == reverse("admin:grants_allocation_changelist")
    amounts = dict(Allocation.objects.values_list("bureau__code", "amount"))
    assert amounts == {"ishikari": 50_000_000, "oshima": 20_000_000}
    assert AuditEvent.objects.filter(extra__source="excel").count() == 2
    # The kept file is gone once saved: the same confirmation cannot run twice.
    again = _confirm(client, "grants_allocation", response)
    assert again.redirect_chain[-1][0] == _url("grants_allocation", "import")


def test_a_forged_token_is_refused(client, hq_user):
    client.force_login(hq_user)
    response = client.post(_url("grants_allocation", "preview"), {"token": "x:y"}, follow=True)
    assert response.redirect_chain[-1][0] == _url("grants_allocation", "import")
    assert Allocation.objects.count() == 0


def test_another_users_token_is_refused(client, hq_user):
    client.force_login(hq_user)
    content = _xlsx([ALLOCATION_HEADERS, ["石狩振興局", 2026, 1_000]])
    token = _upload(client, "grants_allocation", content).context["token"]
    client.force_login(UserFactory(hq=True))
    client.post(_url("grants_allocation", "preview"), {"token": token})
    assert Allocation.objects.count() == 0


# --- scope ----------------------------------------------------------------------------------


def test_a_row_of_another_bureau_is_a_row_error(client, ishikari_officer):
    client.force_login(ishikari_officer)
    content = _xlsx(
        [
            VOLUNTEER_HEADERS,
            ["011002", "札幌 一郎", "", "2026-04-01", "2026-04-01", "2029-03-31"],
            ["函館市", "函館 二郎", "", "令和8年4月1日", "令和8年4月1日", "令和11年3月31日"],
        ]
    )
    response = _upload(client, "dispatch_volunteer", content)
    rows = _preview_rows(response)
    assert rows[0].errors == []
    assert rows[1].errors[0].column == "市町村"
    _confirm(client, "dispatch_volunteer", response)
    assert Volunteer.objects.count() == 0


def test_an_officer_imports_the_register_of_the_bureau(client, ishikari_officer):
    client.force_login(ishikari_officer)
    content = _xlsx(
        [
            VOLUNTEER_HEADERS,
            ["札幌市", "札幌 一郎", "さっぽろ いちろう", "令和8年3月20日", "R8.4.1", "2029/3/31"],
        ]
    )
    response = _upload(client, "dispatch_volunteer", content)
    assert response.context["preview"].ok, [r.errors for r in _preview_rows(response)]
    _confirm(client, "dispatch_volunteer", response)
    volunteer = Volunteer.objects.get()
    assert volunteer.status == VolunteerStatus.COMMISSIONED
    assert (volunteer.municipality_id, volunteer.bureau.code) == ("011002", "ishikari")
    assert volunteer.term_end.isoformat() == "2029-03-31"


def test_a_term_of_four_years_is_a_row_error(client, hq_user):
    client.force_login(hq_user)
    content = _xlsx(
        [VOLUNTEER_HEADERS, ["011002", "札幌 一郎", "", "2026-04-01", "2026-04-01", "2030-03-31"]]
    )
    rows = _preview_rows(_upload(client, "dispatch_volunteer", content))
    assert rows[0].errors[0].column == "任期の終了日"


def test_roster_rows_of_the_officers_bureau_only(client, ishikari_officer):
    kept_by_oshima = PersonFactory(email="oshima@example.jp", home_bureau=bureau("oshima"))
    client.force_login(ishikari_officer)
    headers = ["区分", "氏名", "所属振興局", "メールアドレス"]
    content = _xlsx(
        [
            headers,
            ["staff", "石狩 職員", "石狩", "new@example.jp"],
            ["staff", "渡島 職員", "渡島振興局", "other@example.jp"],
            ["staff", "上書き", "石狩", "oshima@example.jp"],
            ["外部アドバイザー", "外部 顧問", "", ""],
        ]
    )
    response = _upload(client, "dispatch_person", content)
    rows = _preview_rows(response)
    assert rows[0].errors == []
    assert [error.column for error in rows[1].errors] == ["所属振興局"]
    assert rows[2].errors[0].column == "メールアドレス"
    assert rows[3].errors[0].column == "所属振興局"  # HQ's entries are HQ's
    _confirm(client, "dispatch_person", response)
    assert Person.objects.count() == 1
    kept_by_oshima.refresh_from_db()
    assert kept_by_oshima.name != "上書き"


def test_hq_updates_the_roster_entry_with_the_same_email(client, hq_user):
    person = PersonFactory(email="same@example.jp", name="旧姓")
    client.force_login(hq_user)
    content = _xlsx(
        [
            ["区分", "氏名", "メールアドレス", "同時に担当できる配置数"],
            ["staff", "新姓", "SAME@example.jp", 5],
        ]
    )
    response = _upload(client, "dispatch_person", content)
    assert response.context["preview"].ok, [r.errors for r in _preview_rows(response)]
    _confirm(client, "dispatch_person", response)
    person.refresh_from_db()
    assert (person.name, person.capacity, Person.objects.count()) == ("新姓", 5, 1)


# --- bad files --------------------------------------------------------------------------------


def _file_error(response) -> str:
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    return " ".join(errors)


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"bureau,year,amount\n", "sheet.csv"),
        (b"%PDF-1.7 not a workbook", "sheet.xlsx"),
        (b"PK\x03\x04 broken zip", "sheet.xlsx"),
    ],
)
def test_a_file_that_is_not_a_workbook_gets_a_message(client, hq_user, content, filename):
    client.force_login(hq_user)
    message = _file_error(_upload(client, "grants_allocation", content, filename))
    assert message
    assert Allocation.objects.count() == 0


def test_an_empty_upload_and_an_empty_sheet_get_a_message(client, hq_user):
    client.force_login(hq_user)
    assert _file_error(_upload(client, "grants_allocation", _xlsx([])))
    assert _file_error(_upload(client, "grants_allocation", _xlsx([ALLOCATION_HEADERS])))
    response = client.post(_url("grants_allocation", "import"), {})
    assert response.context["form"].errors["file"]


def test_wrong_headers_name_the_missing_columns(client, hq_user):
    client.force_login(hq_user)
    message = _file_error(
        _upload(client, "grants_allocation", _xlsx([["振興局", "金額"], ["石狩", 1]]))
    )
    assert re.search("年度", message)


def test_rows_at_and_above_the_limit(client, hq_user, settings):
    client.force_login(hq_user)
    limit = imports.MAX_ROWS
    at = _xlsx([ALLOCATION_HEADERS, *[["石狩", 2000 + i % 50, i] for i in range(limit)]])
    assert "preview" in _upload(client, "grants_allocation", at).context
    above = _xlsx([ALLOCATION_HEADERS, *[["石狩", 2026, i] for i in range(limit + 1)]])
    assert str(limit) in _file_error(_upload(client, "grants_allocation", above))


def test_a_file_above_the_size_limit_gets_a_message(client, hq_user):
    client.force_login(hq_user)
    huge = b"PK\x03\x04" + b"0" * imports.MAX_BYTES
    assert "MB" in _file_error(_upload(client, "grants_allocation", huge))


def test_a_workbook_that_unzips_too_large_is_refused(client, hq_user, monkeypatch):
    monkeypatch.setattr(imports, "MAX_UNZIPPED_BYTES", 1024)
    client.force_login(hq_user)
    content = _xlsx([ALLOCATION_HEADERS, *[["石狩", 2026, i] for i in range(200)]])
    assert "MB" in _file_error(_upload(client, "grants_allocation", content))


def test_unconfirmed_uploads_are_cleared_once_their_token_expired(client, hq_user):
    import os
    import time

    from django.core.files.storage import storages

    client.force_login(hq_user)
    content = _xlsx([ALLOCATION_HEADERS, ["石狩振興局", 2026, 1_000]])
    _upload(client, "grants_allocation", content)
    storage = storages["private"]
    old = set(storage.listdir("excel-imports")[1])
    assert old
    stamp = time.time() - 24 * 60 * 60
    for name in old:
        os.utime(storage.path(f"excel-imports/{name}"), (stamp, stamp))
    _upload(client, "grants_allocation", content)
    names = set(storage.listdir("excel-imports")[1])
    assert not names & old
    assert len(names) == 1


def test_a_clash_while_saving_saves_nothing_and_says_so(client, hq_user, monkeypatch):
    from django.db import IntegrityError

    client.force_login(hq_user)
    importer = imports.importer_for(Allocation)

    def clash(*, actor, rows):
        AllocationFactory(bureau=bureau("oshima"))
        raise IntegrityError

    monkeypatch.setitem(
        imports._importers,
        "grants.allocation",
        imports.Importer(**{**importer.__dict__, "save": clash}),
    )
    response = _upload(client, "grants_allocation", _xlsx([ALLOCATION_HEADERS, ["石狩", 2026, 1]]))
    confirmed = _confirm(client, "grants_allocation", response)
    assert confirmed.context["preview"].problems
    assert Allocation.objects.count() == 0
