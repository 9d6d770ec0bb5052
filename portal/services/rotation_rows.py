"""Reading and checking the rows of a roster change (人事異動).

The columns of the template, the reading of one row's words (組織コード, 課・係, 職位, 異動区分)
and the problems a row can have, each as a code with a message in the reader's language.
Every row is checked against the whole batch at once with a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..excel.imports import Column, Importer
from ..japanese import wareki_date
from ..models import Bureau, Municipality, Role, Unit, User
from ..models.rotation import LEAVING, MoveKind, RosterBatchStatus, RosterMove
from ..models.units import Position
from ..permissions import rotation as perms

FIELDS = ("email", "kind_text", "organisation_text", "unit_text", "position_text")
HQ_WORDS = frozenset({"本庁", "道本庁", "hq", "本部"})
UNIT_SEPARATORS = ("／", "/", "・", " ", "　")

COLUMNS = (
    Column("email", _("Email address"), example="tanaka@city.example.lg.jp"),
    Column("kind_text", _("Kind of move"), required=False, example="異動"),
    Column("organisation_text", _("New organisation code"), required=False, example="011002"),
    Column("unit_text", _("New unit"), required=False, example="総務課 企画係"),
    Column("position_text", _("New position"), required=False, example="係長"),
)

# The engine's reader needs an importer; the rows are checked and saved by this module.
IMPORTER = Importer(
    columns=COLUMNS,
    form=forms.Form,
    save=lambda **kwargs: 0,
    bureau_of=lambda data: None,
    scope_column="email",
    filename="jinji-idou.xlsx",
)

PROBLEMS = {
    "email_required": _("Enter the person's email address."),
    "email_invalid": _("This is not an email address."),
    "unknown_email": _("No user has the email address %(email)s."),
    "person_out_of_reach": _(
        "%(email)s is not staff of your organisation: you cannot move this person."
    ),
    "duplicate_person": _("The same person is already in row %(row)s."),
    "already_scheduled": _("This person already has a scheduled move on %(date)s."),
    "unknown_kind": _("Write 異動, 退職 or 転出."),
    "organisation_required": _("Enter the code of the new organisation."),
    "unknown_code": _("No municipality or bureau has the code %(code)s."),
    "organisation_out_of_reach": _(
        "%(code)s is outside your organisation: you can move people only within it."
    ),
    "unit_other_organisation": _("%(unit)s is a unit of another organisation."),
    "unknown_unit": _("The new organisation has no unit %(unit)s."),
    "unknown_position": _("Write 担当, 係長, 課長 or 局長・首長."),
}


def problem_text(problem: dict) -> str:
    params = dict(problem.get("params", {}))
    if params.get("date"):
        params["date"] = wareki_date(dt.date.fromisoformat(params["date"]))
    return str(PROBLEMS.get(problem.get("code"), problem.get("code"))) % params


def _n(text) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip()


def _key(text) -> str:
    return "".join(_n(text).split()).lower()


def parse_kind(text: str) -> str | None:
    word = _key(text)
    if word in ("", "異動", "転任", "move"):
        return MoveKind.MOVE
    if word in ("退職", "retire", "retirement"):
        return MoveKind.RETIRE
    if word in ("転出", "出向", "transfer_out", "transferout"):
        return MoveKind.TRANSFER_OUT
    return None


def parse_position(text: str) -> int | None:
    word = _key(text)
    if not word:
        return Position.STAFF
    words = {"担当": 10, "主事": 10, "係長": 20, "課長": 30, "局長": 40, "首長": 40}
    for value, label in Position.choices:
        for language in ("ja", "en"):
            with translation.override(language):
                words[_key(label)] = value
        words[str(value)] = value
    return words.get(word)


def split_unit(text: str) -> tuple[str, str]:
    """「総務課 企画係」 → ("総務課", "企画係"); 「総務課」 → ("総務課", "")."""
    name = _n(text)
    for separator in UNIT_SEPARATORS:
        if separator in name:
            division, _sep, section = name.partition(separator)
            return division.strip(), section.strip()
    return name, ""


@dataclass
class Checked:
    problems: list = field(default_factory=list)
    values: dict = field(default_factory=dict)

    def add(self, field_name: str, problem: str, /, **params) -> None:
        self.problems.append({"field": field_name, "code": problem, "params": params})


class _Lookups:
    """Everything the rows name, read once for the whole batch."""

    def __init__(self, batch, rows: list[dict]):
        emails = {_n(r.get("email")).lower() for r in rows if r.get("email")}
        self.users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.bureaus = {b.code.lower(): b for b in Bureau.objects.all()}
        self.bureaus.update({_key(b.name): b for b in self.bureaus.values()})
        # Only the units the rows name (by their 課 or 係 part), not every unit of Hokkaido.
        names = {n for r in rows for n in split_unit(r.get("unit_text", "")) if n}
        self.units = list(
            Unit.objects.filter(is_active=True, name__in=names)
            .select_related("parent")
            .only("pk", "name", "municipality_id", "bureau_id", "parent__name", "kind")
        )
        pending = RosterMove.objects.filter(
            person__email__in=emails, batch__status=RosterBatchStatus.SCHEDULED
        ).exclude(batch=batch)
        self.scheduled = dict(pending.values_list("person__email", "batch__effective_date"))

    def organisation(self, text: str):
        """(role, municipality, bureau) for a code or name; None if unknown."""
        code = _key(text)
        if code in HQ_WORDS:
            return Role.HQ, None, None
        if code in self.municipalities:
            return Role.MUNICIPAL, self.municipalities[code], None
        by_name = [m for m in self.municipalities.values() if _key(m.name) == code]
        if len(by_name) == 1:
            return Role.MUNICIPAL, by_name[0], None
        if code in self.bureaus:
            return Role.BUREAU, None, self.bureaus[code]
        return None

    def units_named(self, text: str) -> list[Unit]:
        division, section = split_unit(text)
        found = []
        for unit in self.units:
            if section:
                if unit.parent_id and unit.name == section and unit.parent.name == division:
                    found.append(unit)
            elif not unit.parent_id and unit.name == division:
                found.append(unit)
        return found


def check_rows(batch, rows: list[dict]) -> list[Checked]:
    """Each row's problems and, when it has none, what it resolves to."""
    lookups = _Lookups(batch, rows)
    seen: dict[int, int] = {}
    return [_check(batch, row, lookups, seen) for row in rows]


