"""What a person must not see in the Japanese UI: raw identifiers (``tag_programmes``), state
codes (``draft``), Django's empty choice 「---------」 and English sentences that slipped past
the translation. ``leaks(page)`` lists them for one HTML page; the crawl as each role
(tests/hardening/test_crawl_as_each_role.py) runs it on every page it reads, and
tests/hardening/test_no_leaks.py checks the rules themselves."""

import re
from html.parser import HTMLParser

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
