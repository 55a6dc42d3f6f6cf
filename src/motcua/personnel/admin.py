from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import ProblemError
from motcua.personnel import actions, selectors
from motcua.personnel.models import (
    Evaluation,
    EvaluationRuleSet,
    JobPosition,
    PersonnelRecord,
    QuotaChangeRequest,
    Rank,
    StaffingAuthority,
    StaffingQuota,
)


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "min_qualification", "legal_basis", "valid_from", "valid_to"]
    search_fields = ["code", "name"]


@admin.register(StaffingAuthority)
class StaffingAuthorityAdmin(admin.ModelAdmin):
    list_display = ["agency", "valid_from", "valid_to"]
    autocomplete_fields = ["agency"]


@admin.register(JobPosition)
class JobPositionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "agency", "group", "rank", "headcount", "valid_from", "valid_to"]
    list_filter = ["group", "rank", "agency__tier"]
    search_fields = ["code", "name", "agency__name"]
    autocomplete_fields = ["agency", "rank"]


@admin.register(StaffingQuota)
class StaffingQuotaAdmin(admin.ModelAdmin):
    """Quota rows with what is used and vacant; saving goes through actions.set_quota (audited)."""

    list_display = ["agency", "year", "assigned", "used", "vacant", "warning", "decision"]
    list_filter = ["year"]
    search_fields = ["agency__name"]
    autocomplete_fields = ["agency"]
    fields = ["agency", "year", "assigned", "decision"]

    def get_readonly_fields(self, request, obj=None):
        return ["agency", "year"] if obj else []

    @admin.display(description=_("used"))
    def used(self, obj):
        return selectors.quota_status(obj.agency, obj.year).used

    @admin.display(description=_("vacant"))
    def vacant(self, obj):
        return selectors.quota_status(obj.agency, obj.year).vacant

    @admin.display(description=_("warning"))
    def warning(self, obj):
        status = selectors.quota_status(obj.agency, obj.year)
        return _("Over quota by %d") % status.over_by if status.over_by else ""

    def save_model(self, request, obj, form, change):
        try:
            outcome = actions.set_quota(
                actor=request.user, agency=obj.agency, year=obj.year, assigned=obj.assigned, decision=obj.decision
            )
        except ProblemError as exc:
            self.message_user(request, exc.detail, level="error")
            return
        obj.pk = outcome.obj.pk
        if outcome.warnings:
            self.message_user(request, _("Warning: %s") % ", ".join(outcome.warnings), level="warning")


@admin.register(PersonnelRecord)
class PersonnelRecordAdmin(admin.ModelAdmin):
    """New records are placements (actions.place_person); an existing record can only be ended."""

    list_display = ["person", "agency", "position", "rank", "valid_from", "valid_to"]
    list_filter = ["agency__tier", "rank"]
    search_fields = ["person__full_name", "person__username", "agency__name", "position__name"]
    autocomplete_fields = ["person", "position", "rank"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["person", "position", "rank", "qualification", "valid_from", "note"]
        return ["person", "agency", "position", "rank", "qualification", "valid_from", "valid_to", "note"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["person", "agency", "position", "rank", "qualification", "valid_from", "note"]

    def save_model(self, request, obj, form, change):
        try:
            if not change:
                outcome = actions.place_person(
                    actor=request.user,
                    person=obj.person,
                    position=obj.position,
                    rank=obj.rank,
                    qualification=obj.qualification,
                    day=obj.valid_from or timezone.localdate(),
                    note=obj.note,
                )
                obj.pk = outcome.obj.pk
                if outcome.warnings:
                    self.message_user(request, _("Warning: %s") % ", ".join(outcome.warnings), level="warning")
            elif "valid_to" in form.changed_data and obj.valid_to:
                fresh = PersonnelRecord.objects.get(pk=obj.pk)
                actions.end_record(actor=request.user, record=fresh, day=obj.valid_to)
        except ProblemError as exc:
            self.message_user(request, exc.detail, level="error")


@admin.register(EvaluationRuleSet)
class EvaluationRuleSetAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_basis", "valid_from", "valid_to"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """Read-only: evaluations are recorded through actions.evaluate (audited)."""

    list_display = ["person", "agency", "year", "score", "grade", "final", "evaluator"]
    list_filter = ["year", "grade", "final"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(QuotaChangeRequest)
class QuotaChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "requested", "status", "requested_by", "decided_by", "decided_at"]
    list_filter = ["status", "year"]
    actions = ["approve", "reject"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, approve):
        for item in queryset:
            try:
                actions.decide_quota_change(actor=request.user, request=item, approve=approve)
            except ProblemError as exc:
                self.message_user(request, f"{item}: {exc.detail}", level="error")

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Reject the selected requests"))
    def reject(self, request, queryset):
        self._decide(request, queryset, False)
