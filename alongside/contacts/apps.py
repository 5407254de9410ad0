from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "alongside.contacts"
    label = "contacts"
