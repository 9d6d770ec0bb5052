"""Factories for F2–F4 of the grants pillar: policy projects, national programmes,
companies, projects seeking support, interest and ふるさと納税 events."""

import datetime as dt

import factory
from django.utils import timezone

from grants.models import (
    Company,
    Interest,
    NationalGrantProgramme,
    PolicyProject,
    PolicyTheme,
    SupportProject,
)
from grants.rules.furusato import corporate_number_check_digit
from grants.selectors.national import normalise_search
from portal.models import Bureau, Event, Municipality, Region, Role
from tests.factories import UserFactory


def corporate_number(n: int) -> str:
    """A valid 法人番号 (its check digit computed) for a sequence number."""
    base = f"{n:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


def theme(code: str = "tourism") -> PolicyTheme:
    return PolicyTheme.objects.get(code=code)


def load_themes() -> None:
    """Transactional tests flush the data migrations' rows; load the themes again."""
    from importlib import import_module

    from django.apps import apps

    if not PolicyTheme.objects.exists():
        import_module("grants.migrations.0005_policy_themes").load(apps, None)


class PolicyProjectFactory(factory.django.DjangoModelFactory):
    """A planned project of 石狩振興局 serving 札幌市."""

    class Meta:
        model = PolicyProject
        skip_postgeneration_save = True

    bureau = factory.LazyFunction(lambda: Bureau.objects.get(code="ishikari"))
    fiscal_year = 2026
    title = factory.Sequence(lambda n: f"地域政策推進事業{n}")
    theme = factory.LazyFunction(lambda: theme("tourism"))
    region = factory.LazyFunction(lambda: Region.objects.get(code="doo"))
    summary = "地域の企業と連携して観光の担い手を育てる。"
    description = "ワークショップと実証を行う。"
    start_date = dt.date(2026, 5, 1)
    end_date = dt.date(2027, 2, 28)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if not create:
            return
        codes = extracted if extracted is not None else ["011002"]
        self.municipalities.set(Municipality.objects.filter(code__in=codes))

    @factory.post_generation
    def partner_bureaus(self, create, extracted, **kwargs):
        if create and extracted:
            self.partner_bureaus.set(Bureau.objects.filter(code__in=extracted))

    class Params:
        completed = factory.Trait(status="completed", results="参加者300人、事業者20者が参加。")
        evaluated = factory.Trait(
            status="evaluated", results="参加者300人。", evaluation="目標を達成した。"
        )
        oshima = factory.Trait(
            bureau=factory.LazyFunction(lambda: Bureau.objects.get(code="oshima")),
            region=factory.LazyFunction(lambda: Region.objects.get(code="donan")),
        )


def programme(**kwargs) -> NationalGrantProgramme:
    data = {
        "name": "新しい地方経済・生活環境創生交付金",
        "ministry": "内閣府",
        "purpose": "地方創生の取組を支援する。",
        "rate": "1/2",
        "deadlines": "募集要領による。",
        "keywords": "第2世代交付金 地域再生計画",
        **kwargs,
    }
    text = " ".join(
        str(data.get(k) or "")
        for k in ("name", "ministry", "purpose", "rate", "deadlines", "keywords")
    )
    return NationalGrantProgramme.objects.create(search_text=normalise_search(text), **data)


class CompanyFactory(factory.django.DjangoModelFactory):
    """An approved company (its account has the company role), head office in Tokyo."""

    class Meta:
        model = Company
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.COMPANY)
    name = factory.Sequence(lambda n: f"株式会社デモ{n}")
    name_kana = "カブシキガイシャデモ"
    corporate_number = factory.Sequence(lambda n: corporate_number(n + 5000))
    head_office_address = "東京都千代田区丸の内1-1-1"
    industry = "情報通信業"
    description = "子育て支援を応援したい。"
    contact_department = "経営企画部"
    contact_phone = "03-0000-0000"
    status = "approved"

    class Params:
        pending = factory.Trait(status="pending", user=factory.SubFactory(UserFactory))


class SupportProjectFactory(factory.django.DjangoModelFactory):
    """A project of 札幌市 seeking a corporate hometown tax donation, published."""

    class Meta:
        model = SupportProject

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="011002"))
    fiscal_year = 2026
    title = factory.Sequence(lambda n: f"子育て応援プロジェクト{n}")
    theme = factory.LazyFunction(lambda: theme("children"))
    kind = "kigyo"
    amount_sought = 5_000_000
    period_start = dt.date(2026, 6, 1)
    period_end = dt.date(2027, 3, 31)
    summary = "子ども食堂のネットワークを広げる。"
    regional_plan = "さっぽろ未来創生プラン"
    benefits = "感謝状の贈呈、市ウェブサイトでの企業名の紹介。"
    contact_department = "企画課 ふるさと納税担当"
    contact_email = "furusato@city.sapporo.example.jp"
    contact_phone = "011-211-2111"
    status = "open"
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status="draft", published_at=None)
        hakodate = factory.Trait(
            municipality=factory.LazyFunction(lambda: Municipality.objects.get(code="012025")),
            contact_email="furusato@city.hakodate.example.jp",
        )


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    project = factory.SubFactory(SupportProjectFactory)
    company = factory.SubFactory(CompanyFactory)
    message = "子ども食堂の運営を応援したい。"
    pledged_amount = 1_000_000


def furusato_event(**kwargs) -> Event:
    start = timezone.now() + dt.timedelta(days=5)
    defaults = {
        "category": "furusato",
        "title": "ふるさと納税実務研修会",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "place": "道庁別館",
        "capacity": 2,
        "is_published": True,
    }
    return Event.objects.create(**{**defaults, **kwargs})
