"""Administrative units and agencies, effective-dated so that a 2020 dossier and a 2026 dossier both resolve."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import EffectiveDated
from motcua.divisions.constants import AGENCY_CODE_PATTERN, TIER_OF_KIND, AgencyKind, Tier, UnitKind

validate_agency_code = RegexValidator(
    AGENCY_CODE_PATTERN, _("Use the QCVN 102:2016/BTTTT form 000.00.00.H20 (level 4.3.2.1).")
)


def _valid_range_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
        name=name,
    )


def _ranges_overlap(a: EffectiveDated, b: EffectiveDated) -> bool:
    starts_before_b_ends = a.valid_from is None or b.valid_to is None or a.valid_from < b.valid_to
    ends_after_b_starts = a.valid_to is None or b.valid_from is None or a.valid_to > b.valid_from
    return starts_before_b_ends and ends_after_b_starts


def _within(inner: EffectiveDated, outer: EffectiveDated) -> bool:
    """Whether `inner`'s validity lies inside `outer`'s (open ends count as unbounded)."""
    starts_ok = outer.valid_from is None or (inner.valid_from is not None and inner.valid_from >= outer.valid_from)
    ends_ok = outer.valid_to is None or (inner.valid_to is not None and inner.valid_to <= outer.valid_to)
    return starts_ok and ends_ok


def _invalid(field: str, message, code: str) -> ValidationError:
    """A validation error on `field` with a stable code (tests and API clients check codes, not text)."""
    return ValidationError({field: ValidationError(message, code=code)})


# Official names begin with the kind of unit ("Tỉnh Đồng Tháp", "Phường Cao Lãnh"), capitalised.
KIND_WORDS = ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Tỉnh", "Huyện", "Quận", "Phường", "Xã")


class AdministrativeUnit(EffectiveDated):
    """A province, district-level or commune-level unit (đơn vị hành chính) for a span of dates.

    Codes are the General Statistics Office codes (Decision 124/2004/QĐ-TTg before 1/7/2025,
    Decision 19/2025/QĐ-TTg from then), zero-padded: 2 digits for a province, 3 for a district,
    5 for a commune. A code may be reused by a new unit after a merger (82 was Tiền Giang until
    30/6/2025 and is the merged Đồng Tháp from 1/7/2025), so (code, valid_from) is the identity.
    """

    code = models.CharField(_("code"), max_length=10, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successors"),
        help_text=_("The units this one was merged into when it ended."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["tier", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_from_unique"),
            # NULLs are distinct in a unique index: units with an unknown start need their own rule.
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_from__isnull=True), name="unit_code_unique_open_start"
            ),
            _valid_range_check("unit_valid_range"),
        ]
        indexes = [models.Index(fields=["tier", "code"], name="unit_tier_code_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def name_in_sentence(self) -> str:
        """The name as written inside a sentence: "Ủy ban nhân dân tỉnh Đồng Tháp", not "… Tỉnh Đồng Tháp"."""
        for kind_word in KIND_WORDS:
            if self.name.startswith(kind_word + " "):
                return kind_word.lower() + self.name[len(kind_word) :]
        return self.name

    def save(self, *args, **kwargs):
        self.tier = TIER_OF_KIND[UnitKind(self.kind)]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.kind:
            return
        self.tier = TIER_OF_KIND[UnitKind(self.kind)]
        parent = self.parent
        if self.tier == Tier.PROVINCE and parent is not None:
            raise _invalid("parent", _("A province has no parent unit."), "province_has_no_parent")
        if self.tier != Tier.PROVINCE and parent is None:
            raise _invalid("parent", _("A district- or commune-level unit needs a parent unit."), "parent_required")
        if parent is not None:
            if parent.tier >= self.tier:
                raise _invalid("parent", _("The parent unit must be of a higher tier."), "parent_tier")
            if not _within(self, parent):
                raise _invalid("parent", _("The unit must be valid only while its parent unit is."), "outlives_parent")
        if self.code:
            same_code = AdministrativeUnit.objects.filter(code=self.code).exclude(pk=self.pk)
            if any(_ranges_overlap(self, other) for other in same_code):
                raise _invalid("code", _("Another unit has this code for an overlapping period."), "code_overlap")


class Agency(EffectiveDated):
    """A state agency that receives or handles dossiers (cơ quan), coded per QCVN 102:2016/BTTTT.

    A code may outlive the unit it served: UBND tỉnh Đồng Tháp keeps 000.00.00.H20 after the 2025
    merger (Decision 20/2020/QĐ-TTg as amended by Decision 09/2025/QĐ-TTg) while its unit changed
    from the old province 87 to the new province 82. The schema allows that as two rows, one per
    period ((code, valid_from) unique, no overlap); look agencies up with
    `selectors.agency_on(code, day)`. The shipped data keeps codes unique across periods.
    """

    code = models.CharField(
        _("code"),
        max_length=40,
        db_index=True,
        validators=[validate_agency_code],
        help_text=_("QCVN 102:2016/BTTTT code, e.g. 000.00.00.H20"),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    tier = models.PositiveSmallIntegerField(
        _("level"), choices=Tier.choices, blank=True, help_text=_("Empty: the tier of its administrative unit.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("administrative unit")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        # Newest period first, so that `filter(code=…).first()` is today's agency; prefer agency_on(code, day).
        ordering = ["tier", "code", models.F("valid_from").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="agency_code_from_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_from__isnull=True), name="agency_code_unique_open_start"
            ),
            _valid_range_check("agency_valid_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.tier is None and self.unit_id:
            self.tier = self.unit.tier
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        unit = self.unit if self.unit_id else None
        if unit is not None:
            if self.tier is None:
                self.tier = unit.tier
            if self.tier != unit.tier:
                raise _invalid("tier", _("An agency has the level of its administrative unit."), "agency_tier")
            if not _within(self, unit):
                raise _invalid("unit", _("The agency must be valid only while its unit is."), "outlives_unit")
        if self.parent_id and self.parent.pk == self.pk:
            raise _invalid("parent", _("An agency cannot be its own parent."), "own_parent")
        if self.code:
            same_code = Agency.objects.filter(code=self.code).exclude(pk=self.pk)
            if any(_ranges_overlap(self, other) for other in same_code):
                raise _invalid("code", _("Another agency has this code for an overlapping period."), "code_overlap")
