"""The fr, nl and de catalogues are complete, in step with the code, and compiled.

A fresh makemessages run over a copy of the code (in a temporary folder) must
give exactly the msgids of the committed catalogues. Update them with
``scripts/translations``, translate, then ``scripts/translations compile``.
"""

import contextlib
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test.utils import override_settings

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["fr", "nl", "de"]
CATALOGUES = {
    "youthcop": ROOT / "youthcop",
    "example site": ROOT / "site" / "youthcop_site",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")


def entry_key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def live_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid]


def po_path(folder, language):
    return folder / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def fresh_msgids(tmp_path_factory):
    """{catalogue name: set of msgid keys} that makemessages finds in today's code."""
    found = {}
    for name, folder in CATALOGUES.items():
        copy = tmp_path_factory.mktemp("messages") / folder.name
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc", "*.sqlite3"))
        (copy / "locale").mkdir()
        with contextlib.chdir(copy), override_settings(LOCALE_PATHS=[]):
            call_command("makemessages", locale=["fr"], verbosity=0, no_obsolete=True, add_location="never")
        found[name] = {entry_key(entry) for entry in live_entries(polib.pofile(str(po_path(copy, "fr"))))}
    return found


CASES = [(name, language) for name in CATALOGUES for language in LANGUAGES]


@pytest.mark.parametrize(("name", "language"), CASES)
def test_catalogue_matches_the_code(fresh_msgids, name, language):
    path = po_path(CATALOGUES[name], language)
    assert path.exists(), f"{path} is missing: run scripts/translations"
    committed = {entry_key(entry) for entry in live_entries(polib.pofile(str(path)))}
    missing = sorted(fresh_msgids[name] - committed)
    stale = sorted(committed - fresh_msgids[name])
    assert not missing, f"{path}: {len(missing)} strings of the code are not in the catalogue (run scripts/translations): {missing[:20]}"
    assert not stale, f"{path}: {len(stale)} strings are no longer in the code (run scripts/translations): {stale[:20]}"


@pytest.mark.parametrize(("name", "language"), CASES)
def test_every_string_is_translated(name, language):
    path = po_path(CATALOGUES[name], language)
    if not path.exists():
        pytest.fail(f"{path} is missing: run scripts/translations")
    untranslated, fuzzy, wrong_placeholders = [], [], []
    for entry in live_entries(polib.pofile(str(path))):
        if "fuzzy" in entry.flags:
            fuzzy.append(entry.msgid)
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not translations or any(not text.strip() for text in translations):
            untranslated.append(entry.msgid)
            continue
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        if any(not set(PLACEHOLDER.findall(text)) <= expected for text in translations):
            wrong_placeholders.append(entry.msgid)
        if not entry.msgid_plural and set(PLACEHOLDER.findall(entry.msgstr)) != expected:
            wrong_placeholders.append(entry.msgid)
    assert not untranslated, f"{path}: {len(untranslated)} untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{path}: {len(fuzzy)} fuzzy: {fuzzy[:20]}"
    assert not wrong_placeholders, f"{path}: placeholders differ from the source: {wrong_placeholders[:20]}"


@pytest.mark.parametrize(("name", "language"), CASES)
def test_compiled_catalogue_is_up_to_date(name, language):
    path = po_path(CATALOGUES[name], language)
    if not path.exists():
        pytest.fail(f"{path} is missing: run scripts/translations")
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(path)], check=True)
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run scripts/translations compile"

    def translations(catalogue):
        return {
            entry_key(entry): (entry.msgstr, dict(sorted((int(k), v) for k, v in entry.msgstr_plural.items())))
            for entry in live_entries(catalogue)
            if "fuzzy" not in getattr(entry, "flags", ())
        }

    assert translations(polib.mofile(str(mo_path))) == translations(polib.pofile(str(path))), (
        f"{mo_path} is older than its .po: run scripts/translations compile"
    )
