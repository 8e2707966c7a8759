"""The portal's one settings module.

Everything that differs between a laptop, CI and production is read from the environment,
through the typed readers below, which stop start-up with a clear message on a bad value.
With nothing set the portal runs on the embedded default: SQLite in the project folder,
Celery tasks in-process and email printed to the console.
"""

import os
import re
import warnings
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_period(name: str, default: int) -> dict[str, int]:
    """A whole number of days or years, the unit named by the variable's last word
    (RETENTION_..._DAYS, RETENTION_..._YEARS), as relativedelta's keyword: {"years": 6}."""
    unit = name.rsplit("_", 1)[-1].lower()
    most = {"days": 36500, "years": 100}[unit]
    value = env_int(name, default)
    if not 1 <= value <= most:
        raise ImproperlyConfigured(f"{name} must be from 1 to {most} {unit}, not {value}")
    return {unit: value}


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on when DJANGO_ENV=production")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production")
    # Only ever used on a developer's machine: production refuses to start without a key.
    SECRET_KEY = "development-only-insecure-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the portal's host names in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "import_export",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_celery_results",
    "django_celery_beat",
    "partnership",
    "reviews",
    "training",
    "budget",
    "scrutiny",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnership.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Anything not marked public is for signed-in users only, so a view that forgets its
    # declaration fails closed; partnership.access adds the role check on top.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partnership.middleware.SessionLifetimeMiddleware",
    # Staff roles reach nothing but the second-factor pages until they pass it.
    "partnership.middleware.SecondFactorMiddleware",
    # Every 403 and 404 served to a signed-in user goes to the audit log.
    "partnership.middleware.RefusalAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "partnership.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names another.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {
                # select_for_update() does nothing on SQLite: IMMEDIATE transactions take the
                # write lock at BEGIN, so concurrent writers queue instead of failing halfway.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: the Celery broker and the cache when set; otherwise tasks run in-process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged task to another worker after this many seconds. It must be
# longer than the longest task (the report PDF's time limit, scrutiny.tasks), or a job still
# running is delivered a second time.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Europe/London"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# django-celery-beat copies these into its tables, where staff can see and change them.
CELERY_BEAT_SCHEDULE = {
    "action-reminders": {
        "task": "partnership.tasks.send_action_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "data-set-reminders": {
        "task": "partnership.tasks.send_data_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "section-11-return-reminders": {
        "task": "scrutiny.tasks.send_return_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    # Reminders, evaluation requests, impact follow-ups, approvals not given in time: each
    # email is recorded once (training.models.SentEmail), so running this often is safe.
    # Booking emails wait in an outbox written with the booking (training.models.SentEmail).
    "training-email-outbox": {
        "task": "training.tasks.send_pending_emails",
        "schedule": 15.0,
    },
    "training-emails": {
        "task": "training.tasks.send_training_emails",
        "schedule": crontab(minute=20),
    },
    # Weekly, at a quiet hour: the shortest period (an expired session, a day) is not worth a
    # daily run, and each run writes its line per kind to the audit log.
    "retention": {
        "task": "partnership.tasks.apply_retention",
        "schedule": crontab(day_of_week="sunday", hour=2, minute=45),
    },
}

# Training: the rules the business unit agreed for the programme.
# Cancelling fewer than this many working days before a session, or not attending, is charged.
TRAINING_LATE_CANCELLATION_WORKING_DAYS = env_int("TRAINING_LATE_CANCELLATION_WORKING_DAYS", 5)
TRAINING_LATE_CHARGE = Decimal(env_str("TRAINING_LATE_CHARGE", "100.00"))
# A place held for a line manager's approval is released after this many working days.
TRAINING_APPROVAL_WORKING_DAYS = env_int("TRAINING_APPROVAL_WORKING_DAYS", 3)
TRAINING_REMINDER_DAYS_BEFORE = env_int("TRAINING_REMINDER_DAYS_BEFORE", 2)
TRAINING_IMPACT_FOLLOW_UP_DAYS = env_int("TRAINING_IMPACT_FOLLOW_UP_DAYS", 91)

# Reviews: the rapid review's 15 working days run from the day the local authority became
# aware ("aware", as Working Together words it) or, where the panel counts so, from the
# notification ("notification").
REVIEWS_RAPID_REVIEW_FROM = env_str("REVIEWS_RAPID_REVIEW_FROM", "aware")
if REVIEWS_RAPID_REVIEW_FROM not in {"aware", "notification"}:
    raise ImproperlyConfigured(
        "REVIEWS_RAPID_REVIEW_FROM must be aware or notification, "
        f"not {REVIEWS_RAPID_REVIEW_FROM!r}"
    )

# Accounts
AUTH_USER_MODEL = "partnership.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "partnership.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 3)
EMAIL_VERIFICATION_TIMEOUT = env_int("EMAIL_VERIFICATION_TIMEOUT", 60 * 60 * 24 * 3)
# Practitioners sign up with a work address; these personal mail domains are refused.
PERSONAL_EMAIL_DOMAINS = env_list(
    "PERSONAL_EMAIL_DOMAINS",
    [
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "outlook.com",
        "live.com", "live.co.uk", "yahoo.com", "yahoo.co.uk", "icloud.com", "me.com",
        "aol.com", "btinternet.com", "sky.com", "virginmedia.com", "protonmail.com",
        "proton.me", "mail.com", "gmx.com", "msn.com",
    ],
)  # fmt: skip

# Sign-in throttling: lock the pair of user name and address, so one attacker cannot lock
# a whole office (one shared address) or a person (from anywhere) out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"

# Two-factor sign-in (django-otp). The issuer names the portal in the authenticator app; a
# wrong code makes the next try wait 1, 2, 4, 8 ... seconds (django-otp's throttling).
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Safeguarding partnership portal")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
RECOVERY_CODES = 10

# The public forms (sign-up, a new confirmation link, password reset, subscribing) take this
# many posts per address in the period, "count/period" with s, m, h or d: each post may send
# an email, so an unlimited form is a way to flood someone's inbox (partnership.ratelimit).
RATE_LIMIT_PUBLIC_FORMS = env_str("RATE_LIMIT_PUBLIC_FORMS", "10/h")
if not re.fullmatch(r"[1-9]\d*/(?:[1-9]\d*)?[smhd]", RATE_LIMIT_PUBLIC_FORMS):
    raise ImproperlyConfigured(
        "RATE_LIMIT_PUBLIC_FORMS must be like 10/h (a count per s, m, h or d), "
        f"not {RATE_LIMIT_PUBLIC_FORMS!r}"
    )

# Sessions end after 30 minutes without activity (the cookie is renewed on every request)
# and 12 hours after sign-in whatever the activity (SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_LIMIT = env_int("SESSION_MAX_HOURS", 12) * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Flash messages ride in the session, so the portal sets no cookie beyond session and CSRF.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: GOV.UK Frontend is built into static/ (make frontend); no Node at run time.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Upload limits in whole MB (partnership.uploads): documents people download (publications,
# review reports, meeting papers), and files to import, which are read whole into memory.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 20)
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 2)
if UPLOAD_MAX_MB < 1 or IMPORT_MAX_MB < 1:
    raise ImproperlyConfigured("UPLOAD_MAX_MB and IMPORT_MAX_MB must be 1 or more")
