"""Everything the casebook registers with the kernel, in one place: ``register()`` is called
once from ``CasebookConfig.ready()``.

- I2 case studies and the journal: the to-do items of editors, the demo data, the figures of
  the regional view and the municipality's panel there, the public pages in /sitemap.xml;
- I1 challenges, liaison meetings and plans: to-do items, who may download a meeting's or a
  plan's files, the demo data, the regional figures;
- I2 notices (お知らせ・事務連絡): the recipients' to-do items and マイページ card, who may
  download a notice's files, the demo data, the public notices in /sitemap.xml and on the
  home page;
- I3 cooperatives: to-do items, who may download an application's, a notification's or an
  annual report's files, the demo data, the public register in /sitemap.xml;
- I1 surveys (照会・調査): respondents' to-do items, who may download a survey's and an
  answer's files, the demo data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal import audiences, registry
from portal import regional as regional_view
from portal.models import Role
from portal.workflow import register_action_labels


def register() -> None:
    register_action_labels(
        {
            "casebook_editor_appointed": _("Appointed as a casebook editor"),
            "casebook_editor_revoked": _("Casebook editor appointment ended"),
            # Plans with content (#22 point 2).
            "council_create": _("Council recorded"),
            "council_edit": _("Council renamed"),
            "council_member_add": _("Council member added"),
            "council_member_remove": _("Council member removed"),
            "council_meeting_add": _("Council meeting recorded"),
            "measures_start": _("Measures and KPIs started"),
            "revision_reminder": _("Revision reminder sent"),
        }
    )
    _register_case_studies()
    _register_challenges()
    _register_cooperatives()
    _register_notices()
    _register_surveys()
    _register_work_queue()
    _register_public_pages()
    from . import kessai

    kessai.register()


def _register_case_studies() -> None:
    from .demo.case_studies import load_demo
    from .regional import case_studies as regional
    from .selectors.strategy_contributions import (
        case_study_contributions,
        challenge_contributions,
    )
    from .sitemaps import sitemaps
    from .todos.case_studies import casebook_todos

    registry.register_todo_provider(casebook_todos)
    registry.register_demo_loader(load_demo)
    regional_view.register(regional.MEASURES, regional.provider)
    registry.register_municipality_panel(regional.municipality_panel)
    registry.register_sitemaps(sitemaps)
    registry.register_reference_kind("casebook.case_study", _find_case_study)
    # 効果検証 (#21 point 4): published case studies serving each strategy measure.
    registry.register_measure_contribution(case_study_contributions)
    registry.register_measure_contribution(challenge_contributions)


def _can_view_meeting_files(user, meeting) -> bool:
    from .selectors.meetings import meetings_visible_to

    return meetings_visible_to(user).filter(pk=meeting.pk).exists()


def _register_challenges() -> None:
    from .demo.challenges import load_challenges_demo
    from .models import LiaisonMeeting, Plan, PlanCouncilMeeting
    from .permissions import challenges as perms
    from .regional import challenges as regional
    from .todos.challenges import challenge_todos
    from .todos.work import challenge_card

    registry.register_todo_provider(challenge_todos)
    registry.register_work_provider(challenge_card)
    registry.register_attachment_owner(LiaisonMeeting, _can_view_meeting_files)
    registry.register_attachment_owner(Plan, perms.can_view_plan)
    registry.register_attachment_owner(PlanCouncilMeeting, _can_view_council_minutes)
    _register_plan_advice(Plan, perms)
    registry.register_demo_loader(load_challenges_demo)
    # I1: challenges by status and theme, liaison meetings held and invitations.
    regional_view.register(regional.MEASURES, regional.provider)
    # #22 point 3: the bureau's attendance at the municipality's strategy meetings.
    registry.register_municipality_panel(regional.strategy_meetings_panel)


def _can_view_council_minutes(user, meeting) -> bool:
    from .permissions.challenges import can_view_plan

    return can_view_plan(user, meeting.council.plan)


def _register_plan_advice(plan_model, perms) -> None:
    """#22 point 2: the bureau advises on a plan section by section (the plan, its
    総合戦略's measures, its 協議会) through the kernel's structured advice."""
    from .selectors import plan_advice

    registry.register_advice_owner(
        plan_model,
        registry.AdviceOwner(
            can_give=perms.can_advise_plan,
            can_answer=perms.can_edit_plan,
            section_label=plan_advice.plan_section_label,
            notify_on_advice=plan_advice.plan_keepers,
            notify_on_answer=lambda plan: [],
            url=lambda plan: plan.get_absolute_url(),
        ),
    )


def _find_case_study(user, number):
    """A published case study by the number of its page (case studies have no reference
    number); everyone may see it."""
    from portal.references import find_in

    from .selectors.case_studies import case_studies_public

    published = case_studies_public()
    return find_in(
        published, number, kind="casebook.case_study", label=_title, reference_field=None
    )


def _title(row) -> str:
    return row.title


def _register_cooperatives() -> None:
    from .demo.cooperatives import load_cooperative_demo
    from .models.cooperative_applications import CertificationApplication
    from .models.cooperative_changes import AnnualReport, ChangeNotification
    from .permissions import cooperatives as perms
    from .selectors.cooperatives import cooperative_audience
    from .sitemaps import CooperativeRegisterSitemap
    from .todos.cooperatives import cooperative_todos

    registry.register_todo_provider(cooperative_todos)
    registry.register_attachment_owner(CertificationApplication, perms.can_view_application)
    registry.register_attachment_owner(ChangeNotification, perms.can_view_notification)
    registry.register_attachment_owner(AnnualReport, perms.can_view_annual_report)
    registry.register_demo_loader(load_cooperative_demo)
    registry.register_sitemaps({"cooperatives": CooperativeRegisterSitemap})
    audiences.register_audience_source(
        audiences.AudienceSource(
            kind=audiences.AudienceKind.COOPERATIVES,
            recipients=cooperative_audience,
            bureau_of=lambda cooperative: cooperative.municipality.bureau,
        )
    )
    # The cooperative's own page (application, notifications, annual reports), from the header.
    registry.register_own_area(
        registry.OwnArea(
            key="cooperative-page",
            roles=frozenset({Role.COOPERATIVE}),
            title=_("Your cooperative"),
            url_name="casebook:cooperative_home",
        )
    )


def _can_read_notice(user, notice) -> bool:
    """A notice's files: for whoever may read the notice (its page's rule)."""
    from django.http import Http404

    from .selectors.notices import notice_get_for

    try:
        notice_get_for(user, notice.pk)
    except Http404:
        return False
    return True


def _register_notices() -> None:
    from .demo.notices import load_notices_demo
    from .models.notices import Notice
    from .panels.public import latest_notices
    from .sitemaps import NoticeSitemap
    from .todos.notices import notice_card, notice_todos

    registry.register_todo_provider(notice_todos)
    registry.register_work_provider(notice_card)
    registry.register_attachment_owner(Notice, _can_read_notice)
    registry.register_demo_loader(load_notices_demo)
    registry.register_sitemaps({"notices": NoticeSitemap})
    registry.register_home_panel(latest_notices)


def _can_view_survey_files(user, survey) -> bool:
    """The sender's side, and the organisations the survey was sent to."""
    from .permissions import surveys as perms
    from .selectors.surveys import responses_of

    return (
        perms.can_manage_survey(user, survey) or responses_of(user).filter(survey=survey).exists()
    )


def _register_surveys() -> None:
    from .demo.surveys import load_survey_demo
    from .models import Survey, SurveyResponse
    from .permissions import surveys as perms
    from .services.survey_responses import CONSULTATION_CATEGORY
    from .todos.surveys import survey_todos

    registry.register_dedicated_consultation_category(CONSULTATION_CATEGORY)

    registry.register_todo_provider(survey_todos)
    registry.register_attachment_owner(Survey, _can_view_survey_files)
    registry.register_attachment_owner(SurveyResponse, perms.can_view_response)
    registry.register_demo_loader(load_survey_demo)


def _register_work_queue() -> None:
    """The officers' 「対応待ち」 on the admin home: challenges to triage, cooperatives'
    notifications to accept or chase."""
    from .selectors.work_queue import WORK_QUEUES

    for queue in WORK_QUEUES:
        registry.register_work_queue(queue)


def _register_public_pages() -> None:
    """The home page's panels (what is new and open), the municipality's public page and
    profile sheet, and the event categories of the /events/ index."""
    from .panels import public as panels

    registry.register_home_panel(panels.latest_case_studies)
    registry.register_public_municipality_panel(panels.municipality_case_studies)
    registry.register_public_municipality_panel(panels.municipality_plans)
