from django.urls import path

from alongside.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("login/enroll/", views.login_enroll, name="login_enroll"),
    path("logout/", views.logout_view, name="logout"),
    path("logout/everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/<str:uidb64>/<str:token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/password/", views.password_change, name="password_change"),
    path("settings/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("settings/recovery-codes/", views.recovery_codes_regenerate, name="recovery_codes"),
    path("settings/access-log/", views.access_log, name="access_log"),
    path("settings/tokens/", views.token_create, name="token_create"),
    path("settings/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("switch/<int:membership_id>/", views.switch_membership, name="switch_membership"),
]
