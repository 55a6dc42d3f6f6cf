"""Admin for the catalogue: procedures with inline documents, fees and performers; processes with steps."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from motcua.procedures.models import (
    FeeItem,
    Field,
    PerformingAgency,
    Procedure,
    Process,
    ProcessStep,
    RequiredDocument,
    check_allotments,
)
from motcua.procedures.text import normalise


class DocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = ["position", "name", "form", "copies", "mandatory", "template_name", "template", "note"]


class FeeInline(admin.TabularInline):
    model = FeeItem
    extra = 0
    fields = ["position", "name", "category", "kind", "amount", "formula", "exemptions", "legal_basis"]


class PerformerInline(admin.TabularInline):
    model = PerformingAgency
    extra = 0
    fields = ["tier", "kind", "agency", "note"]
    raw_id_fields = ["agency"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "national_code"]
    search_fields = ["code", "name", "search_text"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "time_value", "time_unit", "online_level", "inter_agency", "status"]
    list_filter = ["field", "status", "online_level", "inter_agency", "at_province", "at_commune", "at_district"]
    search_fields = ["code", "name", "search_text"]
    inlines = [PerformerInline, DocumentInline, FeeInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["code", "name", "field", "status", ("valid_from", "valid_to")]}),
        (_("Levels"), {"fields": [("at_province", "at_district", "at_commune")]}),
        (
            _("Processing"),
            {
                "fields": [
                    ("time_value", "time_unit"),
                    "time_note",
                    "result",
                    "online_level",
                    "postal_allowed",
                    "inter_agency",
                ]
            },
        ),
        (_("Legal basis and sources"), {"fields": ["legal_basis", "source", "unverified"]}),
        (_("Online form"), {"fields": ["form_schema"], "classes": ["collapse"]}),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        # Diacritics-insensitive: also match the unaccented search text.
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        folded = normalise(search_term)
        if folded:
            queryset |= self.model.objects.filter(search_text__contains=folded)
        return queryset, duplicates


class StepFormSet(BaseInlineFormSet):
    """The allotments of the saved steps must add up to the procedure's processing time."""

    def clean(self):
        super().clean()
        if any(self.errors) or not getattr(self.instance, "procedure_id", None):
            return
        hours = [
            form.cleaned_data["allotted_hours"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and "allotted_hours" in form.cleaned_data
        ]
        try:
            check_allotments(self.instance.procedure, hours)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class StepInline(admin.TabularInline):
    model = ProcessStep
    formset = StepFormSet
    extra = 0
    fields = [
        "position",
        "name",
        "role",
        "handler_agency",
        "handler_kind",
        "handler_tier",
        "inter_agency",
        "allotted_hours",
    ]
    raw_id_fields = ["handler_agency"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["procedure", "agency", "valid_from", "valid_to"]
    list_filter = ["valid_from"]
    search_fields = ["procedure__code", "procedure__name", "agency__code", "agency__name"]
    raw_id_fields = ["procedure", "agency"]
    inlines = [StepInline]
