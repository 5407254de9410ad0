from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "alongside.organizations"
    label = "organizations"
