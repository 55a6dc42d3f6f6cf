"""The national public-service index (Decision 766/QĐ-TTg): the indicator set as data with effective dates
(`data/service_index.yaml`, each indicator with its source and ASSUMED marks) and each indicator computed for
a scope (the province or some agencies) and a period from the data we hold.

Every formula below returns (numerator, denominator); the indicator's rate is 100 × n / d and its points are
`maximum × rate / 100` (ASSUMED linear scoring, see the YAML). A formula of None means we hold no data: the
indicator scores nothing and is shown as "no data"; an empty denominator (nothing to judge in the period) also
scores nothing; `computable_points` tells how much of the 100 points the data can reach in the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import yaml
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import get_language

from motcua.dossiers.constants import DocumentKind, Status
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.payments.constants import PaymentStatus
from motcua.payments.models import Payment
from motcua.portal.models import Rating, Survey
from motcua.procedures.constants import OnlineLevel, TimeUnit
from motcua.procedures.models import Procedure
from motcua.reports import forms
from motcua.reports.forms import Row

DATA = Path(__file__).with_name("data") / "service_index.yaml"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    points: Decimal
    formula: str | None
    note: str = ""
    assumed_points: bool = False
    proxy: bool = False
    note_vi: str = ""

    @property
    def explanation(self) -> str:
        """The note in the current language (Vietnamese from the data, English otherwise)."""
        return self.note_vi if (get_language() or "").startswith("vi") and self.note_vi else self.note


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    points: Decimal
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class IndexSet:
    code: str
    name: str
    source: str
    valid_from: date
    valid_to: date | None
    groups: tuple[Group, ...]

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@cache
def index_sets() -> tuple[IndexSet, ...]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    sets = []
    for s in raw:
        groups = []
        for g in s["groups"]:
            indicators = tuple(
                Indicator(
                    code=str(i["code"]),
                    name=i["name"],
                    points=Decimal(str(i["points"])),
                    formula=i.get("formula"),
                    note=i.get("note", ""),
                    note_vi=i.get("note_vi", ""),
                    assumed_points=bool(i.get("assumed_points")),
                    proxy=bool(i.get("proxy")),
                )
                for i in g["indicators"]
            )
            if sum(i.points for i in indicators) != Decimal(g["points"]):
                raise ValueError(f"{s['code']} {g['code']}: indicator points do not add up to {g['points']}")
            groups.append(Group(g["code"], g["name"], Decimal(g["points"]), indicators))
        sets.append(IndexSet(s["code"], s["name"], s["source"], s["valid_from"], s.get("valid_to"), tuple(groups)))
    return tuple(sets)


def index_set_on(day: date) -> IndexSet:
    for s in index_sets():
        if s.is_valid_on(day):
            return s
    raise LookupError(f"no public-service index set is in force on {day}")


# --- formulas ------------------------------------------------------------------------------------------------
@dataclass
class Context:
    """What a formula reads: the period, the scope (None = the whole province) and the dashboard's filters."""

    start: date
    end: date
    agency_ids: set | None
    tier: int | None = None
    field_id: int | None = None

    def __post_init__(self):
        from motcua.reports.selectors import bounds

        self.lo, self.hi = bounds(self.start, self.end)
        self._row = None

    def dossiers(self):
        qs = Dossier.objects.all()
        if self.agency_ids is not None:
            qs = qs.filter(receiving_agency_id__in=self.agency_ids)
        if self.tier:
            qs = qs.filter(receiving_agency__tier=self.tier)
        if self.field_id:
            qs = qs.filter(procedure__field_id=self.field_id)
        return qs

    def received(self):
        return self.dossiers().filter(received_at__gte=self.lo, received_at__lt=self.hi)

    def resolved(self):
        return self.dossiers().filter(
            status__in=(Status.DONE, Status.RETURNED), finished_at__gte=self.lo, finished_at__lt=self.hi
        )

    def procedures(self):
        """The procedures the scope performs: those with a process at one of its agencies."""
        qs = Procedure.objects.filter(processes__isnull=False)
        if self.agency_ids is not None:
            qs = qs.filter(processes__agency_id__in=self.agency_ids)
        if self.tier:
            qs = qs.filter(processes__agency__tier=self.tier)
        if self.field_id:
            qs = qs.filter(field_id=self.field_id)
        return Procedure.objects.filter(pk__in=qs.values("pk"))

    @property
    def row(self) -> Row:
        if self._row is None:
            data = forms.compute(
                self.start, self.end, agency_ids=self.agency_ids, tier=self.tier, field_id=self.field_id
            )
            counts = {}
            for c in data.values():
                for k, v in c.items():
                    counts[k] = counts.get(k, 0) + v
            self._row = Row(key=None, counts=counts)
        return self._row


