"""No internal codes or framework defaults in the Japanese UI (#17 point 11).

Every page each role can reach over the demo data (the portal and, for officers and HQ, the
admin) is read as a person would see it: its visible text, the options of its lists and the
labels of its buttons. It must not show a raw identifier (``tag_programmes``), a state code
(``draft``), Django's empty choice 「---------」, or English sentences that slipped past the
translation.
"""

import re
from html.parser import HTMLParser

import pytest

from portal.models import User
from tests.hardening.crawl import crawl
from tests.hardening.test_bad_input import ROLES, STARTS, demo  # noqa: F401 - the fixture

# Its own group: the crawl for leaks runs beside the fuzzing crawl, each loading the demo once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_crawl_leaks")]

ADMIN_STARTS = ["/admin/"]
OFFICE_EMAILS = {"ishikari-officer@demo.example.jp", "hq@demo.example.jp"}

# Words that are Japanese usage, names or formats rather than untranslated text.
ALLOWED_WORDS = {
    "english",
    "pdf",
    "csv",
    "json",
    "excel",
    "xlsx",
    "url",
    "kpi",
    "dx",
    "npo",
    "ict",
    "it",
    "faq",
    "rss",
    "atom",
    "ical",
    "ics",
    "id",
    "ok",
    "sns",
    "ai",
    "iot",
    "ol",
    "ob",
    "og",
    "uターン",
    "iターン",
    "jターン",
    "wi",
    "fi",
    "web",
    "email",
    "e",
    "mail",
}
SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./@-])")
# A framework label left in English before its value: 「Application: R8-石狩-0001」.
ENGLISH_LABEL = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{2,}(?: [a-z]+)?:(?!//)")
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z']+(?:[ ,][A-Za-z][A-Za-z']+){2,}")
STATE_CODES = {
    "draft",
    "submitted",
    "returned",
    "approved",
    "rejected",
    "withdrawn",
    "closed",
    "published",
    "archived",
    "pending",
    "accepted",
    "cancelled",
    "open",
    "done",
}


class _Visible(HTMLParser):
    """The text a person sees: body text, option labels and button values; not scripts,
    styles, code samples, form values typed in, URLs and e-mail addresses, nor data marked
    as English (``lang="en"``, the admin's ``field-name_en`` cells: English names are data)."""

    SKIP = {"script", "style", "code", "pre", "textarea", "template"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
    ENGLISH_FIELD = re.compile(r"\bfield-\w+_en\b")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.options: list[str] = []
        self._stack: list[tuple[str, bool]] = []
        self._option = None

    @property
    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input":
            if (a.get("type") or "").lower() in ("submit", "button") and not self._skipping:
                self.chunks.append(a.get("value") or "")
            return
        if tag in self.VOID:
            return
        skip = (
            self._skipping
            or tag in self.SKIP
            or (a.get("lang") or "").startswith("en")
            or bool(self.ENGLISH_FIELD.search(a.get("class") or ""))
        )
        self._stack.append((tag, skip))
        if tag == "option" and not skip:
            self._option = ""

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self.options.append(self._option.strip())
            self._option = None
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data):
        if self._skipping:
            return
        if self._option is not None:
            self._option += data
        else:
            self.chunks.append(data)


def leaks(page: str) -> list[str]:
    parser = _Visible()
    parser.feed(page)
    text = " ".join(parser.chunks + parser.options)
    text = re.sub(r"\S+@\S+|https?://\S+|/[\w./-]+", " ", text)
    found = [f"code {m}" for m in SNAKE.findall(text)]
    found += [f"empty choice {o!r}" for o in parser.options if set(o) == {"-"}]
    found += [f"state {o!r}" for o in parser.options if o.lower() in STATE_CODES]
    for label in ENGLISH_LABEL.findall(text):
        if label[:-1].lower() not in ALLOWED_WORDS:
            found.append(f"English label {label!r}")
    for run in ENGLISH_RUN.findall(text):
        words = {w.lower().strip("',") for w in re.split(r"[ ,]+", run)}
        if words - ALLOWED_WORDS:
            found.append(f"English {run!r}")
    return found


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


@pytest.mark.parametrize(("email", "role"), ROLES, ids=[email or "anonymous" for email, _ in ROLES])
def test_no_page_shows_internal_codes_or_english(client, demo, email, role):  # noqa: F811
    starts = list(STARTS)
    if email:
        client.force_login(User.objects.get(email=email))
        if email in OFFICE_EMAILS:
            starts += ADMIN_STARTS
    found: dict[str, list[str]] = {}

    def check(url, page):
        problems = leaks(page)
        if problems:
            found[url] = problems

    statuses, _forms = crawl(client, starts, limit=200, per_pattern=2, on_page=check)
    assert len(statuses) > 20
    assert found == {}, "\n".join(f"{url}: {problems[:6]}" for url, problems in found.items())
