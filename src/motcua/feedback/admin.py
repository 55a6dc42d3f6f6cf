from django.contrib import admin

from motcua.feedback.models import Answer, Feedback, FeedbackEvent, TimeLimit


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ("stage", "kind", "working_days", "valid_from", "valid_to", "assumed", "source")
    list_filter = ("stage", "assumed")


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    can_delete = False
    readonly_fields = ("agency", "text", "legal_basis", "answered_by", "answered_at")


class EventInline(admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    can_delete = False
    readonly_fields = ("seq", "at", "actor", "kind", "from_status", "to_status", "data")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-only: state changes go through feedback/actions.py (the desk pages and the API)."""

    list_display = ("code", "kind", "subject", "status", "agency", "received_at", "answer_due_at")
    list_filter = ("status", "kind")
    search_fields = ("code", "subject")
    inlines = [AnswerInline, EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False
