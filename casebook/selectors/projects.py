"""Bureau policy projects (grants F2) proposed for the journal, as HQ editors see them:
each with the case study already drafted from it, if any (two queries). The projects come
from the grants pillar's ``api`` as plain data."""

from __future__ import annotations

from grants import api as grants_api

from ..models import FundingSource
from ..permissions.case_studies import is_editor

LIMIT = 100


def projects_proposed_for(user) -> list[dict]:
    if not is_editor(user):
        return []
    projects = grants_api.projects_proposed_as_case_studies(limit=LIMIT)
    drafted = {
        source.policy_project_id: source.case_study
        for source in FundingSource.objects.filter(
            policy_project_id__in=[p.id for p in projects]
        ).select_related("case_study")
    }
    return [{"project": p, "case_study": drafted.get(p.id)} for p in projects]
