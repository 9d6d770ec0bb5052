"""What a browser would post back from a page's form, untouched: every field's current value
(hidden fields included), so a test can change a few of them as a person would and submit."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from django.test import Client

_NOT_SENT = {"submit", "button", "reset", "file", "image"}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._select: dict | None = None
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {}
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in _NOT_SENT or (kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            default = "on" if kind == "checkbox" else ""
            self._form.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "selected": "selected" in attrs,
                "text": "",
            }
            self._select["options"].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._form[self._textarea][-1] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
            return
        if tag == "option":
            self._option = None
            return
        if tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]
            values = [o["value"] if o["value"] is not None else o["text"] for o in chosen]
            self._form[self._select["name"]] = values
            self._select = None
            return
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def form_values(html: str, index: int = -1) -> dict[str, list[str]]:
    """The values of the page's POST form number ``index`` (the last one by default: the
    page's main form comes after the header's sign-out form)."""
    parser = _FormParser()
    parser.feed(html)
    return {
        name: (values if len(values) != 1 else values[0])
        for name, values in parser.forms[index].items()
        if name != "csrfmiddlewaretoken"
    }


# --- What a person reads on the page that comes back -------------------------------------

STALE_JA = "ほかの人が先にこの内容を更新しました。"
STALE_EN = "Someone else updated this before you."


def says(page: str, japanese: str, english: str = "") -> bool:
    """The page shows ``japanese``. ``english`` is the msgid, named for whoever reads the
    test; the default UI is Japanese and the catalogue is complete, so only Japanese counts."""
    return japanese in page


def panel(response) -> str:
    """The text of the "what changed since you opened this page" panel."""
    page = response.content.decode()
    match = re.search(r'<section class="panel stale-changes".*?</section>', page, re.S)
    assert match, "no panel of what changed"
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0))))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened(client, url) -> dict:
    """The form of the page at ``url`` as the browser would send it back."""
    response = client.get(url)
    assert response.status_code == 200
    return form_values(response.content.decode())
