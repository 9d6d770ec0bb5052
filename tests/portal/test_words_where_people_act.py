"""Words where people act (#18 point 8): a shared English word says the right Japanese in
each place (contexts), the 必須/任意 badge follows what is really required, and a 年度 is
chosen by its name wherever the admin edits one."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import pgettext

from portal.forms import FiscalYearField, PortalForm, required_badge

TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.fixture(autouse=True)
def japanese():
    with translation.override("ja"):
        yield


# --- One English word, the right Japanese in each place -------------------------------------


@pytest.mark.parametrize(
    ("context", "msgid", "japanese"),
    [
        ("national rule not met", "Not yet", "未達"),
        ("activity report not filed", "Not yet", "未提出"),
        ("KPI result not reported", "Not yet", "未報告"),
        ("milestone not done", "Not yet", "未完了"),
        ("plan history", "Registered", "登録"),
        ("people registered for events", "Registered", "申込者数"),
        ("activity report", "Return the report", "活動報告を差し戻す"),
        ("activity report", "Return the report for correction", "活動報告を修正のため差し戻す"),
        # A dispatch request or a challenge is handed in (提出), not applied for (申請).
        ("date submitted", "Submitted", "提出日"),
        # A 協力隊 position's window is for applicants (応募), not grant applications.
        ("recruitment window", "Applications", "応募受付"),
    ],
)
def test_each_place_says_its_own_word(context, msgid, japanese):
    assert pgettext(context, msgid) == japanese


def test_not_yet_without_a_context_is_left_to_the_conflict_declaration():
    """「未申告」 (not declared) fits only the reviewers' conflict-of-interest column."""
    bare = re.compile(r'\{% translate "Not yet" %\}')
    users = sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if bare.search(path.read_text(encoding="utf-8"))
    )
    assert users == ["admin/grants/application/includes/review.html"]


def test_dispatch_pages_do_not_call_an_activity_report_a_performance_report():
    for name in ("report_confirm.html", "request_detail.html", "session_detail.html"):
        text = (TEMPLATES / "dispatch" / name).read_text(encoding="utf-8")
        assert '{% translate "Return the report" %}' not in text
        assert '{% translate "Return the report for correction" %}' not in text


def test_dispatch_lists_do_not_call_a_request_or_a_posting_an_application():
    for name in ("dispatch/request_list.html", "dispatch/kyoryokutai/position_list.html"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert '{% translate "Submitted" %}' not in text
        assert '{% translate "Applications" %}' not in text


def test_the_town_and_the_bureau_read_one_event_under_one_name():
    from dispatch.workflows.requests import REPORT_WORKFLOW, REQUEST_WORKFLOW
    from grants.workflows.applications import APPLICATION_WORKFLOW

    for workflow, action in (
        (REQUEST_WORKFLOW, "submit"),
        (REQUEST_WORKFLOW, "resubmit"),
        (REPORT_WORKFLOW, "confirm"),
    ):
        assert str(workflow.label_for(action, applicant=True)) == str(workflow.label_for(action))
    assert str(REQUEST_WORKFLOW.label_for("submit", applicant=True)) == "依頼を提出"
    assert str(REPORT_WORKFLOW.label_for("confirm", applicant=True)) != "参加確定"
    # A grant's closing is 完了 on both sides, as its status says.
    assert str(APPLICATION_WORKFLOW.label_for("close", applicant=True)) == "完了"


def test_a_plans_first_history_line_says_registered_not_applicants():
    from casebook.workflows.plans import PLAN_WORKFLOW

    assert str(PLAN_WORKFLOW.label_for("create")) == "登録"


# --- 必須 / 任意 as really required ----------------------------------------------------------


class _Contact(PortalForm):
    name = forms.CharField(label="氏名")
    phone = required_badge(forms.CharField(label="電話", required=False), "電話かメール：必須")
    note = forms.CharField(label="備考", required=False)


def _badges(html: str) -> list[str]:
    return re.findall(r'<span class="tag(?: tag--required)?">([^<]*)</span>', html)


def test_the_badge_follows_the_real_requirement():
    html = str(_Contact())
    assert _badges(html) == ["必須", "電話かメール：必須", "任意"]
    assert _Contact({"name": "札幌 太郎"}).is_valid()  # the badge does not change validation


def test_a_postings_contact_fields_say_one_of_them_is_required():
    from dispatch.forms.kyoryokutai import PositionForm

    form = PositionForm()
    for name in ("contact_phone", "contact_email"):
        html = str(form[name].as_field_group())
        assert "任意" not in html
        assert "tag--required" in html


def test_the_certification_criteria_are_badged_required(db):
    from casebook.forms.cooperatives import ChecklistForm
    from casebook.models import CertificationApplication

    form = ChecklistForm(application=CertificationApplication())
    for name in CertificationApplication.CRITERIA:
        html = str(form[name].as_field_group())
        assert "任意" not in html and "tag--required" in html
    # Saved as the review goes: a partial checklist is still accepted.
    assert ChecklistForm({}, application=CertificationApplication()).is_valid()


def test_a_change_notifications_documents_are_required_until_one_is_attached():
    from casebook.forms.cooperatives import FilesForm

    needed = FilesForm(needed=True)
    assert "tag--required" in str(needed["files"].as_field_group())
    bound = FilesForm({}, {}, needed=True)
    assert not bound.is_valid() and "files" in bound.errors
    assert "任意" in str(FilesForm()["files"].as_field_group())


# --- 年度 chosen by name in the admin ------------------------------------------------------


def test_every_admin_form_takes_a_fiscal_year_as_a_named_choice(hq_user):
    request = RequestFactory().get("/admin/")
    request.user = hq_user
    checked = []
    for model, model_admin in admin.site._registry.items():
        names = {f.name for f in model._meta.get_fields()}
        if "fiscal_year" not in names or not model_admin.has_add_permission(request):
            continue
        form = model_admin.get_form(request)
        if "fiscal_year" not in form.base_fields:
            continue
        field = form.base_fields["fiscal_year"]
        assert isinstance(field, forms.ChoiceField), model
        assert not isinstance(field.widget, forms.NumberInput), model
        checked.append(model._meta.label)
    assert {"grants.Call", "grants.Allocation", "dispatch.RegionalFrame"} <= set(checked)


def test_a_new_rows_fiscal_year_starts_unchosen():
    field = FiscalYearField(first=2019, ahead=1, blank=True)
    assert next(iter(field.choices)) == ("", "---------")
    with pytest.raises(forms.ValidationError):
        field.clean("")
    assert field.clean("2025") == 2025
