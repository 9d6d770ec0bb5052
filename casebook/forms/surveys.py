"""Forms of surveys (照会・調査): the sender's survey and question builder (admin), the
return (差戻し) step, and the respondent's question to the sender."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.audiences import AudienceForm
from portal.forms import PortalForm, PortalModelForm
from portal.uploads import AttachmentField

from ..models import Survey, SurveyQuestion
from ..models.survey_questions import CHOICE_KINDS, QuestionKind
from ..rules.surveys import columns_text, parse_choices, parse_columns, question_errors


class SurveyForm(AudienceForm, PortalModelForm):
    """The survey in the admin. ``sender_bureau`` limits the audience to the bureau's area."""

    attachments = AttachmentField(
        label=_("Attachments"),
        required=False,
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "purpose",
            "cover_letter",
            "deadline",
            "attachments",
            *AudienceForm.audience_fields,
        ]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }


class QuestionForm(PortalModelForm):
    """A question of the builder. Choices and columns are typed one per line and kept as
    JSON once they pass the rules (``rules.surveys.question_errors``)."""

    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a single or multiple choice: one choice per line."),
    )
    columns_text = forms.CharField(
        label=_("Columns"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For a table: one column per line; add 「:数値」 after the name of a number "
            "column (for example 事業費:数値)."
        ),
    )

    class Meta:
        model = SurveyQuestion
        fields = [
            "order",
            "kind",
            "text",
            "help_text",
            "required",
            "unit",
            "min_value",
            "max_value",
            "max_length",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices or [])
            self.fields["columns_text"].initial = columns_text(self.instance.columns)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        choices = parse_choices(cleaned.get("choices_text", "")) if kind in CHOICE_KINDS else []
        columns = (
            parse_columns(cleaned.get("columns_text", "")) if kind == QuestionKind.TABLE else []
        )
        probe = SimpleNamespace(
            kind=kind,
            choices=choices,
            columns=columns,
            min_value=cleaned.get("min_value"),
            max_value=cleaned.get("max_value"),
            unit=cleaned.get("unit", ""),
            max_length=cleaned.get("max_length"),
        )
        if kind:
            where = {"choices": "choices_text", "columns": "columns_text"}
            for field, messages in question_errors(probe).items():
                for message in messages:
                    self.add_error(where.get(field, field), message)
        self.instance.choices = choices
        self.instance.columns = columns
        return cleaned


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The respondent reads it with the answer, and by mail."),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AskForm(PortalForm):
    """A respondent's question to the sender about the survey."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(
        label=_("Question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The sender of the survey answers; you will be told by mail."),
    )
