from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.conf import render_markdown


class Command(BaseCommand):
    help = "Write docs/configuration.md from the environment variables the settings read."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Exit 1 if the file is out of date.")

    def handle(self, *args, check=False, **options):
        target = Path(settings.PROJECT_DIR) / "docs" / "configuration.md"
        text = render_markdown()
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                self.stderr.write(f"{target} is out of date: run `motcua envdoc`.")
                raise SystemExit(1)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {target}")
