"""Working calendars (lịch làm việc) and holidays (ngày nghỉ lễ, nghỉ hoán đổi, làm bù).

A calendar belongs to a province (its default) or to one agency (an override). Holidays without a
calendar are national and apply to every calendar; a holiday row of a calendar overrides the national
row of the same date for that calendar only.
"""

from datetime import time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.workdays.constants import HolidayKind, Weekday


def _default_timezone() -> str:
    return settings.TIME_ZONE


class WorkingCalendar(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(
        "divisions.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_calendars",
        verbose_name=_("province"),
        help_text=_("The province whose default calendar this is (or the province of the agency)."),
    )
    agency = models.ForeignKey(
        "divisions.Agency",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="working_calendars",
        verbose_name=_("agency"),
        help_text=_("Set only for an agency's own calendar, which overrides its province's."),
    )
    timezone = models.CharField(_("time zone"), max_length=64, default=_default_timezone)
    same_day_cutoff = models.TimeField(
        _("same-day cut-off"),
        default=time(15, 0),
        help_text=_("Same-day dossiers received at or after this time are due the next working day."),
    )
    due_soon_hours = models.DecimalField(
        _("due-soon threshold (working hours)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(8),
        validators=[MinValueValidator(Decimal(0))],
    )
    working_day_hours = models.DecimalField(
        _("hours of a working day"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(8),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("A duration in working days counts this many working hours per day."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Decision setting the hours"))

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=Q(agency__isnull=False), name="workdays_calendar_one_per_agency"
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(agency__isnull=True, province__isnull=False),
                name="workdays_calendar_one_default_per_province",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WorkingWindow(models.Model):
    """A span of working time on a weekday (giờ làm việc), e.g. Monday 07:00–11:30."""

    calendar = models.ForeignKey(WorkingCalendar, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("opens"))
    end = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("working window")
        verbose_name_plural = _("working windows")
        ordering = ["calendar", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="workdays_window_not_empty"),
            models.UniqueConstraint(fields=["calendar", "weekday", "start"], name="workdays_window_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A window must close after it opens.")})
        if self.calendar_id and self.start and self.end:
            overlapping = WorkingWindow.objects.filter(
                calendar_id=self.calendar_id, weekday=self.weekday, start__lt=self.end, end__gt=self.start
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(_("Windows of the same weekday must not overlap."))


class Holiday(TimeStampedModel):
    """A day off or a compensatory working day, with the document that announced it."""

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=HolidayKind.choices)
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Document number, e.g. Thông báo 9441/TB-BNV ngày 16/10/2025")
    )
    note = models.TextField(_("note"), blank=True)
    calendar = models.ForeignKey(
        WorkingCalendar,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="holidays",
        verbose_name=_("calendar"),
        help_text=_("Empty = national, for every calendar."),
    )

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(calendar__isnull=True), name="workdays_holiday_national_unique"
            ),
            models.UniqueConstraint(
                fields=["calendar", "date"], condition=Q(calendar__isnull=False), name="workdays_holiday_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
