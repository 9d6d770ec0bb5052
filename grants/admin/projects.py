"""Bureau policy projects (F2) in the admin: a bureau officer records the projects their
bureau runs (partners, budget, milestones and KPIs on the same page) and moves them on;
officers of partner bureaus and of the municipalities served, and HQ, read them.

Saving the record goes through ``services.projects.policy_project_save``; every move is a
small step page whose POST calls one service, as in the F1 admin.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from portal import permissions as portal_permissions
from portal.actions import PRIMARY, Action, ActionSet, action_page, error_text
from portal.admin_scope import EditableInlineMixin, ScopedModelAdmin
from portal.forms import MunicipalitiesField
from portal.forms.strategy_links import MeasuresField
from portal.japanese import fiscal_year, nendo
from portal.models import AuditEvent, Bureau, Municipality, Role
from portal.services.strategy_links import check_measures_for
from portal.status_panel import StatusPanelMixin

from ..models.projects import (
    PolicyProject,
    PolicyTheme,
    ProjectBudgetLine,
    ProjectKPI,
    ProjectMilestone,
    ProjectPartner,
)
from ..permissions import applications as permissions
from ..selectors.projects import policy_project_scope
from ..services import projects as services
from ..workflows.projects import PROJECT_WORKFLOW


@admin.register(PolicyTheme)
class PolicyThemeAdmin(ScopedModelAdmin):
    """The curated list of themes: every admin user reads it, HQ edits it."""

    scope_municipality = None
    list_display = ["name", "name_en", "code", "order"]

    def scope(self, request, queryset):
        return queryset if portal_permissions.can_use_admin(request.user) else queryset.none()


class LabelledRowsFormSet(BaseInlineFormSet):
    """A tabular inline shows its labels only as column headers; give every input its
    label and row number, so that screen readers (and the accessibility check) know what
    each box is."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            label = str(field.label or "")
            field.widget.attrs["aria-label"] = (
                f"{label} ({index + 1})" if index is not None else label
            )


class ProjectRowInline(EditableInlineMixin, admin.TabularInline):
    """Rows of a project: editable by the bureau that runs it while it may be edited."""

    extra = 0
    formset = LabelledRowsFormSet

    def has_view_permission(self, request, obj=None):
        return portal_permissions.can_use_admin(request.user)

    def editable(self, request, obj):
        if obj is None:
            return permissions.can_record_policy_projects(request.user)
        return permissions.can_edit_policy_project(request.user, obj)


class PartnerInline(ProjectRowInline):
    model = ProjectPartner
    fields = ["order", "name", "kind", "role"]


class BudgetInline(ProjectRowInline):
    model = ProjectBudgetLine
    fields = ["order", "item", "planned", "spent", "note"]


class MilestoneInline(ProjectRowInline):
    model = ProjectMilestone
    fields = ["title", "due_on", "done_on", "note"]


class KPIInline(ProjectRowInline):
    model = ProjectKPI
    fields = ["order", "name", "unit", "baseline", "target", "result"]


