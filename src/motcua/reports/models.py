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
