from django.apps import AppConfig


class WebSessionsConfig(AppConfig):
    name = "alongside.websessions"
    label = "websessions"
    verbose_name = "Login sessions"
