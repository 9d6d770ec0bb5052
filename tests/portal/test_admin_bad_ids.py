"""Every admin form answers a hand-made related id it cannot use ("abc", full-width digits,
a number larger than any database integer) with a form error next to the field, never a
500: the whole admin registry is walked, inlines included, so a new admin is covered too."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.contrib import admin
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from casebook.models import Editor
from tests.factories import ConsultationFactory, UserFactory
from tests.hardening.crawl import _PageParser

pytestmark = pytest.mark.django_db

# Not an id at all, and an integer larger than any database column holds.
REFUSED = ["abc", "99999999999999999999"]


@pytest.fixture
def superuser(client):
    user = UserFactory(hq=True, is_superuser=True)
    Editor.objects.create(user=user)  # casebook: only editors may add journal issues
    client.force_login(user)
    client.raise_request_exception = False
    return user


def _seed_consultation():
    return ConsultationFactory(asker=UserFactory(sapporo=True))


def _seed_dispatch_request():
    from tests.dispatch.factories import submitted_request

    return submitted_request(UserFactory(sapporo=True))


def _seed_audit_event():
    from portal.workflow import audit

    consultation = _seed_consultation()
    return audit(consultation, actor=consultation.asker, action="submit")


def _seed_position():
    from tests.dispatch.test_kyoryokutai_factories import load_missions, make_position

    load_missions()
    return make_position()


def _seed_trial():
    from tests.dispatch.test_kyoryokutai_factories import load_missions, make_trial

    load_missions()
    return make_trial()


def _seed_volunteer():
    from tests.dispatch.test_kyoryokutai_factories import (
        HIGASHIKAWA,
        load_missions,
        make_volunteer,
        staff_of,
    )

    load_missions()
    return make_volunteer(staff_of(HIGASHIKAWA))


def _seed_plan():
    from tests.casebook.factories_challenges import PlanFactory

    return PlanFactory()


def _seed_change_notification():
    from casebook.services import cooperative_changes
    from tests.casebook import cooperative_helpers

    cooperative, _application = cooperative_helpers.certified(UserFactory(hq=True))
    return cooperative_changes.notification_create(
        cooperative=cooperative,
        actor=cooperative.user,
        kind="officers",
        changed_on=timezone.localdate() - dt.timedelta(days=3),
        new_value="理事 鈴木",
    )


# Admins that add nothing themselves (rows come from the services): one row to change.
SEEDS = {
    "portal.Consultation": _seed_consultation,
    "portal.AuditEvent": _seed_audit_event,
    "dispatch.DispatchRequest": _seed_dispatch_request,
    "dispatch.Position": _seed_position,
    "dispatch.TrialProgramme": _seed_trial,
    "dispatch.Volunteer": _seed_volunteer,
    "casebook.Plan": _seed_plan,
    "casebook.ChangeNotification": _seed_change_notification,
}


def _admin_form_page(client, model, model_admin):
    """The add form, or the change form of a row when the admin adds nothing."""
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    response = client.get(reverse(f"{info}_add"))
    if response.status_code == 200:
        return response
    if model._meta.label in SEEDS and not model._default_manager.exists():
        SEEDS[model._meta.label]()
    obj = model_admin.get_queryset(response.wsgi_request).order_by("pk").first()
    if obj is None:
        return None
    try:
        url = reverse(f"{info}_change", args=[obj.pk])
    except NoReverseMatch:
        return None
    response = client.get(url)
    return response if response.status_code == 200 else None


def _posted_form(response):
    parser = _PageParser()
    parser.feed(response.content.decode())
    form = max(parser.forms, key=lambda f: len(f["fields"]))
    return {
        name: field.value
        for name, field in form["fields"].items()
        if field.kind not in ("file", "checkbox", "radio", "select") and "__prefix__" not in name
    }, set(form["fields"])


def _related(form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
    ]


def _targets(response, rendered: set[str]):
    """(posted name, where to find its error, extra data) for every related field shown."""
    targets = []
    form = response.context["adminform"].form
    for name in _related(form):
        if form.add_prefix(name) in rendered:
            targets.append((form.add_prefix(name), None, name, {}))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        empty = formset.empty_form
        index = formset.total_form_count()
        for name in _related(empty):
            template = empty.add_prefix(name)
            if template not in rendered:
                continue  # read-only in this inline
            # A new row of the inline: its template fields under the next index.
            extra = {
                key.replace("__prefix__", str(index)): ""
                for key in rendered
                if key.startswith(f"{formset.prefix}-__prefix__-")
            }
            extra[f"{formset.prefix}-TOTAL_FORMS"] = str(index + 1)
            posted = template.replace("__prefix__", str(index))
            targets.append((posted, formset.prefix, name, extra))
    return targets


def _field_errors(response, prefix, name):
    if prefix is None:
        return response.context["adminform"].form.errors.get(name)
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return [e for f in inline.formset.forms for e in f.errors.get(name, [])]
    return None


def _registered():
    return sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


def test_the_journal_issue_case_study_field_refuses_a_bad_id(client, superuser):
    url = reverse("admin:casebook_journalissue_add")
    data, _rendered = _posted_form(client.get(url))
    response = client.post(
        url,
        {
            **data,
            "number": "3",
            "title": "特集号",
            "articles-0-kind": "case_study",
            "articles-0-title": "事例",
            "articles-0-case_study": "abc",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "正しく選択してください。" in page
    assert "特集号" in page  # what was typed is still there


@pytest.mark.parametrize(
    ("model", "model_admin"), _registered(), ids=[m._meta.label for m, _a in _registered()]
)
def test_every_admin_form_answers_a_bad_related_id_with_a_form_error(
    client, superuser, model, model_admin
):
    page = _admin_form_page(client, model, model_admin)
    if page is None:
        pytest.skip(f"{model._meta.label}: no add form and no row to change")
    data, rendered = _posted_form(page)
    url = page.wsgi_request.path

    def outcome(target, value):
        posted, prefix, name, extra = target
        # Each post is rolled back, so a form that saves leaves nothing for the next one.
        with transaction.atomic():
            response = client.post(url, {**data, **extra, posted: value})
            transaction.set_rollback(True)
        assert response.status_code in (200, 302), (model._meta.label, posted, value)
        errors = _field_errors(response, prefix, name) if response.status_code == 200 else None
        return response.status_code, bool(errors)

    for target in _targets(page, rendered):
        for bad in REFUSED:
            assert outcome(target, bad) == (200, True), (model._meta.label, target[0], bad)
        # Full-width digits are read as the id they spell, as half-width ones are.
        assert outcome(target, "１２") == outcome(target, "12"), (model._meta.label, target[0])


def test_the_walk_covers_the_autocomplete_and_raw_id_fields(client, superuser):
    """The admins with autocomplete or raw-id fields are all reached by the walk above."""
    covered = []
    for model, model_admin in _registered():
        declared = [*model_admin.autocomplete_fields, *model_admin.raw_id_fields]
        for inline in model_admin.inlines:
            declared += [*inline.autocomplete_fields, *inline.raw_id_fields]
        if not declared:
            continue
        page = _admin_form_page(client, model, model_admin)
        assert page is not None, model._meta.label
        _data, rendered = _posted_form(page)
        names = {name for _posted, _prefix, name, _extra in _targets(page, rendered)}
        assert set(declared) <= names, (model._meta.label, declared, names)
        covered.append(model._meta.label)
    assert "casebook.JournalIssue" in covered
