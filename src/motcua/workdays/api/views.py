"""Public due-date calculator: parse, pick the calendar, call the engine. No writes."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.errors import InvalidParam, ProblemError
from motcua.workdays import engine, selectors
from motcua.workdays.api.serializers import DueDateSerializer
from motcua.workdays.constants import MAX_CALENDAR_DAYS, MAX_WORKING_DAYS, MAX_WORKING_HOURS, ErrorCode

DURATION_PARAMS = ("working_days", "working_hours", "calendar_days", "same_day")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
# An unencoded "+" in a query string arrives as a space: "2026-02-13T10:00:00 07:00".
_SPACE_OFFSET = re.compile(r"^(\S+T[\d:.,]+) (\d{2}(:?\d{2})?)$")


def _problem(code: ErrorCode, param: str | list[str], detail: str, status: int = 400) -> ProblemError:
    names = [param] if isinstance(param, str) else param
    return ProblemError(
        code=code.value,
        detail=detail,
        status=status,
        title=str(_("Invalid input")),
        invalid_params=[InvalidParam(name, code.value, detail) for name in names],
    )


def parse_start(raw: str | None) -> datetime:
    if raw is None or not raw.strip():
        raise _problem(ErrorCode.MISSING_START, "start", _("Give the start instant (ISO 8601 with offset)."))
    value = raw.strip()
    match = _SPACE_OFFSET.match(value)
    if match:
        value = f"{match.group(1)}+{match.group(2)}"
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        raise _problem(ErrorCode.INVALID_DATETIME, "start", _("The start is not an ISO 8601 date and time.")) from None
    if start.tzinfo is None or start.utcoffset() is None:
        raise _problem(
            ErrorCode.NAIVE_DATETIME, "start", _("The start needs a UTC offset, e.g. 2026-02-13T10:00:00+07:00.")
        )
    return start


def _number(name: str, raw: str, limit: int, integer: bool = False) -> Decimal:
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or (integer and value != value.to_integral_value()):
        detail = _("Give a whole number of days.") if integer else _("Give a number.")
        raise _problem(ErrorCode.INVALID_DURATION, name, detail)
    if value <= 0:
        raise _problem(ErrorCode.NON_POSITIVE_DURATION, name, _("The duration must be greater than zero."))
    if value > limit:
        raise _problem(ErrorCode.OUT_OF_RANGE, name, _("The duration is too long."))
    return value


def parse_duration(params) -> engine.Duration:
    given = {name: params.get(name) for name in DURATION_PARAMS if params.get(name) is not None}
    same_day = given.get("same_day")
    if same_day is not None:
        flag = same_day.strip().lower()
        if flag in _FALSE:
            del given["same_day"]
        elif flag not in _TRUE:
            raise _problem(ErrorCode.INVALID_DURATION, "same_day", _("same_day takes true or false."))
    if not given:
        raise _problem(
            ErrorCode.MISSING_DURATION,
            list(DURATION_PARAMS),
            _("Give one duration: working_days, working_hours, calendar_days or same_day=true."),
        )
    if len(given) > 1:
        raise _problem(ErrorCode.MULTIPLE_DURATIONS, sorted(given), _("Give only one duration."))
    name, raw = next(iter(given.items()))
    if name == "same_day":
        return engine.Duration.same_day()
    if name == "working_days":
        return engine.Duration.working_days(_number(name, raw, MAX_WORKING_DAYS))
    if name == "working_hours":
        return engine.Duration.working_hours(_number(name, raw, MAX_WORKING_HOURS))
    return engine.Duration.calendar_days(_number(name, raw, MAX_CALENDAR_DAYS, integer=True))


class DueDateView(APIView):
    """Due date of a processing time counted through a working calendar."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="workdays_due_date",
        summary="Compute a due date",
        description=(
            "Public calculator. Give `start` and exactly one duration. Working days are 8 working hours each, "
            "counted through the calendar's windows (default Mon–Fri 07:00–11:30 and 13:30–17:00); a start "
            "outside working time counts from the next opening; a due instant that falls on a window's close "
            "stays there (17:00). Calendar days end at close of business of the last day (the next working "
            "day's close if that day is off). `same_day=true`: received before the cut-off (15:00) → close of "
            "business that day, otherwise close of the next working day. Errors are problem+json with a "
            "`code` (workdays_missing_start, workdays_invalid_datetime, workdays_naive_datetime, "
            "workdays_missing_duration, workdays_multiple_durations, workdays_invalid_duration, "
            "workdays_non_positive_duration, workdays_out_of_range, workdays_unknown_agency)."
        ),
        parameters=[
            OpenApiParameter(
                "start",
                OpenApiTypes.DATETIME,
                required=True,
                description="Receipt instant, ISO 8601 with UTC offset, e.g. 2026-02-13T10:00:00+07:00.",
            ),
            OpenApiParameter("working_days", OpenApiTypes.DECIMAL, description="Duration in working days (> 0)."),
            OpenApiParameter("working_hours", OpenApiTypes.DECIMAL, description="Duration in working hours (> 0)."),
            OpenApiParameter("calendar_days", OpenApiTypes.INT, description="Duration in calendar days (> 0)."),
            OpenApiParameter("same_day", OpenApiTypes.BOOL, description="true for a same-day procedure."),
            OpenApiParameter(
                "agency", OpenApiTypes.STR, description="Agency code (QCVN 102:2016/BTTTT): use its calendar."
            ),
        ],
        responses={
            200: DueDateSerializer,
            400: OpenApiResponse(description="Invalid input (application/problem+json)."),
        },
        examples=[
            OpenApiExample(
                "One working day before Tết 2026",
                value={"due_at": "2026-02-23T10:00:00+07:00", "calendar": "Lịch làm việc Đồng Tháp"},
                response_only=True,
            )
        ],
    )
    def get(self, request):
        params = request.query_params
        start = parse_start(params.get("start"))
        duration = parse_duration(params)
        agency_code = params.get("agency")
        if agency_code is not None:
            agency = selectors.agency_by_code(agency_code.strip())
            if agency is None:
                raise _problem(ErrorCode.UNKNOWN_AGENCY, "agency", _("No agency has this code."))
            calendar = selectors.calendar_for_agency(agency)
        else:
            calendar = selectors.default_calendar()
        compiled = selectors.compiled_calendar(calendar)
        try:
            due = compiled.due_date(start, duration)
        except engine.OutOfHorizonError:
            name = "start" if duration.kind is engine.DurationKind.SAME_DAY else ["start", duration.kind.value]
            raise _problem(
                ErrorCode.OUT_OF_RANGE, name, _("The date is outside the years the calendar covers.")
            ) from None
        return Response({"due_at": due.isoformat(), "calendar": compiled.name})
