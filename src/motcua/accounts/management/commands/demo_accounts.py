"""Create or update the demo accounts (one per role) listed in accounts/data/demo_accounts.json."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Membership, User
from motcua.divisions.models import Agency
from motcua.divisions.selectors import current_province, valid_on

DATA = Path(__file__).resolve().parents[2] / "data" / "demo_accounts.json"
DEMO_PASSWORD = "motcua-demo"  # noqa: S105 — printed on purpose; refused outside demo mode


def find_agency(spec: dict, province) -> Agency:
    today = timezone.localdate()
    qs = Agency.objects.filter(valid_on(today), kind=spec["kind"], tier=spec["tier"])
    qs = qs.filter(unit=province) | qs.filter(unit__parent=province)
    if "name" in spec:
        qs = qs.filter(name__icontains=spec["name"])
    agency = qs.order_by("code").first()
    if agency is None:
        raise CommandError(f"No agency of the province matches {spec}: run load_divisions and load_agencies first.")
    return agency


class Command(BaseCommand):
    help = "Create the demo accounts (demo mode only): one per role, password printed."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo accounts have a published password: set MOTCUA_DEMO=true to create them.")
        province = current_province()
        if province is None:
            raise CommandError("The province is not loaded: run load_divisions first.")
        rows = []
        with transaction.atomic():
            for spec in json.loads(DATA.read_text(encoding="utf-8"))["accounts"]:
                user, _ = User.objects.update_or_create(
                    username=spec["username"],
                    defaults={
                        "full_name": spec["full_name"],
                        "email": spec.get("email", ""),
                        "phone": spec.get("phone", ""),
                        "citizen_id": spec.get("citizen_id"),
                        "is_superuser": spec.get("superuser", False),
                        "is_staff": spec.get("superuser", False) or spec.get("staff", False),
                    },
                )
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                where = ""
                if "role" in spec:
                    agency = find_agency(spec["agency"], province)
                    user.memberships.exclude(agency=agency, role=spec["role"]).delete()
                    Membership.objects.get_or_create(user=user, agency=agency, role=spec["role"])
                    where = agency.name
                role = spec.get("role") or ("superuser" if spec.get("superuser") else "citizen")
                rows.append((spec["username"], role, where))
        width = max(len(r[0]) for r in rows)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, where in rows:
            self.stdout.write(f"  {username.ljust(width)}  {role:<16} {where}")
