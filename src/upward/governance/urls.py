from django.urls import path

from upward.governance import design_views, lifecycle_views, views

app_name = "governance"
urlpatterns = [
    path("programs/new/", design_views.program_create, name="program_create"),
    path("readiness/", views.readiness, name="readiness"),
    path("inversion/", views.inversion, name="inversion"),
    path("readiness/<uuid:check_id>/", views.readiness_detail, name="readiness_detail"),
    path("programs/<uuid:program_id>/charter/", views.charter, name="charter"),
    path("programs/<uuid:program_id>/charter/sign/", views.charter_sign, name="charter_sign"),
    path("programs/<uuid:program_id>/governance/", views.governance, name="governance"),
    path("checkpoints/<uuid:checkpoint_id>/", views.checkpoint_record, name="checkpoint"),
    path(
        "programs/<uuid:program_id>/launch/", lifecycle_views.program_launch, name="program_launch"
    ),
    path("programs/<uuid:program_id>/close/", lifecycle_views.program_close, name="program_close"),
    path("cohorts/<uuid:cohort_id>/move/", lifecycle_views.cohort_move, name="cohort_move"),
]
