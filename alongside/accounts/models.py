from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from alongside.core.crypto import EncryptedTextField


def normalize_email(email: str) -> str:
    return email.strip().lower()


# E.164: a plus, a country code and up to 15 digits in all, nothing else.
validate_phone_number = RegexValidator(
    r"^\+[1-9][0-9]{6,14}$", _("Enter the number with + and the country code, for example +1 555 010 1234.")
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """How every address is kept and compared: trimmed and lower-cased, all of it (so the
        apps that never import this model normalize through ``get_user_model().objects``)."""
        return normalize_email(email or "")

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can log in. What they may see comes from their memberships, never from here."""

    email = models.EmailField(_("email"), unique=True)
    display_name = models.CharField(_("name"), max_length=120)
    language = models.CharField(_("language"), max_length=8, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin (operators only).")
    date_joined = models.DateTimeField(default=timezone.now)
    # Bumped to end every session of this user at once (log out everywhere, deactivation).
    session_generation = models.PositiveIntegerField(default=0)
    # For urgent text messages only. E.164, encrypted at rest, shown masked even to its owner.
    phone_number = EncryptedTextField(_("mobile number"), blank=True, default="", validators=[validate_phone_number])
    # Non-urgent email and text messages wait until the end of these hours (in time_zone); in-app
    # notifications and crisis alerts never wait. Both null: no quiet hours.
    quiet_hours_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    # A participant's own safety plan is kept on their phone for when there is no connection;
    # off on a shared phone, so the plan is never stored on the device (served no-store).
    offline_safety_plan = models.BooleanField(_("keep my safety plan on this phone"), default=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_session_auth_hash(self) -> str:
        # Sessions are bound to the password hash and the session generation, so either
        # changing invalidates every session on every web process.
        return salted_hmac(
            "alongside.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name.split(" ")[0] if self.display_name else self.email


class TOTPDevice(models.Model):
    """A user's authenticator app. The secret is encrypted at rest."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted 30-second step, so a code cannot be replayed.
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"])]

    @staticmethod
    def hash_code(code: str) -> str:
        cleaned = code.replace("-", "").replace(" ", "").lower()
        return hashlib.sha256(cleaned.encode()).hexdigest()


class ThrottleEvent(models.Model):
    """One attempt that counts toward a limit: a wrong password or second-factor code, a bad bearer
    token, a password-reset request or a reset email sent. Keyed by a hash of the account name (never
    the name itself) and by the address it came from; old rows only age out of the window."""

    class Kind(models.TextChoices):
        PASSWORD = "password", "wrong password"
        SECOND_FACTOR = "second_factor", "wrong second-factor code"
        TOKEN = "token", "unknown bearer token"
        RESET_REQUESTED = "reset_requested", "password reset requested"
        RESET_SENT = "reset_sent", "password reset email sent"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PASSWORD)
    account_key = models.CharField(max_length=64, blank=True, default="")
    address = models.GenericIPAddressField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "account_key", "created_at"], name="throttle_kind_account"),
            models.Index(fields=["kind", "address", "created_at"], name="throttle_kind_address"),
            models.Index(fields=["created_at"], name="throttle_created"),
        ]

    @staticmethod
    def key_for(email: str) -> str:
        return hashlib.sha256(normalize_email(email).encode()).hexdigest()


class PersonalAccessToken(models.Model):
    """A token for integrations. Only its hash is stored; it acts for one user in one organization."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    def is_usable(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
