from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.divisions.constants import TWO_TIER_DATE
from motcua.divisions.models import AdministrativeUnit, Agency
from motcua.divisions.selectors import valid_on


class ValidityFilter(admin.SimpleListFilter):
    """Filter effective-dated rows by where today falls in their validity."""

    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Valid today")),
            ("ended", _("Ended")),
            ("future", _("Not yet valid")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.filter(valid_on(today))
        if self.value() == "ended":
            return queryset.filter(valid_to__lte=today)
        if self.value() == "future":
            return queryset.filter(valid_from__gt=today)
        return queryset


class EraFilter(admin.SimpleListFilter):
    """Before or from the two-tier local government of 1/7/2025."""

    title = _("era")
    parameter_name = "era"

    def lookups(self, request, model_admin):
        return [("3tier", _("Three tiers (before 1/7/2025)")), ("2tier", _("Two tiers (from 1/7/2025)"))]

    def queryset(self, request, queryset):
        if self.value() == "3tier":
            return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lt=TWO_TIER_DATE))
        if self.value() == "2tier":
            return queryset.filter(valid_from__gte=TWO_TIER_DATE)
        return queryset


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "tier", "parent", "valid_from", "valid_to"]
    list_filter = ["tier", "kind", ValidityFilter, EraFilter]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["successors"]
    readonly_fields = ["tier"]
    ordering = ["tier", "code", "valid_from"]
    fields = ["code", "name", "kind", "tier", "parent", "valid_from", "valid_to", "successors", "source"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "kind", "tier", "unit", "valid_from", "valid_to"]
    list_filter = ["tier", "kind", ValidityFilter, EraFilter]
    search_fields = ["code", "name", "short_name", "unit__name"]
    list_select_related = ["unit", "parent"]
    autocomplete_fields = ["parent", "unit"]
    ordering = ["tier", "code", "valid_from"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "tier", "parent", "unit"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_to"]}),
        (_("Contact"), {"fields": ["address", "phone", "email"]}),
        (_("Source"), {"fields": ["source"]}),
    ]
