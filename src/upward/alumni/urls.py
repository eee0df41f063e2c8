from django.urls import path

from upward.alumni import views

app_name = "alumni"
urlpatterns = [
    path("programs/<uuid:program_id>/alumni/", views.program_alumni, name="program"),
    path("programs/<uuid:program_id>/alumni/listed/", views.listed, name="listed"),
    path("alumni/<uuid:alumnus_id>/invite-back/", views.invite_back, name="invite_back"),
    path("me/alumni/", views.mine, name="mine"),
    path("me/alumni/<uuid:alumnus_id>/", views.choices, name="choices"),
    path("programs/<uuid:program_id>/guides/", views.guides, name="guides"),
    path("guides/<uuid:appointment_id>/", views.guide, name="guide"),
    path("guides/<uuid:appointment_id>/end/", views.guide_end, name="guide_end"),
    path(
        "guides/<uuid:appointment_id>/mentors/<uuid:mentor_id>/check-ins/",
        views.check_in,
        name="check_in",
    ),
]
