from django.urls import path

from upward.talent import views

app_name = "talent"
urlpatterns = [
    path("programs/<uuid:program_id>/outcomes/", views.outcomes, name="outcomes"),
    path(
        "programs/<uuid:program_id>/outcomes/people/<uuid:consent_id>/note/",
        views.note,
        name="note",
    ),
    path("programs/<uuid:program_id>/outcomes/decision/", views.decision, name="decision"),
    path(
        "programs/<uuid:program_id>/outcomes.csv", views.export, {"fmt": "csv"}, name="export_csv"
    ),
    path(
        "programs/<uuid:program_id>/outcomes.xlsx",
        views.export,
        {"fmt": "xlsx"},
        name="export_xlsx",
    ),
    path("pairs/<uuid:pair_id>/outcomes-consent/", views.consent, name="consent"),
]
