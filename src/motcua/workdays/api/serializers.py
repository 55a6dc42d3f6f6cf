from rest_framework import serializers


class DueDateSerializer(serializers.Serializer):
    due_at = serializers.DateTimeField(help_text="Due instant, ISO 8601 in the calendar's time zone (+07:00).")
    calendar = serializers.CharField(help_text="Name of the calendar used.")
