"""The only tables of allowed moves of a survey (照会・調査) and of its responses.

Survey: 下書き draft → 公開中 published → 締切 closed (and reopened while answers still come).
The sender (the bureau that wrote it, or HQ) moves it; the services check that scope.

Response: 未開封 not opened → 下書き draft (opening the survey) → 提出済 submitted; the sender
returns a submitted answer (差戻し) with a reason, and the respondent submits it again. Saving
answers is done in place (a row without a target) by the respondent.
"""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.workflow import Transition, Workflow

from ..models.surveys import ResponseStatus as R
from ..models.surveys import SurveyStatus as S

STAFF = frozenset({Role.BUREAU, Role.HQ})
# Who answers: a municipality's staff, or a cooperative's account.
RESPONDENTS = frozenset({Role.MUNICIPAL, Role.COOPERATIVE})

SURVEY_WORKFLOW = Workflow(
    name="survey",
    transitions=[
        Transition(
            "publish",
            frozenset({S.DRAFT}),
            S.PUBLISHED,
            STAFF,
            _("Publish the survey"),
            _("Survey published"),
        ),
        Transition(
            "close",
            frozenset({S.PUBLISHED}),
            S.CLOSED,
            STAFF,
            _("Close the survey"),
            _("Survey closed"),
        ),
        Transition(
            "reopen",
            frozenset({S.CLOSED}),
            S.PUBLISHED,
            STAFF,
            _("Reopen the survey"),
            _("Survey reopened"),
        ),
    ],
    labels={
        "create": _("Survey created"),
        "remind_before": _("Reminder sent before the deadline"),
        "remind_overdue": _("督促 sent after the deadline"),
    },
)

SURVEY_RESPONSE_WORKFLOW = Workflow(
    name="survey_response",
    transitions=[
        Transition(
            "open",
            frozenset({R.UNOPENED}),
            R.DRAFT,
            RESPONDENTS,
            _("Open the survey"),
            _("Survey opened"),
        ),
        Transition(
            "submit",
            frozenset({R.DRAFT, R.RETURNED}),
            R.SUBMITTED,
            RESPONDENTS,
            _("Submit the answers"),
            _("Answers submitted"),
        ),
        Transition(
            "return",
            frozenset({R.SUBMITTED}),
            R.RETURNED,
            STAFF,
            _("Return for correction"),
            _("Returned for correction"),
        ),
        # Done in place while the answer is being written.
        Transition(
            "save",
            frozenset({R.UNOPENED, R.DRAFT, R.RETURNED}),
            None,
            RESPONDENTS,
            _("Save the answers"),
        ),
    ],
)
