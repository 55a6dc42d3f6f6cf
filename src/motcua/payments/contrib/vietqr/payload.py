"""VietQR payloads: EMVCo Merchant-Presented QR with the NAPAS "VietQR" merchant account template.

Followed (see the report / docs for sources):
- EMVCo QR Code Specification for Payment Systems, Merchant-Presented Mode: ID/length/value data objects,
  00 payload format "01", 01 point of initiation ("11" static, "12" dynamic — with an amount), 53 currency
  (ISO 4217 numeric, 704 = VND), 54 amount, 58 country (VN), 62 additional data (08 = purpose of
  transaction), 63 CRC: CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over the whole payload up to and
  including "6304", written as 4 upper-case hex digits.
- NAPAS VietQR (Technical Specifications on NAPAS QR Switching, part IV): merchant account template 38 with
  00 = GUID "A000000727" (NAPAS), 01 = beneficiary organisation (00 = acquirer/bank BIN, 01 = account or
  card number), 02 = service code "QRIBFTTA" (transfer to an account; "QRIBFTTC" to a card).
"""

from __future__ import annotations

import re
import unicodedata

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"  # chuyển nhanh NAPAS247 đến tài khoản
SERVICE_TO_CARD = "QRIBFTTC"  # chuyển nhanh NAPAS247 đến thẻ
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
PURPOSE_MAX = 25


def tlv(tag: str, value: str) -> str:
    if len(tag) != 2 or not tag.isdigit():
        raise ValueError(f"bad tag {tag!r}")
    if not 0 < len(value) <= 99:
        raise ValueError(f"value of {tag} must be 1 to 99 characters, got {len(value)}")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: str) -> str:
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def ascii_text(text: str, limit: int = PURPOSE_MAX) -> str:
    """Vietnamese text as banks' transfer descriptions take it: no diacritics (đ → d), printable ASCII."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^ -~]", "", text).strip()[:limit]


def build_payload(
    *,
    bank_bin: str,
    account: str,
    amount: int | None = None,
    purpose: str = "",
    service: str = SERVICE_TO_ACCOUNT,
    initiation: str | None = None,
) -> str:
    """The text encoded in a VietQR code. `amount` in VND (whole number); `purpose` ≤ 25 ASCII characters."""
    if not (len(bank_bin) == 6 and bank_bin.isdigit()):
        raise ValueError("the bank BIN has 6 digits")
    if not account or len(account) > 19:
        raise ValueError("the account number has 1 to 19 characters")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", service)
    if initiation is None:
        initiation = "12" if amount else "11"
    out = tlv("00", "01") + tlv("01", initiation) + tlv("38", merchant) + tlv("53", CURRENCY_VND)
    if amount:
        if int(amount) != amount or amount < 0:
            raise ValueError("the amount is a whole number of VND")
        out += tlv("54", str(int(amount)))
    out += tlv("58", COUNTRY_VN)
    purpose = ascii_text(purpose)
    if purpose:
        out += tlv("62", tlv("08", purpose))
    out += "6304"
    return out + crc16_ccitt_false(out)


def parse(payload: str) -> dict[str, str]:
    """ID → value of the top-level data objects (for checks and tests); raises ValueError on bad data."""
    out, i = {}, 0
    while i < len(payload):
        tag, length = payload[i : i + 2], payload[i + 2 : i + 4]
        if len(tag) < 2 or not length.isdigit():
            raise ValueError(f"bad data object at {i}")
        value = payload[i + 4 : i + 4 + int(length)]
        if len(value) != int(length):
            raise ValueError(f"data object {tag} is cut short")
        out[tag] = value
        i += 4 + int(length)
    return out


def crc_ok(payload: str) -> bool:
    return len(payload) > 8 and payload[-8:-4] == "6304" and crc16_ccitt_false(payload[:-4]) == payload[-4:].upper()
