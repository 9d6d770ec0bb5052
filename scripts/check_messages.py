"""Fail if a translation catalogue is incomplete or its compiled .mo is out of date."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ja", "en")


def main() -> int:
    problems = []
    for language in LANGUAGES:
        po_path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{language}: fuzzy: {entry.msgid!r}")
            elif entry.msgid_plural:
                if not all(entry.msgstr_plural.values()):
                    problems.append(f"{language}: untranslated plural: {entry.msgid!r}")
            elif not entry.msgstr:
                problems.append(f"{language}: untranslated: {entry.msgid!r}")
            elif language == "en" and entry.msgstr != entry.msgid:
                problems.append(f"{language}: differs from the English source: {entry.msgid!r}")
        if not mo_path.exists():
            problems.append(f"{language}: {mo_path.name} is missing; run make messages")
            continue
        compiled = polib.mofile(str(mo_path))
        expected = {(e.msgctxt, e.msgid): e for e in catalogue.translated_entries()}
        actual = {(e.msgctxt, e.msgid): e for e in compiled}
        if set(expected) != set(actual) or any(
            (actual[k].msgstr, actual[k].msgstr_plural) != (e.msgstr, e.msgstr_plural)
            for k, e in expected.items()
            if k in actual
        ):
            problems.append(f"{language}: {mo_path.name} is out of date; run make messages")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the translation catalogues.")
        return 1
    print("Translation catalogues are complete and compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
