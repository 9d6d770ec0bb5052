"""Actions on a workflow object: one declaration, one runner, one step page.

An *action* is what a user does to one object from a button: an optional form, one service
call and a message. Every action names a row of the object's workflow table, and
``Workflow.available(obj, user)`` alone decides whether its button is shown and whether its
page opens; an ``ActionSet`` adds the scope gate (who may act on this object at all).

``run_action`` is the one place that turns what a service raises into what the user sees:
``ValidationError`` onto the form (by field, the rest above the form, the user's input
kept) or, without a form, into an error message; ``InvalidTransition`` and
``PermissionDenied`` into an error message. ``action_page`` is the admin's step page built on
both, rendered with the one template ``admin/portal/action.html``; ``ActionAdminMixin`` gives a
ModelAdmin its action pages, their URLs and the object page's buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .kessai import run_or_draft, warn_if_awaiting
from .previews import PreviewConfirmForm, preview_page

# The styles are named here too, where the pillars declare their actions.
from .status_panel import DESTRUCTIVE as DESTRUCTIVE
from .status_panel import PRIMARY as PRIMARY
from .status_panel import SECONDARY as SECONDARY
from .status_panel import STYLES, StatusPanelMixin
from .workflow import InvalidTransition, Refusal, Workflow

ACTION_TEMPLATE = "admin/portal/action.html"


@dataclass(frozen=True)
class Action:
    """One action: the table's row it runs, its page and the service call.

    ``run(request, obj, form, target)`` calls the service and returns the success message.
    ``target(obj, url_kwargs)`` loads the row the action is on (a change request, a reviewer)
    and raises ``Http404`` outside the object; ``accepts(target)`` says whether that row can
    still take the action.
    """

    name: str
    title: Any
    run: Callable[..., Any]
    form: Callable[..., forms.Form] | None = None
    submit_label: Any = None
    # Errors a service raises without a field name belong to this field of the form.
    error_field: str | None = None
    # The table's action when it is not ``name`` (two pages may share one row).
    transition: str | None = None
    # The URL below the object's admin page; "<name>/" unless given.
    route: str | None = None
    url_name: str = ""
    target: Callable[[Any, dict], Any] | None = None
    accepts: Callable[[Any], bool] | None = None
    # Shown above the form (what the user decides on); ``subtitle(target)`` names the target.
    info_template: str | None = None
    subtitle: Callable[[Any], Any] | None = None
    # ``preview_document(request, obj, form, target)`` -> ``DocumentDraft`` for an action
    # that issues a numbered document: its page offers the draft (案) and requires the
    # confirmation box before the submit (``portal.previews``).
    preview_document: Callable[..., Any] | None = None
    # PRIMARY, SECONDARY or DESTRUCTIVE: the button's weight in the status panel.
    style: str = SECONDARY
    # The panel's button runs the action at once (a POST), without its confirmation page:
    # only for a step with nothing to fill in and nothing to regret (start a review).
    one_click: bool = False
    # A legal act of an organisation (``portal.kessai``): its page drafts a 決裁 instead of
    # running when the organisation's route for this kind needs approvers.
    kessai_kind: str | None = None

    def __post_init__(self):
        if self.style not in STYLES:
            raise ValueError(f"{self.name}: style {self.style!r} is not one of {STYLES}")
        if self.one_click and (self.form is not None or self.target is not None):
            raise ValueError(f"{self.name}: an action with a form or a target is not one-click")

    @property
    def move(self) -> str:
        return self.transition or self.name


def _anyone(user, obj) -> bool:
    return True


@dataclass
class ActionSet:
    """The actions of one kind of object, their availability and their URL names.

    ``may_act(user, obj)`` is the scope gate: a user in scope who may not act (HQ reading, a
    partner bureau) gets no button, and the action's page refuses (403, or back to the
    object with a message, as that admin always did).
    """

    workflow: Workflow
    actions: Iterable[Action]
    url_prefix: str = ""
    may_act: Callable[[Any, Any], bool] = _anyone
    _by_name: dict[str, Action] = field(init=False, repr=False)

    def __post_init__(self):
        named = []
        for action in self.actions:
            self.workflow.get(action.move)  # an action without a row is a mistake
            if action.route is None:
                action = replace(action, route=f"{action.name}/")
            if not action.url_name and self.url_prefix:
                action = replace(action, url_name=f"{self.url_prefix}_{action.name}")
            named.append(action)
        self.actions = tuple(named)
        self._by_name = {action.name: action for action in self.actions}

    def get(self, name: str) -> Action:
        return self._by_name[name]

    def find(self, name: str) -> Action | None:
        """The action a URL names, or None for a name that is not one."""
        return self._by_name.get(name)

    def moves(self, obj, user) -> frozenset[str]:
        """The table's rows the user could run on ``obj`` now (none outside the gate)."""
        if not self.may_act(user, obj):
            return frozenset()
        return frozenset(t.action for t in self.workflow.available(obj, user))

    def allows(self, action: Action, obj, user, target=None, *, moves=None) -> bool:
        moves = self.moves(obj, user) if moves is None else moves
        if action.move not in moves:
            return False
        return target is None or action.accepts is None or bool(action.accepts(target))

    def available(self, obj, user) -> list[Action]:
        """The object's own buttons (actions on a target row are offered beside that row)."""
        moves = self.moves(obj, user)
        return [a for a in self.actions if a.target is None and a.move in moves]


