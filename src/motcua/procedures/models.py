"""The TTHC catalogue: fields, procedures and their documents, fees, performing agencies and processes.

Rules are data (DESIGN.md): every figure a decree or a provincial decision sets — processing time, fees,
documents, step allotments — is a row here, editable in the admin and importable from a spreadsheet.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import Role
from motcua.core.models import EffectiveDated, TimeStampedModel
from motcua.divisions.constants import AgencyKind, Tier
from motcua.procedures.constants import (
    WORKING_HOURS_PER_DAY,
    DocumentForm,
    ErrorCode,
    FeeCategory,
    FeeKind,
    OnlineLevel,
    ProcedureStatus,
    TimeUnit,
)
from motcua.procedures.text import normalise


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. civil status (hộ tịch), certification (chứng thực)."""

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Stable key used by imports."))
    national_code = models.CharField(
        _("national field code"), max_length=40, blank=True, help_text=_("Code on the National Public Service Portal.")
    )
    name = models.CharField(_("name"), max_length=200)
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = normalise(f"{self.name} {self.code} {self.national_code}")
        before = Field.objects.filter(pk=self.pk).values_list("name", "code").first() if self.pk else None
        super().save(*args, **kwargs)
        if before and before != (self.name, self.code):
            # The procedures' search text contains the field's name and code: keep it in step.
            for procedure in self.procedures.all():
                procedure.field = self
                procedure.save(update_fields=["search_name", "search_text"])


