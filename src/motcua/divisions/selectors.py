from datetime import date

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from motcua.divisions.constants import Tier
from motcua.divisions.models import AdministrativeUnit, Agency


def valid_on(day: date) -> Q:
    """Rows of an effective-dated model that are valid on `day` (valid_to is exclusive)."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def current_province(on: date | None = None) -> AdministrativeUnit | None:
    """The province this installation serves (settings.MOTCUA_PROVINCE_CODE), as it is on `on` (today)."""
    day = on or timezone.localdate()
    return (
        AdministrativeUnit.objects.filter(valid_on(day), code=settings.MOTCUA_PROVINCE_CODE, tier=Tier.PROVINCE)
        .first()
    )


def portal_summary() -> dict:
    """Headline counts for the portal home page: the province's agencies and commune-level units today."""
    day = timezone.localdate()
    province = current_province(day)
    if province is None:
        return {"agencies": 0, "communes": 0}
    communes = AdministrativeUnit.objects.filter(valid_on(day), parent=province, tier=Tier.COMMUNE)
    agencies = Agency.objects.filter(valid_on(day), Q(unit=province) | Q(unit__parent=province))
    return {"agencies": agencies.count(), "communes": communes.count()}