def _check(batch, row: dict, lookups: _Lookups, seen: dict) -> Checked:
    result = Checked()
    person = _check_person(batch, row, lookups, seen, result)
    kind = parse_kind(row.get("kind_text", ""))
    if kind is None:
        result.add("kind_text", "unknown_kind")
        return result
    values = {"person": person, "kind": kind}
    if kind in LEAVING:
        values.update(to_role=Role.NONE, to_municipality=None, to_bureau=None)
        values.update(to_unit=None, to_position=None)
    else:
        _check_destination(batch, row, lookups, result, values)
    if not result.problems:
        result.values = values
    return result


def _check_person(batch, row, lookups, seen, result):
    email = _n(row.get("email")).lower()
    if not email:
        result.add("email", "email_required")
        return None
    try:
        validate_email(email)
    except ValidationError:
        result.add("email", "email_invalid")
        return None
    person = lookups.users.get(email)
    if person is None:
        result.add("email", "unknown_email", email=email)
    elif not perms.can_move_person(batch, person):
        result.add("email", "person_out_of_reach", email=email)
    elif person.pk in seen:
        result.add("email", "duplicate_person", row=seen[person.pk])
    else:
        seen[person.pk] = row.get("row_number", 0)
        if email in lookups.scheduled:
            result.add("email", "already_scheduled", date=str(lookups.scheduled[email]))
        return person
    return None


def _check_destination(batch, row, lookups, result, values) -> None:
    text = _n(row.get("organisation_text"))
    if not text:
        result.add("organisation_text", "organisation_required")
        return
    found = lookups.organisation(text)
    if found is None:
        result.add("organisation_text", "unknown_code", code=text)
        return
    role, municipality, bureau = found
    if not perms.can_move_to(
        batch,
        role=role,
        municipality_id=municipality.pk if municipality else None,
        bureau_id=bureau.pk if bureau else None,
    ):
        result.add("organisation_text", "organisation_out_of_reach", code=text)
        return
    values.update(to_role=role, to_municipality=municipality, to_bureau=bureau, to_unit=None)
    unit_text = _n(row.get("unit_text"))
    if unit_text:
        units = lookups.units_named(unit_text)
        mine = [
            u
            for u in units
            if u.municipality_id == (municipality.pk if municipality else None)
            and u.bureau_id == (bureau.pk if bureau else None)
        ]
        if mine:
            values["to_unit"] = mine[0]
        elif units:
            result.add("unit_text", "unit_other_organisation", unit=unit_text)
        else:
            result.add("unit_text", "unknown_unit", unit=unit_text)
    position = parse_position(row.get("position_text", ""))
    if position is None:
        result.add("position_text", "unknown_position")
    values["to_position"] = position
