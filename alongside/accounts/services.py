"""Accounts: logging in (with throttling and two-factor), sessions, tokens and password resets."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.functional import Promise
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.access import policy
from alongside.accounts.models import (
    PersonalAccessToken,
    RecoveryCode,
    ThrottleEvent,
    TOTPDevice,
    User,
    normalize_email,
)
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput, NotFound, Throttled
from alongside.notifications.services import email_enqueue
from alongside.organizations.models import STAFF_ROLES, Membership

if TYPE_CHECKING:
    from django.http import HttpRequest

RECOVERY_CODE_COUNT = 10
TOKEN_PREFIX = "alg_"


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def requires_two_factor(user: User) -> bool:
    """Mentors, supervisors and admins must use two-factor; anyone else who enrolled uses it too."""
    if user.memberships.filter(is_active=True, role__in=STAFF_ROLES).exists():
        return True
    return has_confirmed_device(user)


Kind = ThrottleEvent.Kind


def _sleep(seconds: float) -> None:
    """Wait before answering (replaced in tests, which never depend on timing)."""
    time.sleep(seconds)


def _recent(kind: str, *, minutes: int, account_key: str | None = None, address: str | None = None) -> int:
    rows = ThrottleEvent.objects.filter(kind=kind, created_at__gte=timezone.now() - timedelta(minutes=minutes))
    if account_key is not None:
        rows = rows.filter(account_key=account_key)
    if address is not None:
        rows = rows.filter(address=address)
    return rows.count()


def throttle_events_purge(*, now: datetime | None = None) -> int:
    """Forget throttle counts older than every window they count in (run by the worker)."""
    longest = max(settings.LOGIN_COOLOFF_MINUTES, settings.PASSWORD_RESET_WINDOW_MINUTES)
    cutoff = (now or timezone.now()) - timedelta(minutes=longest)
    deleted, _by_model = ThrottleEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _record(kind: str, *, address: str, account_key: str = "") -> None:
    ThrottleEvent.objects.create(kind=kind, account_key=account_key, address=address)


# How many requests of one web process may be waiting in ``_slow_down`` at once. The rest of the
# site (the crisis button first) must keep its threads however many guesses arrive.
_waiting = threading.BoundedSemaphore(settings.LOGIN_DELAYED_AT_ONCE)


def _slow_down(kind: str, *, address: str, allowance: int) -> None:
    """Past an address's allowance of failures, each further attempt from it waits longer (doubling
    up to LOGIN_ADDRESS_DELAY_MAX_SECONDS) but is still answered: many people share one address (a
    recovery centre's Wi-Fi, a carrier's NAT), so a guesser there must not lock everyone out. At most
    LOGIN_DELAYED_AT_ONCE requests of a process wait at a time; past that, an attempt is asked to
    come back in a moment (Throttled) instead of holding a thread."""
    over = _recent(kind, minutes=settings.LOGIN_COOLOFF_MINUTES, address=address) - allowance
    if over < 0:
        return
    if not _waiting.acquire(blocking=False):
        raise Throttled(_("Many people are logging in from your network right now. Please try again in a few seconds."))
    try:
        _sleep(min(settings.LOGIN_ADDRESS_DELAY_MAX_SECONDS, 0.5 * 2 ** min(over, 16)))
    finally:
        _waiting.release()


def _cooling_off() -> Throttled:
    return Throttled(
        _("Too many attempts from here. Please wait %(minutes)s minutes and try again.")
        % {"minutes": settings.LOGIN_COOLOFF_MINUTES}
    )


def _password_check(*, request: HttpRequest | None, email: str, password: str, address: str) -> User | None:
    """The shared password step of logging in and of re-authenticating: throttled per (account,
    address), slowed per address; a failure is recorded (outside any caller's rollback: the caller
    raises only after this returns)."""
    key = ThrottleEvent.key_for(email)
    minutes = settings.LOGIN_COOLOFF_MINUTES
    if _recent(Kind.PASSWORD, minutes=minutes, account_key=key, address=address) >= settings.LOGIN_FAILURES_PER_PAIR:
        raise _cooling_off()
    _slow_down(Kind.PASSWORD, address=address, allowance=settings.LOGIN_FAILURES_PER_ADDRESS)
    user = authenticate(request, email=email, password=password)
    if user is None:
        _record(Kind.PASSWORD, account_key=key, address=address)
        return None
    assert isinstance(user, User)
    # Only this pair's wrong passwords are forgiven; second-factor failures are never reset by a password.
    ThrottleEvent.objects.filter(kind=Kind.PASSWORD, account_key=key, address=address).delete()
    return user


def login_check_password(*, request: HttpRequest | None, email: str, password: str, address: str) -> User:
    """Check a password, counting failures per (account, address) and per address.

    An attacker elsewhere can only slow themselves down: the account is never locked as a
    whole, so its owner can still log in from their own address, and an address with many
    failures is slowed down rather than refused. Raises Throttled while the (account, address)
    pair cools off, InvalidInput for a wrong email or password (one message for both).
    """
    email = normalize_email(email)
    user = _password_check(request=request, email=email, password=password, address=address)
    if user is None:
        known = User.objects.filter(email=email).first()
        if known is not None:
            log_action("auth.login_failed", actor=None, target=known, outcome="refused", request=request)
        raise InvalidInput(_("That email and password do not match an active account."))
    return user


def reauthenticate(*, user: User, password: str, address: str, request: HttpRequest | None = None) -> None:
    """Ask for the current password again before an account change (password, recovery codes,
    tokens, authenticator). Throttled exactly like the login's password step."""
    if _password_check(request=request, email=user.email, password=password, address=address) is None:
        log_action("auth.reauthentication_failed", actor=user, target=user, outcome="refused", request=request)
        raise InvalidInput(
            _("That is not your current password."),
            field_errors={"current_password": [_("That is not your current password.")]},
        )


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


