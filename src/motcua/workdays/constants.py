"""Choices and error codes of the workdays app."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.workdays import statutory


class HolidayKind(models.TextChoices):
    # Ngày nghỉ lễ, Tết (Labour Code 2019 art. 112(1)): not a working day.
    STATUTORY = statutory.STATUTORY, _("Statutory day off")
    # Ngày nghỉ hoán đổi / nghỉ bù (swap announced by the Government, or art. 111(3)): not a working day.
    SWAPPED_DAY_OFF = statutory.SWAPPED_DAY_OFF, _("Swapped day off")
    # Ngày làm bù (e.g. a Saturday): a working day with the calendar's normal windows.
    COMPENSATORY_WORKING_DAY = statutory.COMPENSATORY_WORKING_DAY, _("Compensatory working day")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ErrorCode(StrEnum):
    """Machine-readable codes of the workdays API's problem+json errors."""

    MISSING_START = "workdays_missing_start"
    INVALID_DATETIME = "workdays_invalid_datetime"
    NAIVE_DATETIME = "workdays_naive_datetime"
    MISSING_DURATION = "workdays_missing_duration"
    MULTIPLE_DURATIONS = "workdays_multiple_durations"
    INVALID_DURATION = "workdays_invalid_duration"
    NON_POSITIVE_DURATION = "workdays_non_positive_duration"
    OUT_OF_RANGE = "workdays_out_of_range"
    UNKNOWN_AGENCY = "workdays_unknown_agency"


# Largest durations the public calculator accepts (far beyond any procedure's time limit).
MAX_WORKING_DAYS = 3650
MAX_WORKING_HOURS = MAX_WORKING_DAYS * 8
MAX_CALENDAR_DAYS = 3650