class PolicyProjectForm(forms.ModelForm):
    # The kernel's picker (bureau groups of checkboxes): the admin's JavaScript filter
    # widget has unlabelled inputs and fails the accessibility check.
    municipalities = MunicipalitiesField(
        label=_("Municipalities served"),
        help_text=_("One or several, of any bureau for a wide-area project."),
        error_messages={
            "required": _("Choose at least one municipality the project serves."),
        },
    )
    partner_bureaus = forms.ModelMultipleChoiceField(
        label=_("Partner bureaus"),
        queryset=Bureau.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Other bureaus taking part in a wide-area project (they can read it)."),
    )

    class Meta:
        model = PolicyProject
        fields = [
            "fiscal_year",
            "title",
            "theme",
            "region",
            "municipalities",
            "partner_bureaus",
            "measures",
            "summary",
            "description",
            "start_date",
            "end_date",
            "results",
            "evaluation",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The measures serving the project's municipalities (once saved with them).
        field = self.fields["measures"] = MeasuresField()
        if self.instance.pk:
            field.offer_for(self.instance.municipalities.select_related("bureau"))
        else:
            field.help_text = _("Save the project first; then tick the measures it serves.")

    # The database's constraints say the same; these say it next to the field.
    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter the fiscal year as a year, e.g. 2026."))
        return year

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The project must end on or after the day it starts."))
        if data.get("municipalities") and data.get("measures"):
            served = Municipality.objects.select_related("bureau").filter(
                pk__in=[m.pk for m in data["municipalities"]]
            )
            try:
                check_measures_for(served, data["measures"])
            except ValidationError as error:
                self.add_error("measures", error.message_dict["measures"])
        return data


class ResultsForm(forms.Form):
    results = forms.CharField(
        label=_("Results"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the project achieved. Residents read it on the public page."),
    )


class EvaluationForm(forms.Form):
    evaluation = forms.CharField(
        label=_("Evaluation"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ProposalForm(forms.Form):
    note = forms.CharField(
        label=_("Why this project would make a good case study"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _done(action: Action):
    return _("Done: %(step)s") % {"step": action.title}


def _run_start(request, project, form, target):
    services.policy_project_start(project=project, actor=request.user)
    return _done(PROJECT_ACTIONS.get("start"))


def _run_complete(request, project, form, target):
    results = form.cleaned_data["results"]
    services.policy_project_complete(project=project, actor=request.user, results=results)
    return _done(PROJECT_ACTIONS.get("complete"))


def _run_evaluate(request, project, form, target):
    evaluation = form.cleaned_data["evaluation"]
    services.policy_project_evaluate(project=project, actor=request.user, evaluation=evaluation)
    return _done(PROJECT_ACTIONS.get("evaluate"))


def _run_propose(request, project, form, target):
    note = form.cleaned_data["note"]
    services.policy_project_propose_case_study(project=project, actor=request.user, note=note)
    return _done(PROJECT_ACTIONS.get("propose"))


# Only officers of the bureau that runs the project act on it; the others read.
PROJECT_ACTIONS = ActionSet(
    PROJECT_WORKFLOW,
    [
        Action(
            "start",
            _("Start the project (実施中)"),
            _run_start,
            submit_label=_("Start the project"),
            style=PRIMARY,
        ),
        Action(
            "complete",
            _("Complete the project (完了)"),
            _run_complete,
            form=ResultsForm,
            submit_label=_("Complete and publish the results"),
            style=PRIMARY,
        ),
        Action(
            "evaluate",
            _("Record the evaluation (評価済)"),
            _run_evaluate,
            form=EvaluationForm,
            submit_label=_("Record the evaluation"),
            style=PRIMARY,
        ),
        Action(
            "propose",
            _("Propose as a case study for the journal"),
            _run_propose,
            form=ProposalForm,
            submit_label=_("Propose to HQ"),
            transition="propose_case_study",
        ),
    ],
    url_prefix="grants_policyproject",
    may_act=permissions.can_move_policy_project,
)
REFUSED = _("You cannot do this with this project now.")


@admin.register(PolicyProject)
class PolicyProjectAdmin(StatusPanelMixin, ScopedModelAdmin):
    scope_municipality = None
    add_roles = frozenset({Role.BUREAU})
    change_roles = frozenset({Role.BUREAU})
    form = PolicyProjectForm
    inlines = [PartnerInline, BudgetInline, MilestoneInline, KPIInline]
    list_display = ["title", "bureau", "year_display", "theme", "region", "status"]
    list_filter = ["fiscal_year", "status", "theme", "region", "bureau"]
    list_select_related = ["bureau", "theme", "region"]
    search_fields = ["title"]
    readonly_fields = ["bureau", "status", "case_study_proposed_at"]
    change_form_template = "grants/admin/policyproject_change_form.html"
    panel_actions = PROJECT_ACTIONS
    fieldsets = [
        (None, {"fields": ["bureau", "status", "fiscal_year", "title", "theme", "region"]}),
        (_("Where"), {"fields": ["municipalities", "partner_bureaus", "measures"]}),
        (_("What"), {"fields": ["summary", "description", ("start_date", "end_date")]}),
        (_("Results and evaluation"), {"fields": ["results", "evaluation"]}),
        (_("Case study"), {"fields": ["case_study_proposed_at"]}),
    ]

    def scope(self, request, queryset):
        return queryset.filter(policy_project_scope(request.user))

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_edit_policy_project(request.user, obj)

    @admin.display(description=_("fiscal year"), ordering="fiscal_year")
    def year_display(self, obj):
        return nendo(obj.fiscal_year)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        user = request.user
        initial.setdefault("fiscal_year", fiscal_year())
        if user.role == Role.BUREAU and user.bureau_id:
            initial.setdefault("region", user.bureau.region_id)
        return initial

    def save_model(self, request, obj, form, change):
        try:
            services.policy_project_save(project=obj, actor=request.user, changed=form.changed_data)
        except PermissionDenied:
            raise
        except ValidationError as error:
            # The form validated already; the service's own rules are the last word.
            raise PermissionDenied(error_text(error, REFUSED)) from None

    def get_urls(self):
        return [
            path(
                "<int:pk>/step/<slug:step>/",
                self.admin_site.admin_view(self.step_view),
                name="grants_policyproject_step",
            ),
            *super().get_urls(),
        ]

    def panel_action_url(self, obj, action):
        return reverse("admin:grants_policyproject_step", args=[obj.pk, action.name])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        project = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "events": AuditEvent.objects.for_object(project).select_related("actor"),
            "workflow": PROJECT_WORKFLOW,
            "public_url": reverse("grants:project_detail", args=[project.pk]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def step_view(self, request, pk, step):
        project = self.get_object(request, str(pk))
        change_url = reverse("admin:grants_policyproject_change", args=[project.pk])
        action = PROJECT_ACTIONS.find(step)
        if action is None or not PROJECT_ACTIONS.allows(action, project, request.user):
            self.message_user(request, REFUSED, messages.ERROR)
            return redirect(change_url)
        return action_page(
            request,
            self,
            action,
            project,
            change_url=change_url,
            form_kwargs={"initial": {"results": project.results, "evaluation": project.evaluation}},
            refused=REFUSED,
            done_level=messages.INFO,
        )
