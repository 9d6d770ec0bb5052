"""No internal codes or framework defaults in the Japanese UI (#17 point 11): the rules of
``tests.hardening.leaks.leaks``, on a page made to hold one of each. Every page each demo
role can reach (the portal and, for officers and HQ, the admin) is read with them by
``test_no_page_shows_internal_codes_or_english`` in tests/hardening/test_crawl_as_each_role.py,
which shares its crawl with the hostile-input test."""

from tests.hardening.leaks import leaks


def test_the_check_sees_what_a_person_would_and_nothing_else():
    page = (
        "<main><h1>相談</h1><p>履歴: tag_programmes を変更</p><select><option>---------</option>"
        "<option>draft</option></select><p>The application was saved.</p>"
        "<script>var some_code = 1;</script><p>PDF と CSV</p>"
        "<a href='/grants/applications/'>一覧</a><p>info@example.jp</p>"
        "<table><tr><td class='field-name_en'>Ishikari Subprefectural Bureau</td></tr></table>"
        "<p lang='en'>Hokkaido Municipal Strategy Support Portal</p><br><p>ok</p>"
        "<h3>Application: R8-石狩-0001</h3></main>"
    )
    assert leaks(page) == [
        "code tag_programmes",
        "empty choice '---------'",
        "state 'draft'",
        "English label 'Application:'",
        "English 'The application was saved'",
    ]
