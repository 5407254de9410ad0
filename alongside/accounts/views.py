from __future__ import annotations

import time
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import services
from alongside.accounts.forms import (
    AcceptInvitationForm,
    CodeForm,
    CurrentPasswordForm,
    DeliverySettingsForm,
    EmailForm,
    LoginForm,
    NewPasswordForm,
    OfflineSettingsForm,
    PasswordChangeForm,
    PreferencesForm,
    TokenForm,
    TwoFactorSetupForm,
)
from alongside.accounts.middleware import SESSION_AUTH_AT, SESSION_IS_STAFF, SESSION_LAST_SEEN
from alongside.accounts.models import PersonalAccessToken, User
from alongside.accounts.selectors import views_of_my_information
from alongside.audit.services import client_address, log_action
from alongside.audit.wording import access_log_lines
from alongside.core.exceptions import DomainError, NotFound, Throttled
from alongside.notifications.services import delivery_settings_update
from alongside.notifications.sms import mask_phone_number
from alongside.organizations.middleware import SESSION_MEMBERSHIP
from alongside.organizations.models import STAFF_ROLES, Membership, Role
from alongside.organizations.services import invitation_accept, invitation_for_token
from alongside.organizations.views_helpers import form_errors_from, member_view

PENDING_USER = "alongside_pending_user"
PENDING_AT = "alongside_pending_at"
PENDING_SECRET = "alongside_pending_secret"
PENDING_NEXT = "alongside_pending_next"
SETUP_SECRET = "alongside_setup_secret"
PENDING_MAX_AGE = 600


def _address(request: HttpRequest) -> str:
    return client_address(request) or "0.0.0.0"  # noqa: S104 - a placeholder address, never bound


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return "/"


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING_USER)
    if user_id is None or time.time() - float(request.session.get(PENDING_AT, 0)) > PENDING_MAX_AGE:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def _complete_login(request: HttpRequest, user: User) -> HttpResponse:
    next_url = request.session.get(PENDING_NEXT) or "/"
    for key in (PENDING_USER, PENDING_AT, PENDING_SECRET, PENDING_NEXT):
        request.session.pop(key, None)
    login(request, user, backend="alongside.accounts.backends.EmailBackend")
    now = time.time()
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_LAST_SEEN] = now
    request.session[SESSION_IS_STAFF] = user.memberships.filter(is_active=True, role__in=STAFF_ROLES).exists()
    log_action("auth.logged_in", actor=user, target=user, request=request)
    return redirect(next_url)


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("pages:home")
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_check_password(
                request=request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                address=_address(request),
            )
        except Throttled as exc:
            form.add_error(None, exc.message)
            status = 429
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = 400
        else:
            request.session.cycle_key()
            request.session[PENDING_NEXT] = _safe_next(request, request.GET.get("next"))
            if not services.requires_two_factor(user):
                return _complete_login(request, user)
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_AT] = time.time()
            if services.has_confirmed_device(user):
                return redirect("accounts:login_verify")
            return redirect("accounts:login_enroll")
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/login.html", {"form": form}, status=status)


