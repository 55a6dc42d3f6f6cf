import re
from datetime import date

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
    # Specialised agencies of a People's Committee (cơ quan chuyên môn): Sở, Thanh tra tỉnh, Văn phòng UBND;
    # before 1/7/2025 also the district's Phòng.
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
TWO_TIER_DATE = date(2025, 7, 1)

# Agency codes of QCVN 102:2016/BTTTT: four fields, lowest level first — level 4 (3 digits), level 3
# (2 digits), level 2 (2 digits), level 1 (a letter and 2 digits; H = provincial People's Committees,
# G = ministries) — e.g. 000.00.00.H20 (UBND tỉnh Đồng Tháp), 000.00.14.H20 (one of its departments).
AGENCY_CODE_PATTERN = r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$"
AGENCY_CODE_RE = re.compile(AGENCY_CODE_PATTERN)

# The 34 provinces from 1/7/2025 and the 63 provinces they were formed from (GSO codes), per
# Resolution 202/2025/QH15 of the National Assembly (12/6/2025) on the arrangement of provincial
# administrative units. The first predecessor listed is the one whose code the new province kept, if any.
PROVINCE_PREDECESSORS: dict[str, tuple[str, ...]] = {
    "01": ("01",),  # Hà Nội
    "04": ("04",),  # Cao Bằng
    "08": ("08", "02"),  # Tuyên Quang ← Tuyên Quang, Hà Giang
    "11": ("11",),  # Điện Biên
    "12": ("12",),  # Lai Châu
    "14": ("14",),  # Sơn La
    "15": ("15", "10"),  # Lào Cai ← Yên Bái (code 15), Lào Cai (10)
    "19": ("19", "06"),  # Thái Nguyên ← Thái Nguyên, Bắc Kạn
    "20": ("20",),  # Lạng Sơn
    "22": ("22",),  # Quảng Ninh
    "24": ("24", "27"),  # Bắc Ninh ← Bắc Giang (code 24), Bắc Ninh (27)
    "25": ("25", "26", "17"),  # Phú Thọ ← Phú Thọ, Vĩnh Phúc, Hòa Bình
    "31": ("31", "30"),  # Hải Phòng ← Hải Phòng, Hải Dương
    "33": ("33", "34"),  # Hưng Yên ← Hưng Yên, Thái Bình
    "37": ("37", "35", "36"),  # Ninh Bình ← Ninh Bình, Hà Nam, Nam Định
    "38": ("38",),  # Thanh Hóa
    "40": ("40",),  # Nghệ An
    "42": ("42",),  # Hà Tĩnh
    "44": ("44", "45"),  # Quảng Trị ← Quảng Bình (code 44), Quảng Trị (45)
    "46": ("46",),  # Huế
    "48": ("48", "49"),  # Đà Nẵng ← Đà Nẵng, Quảng Nam
    "51": ("51", "62"),  # Quảng Ngãi ← Quảng Ngãi, Kon Tum
    "52": ("52", "64"),  # Gia Lai ← Bình Định (code 52), Gia Lai (64)
    "56": ("56", "58"),  # Khánh Hòa ← Khánh Hòa, Ninh Thuận
    "66": ("66", "54"),  # Đắk Lắk ← Đắk Lắk, Phú Yên
    "68": ("68", "67", "60"),  # Lâm Đồng ← Lâm Đồng, Đắk Nông, Bình Thuận
    "75": ("75", "70"),  # Đồng Nai ← Đồng Nai, Bình Phước
    "79": ("79", "74", "77"),  # Hồ Chí Minh City ← HCMC, Bình Dương, Bà Rịa - Vũng Tàu
    "80": ("80", "72"),  # Tây Ninh ← Long An (code 80), Tây Ninh (72)
    "82": ("82", "87"),  # Đồng Tháp ← Tiền Giang (code 82), Đồng Tháp (87)
    "86": ("86", "83", "84"),  # Vĩnh Long ← Vĩnh Long, Bến Tre, Trà Vinh
    "91": ("91", "89"),  # An Giang ← Kiên Giang (code 91), An Giang (89)
    "92": ("92", "93", "94"),  # Cần Thơ ← Cần Thơ, Hậu Giang, Sóc Trăng
    "96": ("96", "95"),  # Cà Mau ← Cà Mau, Bạc Liêu
}

PROVINCES_RESOLUTION = "Resolution 202/2025/QH15"
# NA Standing Committee resolutions of 16/6/2025 on each province's commune-level units (one per
# province; only those checked so far are listed — the others are cited generically).
COMMUNE_RESOLUTIONS: dict[str, str] = {
    "01": "Resolution 1656/NQ-UBTVQH15",
    "08": "Resolution 1684/NQ-UBTVQH15",
    "31": "Resolution 1669/NQ-UBTVQH15",
    "46": "Resolution 1675/NQ-UBTVQH15",
    "48": "Resolution 1659/NQ-UBTVQH15",
    "79": "Resolution 1685/NQ-UBTVQH15",
    "82": "Resolution 1663/NQ-UBTVQH15",
    "92": "Resolution 1668/NQ-UBTVQH15",
}
COMMUNE_RESOLUTION_DEFAULT = "NA Standing Committee resolution of 16/6/2025 on the province's communes"
