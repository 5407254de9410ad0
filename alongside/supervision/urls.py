from django.urls import path

from alongside.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("hours/", views.hours, name="hours"),
    path("wellbeing/", views.wellbeing, name="wellbeing"),
    path("mentors/<int:mentor_id>/", views.mentor_wellbeing, name="mentor_wellbeing"),
    path("mentors/<int:mentor_id>/caseload-cap/", views.caseload_cap, name="caseload_cap"),
    path("mentors/<int:mentor_id>/wellbeing-interval/", views.wellbeing_interval, name="wellbeing_interval"),
    path("concerns/", views.concern_list, name="concern_list"),
    path("concerns/new/", views.concern_new, name="concern_new"),
    path("concerns/<int:concern_id>/", views.concern_detail, name="concern_detail"),
]
