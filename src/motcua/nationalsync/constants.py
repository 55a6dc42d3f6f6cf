"""Vocabulary of the national portal sync (Cổng Dịch vụ công quốc gia, DVCQG).

The two services are those of the portal's integration API as called by OpenCPS
(github.com/VietOpenCPS/opencps-v2, modules/backend-dossiermgt/backend-dossiermgt-service/src/main/java/org/opencps/
dossiermgt/action/impl/DVCQGIntegrationActionImpl.java): `DongBoHoSoMC` ("đồng bộ hồ sơ một cửa", the dossier
record; `isUpdating` False for a new dossier, True for an update) and `CapNhatTienDoHoSoMC` ("cập nhật tiến độ",
one progress entry per processing step).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.notifications.constants import OutboxStatus  # the same outbox life cycle as notifications

__all__ = ["OutboxStatus", "Part", "SyncService"]


class SyncService(models.TextChoices):
    DOSSIER = "DongBoHoSoMC", _("Dossier sync (DongBoHoSoMC)")
    PROGRESS = "CapNhatTienDoHoSoMC", _("Progress update (CapNhatTienDoHoSoMC)")


class Part(models.IntegerChoices):
    """Order of the messages of one event: the dossier record first, then its progress entry (OpenCPS
    `syncDossierAndDossierStatus` sends them in this order)."""

    DOSSIER = 0, _("Dossier record")
    PROGRESS = 1, _("Progress entry")


# Answer codes of the portal: "00"/0 accepted (OpenCPS checks error_code == "00" after DongBoHoSoMC and
# error_code == 0 after the session request).
ACCEPTED_CODES = frozenset({"0", "00"})
# The portal's date-time format in the sync services: yyyyMMddHHmmss in Vietnam time (OpenCPS convertDate2String).
DATETIME_FORMAT = "%Y%m%d%H%M%S"
