"""Accounts: logging in (with throttling and two-factor), sessions, tokens and password resets."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.accounts.models import LoginFailure, PersonalAccessToken, RecoveryCode, TOTPDevice, User, normalize_email
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput, NotFound, Throttled
from alongside.notifications.services import email_enqueue
from alongside.organizations.models import STAFF_ROLES, Membership

if TYPE_CHECKING:
    from django.http import HttpRequest

RECOVERY_CODE_COUNT = 10
TOKEN_PREFIX = "alg_"


def requires_two_factor(user: User) -> bool:
    """Mentors, supervisors and admins must use two-factor; anyone else who enrolled uses it too."""
    if user.memberships.filter(is_active=True, role__in=STAFF_ROLES).exists():
        return True
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def _throttled(*, email: str, address: str) -> bool:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    key = LoginFailure.key_for(email)
    pair = LoginFailure.objects.filter(account_key=key, address=address, created_at__gte=since).count()
    if pair >= settings.LOGIN_FAILURES_PER_PAIR:
        return True
    from_address = LoginFailure.objects.filter(address=address, created_at__gte=since).count()
    return from_address >= settings.LOGIN_FAILURES_PER_ADDRESS


def login_check_password(*, request: HttpRequest | None, email: str, password: str, address: str) -> User:
    """Check a password, counting failures per (account, address) and per address.

    An attacker elsewhere can only slow themselves down: the account is never locked as a
    whole, so its owner can still log in from their own address. Raises Throttled while
    cooling off, InvalidInput for a wrong email or password (one message for both).
    """
    email = normalize_email(email)
    if _throttled(email=email, address=address):
        raise Throttled(
            _("Too many attempts from here. Please wait %(minutes)s minutes and try again.")
            % {"minutes": settings.LOGIN_COOLOFF_MINUTES}
        )
    user = authenticate(request, email=email, password=password)
    if user is None:
        LoginFailure.objects.create(account_key=LoginFailure.key_for(email), address=address)
        known = User.objects.filter(email=email).first()
        if known is not None:
            log_action("auth.login_failed", actor=None, target=known, outcome="refused", request=request)
        raise InvalidInput(_("That email and password do not match an active account."))
    assert isinstance(user, User)
    LoginFailure.objects.filter(account_key=LoginFailure.key_for(email), address=address).delete()
    return user


def totp_new_secret() -> str:
    return pyotp.random_base32()


def totp_uri(*, user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name="Alongside")


def _verify_step(secret: str, code: str, *, after_step: int) -> int | None:
    """The 30-second step the code belongs to (allowing one step of clock drift), or None."""
    code = code.strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(timezone.now().timestamp()) // 30
    for step in (now_step, now_step - 1, now_step + 1):
        if step > after_step and secrets.compare_digest(totp.at(step * 30), code):
            return step
    return None


@transaction.atomic
def totp_enroll(*, user: User, secret: str, code: str) -> list[str]:
    """Confirm a new authenticator app with a code from it; returns fresh recovery codes (shown once)."""
    step = _verify_step(secret, code, after_step=0)
    if step is None:
        raise InvalidInput(
            _("That code did not match. Check the time on your phone and try again."),
            field_errors={"code": [_("Enter the 6-digit code from your app.")]},
        )
    TOTPDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": timezone.now(), "last_used_step": step}
    )
    codes = recovery_codes_regenerate(user=user)
    log_action("auth.two_factor_enrolled", actor=user, target=user)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _i in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=RecoveryCode.hash_code(c)) for c in codes])
    return codes


@transaction.atomic
def two_factor_verify(*, user: User, code: str, address: str, request: HttpRequest | None = None) -> str:
    """Accept a current TOTP code (once only) or an unused recovery code. Returns which was used.

    Wrong codes count as login failures for the (account, address) pair.
    """
    if _throttled(email=user.email, address=address):
        raise Throttled(
            _("Too many attempts from here. Please wait %(minutes)s minutes and try again.")
            % {"minutes": settings.LOGIN_COOLOFF_MINUTES}
        )
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is not None:
        step = _verify_step(device.secret, code, after_step=device.last_used_step)
        if step is not None:
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return "totp"
    recovery = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, code_hash=RecoveryCode.hash_code(code), used_at__isnull=True)
        .first()
    )
    if recovery is not None:
        recovery.used_at = timezone.now()
        recovery.save(update_fields=["used_at"])
        log_action("auth.recovery_code_used", actor=user, target=user, request=request)
        return "recovery"
    LoginFailure.objects.create(account_key=LoginFailure.key_for(user.email), address=address)
    raise InvalidInput(
        _("That code did not work. Try the newest code from your app, or a recovery code."),
        field_errors={"code": [_("Code not accepted.")]},
    )


@transaction.atomic
def sessions_end_all(*, user: User, actor: User | None = None) -> None:
    """Log the user out everywhere: every session, on every device and process, stops working."""
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    log_action("auth.logged_out_everywhere", actor=actor or user, target=user)


@transaction.atomic
def user_update_preferences(*, user: User, language: str, time_zone: str, display_name: str) -> User:
    from alongside.organizations.models import validate_time_zone

    errors: dict[str, list[str]] = {}
    if language not in {code for code, _l in settings.LANGUAGES}:
        errors["language"] = [_("Choose a language.")]
    try:
        validate_time_zone(time_zone)
    except ValidationError:
        errors["time_zone"] = [_("Choose a known time zone, for example America/Chicago.")]
    if not display_name.strip() or len(display_name) > 120:
        errors["display_name"] = [_("Enter a name of up to 120 characters.")]
    if errors:
        raise InvalidInput(_("Please correct the highlighted fields."), field_errors=errors)
    user.language, user.time_zone, user.display_name = language, time_zone, display_name.strip()
    user.save(update_fields=["language", "time_zone", "display_name"])
    log_action("account.preferences_changed", actor=user, target=user)
    return user


@transaction.atomic
def password_reset_request(*, email: str) -> None:
    """Email a reset link if the address belongs to an active account; say nothing either way."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])
    email_enqueue(
        to_address=user.email,
        subject=_("Reset your Alongside password"),
        body=_(
            "Someone (hopefully you) asked to reset the password for this email address on Alongside.\n\n"
            "Choose a new password here (the link works once and expires in an hour):\n%(link)s\n\n"
            "If it was not you, ignore this email; your password stays the same."
        )
        % {"link": link},
    )
    log_action("auth.password_reset_requested", actor=None, target=user)


