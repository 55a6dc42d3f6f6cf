"""Read queries on administrative units and agencies, always as of a day (effective dating)."""

from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.divisions.constants import AgencyKind, Tier
from motcua.divisions.models import AdministrativeUnit, Agency


def valid_on(day: date, prefix: str = "") -> Q:
    """Rows of an effective-dated model that are valid on `day` (valid_to is exclusive).

    `prefix` filters through a relation, e.g. ``valid_on(day, "unit__")``.
    """
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def _today(day: date | None) -> date:
    return day or timezone.localdate()


def unit_on(code: str, day: date | None = None) -> AdministrativeUnit | None:
    """The unit that has GSO code `code` on `day` (today): "82" is Tiền Giang in 2020, Đồng Tháp in 2026."""
    return AdministrativeUnit.objects.filter(valid_on(_today(day)), code=code).select_related("parent__parent").first()


def province_on(code: str, day: date | None = None) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(valid_on(_today(day)), code=code, tier=Tier.PROVINCE).first()


def current_province(on: date | None = None) -> AdministrativeUnit | None:
    """The province this installation serves (settings.MOTCUA_PROVINCE_CODE), as it is on `on` (today)."""
    return province_on(settings.MOTCUA_PROVINCE_CODE, on)


def province_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The province a unit belongs to (itself for a province)."""
    while unit.parent_id is not None:
        unit = unit.parent
    return unit


def lineage(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and its ancestors, province first: [province, district, commune] before 1/7/2025."""
    chain = [unit]
    while chain[-1].parent_id is not None:
        chain.append(chain[-1].parent)
    return chain[::-1]


def _under(province: AdministrativeUnit, prefix: str = "") -> Q:
    """Units (or rows pointing at units through `prefix`) inside `province`, at any depth (max 3 tiers)."""
    return (
        Q(**{f"{prefix}pk": province.pk})
        | Q(**{f"{prefix}parent": province})
        | Q(**{f"{prefix}parent__parent": province})
    )


def districts_of(province: AdministrativeUnit, day: date | None = None) -> QuerySet[AdministrativeUnit]:
    """District-level units of a province on `day` — none from 1/7/2025."""
    return AdministrativeUnit.objects.filter(valid_on(_today(day)), parent=province, tier=Tier.DISTRICT)


def communes_of(province: AdministrativeUnit, day: date | None = None) -> QuerySet[AdministrativeUnit]:
    """Commune-level units of a province on `day`: its children after 1/7/2025, its grandchildren before."""
    return AdministrativeUnit.objects.filter(
        valid_on(_today(day)), Q(parent=province) | Q(parent__parent=province), tier=Tier.COMMUNE
    )


def agencies_of_province(province: AdministrativeUnit, day: date | None = None) -> QuerySet[Agency]:
    """Agencies of every level whose unit lies in `province`, valid on `day`."""
    return Agency.objects.filter(valid_on(_today(day)), _under(province, "unit__")).select_related("unit")


def agency_on(code: str, day: date | None = None) -> Agency | None:
    """The agency that has QCVN 102 code `code` on `day` (today)."""
    return Agency.objects.filter(valid_on(_today(day)), code=code).select_related("unit").first()


def peoples_committee_of(unit: AdministrativeUnit, day: date | None = None) -> Agency | None:
    """The People's Committee (UBND) of a unit on `day`."""
    return Agency.objects.filter(valid_on(_today(day)), unit=unit, kind=AgencyKind.PEOPLES_COMMITTEE).first()


def portal_summary() -> dict:
    """Headline counts for the portal home page: the province's agencies and commune-level units today."""
    day = timezone.localdate()
    province = current_province(day)
    if province is None:
        return {"agencies": 0, "communes": 0}
    return {
        "agencies": agencies_of_province(province, day).count(),
        "communes": communes_of(province, day).count(),
    }
