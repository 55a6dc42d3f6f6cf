"""Users and their roles in agencies."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import OFFICER_ROLES, Role


def citizen_id_validator(value: str, today=None) -> None:
    """A citizen identity number: 12 digits whose prefix names a real province, century and sex, and a year of
    birth not in the future (Law on Identification 2023; Circular 59/2021/TT-BCA art. 7)."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from motcua.accounts.constants import CITIZEN_ID_PROVINCES

    if not (isinstance(value, str) and len(value) == 12 and value.isdigit()):
        raise ValidationError(_("A citizen ID number has 12 digits."), code="citizen_id")
    if value[:3] not in CITIZEN_ID_PROVINCES:
        raise ValidationError(_("The first three digits are not a province code."), code="citizen_id_province")
    year = 1900 + 100 * (int(value[3]) // 2) + int(value[4:6])
    if year > (today or timezone.localdate()).year:
        raise ValidationError(_("The year of birth in this number is in the future."), code="citizen_id_year")


phone_validator = RegexValidator(r"^\+?\d{9,15}$", _("Enter a phone number of 9 to 15 digits."), code="phone")


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, validators=[phone_validator])
    citizen_id = models.CharField(  # noqa: DJ001 — NULL, not "", so the unique constraint skips blanks
        _("citizen ID number"), max_length=12, null=True, blank=True, validators=[citizen_id_validator]
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=Q(citizen_id__isnull=False), name="user_citizen_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()


class Membership(models.Model):
    """An officer's role in one agency (one person may hold several)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey("divisions.Agency", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=[(r.value, r.label) for r in Role if r in OFFICER_ROLES])
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.agency}"
