from django.urls import path

from alongside.organizations import views

app_name = "organizations"
urlpatterns = [
    path("participants/", views.participants, name="participants"),
    path("participants/<int:membership_id>/", views.participant_detail, name="participant_detail"),
    path("participants/<int:membership_id>/emergency/", views.break_glass, name="break_glass"),
    path("participants/<int:membership_id>/reassign/", views.reassign, name="reassign"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("people/<int:membership_id>/deactivate/", views.deactivate, name="deactivate"),
    path("people/<int:membership_id>/supervisor/", views.supervisor_assign, name="supervisor_assign"),
    path("programs/", views.programs, name="programs"),
    path(
        "programs/<int:program_id>/contact-expectation/",
        views.program_contact_expectation,
        name="program_contact_expectation",
    ),
    path("matches/", views.matches, name="matches"),
    path("matches/<int:match_id>/end/", views.match_end, name="match_end"),
    path("audit/", views.audit, name="audit"),
    path("my-phone/", views.phone_sharing, name="phone_sharing"),
]
