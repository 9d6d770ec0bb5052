"""Demo accounts (one per role) and a little content, for `make run`. Idempotent."""

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from portal import registry
from portal.demo.strategy import load_demo as load_strategy_demo
from portal.demo.units import load_demo as load_units_demo
from portal.models import AccessRequest, Bureau, ConsultationCategory, Municipality, Role, User
from portal.services import consultations

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented in README, demo only

ACCOUNTS = [
    # email, name, role, municipality code, bureau code
    ("sapporo@demo.example.jp", "札幌 太郎", Role.MUNICIPAL, "011002", None),
    ("hakodate@demo.example.jp", "函館 花子", Role.MUNICIPAL, "012025", None),
    # A neighbour of 札幌市 in 石狩振興局: shares challenges with it (#22 point 3).
    ("ebetsu@demo.example.jp", "江別 一郎", Role.MUNICIPAL, "012173", None),
    ("ishikari-officer@demo.example.jp", "石狩 次郎", Role.BUREAU, None, "ishikari"),
    ("oshima-officer@demo.example.jp", "渡島 三郎", Role.BUREAU, None, "oshima"),
    ("hq@demo.example.jp", "本庁 四郎", Role.HQ, None, None),
    ("advisor@demo.example.jp", "助言 五月", Role.ADVISOR, None, None),
    ("newcomer@demo.example.jp", "江別 新人", Role.NONE, None, None),
]


class Command(BaseCommand):
    help = "Create the demo accounts and sample content (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = {}
        for email, name, role, municipality_code, bureau_code in ACCOUNTS:
            user, created = User.objects.get_or_create(email=email, defaults={"name": name})
            user.name = name
            user.role = role
            user.municipality = (
                Municipality.objects.get(code=municipality_code) if municipality_code else None
            )
            user.bureau = Bureau.objects.get(code=bureau_code) if bureau_code else None
            user.is_staff = role in (Role.BUREAU, Role.HQ)
            if created:
                user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            users[email] = user

        newcomer = users["newcomer@demo.example.jp"]
        if not AccessRequest.objects.filter(user=newcomer).exists():
            AccessRequest.objects.create(
                user=newcomer,
                municipality=Municipality.objects.get(code="012173"),
                department="企画政策課",
                reason="地域づくり総合交付金の申請を担当します。",
            )

        sapporo = users["sapporo@demo.example.jp"]
        if not sapporo.consultations.exists():
            consultations.consultation_open(
                actor=sapporo,
                category=ConsultationCategory.objects.get(code="national-grants"),
                subject="デジタル田園都市国家構想交付金の対象になるか",
                question="市内の商店街でキャッシュレス決済を広げる事業を考えています。"
                "国の交付金の対象になるか、地域再生計画の書き方と締切を教えてください。",
            )
        load_units_demo(self.stdout)
        load_strategy_demo(self.stdout)
        for loader in registry.demo_loaders():
            loader(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready (password: {DEMO_PASSWORD})."))
