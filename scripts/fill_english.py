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
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(str(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
