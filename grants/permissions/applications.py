"""Who may do what with grant applications: pure predicates on the objects' keys."""

from portal.models import Role
from portal.permissions import is_active_user, is_bureau_officer_of, is_hq

from ..models.applications import EDITABLE_STATUSES, Status


def is_applicant_staff(user, application) -> bool:
    """Staff of the applying (lead) municipality."""
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and user.municipality_id == application.municipality_id
    )


def is_group_applicant(user, application) -> bool:
    return is_active_user(user) and user.role == Role.GROUP and application.group_user_id == user.pk


def is_partner_staff(user, application) -> bool:
    if not is_active_user(user) or user.role != Role.MUNICIPAL:
        return False
    return any(m.pk == user.municipality_id for m in application.partners.all())


def is_partner_bureau_officer(user, application) -> bool:
    """An officer of a bureau that has a partner municipality in a submitted joint application
    (広域連携) led by another bureau: reads it, acts on nothing (selectors'
    application_partner_scope is the same rule for a list)."""
    if not is_active_user(user) or user.role != Role.BUREAU or user.bureau_id is None:
        return False
    if application.bureau_id == user.bureau_id or application.submitted_at is None:
        return False
    return any(m.bureau_id == user.bureau_id for m in application.partners.all())


def can_view_application(user, application) -> bool:
    return (
        is_hq(user)
        or is_bureau_officer_of(user, application.bureau_id)
        or is_applicant_staff(user, application)
        or is_group_applicant(user, application)
        or is_partner_staff(user, application)
        or is_partner_bureau_officer(user, application)
    )


def can_edit_application(user, application) -> bool:
    if application.status not in EDITABLE_STATUSES:
        return False
    if application.group_user_id:
        # A group's application is edited by the group; its municipality comments.
        return is_group_applicant(user, application)
    return is_applicant_staff(user, application)


def can_apply_to_call(user, call) -> bool:
    """Municipal staff and local groups of the call's bureau, while the call is open."""
    return (
        is_active_user(user)
        and user.role in (Role.MUNICIPAL, Role.GROUP)
        and user.municipality is not None
        and user.municipality.bureau_id == call.bureau_id
        and call.is_open()
    )


def can_start_application(user, call, applicant_kind) -> bool:
    if not can_apply_to_call(user, call):
        return False
    if applicant_kind.via_municipality:
        return user.role == Role.GROUP
    return user.role == Role.MUNICIPAL


def can_forward_application(user, application) -> bool:
    return application.status == Status.MUNICIPAL_REVIEW and is_applicant_staff(user, application)


def can_withdraw_application(user, application) -> bool:
    if application.group_user_id:
        return is_group_applicant(user, application) or (
            is_applicant_staff(user, application) and application.status == Status.MUNICIPAL_REVIEW
        )
    return is_applicant_staff(user, application)


def can_confirm_as_partner(user, application) -> bool:
    return is_partner_staff(user, application) and application.status not in (
        Status.WITHDRAWN,
        Status.REJECTED,
    )


def can_review_application(user, application) -> bool:
    """Officers of the application's bureau review and decide (the 振興局長's authority)."""
    return is_bureau_officer_of(user, application.bureau_id)


def can_act_after_decision(user, application) -> bool:
    """Change requests, the performance report and the claim come from the municipality."""
    return is_applicant_staff(user, application)


# --- Bureau policy projects (F2) ------------------------------------------------------------


def can_record_policy_projects(user) -> bool:
    """Bureau officers record the projects their own bureau runs."""
    return is_active_user(user) and user.role == Role.BUREAU and user.bureau_id is not None


def can_edit_policy_project(user, project) -> bool:
    """Only the bureau that runs the project edits it, until it has been evaluated."""
    from ..models.projects import ProjectStatus

    return (
        is_bureau_officer_of(user, project.bureau_id) and project.status != ProjectStatus.EVALUATED
    )


def can_move_policy_project(user, project) -> bool:
    return is_bureau_officer_of(user, project.bureau_id)


def can_view_policy_project(user, project) -> bool:
    """HQ; the bureau that runs it, its partner bureaus and the bureaus of the municipalities
    it serves; staff of those municipalities."""
    if is_hq(user) or is_bureau_officer_of(user, project.bureau_id):
        return True
    if not is_active_user(user):
        return False
    if user.role == Role.BUREAU:
        return any(b.pk == user.bureau_id for b in project.partner_bureaus.all()) or any(
            m.bureau_id == user.bureau_id for m in project.municipalities.all()
        )
    if user.role == Role.MUNICIPAL:
        return any(m.pk == user.municipality_id for m in project.municipalities.all())
    return False


def can_propose_case_study(user, project) -> bool:
    from ..models.projects import PUBLIC_PROJECT_STATUSES

    return (
        is_bureau_officer_of(user, project.bureau_id) and project.status in PUBLIC_PROJECT_STATUSES
    )