def _wrong_new_code() -> InvalidInput:
    return InvalidInput(
        _("That code did not match. Check the time on your phone and try again."),
        field_errors={"code": [_("Enter the 6-digit code from your app.")]},
    )


@transaction.atomic
def totp_enroll(*, user: User, secret: str, code: str) -> list[str]:
    """Confirm a first authenticator app with a code from it; returns fresh recovery codes (shown once).

    Never replaces a confirmed authenticator: that is ``totp_replace``, which needs the current one.
    """
    existing = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if existing is not None and existing.is_confirmed:
        raise InvalidInput(_("Two-step login is already set up for this account."))
    step = _verify_step(secret, code, after_step=0)
    if step is None:
        raise _wrong_new_code()
    TOTPDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": timezone.now(), "last_used_step": step}
    )
    codes = recovery_codes_regenerate(user=user)
    log_action("auth.two_factor_enrolled", actor=user, target=user)
    return codes


def totp_replace(
    *, user: User, current_code: str, secret: str, code: str, address: str, request: HttpRequest | None = None
) -> list[str]:
    """Move two-step login to a new authenticator app: the current app's code (or a recovery code)
    proves it is the owner, a code from the new app proves it works. The owner is told by email."""
    step = _verify_step(secret, code, after_step=0)
    if step is None:
        raise _wrong_new_code()
    two_factor_verify(user=user, code=current_code, address=address, request=request)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(user=user)
        device.secret, device.confirmed_at, device.last_used_step = secret, timezone.now(), step
        device.save(update_fields=["secret", "confirmed_at", "last_used_step"])
        codes = recovery_codes_regenerate(user=user)
        log_action("auth.two_factor_replaced", actor=user, target=user, request=request)
        _email_owner(
            user,
            subject=gettext_lazy("Your Alongside login now uses a new authenticator app"),
            body=gettext_lazy(
                "Two-step login for your Alongside account was just moved to a new authenticator app, and "
                "new recovery codes were made. Your old app and old recovery codes no longer work.\n\n"
                "If this was not you, reset your password now and tell your program's administrator."
            ),
        )
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _i in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=RecoveryCode.hash_code(c)) for c in codes])
    return codes


def two_factor_verify(*, user: User, code: str, address: str, request: HttpRequest | None = None) -> str:
    """Accept a current TOTP code (once only) or an unused recovery code. Returns which was used.

    Wrong codes are counted per (account, address) and per account, and are recorded after the
    checking transaction ends, so raising the error never rolls the count back; a correct
    password does not reset them (they only age out). While either limit is reached, even the
    right code waits.
    """
    key = ThrottleEvent.key_for(user.email)
    minutes = settings.LOGIN_COOLOFF_MINUTES
    account_failures = _recent(Kind.SECOND_FACTOR, minutes=minutes, account_key=key)
    if (
        account_failures >= settings.SECOND_FACTOR_FAILURES_PER_ACCOUNT
        or _recent(Kind.SECOND_FACTOR, minutes=minutes, account_key=key, address=address)
        >= settings.SECOND_FACTOR_FAILURES_PER_PAIR
    ):
        log_action("auth.two_factor_throttled", actor=None, target=user, outcome="refused", request=request)
        raise _cooling_off()
    used = _second_factor_accept(user=user, code=code, request=request)
    if used is None:
        _record(Kind.SECOND_FACTOR, account_key=key, address=address)
        if account_failures + 1 == settings.SECOND_FACTOR_FAILURES_PER_ACCOUNT:
            _tell_owner_codes_paused(user, request=request)
        raise InvalidInput(
            _("That code did not work. Try the newest code from your app, or a recovery code."),
            field_errors={"code": [_("Code not accepted.")]},
        )
    return used


def _email_owner(user: User, *, subject: Promise, body: Promise, **params: object) -> None:
    """An email about the account to its owner, in their own language (the worker or the request
    that sends it may speak another)."""
    with translation.override(user.language):
        email_enqueue(to_address=user.email, subject=str(subject), body=str(body) % params if params else str(body))


