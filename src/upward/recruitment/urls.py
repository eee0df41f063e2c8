from django.urls import path

from upward.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("cohorts/<uuid:cohort_id>/recruit/", views.cohort_recruit, name="recruit"),
    path("invitations/<uuid:participant_id>/", views.invitation, name="invitation"),
    path("invitations/<uuid:participant_id>/intake/", views.intake, name="intake"),
]
