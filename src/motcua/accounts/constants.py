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
