"""Connectors to the national portal (plugins of `motcua.core.plugins.Registry`).

`dvcqg` speaks the portal's integration API as OpenCPS calls it (see constants.py): a session from
`{auth}` with {"username", "password"} → {"error_code": 0, "session": …}; then each sync call POSTs
{"session", "madonvi", "service", "isUpdating", "data": [record]} with the `dstcode` header and gets
{"error_code": "00", …} when accepted. ASSUMED (not in the source): the endpoint addresses (they are a
province's contract: settings NATIONALSYNC_AUTH_URL / NATIONALSYNC_URL), our `X-Request-Id` header (the
message id, which the simulator uses to recognise a re-send) and the meaning of other error codes (all are
retried until NATIONALSYNC_MAX_ATTEMPTS). Empty URLs in demo mode point to the simulator (views.py).
"""

from __future__ import annotations

import json
import threading
import time

from django.utils.translation import gettext_lazy as _

from motcua.core.plugins import Refusal, Registry
from motcua.core.webhooks import deliver, public_base_url, setting
from motcua.nationalsync.constants import ACCEPTED_CODES, SyncService

registry = Registry(
    "national portal connector",
    unknown=Refusal("nationalsync_unknown_connector", _("No national portal connector “%(id)s”."), 400),
)


class SendError(Exception):
    """The portal did not accept the message; it is retried later."""


class PortalConnector:
    verbose_name = ""

    def __init__(self, identifier: str):
        self.identifier = identifier

    def is_enabled(self) -> bool:
        return True

    def send(self, message) -> str:
        """Push one SyncMessage; return the portal's answer (kept on the row) or raise SendError."""
        raise NotImplementedError


def simulator_url(path: str) -> str:
    return f"{public_base_url()}/nationalsync/simulator/{path}"


@registry("dvcqg")
class DvcqgConnector(PortalConnector):
    verbose_name = _("National Public Service Portal (DVCQG integration API)")
    SESSION_SECONDS = 600

    def __init__(self, identifier: str):
        super().__init__(identifier)
        self._lock = threading.Lock()
        self._session: tuple[str, str, float] | None = None  # (auth url, session, valid until)

    # --- configuration ------------------------------------------------------------------------------------
    @staticmethod
    def _url(name: str, simulated: str) -> str:
        url = setting(name, "")
        if url:
            return url
        if setting("NATIONALSYNC_SIMULATOR", False):
            return simulator_url(simulated)
        raise SendError(f"{name} is not set (and the simulator is off)")

    def sync_url(self) -> str:
        return self._url("NATIONALSYNC_URL", "sync")

    def auth_url(self) -> str:
        return self._url("NATIONALSYNC_AUTH_URL", "session")

    @staticmethod
    def _timeout() -> float:
        return float(setting("NATIONALSYNC_TIMEOUT", 30))

    # --- protocol -----------------------------------------------------------------------------------------
    def _post(self, url: str, body: dict, headers: dict | None = None) -> tuple[int, dict, str]:
        answer = deliver(
            url,
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})},
            timeout=self._timeout(),
        )
        if answer.error:
            raise SendError(answer.error)
        try:
            parsed = json.loads(answer.body) if answer.body else {}
        except ValueError:
            parsed = {}
        return answer.status, parsed if isinstance(parsed, dict) else {}, answer.body

    def session(self, *, fresh: bool = False) -> str:
        url = self.auth_url()
        with self._lock:
            cached = self._session
            if not fresh and cached and cached[0] == url and cached[2] > time.monotonic():
                return cached[1]
        status, data, raw = self._post(
            url,
            {"username": setting("NATIONALSYNC_USERNAME", ""), "password": setting("NATIONALSYNC_PASSWORD", "")},
        )
        if status != 200 or str(data.get("error_code")) not in ACCEPTED_CODES or not data.get("session"):
            raise SendError(f"session refused: HTTP {status} {raw[:300]}")
        with self._lock:
            self._session = (url, data["session"], time.monotonic() + self.SESSION_SECONDS)
        return data["session"]

    def body(self, message, session: str) -> dict:
        body = {
            "session": session,
            "madonvi": setting("NATIONALSYNC_AGENCY_CODE", ""),
            "service": message.service,
            "data": [message.payload],
        }
        if message.service == SyncService.DOSSIER:
            body["isUpdating"] = "True" if message.is_update else "False"
        return body

    def send(self, message) -> str:
        headers = {"dstcode": setting("NATIONALSYNC_DSTCODE", ""), "X-Request-Id": str(message.uid)}
        status, data, raw = self._post(self.sync_url(), self.body(message, self.session()), headers)
        if status == 401:  # the session expired on the portal's side: take a new one once
            status, data, raw = self._post(self.sync_url(), self.body(message, self.session(fresh=True)), headers)
        if status != 200 or str(data.get("error_code")) not in ACCEPTED_CODES:
            raise SendError(f"HTTP {status}: {raw[:500]}")
        return raw[:2000]


def connector() -> PortalConnector:
    return registry.get(setting("NATIONALSYNC_CONNECTOR", "dvcqg") or "dvcqg")
