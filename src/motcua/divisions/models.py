"""Administrative units and agencies, effective-dated so that a 2020 dossier and a 2026 dossier both resolve."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated
from motcua.divisions.constants import TIER_OF_KIND, AgencyKind, Tier, UnitKind


class AdministrativeUnit(EffectiveDated):
    """A province, district-level or commune-level unit (đơn vị hành chính) for a span of dates.

    Codes are the General Statistics Office codes; a code may be reused by a new unit after a merger,
    so (code, valid_from) is the identity, not the code alone.
    """

    code = models.CharField(_("code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["tier", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.tier = TIER_OF_KIND[UnitKind(self.kind)]
        super().save(*args, **kwargs)


class Agency(EffectiveDated):
    """A state agency that receives or handles dossiers (cơ quan), coded per QCVN 102:2016/BTTTT."""

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("QCVN 102:2016/BTTTT code"))
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    tier = models.PositiveSmallIntegerField(_("level"), choices=Tier.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="agencies",
                             verbose_name=_("administrative unit"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["tier", "code"]

    def __str__(self) -> str:
        return self.name
