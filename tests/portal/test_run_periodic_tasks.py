"""`make run` has no beat: `manage.py run_periodic_tasks` does beat's work once."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from casebook.models import CaseStudy, Status
from casebook.services import case_studies as services
from tests.casebook.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    from casebook.models import Editor
    from tests.factories import UserFactory

    user = UserFactory(hq=True)
    Editor.objects.create(user=user)
    return user


def test_it_publishes_a_case_study_whose_time_has_come(editor):
    case_study = CaseStudyFactory(status=Status.REVIEW)
    services.case_study_schedule(
        case_study=case_study, actor=editor, publish_at=timezone.now() + dt.timedelta(minutes=1)
    )
    CaseStudy.objects.filter(pk=case_study.pk).update(publish_at=timezone.now())
    out = io.StringIO()
    call_command("run_periodic_tasks", "casebook-publish-due", stdout=out)
    assert out.getvalue() == "casebook-publish-due: 1\n"
    assert CaseStudy.objects.get(pk=case_study.pk).status == Status.PUBLISHED


def test_every_task_on_the_schedule_runs_and_a_second_run_is_harmless():
    out = io.StringIO()
    call_command("run_periodic_tasks", stdout=out)
    call_command("run_periodic_tasks", stdout=out)
    from django.conf import settings

    lines = out.getvalue().splitlines()
    assert len(lines) == 2 * len(settings.CELERY_BEAT_SCHEDULE)


def test_an_unknown_entry_is_named():
    with pytest.raises(CommandError, match="Unknown schedule entries: nope"):
        call_command("run_periodic_tasks", "nope")
