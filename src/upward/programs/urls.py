from django.urls import path

from upward.programs import views

app_name = "programs"
urlpatterns = [
    path("programs/", views.program_list, name="list"),
    path("programs/<uuid:program_id>/", views.program_detail, name="detail"),
    path("cohorts/<uuid:cohort_id>/", views.cohort_detail, name="cohort"),
    path("pairs/<uuid:pair_id>/", views.pair_detail, name="pair"),
]
