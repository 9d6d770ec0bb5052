"""Audiences of surveys and notices: who "all", "a bureau", "a region", "chosen", "協力隊 host
towns" and "certified cooperatives" reach, and a bureau kept within its own area."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from casebook.models import Cooperative
from dispatch.models import Volunteer
from portal import audiences
from portal.audiences import AudienceKind
from portal.models import Bureau, Municipality, Region
from tests.casebook.cooperative_helpers import NAYORO, SHIMOKAWA, cooperative
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAPPORO, OTARU = "011002", "012025"


def holder(kind, *, bureau=None, region=None, chosen=()):
    return SimpleNamespace(
        audience_kind=kind,
        audience_bureau_id=bureau.pk if bureau else None,
        audience_region_id=region.pk if region else None,
        audience_municipalities=Municipality.objects.filter(code__in=chosen),
    )


def codes(recipients):
    return [r.code for r in recipients]


def test_all_reaches_the_179_municipalities_in_bureau_order():
    recipients = audiences.resolve(holder(AudienceKind.ALL))
    assert len(recipients) == 179
    orders = [m.bureau.order for m in recipients]
    assert orders == sorted(orders)


def test_a_bureau_reaches_exactly_its_municipalities():
    ishikari = Bureau.objects.get(code="ishikari")
    recipients = audiences.resolve(holder(AudienceKind.BUREAU, bureau=ishikari))
    assert set(codes(recipients)) == set(ishikari.municipalities.values_list("code", flat=True))
    assert SAPPORO in codes(recipients) and OTARU not in codes(recipients)


def test_a_region_reaches_the_municipalities_of_its_bureaus():
    region = Region.objects.get(bureaus__code="ishikari")
    expected = set(
        Municipality.objects.filter(bureau__region=region).values_list("code", flat=True)
    )
    assert set(codes(audiences.resolve(holder(AudienceKind.REGION, region=region)))) == expected


def test_chosen_reaches_only_those_chosen():
    recipients = audiences.resolve(holder(AudienceKind.CHOSEN, chosen=[SAPPORO, OTARU]))
    assert sorted(codes(recipients)) == sorted([SAPPORO, OTARU])


def test_a_bureau_sender_never_reaches_beyond_its_area():
    ishikari = Bureau.objects.get(code="ishikari")
    recipients = audiences.resolve(
        holder(AudienceKind.CHOSEN, chosen=[SAPPORO, OTARU]), within=ishikari
    )
    assert codes(recipients) == [SAPPORO]
    with pytest.raises(ValidationError):
        audiences.validate_within(holder(AudienceKind.ALL), ishikari)
    with pytest.raises(ValidationError):
        other = Bureau.objects.get(code="shiribeshi")
        audiences.validate_within(holder(AudienceKind.BUREAU, bureau=other), ishikari)
    audiences.validate_within(holder(AudienceKind.BUREAU, bureau=ishikari), ishikari)
    audiences.validate_within(holder(AudienceKind.ALL), None)


def test_host_towns_are_those_with_a_serving_member():
    staff = UserFactory(sapporo=True)
    sapporo = Municipality.objects.get(code=SAPPORO)
    otaru = Municipality.objects.get(code=OTARU)
    term = {"term_start": dt.date(2026, 4, 1), "term_end": dt.date(2029, 3, 31)}
    Volunteer.objects.create(
        municipality=sapporo,
        bureau=sapporo.bureau,
        status="commissioned",
        name="北 花子",
        created_by=staff,
        **term,
    )
    Volunteer.objects.create(
        municipality=otaru,
        bureau=otaru.bureau,
        status="completed",
        name="南 一郎",
        started_on=dt.date(2026, 4, 1),
        ended_on=dt.date(2029, 3, 31),
        created_by=staff,
        **term,
    )
    Volunteer.objects.create(municipality=otaru, bureau=otaru.bureau, created_by=staff)
    assert codes(audiences.resolve(holder(AudienceKind.HOST_TOWNS))) == [SAPPORO]
    assert audiences.resolve(holder(AudienceKind.HOST_TOWNS), within=otaru.bureau) == []


def test_certified_cooperatives_are_an_audience_with_their_bureau():
    hq = UserFactory(hq=True)
    certified = cooperative(hq, office=SHIMOKAWA)
    cooperative(hq, office=NAYORO, name="なよろ事業協同組合")  # approved, not certified
    Cooperative.objects.filter(pk=certified.pk).update(certified_on=dt.date(2026, 6, 1))
    recipients = audiences.resolve(holder(AudienceKind.COOPERATIVES))
    assert [c.pk for c in recipients] == [certified.pk]
    assert audiences.bureau_of(recipients[0]).code == "kamikawa"
    assert audiences.bureau_of(Municipality.objects.get(code=SAPPORO)).code == "ishikari"


def test_every_kind_is_offered_once_the_pillars_have_registered():
    assert [value for value, _ in audiences.available_kinds()] == list(AudienceKind.values)
