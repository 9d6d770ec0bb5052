"""A survey's questions in the admin: the builder (an inline of the survey), editable while
the survey is a draft and shown read-only once it is out."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import EditableInlineMixin

from ..forms.surveys import QuestionForm
from ..models import SurveyQuestion, SurveyStatus
from ..permissions import surveys as perms
from ..rules.surveys import columns_text as rules_columns_text


class QuestionInline(EditableInlineMixin, admin.StackedInline):
    """The builder: the survey's questions in order, editable while it is a draft."""

    model = SurveyQuestion
    form = QuestionForm
    extra = 0
    ordering = ["order", "pk"]
    fields = [
        ("order", "kind", "required"),
        "text",
        "help_text",
        ("unit", "min_value", "max_value"),
        "max_length",
        "choices_text",
        "columns_text",
    ]

    def editable(self, request, obj) -> bool:
        if obj is None:
            return perms.can_create_survey(request.user)
        return obj.status == SurveyStatus.DRAFT and perms.can_manage_survey(request.user, obj)

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if self.editable(request, obj) and not (obj and obj.questions.exists()) else 0

    def has_view_permission(self, request, obj=None):
        return perms.can_create_survey(request.user)

    # Once the survey is out, the questions are shown read-only: the two typed lists are form
    # fields, not columns, so they are shown by these (else the admin labels them with their
    # English field names, 「Choices text」).
    @admin.display(description=_("Choices"))
    def choices_text(self, obj):
        return format_html_join("", "{}<br>", ((choice,) for choice in obj.choices or []))

    @admin.display(description=_("Columns"))
    def columns_text(self, obj):
        return format_html_join(
            "", "{}<br>", ((line,) for line in rules_columns_text(obj.columns).splitlines())
        )
