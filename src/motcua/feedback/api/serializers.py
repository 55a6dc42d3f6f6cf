from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.feedback.constants import CONTENT_MAX, SUBJECT_MAX, Kind, Status
from motcua.feedback.models import Feedback


class SubmitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    subject = serializers.CharField(max_length=SUBJECT_MAX)
    content = serializers.CharField(max_length=CONTENT_MAX)
    procedure = serializers.CharField(required=False, allow_blank=True, help_text=_("Procedure code, e.g. 1.001193"))
    dossier_code = serializers.CharField(required=False, allow_blank=True, max_length=60)
    concerned_agency = serializers.CharField(required=False, allow_blank=True, help_text=_("Agency code"))
    anonymous = serializers.BooleanField(required=False, default=False)
    author_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    author_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    author_email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    consent_publish = serializers.BooleanField(required=False, default=False)
    website = serializers.CharField(required=False, allow_blank=True, help_text=_("Leave empty (bot trap)."))


class SubmittedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feedback
        fields = ["code", "status", "received_at", "route_due_at"]


class PublicAnswerSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.name")
    text = serializers.CharField()
    legal_basis = serializers.CharField()
    answered_at = serializers.DateTimeField()


class PublicFeedbackSerializer(serializers.ModelSerializer):
    """Status only, plus the question and answer once published: never the author's details."""

    agency = serializers.CharField(source="agency.name", default=None)
    due_at = serializers.DateTimeField(read_only=True)
    subject = serializers.SerializerMethodField()
    question = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = [
            "code",
            "kind",
            "status",
            "received_at",
            "agency",
            "due_at",
            "answered_at",
            "reject_reason",
            "subject",
            "question",
            "answer",
        ]

    def _published(self, obj) -> bool:
        return obj.status == Status.PUBLISHED

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_subject(self, obj):
        return obj.subject if self._published(obj) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_question(self, obj):
        return obj.public_question if self._published(obj) else None

    @extend_schema_field(PublicAnswerSerializer(allow_null=True))
    def get_answer(self, obj):
        return PublicAnswerSerializer(obj.answer).data if self._published(obj) else None


class OfficerFeedbackSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code", default=None)
    concerned_agency = serializers.CharField(source="concerned_agency.code", default=None)
    procedure = serializers.CharField(source="procedure.code", default=None)
    due_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Feedback
        fields = [
            "code",
            "kind",
            "status",
            "subject",
            "content",
            "procedure",
            "dossier_code",
            "concerned_agency",
            "agency",
            "anonymous",
            "author_name",
            "author_phone",
            "author_email",
            "consent_publish",
            "received_at",
            "route_due_at",
            "routed_at",
            "answer_due_at",
            "answered_at",
            "published_at",
            "due_at",
            "version",
        ]
