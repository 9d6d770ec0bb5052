"""Factories and fixtures of the 協力隊 tests (no tests here): positions, programmes and
register entries moved through their lifecycle by the services themselves, and kernel
events of category kyoryokutai. Imported by the test_kyoryokutai_* modules."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dispatch.models import Mission
from dispatch.services import kyoryokutai as postings
from dispatch.services import volunteers as register
from portal.models import Event, Municipality
from tests.factories import UserFactory

HIGASHIKAWA = "014583"  # 東川町, 上川総合振興局
SHIMOKAWA = "014681"  # 下川町, 上川総合振興局
TOBETSU = "013030"  # 当別町, 石狩振興局 (the bureau of the sapporo/ebetsu fixtures)
SAPPORO = "011002"
EBETSU = "012173"
HAKODATE = "012025"


def load_missions() -> None:
    """The missions a data migration loads; transactional tests flush them."""
    from importlib import import_module

    from django.apps import apps

    if not Mission.objects.exists():
        import_module("dispatch.migrations.0005_kyoryokutai_missions").load(apps, None)


def missions(*codes) -> list[Mission]:
    return list(Mission.objects.filter(code__in=codes).order_by("order"))


def town(code: str) -> Municipality:
    return Municipality.objects.select_related("bureau__region").get(code=code)


def today() -> dt.date:
    return timezone.localdate()


def position_data(**overrides) -> dict:
    day = today()
    data = {
        "title": "写真の町の観光と移住支援",
        "missions": missions("tourism", "migration"),
        "activity": "写真文化を活かした観光企画と、移住希望者の受入れを担当します。",
        "description": "人口減少が進む町で、一緒に新しい挑戦をしてくれる方を募集します。",
        "how_to_apply": "応募用紙を郵送してください。",
        "contact_name": "企画課",
        "contact_phone": "0166-00-0000",
        "contact_email": "kikaku@example.jp",
        "url": "",
        "openings": 1,
        "term_years": 3,
        "pay_min": 200000,
        "pay_max": 240000,
        "housing": "subsidised",
        "vehicle": "provided",
        "conditions": "",
        "applications_open": day - dt.timedelta(days=5),
        "applications_close": day + dt.timedelta(days=30),
    }
    data.update(overrides)
    return data


def make_position(code=HIGASHIKAWA, *, actor=None, state="published", **overrides):
    """A position of ``code`` created (and published / closed) through the services."""
    actor = actor or UserFactory(hq=True)
    position = postings.position_create(
        actor=actor, municipality=town(code), data=position_data(**overrides)
    )
    if state in ("published", "closed"):
        position = postings.posting_publish(posting=position, actor=actor)
    if state == "closed":
        position = postings.posting_close(posting=position, actor=actor)
    return position


def trial_data(**overrides) -> dict:
    day = today()
    data = {
        "kind": "trial",
        "title": "おためし地域おこし協力隊（2泊3日）",
        "missions": missions("tourism"),
        "description": "協力隊の活動を体験するプログラムです。",
        "how_to_apply": "申込書をメールで送付してください。",
        "contact_name": "企画課",
        "contact_phone": "",
        "contact_email": "otameshi@example.jp",
        "url": "",
        "starts_on": day + dt.timedelta(days=30),
        "ends_on": day + dt.timedelta(days=32),
        "capacity": 6,
        "applications_close": day + dt.timedelta(days=20),
        "costs": "交通費・宿泊費は町が負担",
    }
    data.update(overrides)
    return data


def make_trial(code=HIGASHIKAWA, *, actor=None, state="published", **overrides):
    actor = actor or UserFactory(hq=True)
    trial = postings.trial_create(
        actor=actor, municipality=town(code), data=trial_data(**overrides)
    )
    if state in ("published", "closed"):
        trial = postings.posting_publish(posting=trial, actor=actor)
    if state == "closed":
        trial = postings.posting_close(posting=trial, actor=actor)
    return trial


def make_event(**overrides) -> Event:
    start = overrides.pop("starts_at", timezone.now() + dt.timedelta(days=10))
    values = {
        "category": "kyoryokutai",
        "title": "地域おこし協力隊 募集説明会",
        "description": "募集中の活動を紹介します。",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=3),
        "place": "札幌市 道庁赤れんが庁舎",
        "capacity": 30,
        "open_to_public": True,
        "is_published": True,
    }
    values.update(overrides)
    return Event.objects.create(**values)


def make_volunteer(
    staff,
    *,
    state="active",
    name="海野 渚",
    term_start=None,
    term_end=None,
    started_on=None,
    ended_on=None,
    mission_codes=("tourism",),
    **extra,
):
    """A register entry of ``staff``'s municipality moved to ``state`` by the services:
    recruiting, commissioned, active, completed or resigned."""
    term_start = term_start or today() - dt.timedelta(days=200)
    term_end = term_end or term_start + dt.timedelta(days=1094)
    volunteer = register.volunteer_create(
        actor=staff,
        data={"missions": missions(*mission_codes), "activity": "観光の企画", **extra},
    )
    if state == "recruiting":
        return volunteer
    volunteer = register.volunteer_commission(
        volunteer=volunteer,
        actor=staff,
        name=name,
        kana="",
        email="nagisa@example.jp",
        commissioned_on=term_start - dt.timedelta(days=14),
        term_start=term_start,
        term_end=term_end,
    )
    if state == "commissioned":
        return volunteer
    volunteer = register.volunteer_start(
        volunteer=volunteer, actor=staff, started_on=started_on or term_start
    )
    if state == "active":
        return volunteer
    if state == "completed":
        return register.volunteer_complete(volunteer=volunteer, actor=staff)
    return register.volunteer_resign(
        volunteer=volunteer,
        actor=staff,
        ended_on=ended_on or term_start + dt.timedelta(days=300),
        reason="家族の事情",
    )


def settle(volunteer, staff, destination="same", **kwargs):
    return register.volunteer_record_settlement(
        volunteer=volunteer, actor=staff, destination=destination, **kwargs
    )


def staff_of(code: str):
    """A municipal staff account of ``code`` (the role fixtures cover 札幌・江別・函館)."""
    return UserFactory(role="municipal", municipality=town(code))


def officer_of(bureau_code: str):
    from portal.models import Bureau

    return UserFactory(role="bureau", is_staff=True, bureau=Bureau.objects.get(code=bureau_code))
