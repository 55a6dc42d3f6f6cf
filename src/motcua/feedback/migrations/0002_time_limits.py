"""The time limits in force, as data (editable in the admin; a change of the law is a new row with valid_from).

Decree 20/2008/NĐ-CP (14/02/2008) on receiving and handling feedback and petitions on administrative regulations,
amended by Decree 92/2017/NĐ-CP (07/8/2017, in force 25/9/2017, verified: lawnet.vn summary) and guided by
Circular 02/2017/TT-VPCP (31/10/2017). The figures below could not be verified against the text of the articles:
they are marked ASSUMED (assumed=True) until the province's office confirms them.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = "Decree 20/2008/NĐ-CP as amended by Decree 92/2017/NĐ-CP; ASSUMED: figure not verified in the article text"
ROWS = [
    # Routing by the receiving office (Văn phòng UBND tỉnh) to the competent agency.
    ("route", "", Decimal(3), SOURCE),
    # Answer by the competent agency, from the day it receives the routed item.
    ("answer", "", Decimal(10), SOURCE),
]


def load(apps, schema_editor):
    TimeLimit = apps.get_model("feedback", "TimeLimit")
    for stage, kind, days, source in ROWS:
        TimeLimit.objects.get_or_create(
            stage=stage,
            kind=kind,
            valid_from=date(2017, 9, 25),
            defaults={"working_days": days, "source": source, "assumed": True},
        )


def unload(apps, schema_editor):
    apps.get_model("feedback", "TimeLimit").objects.filter(valid_from=date(2017, 9, 25), assumed=True).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
