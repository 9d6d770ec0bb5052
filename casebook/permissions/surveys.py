"""Who may do what with surveys (照会・調査): pure predicates on the objects' keys. Lists are
scoped in ``selectors.surveys``; these decide single objects.

The sender is the bureau that wrote the survey (its officers), or HQ; HQ sees and manages
every survey. A response is answered by the staff of its municipality, or by the account of
its cooperative."""

from portal.models import Role
from portal.permissions import is_active_user, is_bureau_officer_of, is_hq

from ..models.surveys import ResponseStatus, SurveyStatus


def can_create_survey(user) -> bool:
    return is_hq(user) or (
        is_active_user(user) and user.role == Role.BUREAU and bool(user.bureau_id)
    )


def can_manage_survey(user, survey) -> bool:
    if is_hq(user):
        return True
    return survey.sender_bureau_id is not None and is_bureau_officer_of(
        user, survey.sender_bureau_id
    )


def is_respondent(user, response) -> bool:
    if not is_active_user(user):
        return False
    if response.municipality_id is not None:
        return user.role == Role.MUNICIPAL and user.municipality_id == response.municipality_id
    return user.role == Role.COOPERATIVE and response.cooperative.user_id == user.pk


def can_view_response(user, response) -> bool:
    """Respondents see their own once the survey is out; the sender sees every answer."""
    if can_manage_survey(user, response.survey):
        return True
    return response.survey.status != SurveyStatus.DRAFT and is_respondent(user, response)


def can_answer(user, response) -> bool:
    """The respondent writes while the survey is published and the answer is not submitted
    (a returned answer is written again)."""
    return (
        response.survey.status == SurveyStatus.PUBLISHED
        and response.status != ResponseStatus.SUBMITTED
        and is_respondent(user, response)
    )
