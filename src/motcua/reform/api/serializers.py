from __future__ import annotations

from rest_framework import serializers

from motcua.reform.constants import AdjustmentKind, EvaluationPhase, ReportPeriod, ScoreField, TaskStatus
from motcua.reform.models import Assessment, Inspection, KeyTarget, Plan, ProgressReport, Section, Task


class TaskSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    cooperating = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    section = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "section",
            "code",
            "title",
            "owner",
            "assign_to_all",
            "cooperating",
            "deadline",
            "expected_output",
            "indicator",
            "target",
            "source_task",
            "status",
            "progress",
            "completed_on",
            "version",
        ]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "kind", "code", "title", "order"]


class KeyTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyTarget
        fields = ["code", "title", "metric", "target_value", "unit", "source"]


class PlanSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "year",
            "kind",
            "agency",
            "parent",
            "title",
            "document_number",
            "issued_on",
            "status",
            "review_comment",
            "source",
            "version",
        ]


class PlanDetailSerializer(PlanSerializer):
    sections = SectionSerializer(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    key_targets = KeyTargetSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "sections", "tasks", "key_targets"]


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "plan", "period", "due_on", "status", "summary", "figures", "submitted_at", "version"]


class AssessmentSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "agency",
            "agency_name",
            "appraised_total",
            "bonus",
            "deduction",
            "final_score",
            "index_value",
            "rank",
            "tied",
            "tier",
        ]


# ---- inputs


class VersionIn(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1)


class CommentIn(VersionIn):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class CascadeIn(serializers.Serializer):
    agency = serializers.CharField(help_text="QCVN 102 code of the agency building its plan")
    title = serializers.CharField(required=False, allow_blank=True, default="")


class TaskIn(serializers.Serializer):
    section = serializers.CharField(help_text="Section code in this plan, e.g. II")
    code = serializers.CharField(max_length=20)
    title = serializers.CharField()
    deadline = serializers.DateField(required=False, allow_null=True)
    expected_output = serializers.CharField(required=False, allow_blank=True, default="")
    indicator = serializers.CharField(required=False, allow_blank=True, default="")
    target = serializers.CharField(required=False, allow_blank=True, default="")


class ProgressIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100, default=0)


class ReportIn(serializers.Serializer):
    period = serializers.ChoiceField(choices=ReportPeriod.choices)


class ReportLineIn(ProgressIn):
    task = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportSubmitIn(VersionIn):
    summary = serializers.CharField(required=False, allow_blank=True)
    figures = serializers.DictField(required=False)


class ReportReviewIn(CommentIn):
    accept = serializers.BooleanField()


class ScoreIn(serializers.Serializer):
    criterion = serializers.CharField(help_text="Criterion code, e.g. 1.2.3")
    field = serializers.ChoiceField(choices=ScoreField.choices)
    value = serializers.DecimalField(max_digits=6, decimal_places=2)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ExplanationIn(serializers.Serializer):
    criterion = serializers.CharField()
    text = serializers.CharField()


class AdvanceIn(VersionIn):
    to = serializers.ChoiceField(choices=EvaluationPhase.choices)


class PublishIn(VersionIn):
    decision_number = serializers.CharField(required=False, allow_blank=True, default="")


class IssueIn(VersionIn):
    issued_on = serializers.DateField()
    document_number = serializers.CharField(required=False, allow_blank=True, default="")


class OpenEvaluationIn(serializers.Serializer):
    agencies = serializers.ListField(child=serializers.CharField(), allow_empty=False)


class AdjustmentIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AdjustmentKind.choices)
    points = serializers.DecimalField(max_digits=6, decimal_places=2)
    reason = serializers.CharField()


class MetricValueIn(serializers.Serializer):
    metric = serializers.CharField()
    agency = serializers.CharField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    evidence = serializers.CharField()


class EvidenceIn(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    file = serializers.FileField(required=False)
    url = serializers.URLField(required=False, allow_blank=True, default="")


class InspectionPlanIn(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=300)
    document_number = serializers.CharField(required=False, allow_blank=True, default="")


class InspectionIn(serializers.Serializer):
    agency = serializers.CharField()
    scheduled_on = serializers.DateField()
    scope = serializers.CharField()


class RecommendationIn(serializers.Serializer):
    text = serializers.CharField()
    deadline = serializers.DateField()


class InspectionRecordIn(serializers.Serializer):
    carried_out_on = serializers.DateField()
    conclusion = serializers.CharField()
    findings = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    recommendations = RecommendationIn(many=True, required=False, default=list)


class ResponseIn(serializers.Serializer):
    response = serializers.CharField()


class RecommendationReviewIn(serializers.Serializer):
    close = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class InspectionSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recommendations = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "plan",
            "agency",
            "scheduled_on",
            "scope",
            "status",
            "carried_out_on",
            "conclusion",
            "recommendations",
        ]

    def get_recommendations(self, obj) -> list[dict]:
        return [
            {"id": r.pk, "text": r.text, "deadline": r.deadline, "status": r.status, "response": r.response}
            for r in obj.recommendations.all()
        ]
