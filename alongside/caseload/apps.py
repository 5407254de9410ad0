from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "alongside.caseload"
    label = "caseload"

    def ready(self) -> None:
        from alongside.caseload import hooks

        hooks.connect()
