from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.personnel.constants import Qualification
from motcua.recruitment.constants import Gender, MarkPart
from motcua.recruitment.models import Application, ExamSession, RecruitmentRound, RoundPosition


class RoundPositionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="position.name")
    agency = serializers.CharField(source="position.agency.name")
    rank = serializers.CharField(source="position.rank.name")
    requires_foreign_language = serializers.BooleanField(source="position.requires_foreign_language")

    class Meta:
        model = RoundPosition
        fields = ["id", "name", "agency", "rank", "quota", "round2_form", "requires_foreign_language"]


class RoundSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    positions = RoundPositionSerializer(many=True)
    fee_basis = serializers.CharField(source="fee_schedule.legal_basis", default="", read_only=True)

    class Meta:
        model = RecruitmentRound
        fields = [
            "id",
            "code",
            "name",
            "agency",
            "year",
            "status",
            "conditions",
            "announcement",
            "fee",
            "fee_basis",
            "applications_open",
            "applications_close",
            "positions",
        ]


class ApplicationFormSerializer(serializers.Serializer):
    """The content of the application form (Phiếu đăng ký dự tuyển)."""

    round_position = serializers.IntegerField()
    full_name = serializers.CharField(max_length=150)
    birth_date = serializers.DateField()
    gender = serializers.ChoiceField(choices=Gender.choices)
    ethnicity = serializers.CharField(max_length=50, default="Kinh")
    vietnamese_nationality = serializers.BooleanField(default=True)
    citizen_id = serializers.RegexField(r"^\d{12}$")
    phone = serializers.RegexField(r"^\+?\d{9,15}$")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    hometown = serializers.CharField(required=False, allow_blank=True, default="")
    residence = serializers.CharField(required=False, allow_blank=True, default="")
    health_fit = serializers.BooleanField(default=True)
    qualification = serializers.ChoiceField(choices=Qualification.choices)
    major = serializers.CharField(required=False, allow_blank=True, default="")
    school = serializers.CharField(required=False, allow_blank=True, default="")
    graduation_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    foreign_language = serializers.CharField(required=False, allow_blank=True, default="")
    priority_categories = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    declaration = serializers.BooleanField()


class ApplicationSerializer(serializers.ModelSerializer):
    position = serializers.CharField(source="round_position.position.name")
    sessions = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "round",
            "position",
            "full_name",
            "status",
            "ineligibility",
            "candidate_number",
            "round1_passed",
            "round2_score",
            "priority_points",
            "total",
            "rank",
            "result",
            "fee_amount",
            "fee_paid_at",
            "sessions",
        ]

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(), help_text="[{id, subject, status}] of round-1 sessions")
    )
    def get_sessions(self, obj):
        return [{"id": s.pk, "subject": s.subject, "status": s.status} for s in obj.sessions.all()]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExamSession
        fields = ["id", "subject", "status", "minutes", "started_at", "deadline_at", "correct", "total", "passed"]


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1)
    choice = serializers.IntegerField(min_value=0, max_value=7, allow_null=True)
    seq = serializers.IntegerField(min_value=1, max_value=2_000_000_000)


class AnswerResultSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    choice = serializers.IntegerField(allow_null=True)
    seq = serializers.IntegerField()
    applied = serializers.BooleanField()


class MarkSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    part = serializers.ChoiceField(choices=MarkPart.choices, default=MarkPart.ROUND2)


class DecisionSerializer(MarkSerializer):
    reason = serializers.CharField()


class ResultSerializer(serializers.ModelSerializer):
    position = serializers.CharField(source="round_position.position.name")

    class Meta:
        model = Application
        fields = [
            "candidate_number",
            "full_name",
            "position",
            "round2_score",
            "priority_points",
            "total",
            "rank",
            "result",
        ]


class MarkResultSerializer(serializers.Serializer):
    marks = serializers.IntegerField(help_text="Marks entered so far for this part (2 = both markers).")
    agreed = serializers.CharField(allow_null=True, help_text="The reconciled score, when the two marks agree.")
    diverge = serializers.BooleanField(help_text="The two marks differ by more than the tolerance: the chair decides.")


class RoundCommandResultSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    status = serializers.CharField()
    outcome = serializers.DictField()


class RemarkSerializer(serializers.Serializer):
    reason = serializers.CharField()
