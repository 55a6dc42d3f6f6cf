from django.contrib import admin

from motcua.reports.models import ExportRequest


@admin.register(ExportRequest)
class ExportRequestAdmin(admin.ModelAdmin):
    """Background exports: who asked for what, and how it went (read-only; the task writes them)."""

    list_display = ("pk", "user", "kind", "state", "progress", "created_at", "finished_at")
    list_filter = ("kind", "state")
    readonly_fields = [f.name for f in ExportRequest._meta.fields]

    def has_add_permission(self, request):
        return False
