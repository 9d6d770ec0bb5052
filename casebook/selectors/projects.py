"""Bureau policy projects (grants F2) proposed for the journal, as HQ editors see them:
each with the case study already drafted from it, if any (two queries)."""

from __future__ import annotations

from ..models import FundingSource
from ..permissions.case_studies import is_editor

LIMIT = 100


def projects_proposed_for(user) -> list[dict]:
    if not is_editor(user):
        return []
    from grants.selectors_projects import policy_projects_proposed_as_case_studies

    projects = list(policy_projects_proposed_as_case_studies()[:LIMIT])
    drafted = {
        source.policy_project_id: source.case_study
        for source in FundingSource.objects.filter(
            policy_project_id__in=[p.pk for p in projects]
        ).select_related("case_study")
    }
    return [{"project": p, "case_study": drafted.get(p.pk)} for p in projects]
