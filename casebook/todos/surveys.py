"""The to-do items of surveys (照会・調査): for a respondent, each open survey still to answer
(registered with the kernel in ``plugins.py``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

LIMIT = 20


def survey_todos(user) -> list:
    from portal.registry import TodoItem

    from ..selectors.surveys import open_responses_of

    if not user.is_authenticated or user.role not in ("municipal", "cooperative"):
        return []
    items = []
    for response in open_responses_of(user)[:LIMIT]:
        if response.status == "returned":
            title = _("Correct and resubmit the survey: %(title)s")
        else:
            title = _("Answer the survey: %(title)s")
        items.append(
            TodoItem(
                title % {"title": response.survey.title},
                reverse("casebook:survey_answer", args=[response.pk]),
                response.survey.deadline,
            )
        )
    return items
