from django.core.management import call_command
from django.urls import reverse

from motcua.workdays.models import Holiday, WorkingCalendar


def test_the_admin_pages_open(admin_client):
    call_command("load_calendars")
    calendar = WorkingCalendar.objects.get()
    holiday = Holiday.objects.first()
    for url in (
        reverse("admin:workdays_workingcalendar_changelist"),
        reverse("admin:workdays_workingcalendar_changelist") + "?agency__isempty=1",
        reverse("admin:workdays_workingcalendar_change", args=[calendar.pk]),
        reverse("admin:workdays_holiday_changelist") + "?kind__exact=compensatory_working_day",
        reverse("admin:workdays_holiday_change", args=[holiday.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url
