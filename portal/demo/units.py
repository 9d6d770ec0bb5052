"""Demo units (課・係) and where the demo accounts sit (#20), with the accounts the 決裁
routes need: a 課長 in 札幌市, a 局長 in 石狩振興局, and 札幌市's organisation administrator.
Idempotent: units are found by name, people by email."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from ..models import Bureau, Municipality, Position, Role, Unit, User

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented in README, demo only

# organisation (("municipality", code) | ("bureau", code) | ("hq", None)), 課, [係]
UNITS = [
    (("municipality", "011002"), "総務課", ["人事係"]),
    (("municipality", "011002"), "企画課", ["政策推進係", "地域振興係"]),
    (("municipality", "012025"), "企画課", ["企画係"]),
    (("municipality", "012173"), "企画政策課", ["企画係"]),
    (("bureau", "ishikari"), "地域政策課", ["地域政策係"]),
    (("bureau", "oshima"), "地域政策課", ["地域政策係"]),
    (("hq", None), "地域政策課", ["地域づくり係"]),
]

# email, name, role, organisation, 課, 係 (or None), position, organisation administrator
PEOPLE = [
    ("sapporo@demo.example.jp", None, None, None, "企画課", "政策推進係", Position.STAFF, False),
    (
        "sapporo-kacho@demo.example.jp",
        "札幌 課長",
        Role.MUNICIPAL,
        ("municipality", "011002"),
        "企画課",
        None,
        Position.MANAGER,
        False,
    ),
    (
        "sapporo-admin@demo.example.jp",
        "札幌 人事",
        Role.MUNICIPAL,
        ("municipality", "011002"),
        "総務課",
        "人事係",
        Position.CHIEF,
        True,
    ),
    ("hakodate@demo.example.jp", None, None, None, "企画課", "企画係", Position.STAFF, False),
    ("ebetsu@demo.example.jp", None, None, None, "企画政策課", "企画係", Position.STAFF, False),
    (
        "ishikari-officer@demo.example.jp",
        None,
        None,
        None,
        "地域政策課",
        "地域政策係",
        Position.STAFF,
        False,
    ),
    (
        "ishikari-kyokucho@demo.example.jp",
        "石狩 局長",
        Role.BUREAU,
        ("bureau", "ishikari"),
        "地域政策課",
        None,
        Position.HEAD,
        False,
    ),
    (
        "oshima-officer@demo.example.jp",
        None,
        None,
        None,
        "地域政策課",
        "地域政策係",
        Position.STAFF,
        False,
    ),
    ("hq@demo.example.jp", None, None, None, "地域政策課", "地域づくり係", Position.STAFF, False),
]


def _organisation(spec) -> dict:
    kind, code = spec
    if kind == "municipality":
        return {"municipality": Municipality.objects.get(code=code), "bureau": None}
    if kind == "bureau":
        return {"municipality": None, "bureau": Bureau.objects.get(code=code)}
    return {"municipality": None, "bureau": None}


def _unit(organisation: dict, name: str, parent: Unit | None = None) -> Unit:
    unit, _created = Unit.objects.get_or_create(
        **organisation,
        parent=parent,
        name=name,
        defaults={"kind": Unit.Kind.SECTION if parent else Unit.Kind.DIVISION},
    )
    return unit


def _organisation_of(user: User) -> dict:
    return {"municipality": user.municipality, "bureau": user.bureau}


def load_demo(stdout) -> None:
    for spec, division, sections in UNITS:
        organisation = _organisation(spec)
        parent = _unit(organisation, division)
        for section in sections:
            _unit(organisation, section, parent)
    for email, name, role, spec, division, section, position, org_admin in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            organisation = _organisation(spec)
            user = User(email=email, name=name, role=role, **organisation)
            user.is_staff = role in (Role.BUREAU, Role.HQ)
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        organisation = _organisation_of(user)
        unit = _unit(organisation, division)
        if section:
            unit = _unit(organisation, section, unit)
        user.unit = unit
        user.position = position
        user.is_org_admin = org_admin
        user.save(update_fields=["unit", "position", "is_org_admin"])
    stdout.write("Demo units and positions ready.")
