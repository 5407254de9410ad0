from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "alongside.goals"
    label = "goals"