def error_text(error: Exception, refused=None) -> str:
    """The message for an error a service raised. A bare PermissionDenied says ``refused``
    (the page's own words) or a general refusal: only a ``Refusal``'s text is for users."""
    if isinstance(error, InvalidTransition):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, Refusal) and error.args:
        return str(error.args[0])
    return str(refused or _("You cannot do this."))


def add_service_errors(form, error: ValidationError, error_field: str | None = None) -> None:
    """Put a service's ValidationError on the form: named fields at the field, the rest at
    ``error_field`` if the form has it, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(error_field if error_field in form.fields else None, error.messages)


def run_action(
    request,
    call: Callable[[], Any],
    *,
    form=None,
    error_field: str | None = None,
    refused=None,
    done=None,
    done_level: int = messages.SUCCESS,
    on_refused: Callable[[PermissionDenied], bool] | None = None,
) -> bool:
    """Run ``call`` (one service call) and tell the user: ``done``, or else what ``call``
    returns, as the success message.

    Returns True when the request is finished (done, or refused with a message: redirect),
    False when the service's ValidationError was put on ``form`` (show the form again).

    ``on_refused`` replaces the message for a ``PermissionDenied`` (a page that answers it
    with 404 passes ``not_found``, one that lets it through as 403 ``forbidden``); what it
    returns is returned (False: show the form again)."""
    try:
        message = call()
        if done is not None:
            message = done
    except ValidationError as error:
        if form is None:
            messages.error(request, error_text(error, refused))
            return True
        add_service_errors(form, error, error_field)
        return False
    except (InvalidTransition, PermissionDenied) as error:
        if on_refused is not None and isinstance(error, PermissionDenied):
            return on_refused(error)
        messages.error(request, error_text(error, refused))
        return True
    if message:
        messages.add_message(request, done_level, message)
    return True


def not_found(error: PermissionDenied):
    """``on_refused`` of a page where a refusal means "outside your scope": 404."""
    raise Http404 from None


def forbidden(error: PermissionDenied):
    """``on_refused`` of a page that lets a refusal through (Django answers 403)."""
    raise error


def refusal_on_form(form, refused=None):
    """``on_refused`` of a page that shows a refusal above its form (kept input, no redirect)."""

    def put_on_form(error: PermissionDenied) -> bool:
        form.add_error(None, error_text(error, refused))
        return False

    return put_on_form


def action_page(
    request,
    model_admin,
    action: Action,
    obj,
    *,
    change_url: str,
    target=None,
    form_kwargs: dict | None = None,
    context: dict | None = None,
    refused=None,
    done_level: int = messages.SUCCESS,
):
    """The admin page of one action: GET shows its form (or a confirmation), POST runs it
    and goes back to the object. The caller has checked scope and availability."""
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    warn_if_awaiting(request, action, obj)
    form = None
    if action.form is not None:
        form = action.form(data, files, **(form_kwargs or {}))
    confirm = PreviewConfirmForm(data) if action.preview_document is not None else None
    # Both forms are validated (no short-circuit), so both show their errors.
    checks = [f.is_valid() for f in (form, confirm) if f is not None]
    valid = all(checks)
    if request.method == "POST" and valid:
        finished = run_action(
            request,
            lambda: run_or_draft(
                request, action, obj, form, target, target_kwargs=_target_kwargs(request)
            ),
            form=form,
            error_field=action.error_field,
            refused=refused,
            done_level=done_level,
        )
        if finished:
            return redirect(change_url)
    if confirm is not None and confirm.is_bound and confirm.is_valid():
        # The values were refused: whatever is corrected must be checked again in the draft.
        confirm = PreviewConfirmForm()
    page = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": obj,
        "action": action,
        "target": target,
        "form": form,
        "title": action.title,
        "subtitle": action.subtitle(target) if action.subtitle and target is not None else None,
        "submit_label": action.submit_label or action.title,
        "change_url": change_url,
        "confirm_form": confirm,
        # The preview answers at the step's URL + "preview/" (``preview_urls``).
        "preview_url": f"{request.path}preview/" if confirm is not None else "",
        **(context or {}),
    }
    return TemplateResponse(request, ACTION_TEMPLATE, page)


def _target_kwargs(request) -> dict:
    """The URL's own values naming the action's target row (a change request's pk)."""
    match = getattr(request, "resolver_match", None)
    kwargs = match.kwargs if match else {}
    return {k: v for k, v in kwargs.items() if k not in ("pk", "step") and isinstance(v, int | str)}


def preview_urls(actions: Iterable[Action], view, *, prefix: str = "<int:pk>/") -> list:
    """The preview URL of each action that has one: its route + ``preview/``, named
    ``<url_name>_preview``; ``view`` gets the action as ``step``."""
    return [
        path(
            f"{prefix}{action.route}preview/",
            view,
            {"step": action},
            name=f"{action.url_name}_preview",
        )
        for action in actions
        if action.preview_document is not None and action.url_name
    ]


class ActionAdminMixin(StatusPanelMixin):
    """A ModelAdmin whose object page offers the actions of ``object_actions``, each on its
    own page at ``<pk>/<action_path>/<name>/`` (URL name ``<app>_<model>_step``).

    The object page shows the status panel (``StatusPanelMixin``) with the actions' buttons;
    an action the table does not offer now sends the user back with ``action_unavailable``;
    an unknown name is 404.
    """

    object_actions: ActionSet
    action_unavailable = _("You cannot do this now.")
    action_path = "workflow"
    # Extra context of every action page (its stylesheet, the classes of its body and form).
    action_page_context: dict = {}

    def _action_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_step"

    def action_urls(self) -> list:
        view = self.admin_site.admin_view(self.step_view)
        route = f"<int:pk>/{self.action_path}/<slug:step>/"
        preview = self.admin_site.admin_view(self.step_preview_view)
        return [
            path(route, view, name=self._action_url_name()),
            path(f"{route}preview/", preview, name=f"{self._action_url_name()}_preview"),
        ]

    @property
    def panel_actions(self) -> ActionSet:
        return self.object_actions

    def panel_action_url(self, obj, action: Action) -> str:
        if action.url_name:  # an admin that names each action's URL itself
            return reverse(f"admin:{action.url_name}", args=[obj.pk])
        return reverse(f"admin:{self._action_url_name()}", args=[obj.pk, action.name])

    def action_form_kwargs(self, request, obj, action: Action) -> dict:
        return {}

    def action_context(self, request, obj, action: Action) -> dict:
        return {**self.action_page_context, "step": action, "subtitle": str(obj)}

    def step_view(self, request, pk, step):
        obj = self.get_object(request, str(pk))  # outside scope: 404
        action = self.object_actions.find(step)
        if action is None:
            raise Http404
        opts = self.opts
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if not self.object_actions.allows(action, obj, request.user):
            self.message_user(request, self.action_unavailable, messages.WARNING)
            return redirect(change_url)
        return action_page(
            request,
            self,
            action,
            obj,
            change_url=change_url,
            form_kwargs=self.action_form_kwargs(request, obj, action),
            context=self.action_context(request, obj, action),
        )

    def step_preview_view(self, request, pk, step):
        """The draft of the step's document: 404 outside scope, for an unknown step, a step
        without a document, or one the user cannot take now."""
        obj = self.get_object(request, str(pk))  # outside scope: 404
        action = self.object_actions.find(step)
        if action is None or action.preview_document is None:
            raise Http404
        if not self.object_actions.allows(action, obj, request.user):
            raise Http404
        return preview_page(
            request,
            action=action,
            obj=obj,
            form_kwargs=self.action_form_kwargs(request, obj, action),
        )