def login_verify(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_verify(
                user=user, code=form.cleaned_data["code"], address=_address(request), request=request
            )
        except DomainError as exc:
            form.add_error("code", exc.message)
            status = 429 if isinstance(exc, Throttled) else 400
        else:
            return _complete_login(request, user)
    return render(request, "accounts/login_verify.html", {"form": form}, status=status)


def _enroll_page(
    request: HttpRequest, template: str, *, user: User, secret: str, form: Any, status: int, **extra: Any
) -> HttpResponse:
    uri = services.totp_uri(user=user, secret=secret)
    qr_svg = segno.make(uri, error="m").svg_inline(scale=4, title=_("QR code for your authenticator app"))
    return render(request, template, {"form": form, "secret": secret, "qr_svg": qr_svg, **extra}, status=status)


def login_enroll(request: HttpRequest) -> HttpResponse:
    """Staff set up two-factor before their first login completes — only while the account has
    no confirmed authenticator. Anyone holding just the password of an enrolled account is sent
    to the verify step; moving to a new app is done from Settings, with the current one."""
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if services.has_confirmed_device(user):
        request.session.pop(PENDING_SECRET, None)
        return redirect("accounts:login_verify")
    secret = request.session.get(PENDING_SECRET) or services.totp_new_secret()
    request.session[PENDING_SECRET] = secret
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_enroll(user=user, secret=secret, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
            status = 400
        else:
            response = _complete_login(request, user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": response["Location"]})
    elif request.method == "POST":
        status = 400
    return _enroll_page(request, "accounts/login_enroll.html", user=user, secret=secret, form=form, status=status)


@member_view
def two_factor_setup(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """Turn on two-step login, or move it to a new authenticator app: the current password, and
    for a move the current app's code, come first; the owner is emailed about a move."""
    user = viewer.user
    replacing = services.has_confirmed_device(user)
    secret = request.session.get(SETUP_SECRET) or services.totp_new_secret()
    request.session[SETUP_SECRET] = secret
    form = TwoFactorSetupForm(request.POST or None, replacing=replacing)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reauthenticate(
                user=user, password=data["current_password"], address=_address(request), request=request
            )
            if replacing:
                codes = services.totp_replace(
                    user=user,
                    current_code=data["current_code"],
                    secret=secret,
                    code=data["code"],
                    address=_address(request),
                    request=request,
                )
            else:
                codes = services.totp_enroll(user=user, secret=secret, code=data["code"])
        except Throttled as exc:
            form.add_error(None, exc.message)
            status = 429
        except DomainError as exc:
            form_errors_from(exc, form)
            status = 400
        else:
            request.session.pop(SETUP_SECRET, None)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/accounts/settings/"})
    elif request.method == "POST":
        status = 400
    return _enroll_page(
        request,
        "accounts/two_factor_setup.html",
        user=user,
        secret=secret,
        form=form,
        status=status,
        replacing=replacing,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        log_action("auth.logged_out", actor=request.user, target=request.user, request=request)
    logout(request)
    messages.info(request, _("You are logged out."))
    response = redirect("accounts:login")
    # Their pages go from the phone ("cache" here; the service worker forgets its kept copies of the
    # check-in and the safety plan when the form is sent and when the login page opens). Not
    # "storage": that would also delete check-ins saved offline and not sent yet, which stay on the
    # phone for their owner only (never sent or shown as anyone else) until they log in here again.
    response["Clear-Site-Data"] = '"cache"'
    return response


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.sessions_end_all(user=request.user)  # type: ignore[arg-type]  # login_required guarantees an authenticated User here
    logout(request)
    messages.info(request, _("You are logged out on every device."))
    return redirect("accounts:login")


def password_reset(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"], address=_address(request))
        return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset.html", {"form": form}, status=400 if form.errors else 200)


def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = services.password_reset_user(uidb64=uidb64, token=token)
    except NotFound as exc:
        return render(request, "accounts/link_invalid.html", {"message": exc.message}, status=404)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_set(user=user, password=form.cleaned_data["password"])
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your password was changed. Please log in."))
            return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form}, status=400 if form.errors else 200)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_for_token(raw_token=token)
    except NotFound as exc:
        return render(request, "accounts/link_invalid.html", {"message": exc.message}, status=404)
    existing = request.user if request.user.is_authenticated else None
    # Someone already logged in joins with one click; a newcomer chooses a name and password.
    form: AcceptInvitationForm | None = (
        None
        if existing is not None
        else AcceptInvitationForm(request.POST or None, initial={"display_name": invitation.display_name})
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            membership = invitation_accept(
                raw_token=token,
                display_name=form.cleaned_data["display_name"] if form else "",
                password=form.cleaned_data["password"] if form else "",
                language=form.cleaned_data["language"] if form else "en",
                existing_user=existing,
            )
        except NotFound as exc:
            return render(request, "accounts/link_invalid.html", {"message": exc.message}, status=404)
        except DomainError as exc:
            if form is None:
                messages.error(request, exc.message)
                return redirect("pages:home")
            form_errors_from(exc, form)
        else:
            if existing is not None:
                request.session[SESSION_MEMBERSHIP] = membership.pk
                return redirect("pages:home")
            messages.success(request, _("Welcome to Alongside. Please log in with your new password."))
            return redirect("accounts:login")
    return render(
        request,
        "accounts/accept_invitation.html",
        {"form": form, "invitation": invitation},
        status=400 if form is not None and form.errors else 200,
    )


def _save_delivery_settings(request: HttpRequest, user: User, form: DeliverySettingsForm) -> bool:
    if not form.is_valid():
        return False
    try:
        delivery_settings_update(
            user=user,
            phone_number=form.phone_number_change(),
            quiet_hours_start=form.cleaned_data["quiet_hours_start"],
            quiet_hours_end=form.cleaned_data["quiet_hours_end"],
        )
    except DomainError as exc:
        form_errors_from(exc, form)
        return False
    messages.success(request, _("Your settings were saved."))
    return True


@member_view
def settings_view(request: HttpRequest, viewer: Membership) -> HttpResponse:
    user = viewer.user
    # Two forms on one page; the hidden "section" says which one was sent.
    delivery_sent = request.method == "POST" and request.POST.get("section") == "delivery"
    delivery_form = DeliverySettingsForm(
        request.POST if delivery_sent else None,
        initial={"quiet_hours_start": user.quiet_hours_start, "quiet_hours_end": user.quiet_hours_end},
        masked_phone_number=mask_phone_number(user.phone_number),
    )
    if delivery_sent and _save_delivery_settings(request, user, delivery_form):
        return redirect("accounts:settings")
    offline_form = OfflineSettingsForm(initial={"offline_safety_plan": user.offline_safety_plan})
    if request.method == "POST" and request.POST.get("section") == "offline" and viewer.role == Role.PARTICIPANT:
        offline_form = OfflineSettingsForm(request.POST)
        if offline_form.is_valid():
            services.user_set_offline_safety_plan(user=user, keep=offline_form.cleaned_data["offline_safety_plan"])
            messages.success(request, _("Your settings were saved."))
            return redirect("accounts:settings")
    form = PreferencesForm(
        None if delivery_sent or request.POST.get("section") == "offline" else request.POST or None,
        initial={"display_name": user.display_name, "language": user.language, "time_zone": user.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_preferences(user=user, **form.cleaned_data)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your settings were saved."))
            response = redirect("accounts:settings")
            response.delete_cookie("alongside_language")
            return response
    tokens = PersonalAccessToken.objects.filter(user=user, organization=viewer.organization, revoked_at__isnull=True)
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "delivery_form": delivery_form,
            "offline_form": offline_form,
            "token_form": TokenForm(),
            "tokens": tokens,
            "has_two_factor": services.has_confirmed_device(user),
            "recovery_form": CurrentPasswordForm(auto_id="id_recovery_%s"),
            "other_memberships": user.memberships.filter(is_active=True)
            .exclude(pk=viewer.pk)
            .select_related("organization"),
        },
        status=400 if form.errors or delivery_form.errors else 200,
    )


def _reauthenticated(request: HttpRequest, viewer: Membership, form: Any) -> int | None:
    """Check the form's current password; None when it matched, else the status to answer with."""
    try:
        services.reauthenticate(
            user=viewer.user, password=form.cleaned_data["current_password"], address=_address(request), request=request
        )
    except Throttled as exc:
        form.add_error("current_password", exc.message)
        return 429
    except DomainError as exc:
        form_errors_from(exc, form)
        return 400
    return None


@member_view
def password_change(request: HttpRequest, viewer: Membership) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method != "POST":
        return render(request, "accounts/password_change.html", {"form": form})
    status = 400
    if form.is_valid():
        status = _reauthenticated(request, viewer, form) or 200
    if status == 200:
        try:
            services.password_set(user=viewer.user, password=form.cleaned_data["password"])
        except DomainError as exc:
            form_errors_from(exc, form)
            status = 400
        else:
            messages.success(
                request,
                _(
                    "Your password was changed. You are logged out on your other devices, and your API tokens "
                    "stopped working."
                ),
            )
            return _complete_login(request, User.objects.get(pk=viewer.user.pk))
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


@require_POST
@member_view
def recovery_codes_regenerate(request: HttpRequest, viewer: Membership) -> HttpResponse:
    form = CurrentPasswordForm(request.POST)
    if not form.is_valid() or _reauthenticated(request, viewer, form) is not None:
        messages.error(request, _("New recovery codes were not made: enter your current password."))
        return redirect("accounts:settings")
    codes = services.recovery_codes_regenerate(user=viewer.user)
    log_action("auth.recovery_codes_regenerated", actor=viewer, target=viewer.user, request=request)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/accounts/settings/"})


@member_view
def access_log(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """A participant's "who viewed my information"."""
    entries = list(views_of_my_information(viewer=viewer)[:200])
    return render(request, "accounts/access_log.html", {"entries": access_log_lines(entries, viewer)})


@require_POST
@member_view
def token_create(request: HttpRequest, viewer: Membership) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            services.reauthenticate(
                user=viewer.user, password=form.cleaned_data.pop("current_password"), address=_address(request)
            )
            token, raw = services.access_token_create(viewer=viewer, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return render(request, "accounts/token_created.html", {"token": token, "raw": raw})
    else:
        messages.error(
            request,
            _("The token could not be created: %(errors)s")
            % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
    return redirect("accounts:settings")


@require_POST
@member_view
def token_revoke(request: HttpRequest, viewer: Membership, token_id: int) -> HttpResponse:
    token = PersonalAccessToken.objects.filter(pk=token_id).first()
    if token is None:
        raise NotFound()
    services.access_token_revoke(viewer=viewer, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:settings")


@require_POST
@login_required
def switch_membership(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = Membership.objects.filter(pk=membership_id, user_id=int(request.user.pk or 0), is_active=True).first()
    if membership is None:
        raise Http404()
    request.session[SESSION_MEMBERSHIP] = membership.pk
    return redirect("pages:home")
