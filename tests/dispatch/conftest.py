import datetime as dt

import pytest
from django.utils import timezone

from tests.dispatch.factories import PersonFactory
from tests.factories import UserFactory


def load_dispatch_reference(apps=None):
    """The skills taxonomy a data migration loads; transactional tests flush it."""
    from importlib import import_module

    from django.apps import apps as global_apps

    from dispatch.models import Skill

    if not Skill.objects.exists():
        import_module("dispatch.migrations.0002_skills").load(apps or global_apps, None)


@pytest.fixture
def dispatch_reference(reference_data):
    load_dispatch_reference()


@pytest.fixture
def advisor_person(advisor):
    """The advisor's roster entry: DX and cloud, all Hokkaido, free all year."""
    return PersonFactory(
        user=advisor,
        name="助言 五月",
        kana="じょげん さつき",
        skill_codes=["dx-strategy", "online-procedures", "cloud"],
        available=(dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
    )


@pytest.fixture
def other_advisor(db):
    user = UserFactory(advisor=True)
    return PersonFactory(
        user=user, name="別の 助言者", kana="べつの じょげんしゃ", skill_codes=["security"]
    )


@pytest.fixture
def now_after_sessions(monkeypatch):
    """Pretend it is 2026-12-01 so every July session of the tests has been held."""
    fixed = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return fixed
