from django.conf import settings
from django.test import override_settings

from alongside.accounts.models import User

PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_passwords_are_hashed_with_argon2(db: None) -> None:
    from alongside import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == PRODUCTION_HASHERS[0]
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        user = User.objects.create_user("argon@example.test", "a long enough passphrase", display_name="A")
        assert user.password.startswith("argon2$")
        assert user.check_password("a long enough passphrase")
    assert settings.AUTH_USER_MODEL == "accounts.User"
