"""Read queries of the catalogue, among them the one search entry point `search_procedures`.

Search is diacritics-insensitive ("giay phep xay dung" finds "Cấp giấy phép xây dựng…", "d" finds "đ")
because it runs over `search_name`/`search_text`, the unaccented lower-case forms kept by
`Procedure.save()`. The ranking backend depends on the database, hidden behind one function:

- PostgreSQL: full-text prefix match (`simple` configuration) with the name weighted above the rest;
  when no procedure has every word, `pg_trgm` word similarity finds near misses (typos), if the
  extension is installed (migration 0002).
- SQLite: the FTS5 table `procedures_procedure_fts` (migration 0002, kept in step by triggers),
  ranked by bm25 with the name column weighted 10:1.
- Anything else, or either of the above missing: a portable ranked fallback (every word must occur;
  code match, then phrase in the name, then all words in the name).
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, FloatField, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from motcua.divisions.constants import Tier
from motcua.divisions.models import Agency
from motcua.procedures.constants import OnlineLevel, ProcedureStatus
from motcua.procedures.models import Field, Procedure, Process
from motcua.procedures.text import official_words, tokens, without_filler

logger = logging.getLogger(__name__)
FTS_TABLE = "procedures_procedure_fts"
MAX_FTS_HITS = 5000  # more than a province's catalogue (about 2,000 procedures)
FUZZY_THRESHOLD = 0.6  # pg_trgm word similarity for the typo fallback
LEVEL_NAMES = {"province": Tier.PROVINCE, "district": Tier.DISTRICT, "commune": Tier.COMMUNE}


class FilterError(ValueError):
    """A filter value that names nothing (unknown field, level or agency)."""

    def __init__(self, name: str, reason: str):
        super().__init__(reason)
        self.name = name
        self.reason = reason


def valid_on(day: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def _tier(level) -> Tier:
    if isinstance(level, str) and not level.isdigit():
        try:
            return LEVEL_NAMES[level.lower()]
        except KeyError:
            raise FilterError("level", f"unknown level {level!r}; use province, district or commune") from None
    try:
        return Tier(int(level))
    except ValueError:
        raise FilterError("level", f"unknown level {level!r}") from None


def _field(field) -> Field:
    if isinstance(field, Field):
        return field
    found = Field.objects.filter(code=field).first()
    if found is None:
        raise FilterError("field", f"unknown field {field!r}")
    return found


def _agency(agency) -> Agency:
    if isinstance(agency, Agency):
        return agency
    found = Agency.objects.filter(code=agency).first()
    if found is None:
        raise FilterError("agency", f"unknown agency {agency!r}")
    return found


def catalogue(
    *,
    field=None,
    level=None,
    agency=None,
    online_level: str | None = None,
    on: date | None = None,
    include_inactive: bool = False,
) -> QuerySet[Procedure]:
    """Procedures in force on `on` (today), optionally of a field, a level, an agency or an online level."""
    qs = Procedure.objects.select_related("field")
    if not include_inactive:
        qs = qs.filter(valid_on(on or timezone.localdate()), status=ProcedureStatus.ACTIVE)
    if field not in (None, ""):
        qs = qs.filter(field=_field(field))
    if level not in (None, ""):
        flag = {Tier.PROVINCE: "at_province", Tier.DISTRICT: "at_district", Tier.COMMUNE: "at_commune"}[_tier(level)]
        qs = qs.filter(**{flag: True})
    if agency not in (None, ""):
        agency = _agency(agency)
        performed = Procedure.objects.filter(
            Q(performers__agency=agency)
            | Q(performers__agency__isnull=True, performers__kind=agency.kind, performers__tier=agency.tier)
            | Q(processes__agency=agency)
        ).values("id")
        qs = qs.filter(id__in=performed)
    if online_level not in (None, ""):
        if online_level not in OnlineLevel.values:
            raise FilterError("online_level", f"unknown online level {online_level!r}")
        qs = qs.filter(online_level=online_level)
    return qs


def search_procedures(
    query: str, *, field=None, level=None, agency=None, online_level=None, on=None, include_inactive=False
) -> QuerySet[Procedure]:
    """Procedures matching `query` by name, code or field, best first (annotated with `rank`).

    An empty query returns the filtered catalogue in code order.
    """
    base = catalogue(
        field=field, level=level, agency=agency, online_level=online_level, on=on, include_inactive=include_inactive
    )
    words = tokens(official_words(query))
    if not words:
        return base.annotate(rank=Value(0.0, output_field=FloatField())).order_by("code")
    # All the words first; then without the words of intent ("lam giay khai sinh cho con"); then procedures
    # matching most of the words (ranked by the rarer ones); last, on PostgreSQL, near misses (typos).
    essential = without_filler(words) or words
    if len(essential) < 2 and essential == words:
        return _search(base, words)
    # Any-word matching only on words long enough to mean something ("co", "so" would match half the catalogue).
    telling = [w for w in essential if len(w) >= 3]
    attempts = [(words, False)] + ([(essential, False)] if essential != words else [])
    attempts += [(telling, True)] if len(telling) >= 2 else []
    for candidate, any_word in attempts:
        found = _search(base, candidate, fuzzy=False, any_word=any_word)
        if found.exists():
            return found
    return _search(base, essential)


def _search(base: QuerySet[Procedure], words: list[str], fuzzy: bool = True, any_word: bool = False):
    vendor = connection.vendor
    if vendor == "postgresql":
        return _search_postgresql(base, words, fuzzy=fuzzy, any_word=any_word)
    if vendor == "sqlite" and _sqlite_fts_ready():
        return _search_sqlite_fts(base, words, any_word=any_word)
    return search_fallback(base, words, any_word=any_word)


def _code_boost(words: list[str]):
    return Case(
        *(When(code=w, then=Value(1000.0)) for w in words if any(c.isdigit() for c in w)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def _name_bonus(words: list[str], points: float = 10.0):
    all_in_name = Q()
    for word in words:
        all_in_name &= Q(search_name__contains=word)
    return Case(When(all_in_name, then=Value(points)), default=Value(0.0), output_field=FloatField())


def search_fallback(base: QuerySet[Procedure], words: list[str], any_word: bool = False) -> QuerySet[Procedure]:
    """Portable ranked search: every word (or, with `any_word`, one of them) must occur in the search text."""
    qs = base
    if any_word:
        either = Q()
        for word in words:
            either |= Q(search_text__contains=word)
        qs = qs.filter(either)
    for word in [] if any_word else words:
        qs = qs.filter(search_text__contains=word)
    phrase = " ".join(words)
    rank = (
        _code_boost(words)
        + Case(When(search_name__contains=phrase, then=Value(100.0)), default=Value(0.0), output_field=FloatField())
        + _name_bonus(words, 50.0)
        + Case(When(search_name__startswith=phrase, then=Value(10.0)), default=Value(0.0), output_field=FloatField())
    )
    return qs.annotate(rank=rank).order_by("-rank", "code")


def _sqlite_fts_ready() -> bool:
    """The FTS table and its three triggers exist. A later migration that remakes procedures_procedure
    drops the triggers, leaving the index stale: then search uses the fallback (and says so in the log)
    until `search_index.rebuild_search_index()` runs (import_procedures and load_procedures run it)."""
    names = [FTS_TABLE, f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            names,
        )
        ready = cursor.fetchone()[0] == len(names)
    if not ready:
        logger.warning("procedure search: SQLite FTS objects missing; using the fallback ranking")
    return ready


def _search_sqlite_fts(base: QuerySet[Procedure], words: list[str], any_word: bool = False) -> QuerySet[Procedure]:
    # Words hold only [0-9a-z.] (see text.normalise), so quoting them makes a safe FTS5 query:
    # every word as a prefix ("giay"* "phep"* ...), all required.
    match = (" OR " if any_word else " ").join(f'"{w}"*' for w in words)  # all required, or any (bm25 ranks)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, 10.0, 1.0) FROM {FTS_TABLE} "  # noqa: S608 - constant table name
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY bm25({FTS_TABLE}, 10.0, 1.0) LIMIT %s",
            [match, MAX_FTS_HITS],
        )
        hits = cursor.fetchall()
    if not hits:
        return base.none().annotate(rank=Value(0.0, output_field=FloatField()))
    score = Case(*(When(id=pk, then=Value(float(s))) for pk, s in hits), default=Value(0.0), output_field=FloatField())
    return (
        base.filter(id__in=[pk for pk, _ in hits]).annotate(rank=score + _code_boost(words)).order_by("-rank", "code")
    )


_TRGM: dict[str, bool] = {}


def _has_trigram() -> bool:
    alias = connection.alias
    if alias not in _TRGM:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _TRGM[alias] = cursor.fetchone() is not None
    return _TRGM[alias]


# Constant SQL over the stored, GIN-indexed document (search_index.PG_DOCUMENT); the query is a bound parameter.
_MATCH_SQL = """"procedures_procedure"."search_document" @@ to_tsquery('simple', %s)"""
_RANK_SQL = """ts_rank('{0.1,0.2,0.4,1.0}', "procedures_procedure"."search_document", to_tsquery('simple', %s), 2)"""


def _search_postgresql(
    base: QuerySet[Procedure], words: list[str], fuzzy: bool = True, any_word: bool = False
) -> QuerySet[Procedure]:
    from django.contrib.postgres.search import TrigramWordSimilarity

    # Words hold only [0-9a-z.], so they are safe lexemes of a tsquery; ':*' makes each a prefix.
    tsquery = (" | " if any_word else " & ").join(f"{w}:*" for w in words)
    matches = RawSQL(_MATCH_SQL, [tsquery], output_field=BooleanField())  # noqa: S611 — constant SQL
    # normalization=2 divides by the document length, so "Đăng ký khai sinh" beats a longer name that
    # repeats the words; the name bonus puts every procedure named by the words before field-only matches.
    text_rank = RawSQL(_RANK_SQL, [tsquery], output_field=FloatField())  # noqa: S611 — constant SQL
    matched = base.filter(matches).annotate(text_rank=text_rank)
    if fuzzy and _has_trigram() and not matched.exists():
        # Nothing matches every word: fall back to trigram word similarity, which forgives typos.
        phrase = Value(" ".join(words))
        fuzzy = base.annotate(
            similarity=TrigramWordSimilarity(phrase, "search_text"),
            name_similarity=TrigramWordSimilarity(phrase, "search_name"),
        ).filter(similarity__gte=FUZZY_THRESHOLD)
        # As for exact matches, a near miss in the name ranks above one in the field only.
        return fuzzy.annotate(rank=F("name_similarity") * 2 + F("similarity")).order_by("-rank", "code")
    return matched.annotate(rank=F("text_rank") * 10 + _name_bonus(words) + _code_boost(words)).order_by(
        "-rank", "code"
    )


def get_procedure(code: str, *, agency: str | None = None) -> Procedure | None:
    """One procedure with everything the detail page shows (processes of `agency` only, if given), or None."""
    processes = Process.objects.select_related("agency").prefetch_related("steps__handler_agency")
    if agency:
        processes = processes.filter(agency__code=agency)
    return (
        Procedure.objects.select_related("field")
        .prefetch_related("documents", "fees", "performers__agency", Prefetch("processes", queryset=processes))
        .filter(code=code)
        .first()
    )


def fields_with_counts() -> QuerySet[Field]:
    return Field.objects.annotate(procedure_count=Count("procedures")).order_by("name")
