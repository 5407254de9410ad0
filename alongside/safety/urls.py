from django.urls import path

from alongside.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("edit/", views.plan_edit, name="edit"),
    path("share/", views.plan_share, name="share"),
    path("participant/<int:membership_id>/", views.participant_plan, name="participant_plan"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/delete/", views.contact_delete, name="contact_delete"),
]
