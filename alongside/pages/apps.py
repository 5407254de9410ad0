from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The site's own pages: home, the manifest and service worker, the error pages and the
    shell's context (who is signed in, unread notifications)."""

    name = "alongside.pages"
    label = "pages"
