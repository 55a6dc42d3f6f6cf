"""Reminders before deadlines: the tasks and reports each agency must finish in the next days.

Prints one digest per agency (the notification channel — mail, the officers' inbox — plugs in here
once the project has one; run it daily from cron or the task scheduler).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.reform import selectors


class Command(BaseCommand):
    help = "List, per agency, reform tasks and reports due within the next days (default 14)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14)
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args, days=14, today=None, **options):
        today = today or timezone.localdate()
        digest: dict[str, list[str]] = defaultdict(list)
        for task in selectors.tasks_due_soon(today.year, today, days):
            digest[task.plan.agency.name].append(f"  nhiệm vụ {task.code} — hạn {task.deadline:%d/%m/%Y}: {task.title}")
        for due in selectors.reports_due_soon(today.year, today, days):
            digest[due.plan.agency.name].append(f"  báo cáo {due.period_label} — hạn {due.due_on:%d/%m/%Y}")
        for agency in sorted(digest):
            self.stdout.write(agency)
            for line in digest[agency]:
                self.stdout.write(line)
        self.stdout.write(f"{len(digest)} agencies to remind")
