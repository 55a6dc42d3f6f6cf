"""Roll-up tables of the dossier statistics, kept current incrementally (see `rollups.py`).

One row per (receiving agency, procedure field, local day) holds how many things *happened* that day; a
period report sums days instead of scanning dossiers, and stocks ("carried over", "in progress") are the
running sums of these flows (see `forms.py` for the definitions of every column).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The counters of a DailyAgencyStat row (each is a flow on that day); order = the model's field order.
COUNTERS = (
    "received_online",
    "received_in_person",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "stopped",
    "refused",
    "became_overdue",
    "ended_overdue",
)


class DailyAgencyStat(models.Model):
    """What happened on one local day to the dossiers of one receiving agency in one procedure field."""

    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey("procedures.Field", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    received_online = models.PositiveIntegerField(default=0)  # tiếp nhận trực tuyến
    received_in_person = models.PositiveIntegerField(default=0)  # tiếp nhận trực tiếp
    received_postal = models.PositiveIntegerField(default=0)  # qua dịch vụ bưu chính công ích
    resolved_early = models.PositiveIntegerField(default=0)  # giải quyết trước hạn
    resolved_on_time = models.PositiveIntegerField(default=0)  # đúng hạn
    resolved_late = models.PositiveIntegerField(default=0)  # quá hạn
    withdrawn = models.PositiveIntegerField(default=0)  # công dân rút hồ sơ (after receipt)
    stopped = models.PositiveIntegerField(default=0)  # dừng xử lý
    refused = models.PositiveIntegerField(default=0)  # không được tiếp nhận
    became_overdue = models.PositiveIntegerField(default=0)  # open dossiers passing their appointment (sweep)
    ended_overdue = models.PositiveIntegerField(default=0)  # dossiers marked overdue that ended this day

    class Meta:
        verbose_name = _("daily dossier statistics")
        verbose_name_plural = _("daily dossier statistics")
        constraints = [models.UniqueConstraint(fields=["agency", "field", "day"], name="daily_agency_stat_unique")]
        indexes = [models.Index(fields=["day", "agency"], name="daily_stat_day_agency")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.field_id} {self.day}"


class YearOpening(models.Model):
    """The stocks of one (receiving agency, procedure field) at local midnight starting 1 January of `year`
    (opening-balance snapshot), so a period report sums the days of its own year instead of all history.

    open_count = Σ over the daily rows before that midnight of (received − resolved − withdrawn − stopped):
    dossiers received and not ended, i.e. the "carried over" of a period starting on 1 January.
    overdue_count = Σ of (became_overdue − ended_overdue) before it: open dossiers marked overdue.

    Rows exist for every year that has daily rows, for every pair with a daily row before that year (see
    `rollups.roll_year`); `reports_check` proves them equal to a recount, `reports_rebuild` rebuilds them.
    """

    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey("procedures.Field", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    open_count = models.IntegerField(default=0)
    overdue_count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("opening balance")
        verbose_name_plural = _("opening balances")
        constraints = [models.UniqueConstraint(fields=["agency", "field", "year"], name="year_opening_unique")]
        indexes = [models.Index(fields=["year", "agency"], name="year_opening_year_agency")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.field_id} {self.year}"


class ExportRequest(models.Model):
    """A report export run as a background task (django-tasks): who asked, what, its progress and its file."""

    class Kind(models.TextChoices):
        FORM_XLSX = "form_xlsx", _("Statistics form (Excel)")
        FORM_PDF = "form_pdf", _("Statistics form (PDF)")
        INDEX_XLSX = "index_xlsx", _("Public-service index (Excel)")
        INDEX_BY_AGENCY_XLSX = "index_by_agency_xlsx", _("Public-service index of every agency (Excel)")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("export"), max_length=30, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)  # the page's filters: from, to, agency, level, field, group
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(upload_to="reports/exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"


class MonthlyAgencyStat(models.Model):
    """The sums of `DailyAgencyStat` over one calendar month (same counters), kept by the same `bump`, so that a
    year's report reads 12 rows per pair instead of 365 (whole months from here, the partial ones from the days)."""

    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey("procedures.Field", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))  # its first day
    received_online = models.PositiveIntegerField(default=0)
    received_in_person = models.PositiveIntegerField(default=0)
    received_postal = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    resolved_late = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    became_overdue = models.PositiveIntegerField(default=0)
    ended_overdue = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("monthly dossier statistics")
        verbose_name_plural = _("monthly dossier statistics")
        constraints = [models.UniqueConstraint(fields=["agency", "field", "month"], name="monthly_agency_stat_unique")]
        indexes = [models.Index(fields=["month", "agency"], name="monthly_stat_month_agency")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.field_id} {self.month:%Y-%m}"
