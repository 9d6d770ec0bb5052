"""Demo of a 協力隊 member's own account (H3): 北野 陽 of 函館市's register signs in as
``member@demo.example.jp`` — invited by hakodate@, with the contact set, quarterly reports
(one filed on time, one late, the last one still to file). Idempotent."""

from __future__ import annotations

from django.utils import timezone

from portal.models import Role, User

EMAIL = "member@demo.example.jp"


def load_member_demo(stdout) -> None:
    from allauth.account.models import EmailAddress

    from portal.management.commands.load_demo import DEMO_PASSWORD
    from portal.services.groups import group_invitation_accept

    from ..models import MemberReport, Volunteer
    from ..rules import kyoryokutai as rules
    from ..services import volunteer_members as services

    if User.objects.filter(email=EMAIL, role=Role.MEMBER).exists():
        return
    hakodate = User.objects.filter(email="hakodate@demo.example.jp").first()
    volunteer = Volunteer.objects.filter(municipality_id="012025", name="北野 陽").first()
    if hakodate is None or volunteer is None:
        return
    services.member_settings_save(
        volunteer=volunteer,
        actor=hakodate,
        report_cadence="quarterly",
        contact_name="函館市 企画部 地域振興課（協力隊担当）",
        contact_phone="0138-21-0000",
        contact_email="kyoryokutai@city.hakodate.example.jp",
    )
    invitation = services.member_invite(volunteer=volunteer, email=EMAIL, actor=hakodate)
    account, created = User.objects.get_or_create(email=EMAIL, defaults={"name": "北野 陽"})
    if created:
        account.set_password(DEMO_PASSWORD)
        account.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=account, email=EMAIL, defaults={"verified": True, "primary": True}
    )
    group_invitation_accept(invitation=invitation, user=account)
    volunteer.refresh_from_db()
    today = timezone.localdate()
    periods = rules.periods(volunteer.term_start, today, volunteer.report_cadence)
    # The two periods before the last that fell due: one on time, one late; the last open.
    texts = [
        ("市内の観光事業者への聞き取りと、SNS発信の試行。", False),
        ("移住相談会（東京）に出展し、相談12件に対応。", True),
    ]
    for (start, end), (text, late) in zip(periods[-4:-2], texts, strict=False):
        MemberReport.objects.get_or_create(
            volunteer=volunteer,
            period_start=start,
            defaults={
                "cadence": volunteer.report_cadence,
                "period_end": end,
                "due_on": rules.due_on(end),
                "activities": text,
                "plans": "冬の観光企画の準備。",
                "late": late,
                "submitted_by": account,
            },
        )
    _former_member_listed(hakodate, DEMO_PASSWORD)
    stdout.write("Dispatch: a 協力隊 member's account (member@demo.example.jp) ready.")


def _former_member_listed(hakodate, password) -> None:
    """森 大地, who completed the term and opened a shop, is listed as an OB/OG contact."""
    from portal.services.groups import group_invitation_accept

    from ..models import Volunteer
    from ..services import volunteer_members as services

    volunteer = Volunteer.objects.filter(municipality_id="012025", name="森 大地").first()
    if volunteer is None or volunteer.invitation_id:
        return
    email = "ob@demo.example.jp"
    invitation = services.member_invite(volunteer=volunteer, email=email, actor=hakodate)
    account, created = User.objects.get_or_create(email=email, defaults={"name": "森 大地"})
    if created:
        account.set_password(password)
        account.save(update_fields=["password"])
    account = group_invitation_accept(invitation=invitation, user=account)
    services.member_alumni_save(
        volunteer=volunteer,
        actor=account,
        alumni_listed=True,
        alumni_name="森（元 函館市協力隊・水産）",
        alumni_profile="任期後、南茅部で昆布の加工品店を開業しました。漁業の現場や開業の話ができます。",
    )
