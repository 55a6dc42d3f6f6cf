"""Set up the demo province: migrate, load units, agencies, calendars and procedures, create demo logins.

Idempotent: every step updates in place, so `make demo` can be run again at any time.
"""

import io
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# (command, arguments): each step is idempotent.
STEPS = [
    ("load_divisions", []),
    ("load_agencies", []),
    ("load_calendars", []),
    ("load_procedures", []),
    ("load_notification_templates", []),
]
AFTER_ACCOUNTS = [
    # ~1 minute on SQLite for 1500; skipped when dossiers exist. MOTCUA_DEMO_DOSSIERS changes the number.
    ("load_demo", ["--dossiers", os.environ.get("MOTCUA_DEMO_DOSSIERS", "1500")]),
    ("sweep_deadlines", []),  # overdue marks, so the statistics' overdue columns have data
    ("reports_rebuild", []),  # idempotent; repairs roll-ups of databases filled before the reports app
    ("load_reform_demo", []),  # the 2026 reform plan, its cascade, inspections and PAR evaluations
    ("load_personnel_demo", []),  # job positions, staffing quotas and (invented) civil servants
    ("load_recruitment_demo", []),  # a recruitment round with its council (the demo logins) and question bank
    ("load_feedback_demo", []),  # ~20 feedback items and petitions in every state, on real procedures
]


class Command(BaseCommand):
    help = "Migrate and load the demo province with its demo accounts (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument("--no-migrate", action="store_true", help="Skip `migrate`.")

    def handle(self, *args, no_migrate=False, **options):
        if not settings.DEMO_MODE:
            raise CommandError("demo_setup creates accounts with a published password: set MOTCUA_DEMO=true.")
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
            self.stdout.write("database migrated")
        call_command("collectstatic", interactive=False, verbosity=0)
        for step, arguments in STEPS:
            self.stdout.write(f"== {step}")
            call_command(step, *arguments, stdout=self.stdout, stderr=self.stderr)
        # Accounts first (the generated dossiers land in the demo officers' queues), listed again at the end.
        call_command("demo_accounts", stdout=io.StringIO())
        for step, arguments in AFTER_ACCOUNTS:
            self.stdout.write(f"== {step}")
            call_command(step, *arguments, stdout=self.stdout, stderr=self.stderr)
        call_command("demo_accounts", stdout=self.stdout)
        port = os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS(f"Demo ready: http://127.0.0.1:{port}/  (admin: /admin/)"))
