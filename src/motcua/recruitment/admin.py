from django.contrib import admin

from motcua.recruitment.models import (
    AnswerEvent,
    Application,
    CouncilMember,
    ExamSession,
    Question,
    RecruitmentRound,
    RecruitmentRuleSet,
    RemarkRequest,
    RoundPosition,
)


@admin.register(RecruitmentRuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    """Rules are data: editable here, with their legal basis and validity."""

    list_display = ["name", "legal_basis", "round2_pass_mark", "valid_from", "valid_to"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "subject", "difficulty", "active", "source"]
    list_filter = ["subject", "difficulty", "active"]
    search_fields = ["text"]


class RoundPositionInline(admin.TabularInline):
    model = RoundPosition
    extra = 0
    can_delete = False
    readonly_fields = ["position", "quota", "round2_form"]


class CouncilInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    readonly_fields = ["user", "role"]
    can_delete = False


@admin.register(RecruitmentRound)
class RoundAdmin(admin.ModelAdmin):
    """Read-only: rounds change through recruitment/actions.py (the staff screens and the API)."""

    list_display = ["code", "name", "agency", "year", "status", "applications_close"]
    list_filter = ["status", "year"]
    inlines = [RoundPositionInline, CouncilInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "candidate_number",
        "full_name",
        "round",
        "status",
        "round1_passed",
        "round2_score",
        "total",
        "result",
    ]
    list_filter = ["round", "status", "result"]
    search_fields = ["full_name", "candidate_number"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ExamSession)
class ExamSessionAdmin(admin.ModelAdmin):
    list_display = ["application", "subject", "status", "started_at", "correct", "total", "passed"]
    list_filter = ["status", "subject"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AnswerEvent)
class AnswerEventAdmin(admin.ModelAdmin):
    list_display = ["session", "question_id", "choice", "seq", "applied", "at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RemarkRequest)
class RemarkRequestAdmin(admin.ModelAdmin):
    list_display = ["application", "old_score", "new_score", "decided_by", "decided_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
