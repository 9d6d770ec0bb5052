"""Demo data of the grants pillar for `make run`: open calls and allocations."""

import datetime as dt

from django.utils import timezone

from portal.japanese import fiscal_year
from portal.models import Bureau

from .models import Allocation, ApplicantKind, Call, CostCategory, GrantCategory, Programme

INELIGIBLE_FOR_SOFT = ["wages", "food", "equipment", "land", "construction"]


def load_demo(stdout) -> None:
    year = fiscal_year()
    tz = timezone.get_current_timezone()
    opens = dt.datetime(year, 8, 1, 9, 0, tzinfo=tz)
    closes = dt.datetime(year + 1, 1, 29, 17, 0, tzinfo=tz)
    programme = Programme.objects.get(code="chiiki-zukuri")
    soft = GrantCategory.objects.get(code="soft")
    for code, allocation in (("ishikari", 30_000_000), ("oshima", 25_000_000)):
        bureau = Bureau.objects.get(code=code)
        Allocation.objects.get_or_create(
            bureau=bureau, fiscal_year=year, defaults={"amount": allocation}
        )
        call, created = Call.objects.get_or_create(
            programme=programme,
            category=soft,
            bureau=bureau,
            fiscal_year=year,
            defaults={
                "title": f"{bureau.name} 地域づくり総合交付金（ソフト事業）",
                "summary": "地域の主体性や独自性を活かしたソフト事業を募集します。",
                "opens_at": opens,
                "closes_at": closes,
                "is_published": True,
                "rate_numerator": 1,
                "rate_denominator": 2,
                "upper_limit": 3_000_000,
                "lower_limit": 100_000,
                "rounding_unit": 100_000,
                "project_end_limit": dt.date(year + 1, 3, 31),
                "allows_advance_payment": True,
            },
        )
        if created:
            call.eligible_applicant_kinds.set(ApplicantKind.objects.all())
            call.ineligible_cost_categories.set(
                CostCategory.objects.filter(code__in=INELIGIBLE_FOR_SOFT)
            )
            call.required_attachments.create(name="事業計画書", order=1)
            call.required_attachments.create(name="収支予算書", order=2)
            call.required_attachments.create(name="位置図・写真", is_required=False, order=3)
            call.criteria.create(name="地域課題の解決", weight=3, order=1)
            call.criteria.create(name="市町村の関与", weight=2, order=2)
            call.criteria.create(name="総合戦略KPIへの寄与", weight=2, order=3)
    stdout.write("Grants: calls and allocations ready.")
