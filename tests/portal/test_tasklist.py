"""The kernel's task list: sections in order, a status from the data and the kept draft, and
drafts kept as typed (without NUL, which PostgreSQL cannot store in JSON)."""

from types import SimpleNamespace

from django import forms
from django.http import QueryDict

from portal.tasklist import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    Section,
    TaskList,
    draft_drop,
    draft_keep,
    draft_of,
    fields_status,
    typed_values,
)

NAME = Section("name", "Name", ("name", "kana", "agreed"), ("name",))
CONTACT = Section("contact", "Contact", ("phone",), ("phone",))
TASKS = TaskList(NAME, CONTACT)


def thing(**values):
    return SimpleNamespace(
        **{"section_drafts": {}, "name": "", "kana": "", "agreed": False, "phone": "", **values}
    )


def test_sections_come_in_order_with_their_place():
    assert TASKS.keys == ("name", "contact")
    assert TASKS.get("contact") is CONTACT
    assert TASKS.get("other") is None
    assert TASKS.next_key("name") == "contact"
    assert TASKS.next_key("contact") is None
    assert TASKS.position("contact") == {"number": 2, "total": 2, "is_last": True}


def test_a_section_is_started_by_any_field_and_complete_with_the_required_ones():
    assert fields_status(thing(), NAME, skip=("agreed",)) == NOT_STARTED
    assert fields_status(thing(kana="やまだ"), NAME, skip=("agreed",)) == IN_PROGRESS
    assert fields_status(thing(name="山田"), NAME) == COMPLETED
    assert fields_status(thing(name="山田"), NAME, required=("name", "kana")) == IN_PROGRESS


def test_a_kept_draft_keeps_the_section_in_progress_until_dropped():
    obj = thing(name="山田")
    draft_keep(obj, "name", {"csrfmiddlewaretoken": "x", "name": "山\x00田", "tags": ["a\x00"]})
    assert draft_of(obj, "name") == {"name": "山田", "tags": ["a"]}
    assert fields_status(obj, NAME) == IN_PROGRESS
    assert draft_drop(obj, "name") is True
    assert draft_drop(obj, "name") is False
    assert fields_status(obj, NAME) == COMPLETED


class TagsForm(forms.Form):
    title = forms.CharField()
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])


def test_what_was_typed_is_kept_with_lists_for_multiple_selects():
    post = QueryDict("csrfmiddlewaretoken=x&action=stay&title=t&tags=a&remove=3")
    assert typed_values(post, TagsForm()) == {"title": "t", "tags": ["a"]}
    assert typed_values(post) == {"title": "t", "tags": "a"}
