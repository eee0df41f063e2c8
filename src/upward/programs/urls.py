from django.urls import path

from upward.programs import views

app_name = "programs"
urlpatterns = [
    # Seen by whoever shares a program with the person (programs/photos.py).
    path("photos/<uuid:user_id>.jpg", views.photo, name="photo"),
    path("programs/", views.program_list, name="list"),
    path("programs/<uuid:program_id>/", views.program_detail, name="detail"),
    path("programs/<uuid:program_id>/edit/", views.program_edit, name="edit"),
    path("programs/<uuid:program_id>/cohorts/new/", views.cohort_create, name="cohort_create"),
]
