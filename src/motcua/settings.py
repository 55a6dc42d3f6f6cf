"""Django settings for motcua. Every knob is an environment variable documented in docs/configuration.md."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua.conf import env

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(
    env(
        "MOTCUA_VAR_DIR",
        str(PROJECT_DIR / "var"),
        help="Folder for the SQLite database, uploaded files and the demo secret key.",
        shown="<project>/var",
        group="General",
    )
)

DEBUG = env("DEBUG", False, cast=bool, help="Django debug mode. Never on in production.", group="General")
DEMO_MODE = env(
    "MOTCUA_DEMO",
    False,
    cast=bool,
    help="Demo mode: generates and keeps a secret key under "
    "`MOTCUA_VAR_DIR`, enables the simulators. `make demo` sets it.",
    group="General",
)
_secret = env(
    "SECRET_KEY",
    None,
    help="Django secret key. Required unless `DEBUG` or `MOTCUA_DEMO` is on: production refuses to start without it.",
    group="Security",
)
if not _secret:
    if not (DEBUG or DEMO_MODE):
        raise ImproperlyConfigured("SECRET_KEY must be set in production (or set MOTCUA_DEMO=true / DEBUG=true).")
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        _secret = key_file.read_text().strip()
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _secret = secrets.token_urlsafe(50)
        key_file.write_text(_secret)
        key_file.chmod(0o600)
SECRET_KEY = _secret

ALLOWED_HOSTS = env(
    "ALLOWED_HOSTS",
    ["127.0.0.1", "localhost"],
    cast=list,
    help="Comma-separated host names this server answers to.",
    group="Security",
)
CSRF_TRUSTED_ORIGINS = env(
    "CSRF_TRUSTED_ORIGINS",
    [],
    cast=list,
    help="Comma-separated origins (scheme://host) trusted for CSRF behind a proxy.",
    group="Security",
)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env(
        "USE_X_FORWARDED_PROTO",
        False,
        cast=bool,
        help="Trust X-Forwarded-Proto from the load balancer.",
        group="Security",
    )
    else None
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.divisions",
    "motcua.accounts",
    "motcua.workdays",
    "motcua.procedures",
    "motcua.dossiers",
    "motcua.desk",
    "motcua.notifications",
    "motcua.payments",
    "motcua.postal",
    "motcua.identity",
    "motcua.nationalsync",
    "motcua.reports",
    "motcua.personnel",
    "motcua.recruitment",
    "motcua.reform",
    "motcua.feedback",
    "motcua.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motcua.accounts.middleware.RequestMemberships",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "motcua.core.context_processors.site",
            ],
        },
    },
]

DATABASE_URL = env(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}",
    shown="sqlite:///$MOTCUA_VAR_DIR/motcua.sqlite3",
    help="Database URL: `sqlite:///path` (default, embedded) or `postgres://user@host:5432/name` (production).",
    group="Database",
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env(
            "DB_CONN_MAX_AGE",
            60,
            cast=int,
            help="Seconds a PostgreSQL connection is kept open (0 = per request).",
            group="Database",
        ),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers run beside the writer; the busy timeout makes writers wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env(
    "TIME_ZONE",
    "Asia/Ho_Chi_Minh",
    help="Time zone of the province; all deadlines are computed in it.",
    group="General",
)
USE_I18N = True
USE_TZ = True

MOTCUA_PROVINCE_CODE = env(
    "MOTCUA_PROVINCE_CODE",
    "82",
    help="Code of the province this installation "
    "serves (General Statistics Office code; 82 = Đồng Tháp after 1/7/2025).",
    group="General",
)

DOSSIER_CODE_PREFIX = env(
    "DOSSIER_CODE_PREFIX",
    "{agency}-{date:%y%m%d}",
    help="Daily prefix of dossier codes: `{agency}` = receiving agency code (QCVN 102:2016), `{date}` = receipt "
    "date. The national portal's convention gives `000.00.14.H20-200703-0002`.",
    group="Dossiers",
)
DOSSIER_CODE_PATTERN = env(
    "DOSSIER_CODE_PATTERN",
    "{prefix}-{seq:04d}",
    help="Dossier code from the prefix and the sequence number of that day at that agency.",
    group="Dossiers",
)

MOTCUA_PUBLIC_BASE_URL = env(
    "MOTCUA_PUBLIC_BASE_URL",
    "http://127.0.0.1:8000",
    help="Public address of the portal, printed in receipts' QR codes (the dossier lookup page).",
    group="General",
)
MOTCUA_PDF_FONT_DIR = env(
    "MOTCUA_PDF_FONT_DIR",
    "/usr/share/fonts/truetype/dejavu",
    help="Folder of the DejaVu fonts embedded in the PDF forms (Debian package fonts-dejavu-core).",
    group="Files",
)

# --- payments (payments/README.md): simulators in demo; VietQR and the gateway switch on when configured ---
PAYMENTS_SIMULATORS = env(
    "PAYMENTS_SIMULATORS",
    DEMO_MODE,
    cast=bool,
    shown="MOTCUA_DEMO",
    help="Turn on the local payment simulators and built-in demo credentials. Never in production.",
    group="Payments",
)
PAYMENTS_SIMULATOR_SECRET = env(
    "PAYMENTS_SIMULATOR_SECRET",
    "",
    help="HMAC secret of the simulator's callbacks (empty: built-in demo secret).",
    group="Payments",
)
PAYMENTS_CALLBACK_BASE_URL = env(
    "PAYMENTS_CALLBACK_BASE_URL",
    "",
    help="Base URL providers use to reach our callbacks (empty: `MOTCUA_PUBLIC_BASE_URL`).",
    group="Payments",
)
PAYMENTS_CALLBACK_TIMEOUT = env(
    "PAYMENTS_CALLBACK_TIMEOUT",
    10,
    cast=int,
    help="Seconds the simulators wait when delivering a callback.",
    group="Payments",
)
PAYMENTS_TTL_MINUTES = env(
    "PAYMENTS_TTL_MINUTES",
    1440,
    cast=int,
    help="Minutes until a pending payment expires (0 = never).",
    group="Payments",
)
PAYMENTS_VIETQR_BANK_BIN = env(
    "PAYMENTS_VIETQR_BANK_BIN", "", help="6-digit NAPAS BIN of the collecting bank.", group="Payments"
)
PAYMENTS_VIETQR_ACCOUNT = env(
    "PAYMENTS_VIETQR_ACCOUNT", "", help="Collecting (treasury) account number.", group="Payments"
)
PAYMENTS_VIETQR_ACCOUNT_NAME = env(
    "PAYMENTS_VIETQR_ACCOUNT_NAME", "", help="Account holder name shown to payers.", group="Payments"
)
PAYMENTS_VIETQR_WEBHOOK_SECRET = env(
    "PAYMENTS_VIETQR_WEBHOOK_SECRET",
    "",
    help="HMAC-SHA256 secret of the bank's credit notifications.",
    group="Payments",
)
PAYMENTS_GATEWAY_URL = env("PAYMENTS_GATEWAY_URL", "", help="Payment gateway URL (VNPAY-style).", group="Payments")
PAYMENTS_GATEWAY_MERCHANT_CODE = env(
    "PAYMENTS_GATEWAY_MERCHANT_CODE", "", help="Gateway merchant code.", group="Payments"
)
PAYMENTS_GATEWAY_SECRET = env("PAYMENTS_GATEWAY_SECRET", "", help="Gateway HMAC-SHA512 hash secret.", group="Payments")

# --- notifications (notifications/README.md): outbox + worker; simulators unless a provider URL is set ---
_G = "Notifications"
NOTIFY_CHANNELS = env(
    "NOTIFY_CHANNELS",
    "email,sms,zns" if DEMO_MODE else "",
    shown="email,sms,zns in demo, none otherwise",
    help="Channels that send (comma-separated: email, sms, zns). Production names only the channels it has "
    "configured, so that nothing is ever handed to a simulator outside the demo.",
    group=_G,
)
NOTIFY_LANGUAGE = env(
    "NOTIFY_LANGUAGE", "", help="Language of messages (empty: `LANGUAGE_CODE`); English is the fallback.", group=_G
)
NOTIFY_MAX_ATTEMPTS = env("NOTIFY_MAX_ATTEMPTS", 8, cast=int, help="Attempts before a message is dead.", group=_G)
NOTIFY_BACKOFF_BASE_SECONDS = env(
    "NOTIFY_BACKOFF_BASE_SECONDS", 60, cast=int, help="First retry delay; doubles each attempt, ±20 % jitter.", group=_G
)
NOTIFY_BACKOFF_MAX_SECONDS = env("NOTIFY_BACKOFF_MAX_SECONDS", 3600, cast=int, help="Cap of the retry delay.", group=_G)
NOTIFY_LEASE_SECONDS = env(
    "NOTIFY_LEASE_SECONDS",
    300,
    cast=int,
    help="How long a claimed message is left to its worker before another takes it (longer than the slowest send).",
    group=_G,
)
NOTIFY_BATCH_SIZE = env("NOTIFY_BATCH_SIZE", 200, cast=int, help="Messages per delivery run.", group=_G)
NOTIFY_SIMULATOR_DIR = env(
    "NOTIFY_SIMULATOR_DIR",
    str(VAR_DIR / "notify-simulator"),
    shown="$MOTCUA_VAR_DIR/notify-simulator",
    help='Where the simulators record what they "sent".',
    group=_G,
)
NOTIFY_EMAIL_BACKEND = env(
    "NOTIFY_EMAIL_BACKEND",
    "",
    help="E-mail backend of notifications (empty: Django's `EMAIL_BACKEND`; the simulator in demo).",
    group=_G,
)
NOTIFY_EMAIL_FROM = env("NOTIFY_EMAIL_FROM", "", help="Sender address (empty: `DEFAULT_FROM_EMAIL`).", group=_G)
NOTIFY_EMAIL_DOMAIN = env("NOTIFY_EMAIL_DOMAIN", "motcua.local", help="Right-hand side of our Message-IDs.", group=_G)
NOTIFY_ESMS_URL = env(
    "NOTIFY_ESMS_URL",
    "",
    help="eSMS endpoint (SendMultipleMessage_V4_post_json); empty: the in-process simulator.",
    group=_G,
)
NOTIFY_ESMS_API_KEY = env("NOTIFY_ESMS_API_KEY", "", help="eSMS API key.", group=_G)
NOTIFY_ESMS_SECRET_KEY = env("NOTIFY_ESMS_SECRET_KEY", "", help="eSMS secret key (or `_FILE`).", group=_G)
NOTIFY_ESMS_BRANDNAME = env("NOTIFY_ESMS_BRANDNAME", "MOTCUA", help="Registered SMS brandname.", group=_G)
NOTIFY_ESMS_SANDBOX = env(
    "NOTIFY_ESMS_SANDBOX", False, cast=bool, help="eSMS sandbox (validated, not delivered).", group=_G
)
NOTIFY_SMS_UNICODE = env(
    "NOTIFY_SMS_UNICODE",
    False,
    cast=bool,
    help="Send Vietnamese with diacritics (Unicode SMS, 70 characters a part).",
    group=_G,
)
NOTIFY_ZNS_URL = env(
    "NOTIFY_ZNS_URL", "", help="Zalo ZNS endpoint (message/template); empty: the in-process simulator.", group=_G
)
NOTIFY_ZNS_ACCESS_TOKEN = env(
    "NOTIFY_ZNS_ACCESS_TOKEN", "", help="Zalo Official Account access token (or `_FILE`).", group=_G
)
NOTIFY_ZNS_DEVELOPMENT = env("NOTIFY_ZNS_DEVELOPMENT", False, cast=bool, help="Send ZNS in development mode.", group=_G)
EMAIL_TIMEOUT = 30  # shorter than NOTIFY_LEASE_SECONDS: a hung SMTP send never outlives its claim

# --- postal (postal/README.md): Decision 45/2016/QĐ-TTg services through a carrier adapter ---
POSTAL_SIMULATOR = env(
    "POSTAL_SIMULATOR",
    DEMO_MODE,
    cast=bool,
    shown="MOTCUA_DEMO",
    help="Turn on the simulated carrier and its page. Never in production.",
    group="Postal",
)
POSTAL_SIMULATOR_SECRET = env(
    "POSTAL_SIMULATOR_SECRET", "", help="HMAC key of the simulator's webhooks (empty: a demo secret).", group="Postal"
)
POSTAL_SIMULATOR_POSTAGE = env(
    "POSTAL_SIMULATOR_POSTAGE", 25000, cast=int, help="Flat demo postage (VND).", group="Postal"
)
POSTAL_PROVIDER = env(
    "POSTAL_PROVIDER", "", help="Carrier for new shipments (empty: the first enabled one).", group="Postal"
)
POSTAL_CALLBACK_BASE_URL = env(
    "POSTAL_CALLBACK_BASE_URL",
    "",
    help="Base URL carriers use to reach our webhooks (empty: `MOTCUA_PUBLIC_BASE_URL`).",
    group="Postal",
)
POSTAL_MAX_DELIVERY_ATTEMPTS = env(
    "POSTAL_MAX_DELIVERY_ATTEMPTS",
    3,
    cast=int,
    help="Failed delivery attempts before the result is returned to sender.",
    group="Postal",
)
POSTAL_COD_POSTAGE = env(
    "POSTAL_COD_POSTAGE", True, cast=bool, help="The postman collects the postage on delivery.", group="Postal"
)
POSTAL_COD_FEES = env(
    "POSTAL_COD_FEES",
    True,
    cast=bool,
    help="The postman collects the dossier's unpaid fees when delivering the result (procedures allowing post).",
    group="Postal",
)
POSTAL_POLL_AFTER_MINUTES = env(
    "POSTAL_POLL_AFTER_MINUTES",
    30,
    cast=int,
    help="`poll_postal_shipments` asks the carrier about items with no news for this many minutes.",
    group="Postal",
)
POSTAL_VNPOST_BASE_URL = env(
    "POSTAL_VNPOST_BASE_URL",
    "https://connect-my.vnpost.vn",
    help="Vietnam Post API host (assumed; check the contract).",
    group="Postal",
)
POSTAL_VNPOST_USERNAME = env("POSTAL_VNPOST_USERNAME", "", help="Vietnam Post API user.", group="Postal")
POSTAL_VNPOST_PASSWORD = env(
    "POSTAL_VNPOST_PASSWORD", "", help="Vietnam Post API password (or `_FILE`).", group="Postal"
)
POSTAL_VNPOST_CUSTOMER_CODE = env("POSTAL_VNPOST_CUSTOMER_CODE", "", help="Vietnam Post customer code.", group="Postal")
POSTAL_VNPOST_SERVICE = env("POSTAL_VNPOST_SERVICE", "BK", help="Vietnam Post service code (assumed).", group="Postal")
POSTAL_VNPOST_WEBHOOK_SECRET = env(
    "POSTAL_VNPOST_WEBHOOK_SECRET", "", help="HMAC secret of Vietnam Post status pushes (or `_FILE`).", group="Postal"
)

# --- national portal sync (nationalsync/README.md): outbox of dossier events, pushed in order per dossier ---
_G = "National portal"
NATIONALSYNC_ENABLED = env(
    "NATIONALSYNC_ENABLED",
    DEMO_MODE,
    cast=bool,
    shown="MOTCUA_DEMO",
    help="Queue every dossier event for the National Public Service Portal (DongBoHoSoMC, CapNhatTienDoHoSoMC).",
    group=_G,
)
NATIONALSYNC_SIMULATOR = env(
    "NATIONALSYNC_SIMULATOR",
    DEMO_MODE,
    cast=bool,
    shown="MOTCUA_DEMO",
    help="Serve the simulated portal at `/nationalsync/simulator/` and send to it when the URLs below are empty. "
    "Never in production.",
    group=_G,
)
NATIONALSYNC_CONNECTOR = env("NATIONALSYNC_CONNECTOR", "dvcqg", help="Connector (registry id).", group=_G)
NATIONALSYNC_URL = env(
    "NATIONALSYNC_URL", "", help="The portal's integration (sync) endpoint of the province's contract.", group=_G
)
NATIONALSYNC_AUTH_URL = env("NATIONALSYNC_AUTH_URL", "", help="The portal's session (login) endpoint.", group=_G)
NATIONALSYNC_USERNAME = env("NATIONALSYNC_USERNAME", "", help="Integration account of the province.", group=_G)
NATIONALSYNC_PASSWORD = env("NATIONALSYNC_PASSWORD", "", help="Its password (or `_FILE`).", group=_G)
NATIONALSYNC_AGENCY_CODE = env(
    "NATIONALSYNC_AGENCY_CODE", "", help="`madonvi`: the province's unit code on the portal.", group=_G
)
NATIONALSYNC_DSTCODE = env(
    "NATIONALSYNC_DSTCODE", "", help="`dstcode` header (destination code of the data-sharing platform).", group=_G
)
NATIONALSYNC_TIMEOUT = env("NATIONALSYNC_TIMEOUT", 30, cast=int, help="Seconds to wait for the portal.", group=_G)
NATIONALSYNC_MAX_ATTEMPTS = env(
    "NATIONALSYNC_MAX_ATTEMPTS", 8, cast=int, help="Attempts before a message is a dead letter.", group=_G
)
NATIONALSYNC_BACKOFF_BASE_SECONDS = env(
    "NATIONALSYNC_BACKOFF_BASE_SECONDS", 60, cast=int, help="First retry delay; doubles each attempt.", group=_G
)
NATIONALSYNC_BACKOFF_MAX_SECONDS = env(
    "NATIONALSYNC_BACKOFF_MAX_SECONDS", 3600, cast=int, help="Cap of the retry delay.", group=_G
)
NATIONALSYNC_LEASE_SECONDS = env(
    "NATIONALSYNC_LEASE_SECONDS",
    120,
    cast=int,
    help="How long a claimed message is left to its worker (longer than the timeout).",
    group=_G,
)
NATIONALSYNC_BATCH_SIZE = env("NATIONALSYNC_BATCH_SIZE", 200, cast=int, help="Messages per send run.", group=_G)
NATIONALSYNC_MAX_EVENT_AGE_HOURS = env(
    "NATIONALSYNC_MAX_EVENT_AGE_HOURS",
    24,
    cast=int,
    help="Events dated further back (imports of history, the demo's past year) are not queued; 0: no limit.",
    group=_G,
)

# --- identity (identity/README.md): citizens sign in with OpenID Connect (mozilla-django-oidc) ---
_G = "Identity"
IDENTITY_OIDC = env(
    "IDENTITY_OIDC",
    DEMO_MODE,
    cast=bool,
    shown="MOTCUA_DEMO",
    help="Offer “Sign in with VNeID” (OpenID Connect) to citizens. Officers keep their local accounts.",
    group=_G,
)
IDENTITY_SIMULATOR = env(
    "IDENTITY_SIMULATOR",
    DEMO_MODE,
    cast=bool,
    shown="MOTCUA_DEMO",
    help="Serve the local OpenID provider simulator at `/identity/simulator/`; empty OIDC endpoints then point "
    "to it. Never in production.",
    group=_G,
)
_op = f"{MOTCUA_PUBLIC_BASE_URL.rstrip('/')}/identity/simulator" if IDENTITY_SIMULATOR else ""
OIDC_OP_ISSUER = env(
    "OIDC_OP_ISSUER", _op, shown="the simulator in demo", help="Issuer (`iss`) the ID tokens must carry.", group=_G
)
OIDC_OP_AUTHORIZATION_ENDPOINT = env(
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    f"{_op}/authorize" if _op else "",
    shown="the simulator in demo",
    help="Authorization endpoint (national portal SSO: `https://xacthuc.dichvucong.gov.vn/oauth2/authorize`).",
    group=_G,
)
OIDC_OP_TOKEN_ENDPOINT = env(
    "OIDC_OP_TOKEN_ENDPOINT",
    f"{_op}/token" if _op else "",
    shown="the simulator in demo",
    help="Token endpoint.",
    group=_G,
)
OIDC_OP_USER_ENDPOINT = env(
    "OIDC_OP_USER_ENDPOINT",
    f"{_op}/userinfo" if _op else "",
    shown="the simulator in demo",
    help="UserInfo endpoint.",
    group=_G,
)
OIDC_OP_JWKS_ENDPOINT = env(
    "OIDC_OP_JWKS_ENDPOINT",
    f"{_op}/jwks" if _op else "",
    shown="the simulator in demo",
    help="JWKS endpoint (keys that sign the ID tokens).",
    group=_G,
)
OIDC_RP_CLIENT_ID = env(
    "OIDC_RP_CLIENT_ID", "motcua-demo" if _op else "", shown="`motcua-demo` in demo", help="Our client id.", group=_G
)
OIDC_RP_CLIENT_SECRET = env(
    "OIDC_RP_CLIENT_SECRET",
    "motcua-demo-secret" if _op else "",
    shown="a demo secret in demo",
    help="Our client secret (or `_FILE`).",
    group=_G,
)
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256", help="Algorithm of the ID tokens.", group=_G)
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid", help="Scopes asked for.", group=_G)
IDENTITY_ACR_VALUES = env(
    "IDENTITY_ACR_VALUES",
    "",
    help="`acr_values` sent to the provider (the portal's SSO examples use `LoA1`).",
    group=_G,
)
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": IDENTITY_ACR_VALUES} if IDENTITY_ACR_VALUES else {}
IDENTITY_CLAIM_CITIZEN_ID = env(
    "IDENTITY_CLAIM_CITIZEN_ID", "SoDinhDanh", help="Claim with the personal identification number.", group=_G
)
IDENTITY_CLAIM_FULL_NAME = env("IDENTITY_CLAIM_FULL_NAME", "HoVaTen", help="Claim with the full name.", group=_G)
IDENTITY_CLAIM_PHONE = env("IDENTITY_CLAIM_PHONE", "SoDienThoai", help="Claim with the phone number.", group=_G)
IDENTITY_CLAIM_EMAIL = env("IDENTITY_CLAIM_EMAIL", "ThuDienTu", help="Claim with the e-mail address.", group=_G)
IDENTITY_CLAIM_BIRTH_DATE = env(
    "IDENTITY_CLAIM_BIRTH_DATE", "NgayThangNamSinh", help="Claim with the date of birth.", group=_G
)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 15
OIDC_CALLBACK_CLASS = "motcua.identity.views.CallbackView"
OIDC_AUTHENTICATE_CLASS = "motcua.identity.views.AuthenticateView"
LOGIN_REDIRECT_URL_FAILURE = "/dang-nhap/?vneid=failed"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend", "motcua.identity.backends.VNeIDBackend"]

STATIC_URL = "static/"
STATIC_ROOT = Path(
    env(
        "STATIC_ROOT",
        str(VAR_DIR / "static"),
        shown="$MOTCUA_VAR_DIR/static",
        help="Where `collectstatic` puts static files; WhiteNoise serves them.",
        group="Files",
    )
)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(
    env(
        "MEDIA_ROOT",
        str(VAR_DIR / "media"),
        shown="$MOTCUA_VAR_DIR/media",
        help="Folder for uploaded files with the local storage backend.",
        group="Files",
    )
)
_storage = env(
    "STORAGE_BACKEND",
    "local",
    help="`local` (disk under `MEDIA_ROOT`) or `s3` (S3-compatible, through django-storages; set `AWS_*` variables).",
    group="Files",
)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
        if _storage == "local"
        else "storages.backends.s3.S3Storage"
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if _storage not in ("local", "s3"):
    raise ImproperlyConfigured(f"STORAGE_BACKEND={_storage!r}: use 'local' or 's3'.")
WHITENOISE_USE_FINDERS = True
MAX_UPLOAD_BYTES = env(
    "MAX_UPLOAD_BYTES",
    20 * 1024 * 1024,
    cast=int,
    help="Largest accepted upload (a dossier document, a candidate's file), in bytes.",
    group="Files",
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields; files stream to disk past FILE_UPLOAD_MAX_MEMORY_SIZE
# S3-compatible storage (django-storages), used when STORAGE_BACKEND=s3.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", "", help="S3 bucket for uploaded files.", group="Files")
AWS_S3_ENDPOINT_URL = env(
    "AWS_S3_ENDPOINT_URL", None, help="Endpoint of an S3-compatible store (MinIO, Ceph…).", group="Files"
)
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", None, help="S3 region.", group="Files")
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", None, help="S3 access key.", group="Files")
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", None, help="S3 secret key (or `_FILE`).", group="Files")
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True
if _storage == "s3" and not AWS_STORAGE_BUCKET_NAME:
    raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")

_task_backend = env(
    "TASK_BACKEND",
    "database",
    help="Background tasks: `database` (django-tasks database backend, run `motcua db_worker`) "
    "or `immediate` (run inline; tests). An RQ/Redis backend is the documented scale-out path.",
    group="Tasks",
)
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND={_task_backend!r}: use one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}

LOOKUP_RATE = env(
    "LOOKUP_RATE",
    "120/min",
    help="Rate limit of the public dossier lookup per client address (DRF format: N/sec|min|hour|day).",
    group="Security",
)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "motcua.core.api.problem_exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_THROTTLE_RATES": {"lookup": LOOKUP_RATE},
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "One-stop e-government platform for Vietnamese provinces.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # vendored through drf-spectacular-sidecar: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "motcua.divisions.constants.AgencyKind",
        "FeeKindEnum": "motcua.procedures.constants.FeeKind",
        "DossierStatusEnum": "motcua.dossiers.constants.Status",
        "ProcedureStatusEnum": "motcua.procedures.constants.ProcedureStatus",
        "DocumentKindEnum": "motcua.dossiers.constants.DocumentKind",
        "ApplicantKindEnum": "motcua.dossiers.constants.ApplicantKind",
        "PlanKindEnum": "motcua.reform.constants.PlanKind",
        "PlanStatusEnum": "motcua.reform.constants.PlanStatus",
        "TaskStatusEnum": "motcua.reform.constants.TaskStatus",
        "QualificationEnum": "motcua.personnel.constants.Qualification",
        "FeedbackKindEnum": "motcua.feedback.constants.Kind",
        "FeedbackStatusEnum": "motcua.feedback.constants.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO", help="Root log level.", group="General")},
}
STATICFILES_DIRS = [BASE_DIR / "static"]
