from django.urls import path

from upward.matching import views

app_name = "matching"
urlpatterns = [
    path("cohorts/<uuid:cohort_id>/matching/", views.cohort_rounds, name="cohort"),
    path("cohorts/<uuid:cohort_id>/reshuffle/", views.reshuffle_start, name="reshuffle"),
    path("matching/<uuid:round_id>/", views.round_detail, name="round"),
    path("matching/<uuid:round_id>/run/", views.round_run, name="run"),
    path("matching/<uuid:round_id>/resolve/", views.round_resolve, name="resolve"),
    path("matching/<uuid:round_id>/publish/", views.round_publish, name="publish"),
    path("matching/<uuid:round_id>/swap/", views.proposals_swap, name="swap"),
    path(
        "matching/<uuid:round_id>/pairs/<uuid:proposal_id>/lock/", views.proposal_lock, name="lock"
    ),
    path(
        "matching/<uuid:round_id>/pairs/<uuid:proposal_id>/exclude/",
        views.proposal_exclude,
        name="exclude",
    ),
    path("matching/<uuid:round_id>/shortlist/", views.shortlist, name="shortlist"),
    path("matching/<uuid:round_id>/requests/", views.requests, name="requests"),
]
