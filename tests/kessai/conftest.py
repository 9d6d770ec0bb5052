"""決裁 fixtures: 札幌市's 経済戦略課 with its 推進係, and 石狩振興局's 地域政策課 with its
地域振興係; a person in each position; routes set as HQ would set them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from grants.services import applications, review
from portal.models import Bureau, Municipality, Position, Role, Unit
from portal.services.kessai_routes import approval_route_set
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, CallFactory

SUBMIT = "grants.application_submit"
APPROVE = "grants.application_approve"
CONFIRMED = {"preview-confirmed": "on"}


def text(response) -> str:
    html = response.content.decode()
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def set_route(kind, *steps, municipality=None, bureau=None):
    """Steps as positions, or (position, unit) pairs."""
    hq = UserFactory(hq=True)
    return approval_route_set(
        kind=kind,
        municipality_id=municipality.pk if municipality else None,
        bureau_id=bureau.pk if bureau else None,
        steps=[
            {"position": s[0], "unit_id": s[1].pk}
            if isinstance(s, tuple)
            else {"position": s, "unit_id": None}
            for s in steps
        ],
        actor=hq,
    )


@pytest.fixture(autouse=True)
def _english(client):
    # Assertions read the English source strings, whatever translations are added later.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def sapporo(db):
    return Municipality.objects.get(code="011002")


@pytest.fixture
def ishikari(db):
    return Bureau.objects.get(code="ishikari")


@pytest.fixture
def town(sapporo):
    """札幌市's units and people: 担当 and 係長 in 推進係, 課長 of 経済戦略課, 財政課長, 市長."""
    division = Unit.objects.create(municipality=sapporo, name="経済戦略課")
    section = Unit.objects.create(
        municipality=sapporo, name="推進係", kind=Unit.Kind.SECTION, parent=division
    )
    finance = Unit.objects.create(municipality=sapporo, name="財政課")
    office = Unit.objects.create(municipality=sapporo, name="秘書課")

    def person(name, unit, position, **kw):
        return UserFactory(sapporo=True, name=name, unit=unit, position=position, **kw)

    return {
        "division": division,
        "section": section,
        "finance": finance,
        "staff": person("担当 一郎", section, Position.STAFF),
        "chief": person("係長 二郎", section, Position.CHIEF),
        "chief2": person("係長 花子", section, Position.CHIEF),
        "manager": person("課長 三郎", division, Position.MANAGER),
        "finance_manager": person("財政 四郎", finance, Position.MANAGER),
        "mayor": person("市長 五郎", office, Position.HEAD),
    }


@pytest.fixture
def office(ishikari):
    """石狩振興局: 担当 in 地域振興係, 係長, 地域政策課長, 局長."""
    division = Unit.objects.create(bureau=ishikari, name="地域政策課")
    section = Unit.objects.create(
        bureau=ishikari, name="地域振興係", kind=Unit.Kind.SECTION, parent=division
    )

    def person(name, unit, position):
        return UserFactory(ishikari_officer=True, name=name, unit=unit, position=position)

    return {
        "staff": person("主事 一子", section, Position.STAFF),
        "chief": person("主査 二子", section, Position.CHIEF),
        "manager": person("課長 三子", division, Position.MANAGER),
        "head": person("局長 四子", division, Position.HEAD),
    }


@pytest.fixture
def draft_app(town, sapporo):
    return ApplicationFactory(call=CallFactory(), created_by=town["staff"])


@pytest.fixture
def under_review(draft_app, town, office, allocation_for):
    submitted = applications.application_submit(application=draft_app, actor=town["staff"])
    return review.application_start_review(application=submitted, actor=office["staff"])


@pytest.fixture
def allocation_for(db):
    from tests.grants.factories import AllocationFactory

    return AllocationFactory()


def login(client, user):
    client.force_login(user)
    return client


def check_url(application):
    return reverse("grants:application_check", args=[application.pk])


def detail_url(kessai):
    return reverse("portal:kessai_detail", args=[kessai.pk])


def approve_step_url(application):
    return reverse("admin:grants_application_approve", args=[application.pk])


__all__ = ["Role"]