def _tell_owner_codes_paused(user: User, *, request: HttpRequest | None) -> None:
    """Someone who knows the password has used up the account's wrong codes: the owner must learn
    their password is known (their own login is paused for the cool-off too)."""
    log_action("auth.two_factor_paused", actor=None, target=user, outcome="refused", request=request)
    _email_owner(
        user,
        subject=gettext_lazy("Someone may know your Alongside password"),
        body=gettext_lazy(
            "Someone entered the right password for your Alongside account and then several wrong codes from "
            "your authenticator app, so logging in with a code is paused for %(minutes)s minutes.\n\n"
            "If it was not you, reset your password now (the login page has a link) and tell your program's "
            "administrator. Your information stayed safe: without the code, no one got in."
        ),
        minutes=settings.LOGIN_COOLOFF_MINUTES,
    )


@transaction.atomic
def _second_factor_accept(*, user: User, code: str, request: HttpRequest | None) -> str | None:
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
    return None


def _tokens_end(*, user: User) -> int:
    """Every API token of the user stops working (with their sessions, on a password change or
    "log out on every device")."""
    return PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def sessions_end_all(*, user: User, actor: User | None = None) -> None:
    """Log the user out everywhere: every session, on every device and process, stops working."""
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    ended = _tokens_end(user=user)
    log_action("auth.logged_out_everywhere", actor=actor or user, target=user, extra={"tokens_ended": ended})


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


def user_set_offline_safety_plan(*, user: User, keep: bool) -> User:
    """Whether the person's safety plan may be kept on their phone for offline use. Audits the change."""
    if user.offline_safety_plan != keep:
        user.offline_safety_plan = keep
        user.save(update_fields=["offline_safety_plan"])
        log_action("account.offline_plan_changed", actor=user, target=user)
    return user


@transaction.atomic
def password_reset_request(*, email: str, address: str) -> None:
    """Take a reset request and say nothing about whether the address has an account.

    The request does the same work for any email (one count, one row, one queued task), so the
    answer takes the same time; the worker looks the account up (``password_reset_send``). An
    address that asked too often in the last hour is quietly not served.
    """
    from alongside.accounts.tasks import send_password_reset

    email = normalize_email(email)
    over = (
        _recent(Kind.RESET_REQUESTED, minutes=settings.PASSWORD_RESET_WINDOW_MINUTES, address=address)
        >= settings.PASSWORD_RESETS_PER_ADDRESS
    )
    _record(Kind.RESET_REQUESTED, account_key=ThrottleEvent.key_for(email), address=address)
    if not over:
        # Queued in this transaction (the database task backend): it commits with the request, or not at all.
        send_password_reset.enqueue(email=email)


@transaction.atomic
def password_reset_send(*, email: str) -> bool:
    """Email a reset link if the address belongs to an active account and it has not had
    PASSWORD_RESETS_PER_ACCOUNT links in the last hour (an email that names Alongside can out
    someone's recovery to a household). True when one was sent."""
    user = User.objects.select_for_update().filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        return False
    key = ThrottleEvent.key_for(user.email)
    if (
        _recent(Kind.RESET_SENT, minutes=settings.PASSWORD_RESET_WINDOW_MINUTES, account_key=key)
        >= settings.PASSWORD_RESETS_PER_ACCOUNT
    ):
        log_action("auth.password_reset_throttled", actor=None, target=user, outcome="refused")
        return False
    _record(Kind.RESET_SENT, account_key=key, address="0.0.0.0")  # noqa: S104 - the worker sent it, no caller
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])
    _email_owner(
        user,
        subject=gettext_lazy("Reset your Alongside password"),
        body=gettext_lazy(
            "Someone (hopefully you) asked to reset the password for this email address on Alongside.\n\n"
            "Choose a new password here (the link works once and expires in an hour):\n%(link)s\n\n"
            "If it was not you, ignore this email; your password stays the same."
        ),
        link=link,
    )
    log_action("auth.password_reset_requested", actor=None, target=user)
    return True


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
    ended = _tokens_end(user=user)
    log_action("auth.password_changed", actor=actor or user, target=user, extra={"tokens_ended": ended})


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


def access_token_authenticate(*, raw: str, address: str) -> tuple[User, Membership] | None:
    """The user and membership a raw token acts as, or None if it is unknown, revoked or expired.

    A valid token is never held up. Unknown ones are counted per address; past
    TOKEN_FAILURES_PER_ADDRESS in the cool-off window, each further unknown token from that address
    is answered Throttled (429) at once, so a guesser is slowed without holding a thread."""
    found = _token_lookup(raw)
    if found is not None:
        return found
    over = (
        _recent(Kind.TOKEN, minutes=settings.LOGIN_COOLOFF_MINUTES, address=address)
        >= settings.TOKEN_FAILURES_PER_ADDRESS
    )
    _record(Kind.TOKEN, address=address)
    if over:
        raise Throttled(
            _("Too many unknown tokens from here. Please wait %(minutes)s minutes and try again.")
            % {"minutes": settings.LOGIN_COOLOFF_MINUTES}
        )
    return None


def _token_lookup(raw: str) -> tuple[User, Membership] | None:
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
