"""Scoped reads of surveys (照会・調査): the sender's surveys, the response matrix, and a
respondent's own answers. Outside scope is 404 (``*_get_for``).

Who sees what is decided here, once: ``survey_reader_q`` (which surveys an officer may open) and
``response_reader_q`` (which answers), and ``responses_in_view`` (which of one survey's
targets). A bureau officer opens the surveys the bureau sent, and also, read only, any other
survey (HQ's) that reached one of the bureau's municipalities, seeing only those
municipalities' answers; HQ sees everything."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from portal.models import AuditEvent, Role
from portal.permissions import is_active_user, is_hq
from portal.selectors import get_in_scope

from ..models import ResponseStatus, Survey, SurveyQuestion, SurveyResponse, SurveyStatus
from ..permissions import surveys as perms


def _sender_q(user, prefix: str = "") -> Q:
    """HQ: every survey; a bureau officer: the surveys their bureau sent; anyone else: none."""
    if is_hq(user):
        return Q()
    if is_active_user(user) and user.role == Role.BUREAU and user.bureau_id:
        return Q(**{f"{prefix}sender_bureau_id": user.bureau_id})
    return Q(pk__in=[])


def _officer_bureau_id(user):
    if is_active_user(user) and user.role == Role.BUREAU and user.bureau_id:
        return user.bureau_id
    return None


def survey_reader_q(user) -> Q:
    """The surveys the user may open: those they send (``_sender_q``), and for a bureau
    officer any other survey with a target in the bureau (``SurveyResponse.bureau``, copied
    at publication), read only and limited to those targets (``responses_in_view``)."""
    bureau_id = None if is_hq(user) else _officer_bureau_id(user)
    if bureau_id is None:
        return _sender_q(user)
    return _sender_q(user) | Q(
        pk__in=SurveyResponse.objects.filter(bureau_id=bureau_id).values("survey_id")
    )


def response_reader_q(user) -> Q:
    """The answers the user may read as an officer: every one for HQ; for a bureau officer
    the answers to the bureau's surveys and the answers of the bureau's municipalities."""
    if is_hq(user):
        return Q()
    bureau_id = _officer_bureau_id(user)
    if bureau_id is None:
        return Q(pk__in=[])
    return Q(survey__sender_bureau_id=bureau_id) | Q(bureau_id=bureau_id)


def surveys_visible_to(user) -> QuerySet[Survey]:
    """The surveys the user sends or may read on the officers' side (``survey_reader_q``)."""
    return Survey.objects.filter(survey_reader_q(user)).select_related("sender_bureau")


def responses_visible_to(user) -> QuerySet[SurveyResponse]:
    """The answers the user may read on the officers' side (the admin's list of answers)."""
    return SurveyResponse.objects.filter(response_reader_q(user))


def responses_in_view(user, survey: Survey) -> QuerySet[SurveyResponse]:
    """The targets of ``survey`` the user sees: all of them for its sender and HQ; for a
    bureau reading another's survey, its own municipalities' alone."""
    if perms.can_manage_survey(user, survey):
        return survey.responses.all()
    return survey.responses.filter(response_reader_q(user))


def survey_get_for(user, pk) -> Survey:
    return get_in_scope(surveys_visible_to(user), pk=pk)


def survey_questions(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.order_by("order", "pk"))


def survey_events(survey: Survey) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(survey).select_related("actor")


# --- The sender's response matrix -------------------------------------------------------------


def _targets(survey: Survey, responses):
    return survey.responses.all() if responses is None else responses


def response_matrix(
    survey: Survey, *, status: str = "", bureau_id=None, late: bool = False, responses=None
):
    """Every target of the survey (of ``responses``, from ``responses_in_view``, if given)
    with its state, in bureau and code order: one query."""
    responses = (
        _targets(survey, responses)
        .select_related("municipality", "cooperative", "bureau", "submitted_by")
        .order_by("bureau__order", "municipality__code", "cooperative__name_kana", "pk")
    )
    if status in ResponseStatus.values:
        responses = responses.filter(status=status)
    if bureau_id:
        responses = responses.filter(bureau_id=bureau_id)
    if late:
        responses = responses.filter(is_late=True)
    return responses


def response_counts(survey: Survey, *, responses=None) -> dict:
    """How many targets stand in each state, and how many were late: one query."""
    return (
        _targets(survey, responses)
        .order_by()
        .aggregate(
            total=Count("pk"),
            late=Count("pk", filter=Q(is_late=True)),
            **{s.value: Count("pk", filter=Q(status=s.value)) for s in ResponseStatus},
        )
    )


def matrix_bureaus(survey: Survey, *, responses=None) -> list:
    """The bureaus the targets belong to, for the matrix's filter."""
    from portal.models import Bureau

    targets = _targets(survey, responses).order_by().values("bureau_id")
    return list(Bureau.objects.filter(pk__in=targets).order_by("order"))


# --- The respondent's side ----------------------------------------------------------------------


def _respondent_q(user) -> Q:
    if not is_active_user(user):
        return Q(pk__in=[])
    if user.role == Role.MUNICIPAL and user.municipality_id:
        return Q(municipality_id=user.municipality_id)
    if user.role == Role.COOPERATIVE:
        return Q(cooperative__user_id=user.pk)
    return Q(pk__in=[])


def responses_of(user) -> QuerySet[SurveyResponse]:
    """The user's organisation's answers to surveys sent to it, nearest deadline first."""
    return (
        SurveyResponse.objects.filter(_respondent_q(user))
        .exclude(survey__status=SurveyStatus.DRAFT)
        .select_related("survey__sender_bureau", "municipality", "cooperative")
        .order_by("-survey__status", "survey__deadline", "pk")
    )


def response_get_for(user, pk) -> SurveyResponse:
    """The respondent's own response (404 for anyone else's)."""
    return get_in_scope(responses_of(user), pk=pk)


def open_responses_of(user) -> QuerySet[SurveyResponse]:
    """What the user's organisation still has to answer (for マイページ)."""
    return (
        responses_of(user)
        .filter(survey__status=SurveyStatus.PUBLISHED)
        .exclude(status=ResponseStatus.SUBMITTED)
    )


def response_threads(response: SurveyResponse):
    """The questions asked about this answer (consultation threads linked to it)."""
    from django.contrib.contenttypes.models import ContentType

    from portal.models import Consultation

    return Consultation.objects.filter(
        related_type=ContentType.objects.get_for_model(SurveyResponse),
        related_id=str(response.pk),
    ).order_by("-created_at")


def survey_threads(survey: Survey, *, responses=None):
    """Every question asked about the survey (about ``responses``), for the officers."""
    from django.contrib.contenttypes.models import ContentType

    from portal.models import Consultation

    ids = [str(pk) for pk in _targets(survey, responses).values_list("pk", flat=True)]
    return (
        Consultation.objects.filter(
            related_type=ContentType.objects.get_for_model(SurveyResponse), related_id__in=ids
        )
        .select_related("municipality")
        .order_by("-created_at")
    )
