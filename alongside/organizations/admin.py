from django.contrib import admin

from alongside.organizations.models import Invitation, Match, Membership, Organization, ParticipantProfile, Program


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ("name", "organization", "setting_type", "time_zone")
    list_filter = ("setting_type",)
    search_fields = ("name",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organization", "role", "program", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__email", "user__display_name")
    raw_id_fields = ("user", "supervisor", "program")


@admin.register(ParticipantProfile)
class ParticipantProfileAdmin(admin.ModelAdmin[ParticipantProfile]):
    list_display = ("membership", "pathway", "sharing_explained_at")
    raw_id_fields = ("membership",)


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin[Match]):
    list_display = ("mentor", "participant", "status", "started_at", "ended_at")
    list_filter = ("status",)
    raw_id_fields = ("mentor", "participant", "created_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ("email", "organization", "role", "created_at", "expires_at", "accepted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("email",)
    # The token hash is never useful to a person and never editable.
    exclude = ("token_hash",)
    raw_id_fields = ("invited_by", "accepted_membership", "program")
