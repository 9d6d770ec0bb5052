"""Factories for the grants pillar, with traits for each stage of the lifecycle."""

import datetime as dt

import factory
from django.utils import timezone

from grants.models import (
    Allocation,
    ApplicantKind,
    Application,
    BudgetLine,
    Call,
    CostCategory,
    GrantCategory,
    Programme,
)
from portal.models import Bureau, Municipality

INELIGIBLE_FOR_SOFT = ["wages", "food", "equipment", "land", "construction"]


def cost(code: str) -> CostCategory:
    return CostCategory.objects.get(code=code)


class CallFactory(factory.django.DjangoModelFactory):
    """An open soft-project call of 石狩振興局: 1/2, 10万円–300万円, unit 10万円."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    programme = factory.LazyFunction(lambda: Programme.objects.get(code="chiiki-zukuri"))
    category = factory.LazyFunction(lambda: GrantCategory.objects.get(code="soft"))
    bureau = factory.LazyFunction(lambda: Bureau.objects.get(code="ishikari"))
    fiscal_year = 2026
    title = factory.LazyAttribute(lambda o: f"{o.bureau.name} 地域づくり総合交付金（ソフト）")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    is_published = True
    rate_numerator = 1
    rate_denominator = 2
    upper_limit = 3_000_000
    lower_limit = 100_000
    rounding_unit = 100_000
    allows_advance_payment = True

    @factory.post_generation
    def rules(self, create, extracted, **kwargs):
        if not create:
            return
        self.eligible_applicant_kinds.set(ApplicantKind.objects.all())
        self.ineligible_cost_categories.set(
            CostCategory.objects.filter(code__in=INELIGIBLE_FOR_SOFT)
        )
        self.required_attachments.create(name="事業計画書", order=1)
        self.criteria.create(name="地域課題の解決", weight=3, order=1)
        self.criteria.create(name="市町村の関与", weight=1, order=2)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    bureau = factory.LazyFunction(lambda: Bureau.objects.get(code="ishikari"))
    fiscal_year = 2026
    amount = 30_000_000


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft of 札幌市: budget 1,200,000 eligible of 1,300,000 → maximum 600,000."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="011002"))
    bureau = factory.LazyAttribute(lambda o: o.call.bureau)
    fiscal_year = factory.LazyAttribute(lambda o: o.call.fiscal_year)
    applicant_kind = factory.LazyFunction(lambda: ApplicantKind.objects.get(code="municipality"))
    title = "商店街キャッシュレス推進事業"
    purpose = "商店街の回遊性を高める。"
    description = "キャッシュレス決済の導入支援と周知イベントを行う。"
    strategy_name = "第2期札幌市まちづくり戦略ビジョン"
    strategy_measure = "地域経済の活性化"
    kpi_name = "キャッシュレス決済導入店舗数"
    kpi_baseline = "20店舗"
    kpi_target = "60店舗"
    start_date = dt.date(2026, 10, 1)
    end_date = dt.date(2027, 2, 28)
    requested_amount = 600_000
    contact_name = "札幌 太郎"
    contact_department = "経済観光局"
    contact_phone = "011-211-2111"
    contact_email = "keizai@city.sapporo.example.jp"
    created_by = factory.SubFactory("tests.factories.UserFactory", sapporo=True)

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        if not create:
            return
        lines = extracted or [
            ("honorarium", "講師謝金", 300_000),
            ("commission", "決済端末導入支援委託", 900_000),
            ("food", "イベント飲食", 100_000),
        ]
        for order, (code, description, amount) in enumerate(lines):
            BudgetLine.objects.create(
                application=self,
                cost_category=cost(code),
                description=description,
                amount=amount,
                order=order,
            )

    @factory.post_generation
    def attachments(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        from django.core.files.uploadedfile import SimpleUploadedFile

        from portal.services.attachments import attachment_store

        attachment_store(
            upload=SimpleUploadedFile(
                "事業計画書.pdf",
                b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
                b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n",
            ),
            owner=self,
            uploaded_by=self.created_by,
            label="事業計画書",
        )
