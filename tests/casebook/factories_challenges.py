"""Factories of challenges, liaison meetings and plans. Rows are written directly (any
status); workflow tests move them through the services."""

import datetime as dt

import factory
from django.utils import timezone

from casebook.models import ActionItem, Challenge, LiaisonMeeting, Plan, PlanType, Theme
from portal.japanese import fiscal_year
from portal.models import Bureau, Municipality


def _municipality(code="011002"):
    return Municipality.objects.select_related("bureau").get(code=code)


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A new challenge of 札幌市 (石狩振興局) on migration."""

    class Meta:
        model = Challenge

    title = factory.Sequence(lambda n: f"課題{n} 若者の流出")
    theme = factory.LazyFunction(lambda: Theme.objects.get(code="migration"))
    municipality = factory.LazyFunction(_municipality)
    bureau = factory.LazyAttribute(lambda o: o.municipality.bureau)
    description = "若者が市外に流出している。"
    urgency = "medium"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonMeeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"地域づくり連携会議{n}")
    bureau = factory.LazyFunction(lambda: Bureau.objects.get(code="ishikari"))
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    place = "振興局 会議室"
    agenda = "課題の共有"
    minutes = "議事の概要。"

    @factory.post_generation
    def invited(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["011002"]
            self.invited_municipalities.set(Municipality.objects.filter(code__in=codes))


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"宿題{n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


def plan_type(code="transport") -> PlanType:
    return PlanType.objects.get(code=code)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    municipality = factory.LazyFunction(_municipality)
    bureau = factory.LazyAttribute(lambda o: o.municipality.bureau)
    plan_type = factory.LazyFunction(plan_type)
    title = factory.Sequence(lambda n: f"地域公共交通計画{n}")
    start_year = factory.LazyFunction(lambda: fiscal_year() - 1)
    end_year = factory.LazyFunction(lambda: fiscal_year() + 4)
    status = "adopted"
    summary = "計画の概要。"
