"""Admin: index sets and their criteria are rules (data, editable until an evaluation uses them);
plans, reports, scores and inspections are shown read-only — they change only through reform.actions."""

from __future__ import annotations

from django.contrib import admin

from motcua.reform.models import (
    Adjustment,
    Assessment,
    Criterion,
    IndexSet,
    Inspection,
    InspectionPlan,
    MetricValue,
    Plan,
    ProgressReport,
    Recommendation,
    ScoreChange,
    Task,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    fk_name = "index_set"
    extra = 0
    fields = ["code", "parent", "title", "max_points", "method", "component", "metric", "rule", "order", "source"]
    ordering = ["order"]

    def _locked(self, obj) -> bool:
        return obj is not None and hasattr(obj, "evaluation")

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(IndexSet)
class IndexSetAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "target", "max_total", "verified", "source"]
    list_filter = ["year", "target", "verified"]
    inlines = [CriterionInline]
    search_fields = ["name", "code"]


class TaskInline(admin.TabularInline):
    model = Task
    fk_name = "plan"
    extra = 0
    fields = ["code", "title", "owner", "deadline", "status", "progress", "source"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "kind", "agency", "status", "document_number"]
    list_filter = ["year", "kind", "status"]
    search_fields = ["title", "agency__name"]
    inlines = [TaskInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["plan", "period", "due_on", "status", "submitted_at"]
    list_filter = ["period", "status"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["agency", "evaluation", "final_score", "index_value", "rank", "tier"]
    list_filter = ["evaluation"]


@admin.register(ScoreChange)
class ScoreChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "score", "field", "old", "new", "actor", "reason"]
    list_filter = ["field"]


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "kind", "points", "reason", "actor", "at"]


@admin.register(MetricValue)
class MetricValueAdmin(ReadOnlyAdmin):
    list_display = ["metric", "agency", "year", "value", "evidence", "entered_by"]
    list_filter = ["metric", "year"]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "document_number"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["agency", "scheduled_on", "status"]
    list_filter = ["status"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["text", "inspection", "deadline", "status"]
    list_filter = ["status"]
