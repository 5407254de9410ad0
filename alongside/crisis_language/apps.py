from django.apps import AppConfig


class CrisisLanguageConfig(AppConfig):
    """Crisis-language detection in what participants write, the alert it raises and the support
    shown to them after: between the writing features (check-ins, journal, messages) and alerts."""

    name = "alongside.crisis_language"
    label = "crisis_language"
    verbose_name = "Crisis language"