# --- Advice on national grants (F3) ---------------------------------------------------------


def can_ask_about_national_grants(user) -> bool:
    return is_active_user(user) and user.role == Role.MUNICIPAL and user.municipality_id is not None


def can_curate_national_grants(user) -> bool:
    """Officers and HQ keep the knowledge base of national programmes."""
    return is_hq(user) or (is_active_user(user) and user.role == Role.BUREAU)


def can_handle_national_consultation(user, consultation) -> bool:
    """Whoever may answer the consultation tags its programmes."""
    from portal.permissions import can_answer_consultation

    return can_answer_consultation(user, consultation)


def can_refer_to_hq(user, consultation) -> bool:
    """A bureau officer answering the consultation may bring HQ in."""
    return (
        is_active_user(user)
        and user.role == Role.BUREAU
        and can_handle_national_consultation(user, consultation)
    )


def can_publish_faq(user, consultation) -> bool:
    """An answered consultation may become an FAQ entry, published by whoever answers it."""
    return consultation.status in ("answered", "closed") and can_handle_national_consultation(
        user, consultation
    )


def can_edit_faq_entry(user, entry) -> bool:
    if is_hq(user):
        return True
    return entry.bureau_id is not None and is_bureau_officer_of(user, entry.bureau_id)


# --- ふるさと納税 support (F4) ----------------------------------------------------------------


def can_register_company(user) -> bool:
    """A signed-up account without a role registers its company; HQ approves it."""
    return is_active_user(user) and user.role == Role.NONE


def can_decide_company(user, company) -> bool:
    return is_hq(user)


def is_company_user(user) -> bool:
    return is_active_user(user) and user.role == Role.COMPANY


def is_staff_of_municipality(user, municipality_id) -> bool:
    return (
        is_active_user(user)
        and user.role == Role.MUNICIPAL
        and user.municipality_id == municipality_id
    )


def can_post_support_project(user) -> bool:
    return is_active_user(user) and user.role == Role.MUNICIPAL and user.municipality_id is not None


def can_edit_support_project(user, project) -> bool:
    from ..models.furusato import SupportProjectStatus

    return is_staff_of_municipality(user, project.municipality_id) and project.status in (
        SupportProjectStatus.DRAFT,
        SupportProjectStatus.OPEN,
    )


def can_move_support_project(user, project) -> bool:
    return is_staff_of_municipality(user, project.municipality_id)


def can_view_support_project(user, project) -> bool:
    """A draft is the municipality's working paper; once published, every municipality,
    bureau and HQ may read it, and companies while it seeks support (the selector adds the
    closed projects a company expressed interest in)."""
    from ..models.furusato import SupportProjectStatus

    if is_staff_of_municipality(user, project.municipality_id):
        return True
    if project.status == SupportProjectStatus.DRAFT or not is_active_user(user):
        return False
    if is_hq(user) or user.role in (Role.BUREAU, Role.MUNICIPAL):
        return True
    return user.role == Role.COMPANY and project.status == SupportProjectStatus.OPEN


def can_express_interest(user, project) -> bool:
    from ..models.furusato import SupportProjectStatus

    return is_company_user(user) and project.status == SupportProjectStatus.OPEN


def can_respond_to_interest(user, interest) -> bool:
    from ..models.furusato import InterestStatus

    return interest.status == InterestStatus.EXPRESSED and is_staff_of_municipality(
        user, interest.project.municipality_id
    )


def can_withdraw_interest(user, interest) -> bool:
    from ..models.furusato import InterestStatus

    return (
        is_company_user(user)
        and interest.company.user_id == user.pk
        and interest.status == InterestStatus.EXPRESSED
    )


def can_view_interest(user, interest) -> bool:
    municipality = interest.project.municipality
    return (
        is_hq(user)
        or is_bureau_officer_of(user, municipality.bureau_id)
        or is_staff_of_municipality(user, municipality.pk)
        or (is_company_user(user) and interest.company.user_id == user.pk)
    )


def can_view_matching_pipeline(user) -> bool:
    return is_hq(user) or (is_active_user(user) and user.role == Role.BUREAU)


def can_view_furusato_statistics(user) -> bool:
    return is_hq(user)


def can_manage_event_materials(user, event) -> bool:
    """HQ, or officers of the bureau that organised the event."""
    return is_hq(user) or (
        event.bureau_id is not None and is_bureau_officer_of(user, event.bureau_id)
    )


def can_view_event_material(user, material) -> bool:
    """Materials of a published seminar: for staff of municipalities, bureaus and HQ, and for
    whoever registered for it."""
    event = material.event
    if not event.is_published or not is_active_user(user):
        return False
    if is_hq(user) or user.role in (Role.BUREAU, Role.MUNICIPAL):
        return True
    return event.registrations.filter(user=user).exclude(status="cancelled").exists()
