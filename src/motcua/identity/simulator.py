"""A local OpenID Connect provider standing in for VNeID / the national portal's SSO (demo and tests only;
views.py serves it when IDENTITY_SIMULATOR is on).

Authorization-code flow (OpenID Connect Core 1.0 §3.1) with PKCE (RFC 7636, S256 and plain): discovery
document, authorize (a page to pick a demo citizen), token (client_secret_post or client_secret_basic; an
RS256 ID token with iss, sub, aud, exp, iat, nonce, auth_time), userinfo (Bearer), JWKS (RFC 7517).
Codes and access tokens are signed with Django's signer (stateless, so several server processes agree); a
code is accepted once per process and for 60 seconds. The RSA key is generated with `cryptography` and kept
in MOTCUA_VAR_DIR/identity-simulator/ so that every process and restart serves the same JWKS.

The people are invented; the first one is the demo citizen account "congdan" (same identification number),
so signing in as him lands on his demo dossiers.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import threading
import time
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core import signing

CODE_SALT = "motcua.identity.simulator.code"
TOKEN_SALT = "motcua.identity.simulator.access"  # noqa: S105 — a salt, not a secret
CODE_SECONDS = 60
TOKEN_SECONDS = 600
ID_TOKEN_SECONDS = 300

# Invented citizens of Đồng Tháp (identification numbers with the birth-registration prefix 087 and the
# century/sex digit and year of birth that match the date, Circular 59/2021/TT-BCA art. 7).
CITIZENS = [
    {
        "SoDinhDanh": "087090001234",
        "HoVaTen": "Nguyễn Văn An",
        "NgayThangNamSinh": "15/04/1990",
        "GioiTinh": 1,
        "SoDienThoai": "0912345678",
        "ThuDienTu": "",
    },
    {
        "SoDinhDanh": "087185004321",
        "HoVaTen": "Trần Thị Mai",
        "NgayThangNamSinh": "03/09/1985",
        "GioiTinh": 2,
        "SoDienThoai": "0934567812",
        "ThuDienTu": "tranthimai@example.vn",
    },
    {
        "SoDinhDanh": "087203007788",
        "HoVaTen": "Lê Minh Khang",
        "NgayThangNamSinh": "21/01/2003",
        "GioiTinh": 1,
        "SoDienThoai": "0976543210",
        "ThuDienTu": "",
    },
]


def citizen(number: str) -> dict | None:
    return next((c for c in CITIZENS if c["SoDinhDanh"] == number), None)


def subject(number: str) -> str:
    """A pairwise-looking subject identifier (never the identification number itself)."""
    return hashlib.sha256(f"motcua-sim:{number}".encode()).hexdigest()[:32]


def userinfo_claims(number: str) -> dict:
    person = citizen(number) or {}
    return {"sub": subject(number), "LoaiTaiKhoan": 1, "loAs": "LoA2", **person}


# --- keys -------------------------------------------------------------------------------------------------
_lock = threading.Lock()
_key = None


def _key_file() -> Path:
    return Path(settings.VAR_DIR) / "identity-simulator" / "signing-key.pem"


def signing_key():
    """The simulator's RSA private key, created once and shared by every process through a file."""
    global _key
    with _lock:
        if _key is not None:
            return _key
        path = _key_file()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pem)
            tmp.chmod(0o600)
            try:
                os.link(tmp, path)  # atomic: the first process wins, the others read its key
            except FileExistsError:
                pass
            finally:
                tmp.unlink(missing_ok=True)
        _key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        return _key


def key_id(key=None) -> str:
    public = (key or signing_key()).public_key()
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()[:16]


def jwks() -> dict:
    key = signing_key()
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {"keys": [{**jwk, "kid": key_id(key), "use": "sig", "alg": "RS256"}]}


# --- codes and tokens -------------------------------------------------------------------------------------
_used_codes: dict[str, float] = {}


def issue_code(*, number: str, client_id: str, redirect_uri: str, nonce: str, challenge: str, method: str) -> str:
    data = {"n": number, "c": client_id, "r": redirect_uri, "o": nonce, "p": challenge, "m": method}
    return signing.dumps({**data, "j": secrets.token_hex(8)}, salt=CODE_SALT, compress=True)


def redeem_code(code: str) -> dict | None:
    """The code's content if it is genuine, fresh and not used before (in this process)."""
    try:
        data = signing.loads(code, salt=CODE_SALT, max_age=CODE_SECONDS)
    except signing.BadSignature:
        return None
    with _lock:
        now = time.monotonic()
        for old, until in list(_used_codes.items()):
            if until < now:
                del _used_codes[old]
        if code in _used_codes:
            return None
        _used_codes[code] = now + CODE_SECONDS
    return data


def pkce_matches(challenge: str, method: str, verifier: str) -> bool:
    if not challenge:
        return True  # the client did not use PKCE
    if method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge
    return method == "plain" and verifier == challenge


def access_token(number: str, client_id: str) -> str:
    return signing.dumps({"n": number, "c": client_id}, salt=TOKEN_SALT)


def read_access_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_SECONDS)
    except signing.BadSignature:
        return None


def id_token_claims(*, issuer: str, number: str, client_id: str, nonce: str, now: int | None = None) -> dict:
    now = int(now or time.time())
    claims = {"iss": issuer, "sub": subject(number), "aud": client_id, "iat": now, "exp": now + ID_TOKEN_SECONDS}
    claims["auth_time"] = now
    if nonce:
        claims["nonce"] = nonce
    return claims


def sign(claims: dict, key=None) -> str:
    key = key or signing_key()
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": key_id(key)})


def id_token(**kwargs) -> str:
    return sign(id_token_claims(**kwargs))
