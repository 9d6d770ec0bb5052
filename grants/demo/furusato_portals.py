"""Demo data of ふるさと納税 consultations and portal sites (#22): a day of 石狩振興局's
slots with one booked by 札幌市, HQ's online slots, 札幌市's and 函館市's portal sites, a
joint campaign of 石狩's towns and donations received for two 年度 (made-up figures)."""

import datetime as dt

from django.utils import timezone

from portal.japanese import fiscal_year
from portal.models import Municipality

# Made-up figures (受入額 in yen, 件数) per municipality for the last two 年度.
FIGURES = {
    "札幌市": [(1_450_000_000, 98_000), (1_620_000_000, 104_500)],
    "江別市": [(320_000_000, 21_300), (355_000_000, 23_900)],
    "千歳市": [(510_000_000, 30_100), (488_000_000, 29_400)],
    "函館市": [(980_000_000, 61_000), (1_050_000_000, 66_200)],
}


def demo_consultations(users) -> None:
    from ..models import ConsultationSlot
    from ..services import furusato_consultations as services

    officer, hq = users["ishikari-officer@demo.example.jp"], users["hq@demo.example.jp"]
    if ConsultationSlot.objects.exists():
        return
    day = timezone.localdate() + dt.timedelta(days=7)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    slots = services.slot_series_create(
        actor=officer,
        bureau=officer.bureau,
        day=day,
        first=dt.time(10, 0),
        last=dt.time(12, 0),
        minutes=30,
        place="石狩振興局 地域創生部 打合せ室",
        notes="ふるさと納税の個別相談（30分）",
    )
    services.slot_series_create(
        actor=hq,
        bureau=None,
        day=day + dt.timedelta(days=1),
        first=dt.time(14, 0),
        last=dt.time(16, 0),
        minutes=60,
        online_url="https://meet.example.jp/furusato-hq",
        notes="本庁担当による制度の相談（オンライン）",
    )
    services.slot_book(
        actor=users["sapporo@demo.example.jp"],
        slot=slots[1],
        topic="新しいポータルサイトへの掲載と、返礼品の地場産品基準について相談したい。",
    )


def demo_portal_sites(users) -> None:
    from ..models import DonationFigure, JointCampaign, PortalSiteListing
    from ..services import furusato_portals as services

    sapporo, hakodate = users["sapporo@demo.example.jp"], users["hakodate@demo.example.jp"]
    officer = users["ishikari-officer@demo.example.jp"]
    if not PortalSiteListing.objects.exists():
        for user, site, content in [
            (sapporo, "choice", "さっぽろ雪まつり観覧席、定山渓温泉の宿泊券"),
            (sapporo, "rakuten", "石狩湾の海産物、札幌黄（玉ねぎ）"),
            (hakodate, "satofull", "函館朝市の海鮮、夜景観光のクーポン"),
        ]:
            services.listing_save(
                actor=user,
                listing=PortalSiteListing(
                    municipality=user.municipality,
                    site=site,
                    url="https://www.example.jp/furusato/",
                    starts_on=dt.date(fiscal_year() - 1, 4, 1),
                    content=content,
                ),
            )
    if not JointCampaign.objects.exists():
        year = fiscal_year()
        services.joint_campaign_save(
            actor=officer,
            campaign=JointCampaign(
                name="いしかり冬の味覚フェア",
                site="choice",
                starts_on=dt.date(year, 12, 1),
                ends_on=dt.date(year, 12, 31),
                content="石狩管内の市町村が年末の特集ページに共同で出品する。",
            ),
            municipalities=list(
                Municipality.objects.filter(name__in=["札幌市", "江別市", "千歳市"])
            ),
        )
    if not DonationFigure.objects.exists():
        hq = users["hq@demo.example.jp"]
        last = fiscal_year() - 1
        for name, rows in FIGURES.items():
            municipality = Municipality.objects.get(name=name)
            for year, (amount, count) in zip((last - 1, last), rows, strict=True):
                services.donation_figure_set(
                    actor=hq,
                    municipality=municipality,
                    fiscal_year=year,
                    amount=amount,
                    count=count,
                )