def on_time_rate(ctx: Context):
    """(early + on time) / resolved in the period — Biểu II.06a columns (8)+(9) over (7)."""
    r = ctx.row
    return r["resolved_early"] + r["resolved_on_time"], r["resolved_total"]


def online_share(ctx: Context):
    """received online / received in the period — columns (4) over (4)+(5)."""
    r = ctx.row
    return r["received_online"], r.received_new


def procedures_complete(ctx: Context):
    procedures = ctx.procedures()
    complete = procedures.filter(Q(time_value__gt=0) | Q(time_unit=TimeUnit.SAME_DAY)).filter(documents__isnull=False)
    return complete.distinct().count(), procedures.count()


def online_procedures(ctx: Context):
    procedures = ctx.procedures()
    return procedures.filter(online_level__in=(OnlineLevel.FULL, OnlineLevel.PARTIAL)).count(), procedures.count()


def online_payments(ctx: Context):
    paid = Payment.objects.filter(dossier=OuterRef("pk"), status=PaymentStatus.PAID)
    with_fees = ctx.received().filter(Q(fee_total__gt=0) | Q(payments__isnull=False)).distinct()
    counts = with_fees.aggregate(all=Count("pk", distinct=True))
    return with_fees.filter(Exists(paid)).count(), counts["all"]


def _with_document(qs, kind):
    return qs.filter(Exists(DossierDocument.objects.filter(dossier=OuterRef("pk"), kind=kind)))


def digitised_dossiers(ctx: Context):
    received = ctx.received()
    return _with_document(received, DocumentKind.APPLICATION).count(), received.count()


def electronic_results(ctx: Context):
    resolved = ctx.resolved()
    return _with_document(resolved, DocumentKind.RESULT).count(), resolved.count()


def _surveys(ctx: Context):
    return Survey.objects.filter(dossier__in=ctx.resolved().values("pk"))


def satisfaction_rate(ctx: Context):
    """Answers 'satisfied' or 'very satisfied' over all answers (five criteria per survey)."""
    sums = {}
    for criterion in Survey.CRITERIA:
        sums[criterion] = Count("pk", filter=Q(**{f"{criterion}__gte": Rating.SATISFIED}))
    result = _surveys(ctx).aggregate(n=Count("pk"), **sums)
    return sum(result[c] for c in Survey.CRITERIA), result["n"] * len(Survey.CRITERIA)


def survey_share(ctx: Context):
    return _surveys(ctx).count(), ctx.resolved().count()


FORMULAS = {
    f.__name__: f
    for f in (
        on_time_rate,
        online_share,
        procedures_complete,
        online_procedures,
        online_payments,
        digitised_dossiers,
        electronic_results,
        satisfaction_rate,
        survey_share,
    )
}


# --- results ---------------------------------------------------------------------------------------------------
@dataclass
class IndicatorResult:
    indicator: Indicator
    numerator: int | None = None
    denominator: int | None = None

    @property
    def computable(self) -> bool:
        return self.indicator.formula is not None

    @property
    def rate(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def judged(self) -> bool:
        """We hold the data and the period has something to judge (a non-empty denominator)."""
        return self.computable and bool(self.denominator)

    @property
    def score(self) -> Decimal | None:
        """ASSUMED linear scoring; None without data or with nothing to judge in the period (not counted in the
        points reachable, rather than a free maximum)."""
        if not self.judged:
            return None
        rate = min(self.rate, Decimal(100))
        return (self.indicator.points * rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class GroupResult:
    group: Group
    indicators: list[IndicatorResult] = field(default_factory=list)

    @property
    def score(self) -> Decimal:
        return sum((r.score for r in self.indicators if r.score is not None), Decimal(0))

    @property
    def computable_points(self) -> Decimal:
        return sum((r.indicator.points for r in self.indicators if r.judged), Decimal(0))


@dataclass
class IndexResult:
    index_set: IndexSet
    start: date
    end: date
    groups: list[GroupResult]

    @property
    def score(self) -> Decimal:
        return sum((g.score for g in self.groups), Decimal(0))

    @property
    def points(self) -> Decimal:
        return sum((g.group.points for g in self.groups), Decimal(0))

    @property
    def computable_points(self) -> Decimal:
        return sum((g.computable_points for g in self.groups), Decimal(0))


def compute(start: date, end: date, agency_ids=None, *, tier=None, field_id=None) -> IndexResult:
    """The index of the set in force on `end` for the scope (None = the province) and the period."""
    index_set = index_set_on(end)
    ctx = Context(start, end, agency_ids, tier, field_id)
    groups = []
    for group in index_set.groups:
        result = GroupResult(group)
        for indicator in group.indicators:
            r = IndicatorResult(indicator)
            if indicator.formula is not None:
                r.numerator, r.denominator = FORMULAS[indicator.formula](ctx)
            result.indicators.append(r)
        groups.append(result)
    return IndexResult(index_set, start, end, groups)
