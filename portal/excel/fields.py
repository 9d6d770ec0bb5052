"""Form fields for the cells officers type in Excel: a bureau by its name, a municipality by
its code or name, a 年度 as 2026 / 令和8年度 / R8, a date as 2026-04-01 / 2026/4/1 / 令和8年4月1日.
Importers' row forms use them, so every import reads the same cells the same way."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..japanese import ERAS
from ..models import Bureau, Municipality

_ERA_START = {name: start.year for start, name, _abbr in ERAS}
_ERA_START.update({abbr: start.year for start, _name, abbr in ERAS})
_NENDO = re.compile(r"^(令和|平成|昭和|R|H|S)(元|\d{1,2})(?:年度?)?$", re.IGNORECASE)
_WAREKI_DATE = re.compile(
    r"^(令和|平成|昭和|R|H|S)(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$", re.IGNORECASE
)


def _clean(value) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split())


def _era_year(era: str, number: str) -> int:
    return (
        _ERA_START[era.upper() if len(era) == 1 else era]
        + (1 if number == "元" else int(number))
        - 1
    )


class BureauField(forms.Field):
    """A bureau by its name (石狩振興局), its short name (石狩) or its code (ishikari)."""

    default_error_messages = {
        "unknown": _("No bureau is called “%(value)s”."),
    }

    def to_python(self, value):
        text = _clean(value)
        if not text:
            return None
        bureau = Bureau.objects.filter(
            Q(name=text)
            | Q(code=text)
            | Q(name_en__iexact=text)
            | Q(name=f"{text}振興局")
            | Q(name=f"{text}総合振興局")
        ).first()
        if bureau is not None:
            return bureau
        raise ValidationError(
            self.error_messages["unknown"], code="unknown", params={"value": text}
        )


class MunicipalityField(forms.Field):
    """A municipality by its 6-digit 全国地方公共団体コード or its name (札幌市)."""

    default_error_messages = {
        "unknown": _("No municipality has the code or name “%(value)s”."),
    }

    def to_python(self, value):
        text = _clean(value)
        if not text:
            return None
        found = list(
            Municipality.objects.select_related("bureau").filter(code=text)
            or Municipality.objects.select_related("bureau").filter(name=text)
        )
        if len(found) != 1:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        return found[0]


class FiscalYearField(forms.Field):
    """A 年度 as the calendar year it starts in: 2026, 2026年度, 令和8年度 or R8."""

    default_error_messages = {
        "invalid": _("Enter the fiscal year as 2026 or 令和8年度."),
    }

    def to_python(self, value):
        text = _clean(value).removesuffix("年度")
        if not text:
            return None
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
        else:
            match = _NENDO.match(text)
            if not match:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            year = _era_year(match.group(1), match.group(2))
        if not 1990 <= year <= 2100:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return year


class JapaneseDateField(forms.DateField):
    """A date as 2026-04-01, 2026/4/1 or 令和8年4月1日 (Excel's own dates arrive as ISO)."""

    input_formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]

    def to_python(self, value):
        text = _clean(value)
        match = _WAREKI_DATE.match(text)
        if match:
            try:
                return dt.date(
                    _era_year(match.group(1), match.group(2)),
                    int(match.group(3)),
                    int(match.group(4)),
                )
            except ValueError as error:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        return super().to_python(text.split("T")[0] if text else text)


class LabelChoiceField(forms.ChoiceField):
    """A choice typed as its Japanese label (県職員) or its stored value (staff)."""

    def to_python(self, value):
        text = _clean(value)
        for key, label in self.choices:
            with translation.override("ja"):
                japanese = _clean(label)
            if text and text in (_clean(key), japanese, _clean(str(label))):
                return key
        return text

    def valid_value(self, value):
        return any(value == key for key, _label in self.choices)


class NamesField(forms.Field):
    """Several entries of ``queryset`` in one cell, separated by 、 or commas, each by its
    ``name`` or ``code``."""

    default_error_messages = {"unknown": _("Unknown: %(names)s.")}

    def __init__(self, *, queryset, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.queryset = queryset

    def to_python(self, value):
        names = [name for name in re.split(r"[、,，;；]", _clean(value)) if name]
        if not names:
            return []
        found = list(self.queryset.filter(Q(name__in=names) | Q(code__in=names)))
        known = {item.name for item in found} | {item.code for item in found}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"names": "、".join(unknown)}
            )
        return found
