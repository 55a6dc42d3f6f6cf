"""What the identity provider tells us about a citizen, read through configurable claim names.

Default names are those of the National Public Service Portal's SSO (xacthuc.dichvucong.gov.vn, which
accepts VNeID accounts): its userinfo carries `sub`, `SoDinhDanh` (personal identification number),
`HoVaTen`, `SoDienThoai`, `ThuDienTu`, `NgayThangNamSinh`, `LoaiTaiKhoan`, `loAs`, … — field list seen in a
province integration, github.com/HuanVu201/DichVuCong_KhoaLuan_PASETO,
DichVuCongApi/src/Core/Application/Common/SSO/UserInfoDvcqgRequest.cs. ASSUMED: that the same names come from
a direct VNeID integration (its technical documentation is not public), and the date-of-birth format
(several are accepted). Every name is a setting (IDENTITY_CLAIM_*).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError

from motcua.accounts.models import citizen_id_validator, phone_validator

BIRTH_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%Y%m%d", "%d-%m-%Y")


@dataclass(frozen=True)
class Citizen:
    citizen_id: str
    full_name: str
    phone: str
    email: str
    birth_date: date | None


def _claim(claims: dict, setting: str, default: str) -> str:
    value = claims.get(getattr(settings, setting, default) or default)
    return str(value).strip() if value is not None else ""


def parse_birth_date(value: str) -> date | None:
    for fmt in BIRTH_DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def read(claims: dict) -> Citizen:
    """The citizen named by the claims; ValidationError when the identification number is missing or not a
    valid one (12 digits, real province prefix, Circular 59/2021/TT-BCA art. 7) or contradicts the date of
    birth (its 4th–6th digits encode century and year of birth)."""
    citizen_id = _claim(claims, "IDENTITY_CLAIM_CITIZEN_ID", "SoDinhDanh")
    citizen_id_validator(citizen_id)
    phone = _claim(claims, "IDENTITY_CLAIM_PHONE", "SoDienThoai").replace(" ", "")
    try:
        phone_validator(phone)
    except ValidationError:
        phone = ""  # not one we can store: keep the account, drop the number
    birth = parse_birth_date(_claim(claims, "IDENTITY_CLAIM_BIRTH_DATE", "NgayThangNamSinh"))
    if birth is not None:
        year = 1900 + 100 * (int(citizen_id[3]) // 2) + int(citizen_id[4:6])
        if year != birth.year:
            raise ValidationError("the identification number does not match the date of birth")
    return Citizen(
        citizen_id=citizen_id,
        full_name=_claim(claims, "IDENTITY_CLAIM_FULL_NAME", "HoVaTen")[:150],
        phone=phone,
        email=_claim(claims, "IDENTITY_CLAIM_EMAIL", "ThuDienTu")[:254],
        birth_date=birth,
    )
