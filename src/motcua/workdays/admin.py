from django.contrib import admin

from motcua.workdays.models import Holiday, WorkingCalendar, WorkingWindow


class WorkingWindowInline(admin.TabularInline):
    model = WorkingWindow
    extra = 0
    ordering = ["weekday", "start"]


class CalendarHolidayInline(admin.TabularInline):
    model = Holiday
    extra = 0
    fields = ["date", "name", "kind", "source"]
    ordering = ["date"]


@admin.register(WorkingCalendar)
class WorkingCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "agency", "same_day_cutoff", "due_soon_hours", "updated_at"]
    list_filter = ["province", ("agency", admin.EmptyFieldListFilter)]
    search_fields = ["name", "agency__code", "agency__name", "province__name"]
    autocomplete_fields = []
    raw_id_fields = ["province", "agency"]
    inlines = [WorkingWindowInline, CalendarHolidayInline]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind", "source", "calendar"]
    list_filter = ["kind", ("calendar", admin.EmptyFieldListFilter), "calendar"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"
    ordering = ["date"]
