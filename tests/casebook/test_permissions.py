"""Who may do what, as a table: role × status × own/other bureau."""

import pytest

from casebook.models import Status
from casebook.permissions import case_studies as permissions
from tests.casebook.factories import CaseStudyFactory
from tests.factories import municipality

pytestmark = pytest.mark.django_db

ROLES = [
    "ishikari_officer",
    "oshima_officer",
    "editor",
    "hq_user",
    "sapporo_staff",
    "hakodate_staff",
    "advisor",
]

# role -> statuses in which the 札幌市 (石狩) case study can be edited
EDIT = {
    "ishikari_officer": {Status.DRAFT},
    "editor": {Status.DRAFT, Status.REVIEW, Status.SCHEDULED, Status.PUBLISHED},
}
# role -> statuses in which it can be read (published: everyone)
VIEW = {
    "ishikari_officer": set(Status),
    "editor": set(Status),
    "hq_user": set(Status),
    "sapporo_staff": set(Status),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", list(Status))
def test_edit_view_submit_review_table(request, role, status):
    user = request.getfixturevalue(role)
    case_study = CaseStudyFactory.build(municipality=municipality("011002"), status=status)
    case_study.bureau_id = case_study.municipality.bureau_id
    assert permissions.can_edit_case_study(user, case_study) == (status in EDIT.get(role, set()))
    expected_view = status == Status.PUBLISHED or status in VIEW.get(role, set())
    assert permissions.can_view_case_study(user, case_study) == expected_view
    assert permissions.can_submit_case_study(user, case_study) == (
        status == Status.DRAFT and role in ("ishikari_officer", "editor")
    )
    assert permissions.can_review_case_study(user, case_study) == (role == "editor")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("sapporo_staff", True),
        ("hakodate_staff", True),
        ("ishikari_officer", False),
        ("editor", False),
        ("advisor", False),
        ("newcomer", False),
    ],
)
def test_who_proposes(request, role, expected):
    assert permissions.can_propose_case_study(request.getfixturevalue(role)) == expected


def test_the_public_sees_published_content_only(db):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert permissions.can_view_case_study(anonymous, CaseStudyFactory.build(status="published"))
    assert not permissions.can_view_case_study(anonymous, CaseStudyFactory.build(status="draft"))
    assert not permissions.is_editor(anonymous)
