from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.IntegerChoices):
    PROVINCE = 1, _("Province level")
    DISTRICT = 2, _("District level")  # cấp huyện — abolished on 1/7/2025
    COMMUNE = 3, _("Commune level")


class UnitKind(models.TextChoices):
    """Official kinds of administrative unit (Law on Organisation of Local Government 2015, 2025)."""

    CENTRAL_CITY = "central_city", _("Centrally-run city")  # thành phố trực thuộc trung ương
    PROVINCE = "province", _("Province")  # tỉnh
    PROVINCIAL_CITY = "provincial_city", _("Provincial city")  # thành phố thuộc tỉnh
    MUNICIPAL_CITY = "municipal_city", _("City under a centrally-run city")  # thành phố thuộc TP TW
    TOWN = "town", _("Town")  # thị xã
    DISTRICT = "district", _("Rural district")  # huyện
    URBAN_DISTRICT = "urban_district", _("Urban district")  # quận
    WARD = "ward", _("Ward")  # phường
    COMMUNE = "commune", _("Commune")  # xã
    TOWNSHIP = "township", _("Township")  # thị trấn
    SPECIAL_ZONE = "special_zone", _("Special zone")  # đặc khu (from 1/7/2025)


TIER_OF_KIND = {
    UnitKind.CENTRAL_CITY: Tier.PROVINCE,
    UnitKind.PROVINCE: Tier.PROVINCE,
    UnitKind.PROVINCIAL_CITY: Tier.DISTRICT,
    UnitKind.MUNICIPAL_CITY: Tier.DISTRICT,
    UnitKind.TOWN: Tier.DISTRICT,
    UnitKind.DISTRICT: Tier.DISTRICT,
    UnitKind.URBAN_DISTRICT: Tier.DISTRICT,
    UnitKind.WARD: Tier.COMMUNE,
    UnitKind.COMMUNE: Tier.COMMUNE,
    UnitKind.TOWNSHIP: Tier.COMMUNE,
    UnitKind.SPECIAL_ZONE: Tier.COMMUNE,
}


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")  # Ủy ban nhân dân
    DEPARTMENT = "department", _("Department")  # Sở / Phòng
    SERVICE_CENTRE = "service_centre", _("Public administration service centre")  # Trung tâm PVHCC
    POLICE = "police", _("Police")  # Công an
    TAX = "tax", _("Tax authority")  # Thuế
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")  # Bảo hiểm xã hội
    LAND_REGISTRY = "land_registry", _("Land registration office")  # Văn phòng đăng ký đất đai
    OTHER = "other", _("Other agency")


# 1 July 2025: the two-tier local government takes effect (Law on Organisation of Local Government 2025,
# Resolution 202/2025/QH15 on provinces, National Assembly Standing Committee resolutions on communes).
TWO_TIER_FROM = "2025-07-01"
