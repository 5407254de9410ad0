from django.contrib import admin

from alongside.consent.models import Consent


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin[Consent]):
    list_display = ("recipient_name", "participant", "recipient_type", "signed_at", "expires_on", "revoked_at")
    list_filter = ("recipient_type",)
    raw_id_fields = ("participant", "recipient_user")
    # A signed consent is a legal record: it is revoked through the app, never edited here.
    readonly_fields = ("signed_at", "signature_name", "revoked_at", "revocation_reason")
