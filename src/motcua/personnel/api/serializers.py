from rest_framework import serializers

from motcua.personnel.models import JobPosition


class JobPositionSerializer(serializers.ModelSerializer):
    agency_code = serializers.CharField(source="agency.code", read_only=True)
    rank_code = serializers.CharField(source="rank.code", read_only=True)

    class Meta:
        model = JobPosition
        fields = [
            "id",
            "agency",
            "agency_code",
            "code",
            "name",
            "group",
            "description",
            "rank_code",
            "min_qualification",
            "qualifications",
            "competencies",
            "headcount",
            "requires_foreign_language",
            "legal_basis",
            "valid_from",
            "valid_to",
        ]


class QuotaStatusSerializer(serializers.Serializer):
    agency_id = serializers.IntegerField()
    agency_name = serializers.CharField()
    year = serializers.IntegerField()
    assigned = serializers.IntegerField(allow_null=True)
    used = serializers.IntegerField()
    vacant = serializers.IntegerField(allow_null=True)
    over_by = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


class QuotaSetSerializer(serializers.Serializer):
    agency = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    assigned = serializers.IntegerField(min_value=0)
    decision = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


class PositionVacancySerializer(serializers.Serializer):
    position_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    rank_code = serializers.CharField()
    headcount = serializers.IntegerField()
    filled = serializers.IntegerField()
    vacant = serializers.IntegerField()


class AgencyVacanciesSerializer(serializers.Serializer):
    agency_id = serializers.IntegerField()
    agency_name = serializers.CharField()
    headcount = serializers.IntegerField()
    filled = serializers.IntegerField()
    vacant = serializers.IntegerField()
    positions = PositionVacancySerializer(many=True)


class PlacementSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    position = serializers.IntegerField()
    rank = serializers.IntegerField()
    qualification = serializers.IntegerField(min_value=0, max_value=5)
    day = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementResultSerializer(serializers.Serializer):
    record = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
