"""Source strings are English: the English catalogue translates each string to itself, so
that it is complete (and a check can tell a forgotten Japanese string from a finished one)."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    path = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path), wrapwidth=100)
    for entry in catalogue:
        if entry.obsolete:
            continue
        # Always overwrite: msgmerge's fuzzy guesses ("project title" → "object type") must
        # never reach the English screens.
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
    catalogue.save(str(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
