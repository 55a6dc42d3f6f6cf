"""Citizens signing in with OpenID Connect (mozilla-django-oidc), matched by their identification number.

On top of the library (which checks the ID token's signature against the provider's JWKS with the algorithm
pinned to OIDC_RP_SIGN_ALGO, the nonce, and the expiry), this backend checks what OpenID Connect Core 1.0
§3.1.3.7 also asks: the issuer, that our client id is an audience (and the authorized party when there are
several), that `exp` is there; and §5.3.2: the userinfo `sub` is the ID token's.

Accounts are found or created by the citizen identification number (số định danh cá nhân), never by e-mail.
An account that belongs to an officer (a membership, staff or superuser) is refused: officers sign in with
their local account and password, so a national identity never opens an officer's desk.
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import IntegrityError, transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from motcua.identity import claims as citizen_claims

logger = logging.getLogger(__name__)


class VNeIDBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not getattr(settings, "IDENTITY_OIDC", False):
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as exc:
            logger.warning("VNeID sign-in refused: %s", exc)
        except requests.RequestException as exc:
            logger.warning("VNeID sign-in failed, the provider could not be reached: %s", exc)
        return None

    # --- the ID token ------------------------------------------------------------------------------------
    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token, **kwargs)  # signature (JWKS, pinned alg), exp if present, nonce
        except jwt.InvalidTokenError as exc:  # expired, not yet valid…: the library lets these through
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token not meant for us (aud)")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences without us as azp")
        if "exp" not in payload or not payload.get("sub"):
            raise SuspiciousOperation("ID token without exp or sub")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        info = super().get_userinfo(access_token, id_token, payload)
        if not isinstance(info, dict) or info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about someone else than the ID token")
        return info

    # --- accounts ----------------------------------------------------------------------------------------
    def verify_claims(self, claims):
        try:
            citizen_claims.read(claims)
        except ValidationError as exc:
            logger.warning("VNeID claims refused: %s", exc)
            return False
        return True

    def describe_user_by_claims(self, claims):
        return "citizen ID ending " + str(claims.get(settings.IDENTITY_CLAIM_CITIZEN_ID, ""))[-4:]

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(citizen_id=citizen_claims.read(claims).citizen_id)

    def create_user(self, claims):
        person = citizen_claims.read(claims)
        base = f"vneid-{person.citizen_id}"
        username = base
        for n in range(2, 20):
            if not self.UserModel.objects.filter(username=username).exists():
                break
            username = f"{base}-{n}"
        user = self.UserModel(
            username=username,
            citizen_id=person.citizen_id,
            full_name=person.full_name,
            phone=person.phone,
            email=person.email,
        )
        user.set_unusable_password()  # this account signs in only through the identity provider
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same citizen's first sign-in in another tab won the race
            return self.update_user(self.UserModel.objects.get(citizen_id=person.citizen_id), claims)
        logger.info("account %s created from VNeID", username)
        return user

    def update_user(self, user, claims):
        if user.is_staff or user.is_superuser or user.memberships.exists():
            raise SuspiciousOperation("an officer's account: officers sign in with their local account")
        person = citizen_claims.read(claims)
        changes = {"full_name": person.full_name, "phone": person.phone}
        if person.email:
            changes["email"] = person.email
        changed = [name for name, value in changes.items() if value and getattr(user, name) != value]
        for name in changed:
            setattr(user, name, changes[name])
        if changed:
            user.save(update_fields=changed)
        return user
