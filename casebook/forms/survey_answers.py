"""The respondent's answer sheet, built from a survey's questions.

One ``AnswerSheet`` holds a form of the plain questions and a formset per table question
(prefix ``q<id>``): rows are added without JavaScript by a button that posts the page and
shows it again with one more row, keeping what was typed. ``strict=False`` checks what was
typed (formats, limits) but not that required questions are answered: that is how a draft
is saved; ``strict=True`` is the check before the check-answers page. The sheet that puts
them together is in ``survey_sheets``.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.excel.fields import JapaneseDateField
from portal.forms import PortalForm
from portal.uploads import AttachmentField

from ..models.survey_questions import TABLE_MAX_ROWS, ColumnKind, QuestionKind

YES, NO = "yes", "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]
NUMBER_INVALID = _("Enter a number, for example 12 or 3.5.")
REQUIRED = _("Answer this question.")
ADD_ROW = "add_row"


def decimal_text(value: Decimal) -> str:
    """A Decimal as the exact text kept in the answers ("12.5", "100")."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _number_field(question, **kwargs) -> forms.DecimalField:
    messages = {"invalid": NUMBER_INVALID, **kwargs.pop("error_messages", {})}
    return forms.DecimalField(
        max_digits=18,
        decimal_places=4,
        min_value=question.min_value,
        max_value=question.max_value,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages=messages,
        **kwargs,
    )


def _hint(question) -> str:
    parts = [question.help_text] if question.help_text else []
    if question.kind == QuestionKind.NUMBER:
        low, high = question.min_value, question.max_value
        if low is not None and high is not None:
            parts.append(
                str(_("A number from %(low)s to %(high)s."))
                % {"low": decimal_text(low), "high": decimal_text(high)}
            )
        elif low is not None:
            parts.append(str(_("A number of at least %(low)s.")) % {"low": decimal_text(low)})
        elif high is not None:
            parts.append(str(_("A number of at most %(high)s.")) % {"high": decimal_text(high)})
    if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        parts.append(str(_("Up to %(n)s characters.")) % {"n": question.text_limit})
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        parts.append(str(_("Choose all that apply.")))
    return " ".join(parts)


def question_label(question) -> str:
    if question.kind == QuestionKind.NUMBER and question.unit:
        return f"{question.text}（{_('unit')}：{question.unit}）"
    return question.text


def answer_field(question, *, strict: bool) -> forms.Field:
    """The form field of one plain (not table) question."""
    kind = question.kind
    common = {
        "label": question_label(question),
        "help_text": _hint(question),
        "required": strict and question.required and kind != QuestionKind.FILE,
        "error_messages": {"required": REQUIRED},
    }
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=question.text_limit, **common)
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(
            max_length=question.text_limit, widget=forms.Textarea(attrs={"rows": 6}), **common
        )
    if kind == QuestionKind.NUMBER:
        return _number_field(question, **common)
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == QuestionKind.DATE:
        common["help_text"] = " ".join(
            p
            for p in (question.help_text, str(_("For example: 2026-10-01 or 令和8年10月1日")))
            if p
        )
        field = JapaneseDateField(widget=forms.DateInput(format="%Y-%m-%d"), **common)
        field.error_messages["invalid"] = _(
            "Enter a real date, for example 2026-10-01 or 令和8年10月1日."
        )
        return field
    if kind == QuestionKind.FILE:
        return AttachmentField(multiple=True, **common)
    raise ValueError(f"no plain field for {kind!r}")


def to_answer(question, value):
    """A cleaned value as kept in ``SurveyResponse.answers`` (None: not answered)."""
    if value in (None, "", []):
        return None
    kind = question.kind
    if kind == QuestionKind.NUMBER:
        return decimal_text(value)
    if kind == QuestionKind.YES_NO:
        return value == YES
    if kind == QuestionKind.DATE:
        return value.isoformat()
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        return value.strip() or None
    return value


def to_initial(question, value):
    """An answer as the form shows it again."""
    if value is None:
        return None
    if question.kind == QuestionKind.YES_NO:
        return YES if value else NO
    return value


class AnswerForm(PortalForm):
    """The plain questions of a survey, one field each (``q<id>``)."""

    def __init__(self, *args, questions, strict: bool = True, existing_files=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.kind != QuestionKind.TABLE]
        self.strict = strict
        # Files already attached to the response, by question id: a required file question
        # is answered by them, and each can be removed.
        self.existing_files = existing_files or {}
        for question in self.questions:
            self.fields[question.field_name] = answer_field(question, strict=strict)
            files = self.existing_files.get(question.pk)
            if files:
                self.fields[f"{question.field_name}_remove"] = forms.MultipleChoiceField(
                    label=_("Files attached: tick a file to remove it"),
                    choices=[(str(f.pk), f.original_name) for f in files],
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if question.kind != QuestionKind.FILE or not (self.strict and question.required):
                continue
            name = question.field_name
            kept = len(self.existing_files.get(question.pk, [])) - len(
                cleaned.get(f"{name}_remove") or []
            )
            if not cleaned.get(name) and kept <= 0 and name not in self.errors:
                self.add_error(name, REQUIRED)
        return cleaned


class TableRowForm(forms.Form):
    """One row of a table question: a field per column (``c0``, ``c1`` …)."""

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        for index, column in enumerate(question.columns):
            label = column["name"]
            if column.get("kind") == ColumnKind.NUMBER:
                field = forms.DecimalField(
                    label=label,
                    required=False,
                    max_digits=18,
                    decimal_places=4,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                    error_messages={"invalid": NUMBER_INVALID},
                )
            else:
                field = forms.CharField(label=label, required=False, max_length=200)
            self.fields[f"c{index}"] = field

    def row(self, question) -> dict | None:
        """The row as kept in the answers, or None for an empty row."""
        values = {}
        for index, column in enumerate(question.columns):
            value = self.cleaned_data.get(f"c{index}")
            if value in (None, ""):
                continue
            if column.get("kind") == ColumnKind.NUMBER:
                value = decimal_text(value)
            else:
                value = value.strip()
            values[column["name"]] = value
        return values or None


class BaseTableFormSet(forms.BaseFormSet):
    def __init__(self, *args, question, strict: bool = True, **kwargs):
        self.question = question
        self.strict = strict
        super().__init__(*args, prefix=question.field_name, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "question": self.question}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            question=self.question,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        if any(self.errors):
            return
        if self.strict and self.question.required and not self.rows():
            raise forms.ValidationError(_("Add at least one row to the table."), code="required")

    def rows(self) -> list[dict]:
        return [
            row
            for form in self.forms
            if not self._should_delete_form(form) and (row := form.row(self.question)) is not None
        ]


TableFormSet = forms.formset_factory(
    TableRowForm,
    formset=BaseTableFormSet,
    extra=0,
    can_delete=True,
    max_num=TABLE_MAX_ROWS,
    validate_max=True,
    absolute_max=TABLE_MAX_ROWS,
)