def password_reset_user(*, uidb64: str, token: str) -> User:
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        raise NotFound(_("This reset link is not valid any more. Ask for a new one.")) from None
    if not user.is_active or not default_token_generator.check_token(user, token):
        raise NotFound(_("This reset link is not valid any more. Ask for a new one."))
    return user


@transaction.atomic
def password_set(*, user: User, password: str, actor: User | None = None) -> None:
    """Set a new password. Every existing session ends (the session hash includes the password)."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(_("Choose a stronger password."), field_errors={"password": list(exc.messages)}) from None
    user.set_password(password)
    user.session_generation += 1
    user.save(update_fields=["password", "session_generation"])
    log_action("auth.password_changed", actor=actor or user, target=user)


@transaction.atomic
def access_token_create(
    *, viewer: Membership, name: str, expires_days: int | None = 90
) -> tuple[PersonalAccessToken, str]:
    """Create a token for the viewer in the viewer's organization. The raw token is returned once."""
    policy.authorize(viewer, policy.ORG_USE_API_TOKENS, viewer.organization)
    if not name.strip() or len(name) > 100:
        raise InvalidInput(_("Name the token (up to 100 characters)."), field_errors={"name": [_("Required.")]})
    if expires_days is not None and not 1 <= expires_days <= 366:
        raise InvalidInput(
            _("A token can last from 1 to 366 days."), field_errors={"expires_days": [_("Out of range.")]}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=viewer.user,
        organization=viewer.organization,
        name=name.strip(),
        prefix=raw[:12],
        token_hash=PersonalAccessToken.hash_token(raw),
        expires_at=timezone.now() + timedelta(days=expires_days) if expires_days else None,
    )
    log_action("token.created", actor=viewer, target=token)
    return token, raw


@transaction.atomic
def access_token_revoke(*, viewer: Membership, token: PersonalAccessToken) -> PersonalAccessToken:
    policy.authorize(viewer, policy.OBJECT_CHANGE, token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action("token.revoked", actor=viewer, target=token)
    return token


def access_token_authenticate(*, raw: str) -> tuple[User, Membership] | None:
    """The user and membership a raw token acts as, or None if it is unknown, revoked or expired."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        PersonalAccessToken.objects.select_related("user", "organization")
        .filter(token_hash=PersonalAccessToken.hash_token(raw))
        .first()
    )
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    membership = (
        Membership.objects.select_related("user", "organization", "program")
        .filter(user=token.user, organization=token.organization, is_active=True)
        .first()
    )
    if membership is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, membership
