"""The kernel's optimistic concurrency: a conditional version bump, a form that carries the
version and a snapshot of what it showed, and the panel that says what changed."""

import re
from html import unescape

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string

from portal.concurrency import (
    Change,
    StaleVersion,
    VersionedFormMixin,
    bump_version,
    object_changes,
    read_snapshot,
)
from portal.forms import PortalForm, YenField
from portal.models import Municipality
from tests.browser_forms import says


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


class PlanForm(VersionedFormMixin, PortalForm):
    title = forms.CharField(label="事業名", max_length=100)
    kind = forms.ChoiceField(label="区分", choices=[("soft", "ソフト事業"), ("hard", "ハード事業")])
    amount = YenField(label="金額")


SAVED = {"title": "商店街キャッシュレス推進", "kind": "soft", "amount": 600_000}


def opened_page(values=SAVED, version=3) -> QueryDict:
    """What the browser posts back from a page opened at ``version``: the hidden fields as
    rendered, the visible ones as typed (here: unchanged)."""
    form = PlanForm()
    form.stamp(version=version, values=values)
    data = QueryDict(mutable=True)
    data.update({name: str(value) for name, value in values.items()})
    data["version"] = str(form["version"].value())
    data["base"] = form["base"].value()
    return data


# --- The conditional UPDATE -----------------------------------------------------------------
# Any integer column of a kernel table shows the mechanism; pillars use a `version` column.


@pytest.mark.django_db
def test_a_matching_version_moves_on_by_one():
    town = Municipality.objects.get(code="011002")
    Municipality.objects.filter(pk=town.pk).update(population=7)
    bump_version(Municipality, pk=town.pk, expected=7, field="population")
    town.refresh_from_db()
    assert town.population == 8


@pytest.mark.django_db
def test_a_version_someone_moved_on_is_stale_and_nothing_changes():
    town = Municipality.objects.get(code="011002")
    Municipality.objects.filter(pk=town.pk).update(population=8)
    with pytest.raises(StaleVersion) as raised:
        bump_version(Municipality, pk=town.pk, expected=7, field="population")
    assert raised.value.code == "stale"
    assert says(
        " ".join(raised.value.messages),
        "ほかの人が先にこの内容を更新しました。",
        "Someone else updated this before you.",
    )
    town.refresh_from_db()
    assert town.population == 8


@pytest.mark.django_db
def test_a_caller_without_a_page_still_moves_the_version_on():
    town = Municipality.objects.get(code="011002")
    Municipality.objects.filter(pk=town.pk).update(population=8)
    bump_version(Municipality, pk=town.pk, expected=None, field="population")
    town.refresh_from_db()
    assert town.population == 9


# --- What changed ---------------------------------------------------------------------------


def test_changes_name_each_field_with_what_was_seen_and_what_is_saved():
    labels = {"title": "事業名", "kind": "区分", "amount": "金額"}
    before = {"fields": {"title": "A", "kind": "ソフト事業", "amount": "600,000円"}}
    current = {"fields": {"title": "B", "kind": "ソフト事業", "amount": "700,000円"}}
    assert object_changes(before, current, labels=labels) == [
        Change("事業名", "A", "B"),
        Change("金額", "600,000円", "700,000円"),
    ]


def test_rows_are_matched_by_id_added_removed_and_changed():
    before = {
        "fields": {},
        "rows": [
            {"id": 1, "text": "謝金 100円"},
            {"id": 2, "text": "委託 5円"},
        ],
    }
    current = {
        "fields": {},
        "rows": [
            {"id": 1, "text": "謝金 200円"},
            {"id": 3, "text": "旅費 9円"},
        ],
    }
    assert object_changes(before, current, labels={}, row_label="経費の行") == [
        Change("経費の行", "謝金 100円", "謝金 200円"),
        Change("経費の行", "", "旅費 9円", "added"),
        Change("経費の行", "委託 5円", "", "removed"),
    ]


# --- The form -------------------------------------------------------------------------------


def test_an_opened_page_carries_its_version_and_a_signed_snapshot_in_hidden_fields():
    form = PlanForm()
    form.stamp(version=3, values=SAVED)
    html = str(form)
    assert re.search(r'<input type="hidden" name="version" value="3"', html)
    assert read_snapshot(form["base"].value()) == {
        "fields": {"title": "商店街キャッシュレス推進", "kind": "ソフト事業", "amount": "600,000円"}
    }


def test_the_version_posted_back_is_read_and_a_tampered_one_can_only_be_stale():
    assert PlanForm(opened_page()).base_version == 3
    assert PlanForm({**SAVED, "version": ""}).base_version is None
    assert PlanForm({**SAVED, "version": "abc"}).base_version == -1
    assert PlanForm({**SAVED, "version": "-5"}).base_version == -1


def test_a_refused_save_keeps_what_was_typed_and_lists_what_changed():
    typed = opened_page()
    typed["title"] = "私が直した事業名"
    form = PlanForm(typed)
    assert form.is_valid()
    # Meanwhile someone else saved version 4 with another amount.
    form.refuse_stale(version=4, values={**SAVED, "amount": 800_000})
    assert form.errors
    assert form["title"].value() == "私が直した事業名"
    assert form.base_version == 4  # saving again goes through
    assert form.stale_changes == [Change("金額", "600,000円", "800,000円")]
    page = text(render_to_string("portal/includes/stale_changes.html", {"form": form}))
    assert "金額" in page and "600,000円" in page and "800,000円" in page
    assert says(
        str(form.non_field_errors()),
        "ほかの人が先にこの内容を更新しました。",
        "Someone else updated this before you.",
    )


def test_a_tampered_snapshot_shows_the_saved_values_as_not_known_before():
    typed = opened_page()
    typed["base"] = typed["base"][:-2] + "xx"
    form = PlanForm(typed)
    assert form.is_valid()
    form.refuse_stale(version=4, values=SAVED)
    assert [c.before for c in form.stale_changes] == [None, None, None]
    assert [c.after for c in form.stale_changes] == [
        "商店街キャッシュレス推進",
        "ソフト事業",
        "600,000円",
    ]


def test_no_panel_while_nothing_was_refused():
    form = PlanForm(opened_page())
    form.is_valid()
    assert render_to_string("portal/includes/stale_changes.html", {"form": form}).strip() == ""
