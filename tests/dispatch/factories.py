"""Factories and helpers for the human-support pillar: people on the roster, and requests
moved through their lifecycle by the services themselves."""

import datetime as dt

import factory
from django.utils import timezone

from dispatch.models import Availability, DispatchDesk, Person, RegionalFrame, Skill
from dispatch.services import assignments, reports, requests, sessions
from portal.models import Bureau

TODAY = dt.date(2026, 6, 1)


def skill(code: str) -> Skill:
    return Skill.objects.get(code=code)


def skills(*codes) -> list[Skill]:
    return [skill(code) for code in codes]


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    kind = "advisor"
    name = factory.Sequence(lambda n: f"人材{n:03d}")
    kana = factory.Sequence(lambda n: f"じんざい{n:03d}")
    organisation = "株式会社サンプル"
    email = factory.Sequence(lambda n: f"person{n}@example.jp")
    capacity = 3

    @factory.post_generation
    def skill_codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(skills(*extracted))

    @factory.post_generation
    def area_codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(Bureau.objects.filter(code__in=extracted))

    @factory.post_generation
    def available(self, create, extracted, **kwargs):
        if create and extracted:
            start, end = extracted
            Availability.objects.create(person=self, starts_on=start, ends_on=end)


def designate_chief(officer, bureau_code: str = "ishikari") -> DispatchDesk:
    desk, _created = DispatchDesk.objects.get_or_create(bureau=Bureau.objects.get(code=bureau_code))
    desk.chief_officers.add(officer)
    return desk


def set_frame(places: int, *, year: int = 2026, bureau_code: str = "ishikari") -> RegionalFrame:
    frame, _created = RegionalFrame.objects.update_or_create(
        bureau=Bureau.objects.get(code=bureau_code),
        fiscal_year=year,
        defaults={"places": places},
    )
    return frame


def draft_request(
    staff,
    *,
    kind="dx",
    title="行政手続オンライン化推進事業",
    wanted=("online-procedures", "dx-strategy"),
    start=dt.date(2026, 7, 1),
    end=dt.date(2026, 9, 30),
    **data,
):
    obj = requests.dispatch_request_create(actor=staff, kind=kind, title=title)
    return requests.dispatch_request_save(
        request=obj,
        actor=staff,
        data={
            "initiative": "電子申請の対象手続を広げ、窓口の負担を減らす。",
            "reason": "庁内にDXの専門人材がいない。",
            "skills": skills(*wanted),
            "preferred_start": start,
            "preferred_end": end,
            **data,
        },
    )


def submitted_request(staff, **kwargs):
    return requests.dispatch_request_submit(request=draft_request(staff, **kwargs), actor=staff)


def approved_request(staff, officer, **kwargs):
    obj = submitted_request(staff, **kwargs)
    if obj.kind == "regional":
        designate_chief(officer, obj.bureau.code)
        set_frame(5, year=obj.fiscal_year, bureau_code=obj.bureau.code)
    return requests.dispatch_request_approve(request=obj, actor=officer)


def assigned_request(
    staff, officer, person, *, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 9, 30), **kwargs
):
    obj = approved_request(staff, officer, **kwargs)
    assignments.dispatch_request_assign(
        request=obj,
        actor=officer,
        people=[person],
        starts_on=starts_on,
        ends_on=ends_on,
        lead=person,
    )
    obj.refresh_from_db()
    return obj


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def held_session(obj, actor, person, *, day=dt.date(2026, 7, 10), start=10, end=16, mode="visit"):
    return sessions.session_schedule(
        request=obj,
        actor=actor,
        mode=mode,
        starts_at=at(day, start),
        ends_at=at(day, end),
        people=[person],
        place="役場 会議室" if mode == "visit" else "",
        online_details="" if mode == "visit" else "https://meet.example.jp/abc",
    )


def confirmed_report(session, author, confirmer, *, hours=6, rating=5):
    report = reports.activity_report_submit(
        session=session, actor=author, summary="手続の棚卸しを行った。", hours=hours
    )
    return reports.activity_report_confirm(report=report, actor=confirmer, rating=rating)
