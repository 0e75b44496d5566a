"""Admin search that ignores case and accents the same way on SQLite and PostgreSQL.

"Zoe" finds "Zoé", "zoé" finds "Zoe", "Lukasz" finds "Łukasz": the query and
the searched columns are both folded by ``normalise_name`` (the rule the
charter uses to compare a typed name with a participant's). In SQL the fold
is the ``Folded`` function: on SQLite it calls ``normalise_name`` itself, on
PostgreSQL it is a ``translate()`` table generated from ``normalise_name`` —
no database extension needed.

Why not Wagtail's search backend: the admin lists are scoped by permission
policies whose querysets (``Exists`` subqueries) the backend cannot filter,
SQLite's full-text index and PostgreSQL's do not fold accents alike, and a
name a youth worker types must be found while they type part of it.
"""

import unicodedata

from anyascii import anyascii
from django.db.models import CharField, Func, Q

HYPHENS = "-\u2010"

# Latin letters (Latin-1, Extended-A and -B, Extended Additional) spelt in ASCII by anyascii, Wagtail's
# transliterator: it knows the letters that carry their accent in the letter itself, which Unicode does not
# decompose ("ł" → "l", "ø" → "o", "ı" → "i", "æ" → "ae"). Other scripts are left as they are, so that
# PostgreSQL's translate() table (from the same ranges) folds exactly what Python folds.
# Spellings that are not letters ("ƨ" → "2") are left out: a digit or a dot must not match a name.
_LATIN_LETTERS = [chr(code) for start, end in [(0xC0, 0x24F), (0x1E00, 0x1EFF)] for code in range(start, end + 1)]
_ASCII_SPELLINGS = {letter: anyascii(letter).lower() for letter in _LATIN_LETTERS if letter.isalpha()}
_FOLD_TABLE = str.maketrans(
    {letter: spelling for letter, spelling in _ASCII_SPELLINGS.items() if spelling.isascii() and spelling.isalpha()}
    | dict.fromkeys(HYPHENS, " ")
)


def fold(text):
    """Lower case, without accents, Latin letters in ASCII, hyphens read as spaces (spaces kept as they are)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).translate(_FOLD_TABLE)


def normalise_name(name):
    """Lower case, without accents, hyphens read as spaces, spaces collapsed."""
    return " ".join(fold(name).split())


def search_terms(query):
    """The words of a search, folded: each must be found for a row to match."""
    return normalise_name(query).split()


# --- The fold in SQL ---------------------------------------------------------------------

# Latin letters (ASCII, Latin-1, Extended-A and -B, Extended Additional), hyphens, combining marks.
_FOLDED_RANGES = [(0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF), (0x300, 0x36F)]


def _postgresql_fold_tables():
    """``translate()`` arguments and multi-letter replacements equal to ``fold`` letter by letter."""
    single, dropped, multiple = {}, [], {}
    chars = [chr(code) for start, end in _FOLDED_RANGES for code in range(start, end + 1)] + list(HYPHENS)
    for char in chars:
        folded = fold(char)
        if folded == char:
            continue
        if len(folded) == 1:
            single[char] = folded
        elif not folded:
            dropped.append(char)
        else:
            multiple[char] = folded
    source = "".join(single) + "".join(dropped)
    return source, "".join(single.values()), multiple


_PG_SOURCE, _PG_TARGET, _PG_MULTIPLE = _postgresql_fold_tables()


def _fold_or_none(value):
    return None if value is None else fold(value)


class Folded(Func):
    """``fold(column)`` in SQL, to compare with a folded search term."""

    function = "LOWER"  # elsewhere than SQLite and PostgreSQL: case only
    arity = 1
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Registered on the connection the query runs on: idempotent and cheap.
        connection.ensure_connection()
        connection.connection.create_function("youthcop_fold", 1, _fold_or_none, deterministic=True)
        return self.as_sql(compiler, connection, function="youthcop_fold", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        inner, params = compiler.compile(self.source_expressions[0])
        sql, params = f"translate(lower(({inner})::text), %s, %s)", [*params, _PG_SOURCE, _PG_TARGET]
        for char, replacement in _PG_MULTIPLE.items():
            sql, params = f"replace({sql}, %s, %s)", [*params, char, replacement]
        return sql, params


def folded_search(queryset, query, fields):
    """The rows in which every word of ``query`` is part of one of ``fields``, ignoring case and accents."""
    terms = search_terms(query)
    if not terms or not fields:
        return queryset
    aliases = {f"_folded_{index}": Folded(field) for index, field in enumerate(fields)}
    queryset = queryset.alias(**aliases)
    for term in terms:
        matches = Q()
        for alias in aliases:
            matches |= Q(**{f"{alias}__contains": term})
        queryset = queryset.filter(matches)
    return queryset


class FoldedSearchMixin:
    """For an admin index view: search its ``search_fields`` with ``folded_search`` (see the module's docstring)."""

    search_backend_name = None

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return folded_search(queryset, self.search_query, self.search_fields)
