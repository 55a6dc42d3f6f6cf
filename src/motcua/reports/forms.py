"""The dossier-statistics form (Biểu II.06a/VPCP/KSTT style): its columns, their exact definitions, and the
computation of a period's rows from the daily roll-ups.

Source and assumptions
----------------------
The form "Tình hình, kết quả giải quyết thủ tục hành chính" (Biểu số II.06a/VPCP/KSTT) was issued with
Circular 01/2018/TT-VPCP (annex II) and is carried on by Circular 03/2025/TT-VPCP, which replaced it from
2025; the 03/2025 annex numbering is still to be verified against the text (DOMAIN.md). The layout found in
public one-stop software that prints the form has 13 columns: (1) TT, (2) agency, received — (3) total,
in the period (4) online and (5) in person or by post, (6) carried over from the previous period; resolved
— (7) total, (8) early, (9) on time, (10) late; in progress — (11) total, (12) in time, (13) overdue.
ASSUMPTIONS (marked, to be checked against the Circular's annex): we split (5) into in person and by post
(the issue asks for both; their sum is column 5), and add three columns the printed form folds into
others or leaves out — withdrawn by the applicant, stopped (returned as ineligible) and refused at the
desk — so that every received dossier is accounted for (some implementations count withdrawals as
"on time"; we do not: a withdrawn dossier was not resolved).

Definitions (the product). A period is [start, end], whole local days (settings.TIME_ZONE); "before the
period" means before local midnight starting `start`, "by the end" means before local midnight after `end`.
A dossier counts for its receiving agency and its procedure's field; its level is the agency's tier.
"Ended" means: resolved (status 9/10 with a timeliness), withdrawn after receipt (7), or stopped (8);
the end moment is `finished_at`.

- carried_over (kỳ trước chuyển sang): received before the period and not ended before the period.
- received_online / received_in_person / received_postal (mới tiếp nhận trong kỳ): received (`received_at`,
  the desk's receipt, not the online submission) during the period, by channel (trực tuyến / trực tiếp /
  bưu chính công ích).
- received_total (tổng số): carried_over + the three received columns.
- resolved_early / resolved_on_time / resolved_late (đã giải quyết trước hạn / đúng hạn / quá hạn): finished
  during the period, by the timeliness the finish action judged against the *first* appointment (an
  extension with an apology never makes a late dossier on time). resolved_total is their sum.
- withdrawn (rút hồ sơ): received, then withdrawn by the applicant during the period. A submission withdrawn
  before the desk received it is not in the form (it was never received).
- stopped (dừng xử lý): processing stopped during the period (ineligible dossier returned with reasons).
- refused (không tiếp nhận): refused at the desk during the period; never received, so outside the identity.
- in_progress_total (đang giải quyết): received by the end of the period and not ended by then; it equals
  carried_over + received − resolved − withdrawn − stopped (the identity the tests prove).
- in_progress_overdue (đang giải quyết quá hạn): in progress at the end and recorded overdue by the deadline
  sweep (`dossiers.actions.mark_overdue` sets `overdue_at` to the appointment it passed) with `overdue_at`
  before the end. A paused dossier (waiting for a supplement or a payment) is not marked: its clock stops.
  ASSUMPTION: the sweep (`sweep_deadlines`) runs regularly; a dossier that passed its appointment and ended
  before any sweep saw it is not counted here (it is still counted as resolved late).
- in_progress_in_time (đang giải quyết trong hạn): in_progress_total − in_progress_overdue.

Roll-up arithmetic: flows of the period are sums of the daily counters over [start, end]; a stock at a
moment is the running sum of its flows before it (carried_over = Σ_{day < start}(received − resolved −
withdrawn − stopped); overdue = Σ_{day ≤ end}(became_overdue − ended_overdue)), computed as the opening
balance at 1 January of start's year (YearOpening) plus the flows from that day on (whole months from
MonthlyAgencyStat, the rest from the days).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.reports.models import DailyAgencyStat, MonthlyAgencyStat, YearOpening

FORM_CODE = "II.06a/VPCP/KSTT"
FORM_BASIS = "Circular 01/2018/TT-VPCP, annex II (Biểu II.06a/VPCP/KSTT); Circular 03/2025/TT-VPCP"

RECEIVED = ("received_online", "received_in_person", "received_postal")
RESOLVED = ("resolved_early", "resolved_on_time", "resolved_late")
ENDED = (*RESOLVED, "withdrawn", "stopped")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy translation
    group: object = ""


# The form's columns in print order (after TT and the row label).
COLUMNS = (
    Column("received_total", pgettext_lazy("statistics", "Total"), _("Received")),
    Column("received_online", _("Online"), _("Received")),
    Column("received_in_person", _("In person"), _("Received")),
    Column("received_postal", _("By post"), _("Received")),
    Column("carried_over", _("Carried over"), _("Received")),
    Column("resolved_total", pgettext_lazy("statistics", "Total"), _("Resolved")),
    Column("resolved_early", _("Early"), _("Resolved")),
    Column("resolved_on_time", _("On time"), _("Resolved")),
    Column("resolved_late", _("Late"), _("Resolved")),
    Column("in_progress_total", pgettext_lazy("statistics", "Total"), _("In progress")),
    Column("in_progress_in_time", _("In time"), _("In progress")),
    Column("in_progress_overdue", _("Overdue"), _("In progress")),
    Column("withdrawn", _("Withdrawn"), _("Other")),
    Column("stopped", _("Stopped"), _("Other")),
    Column("refused", _("Refused"), _("Other")),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


@dataclass
class Row:
    """One line of the form: a group (agency, field or level) and its counts."""

    key: object
    label: str = ""
    counts: dict = field(default_factory=dict)

    def __getitem__(self, name: str) -> int:
        if name not in COLUMN_KEYS:  # templates try row["cells"] before row.cells
            raise KeyError(name)
        return self.counts.get(name, 0)

    def cells(self) -> list[tuple[str, int]]:
        return [(k, self[k]) for k in COLUMN_KEYS]

    @property
    def received_new(self) -> int:
        return sum(self[k] for k in RECEIVED)

    @property
    def on_time_rate(self) -> Decimal | None:
        """(early + on time) / resolved, in percent (tỷ lệ giải quyết đúng hạn); None with nothing resolved."""
        return pct(self["resolved_early"] + self["resolved_on_time"], self["resolved_total"])

    @property
    def online_share(self) -> Decimal | None:
        """received online / received in the period, in percent (tỷ lệ hồ sơ trực tuyến)."""
        return pct(self["received_online"], self.received_new)


def pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def derive(flows: dict) -> dict:
    """All columns from the summed counters: period flows `p_*`, flows before the period `b_*` (since the
    opening balance used, if any), the opening stocks `o_open` / `o_overdue`, and the overdue flows up to the
    end `e_became_overdue` / `e_ended_overdue`."""
    c = {k: flows.get(f"p_{k}") or 0 for k in (*RECEIVED, *ENDED, "refused")}
    before = sum(flows.get(f"b_{k}") or 0 for k in RECEIVED) - sum(flows.get(f"b_{k}") or 0 for k in ENDED)
    c["carried_over"] = (flows.get("o_open") or 0) + before
    c["received_total"] = c["carried_over"] + sum(c[k] for k in RECEIVED)
    c["resolved_total"] = sum(c[k] for k in RESOLVED)
    c["in_progress_total"] = c["received_total"] - sum(c[k] for k in ENDED)
    c["in_progress_overdue"] = (
        (flows.get("o_overdue") or 0) + (flows.get("e_became_overdue") or 0) - (flows.get("e_ended_overdue") or 0)
    )
    c["in_progress_in_time"] = c["in_progress_total"] - c["in_progress_overdue"]
    return c


GROUPS = {"agency": "agency_id", "field": "field_id", "level": "agency__tier"}


def _month_end(first: date) -> date:
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _split(lo: date, start: date, end: date) -> tuple[list[date], list[tuple[date, date]]]:
    """Cover [lo, end] with whole months (each entirely before `start` or entirely from it on) and day ranges
    for the rest (the months cut by `start` or `end`)."""
    months, ranges = [], []
    first = lo.replace(day=1)
    while first <= end:
        last = _month_end(first)
        a, b = max(first, lo), min(last, end)
        whole = a == first and b == last and (last < start or first >= start)
        if whole:
            months.append(first)
        else:
            ranges.append((a, b))
        first = last + timedelta(days=1)
    return months, ranges


def _flow_sums(day_field: str, start: date) -> dict:
    in_period, before = Q(**{f"{day_field}__gte": start}), Q(**{f"{day_field}__lt": start})
    sums = {}
    for k in (*RECEIVED, *ENDED, "refused"):
        sums[f"p_{k}"] = Sum(k, filter=in_period)
    for k in (*RECEIVED, *ENDED):
        sums[f"b_{k}"] = Sum(k, filter=before)
    sums["e_became_overdue"] = Sum("became_overdue")
    sums["e_ended_overdue"] = Sum("ended_overdue")
    return sums


def compute(
    start: date,
    end: date,
    *,
    agency_ids=None,
    group: str = "agency",
    tier=None,
    field_id=None,
    use_openings: bool = True,
) -> dict:
    """{group key: counts} for the period, from the roll-ups.

    With the opening balances of `start`'s year (YearOpening, see rollups.py) the flows read are those from
    1 January of that year to `end`: whole months from the monthly rows, the months cut by `start` or `end` from
    the daily rows, plus the snapshots — three small GROUP BYs. Without them (the year was never rolled, or
    `use_openings=False`, the baseline of the measurements) the stocks sum every daily row since the beginning.

    agency_ids: None = every agency (province scope), else restrict to these.
    """

    def scoped(rows):
        if agency_ids is not None:
            rows = rows.filter(agency_id__in=agency_ids)
        if tier:
            rows = rows.filter(agency__tier=tier)
        if field_id:
            rows = rows.filter(field_id=field_id)
        return rows

    by = GROUPS[group]
    out: dict = {}

    def add(values):
        for flows in values:
            target = out.setdefault(flows[by], {})
            for k, v in flows.items():
                if k != by and v:
                    target[k] = target.get(k, 0) + v

    if use_openings and YearOpening.objects.filter(year=start.year).exists():
        add(
            scoped(YearOpening.objects.filter(year=start.year))
            .values(by)
            .order_by()
            .annotate(o_open=Sum("open_count"), o_overdue=Sum("overdue_count"))
        )
        months, ranges = _split(date(start.year, 1, 1), start, end)
        if months:
            add(scoped(MonthlyAgencyStat.objects.filter(month__in=months)).values(by).order_by().annotate(
                **_flow_sums("month", start)
            ))  # fmt: skip
        if ranges:
            days = Q()
            for a, b in ranges:
                days |= Q(day__gte=a, day__lte=b)
            add(scoped(DailyAgencyStat.objects.filter(days)).values(by).order_by().annotate(**_flow_sums("day", start)))
    else:
        add(
            scoped(DailyAgencyStat.objects.filter(day__lte=end))
            .values(by)
            .order_by()
            .annotate(**_flow_sums("day", start))
        )
    return {key: derive(flows) for key, flows in out.items()}


def total_of(rows: list[Row]) -> Row:
    counts = {k: sum(r[k] for r in rows) for k in COLUMN_KEYS}
    return Row(key=None, label=str(pgettext_lazy("statistics", "Total")), counts=counts)
