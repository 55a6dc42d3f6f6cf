"""`motcua load_demo [--dossiers N]`: generate demo dossiers over the last 12 months through the actions."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.demo import Generator
from motcua.dossiers.models import Dossier


class Command(BaseCommand):
    help = "Generate realistic demo dossiers over the last 12 months (demo mode only; skipped if dossiers exist)."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="Generate even if dossiers already exist.")

    def handle(self, *args, dossiers, seed, force, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo dossiers are for demo installations: set MOTCUA_DEMO=true.")
        if Dossier.objects.exists() and not force:
            self.stdout.write(f"{Dossier.objects.count()} dossiers already exist; nothing generated (use --force).")
            return

        def progress(done, total):
            if done % 100 == 0 or done == total:
                sys.stderr.write(f"\r{done}/{total} dossiers")
                if done == total:
                    sys.stderr.write("\n")

        report = Generator(seed=seed).run(dossiers, progress=progress)
        self.stdout.write(
            f"{report.created} dossiers received ({report.finished} finished, {report.late} late, {report.open} open, "
            f"{report.supplements} with supplements, {report.refused} refused); {report.officers} demo officers"
        )
        for code, n in sorted(report.errors.items()):
            self.stderr.write(f"  skipped {n}: {code} (e.g. {report.examples[code]})")
