"""Copy the shipped notification templates (defaults.yaml) into the database, where they can be edited."""

from django.core.management.base import BaseCommand
from django.db import transaction

from motcua.notifications.models import NotificationTemplate
from motcua.notifications.rendering import shipped_templates


class Command(BaseCommand):
    help = "Load the shipped notification templates; existing rows are kept unless --overwrite."

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true", help="Replace the text of existing rows too.")

    @transaction.atomic
    def handle(self, *args, overwrite=False, **options):
        created = updated = 0
        for key, channels in shipped_templates().items():
            for channel, languages in channels.items():
                for language, entry in languages.items():
                    values = {
                        "subject": entry.get("subject", ""),
                        "body": entry["body"],
                        "provider_template_id": entry.get("provider_template_id", ""),
                    }
                    row, was_created = NotificationTemplate.objects.get_or_create(
                        key=key, channel=channel, language=language, defaults=values
                    )
                    if was_created:
                        created += 1
                    elif overwrite:
                        NotificationTemplate.objects.filter(pk=row.pk).update(**values)
                        updated += 1
        self.stdout.write(f"notification templates: {created} created, {updated} updated")
