from django.urls import path

from upward.people import views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/end-sessions/", views.end_person_sessions, name="end_sessions"),
    path("<uuid:person_id>/sign-in-link/", views.send_sign_in_link, name="sign_in_link"),
    path("import/", views.import_start, name="import"),
    path("import/<uuid:job_id>/", views.import_job, name="import_job"),
    path("import/<uuid:job_id>/apply/", views.import_apply, name="import_apply"),
    path("import/<uuid:job_id>/refused.csv", views.import_refused, name="import_refused"),
]
