"""Shared builders of the rotation tests (人事異動, #20)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.models import Municipality, Unit
from portal.services.rotation_rows import IMPORTER

TOKYO = ZoneInfo("Asia/Tokyo")
TODAY = dt.date(2027, 3, 25)
APRIL_1 = dt.date(2027, 4, 1)


def freeze(monkeypatch, day: dt.date, hour: int = 9, minute: int = 0) -> None:
    moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TOKYO)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def units(code="011002", bureau=None):
    """総務課 with 企画係, and 財政課, of a municipality (or a bureau)."""
    owner = {"bureau": bureau} if bureau else {"municipality": Municipality.objects.get(code=code)}
    general = Unit.objects.create(name="総務課", **owner)
    planning = Unit.objects.create(name="企画係", kind="section", parent=general, **owner)
    finance = Unit.objects.create(name="財政課", **owner)
    return general, planning, finance


def csv_file(rows, name="idou.csv", encoding="utf-8-sig") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(IMPORTER.headers())
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), "text/csv")


def xlsx_file(rows, name="idou.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(IMPORTER.headers())
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def new_batch(client, day=APRIL_1, title="令和9年4月1日付け人事異動"):
    response = client.post(
        reverse("portal:rotation_create"), {"effective_date": day.isoformat(), "title": title}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from portal.models import RosterBatch

    return RosterBatch.objects.latest("pk")


def upload(client, batch, file):
    return client.post(
        reverse("portal:rotation_upload", args=[batch.pk]), {"file": file}, follow=True
    )


def schedule(client, batch, action="schedule"):
    return client.post(reverse("portal:rotation_step", args=[batch.pk, action]), follow=True)
