from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "alongside.workspace"
    label = "workspace"
