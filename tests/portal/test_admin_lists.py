"""Admin changelists: query counts stay the same however many rows there are."""

import pytest
from django.urls import reverse

from tests.factories import AccessRequestFactory, ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("admin:portal_accessrequest_changelist", lambda: AccessRequestFactory()),
        (
            "admin:portal_consultation_changelist",
            lambda: ConsultationFactory(asker=UserFactory(ebetsu=True)),
        ),
    ],
)
def test_changelist_queries_do_not_grow_with_rows(
    client, ishikari_officer, url_name, make, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ishikari_officer)
    make()
    url = reverse(url_name)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(12):
        make()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["cl"].result_count == 13
    assert len(many) == len(few)


def test_municipality_changelist_query_count(client, hq_user, django_assert_max_num_queries):
    client.force_login(hq_user)
    _count_queries(
        client, reverse("admin:portal_municipality_changelist"), django_assert_max_num_queries, 14
    )


def test_user_changelist_query_count_does_not_grow(client, hq_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(hq_user)
    url = reverse("admin:portal_user_changelist")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        UserFactory(sapporo=True)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
