from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does in motcua. Citizens have no membership; officers hold a role in each agency."""

    CITIZEN = "citizen", _("Citizen / business")  # công dân, doanh nghiệp
    DESK_OFFICER = "desk_officer", _("One-stop desk officer")  # cán bộ bộ phận một cửa
    SPECIALIST = "specialist", _("Specialist officer")  # chuyên viên xử lý
    LEADER = "leader", _("Leader")  # lãnh đạo
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")  # quản trị cơ quan
    PROVINCE_ADMIN = "province_admin", _("Province administrator")  # quản trị hệ thống tỉnh
    REFORM_STAFF = "reform_staff", _("Administrative reform staff (Home Affairs)")  # chuyên viên CCHC Sở Nội vụ
    PERSONNEL_STAFF = "personnel_staff", _("Personnel staff")  # cán bộ tổ chức


OFFICER_ROLES = frozenset(Role) - {Role.CITIZEN}
# Roles that handle citizens' dossiers, and so may see the personal data of dossiers their agency holds.
DOSSIER_ROLES = frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.AGENCY_ADMIN})
# Roles whose scope is the whole province for the data they manage.
PROVINCE_WIDE_ROLES = frozenset({Role.PROVINCE_ADMIN})


# Citizen identity number (số định danh cá nhân), Decree 137/2015/NĐ-CP art. 7 and Circular 59/2021/TT-BCA
# art. 7: 3 digits for the province where the birth was registered, 1 digit for century and sex
# (0/1: 1900s man/woman, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s, 8/9: 2300s), 2 digits of the year of birth,
# 6 random digits. Province codes are the 63 pre-2025 ones; the 34 merged provinces kept codes among them.
CITIZEN_ID_PROVINCES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)
