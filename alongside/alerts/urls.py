from django.urls import path

from alongside.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:alert_id>/", views.alert_detail, name="detail"),
    path("<int:alert_id>/acknowledge/", views.alert_acknowledge_view, name="acknowledge"),
    path("<int:alert_id>/resolve/", views.alert_resolve_view, name="resolve"),
    path("<int:alert_id>/notes/", views.alert_note_view, name="note"),
    path("escalation/", views.escalation_overview, name="escalation"),
    path("escalation/<int:program_id>/playbook/", views.playbook_edit, name="playbook"),
    path("escalation/<int:program_id>/rota/", views.rota, name="rota"),
    path("escalation/<int:program_id>/rota/<int:shift_id>/remove/", views.rota_shift_remove, name="rota_remove"),
    path("crisis/", views.crisis_alert, name="crisis_alert"),
    path("crisis/sent/", views.crisis_alerted, name="crisis_alerted"),
    path("crisis/mistake/", views.crisis_mistake, name="crisis_mistake"),
]
