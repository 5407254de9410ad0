from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "alongside.crisis"
    label = "crisis"
    verbose_name = "Crisis help"
