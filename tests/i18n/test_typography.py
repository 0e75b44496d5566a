"""French typography: "Statut : Inscrit", not "Statut: Inscrit".

A label and its value are joined by ``{% translate ":" %}`` (Django's own idiom,
as its form labels' suffix): French translates it with a no-break space before
the colon, Dutch and German keep ":". A colon typed straight after a label in a
template cannot be translated, so none may be left outside a translated block.
"""

import re
from pathlib import Path

import polib
from django.utils import translation

import youthcop

ROOT = Path(youthcop.__file__).parent
BLOCK = re.compile(r"\{%\s*blocktranslate.*?\{%\s*endblocktranslate\s*%\}", re.S)
UNTRANSLATED_COLON = re.compile(r"(%\}|\}\}):(?=[ \n<]|$)", re.M)
FRENCH_PUNCTUATION = re.compile(r"(?<=[\w»)])[:;?!](?=\s|$)")


def templates():
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.suffix in (".html", ".txt"):
            yield path


def test_no_template_types_a_colon_after_a_label():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)!r}"
        for path in templates()
        for match in UNTRANSLATED_COLON.finditer(BLOCK.sub("", path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_colon_is_spaced_in_french_only():
    with translation.override("fr"):
        assert translation.gettext(":") == "\u00a0:"
    for language in ("nl", "de", "en"):
        with translation.override(language):
            assert translation.gettext(":") == ":"


def test_french_translations_space_their_colons_and_question_marks():
    catalogue = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    unspaced = [
        entry.msgid
        for entry in catalogue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if text and FRENCH_PUNCTUATION.search(re.sub(r"%\(\w+\)s|\{\w*\}|https?://\S+|\d+:\d+", "", text))
    ]
    assert unspaced == []
