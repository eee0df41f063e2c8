from django.urls import path

from upward.surveys import views

app_name = "surveys"
urlpatterns = [
    path("surveys/", views.mine, name="mine"),
    path("surveys/instruments/", views.instruments, name="instruments"),
    path("surveys/<uuid:invitation_id>/", views.answer, name="answer"),
    path("surveys/<uuid:invitation_id>/draft/", views.draft, name="draft"),
    path("cohorts/<uuid:cohort_id>/surveys/", views.cohort_plan, name="cohort"),
    path("waves/<uuid:wave_id>/", views.wave_results, name="wave"),
    path("waves/<uuid:wave_id>/act/", views.wave_act, name="wave_act"),
]
