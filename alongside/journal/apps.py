from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "alongside.journal"
    label = "journal"