class Procedure(EffectiveDated, TimeStampedModel):
    """An administrative procedure (thủ tục hành chính) as published in the national TTHC database."""

    code = models.CharField(
        _("national code"),
        max_length=30,
        unique=True,
        help_text=_("Code in the national TTHC database, e.g. 1.001193."),
    )
    name = models.CharField(_("name"), max_length=700)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field"))
    # Levels that perform it (cấp thực hiện). District only for procedures before 1/7/2025.
    at_province = models.BooleanField(_("province level"), default=False)
    at_district = models.BooleanField(_("district level"), default=False)
    at_commune = models.BooleanField(_("commune level"), default=False)
    result = models.TextField(_("result"), blank=True, help_text=_("What the applicant receives (kết quả)."))
    time_value = models.DecimalField(_("processing time"), max_digits=6, decimal_places=1, default=Decimal(0))
    time_unit = models.CharField(_("time unit"), max_length=20, choices=TimeUnit.choices)
    time_note = models.TextField(_("processing time conditions"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)  # căn cứ pháp lý
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    postal_allowed = models.BooleanField(_("postal submission and return allowed"), default=True)
    inter_agency = models.BooleanField(_("inter-agency (liên thông)"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ProcedureStatus.choices, default=ProcedureStatus.ACTIVE
    )
    form_schema = models.JSONField(
        _("online form (JSON Schema)"), null=True, blank=True, help_text=_("Fields of the online form as JSON Schema.")
    )
    source = models.TextField(_("source"), blank=True, help_text=_("Decision or portal page that published it."))
    unverified = models.JSONField(
        _("unverified attributes"), default=list, blank=True, help_text=_("Attributes not checked against a source.")
    )
    search_name = models.TextField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="procedure_valid_range",
            ),
            models.CheckConstraint(condition=Q(time_value__gte=0), name="procedure_time_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    # --- levels -------------------------------------------------------------------------------------------
    @property
    def levels(self) -> list[Tier]:
        flags = ((Tier.PROVINCE, self.at_province), (Tier.DISTRICT, self.at_district), (Tier.COMMUNE, self.at_commune))
        return [tier for tier, on in flags if on]

    def set_levels(self, tiers) -> None:
        tiers = {Tier(int(t)) for t in tiers}
        self.at_province, self.at_district, self.at_commune = (
            Tier.PROVINCE in tiers,
            Tier.DISTRICT in tiers,
            Tier.COMMUNE in tiers,
        )

    # --- time ---------------------------------------------------------------------------------------------
    def budget_hours(self) -> Decimal:
        """The processing time in the hours the step allotments are counted in.

        Working days count 8 working hours; a same-day procedure has one working day; calendar days count
        24 calendar hours each (the allotments of such a procedure are then calendar hours).
        """
        value = Decimal(self.time_value)
        if self.time_unit == TimeUnit.WORKING_DAYS:
            return value * WORKING_HOURS_PER_DAY
        if self.time_unit == TimeUnit.WORKING_HOURS:
            return value
        if self.time_unit == TimeUnit.SAME_DAY:
            return Decimal(WORKING_HOURS_PER_DAY)
        return value * 24

    def clean(self):
        super().clean()
        errors = {}
        if not (self.at_province or self.at_district or self.at_commune):
            errors["at_commune"] = _("Choose at least one level that performs the procedure.")
        if self.time_unit == TimeUnit.SAME_DAY and self.time_value not in (None, 0):
            errors["time_value"] = _("A same-day procedure has no time value (leave 0).")
        elif self.time_unit != TimeUnit.SAME_DAY and not self.time_value:
            errors["time_value"] = _("Give the processing time.")
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            errors["valid_to"] = _("The end date must be after the start date.")
        if self.form_schema:
            from motcua.procedures.forms import schema_errors

            problems = schema_errors(self.form_schema)
            if problems:
                errors["form_schema"] = problems
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        field_name = self.field.name if self.field_id else ""
        field_code = self.field.code if self.field_id else ""
        self.search_name = normalise(self.name)
        self.search_text = normalise(f"{self.code} {self.name} {field_name} {field_code}")
        super().save(*args, **kwargs)


class PerformingAgency(models.Model):
    """Who performs a procedure (cơ quan thực hiện): an agency kind at a level, or one specific agency."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="performers")
    tier = models.PositiveSmallIntegerField(_("level"), choices=Tier.choices)
    kind = models.CharField(_("agency kind"), max_length=30, choices=AgencyKind.choices)
    agency = models.ForeignKey(
        "divisions.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("e.g. 'Sở Tư pháp', 'Công an cấp xã'"))

    class Meta:
        verbose_name = _("performing agency")
        verbose_name_plural = _("performing agencies")
        ordering = ["procedure", "tier", "id"]

    def __str__(self) -> str:
        return self.note or f"{self.get_kind_display()} ({self.get_tier_display()})"

    def clean(self):
        super().clean()
        if self.agency_id and (self.agency.kind != self.kind or self.agency.tier != self.tier):
            raise ValidationError({"agency": _("The agency's kind and level differ from the row's.")})


class RequiredDocument(models.Model):
    """A paper of the dossier (thành phần hồ sơ)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.TextField(_("name"))
    form = models.CharField(_("original or copy"), max_length=20, choices=DocumentForm.choices)
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    template_name = models.CharField(_("template"), max_length=300, blank=True, help_text=_("e.g. 'Mẫu số 01/TK'"))
    template = models.FileField(_("template file"), upload_to="procedures/templates/", blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["procedure", "position", "id"]

    def __str__(self) -> str:
        return self.name[:80]


class FeeItem(models.Model):
    """A fee or charge (phí, lệ phí) of a procedure, with its legal basis and exemptions."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=300)
    category = models.CharField(_("category"), max_length=10, choices=FeeCategory.choices, default=FeeCategory.CHARGE)
    kind = models.CharField(_("kind"), max_length=20, choices=FeeKind.choices)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0, null=True, blank=True)
    formula = models.CharField(
        _("formula"),
        max_length=300,
        blank=True,
        help_text=_("Expression in pages, copies; e.g. min(2000*pages, 200000)"),
    )
    exemptions = models.TextField(_("exemptions"), blank=True)  # đối tượng miễn, giảm
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")
        ordering = ["procedure", "position", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        from motcua.procedures.fees import FormulaError, check_formula

        if self.kind in (FeeKind.FIXED, FeeKind.PER_PAGE, FeeKind.PER_COPY) and self.amount is None:
            raise ValidationError({"amount": _("Give the amount.")})
        if self.kind == FeeKind.FORMULA:
            try:
                check_formula(self.formula)
            except FormulaError as exc:
                raise ValidationError({"formula": str(exc)}) from exc

    def compute(self, *, pages: int = 1, copies: int = 1) -> Decimal | None:
        """The amount due, or None when it is set elsewhere (by the provincial People's Council)."""
        from motcua.procedures.fees import compute_fee

        return compute_fee(self.kind, self.amount, self.formula, pages=pages, copies=copies)


class Process(EffectiveDated, TimeStampedModel):
    """How one agency handles a procedure (quy trình nội bộ): ordered steps with their time allotments."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="processes")
    agency = models.ForeignKey(
        "divisions.Agency",
        on_delete=models.PROTECT,
        related_name="procedure_processes",
        verbose_name=_("receiving agency"),
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Decision approving the process."))

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["procedure", "agency", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency", "valid_from"],
                condition=Q(valid_from__isnull=False),
                name="process_unique_per_agency_from",
            ),
            models.UniqueConstraint(
                fields=["procedure", "agency"], condition=Q(valid_from__isnull=True), name="process_unique_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} @ {self.agency.code}"

    def total_hours(self) -> Decimal:
        return sum((s.allotted_hours for s in self.steps.all()), Decimal(0))

    def clean(self):
        super().clean()
        if self.pk:
            check_allotments(self.procedure, [s.allotted_hours for s in self.steps.all()])


class ProcessStep(models.Model):
    """One step of a process: who handles it (role at an agency) and its allotted time.

    The handler is a specific agency, or an agency kind at a level relative to the receiving agency
    (e.g. "the police at commune level of the receiving commune"), or — with neither — the receiving
    agency itself. An inter-agency step (liên thông) hands the dossier to that other agency.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    handler_agency = models.ForeignKey(
        "divisions.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handling agency"),
    )
    handler_kind = models.CharField(_("handling agency kind"), max_length=30, choices=AgencyKind.choices, blank=True)
    handler_tier = models.PositiveSmallIntegerField(
        _("handling agency level"), choices=Tier.choices, null=True, blank=True
    )
    inter_agency = models.BooleanField(_("hands over to another agency (liên thông)"), default=False)
    allotted_hours = models.DecimalField(_("allotted time (working hours)"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["process", "position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="process_step_position_unique"),
            models.CheckConstraint(condition=Q(allotted_hours__gte=0), name="process_step_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def clean(self):
        super().clean()
        if self.handler_tier and not self.handler_kind and not self.handler_agency_id:
            raise ValidationError({"handler_kind": _("Give the kind of agency for the level.")})


def check_allotments(procedure: Procedure, hours) -> None:
    """Raise ValidationError unless the step allotments add up to the procedure's processing time."""
    total = sum((Decimal(h) for h in hours), Decimal(0))
    budget = procedure.budget_hours()
    if total != budget:
        raise ValidationError(
            _("The steps add up to %(total)s hours but the procedure allows %(budget)s hours."),
            code=ErrorCode.ALLOTMENT_MISMATCH.value,
            params={"total": total.normalize(), "budget": budget.normalize()},
        )