# Django spools an upload over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file in full before
# any form can refuse it; the cap handler first stops keeping a file's bytes once it is over
# both limits above.
FILE_UPLOAD_HANDLERS = [
    "partnership.uploads.UploadCapHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# `manage.py backup` writes a timestamped folder here unless given --output.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))
# Outside production WhiteNoise serves straight from the app and static folders, so no
# collectstatic step is needed, and the absent STATIC_ROOT is expected rather than a warning.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
if not PRODUCTION:
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Forms: GOV.UK Design System markup from crispy-forms-gds.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.14.0"
# Inputs crispy-forms-gds has no GOV.UK class for would otherwise be unstyled.
CRISPY_CLASS_CONVERTERS = {"numberinput": "govuk-input", "urlinput": "govuk-input"}

# Email
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Safeguarding partnership <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The portal's own address, for links in emails sent by tasks (which have no request).
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000")

# The partnership this portal serves: shown in the header, on the home page and in emails.
PARTNERSHIP_NAME = env_str("PARTNERSHIP_NAME", "Thameside Safeguarding Children Partnership")
PARTNERSHIP_AREA = env_str("PARTNERSHIP_AREA", "Thameside")
PARTNERSHIP_EMAIL = env_str("PARTNERSHIP_EMAIL", "partnership@thameside.example")
PARTNERSHIP_PHONE = env_str("PARTNERSHIP_PHONE", "020 7946 0000")
PARTNERSHIP_ADDRESS = env_str("PARTNERSHIP_ADDRESS", "Civic Centre, High Street, Thameside TS1 1AA")
CONCERN_PHONE = env_str("CONCERN_PHONE", "020 7946 0111")
CONCERN_OUT_OF_HOURS_PHONE = env_str("CONCERN_OUT_OF_HOURS_PHONE", "020 7946 0222")
DATA_PROTECTION_OFFICER_EMAIL = env_str("DATA_PROTECTION_OFFICER_EMAIL", "dpo@thameside.example")
# Where GOV.UK's "Exit this page" sends a visitor who needs to leave quickly.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

# Statutory partners whose attendance at partnership meetings falls below this are flagged.
ATTENDANCE_THRESHOLD_PERCENT = env_int("ATTENDANCE_THRESHOLD_PERCENT", 75)
# Actions due within this many days are in the owner's daily reminder, with the overdue ones.
ACTION_REMINDER_DAYS = env_int("ACTION_REMINDER_DAYS", 7)
# A figure for the multi-agency data set is due this many days after its period ends.
DATA_SUBMISSION_DAYS = env_int("DATA_SUBMISSION_DAYS", 30)
SUBSCRIPTION_CONFIRM_TIMEOUT = env_int("SUBSCRIPTION_CONFIRM_TIMEOUT", 60 * 60 * 24 * 7)

# Retention (partnership.services.retention, README "Retention"): how long each kind of
# personal record is kept once it has served its purpose, before the weekly task deletes or
# anonymises it. The privacy notice quotes these periods, so it never says other than the
# portal does.
RETENTION = {
    "unconfirmed_sign_ups": env_period("RETENTION_UNCONFIRMED_SIGN_UPS_DAYS", 30),
    "unconfirmed_subscriptions": env_period("RETENTION_UNCONFIRMED_SUBSCRIPTIONS_DAYS", 30),
    "dormant_accounts": env_period("RETENTION_DORMANT_ACCOUNTS_YEARS", 2),
    "former_members": env_period("RETENTION_FORMER_MEMBERS_YEARS", 2),
    "training_bookings": env_period("RETENTION_TRAINING_BOOKINGS_YEARS", 6),
    "sign_in_records": env_period("RETENTION_SIGN_IN_RECORDS_DAYS", 90),
    "task_results": env_period("RETENTION_TASK_RESULTS_DAYS", 30),
    "expired_sessions": env_period("RETENTION_EXPIRED_SESSIONS_DAYS", 1),
}
# An unconfirmed record removed while its emailed link still works would turn a genuine
# confirmation into "this link is not valid".
for _kind, _link_life, _link_setting in (
    ("unconfirmed_sign_ups", EMAIL_VERIFICATION_TIMEOUT, "EMAIL_VERIFICATION_TIMEOUT"),
    ("unconfirmed_subscriptions", SUBSCRIPTION_CONFIRM_TIMEOUT, "SUBSCRIPTION_CONFIRM_TIMEOUT"),
):
    if RETENTION[_kind]["days"] * 24 * 60 * 60 < _link_life:
        raise ImproperlyConfigured(
            f"RETENTION_{_kind.upper()}_DAYS must be at least as long as the link it waits "
            f"for ({_link_setting}, {_link_life // (24 * 60 * 60)} days)"
        )

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "thameside-demo-2026")
# The demo's staff accounts share this authenticator key (hex, as django-otp stores it), so a
# newcomer can add it to an app once, or ask `manage.py demo_code` for the current code. The
# demo refuses to load in production, so no real account ever has it.
DEMO_TOTP_KEY = "ffb7f35771d1d676604f95388023efd21f586cbe"

# Security headers. django-csp 4 format; GOV.UK Frontend's one inline script carries the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
