"""The kernel's action layer: availability from the table, one error mapping, one page."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from portal.actions import (
    Action,
    ActionSet,
    action_page,
    add_service_errors,
    forbidden,
    not_found,
    refusal_on_form,
    run_action,
)
from portal.models import AccessRequest, Role
from portal.workflow import InvalidTransition, Refusal, Transition, Workflow, run_transition
from tests.factories import AccessRequestFactory

pytestmark = pytest.mark.django_db

STAFF = frozenset({Role.BUREAU, Role.HQ})


def _workflow(when=None):
    return Workflow(
        name="test",
        transitions=[
            Transition("approve", frozenset({"pending"}), "approved", STAFF, "approve"),
            Transition("note", frozenset({"pending"}), None, STAFF, "note", when=when),
        ],
        labels={"note": "Note written"},
    )


class NoteForm(forms.Form):
    note = forms.CharField()
    other = forms.CharField(required=False)


def _request(user, method="get", data=None):
    factory = RequestFactory()
    request = getattr(factory, method)("/step/", data or {})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _texts(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


# --- the table ----------------------------------------------------------------------------


def test_a_when_predicate_narrows_the_buttons_of_a_row(ishikari_officer):
    seen = []

    def when(user, obj):
        seen.append((user, obj))
        return obj.department == "企画課"

    workflow = _workflow(when)
    request = AccessRequestFactory()
    assert [t.action for t in workflow.available(request, ishikari_officer)] == ["approve", "note"]
    assert seen == [(ishikari_officer, request)]
    request.department = "総務課"
    assert [t.action for t in workflow.available(request, ishikari_officer)] == ["approve"]


def test_a_row_done_in_place_is_offered_but_never_moves_the_status(ishikari_officer):
    workflow = _workflow()
    request = AccessRequestFactory()
    assert "note" in {t.action for t in workflow.available(request, ishikari_officer)}
    with pytest.raises(ValueError, match="in place"):
        run_transition(workflow, request, "note", actor=ishikari_officer)
    request.refresh_from_db()
    assert request.status == "pending"
    # Its audit events are labelled as any audit action outside the table.
    assert workflow.label_for("note") == "Note written"
    bare = Workflow(
        name="bare", transitions=[Transition("jot", frozenset({"pending"}), None, STAFF, "jot")]
    )
    assert bare.label_for("jot") == "jot"
    assert workflow.label_for("approve") == "approve"


# --- availability -------------------------------------------------------------------------


def _run(request, obj, form, target):
    return "done"


def test_an_action_set_offers_what_the_table_offers_inside_its_gate(
    ishikari_officer, hq_user, sapporo_staff
):
    actions = ActionSet(
        _workflow(),
        [Action("approve", "Approve", _run), Action("note", "Note", _run, form=NoteForm)],
        url_prefix="portal_accessrequest",
        may_act=lambda user, obj: user.role == Role.BUREAU,
    )
    request = AccessRequestFactory()
    assert [a.name for a in actions.available(request, ishikari_officer)] == ["approve", "note"]
    assert actions.get("note").url_name == "portal_accessrequest_note"
    # HQ's role is in the table, but the gate keeps HQ reading; the applicant has no row.
    assert actions.available(request, hq_user) == []
    assert actions.available(request, sapporo_staff) == []
    request.status = "approved"
    assert actions.available(request, ishikari_officer) == []


def test_an_action_on_a_row_is_offered_only_where_that_row_accepts_it(ishikari_officer):
    on_row = Action(
        "approve", "Approve", _run, target=lambda obj, kw: kw, accepts=lambda row: row["open"]
    )
    actions = ActionSet(_workflow(), [on_row])
    request = AccessRequestFactory()
    assert actions.available(request, ishikari_officer) == []  # offered beside its row
    assert actions.allows(on_row, request, ishikari_officer, {"open": True})
    assert not actions.allows(on_row, request, ishikari_officer, {"open": False})


def test_an_action_without_a_row_in_the_table_is_refused_when_declared():
    with pytest.raises(InvalidTransition):
        ActionSet(_workflow(), [Action("explode", "Explode", _run)])


# --- the one error mapping ----------------------------------------------------------------


def test_a_done_action_says_so(ishikari_officer):
    request = _request(ishikari_officer, "post")
    assert run_action(request, lambda: "承認しました。")
    assert _texts(request) == [("success", "承認しました。")]


def test_a_field_error_goes_to_its_field_and_the_input_is_kept(ishikari_officer):
    form = NoteForm({"note": "理由", "other": "入力"})
    assert form.is_valid()

    def call():
        raise ValidationError({"other": "違います", "nowhere": "全体の誤り"})

    request = _request(ishikari_officer, "post")
    assert not run_action(request, call, form=form)
    assert form.errors["other"] == ["違います"]
    assert form.non_field_errors() == ["全体の誤り"]
    assert form.data["other"] == "入力"
    assert _texts(request) == []


def test_an_error_without_a_field_goes_to_the_named_field_or_above_the_form():
    form = NoteForm({"note": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError("金額が大きすぎます"), "note")
    assert form.errors["note"] == ["金額が大きすぎます"]
    form = NoteForm({"note": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError("誤り"), "missing")
    assert form.non_field_errors() == ["誤り"]


@pytest.mark.parametrize(
    ("error", "refused", "text"),
    [
        (InvalidTransition(), None, "現在の状態ではこの操作はできません。"),
        (
            PermissionDenied(),
            "この案件では今は操作できません。",
            "この案件では今は操作できません。",
        ),
        (
            PermissionDenied("担当外です。"),
            "この案件では今は操作できません。",
            "この案件では今は操作できません。",
        ),
        (PermissionDenied(), None, "この操作を行う権限がありません。"),
        (PermissionDenied("internal"), None, "この操作を行う権限がありません。"),
        (Refusal("担当外です。"), "この案件では今は操作できません。", "担当外です。"),
        (ValidationError("理由を入力してください。"), "x", "理由を入力してください。"),
    ],
)
def test_refusals_become_an_error_message(ishikari_officer, error, refused, text):
    def call():
        raise error

    request = _request(ishikari_officer, "post")
    assert run_action(request, call, refused=refused)
    assert _texts(request) == [("error", text)]


@pytest.mark.parametrize(
    ("on_refused", "raised"), [(not_found, Http404), (forbidden, PermissionDenied)]
)
def test_a_page_can_answer_a_refusal_with_404_or_403(ishikari_officer, on_refused, raised):
    def call():
        raise Refusal("担当外です。")

    request = _request(ishikari_officer, "post")
    with pytest.raises(raised):
        run_action(request, call, on_refused=on_refused)
    assert _texts(request) == []


def test_a_page_can_put_a_refusal_on_its_form(ishikari_officer):
    def call():
        raise PermissionDenied

    form = NoteForm({"note": "x"})
    form.is_valid()
    request = _request(ishikari_officer, "post")
    on_refused = refusal_on_form(form, "この申請は始められません。")
    assert not run_action(request, call, form=form, on_refused=on_refused)
    assert form.non_field_errors() == ["この申請は始められません。"]
    assert _texts(request) == []


def test_a_transition_refused_by_the_table_still_becomes_a_message(ishikari_officer):
    def call():
        raise InvalidTransition()

    request = _request(ishikari_officer, "post")
    assert run_action(request, call, on_refused=not_found)
    assert _texts(request) == [("error", "現在の状態ではこの操作はできません。")]


# --- the one page -------------------------------------------------------------------------


def _page(user, method, data=None, run=_run):
    access_request = AccessRequestFactory()
    action = Action("note", "メモを書く", run, form=NoteForm, submit_label="保存")
    request = _request(user, method, data)
    response = action_page(
        request,
        admin.site._registry[AccessRequest],
        action,
        access_request,
        change_url="/back/",
        context={"intro_templates": ["admin/portal/action/status.html"]},
    )
    return request, response


def test_the_page_shows_the_form_and_the_object(ishikari_officer):
    _, response = _page(ishikari_officer, "get")
    response.render()
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="保存"' in content
    assert 'name="note"' in content
    assert 'href="/back/"' in content


def test_posting_the_page_runs_the_action_and_goes_back(ishikari_officer):
    request, response = _page(ishikari_officer, "post", {"note": "メモ"})
    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert _texts(request) == [("success", "done")]


def test_a_service_error_shows_the_page_again_with_the_input(ishikari_officer):
    def run(request, obj, form, target):
        raise ValidationError({"note": "短すぎます"})

    _, response = _page(ishikari_officer, "post", {"note": "メモ"}, run=run)
    response.render()
    content = response.content.decode()
    assert response.status_code == 200
    assert "短すぎます" in content
    assert "メモ" in content
    assert "エラー：" in content or "Error:" in content
